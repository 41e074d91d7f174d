import { describe, expect, it } from 'vitest';
import { allclose, compareTensors, maxAbsError, maxRelError, pcc, topkAgreement } from '../../reference/compare.ts';

describe('pcc (Tenstorrent comp_pcc semantics)', () => {
  it('is the Pearson coefficient on known vectors', () => {
    expect(pcc([1, 2, 3], [2, 4, 6])).toBe(1);
    expect(pcc([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
    // means 2.5; deviations [−1.5, −.5, .5, 1.5] and [−1.5, .5, −.5, 1.5]: cov 4, variances 5 → 0.8
    expect(pcc([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 15);
    // scale and offset do not change PCC
    expect(pcc([1, 2, 3, 4], [11, 13, 12, 14])).toBeCloseTo(0.8, 15);
  });
  it('handles NaN, Inf, zero and constant tensors', () => {
    expect(pcc([NaN, NaN], [NaN, NaN])).toBe(1);
    expect(pcc([NaN, NaN], [1, 2])).toBe(0);
    expect(pcc([0, 0, 0], [1, 2, 3])).toBe(0); // one all zero
    expect(pcc([0, 0, 0], [0, 0, 0])).toBe(1);
    expect(pcc([1, 2, NaN, 4], [1, 2, 0, 4])).toBe(1); // NaN masked to 0, then equal
    expect(pcc([1, 2, Infinity, 4], [1, 2, -Infinity, 4])).toBe(1); // ±Inf masked to 0 too
    expect(pcc([5, 5, 5], [1, 2, 3])).toBe(0); // one constant (see compare.ts: deliberate)
    expect(pcc([5, 5, 5], [7, 7, 7])).toBe(1); // both constant
  });
});

describe('errors and allclose', () => {
  it('max absolute and relative error (relative to expected)', () => {
    expect(maxAbsError([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(maxRelError([1, 3, 3], [1, 2, 4])).toBe(0.5);
    expect(maxRelError([0, 1], [0, 0])).toBe(Infinity);
    expect(Number.isNaN(maxAbsError([NaN], [1]))).toBe(true);
  });
  it('allclose is numpy.allclose: |a − b| ≤ atol + rtol·|b|, asymmetric in b', () => {
    expect(allclose([2], [4], 0.5, 0)).toBe(true); // 2 ≤ 0.5·4
    expect(allclose([4], [2], 0.5, 0)).toBe(false); // 2 > 0.5·2
    expect(allclose([1.25], [1], 0, 0.25)).toBe(true);
    expect(allclose([1.5], [1], 0, 0.25)).toBe(false);
    expect(allclose([NaN], [NaN], 1, 1)).toBe(false);
    expect(allclose([Infinity], [Infinity], 0, 0)).toBe(true);
    expect(allclose([Infinity], [-Infinity], 1, 1)).toBe(false);
  });
});

describe('topkAgreement', () => {
  it('counts identical sets regardless of order, and the mean overlap', () => {
    // rows: {0,1} vs {1,0} identical; {2,3} vs {2,0} half; {1,2} vs {0,3} none
    const result = topkAgreement([0, 1, 2, 3, 1, 2], [1, 0, 2, 0, 0, 3], 2);
    expect(result.exactRows).toBeCloseTo(1 / 3, 15);
    expect(result.overlap).toBeCloseTo(0.5, 15);
  });
});

describe('compareTensors', () => {
  it('fails a scaled output that PCC alone would pass', () => {
    const expected = [1, 2, 3, 4];
    const scaled = expected.map((v) => 2 * v);
    const c = compareTensors(scaled, expected, { rtol: 0.01, atol: 0.01, pccMin: 0.99 });
    expect(c.pcc).toBe(1);
    expect(c.allclose).toBe(false);
    expect(c.pass).toBe(false);
    expect(c.maxAbs).toBe(4);
    expect(c.maxRel).toBe(1);
  });
  it('passes a close output', () => {
    const c = compareTensors(Float32Array.of(1, 2.001, 3), Float64Array.of(1, 2, 3), { rtol: 0.01, atol: 0, pccMin: 0.999 });
    expect(c.pass).toBe(true);
  });
});
