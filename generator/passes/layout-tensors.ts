// Pass: lay the model out as padded 2-D tensors of 32×32 tiles (contents and meaning; where they
// live is decided by place-tensors.ts).
//  - x [St·32, Lt·32]: one series per row (sample-major b·C + c, or channel-major c·Bp + b when
//    every channel has its own experts), time along the columns.
//  - expert weights: per weight set, W_kᵀ (row l, column p) for k = 0..K−1, then one bias tile row
//    whose row k holds b_k — the gate matrix (series × experts) times it adds Σ_k g_k·b_k — and, with
//    RevIN folded into the mixture (RLinear), one column-sum tile row whose row k holds S_k[p] = Σ_l W_k[p, l]
//    of the weights as stored: x_n·W_kᵀ = (γ/σ)·(x·W_kᵀ) + (β − γ/σ·mean)·S_k, so the partial forecasts need
//    only the raw inputs.
//  - router weights in fp32 with the biases folded in: the features carry a constant-1 column and
//    layer 1 keeps one extra hidden unit that is always 1 after ReLU, which carries layer 2's bias.
//  - the router's time features (fp32): one row per sample (shared logits), or with per-row logits one row per
//    series holding its sample's features, so each series-tile row's hidden units are one matmul away;
//  - router constants (fp32): ones, the descending expert ramp, the valid-expert mask, the time mask of
//    the last input tile and 1/L; K selector tiles and the identity (activation format) that make the diagonal gate tiles;
//    with per-row logits the gather masks and selections;
//  - RevIN parameters per series row (fp32): γ of the row's channel repeated along the row, then β;
//  - the router logits [batch × K·C] (fp32), written by the router's first phase and gathered by its second;
//  - per series-tile row outputs of the router program: K diagonal gate tiles + the gate matrix, and with
//    RevIN the four statistics tiles (mean, γ/σ, β, σ/(γ+1e-10));
//  - RMLP's time-MLP: T0ᵀ, T2ᵀ and their biases repeated
//    down all 32 rows of a tile (added element-wise after the matmuls).
// Pure function of the IR (needs per-expert-linear weights); values stay fp64 — rounding to the
// device format happens when weights.bin is written.

import type { ModelIR } from '../ir/model-ir.ts';
import type { DeviceTensor, SeriesLayout, TileCounts, TileFormat } from '../plan/plan.ts';
import { revinInverseAffine } from '../../reference/device.ts';
import { roundWeightMatrix } from '../../reference/numerics.ts';
import { deviceLogitLayout, logitColumnAt, logitTilesOfRow, seriesAt, type RowShapes } from './router-rows.ts';

const TILE = 32;
const tilesFor = (n: number): number => Math.ceil(n / TILE);
const DRAM = { memory: 'dram' } as const;

/**
 * The row layout of the [series × time] matrices: channel-major (row c·Bp + b, each channel padded to whole tiles) for
 * per-channel experts, whose tile rows must each belong to one channel, and whenever the batch fills whole tiles, where it
 * costs no padding and gives every series-tile row one channel's 32 samples — whose K logits lie in a single logit tile,
 * so a router core can form the gates of the rows its own logit tiles cover (GATES_PIPELINED); sample-major (row b·C + c)
 * otherwise, which pads only the last tile.
 */
export function seriesLayout(ir: Pick<ModelIR, 'individual'> & { shape: Pick<ModelIR['shape'], 'batch'> }): SeriesLayout {
  return ir.individual || ir.shape.batch % TILE === 0 ? { kind: 'channel-major', rowsPerChannel: tilesFor(ir.shape.batch) * TILE } : { kind: 'sample-major' };
}

/** Blocks must divide the row so every block of a double-buffered CB lands whole (pushes never wrap). */
function largestDivisorUpTo(n: number, limit: number): number {
  for (let d = Math.min(n, limit); d > 1; d--) if (n % d === 0) return d;
  return 1;
}

/**
 * Layer-2 weight tiles per read block when a router core forms gates between its logit tiles (GATES_PIPELINED): up to
 * 40 (160 KiB of fp32; the buffer holds three blocks), so the reader keeps the DRAM busy through a tile's gates.
 */
export const pipelinedWeightBlock = (hiddenTiles: number): number => largestDivisorUpTo(hiddenTiles, 40);

/**
 * Whether RevIN is folded into the experts' mixture (RLinear: RevIN, no time-MLP): the partial forecasts are
 * formed from the raw inputs, so they do not wait for the statistics, and the mixture applies γ/σ and adds
 * (β − γ/σ·mean)·Σ_k g_k·S_k with the column sums S_k of the weights. RMLP's time-MLP needs normalised inputs.
 */
