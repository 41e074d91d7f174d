// The per-core stream model every estimate in generator/cost shares. A core runs three concurrent
// streams — the reader RISC-V (NoC reads, their barriers, and any scalar work it does), the compute
// engine (unpack → FPU/SFPU → pack, pipelined), and the writer RISC-V — coupled by double-buffered
// circular buffers, so a core takes as long as its slowest stream. A program takes as long as its
// slowest core, or the chip's DRAM if all cores together ask for more than it delivers, plus a fixed
// launch/fill/drain cost. Counting is done by callers through CoreCounter; this file only turns
// counts into cycles with the constants of device.ts. No I/O, no plan knowledge.

import type { MathFidelity } from '../../dsl/config.ts';
import type { DeviceConstants, SfpuFunction } from './device.ts';

/** The streams a core's time can be limited by. */
export type StreamName = 'reader NoC transfers' | 'reader DRAM latency' | 'reader core-to-core waits' | 'reader scalar code' | 'compute' | 'writer';

export interface CoreCounts {
  x: number;
  y: number;
  dramReadBytes: number;
  dramWriteBytes: number;
  /** Bytes read from other cores' L1 (L1-interleaved tensors): NoC time, no DRAM. */
  l1ReadBytes: number;
  /** Read barriers the reader waits on for DRAM (each costs one DRAM round trip). */
  readBarriers: number;
  /** Write barriers the writer waits on for DRAM. */
  writeBarriers: number;
  /**
   * Waits of the reader on other cores (each one NoC round trip between Tensix cores, no DRAM): a read from another
   * core's L1, a semaphore another core bumps, the acknowledgement of a write into another core's L1.
   */
  readSyncs: number;
  /** Waits of the writer on other cores: acknowledgements of its writes and semaphore increments to other cores' L1. */
  writeSyncs: number;
  tilesRead: number;
  tilesWritten: number;
  tilesUnpacked: number;
  tilesPacked: number;
  matmulTiles: number;
  eltwiseTiles: number;
  sfpuTiles: number;
  /** Scalar RISC-V cycles on the reader (e.g. a softmax in plain C++). */
  readerScalarCycles: number;
  computeCycles: number;
  readerTransferCycles: number;
  writerTransferCycles: number;
  /** Bytes of circular buffers this core allocates. */
  l1Bytes: number;
}

export interface CoreTime extends CoreCounts {
  readerCycles: number;
  writerCycles: number;
  cycles: number;
  bottleneck: StreamName;
  /**
   * Compute that waits for the core's last read and so cannot overlap the streams (e.g. a pipelined router core's last
   * tile's gates): the core ends no earlier than its last read — or the chip's DRAM, if that is later — plus this.
   */
  tailCycles?: number;
}

/**
 * How much of a binary FPU op's second operand the unpacker reads (tt-llk tt_llk_wormhole_b0/llk_lib): all of it;
 * 'cols' for the *_tiles_bcast_cols ops, faces 0 and 2 only — the tile's left columns, which the FPU repeats
 * (llk_unpack_AB.h, the BroadcastType::COL MOP unpacks srcB once per pair of srcA faces); 'scaler' for a
 * reduction's scaler tile, one 16-datum row per face (llk_unpack_AB_reduce.h sets unpacker B's x end to one row).
 */
// How much of the second operand's tile the unpacker reads: all of it; a column broadcast's left faces; one row of
// each face of a reduction's scaler; a row broadcast's first row of the top faces.
export type SecondOperand = 'tile' | 'cols' | 'scaler' | 'rows';
const SECOND_OPERAND_SHARE: Record<SecondOperand, number> = { tile: 1, cols: 1 / 2, scaler: 1 / 16, rows: 1 / 32 };

/** Accumulates what one core does, in the order its kernels do it. */
export class CoreCounter {
  readonly counts: CoreCounts;

