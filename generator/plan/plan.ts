// The Plan: everything the emitter needs to write the program, as plain serialisable data —
// tile counts, device tensors (with their packed contents for weights), per-program circular
// buffers, the split of output tiles over cores, and the L1/DST budget. `molegen inspect` prints
// it; the emitter renders it. No behaviour here.

import type { Arch } from '../../dsl/config.ts';
import type { ModelShape, Numerics } from '../ir/model-ir.ts';

export type TileFormat = 'Float16_b' | 'Float32' | 'Bfp8_b';

export const TILE_BYTES: Readonly<Record<TileFormat, number>> = { Float16_b: 2048, Float32: 4096, Bfp8_b: 1088 };

export interface TileCounts {
  /** St: tiles over the B·C series (rows of x and y). */
  seriesTiles: number;
  /** Lt: tiles over the L time steps plus the constant-1 bias column. */
  inputTiles: number;
  /** Pt: tiles over the P horizon steps. */
  horizonTiles: number;
  /** Bt: tiles over the batch (rows of the router). */
  batchTiles: number;
  /** Ft: tiles over the F router features plus the bias column. */
  featureTiles: number;
  /** Ht: tiles over the H hidden units plus the constant-1 unit. */
  hiddenTiles: number;
  /** Zt: tiles over the K·C router logits. */
  logitTiles: number;
  /** Router layer-2 weight tiles fetched per read batch. */
  routerWeightBlock: number;
}

export type TensorRole = 'input' | 'weight' | 'intermediate' | 'output';

/** A 2-D tensor in DRAM, interleaved by tile pages; rows/cols are padded to multiples of 32. */
export interface DeviceTensor {
  name: string;
  role: TensorRole;
  rows: number;
  cols: number;
  format: TileFormat;
  /** What the rows and columns mean, for humans. */
  layout: string;
  /** Row-major padded contents (weights only). */
  values?: Float64Array;
}

/** Which of the program's data formats a circular buffer holds. */
export type FormatRole = 'activation' | 'weight' | 'router';

export interface CircularBufferPlan {
  index: number;
  name: string;
  role: FormatRole;
  pages: number;
  format: TileFormat;
  pageBytes: number;
  bytes: number;
  why: string;
}

export interface CoreWork {
  x: number;
  y: number;
  firstTile: number;
  numTiles: number;
}

export interface ProgramPlan {
  name: 'router' | 'experts';
  /** What one work unit (output tile) is. */
  unit: string;
  totalTiles: number;
  work: CoreWork[];
  circularBuffers: CircularBufferPlan[];
  /** Bytes of circular buffers per core. */
  l1BytesPerCore: number;
  dstTilesUsed: number;
  dstCapacity: number;
  fp32DestAcc: boolean;
}

export interface L1Budget {
  bytesPerCore: number;
  reservedBytes: number;
  usableBytes: number;
  /** Largest use over all programs and cores. */
  peakBytes: number;
}

export interface Plan {
  name: string;
  arch: Arch;
  grid: [number, number];
  shape: ModelShape;
  numerics: Numerics;
  tiles: TileCounts;
  logitLayout: { channelStride: number; expertStride: number };
  tensors: DeviceTensor[];
  programs: ProgramPlan[];
  l1: L1Budget;
  notes: string[];
}
