// The emulator's SFPU model (runtime-cpp/src/compute/sfpu_math.hpp, compiled here into test/reference/sfpu-bits.cpp)
// and the TypeScript mirror (reference/sfpu.ts) must agree bit for bit, for every function and template variant, in
// fp32 and 16-bit DST, on special values, a sweep of random bit patterns and value ranges each algorithm cares about.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  binaryMaxBits,
  binaryBits,
  binaryMinBits,
  binopScalarBits,
  bitsOf,
  compareZeroBits,
  type DstMode,
  expBits,
  mad,
  recipBits,
  rsqrtBits,
  type SfpuBinary,
  sigmoidBits,
  sqrtBits,
  storeToDst,
  type ZeroCompare,
} from '../../reference/sfpu.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hex = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');

// Same order as sfpu-bits.cpp prints.
function variants(x: number, prev: number, prev2: number): number[] {
  const out = [mad(x, prev, prev2), binaryMaxBits(x, prev), binaryMinBits(x, prev)];
  for (const op of ['eqz', 'nez', 'ltz', 'gtz', 'lez', 'gez'] as ZeroCompare[]) out.push(compareZeroBits(op, x));
  for (const dst of ['fp32', 'bf16'] as DstMode[]) {
    const put = (bits: number): void => {
      out.push(storeToDst(bits, dst));
    };
    put(expBits(x, dst));
    put(expBits(x, dst, { scaleEn: true, scaleBf16: 0x3fc0 }));
    put(expBits(x, dst, { approx: true, fastAndApprox: false }));
    put(expBits(x, dst, { approx: true }));
    put(expBits(x, dst, { approx: true, initScale: 0x3fc00000 }));
    put(sigmoidBits(x, dst));
    for (const op of ['add', 'sub', 'mul', 'div', 'rsub'] as SfpuBinary[]) {
      put(binaryBits(op, x, prev, dst));
      put(binopScalarBits(op, x, prev));
    }
    for (const approx of [false, true]) {
      put(recipBits(x, dst, { approx, legacyCompat: true }));
      put(recipBits(x, dst, { approx, legacyCompat: false }));
      put(sqrtBits(x, dst, { approx }));
      put(sqrtBits(x, dst, { approx, fastApprox: true }));
      put(rsqrtBits(x, dst, { approx }));
      put(rsqrtBits(x, dst, { approx, fastApprox: true }));
      put(rsqrtBits(x, dst, { approx, legacyCompat: true }));
    }
  }
  return out;
}

function inputs(): number[] {
  const list: number[] = [];
  const special = [
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x00000001,
    0x00400000, 0x007fffff, 0x80000001, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x3f000000, 0x40000000, 0x3fffffff,
    0x42b17218, 0x42b20000, 0xc2b00000, 0xc2b10000, 0xc2c80000, 0x42c80000, 0xc2280000, 0x42fe0000, 0xc2fe0000,
    // mad(a, a, ±2^-70) with a = 1 + 2^-12: a·a is an exact fp32 tie, which the tiny addend must break.
    0x1c800000, 0x3f800800, 0x3f800800, 0x9c800000, 0x3f800800, 0x3f800800,
  ];
  list.push(...special);
  let state = 0x2545f491;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  for (let i = 0; i < 6000; i += 1) list.push(next()); // any bit pattern
  for (let i = 0; i < 6000; i += 1) list.push(bitsOf(((next() / 2 ** 32) * 2 - 1) * 100)); // exp's range
  for (let i = 0; i < 3000; i += 1) list.push(bitsOf(2 ** ((next() / 2 ** 32) * 60 - 30))); // positive, wide range
  for (let i = 0; i < 6000; i += 1) list.push((next() & 0xffff0000) >>> 0); // bf16 patterns
  for (let i = 0; i < 3000; i += 1) list.push(bitsOf(((next() / 2 ** 32) * 2 - 1) * 4) & 0xffff0000); // bf16 near 0
  return list.map((x) => x >>> 0);
}

describe('SFPU math: C++ emulator and TypeScript mirror agree bit for bit', () => {
  let dir = '';
  let binary = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'molegen-sfpu-'));
    binary = path.join(dir, 'sfpu-bits');
    execFileSync('g++', [
      '-std=c++20',
      '-O2',
      '-ffp-contract=off',
      `-I${path.join(root, 'runtime-cpp', 'src', 'compute')}`,
      path.join(root, 'test', 'reference', 'sfpu-bits.cpp'),
      '-o',
      binary,
    ]);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every variant, fp32 and 16-bit DST, ~24k inputs', () => {
    const xs = inputs();
    const input = xs.map(hex).join('\n') + '\n';
    const stdout = execFileSync(binary, { input, maxBuffer: 256 * 1024 * 1024 }).toString();
    const lines = stdout.trimEnd().split('\n');
    expect(lines.length).toBe(xs.length);
    let mismatches = 0;
    const examples: string[] = [];
    let prev = 0;
    let prev2 = 0;
    xs.forEach((x, i) => {
      const expected = lines[i]!.split(' ');
      const actual = variants(x, prev, prev2).map(hex);
      expect(actual.length).toBe(expected.length);
      actual.forEach((word, column) => {
        if (word !== expected[column]) {
          mismatches += 1;
          if (examples.length < 10) {
            examples.push(`input ${hex(x)} column ${column}: ts ${word} c++ ${expected[column]}`);
          }
        }
      });
      prev2 = prev;
      prev = x;
    });
    expect(examples).toEqual([]);
    expect(mismatches).toBe(0);
  });
});
