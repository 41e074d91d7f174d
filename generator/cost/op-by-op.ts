// The op-by-op baseline: the same MoLE forward as a TT-NN port would run it — each step a separate
// program whose inputs come from DRAM and whose output goes back to DRAM — modeled with the same
// stream model and constants as the fused plan, so `molegen bench` can show the fused plan's
// modeled speed-up. Programs: router layer 1 (matmul + relu), router layer 2 (matmul), softmax over
// the experts (SFPU), the expert matmul [series × L] · [L × K·P], and the mixing Σ_k g_k ⊙ y_k.
// Each splits its output tiles evenly over the grid; its reader fetches, per output tile, the input
// tiles that tile needs in one block with one barrier (TT-NN's interleaved readers). Pure function.

import type { MathFidelity } from '../../dsl/config.ts';
import type { Plan, TileFormat } from '../plan/plan.ts';
import { TILE_BYTES } from '../plan/plan.ts';
import { CoreCounter, programTime, type ProgramTime } from './core-cost.ts';
import { DEVICES, type DeviceConstants } from './device.ts';

interface OpSpec {
  name: string;
  /** Output tiles. */
  outputTiles: number;
  /** Per output tile: input tile blocks read (count, bytes each). */
  reads: Array<[tiles: number, bytes: number]>;
  matmuls?: { tiles: number; a: number; b: number; fidelity: MathFidelity };
  eltwise?: { tiles: number; a: number; b: number; fidelity: MathFidelity };
  sfpu?: number;
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
      if (op.eltwise) core.eltwise(op.eltwise.tiles, op.eltwise.a, op.eltwise.b, op.eltwise.fidelity);
      if (op.sfpu) core.sfpu(op.sfpu);
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
    { name: 'router layer 1', outputTiles: t.batchTiles * t.hiddenTiles, reads: [[t.featureTiles, f32], [t.featureTiles, f32]], matmuls: { tiles: t.featureTiles, a: f32, b: f32, fidelity: 'HiFi4' }, sfpu: 1, outBytes: f32 },
    { name: 'router layer 2', outputTiles: t.batchTiles * t.logitTiles, reads: [[t.hiddenTiles, f32], [t.hiddenTiles, f32]], matmuls: { tiles: t.hiddenTiles, a: f32, b: f32, fidelity: 'HiFi4' }, outBytes: f32 },
    // softmax over K per (sample, channel): exp, sum (reduce), reciprocal, scale — 4 SFPU passes and one multiply per tile
    { name: 'softmax', outputTiles: t.batchTiles * t.logitTiles, reads: [[1, f32]], sfpu: 4, eltwise: { tiles: 1, a: f32, b: f32, fidelity: 'HiFi4' }, outBytes: act },
    { name: 'expert matmul', outputTiles: t.seriesTiles * K * t.horizonTiles, reads: [[t.inputTiles, act], [t.inputTiles, weight]], matmuls: { tiles: t.inputTiles, a: act, b: weight, fidelity }, outBytes: act },
    // mixing: K expert outputs and K gate columns per output tile; K broadcast multiplies and K − 1 adds
    { name: 'mixing', outputTiles: t.seriesTiles * t.horizonTiles, reads: [[K, act], [K, act]], eltwise: { tiles: 2 * K - 1, a: act, b: act, fidelity }, outBytes: act },
  ];
  const programs = ops.map((op) => runOp(device, plan.grid, op));
  const seconds = programs.reduce((sum, p) => sum + p.seconds, 0);
  return { programs, seconds, seqPerSecond: plan.shape.batch / seconds };
}