export function foldsRevin(ir: Pick<ModelIR, 'revin' | 'mlp'>): boolean {
  return ir.revin !== undefined && !ir.mlp;
}

export function tileCounts(ir: ModelIR): TileCounts {
  const { batch, seqLen, predLen, channels, experts, features, hidden, mlpWidth } = ir.shape;
  const hiddenTiles = tilesFor(hidden + 1);
  const inputTiles = tilesFor(seqLen);
  const layout = seriesLayout(ir);
  const mixtureRows = foldsRevin(ir) ? 2 : 1;
  return {
    seriesTiles: layout.kind === 'channel-major' ? (channels * layout.rowsPerChannel) / TILE : tilesFor(batch * channels),
    inputTiles,
    horizonTiles: tilesFor(predLen),
    batchTiles: tilesFor(batch),
    featureTiles: tilesFor(features + 1),
    hiddenTiles,
    logitTiles: tilesFor(experts * channels),
    channelTiles: tilesFor(channels),
    mlpTiles: tilesFor(mlpWidth),
    routerWeightBlock: largestDivisorUpTo(hiddenTiles, 8),
    weightSetRows: experts * inputTiles + mixtureRows,
    mixtureRows,
    weightSets: ir.individual ? channels : 1,
  };
}

export function activationFormat(ir: ModelIR): TileFormat {
  return ir.numerics.activation === 'fp32' ? 'Float32' : 'Float16_b';
}

export function weightFormat(ir: ModelIR): TileFormat {
  return ir.numerics.weight === 'fp32' ? 'Float32' : ir.numerics.weight === 'bfp8_b' ? 'Bfp8_b' : 'Float16_b';
}

function expertWeights(ir: ModelIR, t: TileCounts): Float64Array {
  if (ir.experts.stage !== 'per-expert-linear') throw new Error('layoutTensors needs per-expert linear weights');
  const { seqLen: L, predLen: P, experts: K } = ir.shape;
  const cols = t.horizonTiles * TILE;
  const setRows = t.weightSetRows * TILE;
  const values = new Float64Array(t.weightSets * setRows * cols);
  ir.experts.sets.forEach((set, s) => {
    const base = s * setRows * cols;
    set.forEach((expert, k) => {
      const expertBase = base + k * t.inputTiles * TILE * cols;
      for (let p = 0; p < P; p++) {
        for (let l = 0; l < L; l++) values[expertBase + l * cols + p] = expert.weight.data[p * L + l]!;
      }
      const biasRow = base + (K * t.inputTiles * TILE + k) * cols;
      for (let p = 0; p < P; p++) values[biasRow + p] = expert.bias[p]!;
    });
    if (foldsRevin(ir)) {
      // S_k[p] = Σ_l W_k[p, l] in fp64 over the weights as weights.bin stores them (l in order), so the folded
      // mixture adds exactly what the matmuls of normalised inputs would have summed
      const expertRows = K * t.inputTiles * TILE;
      const stored = roundWeightMatrix(Float64Array.from(values.subarray(base, base + expertRows * cols), Math.fround), expertRows, cols, ir.numerics.weight);
      for (let k = 0; k < K; k++) {
        const sumRow = base + (expertRows + TILE + k) * cols;
        for (let p = 0; p < P; p++) {
          let sum = 0;
          for (let l = 0; l < L; l++) sum += stored[(k * t.inputTiles * TILE + l) * cols + p]!;
          values[sumRow + p] = sum;
        }
      }
    }
  });
  return values;
}

function routerLayer1(ir: ModelIR, t: TileCounts): Float64Array {
  const { features: F, hidden: H } = ir.shape;
  const cols = t.hiddenTiles * TILE;
  const values = new Float64Array(t.featureTiles * TILE * cols);
  for (let h = 0; h < H; h++) {
    for (let f = 0; f < F; f++) values[f * cols + h] = ir.router.w0.data[h * F + f]!;
    values[F * cols + h] = ir.router.b0[h]!;
  }
  values[F * cols + H] = 1; // the always-one hidden unit: relu(1·1) = 1
  return values;
}

