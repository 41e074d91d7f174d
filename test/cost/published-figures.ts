// Figures tt-metal publishes, transcribed for the calibration tests. Nothing here is computed.
//
// GEMM: tenstorrent/tt-metal tech_reports/GEMM_FLOPS/GEMM_FLOPS.md (commit 06bd3735), section
// "All Data", tables "N150 Manually Tuned Configurations" (grid 8×8) and "P150 Manually Tuned
// Configurations (13×10 grid)", rows with use_trace = False. Columns kept: m, k, n,
// in0_storage_type (= out_storage_type in every row), "Device based utilization[%]".
// DRAM: tech_reports/Saturating_DRAM_bandwidth/Saturating_DRAM_bandwidth.md (commit 0c3eb94a) and
// Saturating_DRAM_bandwidth_Blackhole.md (commit 7ffb007c).

import type { MathFidelity } from '../../dsl/config.ts';
import type { GemmDtype } from '../../generator/cost/calibration.ts';

export type GemmRow = [m: number, k: number, n: number, storage: 'L1' | 'DRAM', deviceUtilizationPercent: number];

export interface GemmTable {
  arch: 'wormhole_b0' | 'blackhole';
  dtype: GemmDtype;
  fidelity: MathFidelity;
  rows: GemmRow[];
}

const N150_SIZES: Array<[number, number, number]> = [
  [512, 512, 512], [512, 1024, 1024], [512, 1024, 2048], [1024, 1024, 1024], [1024, 1024, 2048], [1024, 2048, 2048],
  [2048, 2048, 2048], [2048, 2048, 3072], [2048, 3072, 3072], [3072, 3072, 3072], [3072, 3072, 4096], [3072, 4096, 4096],
  [3328, 2560, 2560], [4096, 4096, 4096], [8192, 8192, 8192], [16384, 16384, 16384],
];
const P150_SIZES: Array<[number, number, number]> = [
  [640, 832, 832], [640, 1664, 1664], [640, 1664, 3328], [1280, 1664, 1664], [1280, 1664, 3328], [1280, 3328, 3328],
  [2560, 3328, 3328], [2560, 3328, 4992], [2560, 4992, 4992], [3840, 4992, 4992], [3840, 4992, 6656], [3840, 6656, 6656],
  [4160, 4160, 4160], [5120, 6656, 6656], [10240, 13312, 13312], [20480, 26624, 26624],
];

/** Zip sizes with (storage, utilization) pairs; `null` marks a size the table does not list for that dtype. */
function rows(sizes: Array<[number, number, number]>, values: Array<[GemmRow[3], number] | null>): GemmRow[] {
  const out: GemmRow[] = [];
  sizes.forEach(([m, k, n], i) => {
    const v = values[i];
    if (v) out.push([m, k, n, v[0], v[1]]);
  });
  return out;
}
const L = (u: number): ['L1', number] => ['L1', u];
const D = (u: number): ['DRAM', number] => ['DRAM', u];

export const GEMM_TABLES: GemmTable[] = [
  { arch: 'wormhole_b0', dtype: 'BFLOAT16', fidelity: 'HiFi4', rows: rows(N150_SIZES, [
    L(44.07), L(64.02), L(66.08), L(79.19), L(82.43), L(85.07), L(89.65), L(90.21), L(92.04), L(92.41), D(91.69), D(92.18), D(89.41), D(83.21), D(88.69), D(91.45)]) },
  { arch: 'wormhole_b0', dtype: 'BFLOAT16', fidelity: 'HiFi2', rows: rows(N150_SIZES, [
    L(22.62), L(32.77), L(34.45), L(49.69), L(55.15), L(57.70), L(64.88), L(64.52), L(65.50), L(64.56), D(74.19), D(75.09), D(63.14), D(59.50), D(66.47), D(71.34)]) },
  { arch: 'wormhole_b0', dtype: 'BFLOAT8_B', fidelity: 'HiFi2', rows: rows(N150_SIZES, [
    L(28.66), L(47.41), L(54.26), L(69.68), L(74.89), L(80.51), L(84.56), L(85.57), L(86.95), L(88.56), L(89.18), null, D(85.08), D(79.43), D(83.94), D(86.65)]) },
  { arch: 'wormhole_b0', dtype: 'BFLOAT8_B', fidelity: 'LoFi', rows: rows(N150_SIZES, [
    L(14.51), L(24.59), L(29.11), L(41.49), L(47.81), L(53.93), L(59.82), L(59.35), L(61.20), L(61.57), L(63.26), null, D(58.62), D(58.88), D(64.77), D(69.49)]) },
  { arch: 'blackhole', dtype: 'BFLOAT16', fidelity: 'HiFi4', rows: rows(P150_SIZES, [
    L(43.35), L(78.08), L(82.44), L(85.20), L(87.96), L(90.55), L(93.16), L(93.50), L(94.08), L(93.82), D(94.53), D(94.88), D(93.81), D(90.35), D(92.99), D(94.44)]) },
  { arch: 'blackhole', dtype: 'BFLOAT16', fidelity: 'HiFi2', rows: rows(P150_SIZES, [
    L(21.94), L(43.39), L(52.52), L(74.07), L(78.15), L(82.48), L(87.05), L(87.72), L(88.82), L(88.42), D(89.61), D(90.25), D(88.30), D(80.36), D(85.15), D(88.66)]) },
  { arch: 'blackhole', dtype: 'BFLOAT8_B', fidelity: 'HiFi2', rows: rows(P150_SIZES, [
    L(24.34), L(54.65), L(69.25), L(76.03), L(80.59), L(85.25), L(88.43), L(88.81), L(89.94), L(90.25), L(90.75), null, D(89.54), D(86.31), D(89.06), D(90.53)]) },
  { arch: 'blackhole', dtype: 'BFLOAT8_B', fidelity: 'LoFi', rows: rows(P150_SIZES, [
    L(12.18), L(27.78), L(35.94), L(53.43), L(67.18), L(77.03), L(83.15), L(83.77), L(85.91), L(86.49), L(87.51), null, D(85.08), D(77.50), D(82.53), D(86.21)]) },
];

/** Published DRAM read bandwidths (B/s). */
export const DRAM_FIGURES = {
  /** Saturating_DRAM_bandwidth.md table: "DRAM u-benchmark | 267" (GB/s @12GBps), Wormhole, 12 readers. */
  wormholeMicrobenchmark: 267e9,
  /** Same table: "Llama3-70 decode 239-260", "Mixtral8x7b decode 243-261" (DRAM-bound matmuls, @12GBps). */
  wormholeDecodeMatmul: [239e9, 261e9] as const,
  /** Saturating_DRAM_bandwidth_Blackhole.md: depth 1 (barrier every read), 16 KB packets: 186 GB/s. */
  blackholeDepth1: 186e9,
  /** Same report: 16 KB packets, trid double-buffer, bank-adjacent placement: 500 GB/s. */
  blackholeDoubleBuffered: 500e9,
  /** Same report, table "Measured results": "per-tile reads, barrier per block" 188 GB/s. */
  blackholePerTileBarrierPerBlock: 188e9,
} as const;
