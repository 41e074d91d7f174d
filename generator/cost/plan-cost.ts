// The device cost of a Plan: walks each program's per-core work exactly as molegen's kernels do
// (templates/kernels/**) — which tiles each reader fetches per output tile and per series/batch row,
// each matmul_tiles / mul_tiles_bcast_cols / relu_tile / pack_tile call, each write and each
// barrier — and turns the counts into time with the stream model (core-cost.ts). Also the roofline
// bound of the config and the reason a plan is far from it. Pure function of the Plan: never edits
// it, never reads files. The planner is being widened while this model is written, so the Plan is
// read through a small adapter that accepts both shapes of it: core work as a contiguous tile run
// (firstTile/numTiles) or as a rectangle (rows × cols); tensors resident in L1 marked by
// `placement.memory` (or `memory`); a plan without a sharding strategy is interleaved DRAM.

import type { Arch } from '../../dsl/config.ts';
import type { DeviceTensor, Plan, ProgramPlan, TileFormat } from '../plan/plan.ts';
import { TILE_BYTES } from '../plan/plan.ts';
import { CoreCounter, programTime, type CoreTime, type ProgramLimiter, type ProgramTime } from './core-cost.ts';
import { DEVICES, type DeviceConstants } from './device.ts';
import { ROUTER_CONST_TILES } from '../passes/layout-tensors.ts';
import { batchTileOf, logitTilesOfRow } from '../passes/router-rows.ts';

/** Fields that differ between planner versions; read defensively. */
type PlanExtensions = { strategy?: string; sharding?: { strategy?: string } };
type TensorExtensions = { memory?: 'dram' | 'l1'; placement?: { memory?: 'dram' | 'l1' } };
type WorkShapes = { x: number; y: number; firstTile?: number; numTiles?: number; rows?: [number, number]; cols?: [number, number] };

export const planStrategy = (plan: Plan): string => {
  const p = plan as unknown as PlanExtensions;
  return p.sharding?.strategy ?? p.strategy ?? 'interleaved';
};

export function isL1Resident(tensor: DeviceTensor | undefined): boolean {
  const t = tensor as unknown as TensorExtensions | undefined;
  return t?.placement?.memory === 'l1' || t?.memory === 'l1';
}

/** The (row, col) output tiles a core processes, in the order its kernels walk them. */
export function outputTilesOf(work: ProgramPlan['work'][number], cols: number): Array<[number, number]> {
  const w = work as unknown as WorkShapes;
  const tiles: Array<[number, number]> = [];
  if (w.rows && w.cols) {
    for (let r = w.rows[0]; r < w.rows[1]; r++) for (let c = w.cols[0]; c < w.cols[1]; c++) tiles.push([r, c]);
  } else {
    const first = w.firstTile ?? 0;
    for (let tile = first; tile < first + (w.numTiles ?? 0); tile++) tiles.push([Math.floor(tile / cols), tile % cols]);
  }
  return tiles;
}

export interface PlanCost {
  arch: Arch;
  device: DeviceConstants;
  programs: ProgramTime[];
  /** Modeled time of one forward (the router then the experts, in one program or two), seconds. */
  seconds: number;
  seqPerSecond: number;
  roofline: Roofline;
  /** seconds / roofline.seconds. */
  ratioToBound: number;
  /** What limits the slowest program and why the plan is above the bound. */
  limiter: string;
  reason: string;
  /** Largest L1 bytes any core allocates (the plan's per-program figure). */
  l1BytesPerCore: number;
}

export interface Roofline {
  /** Weights once (unless L1-resident) + inputs + outputs, bytes. */
  minBytes: number;
  flops: number;
  memorySeconds: number;
  computeSeconds: number;
  launchSeconds: number;
  seconds: number;
  bound: 'memory' | 'compute';
}

const bytesOf = (tensor: DeviceTensor): number => (tensor.rows / 32) * (tensor.cols / 32) * TILE_BYTES[tensor.format];

