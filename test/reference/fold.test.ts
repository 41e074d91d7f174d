import { describe, expect, it } from 'vitest';
import { foldDLinear, movingAverageInto, movingAverageMatrix } from '../../reference/fold.ts';
import { createRandom } from '../../reference/random.ts';

describe('moving average (replicate padding, AvgPool1d stride 1)', () => {
  it('kernel 3 on L = 5: edges count the replicated end values twice', () => {
    const a = movingAverageMatrix(5, 3);
    expect([a[0], a[1], a[2]]).toEqual([2 / 3, 1 / 3, 0]);
    expect([a[5], a[6], a[7], a[8]]).toEqual([1 / 3, 1 / 3, 1 / 3, 0]);
    expect([a[23], a[24]]).toEqual([1 / 3, 2 / 3]);
  });
  it('kernel 25 on L = 4: 13 copies of x0, one of x1 and x2, ten of x3 in row 0', () => {
    const a = movingAverageMatrix(4, 25);
    expect([a[0], a[1], a[2], a[3]]).toEqual([13 / 25, 1 / 25, 1 / 25, 10 / 25]);
  });
  it('kernel 25 on L = 336: A[0,0] = 13/25, rows sum to 1, the series trend matches the matrix', () => {
    const L = 336;
    const a = movingAverageMatrix(L, 25);
    expect(a[0]).toBe(13 / 25);
    for (let t = 0; t < L; t++) {
      let sum = 0;
      for (let l = 0; l < L; l++) sum += a[t * L + l]!;
      expect(sum).toBeCloseTo(1, 12);
    }
    const x = Float64Array.from([1, 2, 3, 6]);
    const trend = new Float64Array(4);
    movingAverageInto(x, 0, 1, 4, 3, trend);
    expect(Array.from(trend)).toEqual([4 / 3, 2, 11 / 3, 5]);
  });
  it('rejects even kernels', () => {
    expect(() => movingAverageMatrix(8, 4)).toThrow(/odd/);
  });
});

describe('DLinear fold W_eff = Ws + (Wt − Ws)·A, b_eff = bs + bt', () => {
  it('equals the unfolded decomposition + two linears to 1e-12 in fp64 (L = 336, 8 heads)', () => {
    const L = 336;
    const rows = 8;
    const random = createRandom(11);
    const draw = (n: number) => Float64Array.from({ length: n }, () => random.uniformIn(-1, 1));
    const ws = draw(rows * L);
    const wt = draw(rows * L);
    const bs = draw(rows);
    const bt = draw(rows);
    const folded = foldDLinear(ws, bs, wt, bt, L, 25);
    for (let trial = 0; trial < 4; trial++) {
      const x = Float64Array.from({ length: L }, () => random.normal() * 3);
      const trend = new Float64Array(L);
      movingAverageInto(x, 0, 1, L, 25, trend);
      for (let r = 0; r < rows; r++) {
        let unfolded = bs[r]! + bt[r]!;
        let viaFold = folded.bias[r]!;
        for (let l = 0; l < L; l++) {
          unfolded += (x[l]! - trend[l]!) * ws[r * L + l]! + trend[l]! * wt[r * L + l]!;
          viaFold += x[l]! * folded.weight[r * L + l]!;
        }
        expect(Math.abs(unfolded - viaFold)).toBeLessThan(1e-12);
      }
    }
  });
  it('folds a hand-made case: Ws = 0, Wt = e0 gives row 0 of A (kernel 3, L = 4)', () => {
    const folded = foldDLinear(new Float64Array(4), Float64Array.of(1), Float64Array.of(1, 0, 0, 0), Float64Array.of(2), 4, 3);
    // Row 0 of (Wt − Ws)·A = Σ_t Wt[t]·A[t, :] = A[0, :] = [2/3, 1/3, 0, 0]
    expect(Array.from(folded.weight)).toEqual([2 / 3, 1 / 3, 0, 0]);
    expect(Array.from(folded.bias)).toEqual([3]);
  });
});
