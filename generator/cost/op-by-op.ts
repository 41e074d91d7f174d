// The op-by-op baseline: the same MoLE forward as a TT-NN port would run it — each step a separate
// program whose inputs come from DRAM and whose output goes back to DRAM — modeled with the same
// stream model and constants as the fused plan, so `molegen bench` can show the fused plan's
// modeled speed-up. Programs: router layer 1 (matmul + relu), router layer 2 (matmul), top-k masking
// (when top-k < K), softmax over the experts (SFPU), the expert matmul [series × L] · [L × K·P], and
// the mixing Σ_k g_k ⊙ y_k; for RLinear/RMLP also RevIN's statistics, normalisation and
// denormalisation. (The RMLP time-MLP is not in it: the baseline is a lower bound there.)
// Each splits its output tiles evenly over the grid; its reader fetches, per output tile, the input
// tiles that tile needs in one block with one barrier (TT-NN's interleaved readers). Pure function.

import type { MathFidelity } from '../../dsl/config.ts';
import type { Plan, TileFormat } from '../plan/plan.ts';
import { TILE_BYTES } from '../plan/plan.ts';
import { CoreCounter, programTime, type ProgramTime, type SecondOperand } from './core-cost.ts';
import { DEVICES, type DeviceConstants, type SfpuFunction } from './device.ts';

interface OpSpec {
  name: string;
  /** Output tiles. */
  outputTiles: number;
  /** Per output tile: input tile blocks read (count, bytes each). */
  reads: Array<[tiles: number, bytes: number]>;
  matmuls?: { tiles: number; a: number; b: number; fidelity: MathFidelity };
  /**
   * FPU tile ops per output tile, each on an `a` and a `b` tile: ELWMUL ('mul', also a row reduction) or
   * ELWADD/ELWSUB ('add', one pass at any fidelity); `operand` how much of b the unpacker reads (core-cost.ts).
   */
  eltwise?: Array<{ tiles: number; a: number; b: number; fidelity: MathFidelity; op: 'mul' | 'add'; operand?: SecondOperand }>;
  /** SFPU calls per output tile, by function (on whole tiles: TT-NN's ops run VectorMode::RC). */
  sfpu?: Partial<Record<SfpuFunction, number>>;
  outBytes: number;
}

function runOp(device: DeviceConstants, grid: [number, number], op: OpSpec): ProgramTime {
  const cores = Math.min(op.outputTiles, grid[0] * grid[1]);
  const base = Math.floor(op.outputTiles / cores);
  const extra = op.outputTiles % cores;
  const times = [];
  for (let i = 0; i < cores; i++) {
    const tiles = base + (i < extra ? 1 : 0);
    const core = new CoreCounter(device, i % grid[0], Math.floor(i / grid[0]), 0);
    for (let t = 0; t < tiles; t++) {
      for (const [count, bytes] of op.reads) core.readBlock(count, bytes);
      if (op.matmuls) core.matmul(op.matmuls.tiles, op.matmuls.a, op.matmuls.b, op.matmuls.fidelity);
      for (const e of op.eltwise ?? []) core.eltwise(e.tiles, e.a, e.b, e.fidelity, e.op, e.operand);
      for (const [fn, calls] of Object.entries(op.sfpu ?? {}) as Array<[SfpuFunction, number]>) core.sfpu(fn, calls);
      core.pack(1, op.outBytes);
    }
    core.writeTiles(tiles, op.outBytes);
    times.push(core.finish());
  }
  return programTime(device, op.name, times);
}

export interface OpByOpCost {
  programs: ProgramTime[];
  seconds: number;
  seqPerSecond: number;
}

