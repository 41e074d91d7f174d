import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNpy, readNpy, writeNpy } from '../../reference/npy.ts';
import { parseSafetensors, readSafetensors, readSafetensorsFile, writeSafetensors } from '../../reference/safetensors.ts';
import { makeTensor } from '../../reference/tensor.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'molegen-reference-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An .npy written by hand (independently of serializeNpy): magic, version, header length, header, data. */
function handNpy(header: string, data: Uint8Array, major = 1): Uint8Array {
  const prefix = major === 1 ? 10 : 12;
  const padded = header.padEnd(Math.ceil((prefix + header.length + 1) / 64) * 64 - prefix - 1, ' ') + '\n';
  const bytes = new Uint8Array(prefix + padded.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(bytes.buffer);
  if (major === 1) view.setUint16(8, padded.length, true);
  else view.setUint32(8, padded.length, true);
  bytes.set(new TextEncoder().encode(padded), prefix);
  bytes.set(data, prefix + padded.length);
  return bytes;
}
const f32Bytes = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer);

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('.npy', () => {
  it('round-trips float32 and float64 arrays with their shapes', () => {
    const file = path.join(dir, 'x.npy');
    const values = Float32Array.of(1.5, -2.25, 3e-8, 4, 5, 6);
    writeNpy(file, [1, 2, 3], values);
    const read = readNpy(file);
    expect(read.shape).toEqual([1, 2, 3]);
    expect(read.dtype).toBe('float32');
    expect(Array.from(read.data)).toEqual(Array.from(values));
    writeNpy(file, [3], Float64Array.of(0.1, 0.2, 0.3));
    const doubles = readNpy(file);
    expect(doubles.dtype).toBe('float64');
    expect(doubles.shape).toEqual([3]);
    expect(Array.from(doubles.data)).toEqual([0.1, 0.2, 0.3]);
  });
  it('writes a header numpy accepts: 64-byte aligned, version 1.0, ends with a newline', () => {
    const file = path.join(dir, 'aligned.npy');
    writeNpy(file, [2, 2], Float32Array.of(1, 2, 3, 4));
    const bytes = readNpyBytes(file);
    const headerLength = bytes[8]! | (bytes[9]! << 8);
    expect((10 + headerLength) % 64).toBe(0);
    expect(bytes[6]).toBe(1);
    expect(bytes[10 + headerLength - 1]).toBe(0x0a);
    expect(new TextDecoder().decode(bytes.subarray(10, 10 + headerLength))).toContain("'shape': (2, 2)");
  });
  it('reads versions 2.0 and 3.0 and scalar / 1-d shapes written by hand', () => {
    const v2 = parseNpy(handNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", f32Bytes([7, 8]), 2));
    expect(v2.shape).toEqual([2]);
    expect(Array.from(v2.data)).toEqual([7, 8]);
    const v3 = parseNpy(handNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", f32Bytes([9]), 3));
    expect(v3.shape).toEqual([]);
    expect(Array.from(v3.data)).toEqual([9]);
  });
  it('fails with a coded error for each kind of bad file', () => {
    expect(codeOf(() => readNpy(path.join(dir, 'missing.npy')))).toBe('MG4101');
    expect(codeOf(() => parseNpy(new TextEncoder().encode('not an npy file at all')))).toBe('MG4102');
    const wrongVersion = handNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", f32Bytes([1]));
    wrongVersion[6] = 4;
    expect(codeOf(() => parseNpy(wrongVersion))).toBe('MG4103');
    expect(codeOf(() => parseNpy(handNpy("{'descr': '<f4', 'shape': (1,), }", f32Bytes([1]))))).toBe('MG4104');
    expect(codeOf(() => parseNpy(handNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", f32Bytes([1]))))).toBe('MG4105');
    expect(codeOf(() => parseNpy(handNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8))))).toBe('MG4106');
    expect(codeOf(() => parseNpy(handNpy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", f32Bytes([1]))))).toBe('MG4106');
    expect(codeOf(() => parseNpy(handNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", f32Bytes([1, 2]))))).toBe('MG4107');
    expect(() => parseNpy(handNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", f32Bytes([1])), 'in.npy')).toThrow(/in\.npy: Fortran/);
  });
});

function readNpyBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}

/** A .safetensors written by hand: 8-byte LE header length, JSON header, raw data. */
function handSafetensors(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

describe('.safetensors', () => {
  it('round-trips a state dict as F32 with metadata', () => {
    const file = path.join(dir, 'w.safetensors');
    const tensors = new Map([
      ['Linear.weight', makeTensor([2, 3], [1, -2, 3.5, 0.25, 1e-3, -7])],
      ['Linear.bias', makeTensor([2], [0.5, -0.5])],
    ]);
    writeSafetensors(file, tensors, { format: 'pt' });
    const read = readSafetensorsFile(file);
    expect(read.metadata).toEqual({ format: 'pt' });
    expect([...read.tensors.keys()]).toEqual(['Linear.weight', 'Linear.bias']);
    expect(read.tensors.get('Linear.weight')!.shape).toEqual([2, 3]);
    expect(Array.from(read.tensors.get('Linear.weight')!.data)).toEqual([1, -2, 3.5, 0.25, Math.fround(1e-3), -7]);
    expect(Array.from(readSafetensors(file).get('Linear.bias')!.data)).toEqual([0.5, -0.5]);
  });
  it('reads F64, F16 and BF16 written by hand', () => {
    const data = new Uint8Array(8 + 4 + 4);
    const view = new DataView(data.buffer);
    view.setFloat64(0, 0.1, true);
    view.setUint16(8, 0x3c00, true); // F16 1.0
    view.setUint16(10, 0xc100, true); // F16 −2.5
    view.setUint16(12, 0x3f80, true); // BF16 1.0
    view.setUint16(14, 0x4049, true); // BF16 3.140625
    const read = parseSafetensors(
      handSafetensors(
        {
          a: { dtype: 'F64', shape: [1], data_offsets: [0, 8] },
          b: { dtype: 'F16', shape: [2], data_offsets: [8, 12] },
          c: { dtype: 'BF16', shape: [2], data_offsets: [12, 16] },
        },
        data,
      ),
    ).tensors;
    expect(Array.from(read.get('a')!.data)).toEqual([0.1]);
    expect(Array.from(read.get('b')!.data)).toEqual([1, -2.5]);
    expect(Array.from(read.get('c')!.data)).toEqual([1, 3.140625]);
  });
  it('fails with a coded error for each kind of bad file', () => {
    expect(codeOf(() => readSafetensors(path.join(dir, 'missing.safetensors')))).toBe('MG4001');
    expect(codeOf(() => parseSafetensors(new Uint8Array(5)))).toBe('MG4021');
    const shortHeader = handSafetensors({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32Bytes([1])).subarray(0, 20);
    expect(codeOf(() => parseSafetensors(shortHeader))).toBe('MG4021');
    expect(codeOf(() => parseSafetensors(handSafetensors({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, f32Bytes([1]))))).toBe('MG4021');
    const notJson = new Uint8Array(8 + 3);
    new DataView(notJson.buffer).setBigUint64(0, 3n, true);
    notJson.set(new TextEncoder().encode('{x:'), 8);
    expect(codeOf(() => parseSafetensors(notJson))).toBe('MG4022');
    expect(codeOf(() => parseSafetensors(handSafetensors({ a: { dtype: 'F32', shape: [1] } }, f32Bytes([1]))))).toBe('MG4022');
    expect(codeOf(() => parseSafetensors(handSafetensors({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8))))).toBe('MG4023');
    expect(codeOf(() => parseSafetensors(handSafetensors({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32Bytes([1, 2]))))).toBe('MG4024');
    expect(() => readSafetensors(path.join(dir, 'missing.safetensors'))).toThrow(/file not found/);
  });
});

it('writes the .npy bytes of a file the lead can hand to numpy (sanity: a second write over the same file works)', () => {
  const file = path.join(dir, 'again.npy');
  writeFileSync(file, 'junk');
  writeNpy(file, [2], Float32Array.of(1, 2));
  expect(Array.from(readNpy(file).data)).toEqual([1, 2]);
});