function tensor(plan: Plan, name: string): DeviceTensor | undefined {
  return plan.tensors.find((t) => t.name === name);
}

function formatOf(plan: Plan, name: string, fallback: TileFormat): TileFormat {
  return tensor(plan, name)?.format ?? fallback;
}

/**
 * The router kernels (templates/kernels/{dataflow/router_reader, compute/router, dataflow/router_writer}.cpp),
 * as two phases in sequence: the logit tiles each core owns, then — after the hand-off through router core 0 —
 * the gates (and RevIN statistics) of each core's series rows.
 */
function routerPhases(plan: Plan, program: ProgramPlan, device: DeviceConstants): { logits: CoreTime[]; gates: CoreTime[] } {
  const t = plan.tiles;
  const s = plan.shape;
  const K = s.experts;
  const f32 = TILE_BYTES.Float32;
  const act = TILE_BYTES[formatOf(plan, 'x', 'Float16_b')];
  const revin = plan.tensors.some((x) => x.name === 'revin_rows');
  const stats = plan.routerInput === 'stats';
  const logits = program.work.map((work, i) => {
    const core = new CoreCounter(device, work.x, work.y, program.l1BytesPerCore);
    const [begin, end] = program.logitTiles?.[i] ?? [0, 0];
    let batchRow = -1;
    for (let tile = begin; tile < end; tile++) {
      if (Math.floor(tile / t.logitTiles) !== batchRow) {
        batchRow = Math.floor(tile / t.logitTiles);
        if (stats) {
          // reader: per (sample, channel) its input row (one barrier), then mean/std/min/max in scalar fp32
          const samples = Math.min(32, s.batch - batchRow * 32);
          for (let n = 0; n < samples * s.channels; n++) {
            core.readBlock(t.inputTiles, act);
            core.readerScalar({ floatOps: 6 * s.seqLen + 30, l1Loads: 2 * s.seqLen, l1Stores: 4 });
          }
        } else {
          core.readBlock(t.featureTiles, f32);
        }
        for (let h = 0; h < t.hiddenTiles; h++) core.readBlock(t.featureTiles, f32);
        core.matmul(t.hiddenTiles * t.featureTiles, f32, f32, 'HiFi4');
        core.sfpu(t.hiddenTiles);
        core.pack(t.hiddenTiles, f32);
      }
      for (let h0 = 0; h0 < t.hiddenTiles; h0 += t.routerWeightBlock) core.readBlock(Math.min(t.routerWeightBlock, t.hiddenTiles - h0), f32);
      core.matmul(t.hiddenTiles, f32, f32, 'HiFi4');
      core.pack(1, f32);
      core.writeTiles(1, f32);
    }
    return core.finish();
  });
  const gates = program.work.map((work) => {
    const core = new CoreCounter(device, work.x, work.y, program.l1BytesPerCore);
    // the hand-off: a semaphore to router core 0 and one back (assumed one DRAM-latency round trip each)
    core.counts.readBarriers += 2;
    // reader, once: the constant tiles and the K selectors
    core.readBlock(ROUTER_CONST_TILES, f32);
    core.readBlock(K, act);
    for (let row = work.rows[0]; row < work.rows[1]; row++) {
      // reader: the row's logit tiles in one block (and the gather template on a page's first use), then the gather
      const needed = logitTilesOfRow(plan, row).length;
      core.readBlock(needed + (row - work.rows[0] < 2 ? 1 : 0), f32);
      core.readerScalar({ l1Stores: 32 * K, l1Loads: 32 * K, integerOps: 32 * (20 + K * 12) });
      // compute: gates
      const fp32Tile = (n: number) => core.eltwise(n, f32, f32, 'HiFi4');
      if (s.topK < K) {
        for (let round = 0; round < s.topK; round++) {
          fp32Tile(1); // row max
          core.pack(round === 0 ? 2 : 1, f32);
          fp32Tile(2); // z − m, · ramp
          core.sfpu(1); // eqz
          core.pack(1, f32);
          fp32Tile(2); // row max of F, F − f
          core.sfpu(1);
          core.pack(2, f32);
          fp32Tile(round === 0 ? 1 : 2); // mask (+=)
          core.pack(1, f32);
          if (round + 1 < s.topK) {
            fp32Tile(2);
            core.sfpu(1);
            core.pack(1, f32);
          }
        }
      } else {
        fp32Tile(1);
        core.pack(1, f32);
      }
      fp32Tile(2); // z − max, · mask
      core.sfpuTranscendental(1); // exp
      core.pack(1, f32);
      fp32Tile(1); // Σ
      core.sfpuTranscendental(1); // reciprocal
      core.pack(1, f32);
      fp32Tile(1); // e · (1/Σ)
      core.pack(1, act);
      core.matmul(K, act, act, 'HiFi4'); // gate columns
      fp32Tile(1);
      core.pack(K + 1, act);
      if (revin) {
        // reader: the row's inputs and its γ/β tiles; compute: the statistics
        core.readBlock(t.inputTiles, act);
        core.readBlock(2, f32);
        fp32Tile(t.inputTiles); // mean
        core.pack(1, f32);
        fp32Tile(t.inputTiles + (s.seqLen % 32 ? 1 : 0)); // x − mean (, time mask)
        core.sfpu(t.inputTiles); // square
        core.pack(t.inputTiles, f32);
        fp32Tile(t.inputTiles); // variance
        core.sfpu(1);
        core.sfpuTranscendental(1); // sqrt
        core.pack(1, f32);
        fp32Tile(4);
        core.sfpu(1);
        core.sfpuTranscendental(2); // two reciprocals
        core.pack(2, f32);
        fp32Tile(4); // repeat along the rows
        core.pack(4, act);
      }
      // writer: K + 1 gate tiles (and 4 RevIN tiles), one barrier per row
      core.writeTiles(K + 1 + (revin ? 4 : 0), act, false);
      core.counts.writeBarriers += 1;
    }
    return core.finish();
  });
  return { logits, gates };
}

