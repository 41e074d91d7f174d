// A forecasting data set as the standard loaders build it (mole-model.md §3): train/val/test borders (ETT hour,
// ETT minute, or the custom 70/10/20 layout), a StandardScaler fit on the train rows only and applied to the whole
// file, timeF features of every row (float32, as the training code casts them), and stride-1 windows
// x = rows [s, s+L), y = rows [s+L, s+L+P), marks = features of rows [s, s+L) (the router uses row s).
// Batching follows the DataLoader: optional seeded shuffle, optional drop_last.
// This module does not train or evaluate; it only turns a file into windows.

import path from 'node:path';
import type { Freq } from '../../dsl/config.ts';
import type { RandomStream } from '../random.ts';
import { timeFeatureNames, timeFeatureValue } from '../timefeatures.ts';
import { DataError, readCsvTable, type TimeSeriesTable } from './csv.ts';

/** 'ett-hour' / 'ett-minute': Dataset_ETT_hour / _minute borders; 'custom': Dataset_Custom's 70/10/20 split. */
export type SplitLayout = 'ett-hour' | 'ett-minute' | 'custom';
export type SplitName = 'train' | 'val' | 'test';
/** 'M': every value column is a channel; 'S': the target column only. */
export type FeatureMode = 'M' | 'S';

export interface Split {
  name: SplitName;
  /** First row of the split (border1), inclusive. */
  start: number;
  /** border2, exclusive. */
  end: number;
  /** Windows of L + P rows starting at start, start+1, …: end − start − L − P + 1. */
  windows: number;
}

export interface StandardScaler {
  /** Per channel, over the train rows. */
  mean: Float64Array;
  /** Population std (ddof 0) per channel; 1 where the train rows are constant (as sklearn does). */
  scale: Float64Array;
}

export interface DatasetOptions {
  seqLen: number;
  predLen: number;
  /** Frequency of the time features. Default 'h' (what every paper script uses, §1.3). */
  freq?: Freq;
  /** Default: from the file name (ETTh* → ett-hour, ETTm* → ett-minute, otherwise custom). */
  layout?: SplitLayout;
  features?: FeatureMode;
  /** Target column (custom layout moves it last; 'S' uses it alone). Default 'OT'. */
  target?: string;
}

export interface Dataset {
  file: string;
  layout: SplitLayout;
  freq: Freq;
  seqLen: number;
  predLen: number;
  columns: string[];
  channels: number;
  rows: number;
  dates: string[];
  /** Standardised values, [rows, channels]. */
  scaled: Float64Array;
  /** timeF features per row, float32 values, [rows, featureCount]. */
  marks: Float64Array;
  featureCount: number;
  /** Hour of day and day of week (Monday = 0) of each row, for usage statistics. */
  hourOfDay: Uint8Array;
  dayOfWeek: Uint8Array;
  scaler: StandardScaler;
  splits: Record<SplitName, Split>;
}

export function detectLayout(file: string): SplitLayout {
  const base = path.basename(file);
  if (/^ETTh/i.test(base)) return 'ett-hour';
  if (/^ETTm/i.test(base)) return 'ett-minute';
  return 'custom';
}

/** [border1, border2) of each split. ETT borders are fixed months (12/4/4 of 30 days); custom is 70/10/20. */
export function splitBorders(layout: SplitLayout, rows: number, seqLen: number): Record<SplitName, [number, number]> {
  if (layout === 'custom') {
    const train = Math.floor(rows * 0.7);
    const test = Math.floor(rows * 0.2);
    const val = rows - train - test;
    return { train: [0, train], val: [train - seqLen, train + val], test: [rows - test - seqLen, rows] };
  }
  const perDay = layout === 'ett-hour' ? 24 : 96;
  const month = 30 * perDay;
  return { train: [0, 12 * month], val: [12 * month - seqLen, 16 * month], test: [16 * month - seqLen, 20 * month] };
}

export function loadDataset(file: string, options: DatasetOptions): Dataset {
  const table = readCsvTable(file, options.target !== undefined ? { target: options.target } : {});
  return datasetFromTable(table, options);
}