function routerLayer2(ir: ModelIR, t: TileCounts): Float64Array {
  const { hidden: H, experts: K, channels: C } = ir.shape;
  const cols = t.logitTiles * TILE;
  const device = deviceLogitLayout(K);
  const values = new Float64Array(t.hiddenTiles * TILE * cols);
  for (let c = 0; c < C; c++) {
    for (let k = 0; k < K; k++) {
      // checkpoint output o, device column d (deviceLogitLayout)
      const o = c * ir.router.channelStride + k * ir.router.expertStride;
      const d = c * device.channelStride + k * device.expertStride;
      for (let h = 0; h < H; h++) values[h * cols + d] = ir.router.w2.data[o * H + h]!;
      values[H * cols + d] = ir.router.b2[o]!;
    }
  }
  return values;
}

/** [rows × cols] matrix mᵀ of an [cols × rows] nn.Linear weight, padded to tiles. */
function transposedPadded(weight: Float64Array, out: number, inFeatures: number): Float64Array {
  const cols = tilesFor(out) * TILE;
  const values = new Float64Array(tilesFor(inFeatures) * TILE * cols);
  for (let o = 0; o < out; o++) for (let i = 0; i < inFeatures; i++) values[i * cols + o] = weight[o * inFeatures + i]!;
  return values;
}

/** A bias vector repeated down the 32 rows of its tiles. */
function rowRepeated(bias: Float64Array): Float64Array {
  const cols = tilesFor(bias.length) * TILE;
  const values = new Float64Array(TILE * cols);
  for (let r = 0; r < TILE; r++) values.set(bias, r * cols);
  return values;
}

/** Tiles of the router_consts tensor (the order of templates/kernels/common/router_cbs.hpp), the last one the gather template. */
export const ROUTER_CONST_TILES = 6;

/** Tiles of revin_rows per series-tile row: γ, β and 1/(γ + 1e-10). */
export const REVIN_ROW_TILES = 3;
const ROUTER_CONSTS_TENSOR_TILES = ROUTER_CONST_TILES;

function routerConstants(K: number, L: number, t: TileCounts): Float64Array {
  const cols = ROUTER_CONSTS_TENSOR_TILES * TILE;
  const values = new Float64Array(TILE * cols);
  const lastTileSteps = L - (t.inputTiles - 1) * TILE;
  const inverseLength = Math.fround(1 / L);
  for (let r = 0; r < TILE; r++) {
    for (let c = 0; c < TILE; c++) {
      values[r * cols + c] = 1;
      // the gates work on the transposed logits, one row per expert
      values[r * cols + TILE + c] = r < K ? TILE - r : 0;
      values[r * cols + 2 * TILE + c] = r < K ? 1 : 0;
      values[r * cols + 3 * TILE + c] = c < lastTileSteps ? 1 : 0;
      values[r * cols + 4 * TILE + c] = inverseLength;
      values[r * cols + 5 * TILE + c] = c < K ? 0 : -1e30;
    }
  }
  return values;
}

/** K selector tiles (column k all ones: S_k·Gᵀ repeats gate column k down each column), then the identity tile. */
function selectors(K: number): Float64Array {
  const cols = (K + 1) * TILE;
  const values = new Float64Array(TILE * cols);
  for (let k = 0; k < K; k++) for (let r = 0; r < TILE; r++) values[r * cols + k * TILE + k] = 1;
  for (let r = 0; r < TILE; r++) values[r * cols + K * TILE + r] = 1;
  return values;
}

/** What router-rows.ts needs to know of a model: its shape, how the device lays out its series and its logits. */
export const rowShapesOf = (ir: ModelIR): RowShapes => ({ shape: ir.shape, seriesLayout: seriesLayout(ir), logitLayout: deviceLogitLayout(ir.shape.experts) });

/**
 * The constants of per-row router logits (plan.routerLogits 'per row'), fp32 0/1 tiles:
 *  - gather masks, one tile per (row, logit tile it needs), in row order: M[i, j] = 1 when logit column
 *    32·tile + j belongs to series i's channel;
 *  - gather selects, one tile per logit tile: S[j, k] = 1 when logit column 32·tile + j is expert k's.
 * Each entry of (T ⊙ M)·S then has exactly one non-zero term: the gather is exact.
 */

/** Tiles of the gather-masks tensor: one per (series-tile row, logit tile it needs). */
function perRowMaskTiles(ir: ModelIR, t: TileCounts): number {
  const rows = rowShapesOf(ir);
  let tiles = 0;
  for (let row = 0; row < t.seriesTiles; row++) tiles += logitTilesOfRow(rows, row).length;
  return tiles;
}

