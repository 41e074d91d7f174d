// The Plan: everything the emitter needs to write the program, as plain serialisable data —
// tile counts, device tensors (where they live, how they are sharded, their packed contents for
// weights), per-program circular buffers, the split of output tiles over cores, kernel variants,
// and the L1/DST budget. `molegen inspect` prints it; the emitter renders it. No behaviour here.

import type { Arch, ExpertKind } from '../../dsl/config.ts';
import type { ModelShape, Numerics, Sharding } from '../ir/model-ir.ts';

export type TileFormat = 'Float16_b' | 'Float32' | 'Bfp8_b';

export const TILE_BYTES: Readonly<Record<TileFormat, number>> = { Float16_b: 2048, Float32: 4096, Bfp8_b: 1088 };

export interface TileCounts {
  /** St: tiles over the series rows of x and y (B·C rows, or C·Bp when channel-major). */
  seriesTiles: number;
  /** Lt: tiles over the L time steps. */
  inputTiles: number;
  /** Pt: tiles over the P horizon steps. */
  horizonTiles: number;
  /** Bt: tiles over the batch (rows of the router). */
  batchTiles: number;
  /** Ft: tiles over the F router features plus the bias column. */
  featureTiles: number;
  /** Ht: tiles over the H hidden units plus the constant-1 unit. */
  hiddenTiles: number;
  /** Zt: tiles over the K·C router logits. */
  logitTiles: number;
  /** Ct: tiles over the channels (RevIN parameters). */
  channelTiles: number;
  /** Dt: tiles over RMLP's time-MLP width (0 for other kinds). */
  mlpTiles: number;
  /** Router layer-2 weight tiles fetched per read batch. */
  routerWeightBlock: number;
  /** Tile rows of one expert weight set: K·Lt expert rows plus the mixture rows. */
  weightSetRows: number;
  /** Tile rows after a weight set's expert rows that only the mixture reads: the bias row, and with RevIN folded (RLinear) the column-sum row. */
  mixtureRows: number;
  /** Number of weight sets (1, or C for per-channel experts). */
  weightSets: number;
}

/** How series rows are ordered in x and y. */
export type SeriesLayout =
  /** row = b·C + c */
  | { kind: 'sample-major' }
  /** row = c·rowsPerChannel + b, each channel padded to whole tiles (per-channel weights) */
  | { kind: 'channel-major'; rowsPerChannel: number };

export type TensorRole = 'input' | 'weight' | 'intermediate' | 'output';

export interface CoreXY {
  x: number;
  y: number;
}

export type Placement =
  | { memory: 'dram' }
  /** L1 interleaved: tile pages round-robin over the L1 banks of every worker core (small constant tensors). */
  | { memory: 'l1'; layout: 'interleaved' }
  | {
      memory: 'l1';
      layout: 'height' | 'width' | 'block';
      /** Cores holding the shards, in shard order (row-major). */
      cores: CoreXY[];
      /** Shard shape in tiles [rows, cols]. */
      shardTiles: [number, number];
    };

/** An L1 placement split into shards over named cores (height, width or block). */
export type ShardedPlacement = Extract<Placement, { cores: CoreXY[] }>;

export const isSharded = (p: Placement | undefined): p is ShardedPlacement => p?.memory === 'l1' && p.layout !== 'interleaved';

/** An L1 placement whose pages go round-robin over every worker core's bank. */
export const isL1Interleaved = (p: Placement | undefined): boolean => p?.memory === 'l1' && p.layout === 'interleaved';

/** A 2-D tensor of tile pages; rows/cols are padded to multiples of 32. */
export interface DeviceTensor {
  name: string;
  role: TensorRole;
  rows: number;
  cols: number;
  format: TileFormat;
  /** What the rows and columns mean, for humans. */
  layout: string;
  placement: Placement;
  /** Copies of `values` stacked along the rows on upload (resident weights replicated per core). */
  replicas: number;
  /** Row-major padded contents of one copy (weights only). */
  values?: Float64Array;
  /**
   * The gates in the experts cores' L1 when several cores own tiles of a row: one copy of a row's gate tiles per
   * column block, each core's shard holding its rows. Series-tile row r, copy q sits at tile row
   * (⌊r / rowsPerShard⌋·count + q)·rowsPerShard + r mod rowsPerShard; without it (count 1) at row r.
   */
  copies?: { count: number; rowsPerShard: number };
}

