// Which series a series-tile row holds and which router logit tiles its gates need — the TypeScript
// twin of SeriesLayout and LogitTiles in templates/kernels/common/series.hpp, for the passes that size
// buffers and the cost model that counts reads. Pure functions of the plan's shapes; no kernels here.

import type { SeriesLayout } from '../plan/plan.ts';

export interface RowShapes {
  shape: { batch: number; channels: number; experts: number };
  seriesLayout: SeriesLayout;
  logitLayout: { channelStride: number; expertStride: number };
}

/**
 * The order of the router's logit columns on the device: series-major, column c·K + k, whatever order the
 * checkpoint's layer 2 uses (MoLE_RLinear/RMLP's k·C + c is permuted when the weights are laid out). A series' K
 * logits then sit side by side — one NoC read moves them — and a row's channels need the fewest logit tiles.
 */
export function deviceLogitLayout(experts: number): RowShapes['logitLayout'] {
  return { channelStride: experts, expertStride: 1 };
}

/** The matrix row of x and y that holds series (b, c) — the inverse of seriesAt (SeriesLayout::row_of in series.hpp). */
export function rowOfSeries(plan: Pick<RowShapes, 'shape' | 'seriesLayout'>, b: number, c: number): number {
  const layout = plan.seriesLayout;
  return layout.kind === 'channel-major' ? c * layout.rowsPerChannel + b : b * plan.shape.channels + c;
}

/** The series (sample, channel) at matrix row `index` of x and y; undefined for padding rows. */
export function seriesAt(plan: Pick<RowShapes, 'shape' | 'seriesLayout'>, index: number): [number, number] | undefined {
  const { batch, channels } = plan.shape;
  const layout = plan.seriesLayout;
  const [b, c] = layout.kind === 'channel-major' ? [index % layout.rowsPerChannel, Math.floor(index / layout.rowsPerChannel)] : [Math.floor(index / channels), index % channels];
  return b < batch && c < channels ? [b, c] : undefined;
}

/** The batch-tile row (32 samples) a series-tile row lies in (templates/kernels/common/series.hpp). */
export function batchTileOf(plan: RowShapes, row: number): number {
  const layout = plan.seriesLayout;
  return layout.kind === 'channel-major' ? row % (layout.rowsPerChannel / 32) : Math.floor(row / plan.shape.channels);
}

/** The (channel, expert) of column `column` of the logits, or undefined for a padding column. */
export function logitColumnAt(plan: RowShapes, column: number): [number, number] | undefined {
  const { channelStride, expertStride } = plan.logitLayout;
  const { channels, experts } = plan.shape;
  if (column >= channels * experts) return undefined;
  return [Math.floor(column / channelStride) % channels, Math.floor(column / expertStride) % experts];
}

/** The first and last real series of a series-tile row, undefined for a row of padding only. */
function seriesBounds(plan: Pick<RowShapes, 'shape' | 'seriesLayout'>, row: number): { first: [number, number]; last: [number, number] } | undefined {
  let first: [number, number] | undefined;
  for (let r = 0; r < 32 && !first; r++) first = seriesAt(plan, row * 32 + r);
  if (!first) return undefined;
  let last: [number, number] | undefined;
  for (let r = 31; r >= 0 && !last; r--) last = seriesAt(plan, row * 32 + r);
  return { first, last: last! };
}

/** How many samples a series-tile row's series belong to (LogitTiles::first_sample/last_sample; 1 for padding). */
export function samplesOfRow(plan: RowShapes, row: number): number {
  const bounds = seriesBounds(plan, row);
  return bounds ? bounds.last[0] - bounds.first[0] + 1 : 1;
}

/**
 * The shared-logits gather reads only its samples' rows of each logit tile (two 64-byte face rows per sample)
 * when a row holds at most this many samples, else whole tiles (kSampleRowReadsUpTo in router_cbs.hpp).
 */
export const SAMPLE_ROW_READS_UP_TO = 3;

// logitTilesOfRow by shapes, then row: the planner and the cost model ask for every row of every candidate plan.
const logitTilesCache = new Map<string, Map<number, readonly number[]>>();