function perRowLogitConstants(ir: ModelIR, t: TileCounts): { masks: Float64Array; maskTiles: number; selects: Float64Array } {
  const rows = rowShapesOf(ir);
  const needed = Array.from({ length: t.seriesTiles }, (_, row) => logitTilesOfRow(rows, row));
  const maskTiles = needed.reduce((n, list) => n + list.length, 0);
  const maskCols = maskTiles * TILE;
  const masks = new Float64Array(TILE * maskCols);
  let slot = 0;
  for (let row = 0; row < t.seriesTiles; row++) {
    for (let i = 0; i < TILE; i++) {
      const series = seriesAt(rows, row * TILE + i);
      if (!series) continue;
      needed[row]!.forEach((tile, n) => {
        for (let j = 0; j < TILE; j++) {
          if (logitColumnAt(rows, tile * TILE + j)?.[0] === series[1]) masks[i * maskCols + (slot + n) * TILE + j] = 1;
        }
      });
    }
    slot += needed[row]!.length;
  }
  const selectCols = t.logitTiles * TILE;
  const selects = new Float64Array(TILE * selectCols);
  for (let tile = 0; tile < t.logitTiles; tile++) {
    for (let j = 0; j < TILE; j++) {
      const at = logitColumnAt(rows, tile * TILE + j);
      if (at) selects[j * selectCols + tile * TILE + at[1]] = 1;
    }
  }
  return { masks, maskTiles, selects };
}

/**
 * γ, β and 1/(γ + 1e-10) (RevIN's denormalisation divisor, inverted on the host: one SFPU reciprocal fewer per
 * row) of each series row's channel, repeated along the row; padding rows get γ = 1, β = 0.
 */
function revinRows(ir: ModelIR, t: TileCounts): Float64Array {
  const rows = { shape: ir.shape, seriesLayout: seriesLayout(ir) };
  const cols = REVIN_ROW_TILES * TILE;
  const values = new Float64Array(t.seriesTiles * TILE * cols);
  for (let row = 0; row < t.seriesTiles * TILE; row++) {
    const series = seriesAt(rows, row);
    const gamma = series ? ir.revin!.gamma[series[1]]! : 1;
    const beta = series ? ir.revin!.beta[series[1]]! : 0;
    for (let i = 0; i < TILE; i++) {
      values[row * cols + i] = gamma;
      values[row * cols + TILE + i] = beta;
      values[row * cols + 2 * TILE + i] = revinInverseAffine(gamma);
    }
  }
  return values;
}

