import { describe, expect, it } from 'vitest';
import { checkStateDict, expectedShapes, randomStateDict, routerInputSize } from '../../reference/weights.ts';
import { makeTensor } from '../../reference/tensor.ts';
import { makeConfig } from './helpers.ts';

const parameterCount = (shapes: Map<string, number[]>) => [...shapes.values()].reduce((sum, s) => sum + s.reduce((a, b) => a * b, 1), 0);

describe('expected state_dict names and shapes', () => {
  it('reproduces the parameter counts of mole-model.md §1.6 (L = 336, P = 96)', () => {
    const ett = { seqLen: 336, predLen: 96, channels: 7 };
    expect(parameterCount(expectedShapes(makeConfig({ kind: 'dlinear', ...ett, experts: 1 })))).toBe(64_795);
    expect(parameterCount(expectedShapes(makeConfig({ kind: 'dlinear', ...ett, experts: 4 })))).toBe(259_768);
    expect(parameterCount(expectedShapes(makeConfig({ kind: 'rlinear', ...ett, experts: 4 })))).toBe(130_374);
    expect(parameterCount(expectedShapes(makeConfig({ kind: 'rmlp', ...ett, experts: 4 })))).toBe(475_286);
    const weather = { seqLen: 336, predLen: 96, channels: 21, experts: 4 };
    expect(parameterCount(expectedShapes(makeConfig({ kind: 'dlinear', ...weather })))).toBe(266_376);
    expect(parameterCount(expectedShapes(makeConfig({ kind: 'rlinear', ...weather })))).toBe(137_010);
    expect(parameterCount(expectedShapes(makeConfig({ kind: 'rmlp', ...weather })))).toBe(481_922);
    expect(parameterCount(expectedShapes(makeConfig({ kind: 'dlinear', seqLen: 336, predLen: 96, channels: 321, experts: 4 })))).toBe(1_915_176);
  });
  it('uses the official names and layouts', () => {
    const shapes = expectedShapes(makeConfig({ kind: 'rmlp', seqLen: 8, predLen: 3, channels: 2, experts: 2, dModel: 5 }));
    expect([...shapes.entries()]).toEqual([
      ['Linear.weight', [6, 8]],
      ['Linear.bias', [6]],
      ['temporal.0.weight', [5, 8]],
      ['temporal.0.bias', [5]],
      ['temporal.2.weight', [8, 5]],
      ['temporal.2.bias', [8]],
      ['rev.affine_weight', [2]],
      ['rev.affine_bias', [2]],
      ['Linear_Temporal.0.weight', [4, 4]],
      ['Linear_Temporal.0.bias', [4]],
      ['Linear_Temporal.2.weight', [4, 4]],
      ['Linear_Temporal.2.bias', [4]],
    ]);
    const individual = expectedShapes(makeConfig({ kind: 'dlinear', seqLen: 8, predLen: 3, channels: 2, experts: 2, individual: true }));
    expect([...individual.keys()].slice(0, 4)).toEqual(['Linear_Seasonal.0.weight', 'Linear_Seasonal.0.bias', 'Linear_Seasonal.1.weight', 'Linear_Seasonal.1.bias']);
    expect(individual.get('Linear_Trend.1.weight')).toEqual([6, 8]);
  });
  it('router input size: time features of freq, or 4·C for stats', () => {
    expect(routerInputSize(makeConfig({ kind: 'dlinear', seqLen: 8, predLen: 3, channels: 3, experts: 2, freq: 't' }))).toBe(5);
    expect(routerInputSize(makeConfig({ kind: 'dlinear', seqLen: 8, predLen: 3, channels: 3, experts: 2, freq: 'm' }))).toBe(1);
    expect(routerInputSize(makeConfig({ kind: 'dlinear', seqLen: 8, predLen: 3, channels: 3, experts: 2, routerInput: 'stats' }))).toBe(12);
  });
});

describe('checkStateDict', () => {
  it('names the tensor with the expected and found shapes; reports missing and unexpected tensors', () => {
    const config = makeConfig({ kind: 'rlinear', seqLen: 8, predLen: 3, channels: 2, experts: 2 });
    const sd = randomStateDict(config, 1);
    expect(checkStateDict(config, sd)).toEqual([]);
    sd.set('Linear.weight', makeTensor([8, 6]));
    sd.delete('rev.affine_bias');
    sd.set('projection.weight', makeTensor([3, 8]));
    const messages = checkStateDict(config, sd).map((p) => p.message);
    expect(messages).toEqual([
      "tensor 'Linear.weight' has shape [8, 6], expected [6, 8]",
      "missing tensor 'rev.affine_bias' (expected shape [2])",
      "unexpected tensor 'projection.weight' of shape [3, 8]",
    ]);
  });
});

describe('randomStateDict', () => {
  const config = makeConfig({ kind: 'rmlp', seqLen: 16, predLen: 4, channels: 3, experts: 2, dModel: 9 });
  it('is deterministic per seed and differs across seeds', () => {
    const a = randomStateDict(config, 42);
    const b = randomStateDict(config, 42);
    const c = randomStateDict(config, 43);
    for (const [name, tensor] of a) expect(Array.from(tensor.data)).toEqual(Array.from(b.get(name)!.data));
    expect(Array.from(a.get('Linear.weight')!.data)).not.toEqual(Array.from(c.get('Linear.weight')!.data));
  });
  it('draws weights and biases from U(−1/√fan_in, 1/√fan_in) as float32 values; γ = 1, β = 0', () => {
    const sd = randomStateDict(config, 7);
    const boundOf = { 'Linear.weight': 1 / 4, 'Linear.bias': 1 / 4, 'temporal.2.weight': 1 / 3, 'temporal.2.bias': 1 / 3 } as Record<string, number>;
    for (const [name, bound] of Object.entries(boundOf)) {
      const data = sd.get(name)!.data;
      let maxAbs = 0;
      let sum = 0;
      for (const v of data) {
        expect(Math.fround(v)).toBe(v);
        maxAbs = Math.max(maxAbs, Math.abs(v));
        sum += v;
      }
      expect(maxAbs).toBeLessThanOrEqual(bound);
      if (data.length > 50) {
        expect(maxAbs).toBeGreaterThan(0.8 * bound); // spread over the interval, not a narrower one
        expect(Math.abs(sum / data.length)).toBeLessThan(0.2 * bound);
      }
    }
    expect(Array.from(sd.get('rev.affine_weight')!.data)).toEqual([1, 1, 1]);
    expect(Array.from(sd.get('rev.affine_bias')!.data)).toEqual([0, 0, 0]);
  });
});
