// What skipping unselected experts would save: the (series-tile row, expert) pairs a batch leaves unselected,
// counted over the rows the device lays series out in, and the uniform-routing expectation the plan notes quote.

import { describe, expect, it } from 'vitest';
import { defineMoLE, experts, router } from '../../dsl/index.ts';
import { topKSavings, uniformIdleShare } from '../../generator/cost/top-k-savings.ts';

const config = (individual: boolean, batch: number, channels: number) =>
  defineMoLE({
    name: 'savings',
    input: { seqLen: 64, channels },
    predLen: 8,
    batch,
    experts: experts.dlinear({ count: 4, individual }),
    router: router.mlp({ topK: 1 }),
  });

/** Gates [B, C, K] selecting expert `pick(b, c)` for every series. */
const gatesOf = (batch: number, channels: number, pick: (b: number, c: number) => number): Float64Array => {
  const gates = new Float64Array(batch * channels * 4);
  for (let b = 0; b < batch; b++) for (let c = 0; c < channels; c++) gates[(b * channels + c) * 4 + pick(b, c)] = 1;
  return gates;
};

describe('top-k savings', () => {
  it('counts a sample-major row (b·C + c) as idle for an expert only when none of its 32 series picked it', () => {
    // 16 samples × 4 channels = 64 series = rows 0 and 1 (samples 0–7 and 8–15); channel c picks expert c, except
    // that in row 1 every series picks expert 0
    const c = config(false, 16, 4);
    const savings = topKSavings(c, gatesOf(16, 4, (b, ch) => (b >= 8 ? 0 : ch)));
    expect(savings).toEqual({ idle: 3, total: 8 });
    // one series of row 1 picking expert 2 leaves 2 idle pairs
    expect(topKSavings(c, gatesOf(16, 4, (b, ch) => (b >= 8 ? (b === 15 && ch === 3 ? 2 : 0) : ch)))).toEqual({ idle: 2, total: 8 });
  });

  it('uses channel-major rows (c·Bp + b) for per-channel experts', () => {
    // 40 samples pad to 64 per channel: channel c holds rows 2c and 2c + 1 (samples 0–31, 32–39)
    const c = config(true, 40, 2);
    // every sample of channel 0 picks expert 1; channel 1 picks expert 2 for samples < 32, expert 3 after
    const savings = topKSavings(c, gatesOf(40, 2, (b, ch) => (ch === 0 ? 1 : b < 32 ? 2 : 3)));
    expect(savings).toEqual({ idle: 4 * 3, total: 4 * 4 });
  });

  it('expects (1 − k/K)^32 of the pairs idle under uniform routing', () => {
    expect(uniformIdleShare(2, 8)).toBeCloseTo(0.75 ** 32, 15);
    expect(uniformIdleShare(1, 2)).toBeCloseTo(2 ** -32, 20);
    expect(uniformIdleShare(1, 4, 1)).toBe(0.75);
  });
});
