// Hand-computed forward passes on tiny models (numbers derived on paper; see the comments), plus the top-k,
// router-layout, head-dropout and noise rules. Nothing here compares the interpreter with itself.

import { describe, expect, it } from 'vitest';
import { forward, type ForwardResult, type Numerics } from '../../reference/forward.ts';
import { randomStateDict } from '../../reference/weights.ts';
import { createRandom } from '../../reference/random.ts';
import { toBf16 } from '../../reference/numerics.ts';
import { sfpuExp, sfpuRecip } from '../../reference/sfpu.ts';
import { makeConfig, stateDictOf, zerosMatrix } from './helpers.ts';

const LN3 = Math.log(3);
const X = Float64Array.of(1, 2, 3, 6); // B = 1, L = 4, C = 1
const MARKS = Float64Array.of(0.5, -0.5, 0.25, 0); // F = 4 (freq 'h')

/**
 * Router with F = 4, H = 2: h = relu(W0·m) = relu([2·0.5, 2·(−0.5)]) = [1, 0]; z = W2·h = [0, ln 3] (the 5 and 7 in
 * column 1 meet h1 = 0). Softmax gives gates [1/4, 3/4].
 */
const ROUTER_2 = {
  'Linear_Temporal.0.weight': [[2, 0, 0, 0], [0, 2, 0, 0]],
  'Linear_Temporal.0.bias': [0, 0],
  'Linear_Temporal.2.weight': [[0, 5], [LN3, 7]],
  'Linear_Temporal.2.bias': [0, 0],
};

