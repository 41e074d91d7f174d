// Pass: size every circular buffer of both programs. Streams are double-buffered (two blocks, so
// the reader fills one while compute drains the other); buffers that must hold a whole row for
// reuse (the router's hidden tiles, the experts' partial forecasts) hold exactly that; buffers placed on a
// tensor's L1 shard (inputs with height sharding, outputs of any sharded plan, resident weights)
// span the shard and allocate nothing of their own. Pure function.

import { expertRange } from './expert-helpers.ts';
import type { ModelIR } from '../ir/model-ir.ts';
import type { CircularBufferPlan, DeviceTensor, FormatRole, TileCounts, TileFormat } from '../plan/plan.ts';
import { isSharded, TILE_BYTES } from '../plan/plan.ts';
import type { ResidentWeights } from './place-tensors.ts';
import { foldsRevin, REVIN_ROW_TILES, ROUTER_CONST_TILES } from './layout-tensors.ts';
import type { WorkSplit } from './split-work.ts';

function cb(index: number, name: string, pages: number, role: FormatRole, format: TileFormat, why: string, onTensor?: string): CircularBufferPlan {
  const pageBytes = TILE_BYTES[format];
  const plan: CircularBufferPlan = { index, name, role, pages, format, pageBytes, bytes: onTensor ? 0 : pages * pageBytes, why };
  if (onTensor) plan.onTensor = onTensor;
  return plan;
}

/** Tiles a per-row router core may read under one barrier into one buffer (ROW_READS_BATCHED): 64 KiB of fp32. */
const ROW_BATCH_TILES = 16;

/**
 * Whether a per-row router core reads a row's layer-1 columns under one barrier with its features, and all of its
 * logit tiles' masks, selections and layer-2 columns under one more (ROW_READS_BATCHED in router_reader.cpp), rather
 * than one barrier per layer-1 column and per logit tile: when both fit in buffers of ROW_BATCH_TILES tiles.
 */
export function batchesRowReads(t: TileCounts, gatherTiles: number, perRowLogits: boolean): boolean {
  return perRowLogits && t.hiddenTiles * t.featureTiles <= ROW_BATCH_TILES && gatherTiles * t.hiddenTiles <= ROW_BATCH_TILES;
}

/** The router program's buffers; indices match templates/kernels/common/router_cbs.hpp. */
/**
 * How the shared-logits router gathers a row's logits: by scalar copies from the logit tiles it reads, by one NoC read
 * per series straight into the row (GATHER_BY_NOC), or — pipelined (GATES_PIPELINED) — by the writer from the core's own
 * logit tiles, whose layer-2 weights then stream in blocks triple-buffered, a whole tile's column ahead.
 */
export type RouterGather = 'scalar' | 'by NoC' | 'pipelined';