function expertsCores(plan: Plan, program: ProgramPlan, device: DeviceConstants): CoreTime[] {
  const t = plan.tiles;
  const s = plan.shape;
  const act = TILE_BYTES[formatOf(plan, 'x', 'Float16_b')];
  const weight = TILE_BYTES[formatOf(plan, 'expert_weights', 'Float16_b')];
  const K = s.experts;
  const weightsResident = isL1Resident(tensor(plan, 'expert_weights'));
  const inputResident = isL1Resident(tensor(plan, 'x'));
  const outputResident = isL1Resident(tensor(plan, 'y'));
  const revin = plan.tensors.some((x) => x.name === 'revin_rows');
  const D = t.mlpTiles;
  const fidelity = plan.numerics.mathFidelity;
  return program.work.map((work) => {
    const core = new CoreCounter(device, work.x, work.y, program.l1BytesPerCore);
    let currentRow = -1;
    const tiles = outputTilesOf(work, t.horizonTiles);
    for (const [row] of tiles) {
      if (row !== currentRow) {
        // reader: the row's Lt input tiles (already in L1 when x is sharded there), its gate tiles, RevIN tiles
        if (!inputResident) core.readBlock(t.inputTiles, act);
        core.readBlock(K + 1, act);
        if (revin) {
          core.readBlock(4, act);
          core.eltwise(3 * t.inputTiles, act, act, fidelity); // (x − mean)·(γ/σ) + β
          core.pack(t.inputTiles, act);
        }
        if (D > 0) {
          // the residual time-MLP: weights streamed per row
          for (let d = 0; d < D; d++) {
            core.readBlock(t.inputTiles, weight);
            core.readBlock(1, weight);
          }
          for (let l = 0; l < t.inputTiles; l++) {
            core.readBlock(D, weight);
            core.readBlock(1, weight);
          }
          core.matmul(2 * D * t.inputTiles, act, weight, fidelity);
          core.eltwise(D + 2 * t.inputTiles, act, weight, fidelity);
          core.sfpu(D);
          core.pack(D + t.inputTiles, act);
        }
        // compute: K·Lt gate-scaled input tiles (mul_tiles_bcast_cols + pack)
        core.eltwise(K * t.inputTiles, act, act, fidelity);
        core.pack(K * t.inputTiles, act);
        currentRow = row;
      }
      // reader: the bias tile, then per expert the Lt weight tiles of this horizon column, one barrier each
      if (!weightsResident) {
        core.readBlock(1, weight);
        for (let k = 0; k < K; k++) core.readBlock(t.inputTiles, weight);
      }
      // compute: the bias matmul and K·Lt matmuls into one DST tile, RevIN's denormalisation, one pack
      core.matmul(K * t.inputTiles + 1, act, weight, fidelity);
      if (revin) core.eltwise(3, act, act, fidelity);
      core.pack(1, act);
    }
    if (outputResident) core.nocSend(tiles.length, act);
    else core.writeTiles(tiles.length, act);
    return core.finish();
  });
}

