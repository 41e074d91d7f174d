// A first, deliberately simple estimate of the L1 bytes one core needs for a config, so `validate`
// can reject configs that cannot fit before any planning. The planner (generator/plan) will replace
// it with the real plan; keep the signature `(config) => { perCoreBytes, breakdown }`.
//
// The model (all sizes in 32×32 tiles, padded up; a tile is 2048 B in bf16, 4096 B in fp32,
// 1088 B in bfp8_b):
//   weights, as [out, in] matrices in the weight dtype (biases and RevIN γ/β as one-row matrices):
//     experts   DLinear: folded W_eff [P·K, L] + bias (×C when `individual`); RLinear: W [P·K, L] + bias;
//               RMLP: that plus T0 [D, L], T2 [L, D] and their biases; RevIN γ, β [1, C]
//     router    W0 [hidden, F] + b0, W2 [K·C, hidden] + b2 (F = routerInputSize)
//   where they live, per core of the n = x·y grid:
//     sharding.weights 'dram'  nothing resident; a double-buffered stream of 2 weight tiles
//     'l1' + interleaved       each matrix's tiles round-robin over the n cores: ceil(tiles / n)
//     'l1' + height            activations rows are split, so every core holds every weight
//     'l1' + width             output rows split over n cores: ceil(outTiles / n) · inTiles
//     'l1' + block             output rows split over x: ceil(outTiles / x) · inTiles
//   activations (rows = B·C series), in the activation dtype:
//     interleaved              in DRAM; nothing resident
//     height                   input [rows/n, L] and expert outputs [rows/n, P·K]
//     width                    the whole input [rows, L] and outputs [rows, P·K / n]
//     block                    input [rows/y, L] and outputs [rows/y, P·K / x]
//   circular buffers: double-buffered input, output and mixing tiles (activation dtype) and router
//     logits (fp32): 2 tiles each.
//   'auto' takes the strategy with the smallest total.
// Pure arithmetic on the config: no I/O, no validation (callers only use it on schema-valid configs).

import { routerInputSize } from '../../dsl/index.ts';
import type { DType, MoleConfig, ShardingStrategy, WeightDType } from '../../dsl/config.ts';

export const TILE = 32;

/** Bytes of one 32×32 tile. */
export const TILE_BYTES: Readonly<Record<WeightDType | DType, number>> = { bf16: 2048, fp32: 4096, bfp8_b: 1088 };

export interface L1Estimate {
  perCoreBytes: number;
  breakdown: Record<string, number>;
}

interface Matrix {
  rows: number;
  cols: number;
}

const tilesOf = (n: number): number => Math.ceil(n / TILE);

export function estimateL1PerCore(config: MoleConfig): L1Estimate {
  const strategy = config.sharding.strategy;
  if (strategy !== 'auto') return estimateFor(config, strategy);
  const candidates = (['interleaved', 'height', 'width', 'block'] as const).map((s) => estimateFor(config, s));
  return candidates.reduce((best, c) => (c.perCoreBytes < best.perCoreBytes ? c : best));
}

function estimateFor(config: MoleConfig, strategy: Exclude<ShardingStrategy, 'auto'>): L1Estimate {
  const { seqLen: L, channels: C } = config.input;
  const P = config.predLen;
  const K = config.experts.count;
  const [gridX, gridY] = config.target.grid;
  const cores = gridX * gridY;
  const weightTile = TILE_BYTES[config.target.weightDtype];
  const activationTile = TILE_BYTES[config.target.dtype];

  const experts: Matrix[] = [];
  const revin: Matrix[] = [];
  const perChannel = config.experts.kind === 'dlinear' && config.experts.individual ? C : 1;
  for (let i = 0; i < perChannel; i++) experts.push({ rows: P * K, cols: L }, { rows: 1, cols: P * K });
  if (config.experts.kind === 'rmlp') {
    const D = config.experts.dModel;
    experts.push({ rows: D, cols: L }, { rows: 1, cols: D }, { rows: L, cols: D }, { rows: 1, cols: L });
  }
  if (config.experts.kind !== 'dlinear') revin.push({ rows: 1, cols: C }, { rows: 1, cols: C });
  const hidden = config.router.hidden;
  const routerWeights: Matrix[] = [
    { rows: hidden, cols: routerInputSize(config) },
    { rows: 1, cols: hidden },
    { rows: K * C, cols: hidden },
    { rows: 1, cols: K * C },
  ];

  const residentTiles = (m: Matrix): number => {
    const outTiles = tilesOf(m.rows);
    const inTiles = tilesOf(m.cols);
    switch (strategy) {
      case 'interleaved': return Math.ceil((outTiles * inTiles) / cores);
      case 'height': return outTiles * inTiles;
      case 'width': return Math.ceil(outTiles / cores) * inTiles;
      case 'block': return Math.ceil(outTiles / gridX) * inTiles;
    }
  };
  const weightBytes = (matrices: Matrix[]): number =>
    config.sharding.weights === 'l1' ? matrices.reduce((sum, m) => sum + residentTiles(m) * weightTile, 0) : 0;

  const rowTiles = tilesOf(config.batch * C);
  const inputTiles = tilesOf(L);
  const outputTiles = tilesOf(P * K);
  let inputActivationTiles = 0;
  let outputActivationTiles = 0;
  switch (strategy) {
    case 'interleaved':
      break;
    case 'height':
      inputActivationTiles = Math.ceil(rowTiles / cores) * inputTiles;
      outputActivationTiles = Math.ceil(rowTiles / cores) * outputTiles;
      break;
    case 'width':
      inputActivationTiles = rowTiles * inputTiles;
      outputActivationTiles = rowTiles * Math.ceil(outputTiles / cores);
      break;
    case 'block':
      inputActivationTiles = Math.ceil(rowTiles / gridY) * inputTiles;
      outputActivationTiles = Math.ceil(rowTiles / gridY) * Math.ceil(outputTiles / gridX);
      break;
  }

  const breakdown: Record<string, number> = {
    expertWeights: weightBytes(experts),
    routerWeights: weightBytes(routerWeights),
    revinWeights: weightBytes(revin),
    weightStreamBuffers: config.sharding.weights === 'dram' ? 2 * weightTile : 0,
    inputActivations: inputActivationTiles * activationTile,
    outputActivations: outputActivationTiles * activationTile,
    circularBuffers: 3 * 2 * activationTile + 2 * TILE_BYTES.fp32,
  };
  const perCoreBytes = Object.values(breakdown).reduce((a, b) => a + b, 0);
  return { perCoreBytes, breakdown };
}
