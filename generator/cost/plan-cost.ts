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
import { isSharded, TILE_BYTES } from '../plan/plan.ts';
import { CoreCounter, programTime, type CoreTime, type ProgramLimiter, type ProgramTime } from './core-cost.ts';
import { DEVICES, type DeviceConstants } from './device.ts';
import { REVIN_ROW_TILES } from '../passes/layout-tensors.ts';
import { batchTileOf, logitTilesOfRow, rowsOfLogitTile, SAMPLE_ROW_READS_UP_TO, samplesOfRow, seriesCountOfRow } from '../passes/router-rows.ts';
import { ownHiddenTiles } from '../passes/split-router-logits.ts';
import { isOwner, sameTiles } from '../passes/expert-helpers.ts';
// molegen's own constant tiles, which the model itself does not need: not part of the bound's bytes
import { ROUTER_CONSTANT_TENSORS } from '../passes/place-tensors.ts';

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
  /** The part on the forward's critical path that takes longest, and what limits it. */
  limiter: string;
  /**
   * That part: its name (a program part of `programs`, 'router statistics' — the RevIN statistics the experts wait
   * for — or 'router and experts together' — their shared DRAM), what limits it, and when it is done.
   */
  critical: { name: string; limiter: ProgramLimiter; seconds: number };
  /** How the parts follow each other or overlap, with their busy times. */
  timeline: string;
  reason: string;
  /** Largest L1 bytes any core allocates (the plan's per-program figure). */
  l1BytesPerCore: number;
  /**
   * The compute engines' work of all parts, summed over their cores (router: its statistics and gates; experts: their
   * matmuls, element-wise ops and packs), and the time it would take spread perfectly over every core of the device,
   * plus one launch: no schedule of these kernels is faster. It counts what the FLOP roofline leaves out (fp32
   * reductions, SFPU functions, packs).
   */
  workFloor: { routerCoreSeconds: number; expertsCoreSeconds: number; cores: number; seconds: number };
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

/** Where a tensor's pages are read from and written to: L1 (its own or other cores', any L1 placement) or DRAM. */
function memoryOf(plan: Plan, name: string): 'dram' | 'l1' {
  return isL1Resident(tensor(plan, name)) ? 'l1' : 'dram';
}

function formatOf(plan: Plan, name: string, fallback: TileFormat): TileFormat {
  return tensor(plan, name)?.format ?? fallback;
}

/**
 * The router kernels (templates/kernels/{dataflow/router_reader, compute/router, dataflow/router_writer}.cpp),
 * as two phases in sequence: the logit tiles each core owns, then — after the hand-off through router core 0 —
 * the RevIN statistics of each core's statistics rows, then the gates of its series rows. `statsReady`: the cycles until the last core
 * with statistics rows has written them (each computes them first, then signals stats_ready); 0 without RevIN.
 */