describe('MoLE_DLinear, hand-computed (L = 4, P = 2, C = 1, K = 2, kernel 3)', () => {
  // trend (replicate pad [1,1,2,3,6,6], window 3) = [4/3, 2, 11/3, 5]; seasonal = x − trend = [−1/3, 0, −2/3, 1].
  // Heads r = p*K + k:
  //   r0 (p0,k0): Ws=[1,0,0,0] → −1/3, bs 0.5;  Wt=[0,0,0,1] → 5,          bt 0 → 31/6
  //   r1 (p0,k1): Ws=[0,0,0,1] → 1,    bs 0;    Wt=[1,0,0,0] → 4/3,        bt 0 → 7/3
  //   r2 (p1,k0): Ws=[1,1,1,1] → 0,    bs 0;    Wt=0         → 0,          bt 2 → 2
  //   r3 (p1,k1): Ws=[0,1,0,0] → 0,    bs −1;   Wt=[.5,.5,0,0] → 5/3,      bt 0 → 2/3
  // y[p0] = 31/6·1/4 + 7/3·3/4 = 73/24; y[p1] = 2·1/4 + 2/3·3/4 = 1.
  const config = makeConfig({ kind: 'dlinear', seqLen: 4, predLen: 2, channels: 1, experts: 2, kernelSize: 3 });
  const stateDict = stateDictOf({
    'Linear_Seasonal.weight': [[1, 0, 0, 0], [0, 0, 0, 1], [1, 1, 1, 1], [0, 1, 0, 0]],
    'Linear_Seasonal.bias': [0.5, 0, 0, -1],
    'Linear_Trend.weight': [[0, 0, 0, 1], [1, 0, 0, 0], [0, 0, 0, 0], [0.5, 0.5, 0, 0]],
    'Linear_Trend.bias': [0, 0, 2, 0],
    ...ROUTER_2,
  });

  it('fp64: y = [73/24, 1], gates = [1/4, 3/4], logits = [0, ln 3]', () => {
    const result = forward(config, stateDict, { x: X, marks: MARKS });
    expect(result.y[0]).toBeCloseTo(73 / 24, 14);
    expect(result.y[1]).toBeCloseTo(1, 14);
    expect(result.gates[0]).toBeCloseTo(0.25, 15);
    expect(result.gates[1]).toBeCloseTo(0.75, 15);
    expect(Array.from(result.logits)).toEqual([0, LN3]);
  });

  it('takes the router input from step 0 of [B, L, F] marks', () => {
    const marks3d = new Float64Array(4 * 4).fill(9); // later steps would change the logits
    marks3d.set(MARKS, 0);
    const result = forward(config, stateDict, { x: X, marks: marks3d });
    expect(result.y[0]).toBeCloseTo(73 / 24, 14);
  });

  it('fp32 and device numerics stay near the exact values', () => {
    const fp32 = forward(config, stateDict, { x: X, marks: MARKS }, { numerics: 'fp32' });
    expect(fp32.y[0]).toBeCloseTo(73 / 24, 6);
    expect(fp32.y[1]).toBeCloseTo(1, 6);
    const device = forward(config, stateDict, { x: X, marks: MARKS }, { numerics: 'device' });
    // bf16 (8 significant bits; 1/64 apart in [2, 4)), rounded once per expert partial and once per mixture
    // step: within two bf16 steps of the exact value
    expect(Math.abs(device.y[0]! - 73 / 24)).toBeLessThan(2 / 64);
    expect(Math.abs(device.y[1]! - 1)).toBeLessThan(0.01);
  });

  it('top-1 keeps only the larger logit: gates [0, 1] exactly, y = heads of expert 1 = [7/3, 2/3]', () => {
    const result = forward(config, stateDict, { x: X, marks: MARKS }, { topK: 1 });
    expect(Object.is(result.gates[0], 0)).toBe(true);
    expect(result.gates[1]).toBe(1);
    expect(Array.from(result.selected!)).toEqual([1]);
    expect(result.y[0]).toBeCloseTo(7 / 3, 14);
    expect(result.y[1]).toBeCloseTo(2 / 3, 14);
  });

  it('head dropout: a dropped logit becomes −1e20 (gate 0), all dropped gives uniform gates', () => {
    const dropSecond = forward(config, stateDict, { x: X, marks: MARKS }, { training: { headDropout: { keepMask: Uint8Array.of(1, 0) } } });
    expect(Array.from(dropSecond.gates)).toEqual([1, 0]);
    expect(dropSecond.y[0]).toBeCloseTo(31 / 6, 14);
    const dropAll = forward(config, stateDict, { x: X, marks: MARKS }, { training: { headDropout: { keepMask: Uint8Array.of(0, 0) } } });
    expect(Array.from(dropAll.gates)).toEqual([0.5, 0.5]);
    // random(): keep when random() > p; 0.9 > 0.2 keeps expert 0, 0.1 drops expert 1.
    const draws = [0.9, 0.1];
    const random = forward(config, stateDict, { x: X, marks: MARKS }, { training: { headDropout: { probability: 0.2, random: () => draws.shift()! } } });
    expect(Array.from(random.gates)).toEqual([1, 0]);
  });

  it('noisy gating adds std·noise to the logits before top-k and softmax', () => {
    const result = forward(config, stateDict, { x: X, marks: MARKS }, { training: { noise: { std: 0.5, values: Float64Array.of(2 * LN3, 0) } } });
    expect(result.gates[0]).toBeCloseTo(0.5, 15); // [0 + ln 3, ln 3 + 0]
    expect(Array.from(result.logits)).toEqual([0, LN3]); // logits are reported before noise
  });

  it('K = 1 is plain DLinear: gate exactly 1, y = the heads (rows p of Ws/Wt)', () => {
    const single = makeConfig({ kind: 'dlinear', seqLen: 4, predLen: 2, channels: 1, experts: 1, kernelSize: 3 });
    const sd = stateDictOf({
      'Linear_Seasonal.weight': [[1, 0, 0, 0], [1, 1, 1, 1]],
      'Linear_Seasonal.bias': [0.5, 0],
      'Linear_Trend.weight': [[0, 0, 0, 1], [0, 0, 0, 0]],
      'Linear_Trend.bias': [0, 2],
      'Linear_Temporal.0.weight': [[3, 1, 4, 1]],
      'Linear_Temporal.0.bias': [5],
      'Linear_Temporal.2.weight': [[9]],
      'Linear_Temporal.2.bias': [2],
    });
    for (const numerics of ['fp64', 'fp32'] as const) {
      const result = forward(single, sd, { x: X, marks: MARKS }, { numerics });
      expect(result.gates[0]).toBe(1);
      // plain DLinear: (seasonal·Ws + bs) + (trend·Wt + bt) = [−1/3 + 0.5 + 5, 0 + 2]
      expect(result.y[0]).toBeCloseTo(31 / 6, numerics === 'fp64' ? 14 : 6);
      expect(result.y[1]).toBeCloseTo(2, numerics === 'fp64' ? 14 : 6);
    }
  });
});