/** The roofline bound of a plan's model: one program launch + max(min bytes / peak DRAM, flops / peak FPU). */
export function roofline(plan: Plan): Roofline {
  const device = DEVICES[plan.arch];
  const t = plan.tiles;
  const clock = device.clockHz.value;
  let minBytes = 0;
  for (const tensor of plan.tensors) {
    if (tensor.role === 'intermediate') continue;
    if (tensor.role === 'weight' && isL1Resident(tensor)) continue;
    minBytes += bytesOf(tensor);
  }
  // Tile products the model needs at the plan's tile padding: router layers 1 and 2 (fp32, HiFi4), experts.
  const routerTileProducts = t.batchTiles * t.featureTiles * t.hiddenTiles + t.batchTiles * t.hiddenTiles * t.logitTiles;
  const expertTileProducts = t.seriesTiles * t.inputTiles * t.horizonTiles * plan.shape.experts;
  const flops = 2 * 32 ** 3 * (routerTileProducts + expertTileProducts);
  const cores = plan.deviceGrid[0] * plan.deviceGrid[1];
  const computeCycles =
    (routerTileProducts * device.matmulCyclesPerTile.HiFi4.value + expertTileProducts * device.matmulCyclesPerTile[plan.numerics.mathFidelity].value) / cores;
  const memorySeconds = minBytes / device.dramPeakBytesPerSecond.value;
  const computeSeconds = computeCycles / clock;
  const launchSeconds = device.dispatchSeconds.value + device.programFixedCycles.value / clock;
  return {
    minBytes,
    flops,
    memorySeconds,
    computeSeconds,
    launchSeconds,
    seconds: launchSeconds + Math.max(memorySeconds, computeSeconds),
    bound: memorySeconds >= computeSeconds ? 'memory' : 'compute',
  };
}