export function routerCircularBuffers(ir: ModelIR, t: TileCounts, activation: TileFormat, gatherTiles: number, perRowLogits: boolean, gather: RouterGather = 'scalar'): CircularBufferPlan[] {
  const K = ir.shape.experts;
  const f32 = (index: number, name: string, pages: number, why: string) => cb(index, name, pages, 'router', 'Float32', why);
  const batched = batchesRowReads(t, gatherTiles, perRowLogits);
  const cbs = [
    f32(0, 'features', 2 * t.featureTiles, ir.router.input === 'stats' ? 'per-channel window statistics of a batch row, double-buffered' : perRowLogits ? 'the time features of a series-tile row\'s series, double-buffered' : 'one batch row of features, double-buffered'),
    batched
      ? f32(1, 'w0', Math.max(2 * t.featureTiles, t.hiddenTiles * t.featureTiles), 'the layer-1 weight columns of a row, read under one barrier')
      : f32(1, 'w0', 2 * t.featureTiles, 'layer-1 weight column, double-buffered'),
    batched
      ? f32(2, 'w2', Math.max(2 * t.routerWeightBlock, gatherTiles * t.hiddenTiles), 'the layer-2 weight columns of a row\'s logit tiles, read under one barrier')
      : gather === 'pipelined'
        ? f32(2, 'w2', 3 * t.routerWeightBlock, 'layer-2 weight blocks, triple-buffered: the next tile streams in while compute forms gates')
        : f32(2, 'w2', 2 * t.routerWeightBlock, 'layer-2 weight blocks, double-buffered'),
    f32(3, 'hidden', t.hiddenTiles, perRowLogits ? 'hidden units of each series of the row' : 'hidden row, reused for every logit tile of the batch row'),
  ];
  if (!perRowLogits) cbs.push(f32(4, 'logits', 2, gather === 'pipelined' ? 'logit tiles the writer gathers the gates rows from, double-buffered' : 'logit tiles on their way to the logits tensor, double-buffered'));
  if (ir.router.input === 'stats') cbs.push(cb(5, 'x_scratch', t.inputTiles, 'activation', activation, 'one input row while the statistics are computed'));
  cbs.push(
    f32(6, 'zrow', 2, 'gathered [series × expert] logits, double-buffered'),
    ...(perRowLogits
      ? [
          batched
            ? f32(29, 'gather_mask', Math.max(2, gatherTiles), 'series × logit column channel masks of a row\'s logit tiles')
            : f32(29, 'gather_mask', 2, 'series × logit column channel masks, double-buffered'),
          f32(30, 'masked', gatherTiles, 'the row\'s logit tiles, masked to each series\' channel'),
          f32(31, 'gather_select', gatherTiles, 'logit column × expert selections of the row\'s logit tiles'),
        ]
      : gather !== 'scalar'
        ? [] // the NoC gathers read each series' logits straight into its row of cb_zrow
        : [f32(26, 'logit_scratch', gatherTiles, 'the logit tiles one row\'s gather reads')]),
    f32(7, 'consts', ROUTER_CONST_TILES, 'constant tiles: ones, expert ramp, valid experts, time mask, 1/L, gather template'),
    cb(8, 'selectors', K + 1, 'activation', activation, 'a selector per expert and the identity (diagonal gate tiles; the variance\'s diagonal)'),
    f32(27, 'logits_t', 1, 'the row\'s logits transposed: [expert × series]'),
    f32(9, 'scratch', 2, 'a row of column results (maxima, 1/Σ)'),
    f32(10, 'max', 1, 'column maxima of the transposed logits'),
  );
  if (ir.shape.topK < K) {
    cbs.push(
      f32(11, 'first', 1, 'maxima weighted by the ramp (ties to the lower expert)'),
      f32(12, 'onehot', 1, 'the expert selected this round'),
      f32(13, 'mask', 1, 'experts kept so far'),
      f32(14, 'candidates', 2, 'logits with the selected experts pushed down'),
    );
  }
  cbs.push(
    f32(15, 'exp', 1, 'exp(z − max) · mask'),
    cb(16, 'gates', 2 * (K + 1), 'activation', activation, 'K diagonal gate tiles and the gate matrix per row, double-buffered'),
    cb(17, 'gate_matrix', 1, 'activation', activation, 'the transposed gate matrix in the activation format'),
  );
  if (ir.revin) {
    cbs.push(
      cb(18, 'x_row', 2 * t.inputTiles, 'activation', activation, 'a series row of inputs, double-buffered'),
      f32(19, 'revin_params', 2 * REVIN_ROW_TILES, 'γ, β and 1/(γ + 1e-10) tiles of the row, double-buffered'),
      f32(20, 'mean', 1, 'per-series mean'),
      f32(21, 'centred', t.inputTiles, 'x − mean of the row, tile by tile (its Gram matrix\'s diagonal is Σ (x − mean)²)'),
      f32(22, 'variance', 1, 'σ² = variance + 1e-5'),
      f32(23, 'scale', 1, 'γ/σ'),
      f32(24, 'descale', 1, 'σ/(γ + 1e-10)'),
      cb(25, 'revin', 8, 'activation', activation, 'the four RevIN tiles of the row, double-buffered'),
    );
  }
  return cbs;
}

