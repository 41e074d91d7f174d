// Comparisons between an actual output (emulator, device, another numerics mode) and an expected one:
// PCC as Tenstorrent's comp_pcc computes it, max absolute / relative error, numpy-style allclose, and top-k
// agreement of expert selections. Pure functions over flat arrays; no I/O, no thresholds of its own.

export type Numbers = ArrayLike<number>;

/**
 * Pearson correlation of the flattened arrays, following tt-metal's comp_pcc (models/common/utility_functions.py):
 * 1. both all-NaN → 1; exactly one all-NaN → 0;
 * 2. exactly one all-zero (NaN counts as non-zero) → 0;
 * 3. NaN and ±Inf are replaced by 0 in both;
 * 4. equal after that → 1;
 * 5. otherwise the float64 Pearson coefficient, clamped to ≤ 1.
 * Degenerate variance: tt-metal gets 1.0 from numpy's masked corrcoef when either side is constant; we return 1
 * only when both are constant and 0 when exactly one is (a constant output correlates with nothing — this is the
 * one deliberate difference, so that a stuck output cannot pass a PCC check).
 */
export function pcc(actual: Numbers, expected: Numbers): number {
  assertSameLength(actual, expected);
  const n = actual.length;
  if (n === 0) return 1;
  const allNaN = (a: Numbers): boolean => {
    for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]!)) return false;
    return true;
  };
  const actualAllNaN = allNaN(actual);
  const expectedAllNaN = allNaN(expected);
  if (actualAllNaN && expectedAllNaN) return 1;
  if (actualAllNaN || expectedAllNaN) return 0;
  const anyNonZero = (a: Numbers): boolean => {
    for (let i = 0; i < a.length; i++) if (a[i] !== 0) return true; // NaN !== 0, as torch's bool() of NaN is True
    return false;
  };
  if (anyNonZero(actual) !== anyNonZero(expected)) return 0;

  const finite = (v: number): number => (Number.isFinite(v) ? v : 0);
  let equal = true;
  let sumA = 0;
  let sumB = 0;
  for (let i = 0; i < n; i++) {
    const a = finite(actual[i]!);
    const b = finite(expected[i]!);
    if (a !== b) equal = false;
    sumA += a;
    sumB += b;
  }
  if (equal) return 1;
  const meanA = sumA / n;
  const meanB = sumB / n;
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  for (let i = 0; i < n; i++) {
    const da = finite(actual[i]!) - meanA;
    const db = finite(expected[i]!) - meanB;
    covariance += da * db;
    varianceA += da * da;
    varianceB += db * db;
  }
  if (varianceA === 0 && varianceB === 0) return 1;
  if (varianceA === 0 || varianceB === 0) return 0;
  const r = covariance / Math.sqrt(varianceA * varianceB);
  return Math.max(-1, Math.min(1, r));
}

/** max |actual − expected|; NaN if any difference is NaN, 0 for empty arrays. */
export function maxAbsError(actual: Numbers, expected: Numbers): number {
  assertSameLength(actual, expected);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!);
    if (Number.isNaN(error)) return NaN;
    if (error > worst) worst = error;
  }
  return worst;
}

/**
 * max |actual − expected| / |expected| over the elements; an exact match counts 0 (also 0 vs 0), a mismatch
 * against expected 0 counts Infinity. NaN if any difference is NaN.
 */
export function maxRelError(actual: Numbers, expected: Numbers): number {
  assertSameLength(actual, expected);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (a === b) continue;
    const error = Math.abs(a - b) / Math.abs(b);
    if (Number.isNaN(error)) return NaN;
    if (error > worst) worst = error;
  }
  return worst;
}

/** numpy.allclose: every |a − b| ≤ atol + rtol·|b| (b = expected); NaN never matches; equal infinities match. */
export function allclose(actual: Numbers, expected: Numbers, rtol = 1e-5, atol = 1e-8): boolean {
  assertSameLength(actual, expected);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (a === b) continue; // includes equal infinities
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false; // NaN, or an infinity against anything else
    if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) return false;
  }
  return true;
}

export interface TopKAgreement {
  /** Fraction of rows whose kept expert sets are identical. */
  exactRows: number;
  /** Mean over rows of |A ∩ B| / k. */
  overlap: number;
}

/** Agreement of two selections [rows, k] (e.g. ForwardResult.selected, [B, C, topK]); order within a row is ignored. */
export function topkAgreement(selectedA: ArrayLike<number>, selectedB: ArrayLike<number>, k: number): TopKAgreement {
  assertSameLength(selectedA, selectedB);
  if (!Number.isInteger(k) || k < 1 || selectedA.length % k !== 0) throw new Error(`selections of length ${selectedA.length} are not rows of k = ${k}`);
  const rows = selectedA.length / k;
  if (rows === 0) return { exactRows: 1, overlap: 1 };
  let exact = 0;
  let shared = 0;
  for (let row = 0; row < rows; row++) {
    let common = 0;
    for (let i = 0; i < k; i++) {
      const expert = selectedA[row * k + i]!;
      for (let j = 0; j < k; j++) {
        if (selectedB[row * k + j] === expert) {
          common++;
          break;
        }
      }
    }
    shared += common / k;
    if (common === k) exact++;
  }
  return { exactRows: exact / rows, overlap: shared / rows };
}

export interface CompareTolerances {
  rtol: number;
  atol: number;
  pccMin: number;
}

export interface Comparison {
  pcc: number;
  maxAbs: number;
  maxRel: number;
  allclose: boolean;
  /** pcc ≥ pccMin and allclose. */
  pass: boolean;
}

export function compareTensors(actual: Numbers, expected: Numbers, tolerances: CompareTolerances): Comparison {
  const correlation = pcc(actual, expected);
  const close = allclose(actual, expected, tolerances.rtol, tolerances.atol);
  return {
    pcc: correlation,
    maxAbs: maxAbsError(actual, expected),
    maxRel: maxRelError(actual, expected),
    allclose: close,
    pass: close && correlation >= tolerances.pccMin,
  };
}

function assertSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`cannot compare arrays of ${a.length} and ${b.length} elements`);
}
