// Inputs for `molegen verify`: either seeded synthetic windows (x ~ N(0, 1), time features of
// random hourly timestamps) or consecutive test-split windows of a CSV data set, read by the data
// module (reference/data: ETT or 70/10/20 borders, StandardScaler fit on the train rows).
// Produces float32 arrays in the layouts the runner and the reference take.

import path from 'node:path';
import type { MoleConfig } from '../../dsl/config.ts';
import { routerInputSize } from '../../dsl/index.ts';
import { createRandom } from '../../reference/random.ts';
import { gatherWindows, loadDataset, type Dataset } from '../../reference/data/dataset.ts';
import { timeFeatures } from '../../reference/timefeatures.ts';
import { MolegenError } from '../diagnostics.ts';

export interface VerifyInputs {
  /** [B, L, C] */
  x: Float32Array;
  /** [B, F]: time features of each window's first step. */
  marks: Float32Array;
  /** [B, P, C] ground truth, when the inputs come from a data set. */
  truth?: Float32Array;
  description: string;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function seededInputs(config: MoleConfig, seed: number): VerifyInputs {
  const { seqLen: L, channels: C, freq } = config.input;
  const B = config.batch;
  const F = routerInputSize(config);
  const random = createRandom(seed);
  const x = new Float32Array(B * L * C);
  for (let i = 0; i < x.length; i++) x[i] = random.normal();
  const marks = new Float32Array(B * F);
  const start = Date.UTC(2016, 6, 1);
  for (let b = 0; b < B; b++) {
    const when = new Date(start + Math.floor(random.uniform() * 2 * 365 * 24) * 3600 * 1000);
    const stamp = `${when.getUTCFullYear()}-${pad2(when.getUTCMonth() + 1)}-${pad2(when.getUTCDate())} ${pad2(when.getUTCHours())}:00:00`;
    marks.set(timeFeatures(stamp, freq).subarray(0, F), b * F);
  }
  return { x, marks, description: `seeded synthetic windows (seed ${seed})` };
}

/** The first `batch` test-split windows of a CSV data set (reference/data: the standard borders, scaler and time features). */
export function datasetInputs(config: MoleConfig, csvPath: string): VerifyInputs {
  const { seqLen: L, channels: C } = config.input;
  const P = config.predLen;
  const B = config.batch;
  let dataset: Dataset;
  try {
    dataset = loadDataset(csvPath, { seqLen: L, predLen: P, freq: config.input.freq });
  } catch (error) {
    const e = error as { code?: string; message: string; line?: number; column?: number };
    throw new MolegenError([{ code: e.code ?? 'MG4201', severity: 'error', message: e.message, file: csvPath, ...(e.line ? { line: e.line, column: e.column ?? 1 } : {}) }]);
  }
  if (dataset.channels !== C) {
    throw new MolegenError([{ code: 'MG4201', severity: 'error', message: `the file has ${dataset.channels} value columns but the config has channels: ${C}`, file: csvPath, line: 1, column: 1 }]);
  }
  const test = dataset.splits.test;
  if (test.windows < B) {
    throw new MolegenError([{ code: 'MG4201', severity: 'error', message: `the test split has ${test.windows} windows of ${L}+${P} steps, fewer than the batch of ${B}`, file: csvPath }]);
  }
  const batch = gatherWindows(dataset, test, Array.from({ length: B }, (_, b) => b));
  return {
    x: Float32Array.from(batch.x),
    marks: Float32Array.from(batch.marks),
    truth: Float32Array.from(batch.y),
    description: `${B} test windows of ${path.basename(csvPath)} from row ${test.start}`,
  };
}
