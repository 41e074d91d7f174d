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

/** Scalar work the experts reader does per (series, expert) for the softmax, counted from its source. */
export const SOFTMAX_SCALAR_WORK = {
  /** max compare, the subtraction, exp_nonpositive (range reduction 4, Taylor 16, scale 1, two int/float conversions ≈ 2), the sum. */
  floatOpsPerLogit: 25,
  /** one division per gate (logit[k] / total). */
  dividesPerLogit: 1,
  /** logit read from the scratch tile, gate store (bf16 rounding in integer code ≈ 10 ops). */
  l1LoadsPerLogit: 1,
  l1StoresPerLogit: 1,
  integerOpsPerLogit: 20,
};

export interface PlanCost {
  arch: Arch;
  device: DeviceConstants;
  programs: ProgramTime[];
  /** Modeled time of one forward (all programs back to back), seconds. */
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

function routerCores(plan: Plan, program: ProgramPlan, device: DeviceConstants): CoreTime[] {
  const t = plan.tiles;
  const f32 = TILE_BYTES.Float32;
  const w0Resident = isL1Resident(tensor(plan, 'router_w0'));
  const w2Resident = isL1Resident(tensor(plan, 'router_w2'));
  return program.work.map((work) => {
    const core = new CoreCounter(device, work.x, work.y, program.l1BytesPerCore);
    let loadedRow = -1;
    const tiles = outputTilesOf(work, t.logitTiles);
    for (const [row] of tiles) {
      if (row !== loadedRow) {
        // reader: the batch row's feature tiles, then one block of Ft layer-1 weight tiles per hidden tile
        core.readBlock(t.featureTiles, f32);
        for (let h = 0; h < t.hiddenTiles; h++) if (!w0Resident) core.readBlock(t.featureTiles, f32);
        // compute: Ft matmuls + relu + pack per hidden tile
        core.matmul(t.hiddenTiles * t.featureTiles, f32, f32, 'HiFi4');
        core.sfpu(t.hiddenTiles);
        core.pack(t.hiddenTiles, f32);
        loadedRow = row;
      }
      // reader: layer-2 weight tiles of this output column, in blocks of routerWeightBlock
      for (let h0 = 0; h0 < t.hiddenTiles; h0 += t.routerWeightBlock) {
        if (!w2Resident) core.readBlock(Math.min(t.routerWeightBlock, t.hiddenTiles - h0), f32);
      }
      core.matmul(t.hiddenTiles, f32, f32, 'HiFi4');
      core.pack(1, f32);
    }
    core.writeTiles(tiles.length, f32);
    return core.finish();
  });
}

function expertsCores(plan: Plan, program: ProgramPlan, device: DeviceConstants): CoreTime[] {
  const t = plan.tiles;
  const s = plan.shape;
  const act = TILE_BYTES[formatOf(plan, 'x', 'Float16_b')];
  const weight = TILE_BYTES[formatOf(plan, 'expert_weights', 'Float16_b')];
  const logitTileBytes = TILE_BYTES.Float32;
  const series = s.batch * s.channels;
  const K = s.experts;
  const weightsResident = isL1Resident(tensor(plan, 'expert_weights'));
  const inputResident = isL1Resident(tensor(plan, 'x'));
  const outputResident = isL1Resident(tensor(plan, 'y'));
  const cbs = program.circularBuffers;
  // Gate tiles the reader zeroes per row: half the double-buffered gate CB (K, or K + 1 with a gate matrix).
  const gateTiles = (cbs.find((cb) => cb.name === 'gate')?.pages ?? 2 * K) / 2;
  // Newer kernels stream the bias as its own tile per output tile.
  const biasTilePerOutput = cbs.some((cb) => cb.name === 'bias');
  const fidelity = plan.numerics.mathFidelity;
  const { channelStride, expertStride } = plan.logitLayout;
  return program.work.map((work) => {
    const core = new CoreCounter(device, work.x, work.y, program.l1BytesPerCore);
    let currentRow = -1;
    let cachedLogitTile = -1;
    const tiles = outputTilesOf(work, t.horizonTiles);
    for (const [row] of tiles) {
      if (row !== currentRow) {
        // reader: zero the gate tiles word by word, then the softmax of each valid series in the row
        core.readerScalar({ l1Stores: (gateTiles * act) / 4 });
        for (let r = 0; r < 32; r++) {
          const sIndex = row * 32 + r;
          if (sIndex >= series) break;
          const sample = Math.floor(sIndex / s.channels);
          const channel = sIndex % s.channels;
          for (let k = 0; k < K; k++) {
            const column = channel * channelStride + k * expertStride;
            const logitTile = Math.floor(sample / 32) * t.logitTiles + Math.floor(column / 32);
            if (logitTile !== cachedLogitTile) {
              core.readBlock(1, logitTileBytes);
              cachedLogitTile = logitTile;
            }
          }
          core.readerScalar({
            floatOps: K * SOFTMAX_SCALAR_WORK.floatOpsPerLogit,
            divides: K * SOFTMAX_SCALAR_WORK.dividesPerLogit,
            l1Loads: K * SOFTMAX_SCALAR_WORK.l1LoadsPerLogit,
            l1Stores: K * SOFTMAX_SCALAR_WORK.l1StoresPerLogit,
            integerOps: K * SOFTMAX_SCALAR_WORK.integerOpsPerLogit,
          });
        }
        // reader: the row's Lt input tiles, one barrier (already in L1 when x is sharded there)
        if (!inputResident) core.readBlock(t.inputTiles, act);
        // compute: K·Lt gate-scaled input tiles (mul_tiles_bcast_cols + pack)
        core.eltwise(K * t.inputTiles, act, act, fidelity);
        core.pack(K * t.inputTiles, act);
        currentRow = row;
      }
      // reader: per expert, the Lt weight tiles of this horizon column, one barrier each
      if (!weightsResident && biasTilePerOutput) core.readBlock(1, weight);
      for (let k = 0; k < K; k++) if (!weightsResident) core.readBlock(t.inputTiles, weight);
      // compute: K·Lt matmuls into one DST tile, one pack
      core.matmul(K * t.inputTiles, act, weight, fidelity);
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
  const cores = plan.grid[0] * plan.grid[1];
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
  const launches = cost.programs.length;
  const parts: string[] = [];
  if (cost.ratioToBound <= 1.25) return `within 1.25× of the roofline bound (${cost.roofline.bound}-bound)`;
  const limiter: ProgramLimiter = slowest.limiter;
  if (limiter === 'reader scalar code' && core) {
    const k = plan.shape.experts;
    parts.push(
      `the experts reader computes the gates in scalar fp32 code (${k} exp + ${k} divisions per series; ` +
        `${us(core.readerScalarCycles)} on core (${core.x},${core.y}) at ${cost.device.scalarFloatOpCycles.value} cycles per fp32 op on ${cost.device.card}'s data-movement RISC-V), ` +
        'and every core owning tiles of a series row recomputes that row\'s gates; computing the softmax on the SFPU or once per row would remove it',
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
  const programs = plan.programs.map((program) => {
    const cores = program.name === 'router' ? routerCores(plan, program, device) : expertsCores(plan, program, device);
    return programTime(device, program.name, cores);
  });
  const seconds = programs.reduce((sum, p) => sum + p.seconds, 0);
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
