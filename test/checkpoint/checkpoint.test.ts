// Official-checkpoint import and export: layouts recognised from tensor names (MoLE_*, LTSF-Linear DLinear, RTSF
// RLinear/RMLP, DataParallel prefix), import → export reproducing every tensor's bytes, clear shape/name errors, and
// train → .safetensors → import giving the trained model's forecasts. The meaning of an imported single-head DLinear
// is checked against DLinear written out by hand (moving average, two linear branches), not against forward().
import { describe, expect, it } from 'vitest';
import type { MoleConfig } from '../../dsl/config.ts';
import { detectCheckpointLayout, exportCheckpoint, importCheckpoint, moleLayout } from '../../reference/checkpoint.ts';
import { parseCsvTable } from '../../reference/data/csv.ts';
import { datasetFromTable, gatherWindows } from '../../reference/data/dataset.ts';
import { movingAverageInto } from '../../reference/fold.ts';
import { forward } from '../../reference/forward.ts';
import { createRandom } from '../../reference/random.ts';
import { parseSafetensors, serializeSafetensors } from '../../reference/safetensors.ts';
import { makeTensor, type Tensor } from '../../reference/tensor.ts';
import { trainModel } from '../../reference/train/trainer.ts';
import { expectedShapes } from '../../reference/weights.ts';
import { makeConfig } from '../reference/helpers.ts';
import { syntheticSeriesCsv } from '../train/synthetic.ts';

/** Random float32 tensors with the given official names and shapes, in the given (file) order. */
function officialTensors(entries: [string, number[]][], seed: number): Map<string, Tensor> {
  const random = createRandom(seed);
  const tensors = new Map<string, Tensor>();
  for (const [name, shape] of entries) {
    const tensor = makeTensor(shape);
    for (let i = 0; i < tensor.data.length; i++) tensor.data[i] = Math.fround(random.uniformIn(-0.2, 0.2));
    tensors.set(name, tensor);
  }
  return tensors;
}

/** The raw bytes of each tensor in a .safetensors buffer. */
function tensorBytes(file: Uint8Array): Map<string, string> {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + headerLength))) as Record<string, { data_offsets: [number, number] }>;
  const out = new Map<string, string>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [begin, end] = entry.data_offsets;
    out.set(name, Buffer.from(file.subarray(8 + headerLength + begin, 8 + headerLength + end)).toString('hex'));
  }
  return out;
}

const L = 24;
const P = 6;
const C = 3;
const sorted = (entries: [string, number[]][]) => [...entries].sort((a, b) => a[0].localeCompare(b[0])); // safetensors-python order

const layouts: { name: string; config: MoleConfig; entries: [string, number[]][]; source: string; prefix: string }[] = [
  {
    name: 'MoLE_DLinear K=4 saved through DataParallel',
    config: makeConfig({ kind: 'dlinear', seqLen: L, predLen: P, channels: C, experts: 4 }),
    entries: sorted([...expectedShapes(makeConfig({ kind: 'dlinear', seqLen: L, predLen: P, channels: C, experts: 4 }))].map(([n, s]) => [`module.${n}`, s])),
    source: 'MoLE_DLinear',
    prefix: 'module.',
  },
  {
    name: 'MoLE_RMLP K=2',
    config: makeConfig({ kind: 'rmlp', seqLen: L, predLen: P, channels: C, experts: 2, dModel: 8 }),
    entries: sorted([...expectedShapes(makeConfig({ kind: 'rmlp', seqLen: L, predLen: P, channels: C, experts: 2, dModel: 8 }))]),
    source: 'MoLE_RMLP',
    prefix: '',
  },
  {
    name: 'LTSF-Linear DLinear (K=1, no router)',
    config: makeConfig({ kind: 'dlinear', seqLen: L, predLen: P, channels: C, experts: 1 }),
    entries: [['Linear_Seasonal.weight', [P, L]], ['Linear_Seasonal.bias', [P]], ['Linear_Trend.weight', [P, L]], ['Linear_Trend.bias', [P]]],
    source: 'DLinear',
    prefix: '',
  },
  {
    name: 'RTSF RLinear (K=1, no router)',
    config: makeConfig({ kind: 'rlinear', seqLen: L, predLen: P, channels: C, experts: 1 }),
    entries: [['Linear.weight', [P, L]], ['Linear.bias', [P]], ['rev.affine_weight', [C]], ['rev.affine_bias', [C]]],
    source: 'RLinear',
    prefix: '',
  },
  {
    name: "RTSF RMLP (K=1, head called 'projection')",
    config: makeConfig({ kind: 'rmlp', seqLen: L, predLen: P, channels: C, experts: 1, dModel: 8 }),
    entries: [['temporal.0.weight', [8, L]], ['temporal.0.bias', [8]], ['temporal.2.weight', [L, 8]], ['temporal.2.bias', [L]], ['projection.weight', [P, L]], ['projection.bias', [P]], ['rev.affine_weight', [C]], ['rev.affine_bias', [C]]],
    source: 'RMLP',
    prefix: '',
  },
];

