// Inputs for `molegen verify`: either seeded synthetic windows (x ~ N(0, 1), time features of
// random hourly timestamps) or consecutive test-split windows of a CSV data set (date column
// first, StandardScaler fit on the train rows, ETT-hour borders for ETTh* files, 70/10/20 otherwise).
// Produces float32 arrays in the layouts the runner and the reference take.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MoleConfig } from '../../dsl/config.ts';
import { routerInputSize } from '../../dsl/index.ts';
import { createRandom } from '../../reference/random.ts';
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

function fail(file: string, message: string, line?: number): never {
  throw new MolegenError([{ code: 'MG4201', severity: 'error', message, file, ...(line !== undefined ? { line, column: 1 } : {}) }]);
}

/** The first `batch` test-split windows of a CSV data set. */
export function datasetInputs(config: MoleConfig, csvPath: string): VerifyInputs {
  const { seqLen: L, channels: C, freq } = config.input;
  const P = config.predLen;
  const B = config.batch;
  let text: string;
  try {
    text = readFileSync(csvPath, 'utf8');
  } catch {
    fail(csvPath, `cannot read ${csvPath}`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]?.split(',') ?? [];
  if (header[0] !== 'date') fail(csvPath, `the first column must be 'date', found '${header[0] ?? ''}'`, 1);
  if (header.length - 1 !== C) fail(csvPath, `the file has ${header.length - 1} value columns but the config has channels: ${C}`, 1);
  const rows = lines.length - 1;
  const values = new Float64Array(rows * C);
  const dates: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1]!.split(',');
    if (cells.length !== C + 1) fail(csvPath, `row ${r + 2} has ${cells.length} columns, expected ${C + 1}`, r + 2);
    dates.push(cells[0]!);
    for (let c = 0; c < C; c++) {
      const v = Number(cells[c + 1]);
      if (!Number.isFinite(v)) fail(csvPath, `row ${r + 2}, column '${header[c + 1]}': '${cells[c + 1]}' is not a number`, r + 2);
      values[r * C + c] = v;
    }
  }
  const ett = /^ETTh/i.test(path.basename(csvPath));
  const trainEnd = ett ? 12 * 30 * 24 : Math.floor(rows * 0.7);
  const testStart = ett ? 16 * 30 * 24 - L : rows - Math.floor(rows * 0.2) - L;
  if (testStart + B - 1 + L + P > rows) fail(csvPath, `${rows} rows are too few for ${B} test windows of ${L}+${P} steps`);

  const mean = new Float64Array(C);
  const std = new Float64Array(C);
  for (let r = 0; r < trainEnd; r++) for (let c = 0; c < C; c++) mean[c]! += values[r * C + c]! / trainEnd;
  for (let r = 0; r < trainEnd; r++) for (let c = 0; c < C; c++) std[c]! += (values[r * C + c]! - mean[c]!) ** 2 / trainEnd;
  for (let c = 0; c < C; c++) std[c] = Math.sqrt(std[c]!) || 1;
  const scaled = (r: number, c: number): number => (values[r * C + c]! - mean[c]!) / std[c]!;

  const F = routerInputSize(config);
  const x = new Float32Array(B * L * C);
  const truth = new Float32Array(B * P * C);
  const marks = new Float32Array(B * F);
  for (let b = 0; b < B; b++) {
    const start = testStart + b;
    for (let l = 0; l < L; l++) for (let c = 0; c < C; c++) x[(b * L + l) * C + c] = scaled(start + l, c);
    for (let p = 0; p < P; p++) for (let c = 0; c < C; c++) truth[(b * P + p) * C + c] = scaled(start + L + p, c);
    marks.set(timeFeatures(dates[start]!, freq).subarray(0, F), b * F);
  }
  return { x, marks, truth, description: `${B} test windows of ${path.basename(csvPath)} from row ${testStart}` };
}
