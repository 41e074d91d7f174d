// Metrics as utils/metrics.py defines them, on a hand-worked example (N = 2 windows, P = 2 steps, C = 1 channel),
// including CORR's non-Pearson denominator and 0.01 factor; plus the type1 schedule and Adam's first step.
import { describe, expect, it } from 'vitest';
import { forecastMetrics } from '../../reference/metrics.ts';
import { Adam, learningRateForEpoch } from '../../reference/train/adam.ts';
import { makeTensor } from '../../reference/tensor.ts';

describe('forecast metrics', () => {
  // truth [N=2, P=2, C=1] = [[1, 2], [3, 5]]; pred = [[2, 2], [2, 7]]; errors [1, 0, −1, 2].
  const truth = [1, 2, 3, 5];
  const pred = [2, 2, 2, 7];
  const m = forecastMetrics(pred, truth, 2, 1);
  it('MAE, MSE, RMSE, MAPE, MSPE', () => {
    expect(m.mae).toBeCloseTo(1, 15);
    expect(m.mse).toBeCloseTo(1.5, 15);
    expect(m.rmse).toBeCloseTo(Math.sqrt(1.5), 15);
    expect(m.mape).toBeCloseTo((1 + 0 + 1 / 3 + 2 / 5) / 4, 15);
    expect(m.mspe).toBeCloseTo((1 + 0 + 1 / 9 + 4 / 25) / 4, 15);
  });
  it('RSE against the scalar mean of the truth', () => {
    // mean(true) = 2.75; Σ(true − 2.75)² = 3.0625 + 0.5625 + 0.0625 + 5.0625 = 8.75; Σerr² = 6.
    expect(m.rse).toBeCloseTo(Math.sqrt(6) / Math.sqrt(8.75), 14);
  });
  it('CORR per horizon step: 0.01·Σ(t−t̄)(y−ȳ) / √Σ(t−t̄)²(y−ȳ)², not Pearson', () => {
    // step 0: t = [1, 3] (t̄ 2), y = [2, 2] (ȳ 2) → numerator 0 → 0.
    // step 1: t = [2, 5] (t̄ 3.5), y = [2, 7] (ȳ 4.5): a = [−1.5, 1.5], b = [−2.5, 2.5]; Σab = 7.5; √Σa²b² = √(2·14.0625) = 5.3033.
    expect(m.corr[0]).toBeCloseTo(0, 15);
    expect(m.corr[1]).toBeCloseTo((0.01 * 7.5) / (Math.sqrt(2 * 14.0625) + 1e-12), 14);
    // Pearson would give 1 for step 1; the standard formula gives 0.01·√2.
    expect(m.corr[1]).toBeCloseTo(0.01 * Math.SQRT2, 12);
  });
  it('refuses arrays that are not whole windows', () => {
    expect(() => forecastMetrics([1, 2, 3], [1, 2, 3], 2, 1)).toThrow(/not a whole number/);
  });
});

describe('optimiser and schedule', () => {
  it('type1 runs epochs 1 and 2 at lr0, then halves every epoch', () => {
    expect([1, 2, 3, 4, 5].map((e) => learningRateForEpoch('type1', 0.005, e))).toEqual([0.005, 0.005, 0.0025, 0.00125, 0.000625]);
  });
  it("Adam's first step moves every parameter by lr·g/(|g| + eps) against the gradient", () => {
    const stateDict = new Map([['w', makeTensor([3], [1, -2, 0.5])]]);
    const adam = new Adam();
    adam.step(stateDict, new Map([['w', Float64Array.from([0.3, -4, 1e-3])]]), 0.01);
    const w = stateDict.get('w')!.data;
    expect(w[0]).toBeCloseTo(1 - 0.01 * (0.3 / (0.3 + 1e-8)), 14);
    expect(w[1]).toBeCloseTo(-2 + 0.01 * (4 / (4 + 1e-8)), 14);
    expect(w[2]).toBeCloseTo(0.5 - 0.01 * (1e-3 / (1e-3 + 1e-8)), 14);
    // Second step with g = 0: m = 0.9·m1, v = 0.999·v1; bias corrections 1 − 0.9², 1 − 0.999².
    adam.step(stateDict, new Map([['w', Float64Array.from([0, 0, 0])]]), 0.01);
    const m2 = 0.9 * 0.1 * 0.3;
    const v2 = 0.999 * 0.001 * 0.09;
    const expected = 1 - 0.01 * (0.3 / (0.3 + 1e-8)) - (0.01 / (1 - 0.81)) * (m2 / (Math.sqrt(v2) / Math.sqrt(1 - 0.999 ** 2) + 1e-8));
    expect(w[0]).toBeCloseTo(expected, 13);
  });
});
