// Device numerics: close to fp64 at bf16 level, tighter with fp32 everywhere, and the DST/dtype switches matter.

import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../dsl/config.ts';
import { compareTensors, pcc } from '../../reference/compare.ts';
import { dstDot, expertDeviceMatrix } from '../../reference/device.ts';
import { toBf16 } from '../../reference/numerics.ts';
import { forward } from '../../reference/forward.ts';
import { createRandom } from '../../reference/random.ts';
import { randomStateDict } from '../../reference/weights.ts';
import { makeConfig } from './helpers.ts';

function etth1Like(target: Partial<TargetConfig>) {
  const config = makeConfig({ kind: 'dlinear', seqLen: 336, predLen: 96, channels: 7, experts: 4, target });
  const stateDict = randomStateDict(config, 2024);
  const random = createRandom(77);
  const B = 2;
  const x = Float32Array.from({ length: B * 336 * 7 }, () => random.normal());
  const marks = Float32Array.from({ length: B * 4 }, () => random.uniform() - 0.5);
  return { config, stateDict, inputs: { x, marks } };
}

describe('device numerics, MoLE-DLinear L = 336, P = 96, C = 7, K = 4', () => {
  const exact = (() => {
    const { config, stateDict, inputs } = etth1Like({});
    return forward(config, stateDict, inputs, { numerics: 'fp64' }).y;
  })();

  it('bf16 activations and weights, fp32 DST: PCC ≥ 0.9995 against fp64 and bf16-sized errors', () => {
    const { config, stateDict, inputs } = etth1Like({ dtype: 'bf16', weightDtype: 'bf16', fp32DestAcc: true });
    const device = forward(config, stateDict, inputs, { numerics: 'device' }).y;
    const c = compareTensors(device, exact, { rtol: 0.05, atol: 0.05, pccMin: 0.9995 });
    expect(c.pcc).toBeGreaterThanOrEqual(0.9995);
    expect(c.pass).toBe(true);
    expect(c.maxAbs).toBeGreaterThan(0); // it does round
    // every output is a bf16 value
    for (const v of device) expect(Math.fround(v)).toBe(v);
  });

  it('bf16 DST accumulation and bfp8_b weights lose more, but stay correlated', () => {
    const bf16Dst = etth1Like({ fp32DestAcc: false });
    const bfp8 = etth1Like({ weightDtype: 'bfp8_b', fp32DestAcc: true });
    const fp32Dst = etth1Like({ fp32DestAcc: true });
    const yBf16Dst = forward(bf16Dst.config, bf16Dst.stateDict, bf16Dst.inputs, { numerics: 'device' }).y;
    const yBfp8 = forward(bfp8.config, bfp8.stateDict, bfp8.inputs, { numerics: 'device' }).y;
    const yFp32Dst = forward(fp32Dst.config, fp32Dst.stateDict, fp32Dst.inputs, { numerics: 'device' }).y;
    expect(pcc(yBf16Dst, exact)).toBeGreaterThan(0.999);
    expect(pcc(yBfp8, exact)).toBeGreaterThan(0.999);
    const errorOf = (y: Float64Array) => compareTensors(y, exact, { rtol: 0, atol: 0, pccMin: 0 }).maxAbs;
    expect(errorOf(yBf16Dst)).toBeGreaterThan(errorOf(yFp32Dst));
    expect(yBfp8.some((v, i) => v !== yFp32Dst[i])).toBe(true);
  });

  it('fp32 activations and weights with fp32 DST agree with fp64 to float32 precision', () => {
    const { config, stateDict, inputs } = etth1Like({ dtype: 'fp32', weightDtype: 'fp32', fp32DestAcc: true });
    const device = forward(config, stateDict, inputs, { numerics: 'device' }).y;
    const c = compareTensors(device, exact, { rtol: 1e-4, atol: 1e-5, pccMin: 0.999999 });
    expect(c.pass).toBe(true);
  });
});

describe('device building blocks', () => {
  it('DST dot: a partial per 32 indices in fp32, each added into DST with its rounding', () => {
    // 33 terms of 2^-24: the first chunk sums 32·2^-24 = 2^-19 exactly, the 33rd term is its own chunk.
    const input = new Float64Array(33).fill(2 ** -24);
    const weight = new Float64Array(33).fill(1);
    expect(dstDot(input, weight, 0, 1, 33, Math.fround)).toBe(33 * 2 ** -24);
    // Term by term in fp32 from 1 the small terms would vanish: 1 + 2^-24 rounds back to 1 (tie to even).
    let termByTerm = 1;
    for (let i = 0; i < 33; i++) termByTerm = Math.fround(termByTerm + 2 ** -24);
    expect(termByTerm).toBe(1);
    // A 16-bit DST rounds each chunk's sum to bf16: with a 1 in front, nothing of the 2^-24 terms survives.
    const withOne = Float64Array.of(1, ...new Array<number>(32).fill(2 ** -24));
    expect(dstDot(withOne, new Float64Array(33).fill(1), 0, 1, 33, toBf16)).toBe(1);
  });
  it('expert matrix: Wᵀ with interleaved rows p*K + k, zero padding to 32 (biases travel in their own tile)', () => {
    // P = 2, K = 2, L = 3: W rows r = p*K + k.
    const weight = Float64Array.of(/* r0 p0k0 */ 1, 2, 3, /* r1 p0k1 */ 4, 5, 6, /* r2 p1k0 */ 7, 8, 9, /* r3 p1k1 */ 10, 11, 12);
    const m = expertDeviceMatrix(weight, 1, 2, 2, 3, 'fp32');
    expect(m.paddedRows).toBe(32);
    expect(m.paddedCols).toBe(32);
    const at = (l: number, p: number) => m.values[l * 32 + p];
    expect([at(0, 0), at(1, 0), at(2, 0), at(3, 0)]).toEqual([4, 5, 6, 0]);
    expect([at(0, 1), at(1, 1), at(2, 1), at(3, 1)]).toEqual([10, 11, 12, 0]);
    expect(at(4, 0)).toBe(0);
    expect(at(0, 2)).toBe(0);
  });
});