describe('MoLE_DLinear individual (per-channel weights)', () => {
  it('channel c uses Linear_Seasonal.c / Linear_Trend.c', () => {
    const config = makeConfig({ kind: 'dlinear', seqLen: 4, predLen: 2, channels: 2, experts: 1, kernelSize: 3, individual: true });
    // Channel 0 = the K = 1 case above → [31/6, 2]; channel 1 has zero weights and biases (3, 4) + (0, 1) → [3, 5].
    const sd = stateDictOf({
      'Linear_Seasonal.0.weight': [[1, 0, 0, 0], [1, 1, 1, 1]],
      'Linear_Seasonal.0.bias': [0.5, 0],
      'Linear_Seasonal.1.weight': zerosMatrix(2, 4),
      'Linear_Seasonal.1.bias': [3, 4],
      'Linear_Trend.0.weight': [[0, 0, 0, 1], [0, 0, 0, 0]],
      'Linear_Trend.0.bias': [0, 2],
      'Linear_Trend.1.weight': zerosMatrix(2, 4),
      'Linear_Trend.1.bias': [0, 1],
      'Linear_Temporal.0.weight': zerosMatrix(2, 4),
      'Linear_Temporal.0.bias': [0, 0],
      'Linear_Temporal.2.weight': zerosMatrix(2, 2),
      'Linear_Temporal.2.bias': [0, 0],
    });
    // x [L=4, C=2]: channel 0 = 1,2,3,6; channel 1 = anything.
    const x = Float64Array.of(1, 10, 2, -3, 3, 7, 6, 0);
    const result = forward(config, sd, { x, marks: MARKS });
    // y is [B, P, C]: [p0c0, p0c1, p1c0, p1c1]
    expect(result.y[0]).toBeCloseTo(31 / 6, 14);
    expect(result.y[1]).toBe(3);
    expect(result.y[2]).toBeCloseTo(2, 14);
    expect(result.y[3]).toBe(5);
    const device = forward(config, sd, { x, marks: MARKS }, { numerics: 'device' });
    expect(device.y[1]).toBe(3);
    expect(device.y[3]).toBe(5);
  });
});

describe('MoLE_RLinear, hand-computed (L = 4, P = 2, C = 1, K = 2, γ = 2, β = 0.5)', () => {
  // μ = 3, population variance = (4 + 1 + 0 + 9)/4 = 3.5, σ = sqrt(3.5 + 1e-5).
  // xn = (x − 3)/σ·2 + 0.5 = [0.5 − 4/σ, 0.5 − 2/σ, 0.5, 0.5 + 6/σ].
  // Heads: r0 = xn[2] = 0.5; r1 = xn[3] + 1 = 1.5 + 6/σ; r2 = xn[0] = 0.5 − 4/σ; r3 = mean(xn) = 0.5.
  // o0 = 0.5/4 + (1.5 + 6/σ)·3/4 = 1.25 + 4.5/σ; o1 = (0.5 − 4/σ)/4 + 0.5·3/4 = 0.5 − 1/σ.
  // y = (o − 0.5)/(2 + 1e-10)·σ + 3 → y0 = (0.75σ + 4.5)/(2 + 1e-10) + 3 ≈ 5.951561, y1 = 3 − 1/(2 + 1e-10) ≈ 2.5.
  const sigma = Math.sqrt(3.5 + 1e-5);
  const config = makeConfig({ kind: 'rlinear', seqLen: 4, predLen: 2, channels: 1, experts: 2 });
  const stateDict = stateDictOf({
    'Linear.weight': [[0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0.25, 0.25, 0.25, 0.25]],
    'Linear.bias': [0, 1, 0, 0],
    'rev.affine_weight': [2],
    'rev.affine_bias': [0.5],
    ...ROUTER_2,
  });

  it('fp64 matches the hand derivation', () => {
    const result = forward(config, stateDict, { x: X, marks: MARKS });
    expect(result.y[0]).toBeCloseTo((0.75 * sigma + 4.5) / (2 + 1e-10) + 3, 13);
    expect(result.y[0]).toBeCloseTo(5.951561, 5);
    expect(result.y[1]).toBeCloseTo(2.5, 9);
  });
  it('fp32 and device stay close', () => {
    const fp32 = forward(config, stateDict, { x: X, marks: MARKS }, { numerics: 'fp32' });
    expect(fp32.y[0]).toBeCloseTo(5.951561, 5);
    const device = forward(config, stateDict, { x: X, marks: MARKS }, { numerics: 'device' });
    expect(Math.abs(device.y[0]! - 5.951561)).toBeLessThan(0.05);
    expect(Math.abs(device.y[1]! - 2.5)).toBeLessThan(0.02);
  });
  it('without affine RevIN: xn = (x − μ)/σ and denorm is y·σ + μ', () => {
    const plain = makeConfig({ kind: 'rlinear', seqLen: 4, predLen: 2, channels: 1, experts: 1, affine: false });
    // Head 0 = xn[3] = 3/σ → y0 = 3/σ·σ + 3 = 6; head 1 = xn[0] + 1 → (−2/σ + 1)·σ + 3 = 1 + σ.
    const sd = stateDictOf({
      'Linear.weight': [[0, 0, 0, 1], [1, 0, 0, 0]],
      'Linear.bias': [0, 1],
      'Linear_Temporal.0.weight': zerosMatrix(1, 4),
      'Linear_Temporal.0.bias': [0],
      'Linear_Temporal.2.weight': [[0]],
      'Linear_Temporal.2.bias': [0],
    });
    const result = forward(plain, sd, { x: X, marks: MARKS });
    expect(result.y[0]).toBeCloseTo(6, 14);
    expect(result.y[1]).toBeCloseTo(1 + sigma, 14);
  });
});

