// Analytic gradients of the training graph against central finite differences of the loss computed by the golden
// forward pass (reference/forward.ts, fp64) — for every parameter tensor of DLinear, RLinear and RMLP MoLE models,
// dense and top-k routing, head dropout, noisy gating, the stats router; plus RLinear input dropout and the
// load-balancing loss, whose finite differences use the training graph's own loss (the golden forward has neither).
import { describe, expect, it } from 'vitest';
import type { MoleConfig } from '../../dsl/config.ts';
import { forward } from '../../reference/forward.ts';
import { createRandom } from '../../reference/random.ts';
import { randomStateDict, type StateDict } from '../../reference/weights.ts';
import { TrainingGraph, zeroGradients, type GraphBatch, type GraphOptions, type TrainingRandomness } from '../../reference/train/graph.ts';
import { makeConfig, type TinyConfig } from '../reference/helpers.ts';

const B = 4;

function syntheticBatch(config: MoleConfig, seed: number): { graph: GraphBatch; x: Float64Array; truth: Float64Array } {
  const { seqLen: L, channels: C } = config.input;
  const P = config.predLen;
  const F = config.router.input === 'time' ? 4 : 4 * C;
  const random = createRandom(seed);
  const x = new Float64Array(B * L * C); // [B, L, C] for the golden forward
  for (let i = 0; i < x.length; i++) x[i] = random.normal() + 0.3 * Math.sin(i);
  const truth = new Float64Array(B * P * C); // [B, P, C]
  for (let i = 0; i < truth.length; i++) truth[i] = random.normal();
  const marks = new Float64Array(B * 4);
  for (let i = 0; i < marks.length; i++) marks[i] = random.uniformIn(-0.5, 0.5);
  const seriesX = new Float64Array(B * C * L);
  const target = new Float64Array(B * C * P);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) {
      for (let l = 0; l < L; l++) seriesX[(b * C + c) * L + l] = x[(b * L + l) * C + c]!;
      for (let p = 0; p < P; p++) target[(b * C + c) * P + p] = truth[(b * P + p) * C + c]!;
    }
  }
  return { graph: { batch: B, x: seriesX, marks: marks.subarray(0, B * (config.router.input === 'time' ? F : 4)), target }, x, truth };
}

/** Perturbs the parameters a little away from init so ReLUs and softmaxes are in generic positions. */
function parameters(config: MoleConfig): StateDict {
  const stateDict = randomStateDict(config, 7);
  const random = createRandom(99);
  for (const tensor of stateDict.values()) for (let i = 0; i < tensor.data.length; i++) tensor.data[i]! += 0.05 * random.normal();
  // Keep most router ReLUs active so the router's gradient is exercised (tiny random routers can be all-dead).
  const hiddenBias = stateDict.get('Linear_Temporal.0.bias')!.data;
  for (let i = 0; i < hiddenBias.length; i++) hiddenBias[i]! += 0.5;
  return stateDict;
}

function goldenLoss(config: MoleConfig, stateDict: StateDict, x: Float64Array, marks: Float64Array, truth: Float64Array, training: TrainingRandomness, noiseStd: number): number {
  const options = {
    numerics: 'fp64' as const,
    training: {
      ...(training.keepMask ? { headDropout: { keepMask: training.keepMask } } : {}),
      ...(training.noiseValues ? { noise: { values: training.noiseValues, std: noiseStd } } : {}),
    },
  };
  const y = forward(config, stateDict, { x, marks }, options).y;
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (y[i]! - truth[i]!) ** 2;
  return sum / y.length;
}

interface Case {
  name: string;
  tiny: TinyConfig;
  graphOptions?: GraphOptions;
  headDropout?: boolean;
  noise?: boolean;
  inputDropout?: boolean;
  /** Finite differences of the graph's own loss instead of the golden forward (features the golden lacks). */
  ownLoss?: boolean;
}

const base = { seqLen: 12, predLen: 4, channels: 3, kernelSize: 5, dModel: 6 };
const cases: Case[] = [
  { name: 'MoLE-DLinear K=3, dense', tiny: { ...base, kind: 'dlinear', experts: 3 } },
  { name: 'MoLE-DLinear K=3, top-2, head dropout, noisy gating', tiny: { ...base, kind: 'dlinear', experts: 3, topK: 2 }, graphOptions: { noiseStd: 0.3, headDropout: 0.3 }, headDropout: true, noise: true },
  { name: 'DLinear K=1', tiny: { ...base, kind: 'dlinear', experts: 1 } },
  { name: 'MoLE-DLinear K=2, stats router', tiny: { ...base, kind: 'dlinear', experts: 2, routerInput: 'stats' } },
  { name: 'MoLE-RLinear K=3 (RevIN affine), head dropout', tiny: { ...base, kind: 'rlinear', experts: 3 }, graphOptions: { inputDropout: 0, headDropout: 0.3 }, headDropout: true },
  { name: 'MoLE-RLinear K=2 without affine', tiny: { ...base, kind: 'rlinear', experts: 2, affine: false }, graphOptions: { inputDropout: 0 } },
  { name: 'MoLE-RMLP K=2', tiny: { ...base, kind: 'rmlp', experts: 2 } },
  { name: 'MoLE-RLinear K=2 with input dropout 0.25', tiny: { ...base, kind: 'rlinear', experts: 2 }, graphOptions: { inputDropout: 0.25 }, inputDropout: true, ownLoss: true },
  { name: 'MoLE-DLinear K=4 top-1 with load-balancing loss', tiny: { ...base, kind: 'dlinear', experts: 4, topK: 1 }, graphOptions: { loadBalance: 0.5 }, ownLoss: true },
];