export function datasetFromTable(table: TimeSeriesTable, options: DatasetOptions): Dataset {
  const { seqLen: L, predLen: P } = options;
  const freq = options.freq ?? 'h';
  const layout = options.layout ?? detectLayout(table.file);
  const features = options.features ?? 'M';
  const file = table.file;
  let columns = table.columns;
  let values = table.values;
  if (features === 'S') {
    const targetColumn = columns.length - 1;
    values = new Float64Array(table.rows);
    for (let r = 0; r < table.rows; r++) values[r] = table.values[r * columns.length + targetColumn]!;
    columns = [columns[targetColumn]!];
  }
  const C = columns.length;
  const rows = table.rows;

  const borders = splitBorders(layout, rows, L);
  const splits = {} as Record<SplitName, Split>;
  for (const name of ['train', 'val', 'test'] as const) {
    const [start, end] = borders[name];
    const windows = end - start - L - P + 1;
    if (start < 0 || end > rows || windows < 1) {
      const need = layout === 'custom' ? `a ${name} split of at least L+P = ${L + P} rows` : `rows up to ${end} for the ${layout} borders`;
      throw new DataError(
        `${file}: too few rows for L=${L}, P=${P}: the file has ${rows} data rows; the ${name} split [${start}, ${end}) needs ${need}`,
        file,
      );
    }
    splits[name] = { name, start, end, windows };
  }

  // StandardScaler on the train rows (population std), applied to every row.
  const trainEnd = splits.train.end;
  const mean = new Float64Array(C);
  const scale = new Float64Array(C);
  for (let r = 0; r < trainEnd; r++) for (let c = 0; c < C; c++) mean[c]! += values[r * C + c]!;
  for (let c = 0; c < C; c++) mean[c] = mean[c]! / trainEnd;
  for (let r = 0; r < trainEnd; r++) for (let c = 0; c < C; c++) scale[c]! += (values[r * C + c]! - mean[c]!) ** 2;
  for (let c = 0; c < C; c++) {
    const std = Math.sqrt(scale[c]! / trainEnd);
    scale[c] = std > 0 ? std : 1;
  }
  const scaled = new Float64Array(rows * C);
  for (let r = 0; r < rows; r++) for (let c = 0; c < C; c++) scaled[r * C + c] = (values[r * C + c]! - mean[c]!) / scale[c]!;

  const names = timeFeatureNames(freq);
  const F = names.length;
  const marks = new Float64Array(rows * F);
  const hourOfDay = new Uint8Array(rows);
  const dayOfWeek = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const fields = table.calendar[r]!;
    for (let f = 0; f < F; f++) marks[r * F + f] = Math.fround(timeFeatureValue(names[f]!, fields));
    hourOfDay[r] = fields.hour;
    dayOfWeek[r] = fields.dayOfWeek;
  }
  return { file, layout, freq, seqLen: L, predLen: P, columns, channels: C, rows, dates: table.dates, scaled, marks, featureCount: F, hourOfDay, dayOfWeek, scaler: { mean, scale }, splits };
}

/** Window start rows of a batch, in DataLoader order: shuffled with `random` when given, last partial batch dropped when dropLast. */
export function batchOrder(windows: number, batchSize: number, options: { random?: RandomStream; dropLast: boolean }): Int32Array[] {
  const order = new Int32Array(windows);
  for (let i = 0; i < windows; i++) order[i] = i;
  if (options.random !== undefined) {
    for (let i = windows - 1; i > 0; i--) {
      const j = Math.floor(options.random.uniform() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
  }
  const batches: Int32Array[] = [];
  for (let begin = 0; begin < windows; begin += batchSize) {
    const end = Math.min(windows, begin + batchSize);
    if (end - begin < batchSize && options.dropLast) break;
    batches.push(order.subarray(begin, end));
  }
  return batches;
}

/** Number of windows a DataLoader yields: all, or whole batches only with drop_last. */
export function keptWindows(windows: number, batchSize: number, dropLast: boolean): number {
  return dropLast ? Math.floor(windows / batchSize) * batchSize : windows;
}

export interface WindowBatch {
  /** [B, L, C] */
  x: Float64Array;
  /** [B, P, C] */
  y: Float64Array;
  /** [B, F]: features of each window's first input row (the router input). */
  marks: Float64Array;
}

/** Gathers windows (split-local indices) into the layouts forward() takes. */
export function gatherWindows(dataset: Dataset, split: Split, indices: ArrayLike<number>): WindowBatch {
  const { seqLen: L, predLen: P, channels: C, featureCount: F } = dataset;
  const B = indices.length;
  const x = new Float64Array(B * L * C);
  const y = new Float64Array(B * P * C);
  const marks = new Float64Array(B * F);
  for (let b = 0; b < B; b++) {
    const start = split.start + indices[b]!;
    x.set(dataset.scaled.subarray(start * C, (start + L) * C), b * L * C);
    y.set(dataset.scaled.subarray((start + L) * C, (start + L + P) * C), b * P * C);
    marks.set(dataset.marks.subarray(start * F, (start + 1) * F), b * F);
  }
  return { x, y, marks };
}