describe('official checkpoint layouts', () => {
  for (const layoutCase of layouts) {
    it(`${layoutCase.name}: recognised, imported without permutation, exported byte-identically`, () => {
      const original = serializeSafetensors(officialTensors(layoutCase.entries, 4), { format: 'pt' });
      const read = parseSafetensors(original).tensors;
      const imported = importCheckpoint(layoutCase.config, read);
      expect(imported.problems).toEqual([]);
      expect(imported.layout.source).toBe(layoutCase.source);
      expect(imported.layout.prefix).toBe(layoutCase.prefix);
      // Every official tensor arrives unchanged under its molegen name.
      for (const [name, tensor] of read) {
        const local = name.replace(/^module\./, '').replace(/^projection\./, 'Linear.');
        expect(Array.from(imported.stateDict.get(local)!.data), name).toEqual(Array.from(tensor.data));
      }
      const exported = serializeSafetensors(exportCheckpoint(imported.stateDict, imported.layout), { format: 'pt' });
      expect(tensorBytes(exported)).toEqual(tensorBytes(original));
      expect(Buffer.from(exported).equals(Buffer.from(original))).toBe(true);
    });
  }

  it('gives an imported LTSF-Linear DLinear the meaning of DLinear (checked against a hand-written DLinear)', () => {
    const config = makeConfig({ kind: 'dlinear', seqLen: L, predLen: P, channels: C, experts: 1 });
    const tensors = officialTensors(layouts[2]!.entries, 9);
    const { stateDict } = importCheckpoint(config, tensors);
    const random = createRandom(2);
    const x = Float64Array.from({ length: 2 * L * C }, () => random.normal());
    const marks = Float64Array.from({ length: 2 * 4 }, () => random.uniform() - 0.5);
    const y = forward(config, stateDict, { x, marks }).y;
    const ws = tensors.get('Linear_Seasonal.weight')!.data;
    const wt = tensors.get('Linear_Trend.weight')!.data;
    const bs = tensors.get('Linear_Seasonal.bias')!.data;
    const bt = tensors.get('Linear_Trend.bias')!.data;
    const trend = new Float64Array(L);
    for (let b = 0; b < 2; b++) {
      for (let c = 0; c < C; c++) {
        movingAverageInto(x, b * L * C + c, C, L, 25, trend);
        for (let p = 0; p < P; p++) {
          let value = bs[p]! + bt[p]!;
          for (let l = 0; l < L; l++) value += ws[p * L + l]! * (x[(b * L + l) * C + c]! - trend[l]!) + wt[p * L + l]! * trend[l]!;
          expect(y[(b * P + p) * C + c]).toBeCloseTo(value, 12);
        }
      }
    }
  });

  it('names the tensor, the expected and the found shape on a mismatch', () => {
    const config = makeConfig({ kind: 'dlinear', seqLen: L, predLen: 2 * P, channels: C, experts: 4 });
    const file = officialTensors(layouts[0]!.entries, 1); // written for predLen P
    const problems = importCheckpoint(config, file).problems.map((p) => p.message);
    expect(problems).toContain(`tensor 'module.Linear_Seasonal.weight': expected [${8 * P}, ${L}], found [${4 * P}, ${L}] (rows are P·K = ${2 * P}·4; check predLen and experts.count)`);
    const renamed = new Map([...file].map(([n, t]) => [n === 'module.Linear_Trend.bias' ? 'module.Linear_Trend.b' : n, t]));
    const messages = importCheckpoint(layouts[0]!.config, renamed).problems.map((p) => p.message);
    expect(messages).toContain(`tensor 'module.Linear_Trend.bias': expected [${4 * P}], found none`);
    expect(messages).toContain(`tensor 'module.Linear_Trend.b': expected no such tensor, found [${4 * P}]`);
  });

  it('refuses a checkpoint of another expert kind, and a single-head checkpoint for K > 1', () => {
    const rlinear = officialTensors(layouts[3]!.entries, 1);
    expect(importCheckpoint(layouts[0]!.config, rlinear).problems[0]!.message).toBe("the checkpoint holds RLinear tensors (rlinear experts) but the config's experts are 'dlinear'");
    const dlinear = officialTensors(layouts[2]!.entries, 1);
    expect(importCheckpoint(layouts[0]!.config, dlinear).problems[0]!.message).toMatch(/single-head DLinear checkpoint has no router .* this config has 4/);
    expect(() => detectCheckpointLayout(['encoder.weight'])).toThrow(/not a MoLE, DLinear, RLinear or RMLP state dict/);
  });
});

describe('train → safetensors → import', () => {
  it('reproduces the trained model’s forecasts', () => {
    const config = makeConfig({ kind: 'dlinear', seqLen: 48, predLen: 12, channels: 3, experts: 2 });
    const dataset = datasetFromTable(parseCsvTable(syntheticSeriesCsv(700), 'synthetic.csv'), { seqLen: 48, predLen: 12 });
    const trained = trainModel(config, dataset, { epochs: 1, batchSize: 16, seed: 1, maxBatchesPerEpoch: 10 }).stateDict;
    const file = serializeSafetensors(exportCheckpoint(trained, moleLayout(config)));
    const imported = importCheckpoint(config, parseSafetensors(file).tensors);
    expect(imported.layout.source).toBe('MoLE_DLinear');
    expect(imported.problems).toEqual([]);
    const batch = gatherWindows(dataset, dataset.splits.test, [0, 1, 2, 3, 4, 5, 6, 7]);
    // The checkpoint holds float32 parameters, as PyTorch's would: forecasts equal those of the float32-rounded model
    // bit for bit, and the fp64 model's to float32 precision.
    const rounded = new Map([...trained].map(([n, t]) => [n, makeTensor(t.shape, Float64Array.from(t.data, Math.fround))]));
    const fromFile = forward(config, imported.stateDict, { x: batch.x, marks: batch.marks }).y;
    expect(Array.from(fromFile)).toEqual(Array.from(forward(config, rounded, { x: batch.x, marks: batch.marks }).y));
    const exact = forward(config, trained, { x: batch.x, marks: batch.marks }).y;
    for (let i = 0; i < exact.length; i++) expect(Math.abs(fromFile[i]! - exact[i]!)).toBeLessThan(1e-5);
  });
});