export function modelOpByOp(plan: Plan): OpByOpCost {
  const device = DEVICES[plan.arch];
  const t = plan.tiles;
  const K = plan.shape.experts;
  const f32 = TILE_BYTES.Float32;
  const actFormat: TileFormat = plan.tensors.find((x) => x.name === 'x')?.format ?? 'Float16_b';
  const weightFormat: TileFormat = plan.tensors.find((x) => x.name === 'expert_weights')?.format ?? 'Float16_b';
  const act = TILE_BYTES[actFormat];
  const weight = TILE_BYTES[weightFormat];
  const fidelity = plan.numerics.mathFidelity;
  const ops: OpSpec[] = [
    { name: 'router layer 1', outputTiles: t.batchTiles * t.hiddenTiles, reads: [[t.featureTiles, f32], [t.featureTiles, f32]], matmuls: { tiles: t.featureTiles, a: f32, b: f32, fidelity: 'HiFi4' }, sfpu: { relu: 1 }, outBytes: f32 },
    { name: 'router layer 2', outputTiles: t.batchTiles * t.logitTiles, reads: [[t.hiddenTiles, f32], [t.hiddenTiles, f32]], matmuls: { tiles: t.hiddenTiles, a: f32, b: f32, fidelity: 'HiFi4' }, outBytes: f32 },
    // softmax over K per (sample, channel): max (a row reduction) and subtract (column broadcast), exp, sum (a row
    // reduction), reciprocal, scale (column broadcast) — exp and the reciprocal on the SFPU (the same per-tile cost as
    // the fused kernels', on all four faces), the rest as FPU tile ops
    {
      name: 'softmax',
      outputTiles: t.batchTiles * t.logitTiles,
      reads: [[1, f32]],
      sfpu: { exp: 1, reciprocal: 1 },
      eltwise: [
        { tiles: 2, a: f32, b: f32, fidelity: 'HiFi4', op: 'mul', operand: 'scaler' },
        { tiles: 1, a: f32, b: f32, fidelity: 'HiFi4', op: 'add', operand: 'cols' },
        { tiles: 1, a: f32, b: f32, fidelity: 'HiFi4', op: 'mul', operand: 'cols' },
      ],
      outBytes: act,
    },
    { name: 'expert matmul', outputTiles: t.seriesTiles * K * t.horizonTiles, reads: [[t.inputTiles, act], [t.inputTiles, weight]], matmuls: { tiles: t.inputTiles, a: act, b: weight, fidelity }, outBytes: act },
    // mixing: K expert outputs and K gate columns per output tile; K broadcast multiplies and K − 1 adds
    {
      name: 'mixing',
      outputTiles: t.seriesTiles * t.horizonTiles,
      reads: [[K, act], [K, act]],
      eltwise: [
        { tiles: K, a: act, b: act, fidelity, op: 'mul', operand: 'cols' },
        { tiles: K - 1, a: act, b: act, fidelity, op: 'add' },
      ],
      outBytes: act,
    },
  ];
  if (plan.shape.topK < K) {
    // top-k before the softmax (ttnn.topk, then a mask): per round a max, a compare (eqz) and a mask update (an SFPU
    // binary op)
    ops.splice(2, 0, {
      name: 'top-k mask',
      outputTiles: t.batchTiles * t.logitTiles,
      reads: [[1, f32]],
      sfpu: { eqz: plan.shape.topK, binaryOp: plan.shape.topK },
      eltwise: [
        { tiles: plan.shape.topK, a: f32, b: f32, fidelity: 'HiFi4', op: 'mul', operand: 'scaler' },
        { tiles: 2 * plan.shape.topK, a: f32, b: f32, fidelity: 'HiFi4', op: 'mul' },
      ],
      outBytes: f32,
    });
  }
  if (plan.tensors.some((x) => x.name === 'revin_rows')) {
    // RevIN as TT-NN ops: mean and variance over time (two reductions of x), σ = sqrt(var + eps) and 1/σ on the SFPU,
    // then normalise x ((x − mean)·γ/σ + β) before the experts and denormalise y after the mixing
    const rows = t.seriesTiles;
    ops.unshift(
      {
        name: 'RevIN statistics',
        outputTiles: rows,
        reads: [[t.inputTiles, act], [t.inputTiles, act]],
        eltwise: [
          { tiles: t.inputTiles, a: act, b: act, fidelity, op: 'mul', operand: 'scaler' }, // Σ x
          { tiles: t.inputTiles, a: act, b: act, fidelity, op: 'add', operand: 'cols' }, // x − mean
          { tiles: t.inputTiles, a: act, b: act, fidelity, op: 'mul' }, // squares
        ],
        sfpu: { sqrt: 1, reciprocal: 1 },
        outBytes: act,
      },
      { name: 'RevIN normalise', outputTiles: rows * t.inputTiles, reads: [[1, act], [2, act]], eltwise: [{ tiles: 1, a: act, b: act, fidelity, op: 'mul' }, { tiles: 2, a: act, b: act, fidelity, op: 'add' }], outBytes: act },
    );
    ops.push({ name: 'RevIN denormalise', outputTiles: rows * t.horizonTiles, reads: [[1, act], [2, act]], eltwise: [{ tiles: 1, a: act, b: act, fidelity, op: 'mul' }, { tiles: 2, a: act, b: act, fidelity, op: 'add' }], outBytes: act });
  }
  const programs = ops.map((op) => runOp(device, plan.deviceGrid ?? plan.grid, op));
  const seconds = programs.reduce((sum, p) => sum + p.seconds, 0);
  return { programs, seconds, seqPerSecond: plan.shape.batch / seconds };
}
