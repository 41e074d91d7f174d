// The arrays a user hands to `molegen run` (x, marks) and the file it writes (--out), checked the
// same way for both backends before any work starts: every .npy problem is a coded MG41xx
// diagnostic; x must be [B, L, C]; marks [B, F] or [B, L, F] (the features of each window's first
// step are used); float64 arrays are accepted and rounded to float32 on both backends (x is float32
// on the device); NaN/±Inf are refused with the array's name and the first bad index unless
// allowNonfinite. Also the non-finite check of weight tensors. It computes nothing and writes nothing.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { MoleConfig } from '../../dsl/config.ts';
import { routerInputSize } from '../../dsl/index.ts';
import { ReferenceIOError } from '../../reference/io-error.ts';
import { readNpy, type NpyArray } from '../../reference/npy.ts';
import { MolegenError, type Diagnostic } from '../diagnostics.ts';

export interface UserInputs {
  /** [B, L, C] float32 */
  x: Float32Array;
  /** [B, F] float32 (time features of each window's first step); for a router on window statistics, unused and empty. */
  marks: Float32Array;
  /** Notes for the user (float64 rounded to float32). */
  notes: string[];
}

/** Reads an .npy file, turning every reader problem into a MolegenError with its MG41xx code. */
export function readNpyChecked(file: string): NpyArray {
  try {
    if (existsSync(file) && statSync(file).isDirectory()) throw new ReferenceIOError('MG4101', `cannot read '${file}': it is a directory`, file);
    return readNpy(file);
  } catch (error) {
    if (error instanceof ReferenceIOError) throw new MolegenError([{ code: error.code, severity: 'error', message: error.message, file: path.resolve(file) }]);
    throw error;
  }
}

/** Index of the first NaN or ±Inf, or -1. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return i;
  return -1;
}

/** Row-major multi-index of a flat index, as `[i, j, k]`. */
export function multiIndex(flat: number, shape: readonly number[]): string {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d]!;
    index.unshift(size > 0 ? flat % size : 0);
    flat = size > 0 ? Math.floor(flat / size) : 0;
  }
  return `[${index.join(', ')}]`;
}

export function nonFiniteDiagnostic(name: string, values: ArrayLike<number>, shape: readonly number[], file?: string): Diagnostic | undefined {
  const at = firstNonFinite(values);
  if (at < 0) return undefined;
  return {
    code: 'MG4111',
    severity: 'error',
    message: `${name} holds a non-finite value (${values[at]}) at ${multiIndex(at, shape)}`,
    hint: 'clean the data (NaN/Inf give NaN forecasts), or pass --allow-nonfinite to run anyway',
    ...(file ? { file: path.resolve(file) } : {}),
  };
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

export function readUserInputs(config: MoleConfig, xFile: string, marksFile: string, options: { allowNonfinite?: boolean } = {}): UserInputs {
  const B = config.batch;
  const { seqLen: L, channels: C } = config.input;
  const F = routerInputSize(config);
  const problems: Diagnostic[] = [];
  const notes: string[] = [];
  const read = (file: string): NpyArray | undefined => {
    try {
      return readNpyChecked(file);
    } catch (error) {
      if (error instanceof MolegenError) problems.push(...error.diagnostics);
      else throw error;
      return undefined;
    }
  };
  const x = read(xFile);
  const marks = read(marksFile);
  if (x && shapeText(x.shape) !== shapeText([B, L, C])) {
    problems.push({ code: 'MG4110', severity: 'error', message: `x has shape ${shapeText(x.shape)} but the config needs [B=${B}, L=${L}, C=${C}]`, file: path.resolve(xFile) });
  }
  const timeRouter = config.router.input === 'time';
  if (marks && timeRouter && shapeText(marks.shape) !== shapeText([B, F]) && shapeText(marks.shape) !== shapeText([B, L, F])) {
    problems.push({
      code: 'MG4110',
      severity: 'error',
      message: `marks have shape ${shapeText(marks.shape)} but the config needs [B=${B}, F=${F}] or [B=${B}, L=${L}, F=${F}]`,
      hint: marks.shape.length === 3 && marks.shape[1] === F && marks.shape[2] === L ? 'these look transposed ([B, F, L]); save them as [B, L, F]' : `F=${F} time features for freq '${config.input.freq}'`,
      file: path.resolve(marksFile),
    });
  }
  // Checked after rounding to float32 (what both backends compute with): a float64 value beyond
  // float32's range becomes ±Inf there and is refused like one.
  const x32 = x ? Float32Array.from(x.data) : undefined;
  const marks32 = marks ? Float32Array.from(marks.data) : undefined;
  if (!options.allowNonfinite) {
    for (const [name, array, rounded, file, checked] of [['x', x, x32, xFile, true], ['marks', marks, marks32, marksFile, timeRouter]] as const) {
      if (!array || !rounded || !checked) continue;
      const d = nonFiniteDiagnostic(name, rounded, array.shape, file);
      if (!d) continue;
      const at = firstNonFinite(rounded);
      if (Number.isFinite(array.data[at]!)) d.message = `${name} holds ${array.data[at]} at ${multiIndex(at, array.shape)}, beyond the float32 range the model computes in`;
      problems.push(d);
    }
  }
  if (problems.length > 0 || !x || !marks) throw new MolegenError(problems);
  for (const [name, array] of [['x', x], ['marks', marks]] as const) {
    if (array.dtype === 'float64' && (name === 'x' || timeRouter)) notes.push(`${name} is float64; rounded to float32 (the precision of the device inputs)`);
  }
  let features = new Float32Array(0);
  if (timeRouter) {
    features = new Float32Array(B * F);
    const step = marks.shape.length === 3 ? L * F : F;
    for (let b = 0; b < B; b++) for (let f = 0; f < F; f++) features[b * F + f] = marks32![b * step + f]!;
  }
  return { x: x32!, marks: features, notes };
}

/** An output file (--out, --json, --html, --csv): refused before any work when it is a directory or its directory does not exist. */
export function checkOutputFile(file: string, option = '--out', code = 'MG4108'): void {
  const full = path.resolve(file);
  const fail = (message: string, hint: string): never => {
    throw new MolegenError([{ code, severity: 'error', message, hint, file: full }]);
  };
  if (existsSync(full) && statSync(full).isDirectory()) fail(`${option} ${file} is a directory`, 'give the path of a file to write');
  const dir = path.dirname(full);
  if (!existsSync(dir)) fail(`${option} ${file}: the directory ${dir} does not exist`, 'create it first, or choose another path');
  if (!statSync(dir).isDirectory()) fail(`${option} ${file}: ${dir} is not a directory`, 'choose another path');
}