/** Why a plan sits where it does relative to its bound, naming the limiter with numbers. */
export function explain(cost: Omit<PlanCost, 'reason'>, plan: Plan): string {
  const slowest = cost.programs.reduce((a, b) => (b.cycles > a.cycles ? b : a));
  const us = (cycles: number): string => `${((cycles / cost.device.clockHz.value) * 1e6).toFixed(1)} µs`;
  const core = slowest.slowestCore;
  const launches = plan.dispatch.kind === 'one program' ? 1 : plan.programs.length;
  const parts: string[] = [];
  if (cost.ratioToBound <= 1.25) return `within 1.25× of the roofline bound (${cost.roofline.bound}-bound)`;
  const limiter: ProgramLimiter = slowest.limiter;
  if (limiter === 'reader scalar code' && core) {
    parts.push(
      `the router reader computes the window statistics (mean, std, min, max of every sample and channel) in scalar fp32 code: ` +
        `${us(core.readerScalarCycles)} on core (${core.x},${core.y}) at ${cost.device.scalarFloatOpCycles.value} cycles per fp32 op on ${cost.device.card}'s data-movement RISC-V`,
    );
  } else if (limiter === 'reader DRAM latency' && core) {
    parts.push(`the ${slowest.name} reader waits ${core.readBarriers} times on a DRAM round trip (${us(core.readBarriers * cost.device.dramLatencyCycles.value)}) on core (${core.x},${core.y}); deeper buffering or fewer, larger blocks would hide it`);
  } else if (limiter === 'reader NoC transfers' && core) {
    parts.push(`the ${slowest.name} reader moves ${(core.dramReadBytes / 1024).toFixed(0)} KiB on core (${core.x},${core.y}): weight tiles are re-read for every output tile instead of once per core`);
  } else if (limiter === 'chip DRAM bandwidth') {
    parts.push(`all cores together read ${(slowest.dramBytes / 1e6).toFixed(2)} MB in the ${slowest.name} program, ${(slowest.dramBytes / cost.roofline.minBytes).toFixed(1)}× the model's minimum bytes (weights re-read per output tile)`);
  } else if (limiter === 'program launch') {
    parts.push(`the work is too small to cover the fixed cost of ${launches} program launches (${us(slowest.fixedCycles)} device + ${(cost.device.dispatchSeconds.value * 1e6).toFixed(1)} µs dispatch each; the bound counts one)`);
  } else if (limiter === 'compute' && core) {
    parts.push(`compute on core (${core.x},${core.y}) (${core.matmulTiles} matmul and ${core.eltwiseTiles} eltwise tiles) is serialised over ${slowest.cores.length} of ${plan.grid[0] * plan.grid[1]} cores`);
  } else if (limiter === 'writer' && core) {
    parts.push(`the writer waits for every tile's write acknowledgement on core (${core.x},${core.y})`);
  }
  if (launches > 1) parts.push(`${launches} programs each pay a launch while the bound counts one`);
  return `${cost.ratioToBound.toFixed(1)}× the roofline bound: limited by ${limiter} — ${parts.join('; ')}`;
}

/** Modeled device time of a plan (every program, back to back), its roofline bound and limiter. */
export function modelPlan(plan: Plan): PlanCost {
  const device = DEVICES[plan.arch];
  // The forward's parts run one after the other (each needs the previous one's results): the router's
  // logits, its gates, the experts. Their busy times add; the forward pays one launch (fixed cycles and
  // dispatch) per program — one, or two when the router runs as its own program.
  const programs: ProgramTime[] = [];
  for (const program of plan.programs) {
    if (program.name === 'router') {
      const phases = routerPhases(plan, program, device);
      programs.push(programTime(device, 'router logits', phases.logits), programTime(device, 'router gates', phases.gates));
    } else {
      programs.push(programTime(device, program.name, expertsCores(plan, program, device)));
    }
  }
  const clock = device.clockHz.value;
  const launches = plan.dispatch.kind === 'one program' ? 1 : plan.programs.length;
  const busySeconds = programs.reduce((sum, p) => sum + p.deviceCycles - p.fixedCycles, 0) / clock;
  const seconds = busySeconds + launches * (device.programFixedCycles.value / clock + device.dispatchSeconds.value);
  const bound = roofline(plan);
  const slowest = programs.reduce((a, b) => (b.cycles > a.cycles ? b : a));
  const partial = {
    arch: plan.arch,
    device,
    programs,
    seconds,
    seqPerSecond: plan.shape.batch / seconds,
    roofline: bound,
    ratioToBound: seconds / bound.seconds,
    limiter: `${slowest.name}: ${slowest.limiter}`,
    l1BytesPerCore: Math.max(...plan.programs.map((p) => p.l1BytesPerCore)),
  };
  return { ...partial, reason: explain(partial, plan) };
}