  constructor(
    private readonly device: DeviceConstants,
    x: number,
    y: number,
    l1Bytes: number,
  ) {
    this.counts = {
      x, y, dramReadBytes: 0, dramWriteBytes: 0, l1ReadBytes: 0, readBarriers: 0, writeBarriers: 0, readSyncs: 0, writeSyncs: 0, tilesRead: 0, tilesWritten: 0,
      tilesUnpacked: 0, tilesPacked: 0, matmulTiles: 0, eltwiseTiles: 0, sfpuTiles: 0, readerScalarCycles: 0,
      computeCycles: 0, readerTransferCycles: 0, writerTransferCycles: 0, l1Bytes,
    };
  }

  /**
   * `tiles` NoC reads of `tileBytes` each from DRAM (or, `from` 'l1', from L1 banks of other cores: NoC time but no
   * DRAM bytes, and the barrier waits one core-to-core round trip), then one read barrier (barrier=false: latency
   * hidden by double buffering).
   */
  readBlock(tiles: number, tileBytes: number, barrier = true, from: 'dram' | 'l1' = 'dram'): void {
    const c = this.counts;
    c.tilesRead += tiles;
    if (from === 'dram') c.dramReadBytes += tiles * tileBytes;
    else c.l1ReadBytes += tiles * tileBytes;
    c.readerTransferCycles += tiles * (this.device.nocIssueCycles.value + tileBytes / this.device.nocBytesPerCycle.value);
    if (barrier && from === 'dram') c.readBarriers += 1;
    else if (barrier) c.readSyncs += 1;
  }

  /** One core-to-core NoC transfer (e.g. a multicast) of `tiles` contiguous tiles; NoC time, no DRAM traffic. */
  nocSend(tiles: number, tileBytes: number): void {
    this.counts.readerTransferCycles += this.device.nocIssueCycles.value + (tiles * tileBytes) / this.device.nocBytesPerCycle.value;
  }

  /**
   * `tiles` NoC reads by the writer RISC-V on its own NoC from DRAM (or, `from` 'l1', from other cores' L1: the
   * barrier waits one core-to-core round trip), e.g. its half of a weight slice; one barrier unless `barrier` is false.
   */
  writerReadBlock(tiles: number, tileBytes: number, from: 'dram' | 'l1' = 'dram', barrier = true): void {
    const c = this.counts;
    if (from === 'dram') c.dramReadBytes += tiles * tileBytes;
    else c.l1ReadBytes += tiles * tileBytes;
    c.writerTransferCycles += tiles * (this.device.nocIssueCycles.value + tileBytes / this.device.nocBytesPerCycle.value);
    if (barrier && from === 'dram') c.writeBarriers += 1;
    else if (barrier) c.writeSyncs += 1;
  }

  /** One core-to-core NoC transfer by the writer RISC-V of `tiles` contiguous tiles. */
  writerNocSend(tiles: number, tileBytes: number): void {
    this.counts.writerTransferCycles += this.device.nocIssueCycles.value + (tiles * tileBytes) / this.device.nocBytesPerCycle.value;
  }

  /**
   * `tiles` NoC writes of `tileBytes` to DRAM (or, `to` 'l1', into L1 banks of other cores: no DRAM bytes), each
   * followed by a write barrier when `barrierEach`.
   */
  writeTiles(tiles: number, tileBytes: number, barrierEach = true, to: 'dram' | 'l1' = 'dram'): void {
    const c = this.counts;
    c.tilesWritten += tiles;
    if (to === 'dram') c.dramWriteBytes += tiles * tileBytes;
    c.writerTransferCycles += tiles * (this.device.nocIssueCycles.value + tileBytes / this.device.nocBytesPerCycle.value);
    if (barrierEach) this.writeBarrier(to, tiles);
  }

  /** `tiles` NoC writes of `tileBytes` to DRAM (or, `to` 'l1', into other cores' L1), then one write barrier. */
  writeBlock(tiles: number, tileBytes: number, to: 'dram' | 'l1' = 'dram'): void {
    this.writeTiles(tiles, tileBytes, false, to);
    this.writeBarrier(to);
  }

  /** The writer waits for `count` write barriers: DRAM's acknowledgements, or (`to` 'l1') other cores' — a NoC round trip each. */
  writeBarrier(to: 'dram' | 'l1' = 'dram', count = 1): void {
    if (to === 'dram') this.counts.writeBarriers += count;
    else this.counts.writeSyncs += count;
  }

