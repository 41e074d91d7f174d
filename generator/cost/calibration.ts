// Models of the workloads tt-metal publishes measurements for, built from the same per-core stream
// model (core-cost.ts) and constants (device.ts) as the plan model, so tests can hold the model
// against published figures:
//  - the 2-D multicast matmul of tech_reports/GEMM_FLOPS (one output block per core of the full
//    grid; in1 read from DRAM by one sender per grid column and multicast down it; in0 multicast
//    along the rows from L1 shards or read from DRAM the same way);
//  - the DRAM read microbenchmarks of tech_reports/Saturating_DRAM_bandwidth (one reader per bank).
// Pure functions; no I/O.

import type { Arch, MathFidelity } from '../../dsl/config.ts';
import { CoreCounter, programTime, type ProgramTime } from './core-cost.ts';
import { DEVICES } from './device.ts';

/** tt-metal tile sizes (bytes) of the data types the GEMM report uses (tt::tile_size). */
export const GEMM_TILE_BYTES = { BFLOAT16: 2048, BFLOAT8_B: 1088, BFLOAT4_B: 576 } as const;
export type GemmDtype = keyof typeof GEMM_TILE_BYTES;

export interface GemmCase {
  arch: Arch;
  m: number;
  k: number;
  n: number;
  dtype: GemmDtype;
  fidelity: MathFidelity;
  /** Where in0 lives: sharded in L1 (multicast from the shards) or interleaved in DRAM. */
  in0: 'L1' | 'DRAM';
  out: 'L1' | 'DRAM';
}

export interface GemmEstimate {
  program: ProgramTime;
  /** Device seconds (what the report's "device based utilization" divides into). */
  deviceSeconds: number;
  /** Ideal cycles / modeled device cycles, the report's utilization formula. */
  utilization: number;
}

/** Tiles of K the matmul senders move per block (tt-metal's in0_block_w); assumed, the report does not list it per row. */
export const GEMM_K_BLOCK_TILES = 2;

/** The report's ideal cycles: M·K·N / 32³ tile products × cycles per tile / cores. */
export function gemmIdealCycles(c: GemmCase): number {
  const d = DEVICES[c.arch];
  const tileProducts = (c.m / 32) * (c.k / 32) * (c.n / 32);
  return (tileProducts * d.matmulCyclesPerTile[c.fidelity].value) / (d.gridX.value * d.gridY.value);
}

export function modelGemm(c: GemmCase): GemmEstimate {
  const d = DEVICES[c.arch];
  const gx = d.gridX.value;
  const gy = d.gridY.value;
  const [mt, kt, nt] = [Math.ceil(c.m / 32), Math.ceil(c.k / 32), Math.ceil(c.n / 32)];
  const mBlock = Math.ceil(mt / gy);
  const nBlock = Math.ceil(nt / gx);
  const tile = GEMM_TILE_BYTES[c.dtype];
  const kBlocks = Math.ceil(kt / GEMM_K_BLOCK_TILES);

  // The busiest core is the corner one: it computes its block while its two data-movement RISC-Vs
  // send — one reads in1 column blocks from DRAM in K-blocks and multicasts each down the column,
  // the other multicasts in0 row blocks (from its L1 shard, or read from DRAM first).
  const compute = new CoreCounter(d, 0, 0, 0);
  compute.matmul(mBlock * nBlock * kt, tile, tile, c.fidelity);
  compute.pack(mBlock * nBlock, tile);
  const in1Sender = new CoreCounter(d, 0, 0, 0);
  const in0Sender = new CoreCounter(d, 0, 0, 0);
  for (let b = 0; b < kBlocks; b++) {
    const kTiles = Math.min(GEMM_K_BLOCK_TILES, kt - b * GEMM_K_BLOCK_TILES);
    in1Sender.readBlock(kTiles * nBlock, tile);
    in1Sender.nocSend(kTiles * nBlock, tile);
    if (c.in0 === 'DRAM') in0Sender.readBlock(kTiles * mBlock, tile);
    in0Sender.nocSend(kTiles * mBlock, tile);
  }
  if (c.out === 'DRAM') compute.writeTiles(mBlock * nBlock, tile, false);
  const streams = [compute.finish(), in1Sender.finish(), in0Sender.finish()];
  const busiest = streams.reduce((slow, core) => (core.cycles > slow.cycles ? core : slow));

  // Every other core only computes; they count for the chip's DRAM total through the senders' reads.
  const cores = [busiest];
  const totalDramBytes = (c.in0 === 'DRAM' ? mt * kt : 0) * tile + kt * nt * tile + (c.out === 'DRAM' ? mt * nt * tile : 0);
  const program = programTime(d, 'matmul', cores);
  const dramCycles = (totalDramBytes / d.dramSustainedBytesPerSecond.value) * d.clockHz.value;
  const deviceCycles = Math.max(program.deviceCycles, dramCycles + program.fixedCycles);
  return { program, deviceSeconds: deviceCycles / d.clockHz.value, utilization: gemmIdealCycles(c) / deviceCycles };
}

export interface DramReadCase {
  arch: Arch;
  /** Reader cores (one per bank in the report). */
  readers: number;
  /** Bytes each read moves (16 KB packets, or one tile). */
  readBytes: number;
  /** Reads in flight before the reader waits: 1 = barrier after every read; ≥ 2 hides the latency. */
  inFlight: number;
  totalBytes: number;
}

/** Aggregate read bandwidth (B/s) of the report's reader microbenchmark under the model. */
export function modelDramRead(c: DramReadCase): number {
  const d = DEVICES[c.arch];
  const perBankBytesPerCycle = d.dramSustainedBytesPerSecond.value / d.dramBanks.value / d.clockHz.value;
  const reads = Math.ceil(c.totalBytes / c.readers / c.readBytes);
  const transfer = c.readBytes / Math.min(d.nocBytesPerCycle.value, perBankBytesPerCycle);
  // With one read in flight every read pays the round trip; with two or more the next request is
  // already queued, so the bank streams and only the first read's latency shows.
  const perRead = c.inFlight >= 2 ? transfer : transfer + d.dramLatencyCycles.value;
  const cycles = reads * perRead + (c.inFlight >= 2 ? d.dramLatencyCycles.value : 0);
  return (c.totalBytes / cycles) * d.clockHz.value;
}