describe('MoLE_RMLP, hand-computed (L = 4, P = 2, C = 1, K = 1, d_model = 2, γ = 1, β = 0)', () => {
  // xn = (x − 3)/σ = [−2/σ, −1/σ, 0, 3/σ].
  // hidden = relu([xn[3], xn[0]]) = [3/σ, 0]; residual = T2·hidden + t2 = [3/σ, 0, 1, −3/σ].
  // xr = xn + residual = [1/σ, −1/σ, 1, 0]; heads: r0 = xr[0] = 1/σ, r1 = xr[2] + xr[3] + 0.5 = 1.5.
  // y = head/(1 + 1e-10)·σ + 3 ≈ [4, 1.5σ + 3].
  const sigma = Math.sqrt(3.5 + 1e-5);
  const config = makeConfig({ kind: 'rmlp', seqLen: 4, predLen: 2, channels: 1, experts: 1, dModel: 2 });
  const stateDict = stateDictOf({
    'Linear.weight': [[1, 0, 0, 0], [0, 0, 1, 1]],
    'Linear.bias': [0, 0.5],
    'temporal.0.weight': [[0, 0, 0, 1], [1, 0, 0, 0]],
    'temporal.0.bias': [0, 0],
    'temporal.2.weight': [[1, 5], [0, 0], [0, 0], [-1, 0]],
    'temporal.2.bias': [0, 0, 1, 0],
    'rev.affine_weight': [1],
    'rev.affine_bias': [0],
    'Linear_Temporal.0.weight': zerosMatrix(1, 4),
    'Linear_Temporal.0.bias': [0],
    'Linear_Temporal.2.weight': [[0]],
    'Linear_Temporal.2.bias': [0],
  });
  it('fp64 matches the hand derivation', () => {
    const result = forward(config, stateDict, { x: X, marks: MARKS });
    expect(result.y[0]).toBeCloseTo(4, 9);
    expect(result.y[1]).toBeCloseTo((1.5 * sigma) / (1 + 1e-10) + 3, 13);
    expect(result.y[1]).toBeCloseTo(5.806245, 5);
  });
  it('device numerics stay within bf16 error', () => {
    const device = forward(config, stateDict, { x: X, marks: MARKS }, { numerics: 'device' });
    expect(Math.abs(device.y[0]! - 4)).toBeLessThan(0.04);
    expect(Math.abs(device.y[1]! - 5.806245)).toBeLessThan(0.05);
  });
});