describe('training graph gradients match finite differences', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const config = makeConfig(testCase.tiny);
      const K = config.experts.count;
      const C = config.input.channels;
      const stateDict = parameters(config);
      const { graph: batch, x, truth } = syntheticBatch(config, 3);
      const random = createRandom(11);
      const training: TrainingRandomness = {};
      if (testCase.headDropout) training.keepMask = Uint8Array.from({ length: B * C * K }, () => (random.uniform() > 0.3 ? 1 : 0));
      if (testCase.noise) training.noiseValues = Float64Array.from({ length: B * C * K }, () => random.normal());
      if (testCase.inputDropout) training.inputKeepMask = Uint8Array.from({ length: B * C * config.input.seqLen }, () => (random.uniform() > 0.25 ? 1 : 0));
      const graph = new TrainingGraph(config, testCase.graphOptions ?? {});
      const gradients = zeroGradients(stateDict);
      const analytic = graph.lossAndGradients(stateDict, batch, gradients, training);

      const lossAt = (): number => {
        if (testCase.ownLoss) {
          const result = graph.loss(stateDict, batch, training);
          return result.mse + result.auxiliary;
        }
        return goldenLoss(config, stateDict, x, batch.marks, truth, training, graph.noiseStd);
      };
      if (!testCase.ownLoss) expect(analytic.mse).toBeCloseTo(lossAt(), 12); // the graph's loss is the golden loss

      const h = 1e-6;
      let checked = 0;
      for (const [name, tensor] of stateDict) {
        const g = gradients.get(name)!;
        const picks = new Set<number>();
        for (let i = 0; i < Math.min(6, tensor.data.length); i++) picks.add(Math.floor(random.uniform() * tensor.data.length));
        for (const index of picks) {
          const saved = tensor.data[index]!;
          tensor.data[index] = saved + h;
          const up = lossAt();
          tensor.data[index] = saved - h;
          const down = lossAt();
          tensor.data[index] = saved;
          const numeric = (up - down) / (2 * h);
          expect(Math.abs(g[index]! - numeric), `${name}[${index}]: analytic ${g[index]} vs numeric ${numeric}`).toBeLessThan(1e-6 + 1e-4 * Math.abs(numeric));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(20);
      // The router gets a gradient whenever there is more than one expert to choose from.
      const routerGradient = gradients.get('Linear_Temporal.2.weight')!;
      if (K > 1) expect(routerGradient.some((v) => v !== 0)).toBe(true);
      else expect(routerGradient.every((v) => v === 0)).toBe(true);
    });
  }
});

describe('training graph forward', () => {
  it('predicts what the golden forward pass predicts (fp64), for all three expert kinds', () => {
    for (const kind of ['dlinear', 'rlinear', 'rmlp'] as const) {
      const config = makeConfig({ ...base, kind, experts: 3, topK: 2 });
      const stateDict = parameters(config);
      const { graph: batch, x } = syntheticBatch(config, 5);
      const golden = forward(config, stateDict, { x, marks: batch.marks }, { numerics: 'fp64' });
      const ours = new TrainingGraph(config).predict(stateDict, batch);
      const { channels: C } = config.input;
      const P = config.predLen;
      let worst = 0;
      for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) for (let p = 0; p < P; p++) {
        worst = Math.max(worst, Math.abs(ours.y[(b * C + c) * P + p]! - golden.y[(b * P + p) * C + c]!));
      }
      expect(worst, kind).toBeLessThan(1e-12);
      const gateError = Math.max(...Array.from(golden.gates, (g, i) => Math.abs(g - ours.gates[i]!)));
      expect(gateError, `${kind} gates`).toBeLessThan(1e-14);
    }
  });
});

describe('moving-average operators of the DLinear fold', () => {
  it('equal A·x and w·A with the explicit matrix, including short series where every tap clamps', async () => {
    const { movingAverageMatrix } = await import('../../reference/fold.ts');
    const { movingAverage, transposedMovingAverage } = await import('../../reference/train/graph.ts');
    for (const [L, kernel] of [[30, 5], [12, 25], [336, 25], [3, 7]] as const) {
      const A = movingAverageMatrix(L, kernel);
      const random = createRandom(L);
      const v = Float64Array.from({ length: L }, () => random.normal());
      const out = new Float64Array(L);
      const prefix = new Float64Array(L + 1);
      movingAverage(v, 0, L, kernel, out, prefix);
      for (let t = 0; t < L; t++) {
        let expected = 0;
        for (let s = 0; s < L; s++) expected += A[t * L + s]! * v[s]!;
        expect(out[t]).toBeCloseTo(expected, 12);
      }
      transposedMovingAverage(v, L, kernel, out, 0, prefix);
      for (let l = 0; l < L; l++) {
        let expected = 0;
        for (let t = 0; t < L; t++) expected += v[t]! * A[t * L + l]!;
        expect(out[l], `L=${L} kernel=${kernel} column ${l}`).toBeCloseTo(expected, 12);
      }
    }
  });
});
