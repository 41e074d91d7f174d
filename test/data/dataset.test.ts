// The data module: CSV parsing and its error messages, the ETT and custom split borders, the train-only scaler,
// stride-1 windows, time features and DataLoader batching — on synthetic files, and on ETTh1 when it is present.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, parseCsvTable } from '../../reference/data/csv.ts';
import { batchOrder, datasetFromTable, gatherWindows, keptWindows, loadDataset, splitBorders } from '../../reference/data/dataset.ts';
import { createRandom } from '../../reference/random.ts';

export const ETTH1 = path.resolve(import.meta.dirname, '../../../shared/datasets/ETTh1.csv');

/** An hourly CSV with `rows` rows: date, a, b, OT; value = row + column offset (plus a sine on 'a'). */
function syntheticCsv(rows: number, header = 'date,a,OT,b'): string {
  const lines = [header];
  const start = Date.UTC(2020, 0, 1);
  for (let r = 0; r < rows; r++) {
    const d = new Date(start + r * 3600_000);
    const stamp = `${d.toISOString().slice(0, 10)} ${String(d.getUTCHours()).padStart(2, '0')}:00:00`;
    lines.push(`${stamp},${r + Math.sin(r)},${1000 + r},${2 * r}`);
  }
  return `${lines.join('\n')}\n`;
}

function errorOf(action: () => unknown): DataError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

describe('CSV tables', () => {
  it('moves the target column last and keeps the other columns in file order', () => {
    const table = parseCsvTable(syntheticCsv(3), 'x.csv');
    expect(table.columns).toEqual(['a', 'b', 'OT']);
    expect(Array.from(table.values.subarray(3, 6))).toEqual([1 + Math.sin(1), 2, 1001]);
    expect(table.dates[2]).toBe('2020-01-01 02:00:00');
  });
  it('names the line and column of a non-numeric cell, a NaN and an empty cell', () => {
    const text = syntheticCsv(5).split('\n');
    text[3] = '2020-01-01 02:00:00,1.5,abc,3';
    let error = errorOf(() => parseCsvTable(text.join('\n'), 'bad.csv'));
    expect(error.message).toBe("bad.csv:4:25: column 'OT' 'abc' is not a finite number");
    expect([error.line, error.column, error.code]).toEqual([4, 25, 'MG4201']);
    text[3] = '2020-01-01 02:00:00,NaN,3,3';
    error = errorOf(() => parseCsvTable(text.join('\n'), 'bad.csv'));
    expect(error.message).toBe("bad.csv:4:21: column 'a' is NaN");
    text[3] = '2020-01-01 02:00:00,1,,3';
    expect(errorOf(() => parseCsvTable(text.join('\n'), 'bad.csv')).message).toBe("bad.csv:4:23: column 'OT' is empty");
  });
  it('rejects a missing date column, a ragged row and a bad timestamp', () => {
    expect(errorOf(() => parseCsvTable('time,a\n1,2\n', 'f.csv')).message).toBe("f.csv:1: no 'date' column in the header (found: 'time', 'a')");
    const ragged = syntheticCsv(4).split('\n');
    ragged[2] = '2020-01-01 01:00:00,1,2';
    const error = errorOf(() => parseCsvTable(ragged.join('\n'), 'f.csv'));
    expect(error.message).toBe('f.csv:3: row has 3 columns, the header has 4');
    expect(error.line).toBe(3);
    const badDate = syntheticCsv(4).split('\n');
    badDate[4] = '2020-02-30 01:00:00,1,2,3';
    expect(errorOf(() => parseCsvTable(badDate.join('\n'), 'f.csv')).message).toContain("f.csv:5:1: column 'date': no such date");
  });
});