function routerPhases(plan: Plan, program: ProgramPlan, device: DeviceConstants): { logits: CoreTime[]; gates: CoreTime[]; statsReady: number } {
  const t = plan.tiles;
  const s = plan.shape;
  const K = s.experts;
  const f32 = TILE_BYTES.Float32;
  const act = TILE_BYTES[formatOf(plan, 'x', 'Float16_b')];
  const revin = plan.tensors.some((x) => x.name === 'revin_rows');
  const stats = plan.routerInput === 'stats';
  const x = memoryOf(plan, 'x');
  const statistics = (core: CoreCounter, rows: number): void => {
    for (let row = 0; row < rows; row++) {
      if (revin) {
        // reader: the row's inputs and its γ, β, 1/(γ + 1e-10) tiles (one barrier); compute: the statistics
        core.readBlock(t.inputTiles, act, false, x);
        core.readBlock(REVIN_ROW_TILES, f32);
        core.reduce(t.inputTiles, act, f32, 'HiFi4'); // mean: reduce of x (activation format) times 1/L
        core.pack(1, f32);
        core.eltwise(t.inputTiles, act, f32, 'HiFi4', 'add', 'cols'); // x − mean
        if (s.seqLen % 32) core.eltwise(1, 0, f32, 'HiFi4'); // · time mask (DST reused)
        core.pack(t.inputTiles, f32); // D_t = x_t − mean
        core.matmul(t.inputTiles, f32, f32, 'HiFi4'); // Σ_t D_t·D_tᵀ, accumulated in DST
        core.eltwise(1, 0, act, 'HiFi4'); // · identity (DST reused): the diagonal
        core.pack(1, f32);
        core.reduce(1, f32, f32, 'HiFi4'); // its row sum times 1/L
        core.sfpu('scalarOp', 1); // add_unary_tile: + 1e-5
        core.pack(1, f32);
        core.eltwise(4, 0, f32, 'HiFi4', 'add'); // copy_tile: v (twice), γ and 1/(γ + 1e-10)
        core.sfpu('rsqrt', 1);
        core.sfpu('binaryOp', 3); // mul_binary_tile: r·γ, r·v, σ·(1/(γ + 1e-10))
        core.pack(2, f32);
        core.eltwise(3, f32, f32, 'HiFi4', 'mul', 'cols'); // mean, γ/σ and σ/(γ + 1e-10) repeated along the rows: ones · column
        core.eltwise(1, 0, f32, 'HiFi4', 'add'); // copy_tile: β
        core.pack(4, act);
        // data formats (templates/kernels/common/formats.hpp) when the activations are not fp32: srcA to the inputs
        // and back, srcB to the identity and back, the packer to the RevIN tiles and back
        if (act !== f32) core.reconfigure(6);
        // writer: the four RevIN tiles, one barrier
        core.writeBlock(4, act, memoryOf(plan, 'revin_stats'));
      }
    }
  };
  // the constant tiles are read from DRAM or, placed L1 interleaved, from other cores' L1
  const constants = isL1Resident(tensor(plan, 'router_consts')) ? 'l1' : 'dram';
  // with STATS_FIRST each core computes its statistics rows before its logit tiles (reading the constant tiles
  // first, as the reader always does), else after them, before its gates rows
  const statsFirst = program.defines.compute.includes('STATS_FIRST');
  const statsRowsOf = (i: number): number => {
    const [begin, end] = program.statsRows?.[i] ?? [0, 0];
    return end - begin;
  };
  // GATES_PIPELINED: each core forms the gates of the rows its logit tiles hold, right after each tile
  const pipelined = program.defines.compute.includes('GATES_PIPELINED');
  const logitTilesOf = (i: number): [number, number] => program.logitTiles?.[i] ?? [0, 0];
  // the constant tiles core i's rows use, read first by its writer on the writer's NoC (router_writer.cpp): the
  // reduce scaler; for gates rows the ramp, the valid-experts mask and per row the gather template; for statistics
  // rows 1/L and a partial tile's time mask — then the K selectors and the identity (statistics rows: the identity
  // only), all under one barrier
  const readConsts = (core: CoreCounter, i: number): void => {
    const gatesRows = pipelined ? logitTilesOf(i)[1] > logitTilesOf(i)[0] : program.work[i]!.rows[1] > program.work[i]!.rows[0];
    const statsRows = statsRowsOf(i) > 0;
    const constTiles = 1 + (gatesRows ? 2 + (plan.routerLogits.kind === 'per row' ? 1 : 0) : 0) + (statsRows ? 1 + (s.seqLen % 32 ? 1 : 0) : 0);
    if (!gatesRows && !statsRows) return;
    core.writerReadBlock(constTiles, f32, constants, false);
    // the K selectors and the identity for gates rows; statistics rows only the identity (their variance's diagonal)
    core.writerReadBlock(gatesRows ? K + 1 : 1, act, constants);
  };
  const perRow = plan.routerLogits.kind === 'per row';
  const rowReadsBatched = program.defines.reader.includes('ROW_READS_BATCHED');
  const nocGather = program.defines.reader.includes('GATHER_BY_NOC');
  const gatesResident = isSharded(tensor(plan, 'gates')?.placement);
  const logitsIn = memoryOf(plan, 'logits');
  // one copy of a row's gate tiles per column block of experts cores that hold them in L1
  const gateCopies = tensor(plan, 'gates')?.copies?.count ?? 1;
  const gatesOfRow = (core: CoreCounter): void => {
    // compute: gates (templates/kernels/compute/router.cpp gates/top_k_mask) on the transposed logits, op by op:
    // column reductions (an fp32 tile and a row of each scaler face), row broadcasts (an fp32 tile and the top
    // faces' first row), ops reusing DST (binary_dest_reuse_tiles), copy_tile and transpose_wh_tile (one tile)
    const columnReduce = () => core.reduce(1, f32, f32, 'HiFi4');
    const byRow = (op: 'mul' | 'add') => core.eltwise(1, f32, f32, 'HiFi4', op, 'rows');
    const reuse = (bytes: number, op: 'mul' | 'add') => core.eltwise(1, 0, bytes, 'HiFi4', op);
    reuse(f32, 'add'); // Zᵀ: transpose_wh_tile
    core.pack(1, f32);
    if (s.topK < K) {
      for (let round = 0; round < s.topK; round++) {
        columnReduce(); // m = column max of the candidates
        core.pack(round === 0 ? 2 : 1, f32); // m (and, first round, the top-1 logit)
        byRow('add'); // W − m
        core.sfpu('eqz', 1);
        reuse(f32, 'mul'); // · ramp
        core.pack(1, f32);
        columnReduce(); // column max of F
        core.pack(1, f32);
        byRow('add'); // F − max F
        core.sfpu('eqz', 1); // onehot
        core.pack(1, f32);
        reuse(f32, 'add'); // copy onehot
        if (round > 0) reuse(f32, 'add'); // + mask
        core.pack(1, f32);
        if (round + 1 < s.topK) {
          reuse(f32, 'add'); // copy onehot
          core.sfpu('scalarOp', 1); // mul_unary_tile: · 1e38
          reuse(f32, 'add'); // W − that
          core.pack(1, f32);
        }
      }
    } else {
      columnReduce(); // column max
      core.pack(1, f32);
    }
    byRow('add'); // z − max
    // exp on the top faces' 4-row groups that hold the K ≤ 16 expert rows (VectorMode::R, 2·⌈K/4⌉ iterations a face)
    core.sfpu('exp', 1, 2, 2 * Math.ceil(K / 4));
    reuse(f32, 'mul'); // · mask
    core.pack(1, f32);
    columnReduce(); // Σ
    core.sfpu('reciprocal', 1, 2); // of row 0: the top faces (VectorMode::R)
    core.pack(1, f32);
    byRow('mul'); // e · (1/Σ)
    core.pack(1, act);
    for (let k = 0; k < K; k++) {
      core.matmul(1, act, act, 'HiFi4'); // S_k · Gᵀ
      reuse(act, 'mul'); // · identity: diag(g_k)
    }
    reuse(act, 'add'); // G: transpose_wh_tile of Gᵀ
    core.pack(K + 1, act);
    // data formats when the activations are not fp32: the packer to Gᵀ and back, srcA to Gᵀ and srcB to the
    // selectors, then both back (templates/kernels/common/formats.hpp)
    if (act !== f32) core.reconfigure(6);
  };
  const writeGatesOfRow = (core: CoreCounter): void => {
    // writer: K + 1 gate tiles, one barrier per row — to DRAM, or with GATES_RESIDENT over the NoC into the L1
    // shard of each experts core that owns tiles of the row
    if (gatesResident) {
      for (let copy = 0; copy < gateCopies; copy++) core.writerNocSend(K + 1, act);
      core.counts.writeSyncs += 1;
    } else {
      core.writeBlock(K + 1, act, memoryOf(plan, 'gates'));
    }
  };
  const logits = program.work.map((work, i) => {
    const core = new CoreCounter(device, work.x, work.y, program.l1BytesPerCore);
    if (statsFirst) {
      readConsts(core, i);
      statistics(core, statsRowsOf(i));
    }
    if (pipelined) readConsts(core, i);
    // pipelined: the compute that follows the core's last layer-2 read — its last block's matmuls and its last tile's
    // gates — cannot overlap the weight stream (the tail after it)
    let tailCycles = 0;
    const [begin, end] = logitTilesOf(i);
    // the hidden tiles this core computes: all of them, or its part in a group that shares its batch row
    const share = program.hiddenShare?.[i] ?? [0, 1];
    const [ownFirst, ownEnd] = ownHiddenTiles(t.hiddenTiles, share);
    const own = ownEnd - ownFirst;
    const members = share[1];
    let batchRow = -1;
    for (let tile = begin; tile < end; tile++) {
      if (Math.floor(tile / t.logitTiles) !== batchRow) {
        batchRow = Math.floor(tile / t.logitTiles);
        if (stats) {
          // reader: per (sample, channel) its input row (one barrier), then mean/std/min/max in scalar fp32
          const samples = Math.min(32, s.batch - batchRow * 32);
          for (let n = 0; n < samples * s.channels; n++) {
            core.readBlock(t.inputTiles, act, true, x);
            core.readerScalar({ floatOps: 6 * s.seqLen + 30, l1Loads: 2 * s.seqLen, l1Stores: 4 });
          }
        } else {
          core.readBlock(t.featureTiles, f32, true, memoryOf(plan, 'features'));
        }
        for (let h = 0; h < own; h++) core.readBlock(t.featureTiles, f32);
        core.matmul(own * t.featureTiles, f32, f32, 'HiFi4');
        core.sfpu('relu', own);
        core.pack(own, f32);
        if (members > 1) {
          // the group's exchange (hidden_share.hpp): the reader bumps every other member's ready semaphore and
          // waits (one round trip) for every part; the writer sends each of its tiles to every member, member by
          // member, then bumps their filled semaphores (a write barrier and an atomic barrier)
          for (let m = 1; m < members; m++) core.nocSend(0, f32);
          core.counts.readSyncs += 1;
          for (let n = 0; n < own * members; n++) core.writerNocSend(1, f32);
          for (let m = 0; m < members; m++) core.writerNocSend(0, f32);
          core.counts.writeSyncs += 2;
        }
      }
      for (let h0 = 0; h0 < t.hiddenTiles; h0 += t.routerWeightBlock) core.readBlock(Math.min(t.routerWeightBlock, t.hiddenTiles - h0), f32);
      const beforeTile = core.counts.computeCycles;
      core.matmul(t.hiddenTiles, f32, f32, 'HiFi4');
      core.pack(1, f32);
      if (!pipelined) {
        core.writeTiles(1, f32, true, memoryOf(plan, 'logits'));
        continue;
      }
      const lastBlock = ((core.counts.computeCycles - beforeTile) * Math.min(t.routerWeightBlock, t.hiddenTiles)) / t.hiddenTiles;
      const beforeGates = core.counts.computeCycles;
      for (const row of rowsOfLogitTile(plan, tile, t.logitTiles)) {
        // writer: the row's template on a page's first use, then one K·4-byte read per series from this core's own
        // logit tile (a local NoC read) under one barrier, padding series' expert columns zeroed by scalar stores
        const series = seriesCountOfRow(plan, row);
        if (series > 0) core.writerReadBlock(series, K * 4, 'l1');
        core.counts.writerTransferCycles += (32 - series) * K * device.l1StoreCycles.value;
        gatesOfRow(core);
        writeGatesOfRow(core);
      }
      tailCycles = lastBlock + core.counts.computeCycles - beforeGates;
    }
    if (pipelined && begin < end) {
      // writer: the template into each of the two gather pages on its first use, one barrier each
      core.writerReadBlock(1, f32, constants);
      core.writerReadBlock(1, f32, constants);
    }
    return { ...core.finish(), tailCycles };
  });
  // pipelined, the gates went with the logit tiles: there is no second phase
  const gates = (pipelined ? [] : program.work).map((work, i) => {
    const core = new CoreCounter(device, work.x, work.y, program.l1BytesPerCore);
    // the hand-off: a semaphore to router core 0 and one back (a core-to-core round trip each)
    if (!perRow) core.counts.readSyncs += 2;
    // writer, once: the constant tiles (gates and statistics rows use them), the K selectors and the identity
    // (gates rows only), under one barrier
    if (!statsFirst) {
      readConsts(core, i);
      // the statistics rows first (the experts wait for them before they need the gates), then the gates rows
      statistics(core, statsRowsOf(i));
    }
    for (let row = work.rows[0]; row < work.rows[1]; row++) {
      const needed = logitTilesOfRow(plan, row).length;
      if (perRow) {
        // reader: the row's series features with the first layer-1 column, then one barrier per layer-1 column;
        // per logit tile its mask and selection with its layer-2 blocks
        core.readBlock(t.featureTiles, f32, false, memoryOf(plan, 'series_features'));
        if (rowReadsBatched) {
          // ROW_READS_BATCHED: every layer-1 column under one barrier with the features, every logit tile's mask,
          // selection and layer-2 column under one more
          core.readBlock(t.hiddenTiles * t.featureTiles, f32);
          core.readBlock(2 * needed, f32, false, constants);
          core.readBlock(needed * t.hiddenTiles, f32);
        } else {
          for (let h = 0; h < t.hiddenTiles; h++) core.readBlock(t.featureTiles, f32);
          for (let j = 0; j < needed; j++) {
            core.readBlock(2, f32, false, constants);
            for (let h0 = 0; h0 < t.hiddenTiles; h0 += t.routerWeightBlock) core.readBlock(Math.min(t.routerWeightBlock, t.hiddenTiles - h0), f32);
          }
        }
        // compute: each series' hidden units relu(features·W0), each logit tile and its mask, then the template
        // and the selection matmuls
        core.matmul(t.hiddenTiles * t.featureTiles, f32, f32, 'HiFi4');
        core.sfpu('relu', t.hiddenTiles);
        core.pack(t.hiddenTiles, f32);
        core.matmul(needed * t.hiddenTiles, f32, f32, 'HiFi4');
        core.eltwise(needed, 0, f32, 'HiFi4', 'mul'); // · channel mask, DST reused: only the mask is unpacked
        core.pack(needed, f32);
        core.eltwise(1, 0, f32, 'HiFi4', 'add'); // copy_tile: the template
        core.matmul(needed, f32, f32, 'HiFi4');
        core.pack(1, f32);
      } else if (nocGather) {
        // reader (GATHER_BY_NOC): the template on a page's first use (its own barrier), then one K·4-byte read per
        // series under one barrier; padding series' expert columns zeroed by scalar stores
        if (row - work.rows[0] < 2) core.readBlock(1, f32, true, constants);
        const series = seriesCountOfRow(plan, row);
        if (series > 0) core.readBlock(series, K * 4, true, logitsIn);
        core.readerScalar({ l1Stores: (32 - series) * K, integerOps: 32 * 20 });
      } else {
        // reader: the row's logit tiles in one block (and the gather template on a page's first use), then the gather
        // (only the rows of the row's samples when it holds few: two 64-byte face rows per sample and tile)
        const samples = samplesOfRow(plan, row);
        if (row - work.rows[0] < 2) core.readBlock(1, f32, false, constants);
        if (samples <= SAMPLE_ROW_READS_UP_TO) core.readBlock(needed * samples * 2, 16 * 4, true, logitsIn);
        else core.readBlock(needed, f32, true, logitsIn);
        core.readerScalar({ l1Stores: 32 * K, l1Loads: 32 * K, integerOps: 32 * (20 + K * 12) });
      }
      gatesOfRow(core);
      writeGatesOfRow(core);
    }
    return core.finish();
  });
  // the statistics are in once the last core with statistics rows has written them: its constants and statistics
  // rows, after its logit tiles unless STATS_FIRST
  let statsReady = 0;
  program.work.forEach((work, i) => {
    if (!revin || statsRowsOf(i) === 0) return;
    const core = new CoreCounter(device, work.x, work.y, program.l1BytesPerCore);
    readConsts(core, i);
    statistics(core, statsRowsOf(i));
    statsReady = Math.max(statsReady, (statsFirst ? 0 : logits[i]!.cycles) + core.finish().cycles);
  });
  return { logits, gates, statsReady };
}

