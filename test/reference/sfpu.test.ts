// reference/sfpu.ts against the Wormhole B0 algorithms it mirrors. Sources: tt-llk 8859c554f
// tt_llk_wormhole_b0/common/inc/sfpu/ckernel_sfpu_{recip,sqrt,rsqrt_compat,exp}.h, tt-metal 9231910642
// tt_metal/hw/ckernels/wormhole_b0/metal/llk_api/llk_sfpu/ckernel_sfpu_{exp,sigmoid,comp,binary_max_min,binary,
// binop_with_unary}.h, and
// tt-isa-documentation WormholeB0/TensixTile/TensixCoprocessor/{SFPMAD,SFPSTORE,SFPSTOCHRND_FloatFloat,SFPSWAP}.md.
// Each expectation is either derived by hand from those sources (the derivation is in the comment), a special value
// the source states, or the error bound the source claims, checked over a sweep against the exact function.
import { describe, expect, it } from 'vitest';
import {
  binaryMaxBits,
  binaryMinBits,
  bitsOf,
  floatToFp16b,
  fromBits,
  mad,
  sfpuBinary,
  sfpuBinopScalar,
  sfpuCompareZero,
  sfpuExp,
  sfpuRecip,
  sfpuRsqrt,
  sfpuSigmoid,
  sfpuSqrt,
  storeToDst,
} from '../../reference/sfpu.js';

const f = Math.fround;

/** |got - exact| in units of the fp32 (or bf16) ulp of the exact value. */
function ulps(got: number, exact: number, mantissaBits: number): number {
  const exponent = Math.max(Math.floor(Math.log2(Math.abs(exact))), -126);
  return Math.abs(got - exact) / 2 ** (exponent - mantissaBits);
}

