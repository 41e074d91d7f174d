// Pass: lay the model out as padded 2-D device tensors in tiles of 32×32.
//  - x [St·32, Lt·32]: row b·C + c is one series, columns are time steps, then a constant-1 column.
//  - expert weights [K·Lt·32, Pt·32]: expert k's block holds W_kᵀ (row l, column p) with the bias
//    b_k as row L, so the constant-1 input column adds it inside the matmul (exact).
//  - router weights in fp32, biases folded the same way: layer 1 gets an extra input row (the
//    features' constant-1 column) and keeps one extra hidden unit that is always 1 after ReLU,
//    which carries layer 2's bias.
// Pure function of the IR (needs the per-expert-linear stage); values stay fp64 here — rounding
// to the device format happens when weights.bin is written.

import type { ModelIR } from '../ir/model-ir.ts';
import type { DeviceTensor, TileCounts, TileFormat } from '../plan/plan.ts';

const TILE = 32;
const tilesFor = (n: number): number => Math.ceil(n / TILE);

export function tileCounts(ir: ModelIR): TileCounts {
  const { batch, seqLen, predLen, channels, experts, features, hidden } = ir.shape;
  const hiddenTiles = tilesFor(hidden + 1);
  return {
    seriesTiles: tilesFor(batch * channels),
    inputTiles: tilesFor(seqLen + 1),
    horizonTiles: tilesFor(predLen),
    batchTiles: tilesFor(batch),
    featureTiles: tilesFor(features + 1),
    hiddenTiles,
    logitTiles: tilesFor(experts * channels),
    routerWeightBlock: Math.min(hiddenTiles, 8),
  };
}

export function activationFormat(ir: ModelIR): TileFormat {
  return ir.numerics.activation === 'fp32' ? 'Float32' : 'Float16_b';
}

export function weightFormat(ir: ModelIR): TileFormat {
  return ir.numerics.weight === 'fp32' ? 'Float32' : ir.numerics.weight === 'bfp8_b' ? 'Bfp8_b' : 'Float16_b';
}

function expertWeights(ir: ModelIR, t: TileCounts): Float64Array {
  if (ir.experts.stage !== 'per-expert-linear') throw new Error('layoutTensors needs folded per-expert weights');
  const { seqLen: L, predLen: P, experts: K } = ir.shape;
  const rowsPerExpert = t.inputTiles * TILE;
  const cols = t.horizonTiles * TILE;
  const values = new Float64Array(K * rowsPerExpert * cols);
  for (let k = 0; k < K; k++) {
    const w = ir.experts.weight[k]!;
    const b = ir.experts.bias[k]!;
    const base = k * rowsPerExpert * cols;
    for (let p = 0; p < P; p++) {
      for (let l = 0; l < L; l++) values[base + l * cols + p] = w.data[p * L + l]!;
      values[base + L * cols + p] = b[p]!;
    }
  }
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
  const outputs = K * C;
  const cols = t.logitTiles * TILE;
  const values = new Float64Array(t.hiddenTiles * TILE * cols);
  for (let o = 0; o < outputs; o++) {
    for (let h = 0; h < H; h++) values[h * cols + o] = ir.router.w2.data[o * H + h]!;
    values[H * cols + o] = ir.router.b2[o]!;
  }
  return values;
}

export function layoutTensors(ir: ModelIR, t: TileCounts): DeviceTensor[] {
  const act = activationFormat(ir);
  const K = ir.shape.experts;
  return [
    { name: 'x', role: 'input', rows: t.seriesTiles * TILE, cols: t.inputTiles * TILE, format: act, layout: 'series b·C+c × (time steps, 1)' },
    { name: 'features', role: 'input', rows: t.batchTiles * TILE, cols: t.featureTiles * TILE, format: 'Float32', layout: 'sample × (time features of step 0, 1)' },
    { name: 'router_w0', role: 'weight', rows: t.featureTiles * TILE, cols: t.hiddenTiles * TILE, format: 'Float32', layout: '(features, bias) × (hidden, always-one unit)', values: routerLayer1(ir, t) },
    { name: 'router_w2', role: 'weight', rows: t.hiddenTiles * TILE, cols: t.logitTiles * TILE, format: 'Float32', layout: '(hidden, bias) × logits c·K+k', values: routerLayer2(ir, t) },
    { name: 'logits', role: 'intermediate', rows: t.batchTiles * TILE, cols: t.logitTiles * TILE, format: 'Float32', layout: 'sample × logits c·K+k' },
    { name: 'expert_weights', role: 'weight', rows: K * t.inputTiles * TILE, cols: t.horizonTiles * TILE, format: weightFormat(ir), layout: `${K} experts × (time steps, bias) × horizon`, values: expertWeights(ir, t) },
    { name: 'y', role: 'output', rows: t.seriesTiles * TILE, cols: t.horizonTiles * TILE, format: act, layout: 'series b·C+c × horizon' },
  ];
}
