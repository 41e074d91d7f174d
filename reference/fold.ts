// DLinear's series decomposition as linear algebra (mole-model.md §1.8): the replicate-padded moving average is a
// fixed L×L matrix A, so seasonal·Wsᵀ + trend·Wtᵀ = x·(Ws + (Wt − Ws)·A)ᵀ and one matrix per branch pair suffices:
// W_eff = Ws + (Wt − Ws)·A, b_eff = bs + bt. Everything here is float64; rounding to device formats happens elsewhere.
// This module must not know about experts, routers or numerics modes.

/**
 * The moving-average matrix of AvgPool1d(kernel, stride 1) over a series replicate-padded with (kernel−1)/2 copies
 * of the first value in front and of the last value behind. Row t averages indices t−half..t+half clamped to
 * [0, L−1]; entries are count/kernel, so A[0,0] = (half+1)/kernel for L > half. Row-major [L, L].
 */
export function movingAverageMatrix(seqLen: number, kernelSize: number): Float64Array {
  assertOddKernel(kernelSize);
  const half = (kernelSize - 1) / 2;
  const counts = new Float64Array(seqLen * seqLen);
  for (let t = 0; t < seqLen; t++) {
    for (let j = t - half; j <= t + half; j++) {
      const source = Math.min(seqLen - 1, Math.max(0, j));
      counts[t * seqLen + source]! += 1;
    }
  }
  for (let i = 0; i < counts.length; i++) counts[i] = counts[i]! / kernelSize;
  return counts;
}

/**
 * The trend of one series (stride `stride` in `series`, starting at `offset`) written densely into `trend[0..L)`:
 * the same replicate-padded average as movingAverageMatrix, computed as a sum of the kernel's values divided by
 * the kernel size (how AvgPool1d computes it). `round` is applied after every operation (identity for float64).
 */
export function movingAverageInto(
  series: ArrayLike<number>,
  offset: number,
  stride: number,
  seqLen: number,
  kernelSize: number,
  trend: Float64Array,
  round: (x: number) => number = identity,
): void {
  assertOddKernel(kernelSize);
  const half = (kernelSize - 1) / 2;
  for (let t = 0; t < seqLen; t++) {
    let sum = 0;
    for (let j = t - half; j <= t + half; j++) {
      const source = Math.min(seqLen - 1, Math.max(0, j));
      sum = round(sum + series[offset + source * stride]!);
    }
    trend[t] = round(sum / kernelSize);
  }
}

export interface FoldedLinear {
  /** Row-major [rows, L]. */
  weight: Float64Array;
  /** [rows]. */
  bias: Float64Array;
}

/**
 * Folds DLinear's two branches into one Linear: W_eff = Ws + (Wt − Ws)·A and b_eff = bs + bt, for weight matrices
 * of shape [rows, L] (rows = P·K for the MoLE heads, interleaved order kept).
 */
export function foldDLinear(
  seasonalWeight: Float64Array,
  seasonalBias: Float64Array,
  trendWeight: Float64Array,
  trendBias: Float64Array,
  seqLen: number,
  kernelSize: number,
): FoldedLinear {
  const rows = seasonalBias.length;
  if (seasonalWeight.length !== rows * seqLen || trendWeight.length !== rows * seqLen || trendBias.length !== rows) {
    throw new Error(`foldDLinear: inconsistent sizes for ${rows} rows of length ${seqLen}`);
  }
  const average = movingAverageMatrix(seqLen, kernelSize);
  const weight = Float64Array.from(seasonalWeight);
  const difference = new Float64Array(seqLen);
  for (let r = 0; r < rows; r++) {
    for (let l = 0; l < seqLen; l++) difference[l] = trendWeight[r * seqLen + l]! - seasonalWeight[r * seqLen + l]!;
    // row r of (Wt − Ws)·A: Σ_t difference[t]·A[t, l]; A is sparse (kernel entries per row), so walk its rows.
    for (let t = 0; t < seqLen; t++) {
      const d = difference[t]!;
      if (d === 0) continue;
      const rowStart = t * seqLen;
      const first = Math.max(0, t - (kernelSize - 1) / 2);
      const last = Math.min(seqLen - 1, t + (kernelSize - 1) / 2);
      for (let l = first; l <= last; l++) weight[r * seqLen + l]! += d * average[rowStart + l]!;
    }
  }
  const bias = new Float64Array(rows);
  for (let r = 0; r < rows; r++) bias[r] = seasonalBias[r]! + trendBias[r]!;
  return { weight, bias };
}

function assertOddKernel(kernelSize: number): void {
  if (!Number.isInteger(kernelSize) || kernelSize < 1 || kernelSize % 2 === 0) {
    throw new Error(`moving-average kernel must be a positive odd integer, got ${kernelSize}`);
  }
}

function identity(x: number): number {
  return x;
}
