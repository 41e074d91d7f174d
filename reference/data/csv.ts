// CSV time-series tables as the Informer/LTSF-Linear/MoLE loaders read them: a header row, one 'date' column and
// numeric value columns. Columns are put in the standard order [others…, target] (Dataset_Custom moves the target
// last; ETT files already have it last). Every problem — no date column, a ragged row, a non-numeric or NaN cell,
// a bad timestamp — is a DataError naming the file line, the column and the cell.
// This module only parses text into a table; splits, scaling and windows live in dataset.ts.

import { readFileSync } from 'node:fs';
import { ReferenceIOError } from '../io-error.ts';
import { parseTimestamp, type CalendarFields } from '../timefeatures.ts';

/** A malformed or unusable data file (code MG4201). `line` and `column` are 1-based positions in the file. */
export class DataError extends ReferenceIOError {
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(message: string, file: string, line?: number, column?: number) {
    super('MG4201', message, file);
    this.name = 'DataError';
    this.line = line;
    this.column = column;
  }
}

export interface TimeSeriesTable {
  file: string;
  /** Value column names in table order (target last when it exists). */
  columns: string[];
  /** The date cell of each row, as written. */
  dates: string[];
  /** Parsed calendar fields of each row. */
  calendar: CalendarFields[];
  /** Values, row-major [rows, columns.length], float64 as pandas reads them. */
  values: Float64Array;
  rows: number;
}

export interface CsvOptions {
  /** Target column moved last (Dataset_Custom). Default 'OT'; when it is absent the file order is kept. */
  target?: string;
}

export function readCsvTable(file: string, options: CsvOptions = {}): TimeSeriesTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new DataError(`cannot read '${file}': ${reason}`, file);
  }
  return parseCsvTable(text, file, options);
}

export function parseCsvTable(text: string, file = '<csv>', options: CsvOptions = {}): TimeSeriesTable {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // final newline
  const stripCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);
  if (lines.length === 0 || stripCr(lines[0]!).trim() === '') throw new DataError(`${file}: the file is empty (no header row)`, file, 1, 1);

  const header = stripCr(lines[0]!).split(',').map((name) => name.trim());
  const dateIndex = header.indexOf('date');
  if (dateIndex < 0) {
    throw new DataError(`${file}:1: no 'date' column in the header (found: ${header.map((h) => `'${h}'`).join(', ')})`, file, 1, 1);
  }
  const valueIndices = header.map((_, i) => i).filter((i) => i !== dateIndex);
  if (valueIndices.length === 0) throw new DataError(`${file}:1: the header has a 'date' column but no value columns`, file, 1, 1);
  const target = options.target ?? 'OT';
  const targetIndex = header.indexOf(target);
  if (options.target !== undefined && targetIndex < 0) {
    throw new DataError(`${file}:1: target column '${target}' is not in the header`, file, 1, 1);
  }
  const ordered = targetIndex < 0 ? valueIndices : [...valueIndices.filter((i) => i !== targetIndex), targetIndex];
  const width = ordered.length;

  const rows = lines.length - 1;
  const values = new Float64Array(rows * width);
  const dates: string[] = new Array(rows);
  const calendar: CalendarFields[] = new Array(rows);
  const sourceToSlot = new Int32Array(header.length).fill(-1);
  ordered.forEach((source, slot) => {
    sourceToSlot[source] = slot;
  });
  for (let r = 0; r < rows; r++) {
    const lineNumber = r + 2;
    const line = stripCr(lines[r + 1]!);
    const cells = line.split(',');
    if (cells.length !== header.length) {
      const what = line.trim() === '' ? 'is empty' : `has ${cells.length} columns`;
      throw new DataError(`${file}:${lineNumber}: row ${what}, the header has ${header.length}`, file, lineNumber, 1);
    }
    let column = 1; // 1-based character column of the current cell
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (i === dateIndex) {
        try {
          calendar[r] = parseTimestamp(cell);
        } catch (error) {
          throw new DataError(`${file}:${lineNumber}:${column}: column 'date': ${(error as Error).message}`, file, lineNumber, column);
        }
        dates[r] = cell.trim();
      } else {
        const trimmed = cell.trim();
        const value = trimmed === '' ? Number.NaN : Number(trimmed);
        if (!Number.isFinite(value)) {
          const what = trimmed === '' ? 'is empty' : Number.isNaN(value) && /^[-+]?nan$/i.test(trimmed) ? 'is NaN' : `'${trimmed}' is not a finite number`;
          throw new DataError(`${file}:${lineNumber}:${column}: column '${header[i]}' ${what}`, file, lineNumber, column);
        }
        values[r * width + sourceToSlot[i]!] = value;
      }
      column += cell.length + 1;
    }
  }
  return { file, columns: ordered.map((i) => header[i]!), dates, calendar, values, rows };
}