/** `withValues: false` lays out shapes and meanings only (for planning many candidates cheaply). */
export function layoutTensors(ir: ModelIR, t: TileCounts, withValues = true, routerLogits: 'shared' | 'per row' = 'shared'): DeviceTensor[] {
  const act = activationFormat(ir);
  const wf = weightFormat(ir);
  const { experts: K, seqLen: L, mlpWidth: D } = ir.shape;
  const seriesMeaning = ir.individual ? 'series c·Bp+b' : 'series b·C+c';
  const tensor = ({ values, ...t }: Omit<DeviceTensor, 'placement' | 'replicas'>): DeviceTensor =>
    withValues && values ? { ...t, values, placement: DRAM, replicas: 1 } : { ...t, placement: DRAM, replicas: 1 };
  const tensors: DeviceTensor[] = [
    tensor({ name: 'x', role: 'input', rows: t.seriesTiles * TILE, cols: t.inputTiles * TILE, format: act, layout: `${seriesMeaning} × time` }),
  ];
  if (ir.router.input === 'time' && routerLogits === 'per row') {
    tensors.push(tensor({ name: 'series_features', role: 'input', rows: t.seriesTiles * TILE, cols: t.featureTiles * TILE, format: 'Float32', layout: `${seriesMeaning} × (time features of its sample's step 0, 1)` }));
  } else if (ir.router.input === 'time') {
    tensors.push(tensor({ name: 'features', role: 'input', rows: t.batchTiles * TILE, cols: t.featureTiles * TILE, format: 'Float32', layout: 'sample × (time features of step 0, 1)' }));
  }
  const logitMeaning = 'logits c·K+k';
  tensors.push(
    tensor({ name: 'router_w0', role: 'weight', rows: t.featureTiles * TILE, cols: t.hiddenTiles * TILE, format: 'Float32', layout: '(features, bias) × (hidden, always-one unit)', values: withValues ? routerLayer1(ir, t) : undefined }),
    tensor({ name: 'router_w2', role: 'weight', rows: t.hiddenTiles * TILE, cols: t.logitTiles * TILE, format: 'Float32', layout: `(hidden, bias) × ${logitMeaning}`, values: withValues ? routerLayer2(ir, t) : undefined }),
    tensor({ name: 'logits', role: 'intermediate', rows: t.batchTiles * TILE, cols: t.logitTiles * TILE, format: 'Float32', layout: `sample × ${logitMeaning}` }),
    tensor({ name: 'router_consts', role: 'weight', rows: TILE, cols: ROUTER_CONSTS_TENSOR_TILES * TILE, format: 'Float32', layout: 'ones, expert ramp 32−k (by row), valid experts (by row), last-tile time mask, 1/L, gather template (0 | −1e30)', values: withValues ? routerConstants(K, L, t) : undefined }),
    tensor({ name: 'router_selectors', role: 'weight', rows: TILE, cols: (K + 1) * TILE, format: act, layout: 'selector k: column k all ones; then the identity', values: withValues ? selectors(K) : undefined }),
  );
  if (routerLogits === 'per row') {
    // Shapes only (candidate plans) need just the mask count; the constants are built with values.
    const perRow = withValues ? perRowLogitConstants(ir, t) : { masks: undefined, selects: undefined, maskTiles: perRowMaskTiles(ir, t) };
    tensors.push(
      tensor({ name: 'router_gather_masks', role: 'weight', rows: TILE, cols: perRow.maskTiles * TILE, format: 'Float32', layout: 'per (series-tile row, logit tile it needs): series × logit column (1 where the column is the series\' channel)', values: perRow.masks }),
      tensor({ name: 'router_gather_selects', role: 'weight', rows: TILE, cols: t.logitTiles * TILE, format: 'Float32', layout: 'per logit tile: logit column × expert (1 where the column is the expert\'s)', values: perRow.selects }),
    );
  }
  tensors.push(
    tensor({
      name: 'expert_weights',
      role: 'weight',
      rows: t.weightSets * t.weightSetRows * TILE,
      cols: t.horizonTiles * TILE,
      format: wf,
      layout: `${t.weightSets > 1 ? `${t.weightSets} channel sets × ` : ''}(${K} experts × time, bias row per expert) × horizon`,
      values: withValues ? expertWeights(ir, t) : undefined,
    }),
  );
  if (ir.revin) {
    tensors.push(tensor({ name: 'revin_rows', role: 'weight', rows: t.seriesTiles * TILE, cols: REVIN_ROW_TILES * TILE, format: 'Float32', layout: `${seriesMeaning} × (γ, β, 1/(γ + 1e-10)) of the series' channel, repeated along the row`, values: withValues ? revinRows(ir, t) : undefined }));
    tensors.push(tensor({ name: 'revin_stats', role: 'intermediate', rows: t.seriesTiles * TILE, cols: 4 * TILE, format: act, layout: `${seriesMeaning} × (mean, γ/σ, β, σ/(γ+1e-10)), repeated along the row` }));
  }
  if (ir.mlp) {
    tensors.push(
      tensor({ name: 'mlp_w0', role: 'weight', rows: t.inputTiles * TILE, cols: t.mlpTiles * TILE, format: wf, layout: 'time × hidden (T0ᵀ)', values: withValues ? transposedPadded(ir.mlp.w0.data, D, L) : undefined }),
      tensor({ name: 'mlp_b0', role: 'weight', rows: TILE, cols: t.mlpTiles * TILE, format: wf, layout: 't0 repeated down the rows', values: withValues ? rowRepeated(ir.mlp.b0) : undefined }),
      tensor({ name: 'mlp_w2', role: 'weight', rows: t.mlpTiles * TILE, cols: t.inputTiles * TILE, format: wf, layout: 'hidden × time (T2ᵀ)', values: withValues ? transposedPadded(ir.mlp.w2.data, L, D) : undefined }),
      tensor({ name: 'mlp_b2', role: 'weight', rows: TILE, cols: t.inputTiles * TILE, format: wf, layout: 't2 repeated down the rows', values: withValues ? rowRepeated(ir.mlp.b2) : undefined }),
    );
  }
  tensors.push(tensor({ name: 'gates', role: 'output', rows: t.seriesTiles * TILE, cols: (K + 1) * TILE, format: act, layout: `${seriesMeaning} × (K diagonal gate tiles diag(g_k), gate matrix series × expert)` }));
  tensors.push(tensor({ name: 'y', role: 'output', rows: t.seriesTiles * TILE, cols: t.horizonTiles * TILE, format: act, layout: `${seriesMeaning} × horizon` }));
  return tensors;
}
