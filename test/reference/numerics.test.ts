import { describe, expect, it } from 'vitest';
import { bf16Bits, floorLog2, quantizeBfp8b, toBf16, toFp32 } from '../../reference/numerics.ts';

describe('bf16 round-to-nearest-even', () => {
  it('rounds exact halfway cases to the even neighbour', () => {
    // Between 1 and 1 + 2^-7 (the next bf16), 1 + 2^-8 is exactly halfway: 1 has an even mantissa.
    expect(toBf16(1 + 2 ** -8)).toBe(1);
    // Between 1 + 2^-7 (odd mantissa) and 1 + 2^-6 (even), 1 + 3·2^-8 is halfway: goes up to the even one.
    expect(toBf16(1 + 3 * 2 ** -8)).toBe(1 + 2 ** -6);
    expect(toBf16(-(1 + 2 ** -8))).toBe(-1);
    expect(toBf16(-(1 + 3 * 2 ** -8))).toBe(-(1 + 2 ** -6));
  });
  it('rounds non-ties to the nearest value', () => {
    expect(toBf16(1 + 2 ** -8 + 2 ** -20)).toBe(1 + 2 ** -7);
    expect(toBf16(1 + 2 ** -8 - 2 ** -20)).toBe(1);
    expect(toBf16(3.14159265)).toBe(3.140625);
  });
  it('goes through float32 first (double rounding is the contract)', () => {
    // 1 + 2^-8 + 2^-30 is above the halfway point in float64, but float32 drops the 2^-30 first: a tie, so 1.
    expect(toBf16(1 + 2 ** -8 + 2 ** -30)).toBe(1);
  });
  it('keeps special values and bit patterns', () => {
    expect(bf16Bits(1)).toBe(0x3f80);
    expect(bf16Bits(-2)).toBe(0xc000);
    expect(Number.isNaN(toBf16(NaN))).toBe(true);
    expect(toBf16(Infinity)).toBe(Infinity);
    expect(toBf16(3.4e38)).toBe(Infinity); // above the largest bf16 (≈3.3895e38) after rounding
    expect(Object.is(toBf16(-0), -0)).toBe(true);
  });
  it('fp32 is Math.fround', () => {
    expect(toFp32(0.1)).toBe(0.10000000149011612);
  });
});

describe('bfp8_b', () => {
  it('shares the largest exponent across a group of 16 and rounds mantissas half to even', () => {
    // E = 0 (from 1.0 and 1.9921875), step 2^-6 = 1/64.
    const row = new Float64Array(16);
    row.set([1, 0.5, 3 / 128, 5 / 128, 1 / 256, 1.9921875, -0.75, 7 / 128, 0.3]);
    const q = quantizeBfp8b(row, 1, 16);
    expect(q[0]).toBe(1); // 64/64
    expect(q[1]).toBe(0.5); // 32/64
    expect(q[2]).toBe(2 / 64); // 1.5 → 2 (tie to even)
    expect(q[3]).toBe(2 / 64); // 2.5 → 2 (tie to even)
    expect(q[4]).toBe(0); // 0.25 → 0
    expect(q[5]).toBe(127 / 64); // 127.5 → 128, clamped to 127
    expect(q[6]).toBe(-48 / 64); // sign kept
    expect(q[7]).toBe(4 / 64); // 3.5 → 4 (tie to even)
    expect(q[8]).toBe(19 / 64); // 0.3·64 = 19.2 → 19
    expect(q[9]).toBe(0);
  });
  it('uses an exponent below zero for small groups', () => {
    const row = new Float64Array(16);
    row.set([0.1, -0.05]); // E = floor(log2 0.1) = -4, step 2^-10
    const q = quantizeBfp8b(row, 1, 16);
    expect(q[0]).toBe(102 / 1024); // 102.4 → 102
    expect(q[1]).toBe(-51 / 1024); // 51.2 → 51
  });
  it('leaves all-zero groups at zero and keeps groups independent (16 columns of one row, 16-aligned)', () => {
    // Two rows of 20 columns: groups are columns 0..15 and 16..19 of each row.
    const m = new Float64Array(40);
    m[0] = 0.01; // row 0, group 0: alone, kept almost exactly
    m[17] = 100; // row 0, group 1: large, must not flush m[0]
    m[16] = 0.01; // same group as 100 → flushed to 0 (step 2^0)
    m[20 + 5] = 0.01; // row 1, group 0
    const q = quantizeBfp8b(m, 2, 20);
    expect(q[0]).toBe(82 / 8192); // E = -7, step 2^-13: 0.01·8192 = 81.92 → 82
    expect(q[17]).toBe(100); // E = 6, step 1: 100
    expect(q[16]).toBe(0);
    expect(q[25]).toBe(82 / 8192);
    for (const i of [1, 2, 15, 18, 19, 20, 39]) expect(q[i]).toBe(0);
  });
  it('floorLog2 is exact at powers of two', () => {
    expect(floorLog2(1)).toBe(0);
    expect(floorLog2(2 ** 40)).toBe(40);
    expect(floorLog2(2 ** 40 * (1 - 2 ** -52))).toBe(39);
    expect(floorLog2(2 ** -30)).toBe(-30);
    expect(floorLog2(0.75)).toBe(-1);
  });
});