export function expertsCircularBuffers(
  ir: ModelIR,
  t: TileCounts,
  formats: { activation: TileFormat; weight: TileFormat },
  split: WorkSplit,
  tensors: DeviceTensor[],
  resident: ResidentWeights | undefined,
  shared: boolean,
  groups = 1,
  partialsRows = 1,
  gatesResident = false,
): CircularBufferPlan[] {
  const { activation, weight } = formats;
  const K = ir.shape.experts;
  // With expert groups a core packs at most ⌈K/g⌉ experts' partial forecasts; an owner receives the rest.
  const ownExperts = expertRange(K, groups, 0)[1];
  const mostExperts = Math.ceil(K / groups);
  const inL1 = (name: string) => isSharded(tensors.find((x) => x.name === name)?.placement);
  const xOnShard = ir.sharding.strategy === 'height';
  const cbs: CircularBufferPlan[] = [
    xOnShard
      ? cb(0, 'x', split.rowsPerBlock * t.inputTiles, 'activation', activation, 'the core\'s input rows: its L1 shard of x', 'x')
      : cb(0, 'x', 2 * t.inputTiles, 'activation', activation, 'one series row of inputs, double-buffered'),
    gatesResident
      ? cb(1, 'gate', split.rowsPerBlock * (K + 1), 'activation', activation, 'the K diagonal gate tiles and the gate matrix of each of the core\'s rows: its L1 shard of gates', 'gates')
      : cb(1, 'gate', 2 * (K + 1), 'activation', activation, 'K diagonal gate tiles and the gate matrix per row, double-buffered'),
    resident
      ? cb(2, 'weights', resident.tiles, 'weight', weight, 'resident expert weights: the core\'s L1 shard', 'expert_weights')
      : shared
        ? cb(2, 'weights', t.weightSetRows * split.colsPerBlock, 'weight', weight, `the core's weight columns (K·Lt + ${t.mixtureRows === 2 ? 'bias and column-sum' : 'bias'} rows), filled once by its column group`)
        : cb(2, 'weights', 2 * t.inputTiles, 'weight', weight, 'one expert weight column, double-buffered'),
    cb(
      3,
      'partials',
      mostExperts * split.colsPerBlock * partialsRows,
      'activation',
      activation,
      groups > 1
        ? 'the partial forecasts of this core\'s experts for the row\'s output tiles'
        : `each expert's partial forecast of ${partialsRows > 1 ? `the core's ${partialsRows} rows of` : 'the row\'s'} output tiles, until the gates arrive`,
    ),
  ];
  if (groups > 1) cbs.push(cb(7, 'helper_partials', (K - ownExperts) * split.colsPerBlock, 'activation', activation, 'an owner\'s row of its helpers\' partial forecasts, written by them over the NoC'));
  const folded = foldsRevin(ir);
  if (!resident && !shared) {
    cbs.push(
      folded
        ? cb(5, 'bias', 2 * t.mixtureRows, 'weight', weight, 'bias and column-sum tiles per output tile, double-buffered')
        : cb(5, 'bias', 2, 'weight', weight, 'bias tile per output tile, double-buffered'),
    );
  }
  if (folded) {
    // RevIN folded into the mixture (owners only): the statistics arrive per row, at the mixture
    cbs.push(
      cb(6, 'revin', 8, 'activation', activation, 'mean, γ/σ, β, σ/(γ+1e-10) of the row, for its mixture, double-buffered'),
      cb(4, 'revin_shift', 1, 'activation', activation, 'β − γ/σ·mean of the row'),
      cb(14, 'gate_shift', 1, 'activation', activation, 'the row\'s gate matrix scaled by β − γ/σ·mean'),
    );
  } else if (ir.revin) {
    cbs.push(
      partialsRows > 1
        ? cb(6, 'revin', 4 * partialsRows, 'activation', activation, `mean, γ/σ, β, σ/(γ+1e-10) of each of the core's ${partialsRows} rows (normalisation, then the mixture)`)
        : cb(6, 'revin', 8, 'activation', activation, 'mean, γ/σ, β, σ/(γ+1e-10) of the row, double-buffered'),
      cb(8, 'normalized', t.inputTiles, 'activation', activation, 'RevIN-normalised row'),
    );
  }
  if (ir.mlp) {
    cbs.push(
      cb(9, 'mlp_w0', 2 * t.inputTiles, 'weight', weight, 'time-MLP layer-1 weight columns, double-buffered'),
      cb(13, 'mlp_w2', 2 * t.mlpTiles, 'weight', weight, 'time-MLP layer-2 weight columns, double-buffered'),
      cb(10, 'mlp_bias', 2, 'weight', weight, 'time-MLP bias tiles, double-buffered'),
      cb(11, 'mlp_hidden', t.mlpTiles, 'activation', activation, 'hidden row of the time-MLP'),
      cb(12, 'residual', t.inputTiles, 'activation', activation, 'x_n + MLP(x_n) of the row'),
    );
  }
  cbs.push(
    inL1('y')
      ? cb(16, 'out', split.rowsPerBlock * split.colsPerBlock, 'activation', activation, 'the core\'s L1 shard of y', 'y')
      : cb(16, 'out', 2 * split.colsPerBlock, 'activation', activation, 'a row of output tiles, double-buffered'),
  );
  return cbs;
}