/** Which of the program's data formats a circular buffer holds. */
export type FormatRole = 'activation' | 'weight' | 'router';

export interface CircularBufferPlan {
  index: number;
  name: string;
  role: FormatRole;
  pages: number;
  format: TileFormat;
  pageBytes: number;
  /** L1 bytes this CB allocates; 0 when it lives on a tensor's shard. */
  bytes: number;
  /** Placed on this tensor's L1 shard (set_globally_allocated_address) instead of its own memory. */
  onTensor?: string;
  why: string;
}

/** One core's output tiles: rows [rows[0], rows[1]) × columns [cols[0], cols[1]). */
export interface CoreWork {
  x: number;
  y: number;
  rows: [number, number];
  cols: [number, number];
  /**
   * Experts only, when the partial forecasts of an output tile are split over a group of cores: this core's experts
   * [begin, end). The core with begin 0 owns the tiles (mixture and output); the others (helpers, after every owner
   * in `work`, same rows and cols) send it their partial forecasts. Absent: all K experts, no helpers.
   */
  experts?: [number, number];
}

export interface ProgramPlan {
  name: 'router' | 'experts';
  /** What one work unit (output tile) is. */
  unit: string;
  /** Output tile grid [rows, cols]. */
  tileGrid: [number, number];
  work: CoreWork[];
  /** Router only: each core's first-phase share of the [batch × K·C] logit tiles, [begin, end) in row-major order (parallel to work). */
  logitTiles?: Array<[number, number]>;
  /**
   * Router only: each core's [index, members] in the group of cores that compute its batch row's hidden tiles
   * together, each its own part, written into every member's L1 (parallel to work; [0, 1]: the core computes
   * them alone). Members of a group are consecutive router cores.
   */
  hiddenShare?: Array<[number, number]>;
  /** Router only: each core's series-tile rows whose RevIN statistics it computes, [begin, end) (parallel to work; empty without RevIN). */
  statsRows?: Array<[number, number]>;
  circularBuffers: CircularBufferPlan[];
  /** Kernel variants: preprocessor defines per kernel role. */
  defines: { reader: string[]; compute: string[]; writer: string[] };
  /** L1 bytes per core: circular buffers plus the L1 shards of resident tensors. */
  l1BytesPerCore: number;
  dstTilesUsed: number;
  dstCapacity: number;
  fp32DestAcc: boolean;
}

export interface L1Budget {
  bytesPerCore: number;
  reservedBytes: number;
  usableBytes: number;
  /** Largest use over all programs and cores. */
  peakBytes: number;
}

export interface Plan {
  name: string;
  arch: Arch;
  kind: ExpertKind;
  individual: boolean;
  routerInput: 'time' | 'stats';
  /** Cores the experts' work is split over. */
  grid: [number, number];
  /** Cores the forward may use (the router takes those the experts leave free). */
  deviceGrid: [number, number];
  sharding: Sharding;
  shape: ModelShape;
  numerics: Numerics;
  tiles: TileCounts;
  seriesLayout: SeriesLayout;
  logitLayout: { channelStride: number; expertStride: number };
  tensors: DeviceTensor[];
  programs: ProgramPlan[];
  /**
   * How a forward is dispatched: 'one program' runs the router kernels on their own cores beside the
   * experts kernels in a single program (the experts readers wait on a semaphore the router writers
   * bump once the gates are in DRAM); 'two programs' enqueues them back to back.
   */
  dispatch: { kind: 'one program' | 'two programs'; why: string };
  /**
   * Where the router's logits come from: 'shared' computes each logit tile once over the router cores,
   * stores it in DRAM and hands off through router core 0 before the per-row gathers (a scalar copy on the
   * reader); 'per row' computes, on the compute engine, exactly the logits each series-tile row needs —
   * its series' hidden units from their features (the host lays the time features out per series), its logit
   * tiles, then a masked matmul that gathers them into the [series × expert] tile — with no DRAM round trip
   * and no hand-off.
   */
  routerLogits: { kind: 'shared' | 'per row'; why: string };
  l1: L1Budget;
  notes: string[];
}

export const tileCount = (w: CoreWork): number => (w.rows[1] - w.rows[0]) * (w.cols[1] - w.cols[0]);