/**
 * The experts kernels (templates/kernels/{dataflow/experts_reader, compute/experts}.cpp), per core, in three
 * parts: before the router's results are needed (the first row's — with PARTIALS_FIRST every row's — inputs,
 * weights and partial forecasts — or,
 * with RevIN, only the first row's inputs, since compute normalises with the router's statistics first); with
 * RevIN, once the statistics are in, the first row's normalisation, time-MLP and partial forecasts
 * (afterStats); and everything that needs the gates (the mixture and the later rows).
 */
function expertsCores(plan: Plan, program: ProgramPlan, device: DeviceConstants): { beforeGates: CoreTime[]; afterStats: CoreTime[]; afterGates: CoreTime[] } {
  const t = plan.tiles;
  const s = plan.shape;
  const act = TILE_BYTES[formatOf(plan, 'x', 'Float16_b')];
  const weight = TILE_BYTES[formatOf(plan, 'expert_weights', 'Float16_b')];
  const K = s.experts;
  const shared = program.defines.reader.includes('WEIGHTS_SHARED');
  const multicast = program.defines.reader.includes('SHARE_MULTICAST');
  const partialsFirst = program.defines.compute.includes('PARTIALS_FIRST');
  const gatesResident = program.defines.reader.includes('GATES_RESIDENT');
  const weightsInL1 = isL1Resident(tensor(plan, 'expert_weights')) || shared;
  // the inputs in the core's own shard (X_RESIDENT), else read from DRAM or other cores' L1; the outputs packed
  // into its own shard (OUT_RESIDENT), else written to DRAM or other cores' L1
  const inputResident = program.defines.reader.includes('X_RESIDENT');
  const outputResident = program.defines.compute.includes('OUT_RESIDENT');
  const x = memoryOf(plan, 'x');
  const y = memoryOf(plan, 'y');
  const revin = plan.tensors.some((x) => x.name === 'revin_rows');
  // RevIN folded into the mixture (REVIN_FOLDED): partial forecasts of the raw inputs, the statistics at the mixture
  const folded = program.defines.compute.includes('REVIN_FOLDED');
  const D = t.mlpTiles;
  const fidelity = plan.numerics.mathFidelity;
  const beforeGates: CoreTime[] = [];
  const afterStats: CoreTime[] = [];
  const afterGates: CoreTime[] = [];
  for (const work of program.work) {
    const before = new CoreCounter(device, work.x, work.y, program.l1BytesPerCore);
    const normalised = new CoreCounter(device, work.x, work.y, program.l1BytesPerCore);
    const after = new CoreCounter(device, work.x, work.y, program.l1BytesPerCore);
    // with expert groups, this core's experts; an owner (first expert 0) mixes, its helpers send it their partials
    const [firstExpert, endExpert] = work.experts ?? [0, K];
    const ownExperts = endExpert - firstExpert;
    const owner = isOwner(work);
    const helpers = owner ? program.work.filter((w) => !isOwner(w) && sameTiles(w, work)).length : 0;
    if (shared) {
      // the column group's exchange (weight_share.hpp): this core's slice from DRAM — the reader moves the first
      // half, the writer the second, each on its own NoC — and to every other member the part of it that member
      // uses (its experts' tile rows, and the bias row if it mixes), or with SHARE_MULTICAST all of it to the whole
      // group at once; a semaphore round before the writes and one after, and the write acknowledgements
      const group = program.work.filter((w) => w.cols[0] === work.cols[0] && w.cols[1] === work.cols[1]);
      const cols = work.cols[1] - work.cols[0];
      const slots = t.weightSetRows * cols;
      const index = group.indexOf(work);
      const first = Math.floor((slots * index) / group.length);
      const last = Math.floor((slots * (index + 1)) / group.length);
      const middle = first + Math.floor((last - first) / 2);
      before.readBlock(middle - first, weight);
      before.writerReadBlock(last - middle, weight);
      if (multicast && group.length > 1) {
        // SHARE_MULTICAST: each half to the whole group in one multicast
        if (middle > first) before.nocSend(middle - first, weight);
        if (last > middle) before.writerNocSend(last - middle, weight);
      }
      const overlap = (a: number, b: number, c: number, d: number): number => Math.max(0, Math.min(b, d) - Math.max(a, c));
      for (const peer of multicast ? [] : group) {
        if (peer === work) continue;
        const [k0, k1] = peer.experts ?? [0, K];
        const used: Array<[number, number]> = [[k0 * t.inputTiles * cols, k1 * t.inputTiles * cols]];
        if (k0 === 0) used.push([(t.weightSetRows - t.mixtureRows) * cols, slots]);
        for (const [u0, u1] of used) {
          const fromReader = overlap(first, middle, u0, u1);
          const fromWriter = overlap(middle, last, u0, u1);
          if (fromReader > 0) before.nocSend(fromReader, weight);
          if (fromWriter > 0) before.writerNocSend(fromWriter, weight);
        }
      }
      // (the slice reads' DRAM barriers are counted above; the rest wait on other cores)
      before.counts.readSyncs += group.length > 1 ? 3 : 1;
      before.counts.writeSyncs += group.length > 1 ? 2 : 0;
    }
    const tiles = outputTilesOf(work, t.horizonTiles);
    const colsOfRow = new Map<number, number>();
    for (const [row] of tiles) colsOfRow.set(row, (colsOfRow.get(row) ?? 0) + 1);
    [...colsOfRow.keys()].forEach((row, i) => {
      const cols = colsOfRow.get(row)!;
      // the first row's work up to the gates — every row's with PARTIALS_FIRST — overlaps the router (with RevIN,
      // from its inputs on only once the statistics are in); the rest waits for the gates
      const early = i === 0 || partialsFirst;
      const core = early ? before : after;
      // with WEIGHTS_SHARED the first row's inputs are read under the weight exchange's barrier
      if (!inputResident) core.readBlock(t.inputTiles, act, !(shared && i === 0), x);
      const routed = early ? (revin && !folded ? normalised : before) : after;
      if (revin && !folded) {
        // reader: the row's four RevIN tiles; compute, per input tile: copy x to DST, then − mean, · γ/σ, + β
        // with DST reused as an operand
        routed.readBlock(4, act, true, memoryOf(plan, 'revin_stats'));
        routed.eltwise(t.inputTiles, 0, act, fidelity, 'add');
        routed.eltwise(2 * t.inputTiles, 0, act, fidelity, 'add');
        routed.eltwise(t.inputTiles, 0, act, fidelity, 'mul');
        routed.pack(t.inputTiles, act);
      }
      if (D > 0) {
        // the residual time-MLP: weights streamed per row
        for (let d = 0; d < D; d++) {
          routed.readBlock(t.inputTiles, weight);
          routed.readBlock(1, weight);
        }
        for (let l = 0; l < t.inputTiles; l++) {
          routed.readBlock(D, weight);
          routed.readBlock(1, weight);
        }
        routed.matmul(2 * D * t.inputTiles, act, weight, fidelity);
        routed.eltwise(D + 2 * t.inputTiles, act, weight, fidelity);
        routed.sfpu('relu', D);
        routed.pack(D + t.inputTiles, act);
      }
      // partial forecasts: per output tile and expert of this core's, its Lt weight tiles (one barrier) and Lt
      // matmuls, one pack
      for (let c = 0; c < cols; c++) {
        if (!weightsInL1) for (let k = 0; k < ownExperts; k++) routed.readBlock(t.inputTiles, weight);
        routed.matmul(ownExperts * t.inputTiles, act, weight, fidelity);
        routed.pack(ownExperts, act);
      }
      if (!owner) {
        // a helper: the owner's ready signal (one round trip), its tiles written into the owner's L1, a write
        // barrier and the filled signal
        routed.writerNocSend(cols * ownExperts, act);
        routed.counts.writeSyncs += 3;
        return;
      }
      if (helpers > 0) {
        // an owner: the ready signal to each helper, then the wait until all have written (one round trip)
        for (let h = 0; h < helpers; h++) after.nocSend(0, act);
        after.counts.readSyncs += 1;
      }
      // the mixture: the row's K + 1 gate tiles, per output tile its bias tile, K + 1 matmuls, RevIN's
      // denormalisation, one pack
      if (!gatesResident) after.readBlock(K + 1, act, true, memoryOf(plan, 'gates')); // with GATES_RESIDENT already in this core's L1
      if (folded) {
        // the row's four RevIN tiles (one barrier); u = β − (γ/σ)·mean (a product of two tiles, then β − DST) and
        // G⊙u, each packed
        after.readBlock(4, act, true, memoryOf(plan, 'revin_stats'));
        after.eltwise(1, act, act, fidelity, 'mul');
        after.eltwise(1, 0, act, fidelity, 'add');
        after.pack(1, act);
        after.eltwise(1, act, act, fidelity, 'mul');
        after.pack(1, act);
      }
      for (let c = 0; c < cols; c++) {
        if (!weightsInL1) after.readBlock(t.mixtureRows, weight);
        after.matmul(K + 1, act, act, fidelity);
        if (folded) {
          // · γ/σ (DST reused), then (G⊙u)·S
          after.eltwise(1, 0, act, fidelity, 'mul');
          after.matmul(1, act, weight, fidelity);
        }
        if (revin) {
          // (o − β)·σ/(γ + 1e-10) + mean, DST reused as an operand
          after.eltwise(2, 0, act, fidelity, 'add');
          after.eltwise(1, 0, act, fidelity, 'mul');
        }
        after.pack(1, act);
        // weights in another format than the activations: srcA to the weights' format for the bias matmul and back
        // for the partial forecasts (templates/kernels/common/formats.hpp)
        if (weight !== act) after.reconfigure(2);
      }
    });
    // only an owner writes output tiles: a row's tiles under one write barrier (experts_writer.cpp)
    if (owner && outputResident) after.nocSend(tiles.length, act);
    else if (owner) for (const cols of colsOfRow.values()) after.writeBlock(cols, act, y);
    beforeGates.push(before.finish());
    afterStats.push(normalised.finish());
    afterGates.push(after.finish());
  }
  return { beforeGates, afterStats, afterGates };
}