describe('splits, scaler and windows', () => {
  it('uses the custom 70/10/20 borders with the val and test splits reaching back L rows', () => {
    expect(splitBorders('custom', 1000, 48)).toEqual({ train: [0, 700], val: [652, 800], test: [752, 1000] });
    expect(splitBorders('ett-hour', 17420, 336)).toEqual({ train: [0, 8640], val: [8304, 11520], test: [11184, 14400] });
    expect(splitBorders('ett-minute', 69680, 96).test).toEqual([46080 - 96, 57600]);
  });
  it('fits the scaler on the train rows only and windows with stride 1', () => {
    const table = parseCsvTable(syntheticCsv(200), 'synthetic.csv');
    const dataset = datasetFromTable(table, { seqLen: 24, predLen: 8 });
    expect(dataset.layout).toBe('custom');
    expect(dataset.splits.train).toEqual({ name: 'train', start: 0, end: 140, windows: 140 - 24 - 8 + 1 });
    expect(dataset.splits.test.windows).toBe(200 - (200 - 40 - 24) - 24 - 8 + 1);
    // Column b = 2·row: train mean 139, population std 2·sqrt((140²−1)/12).
    expect(dataset.scaler.mean[1]).toBeCloseTo(139, 10);
    expect(dataset.scaler.scale[1]).toBeCloseTo(2 * Math.sqrt((140 * 140 - 1) / 12), 10);
    let trainMean = 0;
    for (let r = 0; r < 140; r++) trainMean += dataset.scaled[r * 3 + 1]! / 140;
    expect(trainMean).toBeCloseTo(0, 12);
    expect(dataset.scaled[150 * 3 + 1]).toBeGreaterThan(1.7); // rows after the train split are not re-centred
    // Window 5 of the test split: x = rows start+5 .. +24, y = the next 8 rows; marks = features of row start+5.
    const test = dataset.splits.test;
    const { x, y, marks } = gatherWindows(dataset, test, [5]);
    const row = (r: number, c: number) => dataset.scaled[r * 3 + c]!;
    expect(x[0]).toBe(row(test.start + 5, 0));
    expect(x[23 * 3 + 2]).toBe(row(test.start + 5 + 23, 2));
    expect(y[0]).toBe(row(test.start + 5 + 24, 0));
    const hour = (test.start + 5) % 24;
    expect(marks[0]).toBeCloseTo(hour / 23 - 0.5, 6);
  });
  it('refuses a file too short for L + P with the split it cannot fill', () => {
    const table = parseCsvTable(syntheticCsv(60), 'short.csv');
    expect(() => datasetFromTable(table, { seqLen: 24, predLen: 8 })).toThrow(/too few rows for L=24, P=8: the file has 60 data rows; the val split \[18, 48\)/);
  });
  it('batches like a DataLoader: seeded shuffles are permutations; drop_last drops the partial batch', () => {
    const batches = batchOrder(10, 4, { random: createRandom(1), dropLast: false });
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect([...batches.flatMap((b) => [...b])].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batchOrder(10, 4, { dropLast: true }).map((b) => [...b])).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(batchOrder(10, 4, { random: createRandom(1), dropLast: true }).map((b) => [...b])).toEqual(batches.slice(0, 2).map((b) => [...b]));
    expect(keptWindows(2785, 32, true)).toBe(2784);
    expect(keptWindows(2545, 32, true)).toBe(2528);
  });
});

describe.skipIf(!existsSync(ETTH1))('ETTh1 (../shared/datasets/ETTh1.csv)', () => {
  it('has the published split sizes and time features', () => {
    const dataset = loadDataset(ETTH1, { seqLen: 336, predLen: 96 });
    expect(dataset.layout).toBe('ett-hour');
    expect(dataset.columns).toEqual(['HUFL', 'HULL', 'MUFL', 'MULL', 'LUFL', 'LULL', 'OT']);
    expect([dataset.splits.train.windows, dataset.splits.val.windows, dataset.splits.test.windows]).toEqual([8209, 2785, 2785]);
    expect(dataset.dates[8640]).toBe('2017-06-26 00:00:00');
    const first = Array.from(dataset.marks.subarray(0, 4));
    [-0.5, 0.166667, -0.5, -0.00137].forEach((v, i) => expect(first[i]).toBeCloseTo(v, 5));
    expect(loadDataset(ETTH1, { seqLen: 336, predLen: 720 }).splits.train.windows).toBe(7585);
  });
});
if (!existsSync(ETTH1)) console.warn(`SKIPPED ETTh1 data tests: ${ETTH1} is absent`);

it('keeps a temporary copy of a bad file readable by path', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'molegen-data-'));
  const file = path.join(dir, 'bad.csv');
  writeFileSync(file, 'date,a\n2020-01-01 00:00:00,x\n');
  expect(() => loadDataset(file, { seqLen: 2, predLen: 1 })).toThrow(`${file}:2:21: column 'a' 'x' is not a finite number`);
});