describe('router', () => {
  // C = 2, K = 2, W = 0 and b2 = [1, 2, 3, 4]: z = [1, 2, 3, 4] for every sample.
  const routerConstant = {
    'Linear_Temporal.0.weight': zerosMatrix(4, 4),
    'Linear_Temporal.0.bias': [0, 0, 0, 0],
    'Linear_Temporal.2.weight': zerosMatrix(4, 4),
    'Linear_Temporal.2.bias': [1, 2, 3, 4],
  };
  const x = new Float64Array(4 * 2).fill(1);

  it('DLinear reads z channel-major (c*K + k); RLinear/RMLP read it expert-major (k*C + c)', () => {
    const dlinear = makeConfig({ kind: 'dlinear', seqLen: 4, predLen: 2, channels: 2, experts: 2, kernelSize: 3 });
    const dlinearSd = stateDictOf({
      'Linear_Seasonal.weight': zerosMatrix(4, 4),
      'Linear_Seasonal.bias': [0, 0, 0, 0],
      'Linear_Trend.weight': zerosMatrix(4, 4),
      'Linear_Trend.bias': [0, 0, 0, 0],
      ...routerConstant,
    });
    const rlinear = makeConfig({ kind: 'rlinear', seqLen: 4, predLen: 2, channels: 2, experts: 2 });
    const rlinearSd = stateDictOf({
      'Linear.weight': zerosMatrix(4, 4),
      'Linear.bias': [0, 0, 0, 0],
      'rev.affine_weight': [1, 1],
      'rev.affine_bias': [0, 0],
      ...routerConstant,
    });
    // logits [B, C, K]: DLinear c0 = [z0, z1], c1 = [z2, z3]; RLinear c0 = [z0 (k0), z2 (k1)], c1 = [z1, z3].
    expect(Array.from(forward(dlinear, dlinearSd, { x, marks: MARKS }).logits)).toEqual([1, 2, 3, 4]);
    const r = forward(rlinear, rlinearSd, { x, marks: MARKS });
    expect(Array.from(r.logits)).toEqual([1, 3, 2, 4]);
    // softmax([1, 3]) puts 1/(1 + e²) on expert 0 of channel 0 (DLinear: 1/(1 + e)).
    expect(r.gates[0]).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
  });

  it("'stats' input: features [mean, std, min, max] per channel, stat-major (s*C + c)", () => {
    const config = makeConfig({ kind: 'dlinear', seqLen: 4, predLen: 2, channels: 1, experts: 2, kernelSize: 3, routerInput: 'stats' });
    // H = 2: h0 = std (feature 1), h1 = max (feature 3); z = h → logits [sqrt(3.5), 6].
    const sd = stateDictOf({
      'Linear_Seasonal.weight': zerosMatrix(4, 4),
      'Linear_Seasonal.bias': [0, 0, 0, 0],
      'Linear_Trend.weight': zerosMatrix(4, 4),
      'Linear_Trend.bias': [0, 0, 0, 0],
      'Linear_Temporal.0.weight': [[0, 1, 0, 0], [0, 0, 0, 1]],
      'Linear_Temporal.0.bias': [0, 0],
      'Linear_Temporal.2.weight': [[1, 0], [0, 1]],
      'Linear_Temporal.2.bias': [0, 0],
    });
    const result = forward(config, sd, { x: X });
    expect(result.logits[0]).toBeCloseTo(Math.sqrt(3.5), 14);
    expect(result.logits[1]).toBe(6);
    // and mean / min: swap the first layer to read features 0 and 2 → [3, 1]
    sd.get('Linear_Temporal.0.weight')!.data.set([1, 0, 0, 0, 0, 0, 1, 0]);
    expect(Array.from(forward(config, sd, { x: X }).logits)).toEqual([3, 1]);
  });
});