  /** `tiles` tile matmuls (32×32×32) unpacking one `aBytes` and one `bBytes` tile each. */
  matmul(tiles: number, aBytes: number, bBytes: number, fidelity: MathFidelity): void {
    const d = this.device;
    const math = d.matmulCyclesPerTile[fidelity].value;
    const unpack = (aBytes + bBytes) / d.unpackBytesPerCycle.value;
    this.counts.matmulTiles += tiles;
    this.counts.tilesUnpacked += 2 * tiles;
    this.counts.computeCycles += (tiles * Math.max(math, unpack)) / d.mathEfficiency.value;
  }

  /**
   * `tiles` element-wise binary FPU ops (e.g. mul_tiles) on one `aBytes` and one `bBytes` tile (aBytes 0: DST
   * reused as an operand, binary_dest_reuse_tiles, so only b is unpacked). Only ELWMUL ('mul', also reduce's
   * multiply by the scaler) runs one pass per fidelity phase; ELWADD/ELWSUB ('add') and copy_tile's datacopy run
   * one pass at any fidelity (tt-llk llk_math_eltwise_binary.h: only the ELWMUL MOP loops over
   * NUM_FIDELITY_PHASES). `b` says how much of the second operand the unpacker reads (see SecondOperand).
   */
  eltwise(tiles: number, aBytes: number, bBytes: number, fidelity: MathFidelity, op: 'mul' | 'add' = 'mul', b: SecondOperand = 'tile'): void {
    const d = this.device;
    const phases = op === 'add' ? 1 : d.matmulCyclesPerTile[fidelity].value / d.matmulCyclesPerTile.LoFi.value;
    const math = d.eltwiseCyclesPerPhase.value * phases;
    const unpack = (aBytes + bBytes * SECOND_OPERAND_SHARE[b]) / d.unpackBytesPerCycle.value;
    this.counts.eltwiseTiles += tiles;
    this.counts.tilesUnpacked += (aBytes > 0 ? 2 : 1) * tiles;
    this.counts.computeCycles += (tiles * Math.max(math, unpack)) / d.mathEfficiency.value;
  }

  /**
   * `tiles` reductions (reduce_tile<SUM or MAX, REDUCE_ROW or REDUCE_COL>) of one `aBytes` tile each with a
   * `scalerBytes` scaler tile: ELWMUL-like, one pass per fidelity phase, and the unpacker reads one row of each of
   * the scaler's faces.
   */
  reduce(tiles: number, aBytes: number, scalerBytes: number, fidelity: MathFidelity): void {
    this.eltwise(tiles, aBytes, scalerBytes, fidelity, 'mul', 'scaler');
  }

  /**
   * `tiles` calls of the SFPU function `fn` on a tile in DST, each on `faces` of the tile's four faces (2 for
   * VectorMode::C or R: tt-llk runs the function's iterations face by face) and `iterations` of the 8 per face
   * (each a group of 4 rows, one column parity; exp_tile can ask for fewer), and each call's fixed cost.
   */
  sfpu(fn: SfpuFunction, tiles: number, faces: 2 | 4 = 4, iterations = 8): void {
    const d = this.device;
    this.counts.sfpuTiles += tiles;
    this.counts.computeCycles += tiles * (d.sfpuCallCycles.value + (faces * iterations * d.sfpuCyclesPerTile[fn].value) / 32);
  }

  /** `count` data-format reconfigurations (an unpacker or the packer set up for a CB of another format). */
  reconfigure(count: number): void {
    this.counts.computeCycles += count * this.device.formatReconfigCycles.value;
  }

  /** `tiles` packs of `tileBytes` from DST to L1. */
  pack(tiles: number, tileBytes: number): void {
    this.counts.tilesPacked += tiles;
    this.counts.computeCycles += (tiles * tileBytes) / this.device.packBytesPerCycle.value;
  }