/** Deterministic uniform numbers in [0, 1). */
function uniform(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const toBf16Truncated = (x: number): number => fromBits(bitsOf(x) & 0xffff0000);

function worstUlps(
  fn: (x: number) => number,
  exact: (x: number) => number,
  draw: () => number,
  mantissaBits: number,
  count = 20000,
): number {
  let worst = 0;
  for (let i = 0; i < count; i += 1) {
    const x = mantissaBits === 7 ? toBf16Truncated(draw()) : f(draw());
    const truth = exact(x);
    if (!Number.isFinite(truth) || truth === 0 || Math.abs(truth) < 2 ** -126) continue;
    worst = Math.max(worst, ulps(fn(x), truth, mantissaBits));
  }
  return worst;
}

describe('SFPU instruction models (tt-isa-documentation, WormholeB0)', () => {
  it('SFPMAD rounds a*b+c once: (1+2^-12)^2 + 2^-70 lies just above a tie and rounds up', () => {
    // (1+2^-12)^2 = 1 + 2^-11 + 2^-24: exactly half-way between two fp32 neighbours; the 2^-70 decides the tie,
    // which a double sum followed by a second rounding would lose (ties-to-even would go down).
    const a = bitsOf(1 + 2 ** -12);
    expect(fromBits(mad(a, a, bitsOf(2 ** -70)))).toBe(1 + 2 ** -11 + 2 ** -23);
    expect(fromBits(mad(a, a, bitsOf(-(2 ** -70))))).toBe(1 + 2 ** -11);
    expect(fromBits(mad(a, a, 0))).toBe(1 + 2 ** -11); // exact tie: to even
  });

  it('SFPMAD reads denormal inputs as zero and writes denormal and -0 results as +0', () => {
    expect(mad(0x00000001, bitsOf(2 ** 127), 0)).toBe(0); // 2^-149 * 2^127 would be 2^-22
    expect(mad(bitsOf(2 ** -100), bitsOf(2 ** -30), 0)).toBe(0); // 2^-130 is denormal
    expect(mad(bitsOf(-1), 0, 0x80000000)).toBe(0); // -0 becomes +0
    expect(fromBits(mad(bitsOf(3), bitsOf(5), bitsOf(-15)))).toBe(0);
  });

  it('SFPSTOCHRND fp32→bf16 rounds the dropped half away from zero, not to even', () => {
    expect(floatToFp16b(0x3f808000)).toBe(0x3f810000); // tie: RNE would give 0x3f800000
    expect(floatToFp16b(0xbf808000)).toBe(0xbf810000);
    expect(floatToFp16b(0x3f807fff)).toBe(0x3f800000);
    expect(floatToFp16b(0x7fc00000)).toBe(0x7f800000); // NaN becomes Inf
    expect(floatToFp16b(0x00400000)).toBe(0); // denormal becomes +0
  });

  it('SFPSTORE into a 16-bit DST truncates to bf16; into fp32 DST it keeps every bit', () => {
    expect(storeToDst(0x3f80ffff, 'bf16')).toBe(0x3f800000);
    expect(storeToDst(0x807fffff, 'bf16')).toBe(0x80000000); // denormal: signed zero
    expect(storeToDst(0x3f80ffff, 'fp32')).toBe(0x3f80ffff);
  });
});

describe('exp_tile (default: approx = false)', () => {
  it('fp32 DST (_sfpu_exp_f32_accurate_): under 1 ulp over [-87, 88] as the source targets, exp(0) = 1', () => {
    const draw = uniform(11);
    expect(worstUlps((x) => sfpuExp(x), Math.exp, () => draw() * 175 - 87, 23)).toBeLessThan(1);
    expect(sfpuExp(0)).toBe(1);
    expect(bitsOf(sfpuExp(1))).toBe(0x402df854); // e rounded to fp32
  });

  it('fp32 DST saturates where z = x/ln2 leaves (-127, 128), as the source checks', () => {
    expect(ulps(sfpuExp(88.5), Math.exp(88.5), 23)).toBeLessThan(1); // z = 127.68: still computed
    expect(sfpuExp(88.8)).toBe(Infinity); // z = 128.1
    expect(sfpuExp(-88.1)).toBe(0); // z = -127.1
    expect(sfpuExp(Infinity)).toBe(Infinity);
    expect(sfpuExp(-Infinity)).toBe(0);
  });

  it('16-bit DST (_sfpu_exp_21f_): every bf16 input within 1 bf16 ulp of e^x', () => {
    let worst = 0;
    for (let high = 0; high < 0x10000; high += 1) {
      const x = fromBits(high << 16);
      if (!(Math.abs(x) <= 87)) continue;
      worst = Math.max(worst, ulps(sfpuExp(x, 'bf16'), Math.exp(x), 7));
    }
    expect(worst).toBeLessThan(1);
    expect(worst).toBeGreaterThan(0.5); // not the correctly rounded exp: exp_21f's polynomial shows
  });

  it('16-bit DST, hand-derived: exp(0) = bf16(1.0017248) = 1, and xlog2 clamped to [0, 255] gives 0 and Inf', () => {
    // xlog2 = 0*1/ln2 + 127 = 127 -> z = 127·2^23: exponent 127, fraction 0 -> polynomial = 1.0017248 (0x3F803885);
    // float_to_fp16b drops 0x3885 < 0x8000 -> 1.0.
    expect(sfpuExp(0, 'bf16')).toBe(1);
    // x = 100: xlog2 = 271 -> clamped to 255 -> exponent field 255 with a non-zero mantissa -> float_to_fp16b -> +Inf.
    expect(sfpuExp(100, 'bf16')).toBe(Infinity);
    // x = -100: xlog2 < 0 -> clamped to 0 -> exponent field 0 -> float_to_fp16b -> +0.
    expect(sfpuExp(-100, 'bf16')).toBe(0);
  });

  it('scale_en multiplies by the bf16 scale first: exp(2·1.5) = exp(3)', () => {
    expect(sfpuExp(2, 'fp32', { scaleEn: true, scaleBf16: 0x3fc0 })).toBe(sfpuExp(3));
  });

  it('approx, not fast (_calculate_exponential_approx_): hand-derived 7.3 fixed point', () => {
    // t = 0*1.442695 + 192 = 0x43400000; (0xBD3F0000 + t) << 7 = 0x3F800000.
    expect(sfpuExp(0, 'fp32', { approx: true, fastAndApprox: false })).toBe(1);
    // t = fp32(1.44269502 + 192) = 193 + 29012/65536 (ulp 2^-16; 0.44269502·65536 = 29012.46); the integer part 1
    // goes to the exponent and the fraction is used linearly: 2^1 · (1 + 29012/65536).
    expect(sfpuExp(1, 'fp32', { approx: true, fastAndApprox: false })).toBe(2 * (1 + 29012 / 65536));
    expect(sfpuExp(89, 'fp32', { approx: true, fastAndApprox: false })).toBe(Infinity);
    expect(sfpuExp(-43, 'fp32', { approx: true, fastAndApprox: false })).toBe(0);
  });

  it('approx and fast (Schraudolph, SFPLOADMACRO): exp(0) = (round(32500.818359375) << 15) as fp32', () => {
    // MAD: 369.33 * 0 + 32500.818359375; round to uint16: 32501 = 0x7EF5; << 15 = 0x3F7A8000 = 0.978515625.
    expect(sfpuExp(0, 'fp32', { approx: true })).toBe(0.978515625);
    const draw = uniform(5);
    let worst = 0;
    for (let i = 0; i < 5000; i += 1) {
      const x = f(draw() * 160 - 80);
      worst = Math.max(worst, Math.abs(sfpuExp(x, 'fp32', { approx: true }) / Math.exp(x) - 1));
    }
    expect(worst).toBeLessThan(0.04); // a few per cent, as Schraudolph's method gives
  });
});

describe('recip_tile', () => {
  it('default legacy_compat (_reciprocal_compat_<3>), hand-derived for x = 1', () => {
    // val = setexp(setsgn(1, 1), 126) = -0.5, so every product val*r = -r/2 is exact and each SFPMAD rounds once:
    // r = c(val·c + 2), then r = r(val·r + 2) twice, c = 1.442695; result exponent 0 - 0 + 126 -> r/2.
    const c = f(1.442695);
    let r = f(c * f(2 - c / 2));
    r = f(r * f(2 - r / 2));
    r = f(r * f(2 - r / 2));
    expect(sfpuRecip(1)).toBe(r / 2);
    expect(sfpuRecip(1)).not.toBe(1); // the legacy reciprocal is not exact
    expect(sfpuRecip(-1)).toBe(-r / 2);
  });

  it('default legacy_compat: relative error up to e0^8 with e0 = 1 - 1.442695 (three Newton steps), fp32 DST', () => {
    const draw = uniform(3);
    let worst = 0;
    for (let i = 0; i < 20000; i += 1) {
      const x = f(2 ** (draw() * 200 - 100) * (draw() < 0.5 ? -1 : 1));
      worst = Math.max(worst, Math.abs(sfpuRecip(x) * x - 1));
    }
    const bound = (1.442695 - 1) ** 8; // 1.48e-3 as the mantissa approaches 2
    expect(worst).toBeLessThanOrEqual(bound * 1.0001);
    expect(worst).toBeGreaterThan(bound * 0.9);
  });

  it('default legacy_compat: 1/0 is a huge finite value and 1/Inf is 0 (exponent arithmetic, no special case)', () => {
    expect(sfpuRecip(0)).toBeGreaterThan(1e38);
    expect(Number.isFinite(sfpuRecip(0))).toBe(true);
    expect(sfpuRecip(Infinity)).toBe(0);
  });

  it('legacy_compat = false (_sfpu_reciprocal_<2>): ≤ 1 ulp as the source states, powers of two exact', () => {
    const draw = uniform(7);
    const precise = (x: number): number => sfpuRecip(x, 'fp32', { legacyCompat: false });
    const drawSigned = (): number => 2 ** (draw() * 200 - 100) * (draw() < 0.5 ? -1 : 1);
    expect(worstUlps(precise, (x) => 1 / x, drawSigned, 23)).toBeLessThanOrEqual(1);
    for (let k = -126; k <= 126; k += 1) expect(precise(2 ** k)).toBe(2 ** -k);
    expect(precise(0)).toBe(Infinity); // "in.Exp == 0 results in ±inf"
    expect(precise(-0)).toBe(-Infinity);
    expect(precise(Infinity)).toBe(0); // "in.Exp == 255 results in ±0"
  });

  it('16-bit DST (one Newton step, then bf16 rounding): about half a bf16 ulp', () => {
    const draw = uniform(9);
    const exact = (x: number): number => 1 / x;
    const drawWide = (): number => 2 ** (draw() * 200 - 100);
    expect(worstUlps((x) => sfpuRecip(x, 'bf16', { legacyCompat: false }), exact, drawWide, 7)).toBeLessThan(0.6);
    expect(worstUlps((x) => sfpuRecip(x, 'bf16'), exact, drawWide, 7)).toBeLessThan(0.6);
  });
});

describe('sqrt_tile / rsqrt_tile (SQRT_23-bits, Kokosiński et al. 2024)', () => {
  const wide = uniform(13);
  const drawWide = (): number => 2 ** (wide() * 250 - 125);

  it('fp32 DST: within 1 ulp, even powers of two exact', () => {
    expect(worstUlps((x) => sfpuSqrt(x), Math.sqrt, drawWide, 23)).toBeLessThan(1);
    expect(worstUlps((x) => sfpuRsqrt(x), (x) => 1 / Math.sqrt(x), drawWide, 23)).toBeLessThan(1);
    for (let k = -124; k <= 126; k += 2) {
      expect(sfpuSqrt(2 ** k)).toBe(2 ** (k / 2));
      expect(sfpuRsqrt(2 ** k)).toBe(2 ** (-k / 2));
    }
  });

  it('16-bit DST: about half a bf16 ulp', () => {
    expect(worstUlps((x) => sfpuSqrt(x, 'bf16'), Math.sqrt, drawWide, 7)).toBeLessThan(0.6);
    expect(worstUlps((x) => sfpuRsqrt(x, 'bf16'), (x) => 1 / Math.sqrt(x), drawWide, 7)).toBeLessThan(0.6);
  });

  it('special values the source states', () => {
    expect(sfpuSqrt(0)).toBe(0);
    expect(sfpuSqrt(Infinity)).toBe(Infinity);
    expect(sfpuSqrt(-1)).toBeNaN(); // "returns nan for fp32 and inf for bf16"
    expect(sfpuSqrt(-1, 'bf16')).toBe(Infinity);
    expect(sfpuSqrt(-0)).toBeNaN(); // x < 0 tests the sign bit
    expect(sfpuRsqrt(0)).toBe(Infinity); // "if x = 0, then y = inf; if x = inf, then y = 0"
    expect(sfpuRsqrt(Infinity)).toBe(0);
    expect(sfpuRsqrt(-4)).toBeNaN();
  });

  it('legacy rsqrt (sqrt_compat then reciprocal_compat): the legacy reciprocal error bound', () => {
    const draw = uniform(17);
    let worst = 0;
    for (let i = 0; i < 10000; i += 1) {
      const x = f(2 ** (draw() * 200 - 100));
      worst = Math.max(worst, Math.abs(sfpuRsqrt(x, 'fp32', { legacyCompat: true }) * Math.sqrt(x) - 1));
    }
    expect(worst).toBeLessThan(1.6e-3);
    expect(worst).toBeGreaterThan(1e-3);
  });

  it('a 16-bit DST holds only bf16 values', () => {
    expect(() => sfpuSqrt(1 + 2 ** -20, 'bf16')).toThrow(RangeError);
  });
});

describe('sigmoid_tile (default: fast_and_approx = false; _sfpu_sigmoid_ = 1 / (1 + exp(-x)))', () => {
  const exact = (x: number): number => 1 / (1 + Math.exp(-x));

  it('fp32 DST: the accurate exp, an add and a 2-step reciprocal stay within 3 ulp', () => {
    const draw = uniform(19);
    expect(worstUlps((x) => sfpuSigmoid(x), exact, () => draw() * 40 - 20, 23)).toBeLessThan(3);
    expect(sfpuSigmoid(0)).toBe(0.5); // exp(0) = 1 exactly, 1/2 exactly
    expect(sfpuSigmoid(100)).toBe(1);
    expect(sfpuSigmoid(-100)).toBe(0); // exp(100) saturates to Inf, 1/Inf = 0
  });

  it('16-bit DST: exp_21f without its own rounding, a 1-step reciprocal, one bf16 rounding: < 1 bf16 ulp', () => {
    let worst = 0;
    for (let high = 0; high < 0x10000; high += 1) {
      const x = fromBits(high << 16);
      if (!(Math.abs(x) <= 80) || exact(x) < 2 ** -120) continue;
      worst = Math.max(worst, ulps(sfpuSigmoid(x, 'bf16'), exact(x), 7));
    }
    expect(worst).toBeLessThan(1);
    expect(sfpuSigmoid(0, 'bf16')).toBe(0.5);
  });
});

describe('DST-DST and scalar binary SFPU ops (_calculate_sfpu_binary_, calculate_sfpu_binary_mul/_div)', () => {
  it('16-bit DST: add/sub are left to the store, which truncates; mul rounds to nearest even', () => {
    // 1 + 3·2^-9 lies above the midpoint between bf16 1 and 1 + 2^-7: RNE would give 1.0078125.
    expect(sfpuBinary('add', 1, 3 * 2 ** -9, 'bf16')).toBe(1);
    expect(sfpuBinary('sub', 1, -3 * 2 ** -9, 'bf16')).toBe(1);
    expect(sfpuBinopScalar('add', 1, 3 * 2 ** -9, 'bf16')).toBe(1);
    expect(sfpuBinary('add', 1, 3 * 2 ** -9, 'fp32')).toBe(1 + 3 * 2 ** -9);
    // mul: the fp32 product, then round-to-nearest-even on the bits (float32_to_bf16_rne).
    const draw = uniform(23);
    let roundedUp = 0;
    for (let i = 0; i < 2000; i += 1) {
      const a = toBf16Truncated(draw() * 8 - 4);
      const b = toBf16Truncated(draw() * 8 - 4);
      if (a === 0 || b === 0) continue;
      const product = a * b; // exact: 8 + 8 significant bits
      const bits = bitsOf(product);
      const lsb = (bits >>> 16) & 1;
      const rne = fromBits(((bits + 0x7fff + lsb) & 0xffff0000) >>> 0);
      expect(sfpuBinary('mul', a, b, 'bf16')).toBe(rne);
      if (rne !== toBf16Truncated(product)) roundedUp += 1;
    }
    expect(roundedUp).toBeGreaterThan(100); // the sweep does exercise rounding up
  });

  it('mul with a 16-bit DST gives 0 when an operand is +0 ("to match FPU behaviour"), fp32 DST keeps NaN', () => {
    expect(sfpuBinary('mul', 0, Infinity, 'bf16')).toBe(0);
    expect(sfpuBinary('mul', 0, Infinity, 'fp32')).toBeNaN();
  });

  it('div = a · reciprocal<2>(b), with the source\'s special cases', () => {
    expect(sfpuBinary('div', 3, 3)).toBe(1); // a == b -> 1
    expect(sfpuBinary('div', 1, 0)).toBe(Infinity);
    expect(sfpuBinary('div', -1, 0)).toBe(-Infinity);
    expect(sfpuBinary('div', 0, 0)).toBeNaN();
    const draw = uniform(29);
    expect(
      worstUlps((b) => sfpuBinary('div', 1.75, b), (b) => 1.75 / b, () => 2 ** (draw() * 40 - 20), 23),
    ).toBeLessThan(2); // the reciprocal's ≤ 1 ulp, then one more rounding
    expect(sfpuBinopScalar('div', 6, 0.25)).toBe(1.5); // div_unary_tile multiplies by its param (1/scalar)
    expect(sfpuBinopScalar('rsub', 2, 5)).toBe(3);
  });
});

describe('compare-with-zero and binary max/min (exact; ckernel_sfpu_comp.h, SFPSWAP)', () => {
  it('eqz … gez give 1.0/0.0 and treat -0.0 as negative (the SFPU tests the sign bit)', () => {
    const table: Array<[number, Record<string, number>]> = [
      [2, { eqz: 0, nez: 1, ltz: 0, gtz: 1, lez: 0, gez: 1 }],
      [-2, { eqz: 0, nez: 1, ltz: 1, gtz: 0, lez: 1, gez: 0 }],
      [0, { eqz: 1, nez: 0, ltz: 0, gtz: 0, lez: 1, gez: 1 }],
      [-0, { eqz: 0, nez: 1, ltz: 1, gtz: 0, lez: 1, gez: 0 }],
    ];
    for (const [x, expected] of table) {
      for (const [op, value] of Object.entries(expected)) {
        expect(sfpuCompareZero(op as 'eqz', x), `${op}(${Object.is(x, -0) ? '-0' : x})`).toBe(value);
      }
    }
  });

  it('binary max/min order fp32 as sign-magnitude integers: -0 < +0, NaN beyond ±Inf', () => {
    expect(binaryMaxBits(0x80000000, 0)).toBe(0);
    expect(binaryMinBits(0x80000000, 0)).toBe(0x80000000);
    expect(binaryMaxBits(bitsOf(3), bitsOf(-5))).toBe(bitsOf(3));
    expect(binaryMaxBits(0x7fc00000, 0x7f800000)).toBe(0x7fc00000);
    expect(binaryMinBits(0xffc00000, 0xff800000)).toBe(0xffc00000);
  });
});
