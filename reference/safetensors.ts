// .safetensors checkpoints: an 8-byte little-endian header length, a JSON header mapping each tensor name to
// { dtype, shape, data_offsets: [begin, end] } (offsets relative to the data section) plus an optional
// "__metadata__" string map, then the little-endian tensor bytes. Reads F32, F64, F16 and BF16 into float64
// tensors; writes F32. Failures are ReferenceIOErrors coded MG40xx. This module knows nothing about MoLE names.
//
// Error codes: MG4001 file not found / unreadable, MG4021 truncated file, MG4022 malformed header,
// MG4023 unsupported dtype, MG4024 tensor data out of range or inconsistent with its shape, MG4025 write error.

import { readFileSync, writeFileSync } from 'node:fs';
import { ReferenceIOError } from './io-error.ts';
import { bf16FromBits, fp16FromBits } from './numerics.ts';
import { makeTensor, type Tensor } from './tensor.ts';

const ITEM_SIZE: Record<string, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 };
const KNOWN_DTYPES = new Set(['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64']);
/** Headers larger than this are rejected as corrupt (the reference implementation uses 100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsFile {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

/** Reads a .safetensors file into a name → tensor map (insertion order = increasing data offset). */
export function readSafetensors(file: string): Map<string, Tensor> {
  return readSafetensorsFile(file).tensors;
}

export function readSafetensorsFile(file: string): SafetensorsFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ReferenceIOError('MG4001', `cannot read '${file}': ${reason}`, file);
  }
  return parseSafetensors(bytes, file);
}

export function parseSafetensors(bytes: Uint8Array, file = '<buffer>'): SafetensorsFile {
  const fail = (code: string, message: string): never => {
    throw new ReferenceIOError(code, `${file}: ${message}`, file);
  };
  if (bytes.length < 8) fail('MG4021', `truncated: ${bytes.length} bytes, not even the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) fail('MG4022', `header length ${headerLength} is implausible (corrupt file?)`);
  const dataStart = 8 + Number(headerLength);
  if (bytes.length < dataStart) fail('MG4021', `truncated: the header needs ${dataStart} bytes, the file has ${bytes.length}`);

  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (error) {
    return fail('MG4022', `header is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('MG4022', 'header must be a JSON object');

  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail('MG4022', '__metadata__ must be an object of strings');
      for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof value !== 'string') fail('MG4022', `__metadata__.${key} must be a string`);
        metadata[key] = value as string;
      }
      continue;
    }
    const info = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (typeof info !== 'object' || info === null) return fail('MG4022', `entry '${name}' must be an object`);
    const { dtype, shape, data_offsets: offsets } = info;
    if (typeof dtype !== 'string') fail('MG4022', `tensor '${name}' has no dtype`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail('MG4022', `tensor '${name}' has no valid shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) {
      fail('MG4022', `tensor '${name}' has no valid data_offsets [begin, end]`);
    }
    const dtypeName = dtype as string;
    if (!(dtypeName in ITEM_SIZE)) {
      const known = KNOWN_DTYPES.has(dtypeName) ? 'unsupported' : 'unknown';
      fail('MG4023', `tensor '${name}' has ${known} dtype ${dtypeName} (F32, F64, F16 and BF16 are read)`);
    }
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end < begin || end > dataLength) {
      fail(end > dataLength ? 'MG4021' : 'MG4024', `tensor '${name}' data [${begin}, ${end}) lies outside the ${dataLength}-byte data section`);
    }
    if (end - begin !== count * ITEM_SIZE[dtypeName]!) {
      fail('MG4024', `tensor '${name}' of shape [${(shape as number[]).join(', ')}] ${dtypeName} needs ${count * ITEM_SIZE[dtypeName]!} bytes, data_offsets give ${end - begin}`);
    }
    entries.push({ name, dtype: dtypeName, shape: shape as number[], begin, end });
  }

  entries.sort((a, b) => a.begin - b.begin);
  const tensors = new Map<string, Tensor>();
  for (const { name, dtype, shape, begin } of entries) {
    const tensor = makeTensor(shape);
    const base = dataStart + begin;
    const out = tensor.data;
    switch (dtype) {
      case 'F32':
        for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(base + 4 * i, true);
        break;
      case 'F64':
        for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(base + 8 * i, true);
        break;
      case 'F16':
        for (let i = 0; i < out.length; i++) out[i] = fp16FromBits(view.getUint16(base + 2 * i, true));
        break;
      case 'BF16':
        for (let i = 0; i < out.length; i++) out[i] = bf16FromBits(view.getUint16(base + 2 * i, true));
        break;
    }
    tensors.set(name, tensor);
  }
  return { tensors, metadata };
}

/** Serialises tensors as F32 (values rounded to float32), in the map's order, header padded to 8 bytes. */
export function serializeSafetensors(tensors: Map<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata !== undefined && Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, tensor] of tensors) {
    if (name === '__metadata__') throw new ReferenceIOError('MG4025', `'__metadata__' cannot be a tensor name`);
    const count = tensor.shape.reduce((a, b) => a * b, 1);
    if (count !== tensor.data.length) {
      throw new ReferenceIOError('MG4025', `tensor '${name}' holds ${tensor.data.length} values for shape [${tensor.shape.join(', ')}]`);
    }
    header[name] = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + 4 * count] };
    offset += 4 * count;
  }
  let headerText = JSON.stringify(header);
  const headerBytesLength = new TextEncoder().encode(headerText).length;
  headerText += ' '.repeat((8 - (headerBytesLength % 8)) % 8);
  const headerBytes = new TextEncoder().encode(headerText);
  const bytes = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  bytes.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const tensor of tensors.values()) {
    for (let i = 0; i < tensor.data.length; i++, position += 4) view.setFloat32(position, tensor.data[i]!, true);
  }
  return bytes;
}

export function writeSafetensors(file: string, tensors: Map<string, Tensor>, metadata?: Record<string, string>): void {
  const bytes = serializeSafetensors(tensors, metadata);
  try {
    writeFileSync(file, bytes);
  } catch (error) {
    throw new ReferenceIOError('MG4025', `cannot write '${file}': ${(error as Error).message}`, file);
  }
}