/** Logit tiles a series-tile row needs, as the kernels' LogitTiles computes them (series.hpp). */
export function logitTilesOfRow(plan: RowShapes, row: number): readonly number[] {
  const { batch, channels, experts } = plan.shape;
  const layout = plan.seriesLayout;
  const key = `${batch}|${channels}|${experts}|${layout.kind === 'channel-major' ? layout.rowsPerChannel : 's'}|${plan.logitLayout.channelStride}|${plan.logitLayout.expertStride}`;
  let rows = logitTilesCache.get(key);
  if (!rows) {
    if (logitTilesCache.size >= 64) logitTilesCache.clear();
    rows = new Map();
    logitTilesCache.set(key, rows);
  }
  let tiles = rows.get(row);
  if (!tiles) {
    tiles = computeLogitTilesOfRow(plan, row);
    rows.set(row, tiles);
  }
  return tiles;
}

function computeLogitTilesOfRow(plan: RowShapes, row: number): number[] {
  const bounds = seriesBounds(plan, row);
  if (!bounds) return [];
  const C = plan.shape.channels;
  const [bFirst, cFirst] = bounds.first;
  const [bLast, cLast] = bounds.last;
  const channelRanges: Array<[number, number]> =
    bFirst === bLast ? [[cFirst, cLast]] : bLast === bFirst + 1 && cLast < cFirst ? [[cFirst, C - 1], [0, cLast]] : [[0, C - 1]];
  const { channelStride, expertStride } = plan.logitLayout;
  const tiles = new Set<number>();
  for (const [lo, hi] of channelRanges) {
    for (let k = 0; k < plan.shape.experts; k++) {
      const first = Math.floor((lo * channelStride + k * expertStride) / 32);
      const last = Math.floor((hi * channelStride + k * expertStride) / 32);
      for (let t = first; t <= last; t++) tiles.add(t);
    }
  }
  return [...tiles].sort((a, b) => a - b);
}

/**
 * Whether the shared-logits gather moves each series' K logits with one NoC read straight into its row of the
 * gather tile (GATHER_BY_NOC in router_reader.cpp): they must lie side by side (expert stride 1) within one face row
 * (K divides 16), fill whole 16-byte NoC words (K ≥ 4), and every series' first logit must sit at an offset the
 * read's source allows — `readAlignment` bytes: 16 from another core's L1, 32 (Wormhole) or 64 (Blackhole) from
 * DRAM (tt-metal noc_parameters.h). The destination, column 0 of a face row, is always 64-byte aligned.
 */
export function gathersByNoc(plan: Pick<RowShapes, 'shape' | 'logitLayout'>, readAlignment: number): boolean {
  const { experts } = plan.shape;
  const { channelStride, expertStride } = plan.logitLayout;
  const bytes = 4; // fp32 logits
  return expertStride === 1 && (experts === 4 || experts === 8 || experts === 16) && (channelStride * bytes) % readAlignment === 0;
}

/** How many real (non-padding) series a series-tile row holds. */
export function seriesCountOfRow(plan: Pick<RowShapes, 'shape' | 'seriesLayout'>, row: number): number {
  let count = 0;
  for (let r = 0; r < 32; r++) if (seriesAt(plan, row * 32 + r)) count++;
  return count;
}

/**
 * GATES_PIPELINED: the series-tile rows whose logits logit tile `page` (of [batch tiles × `logitTiles`]) holds — the
 * rows of the channels whose K logits lie in its columns, for its 32 samples — in the order the router kernels form
 * them (TileChannels in series.hpp). Needs channel-major rows and K ∈ {4, 8, 16} (make-plan's pipelinedGatesRefusal).
 */
export function rowsOfLogitTile(plan: RowShapes, page: number, logitTiles: number): number[] {
  const perTile = 32 / plan.shape.experts;
  const batchTile = Math.floor(page / logitTiles);
  const first = (page % logitTiles) * perTile;
  const rows: number[] = [];
  for (let c = first; c < Math.min(plan.shape.channels, first + perTile); c++) rows.push(Math.floor(rowOfSeries(plan, batchTile * 32, c) / 32));
  return rows;
}