describe('top-k', () => {
  /** Dense softmax written out independently: subtract the max, exp, sum in expert order, divide. */
  function denseSoftmax(logits: Float64Array, K: number, round: (v: number) => number): Float64Array {
    const gates = new Float64Array(logits.length);
    for (let row = 0; row < logits.length / K; row++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, logits[row * K + k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) {
        gates[row * K + k] = round(Math.exp(round(logits[row * K + k]! - max)));
        sum = round(sum + gates[row * K + k]!);
      }
      for (let k = 0; k < K; k++) gates[row * K + k] = round(gates[row * K + k]! / sum);
    }
    return gates;
  }
  /** The device's dense softmax (router compute kernel): SFPU exp, sum in expert order, times the SFPU reciprocal, act dtype. */
  function denseDeviceSoftmax(logits: Float64Array, K: number): Float64Array {
    const gates = new Float64Array(logits.length);
    for (let row = 0; row < logits.length / K; row++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, logits[row * K + k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) {
        gates[row * K + k] = sfpuExp(Math.fround(logits[row * K + k]! - max));
        sum = Math.fround(sum + gates[row * K + k]!);
      }
      const inverse = sfpuRecip(sum, 'fp32', { legacyCompat: false });
      for (let k = 0; k < K; k++) gates[row * K + k] = toBf16(Math.fround(gates[row * K + k]! * inverse));
    }
    return gates;
  }
  const identity = (v: number) => v;

  for (const kind of ['dlinear', 'rlinear', 'rmlp'] as const) {
    it(`${kind}: k = K gives exactly the dense softmax gates (Object.is on every element), fp64 / fp32 / device`, () => {
      const config = makeConfig({ kind, seqLen: 24, predLen: 3, channels: 2, experts: 3, dModel: 8, kernelSize: 5 });
      const sd = randomStateDict(config, 5);
      const random = createRandom(9);
      const x = Float32Array.from({ length: 2 * 24 * 2 }, () => random.normal());
      const marks = Float32Array.from({ length: 2 * 4 }, () => random.uniform() - 0.5);
      for (const numerics of ['fp64', 'fp32', 'device'] as Numerics[]) {
        const result = forward(config, sd, { x, marks }, { numerics });
        const dense = numerics === 'device' ? denseDeviceSoftmax(result.logits, 3) : denseSoftmax(result.logits, 3, numerics === 'fp64' ? identity : Math.fround);
        result.gates.forEach((g, i) => expect(Object.is(g, dense[i])).toBe(true));
        const viaOption = forward(config, sd, { x, marks }, { numerics, topK: 3 });
        viaOption.y.forEach((v, i) => expect(Object.is(v, result.y[i])).toBe(true));
      }
    });
  }

  it('k < K zeroes the others exactly, renormalises the kept ones, and breaks ties toward the lower index', () => {
    const config = makeConfig({ kind: 'dlinear', seqLen: 4, predLen: 2, channels: 1, experts: 3, kernelSize: 3 });
    const withLogits = (z: number[]) =>
      stateDictOf({
        'Linear_Seasonal.weight': zerosMatrix(6, 4),
        'Linear_Seasonal.bias': [0, 0, 0, 0, 0, 0],
        'Linear_Trend.weight': zerosMatrix(6, 4),
        'Linear_Trend.bias': [1, 2, 4, 0, 0, 0], // heads p0: expert k outputs 1, 2, 4
        'Linear_Temporal.0.weight': zerosMatrix(3, 4),
        'Linear_Temporal.0.bias': [0, 0, 0],
        'Linear_Temporal.2.weight': zerosMatrix(3, 3),
        'Linear_Temporal.2.bias': z,
      });
    const run = (z: number[], topK: number): ForwardResult => forward(config, withLogits(z), { x: X, marks: MARKS }, { topK });
    const tie = run([0, 2, 2], 1);
    expect(Array.from(tie.selected!)).toEqual([1]);
    expect(Array.from(tie.gates)).toEqual([0, 1, 0]);
    expect(tie.y[0]).toBe(2);
    expect(Array.from(run([2, 0, 2], 1).selected!)).toEqual([0]);
    const two = run([0, 2, 2], 2);
    expect(Array.from(two.selected!)).toEqual([1, 2]);
    expect(Array.from(two.gates)).toEqual([0, 0.5, 0.5]);
    expect(two.y[0]).toBe(3); // (2 + 4)/2
    const ranked = run([1, LN3 + 1, 0], 2); // keep experts 1 then 0: softmax([1, 1 + ln 3]) = [1/4, 3/4]
    expect(Array.from(ranked.selected!)).toEqual([1, 0]);
    expect(ranked.gates[0]).toBeCloseTo(0.25, 15);
    expect(ranked.gates[1]).toBeCloseTo(0.75, 15);
    expect(Object.is(ranked.gates[2], 0)).toBe(true);
    expect(ranked.y[0]).toBeCloseTo(0.25 * 1 + 0.75 * 2, 15);
  });

  it('rejects topK outside 1..K', () => {
    const config = makeConfig({ kind: 'dlinear', seqLen: 4, predLen: 2, channels: 1, experts: 2, kernelSize: 3 });
    const sd = randomStateDict(config, 1);
    expect(() => forward(config, sd, { x: X, marks: MARKS }, { topK: 3 })).toThrow(/topK/);
  });
});

describe('input checks', () => {
  const config = makeConfig({ kind: 'dlinear', seqLen: 4, predLen: 2, channels: 1, experts: 2, kernelSize: 3 });
  const sd = randomStateDict(config, 1);
  it('rejects x that is not whole windows, marks of the wrong size, and a state dict that does not fit', () => {
    expect(() => forward(config, sd, { x: new Float64Array(5), marks: MARKS })).toThrow(/whole number/);
    expect(() => forward(config, sd, { x: X, marks: new Float64Array(3) })).toThrow(/marks/);
    expect(() => forward(config, sd, { x: X })).toThrow(/needs marks/);
    const broken = new Map(sd);
    broken.delete('Linear_Trend.bias');
    expect(() => forward(config, broken, { x: X, marks: MARKS })).toThrow(/missing tensor 'Linear_Trend.bias'/);
  });
});