/** The compute work of every part's cores, and that work spread perfectly over the device's cores after one launch. */
function workFloor(programs: ProgramTime[], plan: Plan, device: DeviceConstants, launchSeconds: number): PlanCost['workFloor'] {
  const clock = device.clockHz.value;
  const coreSeconds = (prefix: string): number =>
    programs.filter((p) => p.name.startsWith(prefix)).reduce((sum, p) => sum + p.cores.reduce((s, c) => s + c.computeCycles, 0), 0) / clock;
  const routerCoreSeconds = coreSeconds('router');
  const expertsCoreSeconds = coreSeconds('experts');
  const cores = plan.deviceGrid[0] * plan.deviceGrid[1];
  return { routerCoreSeconds, expertsCoreSeconds, cores, seconds: launchSeconds + (routerCoreSeconds + expertsCoreSeconds) / cores };
}

/**
 * The roofline bound of a plan's model: one program launch + max(min bytes / peak DRAM, flops / peak FPU). Min bytes
 * are the model's own tensors at tile padding — inputs, weights (unless L1-resident), outputs — not the layouts
 * molegen's kernels add (constant tiles, RevIN's per-row parameter tiles, the diagonal gate tiles), so a plan that
 * moves more bytes does not raise its own bound.
 */
export function roofline(plan: Plan): Roofline {
  const device = DEVICES[plan.arch];
  const t = plan.tiles;
  const clock = device.clockHz.value;
  let minBytes = 0;
  for (const tensor of plan.tensors) {
    if (tensor.role === 'intermediate' || ROUTER_CONSTANT_TENSORS.has(tensor.name)) continue;
    if (tensor.role === 'weight' && isL1Resident(tensor)) continue;
    // the time features once per sample, however many series rows repeat them for the per-row router
    if (tensor.name === 'series_features') {
      minBytes += t.batchTiles * t.featureTiles * TILE_BYTES[tensor.format];
      continue;
    }
    // RevIN's affine parameters as the model has them, γ and β per channel — not the per-row γ, β, 1/(γ + 1e-10)
    // tiles the kernels read
    if (tensor.name === 'revin_rows') {
      minBytes += Math.ceil(plan.shape.channels / 32) * TILE_BYTES[tensor.format];
      continue;
    }
    // the gate matrix (series × expert) once — not the K diagonal tiles the mixture multiplies by, nor the copies of
    // them the experts cores hold
    if (tensor.name === 'gates') {
      minBytes += t.seriesTiles * Math.ceil(plan.shape.experts / 32) * TILE_BYTES[tensor.format];
      continue;
    }
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

/** What limits a part of the one program: it pays no launch of its own, so then its slowest core's busiest stream. */
const partLimiter = (p: ProgramTime): ProgramLimiter => (p.limiter === 'program launch' && p.slowestCore ? p.slowestCore.bottleneck : p.limiter);

/** Why a plan sits where it does relative to its bound, naming the limiter with numbers. */
export function explain(cost: Omit<PlanCost, 'reason'>, plan: Plan): string {
  const us = (cycles: number): string => `${((cycles / cost.device.clockHz.value) * 1e6).toFixed(1)} µs`;
  const launches = plan.dispatch.kind === 'one program' ? 1 : plan.programs.length;
  const parts: string[] = [];
  if (cost.ratioToBound <= 1.25) return `within 1.25× of the roofline bound (${cost.roofline.bound}-bound)`;
  if (cost.critical.name === 'router statistics') {
    const normalised = cost.programs.find((p) => p.name === 'experts normalised partials');
    const statsFirst = plan.programs.some((p) => p.name === 'router' && p.defines.compute.includes('STATS_FIRST'));
    parts.push(
      `the experts normalise their inputs only once the RevIN statistics are in, at ${(cost.critical.seconds * 1e6).toFixed(1)} µs: each router core computes its statistics rows ${statsFirst ? 'before' : 'after'} its logit tiles, on the compute engine (mean, x − mean and the variance as a Gram matrix's diagonal over the ${plan.tiles.inputTiles} input tiles of a row in fp32, rsqrt)` +
        (normalised ? `; the normalised partial forecasts then take ${us(normalised.deviceCycles - normalised.fixedCycles)} (${partLimiter(normalised)})` : ''),
    );
    return `${cost.ratioToBound.toFixed(1)}× the roofline bound: limited by the RevIN statistics — ${parts.join('; ')}`;
  }
  const slowest = cost.programs.find((p) => p.name === cost.critical.name) ?? cost.programs.reduce((a, b) => (b.cycles > a.cycles ? b : a));
  const core = slowest.slowestCore;
  const limiter = cost.critical.limiter;
  const experts = plan.programs.find((p) => p.name === 'experts');
  const weightsOnce = experts !== undefined && ['WEIGHTS_SHARED', 'WEIGHTS_RESIDENT'].some((d) => experts.defines.reader.includes(d));
  if (limiter === 'reader scalar code' && core) {
    const where = `${us(core.readerScalarCycles)} on core (${core.x},${core.y})`;
    if (slowest.name === 'router logits') {
      parts.push(
        `the router reader computes the window statistics (mean, std, min, max of every sample and channel) in scalar fp32 code: ` +
          `${where} at ${cost.device.scalarFloatOpCycles.value} cycles per fp32 op on ${cost.device.card}'s data-movement RISC-V`,
      );
    } else {
      parts.push(
        `the router reader gathers each series' ${plan.shape.experts} logits into its row of the gates tile by scalar L1 loads and stores with index arithmetic: ` +
          `${where} (${cost.device.l1LoadCycles.value} cycles per load, ${cost.device.l1StoreCycles.value} per store)`,
      );
    }
  } else if (limiter === 'reader DRAM latency' && core) {
    parts.push(`the ${slowest.name} reader waits ${core.readBarriers} times on a DRAM round trip (${us(core.readBarriers * cost.device.dramLatencyCycles.value)}) on core (${core.x},${core.y}); deeper buffering or fewer, larger blocks would hide it`);
  } else if (limiter === 'reader core-to-core waits' && core) {
    parts.push(
      `the ${slowest.name} reader waits ${core.readSyncs} times on other cores (semaphores, reads from or writes into their L1: ${us(core.readSyncs * cost.device.nocRoundTripCycles.value)} at one NoC round trip of ${cost.device.nocRoundTripCycles.value} cycles each) on core (${core.x},${core.y})`,
    );
  } else if (limiter === 'reader NoC transfers' && core) {
    const reReads = slowest.name.startsWith('experts') && !weightsOnce ? ': weight tiles are re-read for every output tile instead of once per core' : '';
    parts.push(
      `the ${slowest.name} reader spends ${us(core.readerTransferCycles)} on NoC transfers on core (${core.x},${core.y}) (${(core.dramReadBytes / 1024).toFixed(0)} KiB from DRAM${core.l1ReadBytes > 0 ? `, ${(core.l1ReadBytes / 1024).toFixed(0)} KiB from other cores' L1` : ''}, and any core-to-core sends, at ${cost.device.nocBytesPerCycle.value} B/cycle and ${cost.device.nocIssueCycles.value} cycles per transfer)${reReads}`,
    );
  } else if (limiter === 'chip DRAM bandwidth' && cost.critical.name === 'router and experts together') {
    const concurrent = cost.programs.filter((p) => p.name.startsWith('router') || p.name === 'experts partials' || p.name === 'experts normalised partials');
    const bytes = concurrent.reduce((sum, p) => sum + p.dramBytes, 0);
    const routerBytes = concurrent.filter((p) => p.name.startsWith('router')).reduce((sum, p) => sum + p.dramBytes, 0);
    parts.push(
      `the router and the experts, running side by side, read and write ${(bytes / 1e6).toFixed(2)} MB of DRAM together (router ${(routerBytes / 1e6).toFixed(2)} MB, experts ${((bytes - routerBytes) / 1e6).toFixed(2)} MB; ` +
        `${(bytes / cost.roofline.minBytes).toFixed(1)}× the model's minimum bytes): ${(cost.critical.seconds * 1e6).toFixed(1)} µs at the chip's sustained ${(cost.device.dramSustainedBytesPerSecond.value / 1e9).toFixed(0)} GB/s, before the experts' mixture`,
    );
  } else if (limiter === 'chip DRAM bandwidth') {
    const times = slowest.dramBytes / cost.roofline.minBytes;
    const floor = `${us((slowest.dramBytes / cost.device.dramSustainedBytesPerSecond.value) * cost.device.clockHz.value)} at the chip's sustained ${(cost.device.dramSustainedBytesPerSecond.value / 1e9).toFixed(0)} GB/s`;
    parts.push(
      times > 1
        ? `all cores together read ${(slowest.dramBytes / 1e6).toFixed(2)} MB in the ${slowest.name} program, ${times.toFixed(1)}× the model's minimum bytes (weights re-read per output tile): ${floor}`
        : `all cores together read ${(slowest.dramBytes / 1e6).toFixed(2)} MB in the ${slowest.name} program (${(times * 100).toFixed(0)}% of the model's minimum bytes, which every forward must read): ${floor}, the DRAM floor of that part, before the parts that follow it`,
    );
  } else if (limiter === 'program launch') {
    parts.push(`the work is too small to cover the fixed cost of ${launches} program launches (${us(slowest.fixedCycles)} device + ${(cost.device.dispatchSeconds.value * 1e6).toFixed(1)} µs dispatch each; the bound counts one)`);
  } else if (limiter === 'compute' && core) {
    const floor = cost.workFloor;
    const micro = (seconds: number): string => `${(seconds * 1e6).toFixed(0)}`;
    parts.push(
      `compute on core (${core.x},${core.y}) (${core.matmulTiles} matmul and ${core.eltwiseTiles} eltwise tiles) is serialised over ${slowest.cores.length} of ${plan.grid[0] * plan.grid[1]} cores; ` +
        `all the kernels' compute work (router ${micro(floor.routerCoreSeconds)} core-µs, experts ${micro(floor.expertsCoreSeconds)} core-µs) spread perfectly over the ${floor.cores} cores would take ${((floor.seconds - cost.roofline.launchSeconds) * 1e6).toFixed(1)} µs after the launch, ${(floor.seconds / cost.roofline.seconds).toFixed(2)}× the bound`,
    );
  } else if (limiter === 'writer' && core) {
    parts.push(`the writer waits for every tile's write acknowledgement on core (${core.x},${core.y})`);
  }
  if (launches > 1) parts.push(`${launches} programs each pay a launch while the bound counts one`);
  return `${cost.ratioToBound.toFixed(1)}× the roofline bound: limited by ${limiter} — ${parts.join('; ')}`;
}

/** Busy cycles of a part: its slowest core or the chip's DRAM, whichever is longer. */
const busyCycles = (part: ProgramTime): number => part.deviceCycles - part.fixedCycles;

/**
 * Modeled device time of a plan. The forward's parts: the router's logits, then its gates (and RevIN
 * statistics); the experts' work on their first row that needs nothing from the router (inputs, weights, and
 * without RevIN the partial forecasts); with RevIN, once the statistics are in, the first row's normalisation
 * and partial forecasts; then the mixture and the remaining rows, which need the gates. With one program the
 * router and the experts' first parts run at the same time on different cores (sharing the chip's DRAM); with
 * two programs everything runs back to back. The forward pays one launch (fixed cycles and dispatch) per program.
 */
export function modelPlan(plan: Plan): PlanCost {
  const device = DEVICES[plan.arch];
  const clock = device.clockHz.value;
  const programs: ProgramTime[] = [];
  let routerCycles = 0;
  let statsReadyCycles = 0;
  let routerDramBytes = 0;
  let expertsBefore: ProgramTime | undefined;
  let expertsNormalised: ProgramTime | undefined;
  let expertsAfter: ProgramTime | undefined;
  let routerParts: ProgramTime[] = [];
  for (const program of plan.programs) {
    if (program.name === 'router') {
      const phases = routerPhases(plan, program, device);
      // pipelined (no gates phase), one part: each core's logit tiles with the gates of their rows
      routerParts = [programTime(device, phases.gates.length > 0 ? 'router logits' : 'router logits and gates', phases.logits)];
      if (phases.gates.length > 0) routerParts.push(programTime(device, 'router gates', phases.gates));
      programs.push(...routerParts);
      for (const part of routerParts) {
        routerCycles += busyCycles(part);
        routerDramBytes += part.dramBytes;
      }
      statsReadyCycles = Math.min(phases.statsReady, routerCycles);
    } else {
      const parts = expertsCores(plan, program, device);
      expertsBefore = programTime(device, 'experts partials', parts.beforeGates);
      if (parts.afterStats.some((c) => c.cycles > 0)) expertsNormalised = programTime(device, 'experts normalised partials', parts.afterStats);
      expertsAfter = programTime(device, 'experts mixture', parts.afterGates);
      programs.push(...[expertsBefore, expertsNormalised, expertsAfter].filter((p): p is ProgramTime => p !== undefined));
    }
  }
  const launches = plan.dispatch.kind === 'one program' ? 1 : plan.programs.length;
  const beforeCycles = expertsBefore ? busyCycles(expertsBefore) : 0;
  const normalisedCycles = expertsNormalised ? busyCycles(expertsNormalised) : 0;
  const afterCycles = expertsAfter ? busyCycles(expertsAfter) : 0;
  let concurrentCycles: number;
  let timeline: string;
  // The part the forward waits on longest along its critical path (with two programs: the slowest part).
  let critical: { name: string; limiter: ProgramLimiter; cycles: number } = programs.reduce((a, b) => (b.cycles > a.cycles ? b : a));
  const us = (cycles: number): string => `${((cycles / clock) * 1e6).toFixed(1)} µs`;
  if (plan.dispatch.kind === 'one program') {
    // the router's cores and the experts' first parts run together; both read DRAM. With RevIN the experts
    // normalise once the statistics are in (stats_ready), and mix once the gates are (gates_ready).
    // with RevIN normalised first, the experts' partial forecasts wait for the statistics; folded, they do not
    const partialsDone = expertsNormalised ? Math.max(statsReadyCycles, beforeCycles) + normalisedCycles : beforeCycles;
    const dramBytes = routerDramBytes + (expertsBefore?.dramBytes ?? 0) + (expertsNormalised?.dramBytes ?? 0);
    const sharedDram = (dramBytes / device.dramSustainedBytesPerSecond.value) * clock;
    concurrentCycles = Math.max(routerCycles, partialsDone, sharedDram);
    const waits = routerCycles >= partialsDone ? `the experts wait ${us(routerCycles - partialsDone)} for the gates` : `the gates are ready ${us(partialsDone - routerCycles)} before the experts need them`;
    const experts = expertsNormalised
      ? `experts inputs ${us(beforeCycles)}, then from the statistics (in at ${us(statsReadyCycles)}) normalised partials ${us(normalisedCycles)}`
      : `experts partials ${us(beforeCycles)}`;
    timeline = `router ${us(routerCycles)} ∥ ${experts} (${waits}), then the experts' mixture ${us(afterCycles)}`;
    const chain: Array<{ name: string; limiter: ProgramLimiter; cycles: number }> = [];
    const asPart = (p: ProgramTime | undefined) => (p ? [{ name: p.name, limiter: partLimiter(p), cycles: busyCycles(p) }] : []);
    if (sharedDram >= Math.max(routerCycles, partialsDone)) chain.push({ name: 'router and experts together', limiter: 'chip DRAM bandwidth', cycles: sharedDram });
    else if (routerCycles >= partialsDone) chain.push(...routerParts.flatMap(asPart));
    else if (expertsNormalised && statsReadyCycles > beforeCycles) chain.push({ name: 'router statistics', limiter: 'compute', cycles: statsReadyCycles }, ...asPart(expertsNormalised));
    else chain.push(...asPart(expertsBefore), ...asPart(expertsNormalised));
    chain.push(...asPart(expertsAfter));
    critical = chain.reduce((a, b) => (b.cycles > a.cycles ? b : a));
  } else {
    concurrentCycles = routerCycles + beforeCycles + normalisedCycles;
    timeline = `router ${us(routerCycles)}, then experts ${us(beforeCycles + normalisedCycles + afterCycles)}, back to back`;
  }
  const seconds = (concurrentCycles + afterCycles) / clock + launches * (device.programFixedCycles.value / clock + device.dispatchSeconds.value);
  const bound = roofline(plan);
  const partial = {
    arch: plan.arch,
    device,
    programs,
    seconds,
    seqPerSecond: plan.shape.batch / seconds,
    roofline: bound,
    ratioToBound: seconds / bound.seconds,
    limiter: `${critical.name}: ${critical.limiter}`,
    critical: { name: critical.name, limiter: critical.limiter, seconds: critical.cycles / clock },
    timeline,
    l1BytesPerCore: Math.max(...plan.programs.map((p) => p.l1BytesPerCore)),
    workFloor: workFloor(programs, plan, device, bound.launchSeconds),
  };
  return { ...partial, reason: explain(partial, plan) };
}