  /** Scalar work on the reader: `floatOps` fp32 add/mul/compare, `divides`, `l1Stores` and `l1Loads`. */
  readerScalar(work: { floatOps?: number; divides?: number; l1Stores?: number; l1Loads?: number; integerOps?: number }): void {
    const d = this.device;
    this.counts.readerScalarCycles +=
      (work.floatOps ?? 0) * d.scalarFloatOpCycles.value +
      (work.divides ?? 0) * d.scalarFloatDivideCycles.value +
      (work.l1Stores ?? 0) * d.l1StoreCycles.value +
      (work.l1Loads ?? 0) * d.l1LoadCycles.value +
      (work.integerOps ?? 0);
  }

  /** The core's time: the slowest of its three streams. */
  finish(): CoreTime {
    const c = this.counts;
    const latency = this.device.dramLatencyCycles.value;
    const roundTrip = this.device.nocRoundTripCycles.value;
    const readerParts: Array<[StreamName, number]> = [
      ['reader NoC transfers', c.readerTransferCycles],
      ['reader DRAM latency', c.readBarriers * latency],
      ['reader core-to-core waits', c.readSyncs * roundTrip],
      ['reader scalar code', c.readerScalarCycles],
    ];
    const readerCycles = readerParts.reduce((sum, [, v]) => sum + v, 0);
    const writerCycles = c.writerTransferCycles + c.writeBarriers * latency + c.writeSyncs * roundTrip;
    const cycles = Math.max(readerCycles, c.computeCycles, writerCycles);
    let bottleneck: StreamName = 'compute';
    if (cycles === readerCycles && readerCycles > c.computeCycles) {
      bottleneck = readerParts.reduce((best, part) => (part[1] > best[1] ? part : best))[0];
    } else if (cycles === writerCycles && writerCycles > c.computeCycles) bottleneck = 'writer';
    return { ...c, readerCycles, writerCycles, cycles, bottleneck };
  }
}

export type ProgramLimiter = StreamName | 'chip DRAM bandwidth' | 'program launch';

export interface ProgramTime {
  name: string;
  cores: CoreTime[];
  /** Slowest core's cycles. */
  coreCycles: number;
  /** Cycles the chip's DRAM needs for every byte all cores read and write. */
  dramCycles: number;
  fixedCycles: number;
  /** Device cycles: busy (slowest core or DRAM) plus the fixed cycles. */
  deviceCycles: number;
  /** Host-visible time per program with a captured trace: device time plus the dispatch gap. */
  cycles: number;
  seconds: number;
  dramBytes: number;
  limiter: ProgramLimiter;
  slowestCore: CoreTime | undefined;
}

/** A program's time from its cores: slowest core or aggregate DRAM, plus the fixed launch cost. */
export function programTime(device: DeviceConstants, name: string, cores: CoreTime[]): ProgramTime {
  const dramBytes = cores.reduce((sum, c) => sum + c.dramReadBytes + c.dramWriteBytes, 0);
  const dramCycles = (dramBytes / device.dramSustainedBytesPerSecond.value) * device.clockHz.value;
  // a core with a tail ends after its last read — no earlier than the chip's DRAM delivers it — plus the tail
  const ends = (core: CoreTime): number => (core.tailCycles ? Math.max(core.cycles, Math.max(core.readerCycles, core.dramReadBytes > 0 ? dramCycles : 0) + core.tailCycles) : core.cycles);
  const slowestCore = cores.reduce<CoreTime | undefined>((slow, core) => (!slow || ends(core) > ends(slow) ? core : slow), undefined);
  const coreCycles = slowestCore ? ends(slowestCore) : 0;
  const fixedCycles = device.programFixedCycles.value;
  const busy = Math.max(coreCycles, dramCycles);
  const deviceCycles = busy + fixedCycles;
  const cycles = deviceCycles + device.dispatchSeconds.value * device.clockHz.value;
  let limiter: ProgramLimiter = dramCycles > coreCycles ? 'chip DRAM bandwidth' : (slowestCore?.bottleneck ?? 'program launch');
  if (cycles - busy > busy) limiter = 'program launch';
  return { name, cores, coreCycles, dramCycles, fixedCycles, deviceCycles, cycles, seconds: cycles / device.clockHz.value, dramBytes, limiter, slowestCore };
}
