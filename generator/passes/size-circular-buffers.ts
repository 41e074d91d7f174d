// Pass: size every circular buffer of both programs. Streams are double-buffered (two blocks, so
// the reader fills one while compute drains the other); buffers that must hold a whole row for
// reuse (the router's hidden tiles, the gate-scaled inputs) hold exactly that; buffers placed on a
// tensor's L1 shard (inputs with height sharding, outputs of any sharded plan, resident weights)
// span the shard and allocate nothing of their own. Pure function.

import type { ModelIR } from '../ir/model-ir.ts';
import type { CircularBufferPlan, DeviceTensor, FormatRole, TileCounts, TileFormat } from '../plan/plan.ts';
import { TILE_BYTES } from '../plan/plan.ts';
import type { ResidentWeights } from './place-tensors.ts';
import type { WorkSplit } from './split-work.ts';

function cb(index: number, name: string, pages: number, role: FormatRole, format: TileFormat, why: string, onTensor?: string): CircularBufferPlan {
  const pageBytes = TILE_BYTES[format];
  const plan: CircularBufferPlan = { index, name, role, pages, format, pageBytes, bytes: onTensor ? 0 : pages * pageBytes, why };
  if (onTensor) plan.onTensor = onTensor;
  return plan;
}

export function routerCircularBuffers(ir: ModelIR, t: TileCounts, activation: TileFormat, split: WorkSplit): CircularBufferPlan[] {
  const cbs = [
    cb(0, 'features', 2 * t.featureTiles, 'router', 'Float32', ir.router.input === 'stats' ? 'per-channel window statistics of a batch row, double-buffered' : 'one batch row of features, double-buffered'),
    cb(1, 'w0', 2 * t.featureTiles, 'router', 'Float32', 'layer-1 weight column, double-buffered'),
    cb(2, 'w2', 2 * t.routerWeightBlock, 'router', 'Float32', 'layer-2 weight blocks, double-buffered'),
    cb(3, 'hidden', t.hiddenTiles, 'router', 'Float32', 'hidden row, reused for every logit column'),
  ];
  if (ir.router.input === 'stats') cbs.push(cb(5, 'x_scratch', t.inputTiles, 'activation', activation, 'one input row while the statistics are computed'));
  cbs.push(cb(16, 'logits', 2 * split.colsPerBlock, 'router', 'Float32', 'a row of output tiles, double-buffered'));
  return cbs;
}

export function expertsCircularBuffers(
  ir: ModelIR,
  t: TileCounts,
  formats: { activation: TileFormat; weight: TileFormat },
  split: WorkSplit,
  tensors: DeviceTensor[],
  resident: ResidentWeights | undefined,
): CircularBufferPlan[] {
  const { activation, weight } = formats;
  const K = ir.shape.experts;
  const inL1 = (name: string) => tensors.find((x) => x.name === name)?.placement.memory === 'l1';
  const xOnShard = ir.sharding.strategy === 'height';
  const cbs: CircularBufferPlan[] = [
    xOnShard
      ? cb(0, 'x', split.rowsPerBlock * t.inputTiles, 'activation', activation, 'the core\'s input rows: its L1 shard of x', 'x')
      : cb(0, 'x', 2 * t.inputTiles, 'activation', activation, 'one series row of inputs, double-buffered'),
    cb(1, 'gate', 2 * (K + 1), 'activation', activation, 'K gate column tiles and the gate matrix per row, double-buffered'),
    resident
      ? cb(2, 'weights', resident.tiles, 'weight', weight, 'resident expert weights: the core\'s L1 shard', 'expert_weights')
      : cb(2, 'weights', 2 * t.inputTiles, 'weight', weight, 'one expert weight column, double-buffered'),
    cb(3, 'scaled', K * t.inputTiles, 'activation', activation, 'gate-scaled inputs of the row, reused for every horizon tile'),
    cb(4, 'logit_scratch', 1, 'router', 'Float32', 'router logit tile cache of the reader'),
  ];
  if (!resident) cbs.push(cb(5, 'bias', 2, 'weight', weight, 'bias tile per output tile, double-buffered'));
  if (ir.revin) {
    cbs.push(
      cb(6, 'revin', 8, 'activation', activation, 'mean, γ/σ, β, σ/(γ+1e-10) of the row, double-buffered'),
      cb(7, 'revin_scratch', 1, 'router', 'Float32', 'γ/β tile cache of the reader'),
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
