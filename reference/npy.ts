// NumPy .npy files (format versions 1.0, 2.0 and 3.0) for float32 ('<f4') and float64 ('<f8') arrays in C order:
// the arrays users exchange with molegen (x [B, L, C], marks, y [B, P, C]). Reads validate everything and fail with
// a ReferenceIOError coded MG41xx; writes produce version 1.0 (2.0 when the header needs it), 64-byte aligned.
// No other dtypes, no Fortran order, no pickles.
//
// Error codes: MG4101 file not found / unreadable, MG4102 not an .npy file (magic), MG4103 unsupported format
// version, MG4104 malformed header, MG4105 Fortran order, MG4106 unsupported dtype, MG4107 truncated data,
// MG4108 write error (bad shape/data, or the file could not be written).

import { readFileSync, writeFileSync } from 'node:fs';
import { ReferenceIOError } from './io-error.ts';

export type NpyDType = 'float32' | 'float64';

export interface NpyArray {
  shape: number[];
  dtype: NpyDType;
  /** Float32Array for '<f4', Float64Array for '<f8'. */
  data: Float32Array | Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function readNpy(file: string): NpyArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ReferenceIOError('MG4101', `cannot read '${file}': ${reason}`, file);
  }
  return parseNpy(bytes, file);
}

export function parseNpy(bytes: Uint8Array, file = '<buffer>'): NpyArray {
  const fail = (code: string, message: string): never => {
    throw new ReferenceIOError(code, `${file}: ${message}`, file);
  };
  if (bytes.length < 10 || MAGIC.some((value, i) => bytes[i] !== value)) fail('MG4102', 'not an .npy file (missing the \\x93NUMPY magic)');
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (major < 1 || major > 3 || minor !== 0) fail('MG4103', `unsupported .npy format version ${major}.${minor} (1.0, 2.0 and 3.0 are read)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) fail('MG4107', 'truncated header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (bytes.length < dataStart) fail('MG4107', `truncated header (needs ${dataStart} bytes, file has ${bytes.length})`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lengthBytes, dataStart));

  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    fail('MG4104', `malformed header ${JSON.stringify(header.trim())} (needs 'descr', 'fortran_order' and 'shape')`);
  }
  if (fortran === 'True') fail('MG4105', 'Fortran-ordered arrays are not supported; save with np.ascontiguousarray');
  const shape: number[] = [];
  for (const part of shapeText!.split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    if (!/^\d+$/.test(trimmed)) fail('MG4104', `malformed shape (${shapeText})`);
    shape.push(Number(trimmed));
  }
  let dtype: NpyDType;
  if (descr === '<f4') dtype = 'float32';
  else if (descr === '<f8') dtype = 'float64';
  else return fail('MG4106', `unsupported dtype '${descr}' (only '<f4' float32 and '<f8' float64 little-endian)`);

  const count = shape.reduce((a, b) => a * b, 1);
  const itemSize = dtype === 'float32' ? 4 : 8;
  const needed = count * itemSize;
  if (bytes.length - dataStart < needed) {
    fail('MG4107', `truncated data: shape (${shape.join(', ')}) needs ${needed} bytes, the file has ${bytes.length - dataStart}`);
  }
  // Copy into a fresh buffer so the result is aligned and independent of the file buffer (a Node Buffer's
  // slice() is a view into a shared pool, so copy explicitly).
  const raw = new Uint8Array(needed);
  raw.set(bytes.subarray(dataStart, dataStart + needed));
  const data = dtype === 'float32' ? new Float32Array(raw.buffer, 0, count) : new Float64Array(raw.buffer, 0, count);
  return { shape, dtype, data };
}

/** Serialises an array; `dtype` defaults to float32 for a Float32Array and float64 for a Float64Array. */
export function serializeNpy(shape: readonly number[], data: ArrayLike<number>, dtype?: NpyDType): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.some((dim) => !Number.isInteger(dim) || dim < 0)) throw new ReferenceIOError('MG4108', `invalid shape [${shape.join(', ')}]`);
  if (data.length !== count) throw new ReferenceIOError('MG4108', `shape [${shape.join(', ')}] needs ${count} values, got ${data.length}`);
  const elementType = dtype ?? (data instanceof Float64Array ? 'float64' : 'float32');
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${elementType === 'float32' ? '<f4' : '<f8'}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let major = 1;
  let prefix = 10;
  let total = Math.ceil((prefix + header.length + 1) / 64) * 64;
  if (total - prefix > 0xffff) {
    major = 2;
    prefix = 12;
    total = Math.ceil((prefix + header.length + 1) / 64) * 64;
  }
  header = header.padEnd(total - prefix - 1, ' ') + '\n';
  const itemSize = elementType === 'float32' ? 4 : 8;
  const bytes = new Uint8Array(total + count * itemSize);
  bytes.set(MAGIC, 0);
  bytes[6] = major;
  bytes[7] = 0;
  const view = new DataView(bytes.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[prefix + i] = header.charCodeAt(i);
  for (let i = 0; i < count; i++) {
    if (elementType === 'float32') view.setFloat32(total + 4 * i, data[i]!, true);
    else view.setFloat64(total + 8 * i, data[i]!, true);
  }
  return bytes;
}

export function writeNpy(file: string, shape: readonly number[], data: ArrayLike<number>, dtype?: NpyDType): void {
  const bytes = serializeNpy(shape, data, dtype);
  try {
    writeFileSync(file, bytes);
  } catch (error) {
    throw new ReferenceIOError('MG4108', `cannot write '${file}': ${(error as Error).message}`, file);
  }
}
