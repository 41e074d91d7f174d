// Wormhole B0 SFPU math on fp32 values: what exp_tile, recip_tile, sqrt_tile, rsqrt_tile and sigmoid_tile (and the
// compare-with-zero, binary max/min, DST-DST binary and scalar binary ops) leave in DST on silicon, as the emulator
// computes it (runtime-cpp/src/compute/sfpu_math.hpp).
// Both follow the same sources: tt-llk 8859c554f (tt_llk_wormhole_b0/common/inc/sfpu/ckernel_sfpu_{exp,recip,sqrt,
// rsqrt,rsqrt_compat,polyval,binary}.h) and tt-metal 9231910642 (llk_api/llk_sfpu/ckernel_sfpu_{exp,sigmoid,comp,
// binary_max_min,binary,binop_with_unary}.h), with instruction semantics from tt-isa-documentation (SFPMAD,
// SFPSTORE, SFPSTOCHRND, SFPCAST, SFPSWAP, SFPDIVP2).
// Every function works on fp32 bit patterns, one SFPU instruction per step, and must return exactly the bits the C++
// header returns: change the two together. It must not use Math.exp/sqrt or any other libm approximation, and it
// keeps no state. SFPMAD is an exactly rounded fused multiply-add (round to nearest even) with denormal inputs read
// as zero and denormal or -0 results written as +0 (silicon's product is only "partially fused": a last-bit difference
// after heavy cancellation is possible); NaN results are 0x7FC00000.

/** DST precision: 'fp32' with fp32_dest_acc_en, 'bf16' for a 16-bit DST. */
export type DstMode = 'fp32' | 'bf16';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new Uint32Array(f64.buffer); // [low word, high word] on little-endian hosts

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = isLittleEndian ? 0 : 1;

/** fp32 bits of a number (rounded to fp32 first). */
export function bitsOf(x: number): number {
  f32[0] = x;
  return u32[0]!;
}
/** The fp32 value with these bits, as a JS number. */
export function fromBits(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0]!;
}

const ZERO = 0x00000000;
const ONE = 0x3f800000;
const NEG_ONE = 0xbf800000;
const HALF = 0x3f000000;
const INF = 0x7f800000;
const QUIET_NAN = 0x7fc00000;

const expField = (x: number): number => (x >>> 23) & 0xff;
const i32 = (x: number): number => x | 0;

/** Correctly rounded fp32 fused multiply-add of fp32 values, via round-to-odd in double. */
function fmaF32(a: number, b: number, c: number): number {
  const p = a * b; // exact: 24 + 24 significant bits fit a double
  const s = p + c;
  if (!Number.isFinite(s)) return Math.fround(s);
  const bb = s - p;
  const err = p - (s - bb) + (c - bb); // p + c = s + err exactly (TwoSum)
  if (err !== 0) {
    f64[0] = s;
    if ((u64[LO]! & 1) === 0) {
      // Make s odd in its last bit, moving towards the exact sum, so one fp32 rounding of s is correct.
      const towardLarger = err > 0 === s > 0;
      const lo = u64[LO]!;
      const hi = u64[1 - LO]!;
      if (towardLarger) {
        u64[LO] = (lo + 1) >>> 0;
        if (lo === 0xffffffff) u64[1 - LO] = hi + 1;
      } else {
        u64[LO] = (lo - 1) >>> 0;
        if (lo === 0) u64[1 - LO] = hi - 1;
      }
    }
    return Math.fround(f64[0]!);
  }
  return Math.fround(s);
}

/** SFPMAD: a*b + c, one rounding (RNE), denormal inputs as zero, denormal and -0 outputs as +0. */
export function mad(a: number, b: number, c: number): number {
  const daz = (x: number): number => (expField(x) === 0 ? 0 : fromBits(x));
  const r = fmaF32(daz(a), daz(b), daz(c));
  if (Number.isNaN(r)) return QUIET_NAN;
  const bits = bitsOf(r);
  if (expField(bits) === 0) return ZERO;
  return bits;
}
const mul = (a: number, b: number): number => mad(a, b, ZERO);
const add = (a: number, c: number): number => mad(a, ONE, c);
const sub = (a: number, c: number): number => mad(c, NEG_ONE, a);
const negate = (x: number): number => (x ^ 0x80000000) >>> 0;

const exexp = (x: number): number => expField(x) - 127;
const exman8 = (x: number): number => ((x & 0x7fffff) | 0x800000) >>> 0;
const exman9 = (x: number): number => x & 0x7fffff;
const setexp = (x: number, e: number): number => ((x & 0x807fffff) | ((e & 0xff) << 23)) >>> 0;
const setman = (x: number, m: number): number => ((x & 0xff800000) | (m & 0x7fffff)) >>> 0;
const setsgn = (x: number, signSource: number): number => ((x & 0x7fffffff) | (signSource & 0x80000000)) >>> 0;
function addexp(x: number, n: number): number {
  const e = expField(x);
  return e === 255 ? x : setexp(x, (e + n) & 0xff);
}
function shft(x: number, amount: number): number {
  return amount >= 0 ? (x << (amount & 31)) >>> 0 : x >>> (-amount & 31);
}
function int32ToFloatRne(c: number): number {
  const sign = (c & 0x80000000) >>> 0;
  const mag = c & 0x7fffffff;
  const lz = mag ? Math.clz32(mag) : 157;
  const norm = (mag << (lz & 31)) >>> 0;
  let d = (sign + ((157 - lz) << 23) + (norm >>> 8)) >>> 0;
  if (norm & 0x80 && norm & 0x17f) d = (d + 1) >>> 0;
  return d;
}
/** SFPSTOCHRND fp32 → bf16 (float_to_fp16b(x, 0)): zero/denormal → +0, Inf/NaN → signed Inf, else half away. */
export function floatToFp16b(x: number): number {
  const e = expField(x);
  if (e === 0) return ZERO;
  if (e === 255) return (x & 0xff800000) >>> 0;
  const dropped = x & 0xffff;
  let r = x - dropped;
  if (dropped << 7 >= 0x400000) r += 0x10000;
  return r >>> 0;
}
function floatToUint16(c: number): number {
  const e = exexp(c);
  if (e < -1) return 0;
  if (e >= 16) return 65535;
  let mag = 0x800000 + (c & 0x7fffff);
  mag = e >= 0 ? mag * 2 ** e : Math.floor(mag / 2 ** -e);
  const frac = mag % 0x800000;
  mag = Math.floor(mag / 0x800000) + (frac >= 0x400000 ? 1 : 0);
  return Math.min(mag, 65535);
}
function signmagLess(c: number, d: number): boolean {
  const cc = (c ^ ((c >> 30) >>> 1)) | 0;
  const dd = (d ^ ((d >> 30) >>> 1)) | 0;
  return cc < dd;
}
const swapMax = (a: number, b: number): number => (signmagLess(b, a) ? a : b);
const swapMin = (a: number, b: number): number => (signmagLess(b, a) ? b : a);
const lt0 = (x: number): boolean => i32(x) < 0;
const ge0 = (x: number): boolean => i32(x) >= 0;
const gt0 = (x: number): boolean => i32(x) >= 0 && x !== 0;
const le0 = (x: number): boolean => !gt0(x);

/** SFPSTORE into DST: fp32 unchanged; a 16-bit DST keeps bf16 by truncation, denormals flushed to signed zero. */
export function storeToDst(x: number, dst: DstMode): number {
  if (dst === 'fp32') return x >>> 0;
  const y = expField(x) === 0 ? x & 0x80000000 : x;
  return (y & 0xffff0000) >>> 0;
}

// ---- exp ----------------------------------------------------------------------------------------------------------

function exp21f(val: number): number {
  let xlog2 = mad(val, 0x3fb8aa3b, 0x42fe0000);
  xlog2 = swapMax(ZERO, xlog2);
  xlog2 = swapMin(xlog2, 0x437f0000);
  const z = shft(exman8(xlog2), exexp(xlog2));
  const exponentialPart = expField(z);
  let frac = int32ToFloatRne(exman9(z));
  frac = mad(frac, mad(frac, 0x27aca418, 0x33a85ada), 0x3f803885);
  return setexp(frac, exponentialPart);
}

const TAYLOR = [ONE, ONE, HALF, 0x3e2aaaab, 0x3d2aaaab, 0x3c088889, 0x3ab60b61, 0x39500d01];

function expF32Accurate(val: number): number {
  const z = mul(val, 0x3fb8aa3b);
  const expBits = exexp(z);
  if (ge0(sub(z, 0x43000000))) return INF;
  if (le0(sub(z, 0xc2fe0000))) return ZERO;
  if (expBits === 255) return QUIET_NAN;
  const c231 = 0x4b400000;
  const tmp = add(z, c231);
  const k = sub(tmp, c231);
  const kInt = (tmp - c231) | 0;
  const rHi = mad(k, 0xbf317000, val);
  const r = mad(k, 0xb805fdf4, rHi);
  let p = TAYLOR[7]!;
  for (let i = 6; i >= 0; i -= 1) p = mad(r, p, TAYLOR[i]!);
  return setexp(p, expField(p) + kInt);
}

function expApproxPiecewise(input: number, skipPositiveCheck: boolean): number {
  if (!skipPositiveCheck && ge0(sub(input, 0x42b20000))) return INF;
  if (lt0(sub(input, 0xc2280000))) return ZERO;
  const t = mad(input, 0x3fb8aa3b, 0x43400000);
  return (((0xbd3f0000 + t) >>> 0) << 7) >>> 0;
}

function expFastApprox(input: number, initScale: number, dst: DstMode): number {
  const scale = fromBits(initScale);
  const a = bitsOf(Math.fround(256 * fromBits(0x3fb8aa3b) * scale)); // 256 * 1/ln2 is exact in fp32
  const threshold = bitsOf(Math.fround(-88.5 / scale));
  const y = storeToDst(swapMax(threshold, input), dst);
  return (floatToUint16(mad(a, y, 0x46fde9a3)) << 15) >>> 0;
}

/** exp_tile's template and runtime arguments (defaults are upstream's). */
export interface ExpOptions {
  approx?: boolean;
  fastAndApprox?: boolean;
  scaleEn?: boolean;
  skipPositiveCheck?: boolean;
  /** bf16 bits of exp_tile's `scale` argument (default 1.0). */
  scaleBf16?: number;
  /** fp32 bits of exp_tile_init's `scale` template argument (fast approximate path only). */
  initScale?: number;
}

/** Bits the SFPU stores for exp_tile, before the DST store. */
export function expBits(x: number, dst: DstMode, options: ExpOptions = {}): number {
  const approx = options.approx ?? false;
  if (approx && (options.fastAndApprox ?? true)) return expFastApprox(x, options.initScale ?? ONE, dst);
  let v = x >>> 0;
  if (options.scaleEn) v = mul(v, ((options.scaleBf16 ?? 0x3f80) & 0xffff) << 16);
  if (approx) return expApproxPiecewise(v, options.skipPositiveCheck ?? false);
  return dst === 'fp32' ? expF32Accurate(v) : floatToFp16b(exp21f(v));
}

// ---- reciprocal ---------------------------------------------------------------------------------------------------

function reciprocal(input: number, maxIter: number): number {
  const negativeX = setman(NEG_ONE, input);
  let y = mad(0x3ea57ebb, negativeX, 0x3fba2e90);
  const scaleBits = ~input >>> 0;
  y = mad(y, negativeX, 0x4007c1f2);
  let scale = setman(scaleBits, 0);
  let t = mad(negativeX, y, ONE);
  scale = mul(scale, HALF);
  y = mad(y, t, y);
  if (maxIter > 1) {
    t = mad(negativeX, y, ONE);
    y = mad(y, t, y);
  }
  y = mul(y, scale);
  return setsgn(y, input);
}

function reciprocalCompat(input: number, maxIter: number): number {
  let val = setsgn(input, 0x80000000);
  val = setexp(val, 126);
  const c = 0x3fb8aa3b;
  const two = 0x40000000;
  let result = mul(c, mad(val, c, two));
  for (let i = 0; i < maxIter - 1; i += 1) result = mul(result, mad(val, result, two));
  let newExp = exexp(result) - exexp(input) + 126;
  if (newExp < 0) {
    result = ZERO;
    newExp = 0;
  }
  return setexp(result, newExp);
}

/** Bits the SFPU stores for recip_tile<legacy_compat>, before the DST store. */
export function recipBits(
  x: number,
  dst: DstMode,
  options: { approx?: boolean; legacyCompat?: boolean } = {},
): number {
  const input = x >>> 0;
  const approx = options.approx ?? false;
  if (options.legacyCompat ?? true) {
    let out = reciprocalCompat(input, approx ? 2 : 3);
    if (lt0(input)) out = negate(out);
    return dst === 'fp32' || approx ? out : floatToFp16b(out);
  }
  if (approx) return reciprocal(input, 0);
  return dst === 'fp32' ? reciprocal(input, 2) : floatToFp16b(reciprocal(input, 1));
}

// ---- sqrt / rsqrt -------------------------------------------------------------------------------------------------

function sqrtBody(x: number, approx: boolean, reciprocalRoot: boolean, fastApprox: boolean): number {
  let y = ((approx ? 0x5f0b3892 : 0x5f1110a0) - (x >>> 1)) >>> 0;
  if (approx) {
    const c = mul(x, y);
    const t = mad(negate(y), c, 0x3ff20bf7);
    if (reciprocalRoot) {
      const infMinusX = (INF - x) >>> 0;
      y = infMinusX !== 0 && x !== 0 ? mul(y, t) : infMinusX;
    } else {
      y = c;
      if (x !== INF) y = mul(y, t);
    }
  } else {
    let xy = mul(x, y);
    const c = mul(negate(y), xy);
    y = mul(y, mad(c, add(c, 0x40103626), 0x401214c9));
    xy = mul(x, y);
    const oneMinusXyy = mad(negate(y), xy, ONE);
    if (reciprocalRoot) {
      const halfY = addexp(y, -1);
      const infMinusX = (INF - x) >>> 0;
      y = infMinusX !== 0 && x !== 0 ? mad(oneMinusXyy, halfY, y) : infMinusX;
    } else {
      const halfXy = mul(HALF, xy);
      if (((x - INF) | 0) < 0) y = mad(oneMinusXyy, halfXy, xy);
    }
  }
  if (!fastApprox && lt0(x)) y = QUIET_NAN;
  return y;
}

function sqrtCompat(val: number, approx: boolean): number {
  if (approx) return ((0x3f800000 + val) >>> 0) >>> 1;
  if (val === 0) return val;
  let r = (0x5f370000 - (val >>> 1)) >>> 0;
  for (let i = 0; i < 2; i += 1) r = mul(mad(mul(r, r), mul(val, 0xbf000000), 0x3fc00000), r);
  return mul(r, val);
}

/** Bits the SFPU stores for sqrt_tile<FAST_APPROX>, before the DST store. */
export function sqrtBits(x: number, dst: DstMode, options: { approx?: boolean; fastApprox?: boolean } = {}): number {
  const y = sqrtBody(x >>> 0, options.approx ?? false, false, options.fastApprox ?? false);
  return dst === 'fp32' ? y : floatToFp16b(y);
}

/** Bits the SFPU stores for rsqrt_tile<legacy_compat, FAST_APPROX>, before the DST store. */
export function rsqrtBits(
  x: number,
  dst: DstMode,
  options: { approx?: boolean; fastApprox?: boolean; legacyCompat?: boolean } = {},
): number {
  const approx = options.approx ?? false;
  if (options.legacyCompat ?? false) {
    const input = storeToDst(sqrtCompat(x >>> 0, approx), dst);
    let out = reciprocalCompat(input, approx ? 2 : 3);
    if (lt0(input)) out = negate(out);
    return dst === 'fp32' || approx ? out : floatToFp16b(out);
  }
  const y = sqrtBody(x >>> 0, approx, true, options.fastApprox ?? false);
  return dst === 'fp32' ? y : floatToFp16b(y);
}

// ---- sigmoid ------------------------------------------------------------------------------------------------------

/** Bits the SFPU stores for sigmoid_tile (fast_and_approx = false), before the DST store. */
export function sigmoidBits(x: number, dst: DstMode): number {
  const e = dst === 'fp32' ? expF32Accurate(negate(x >>> 0)) : exp21f(negate(x >>> 0));
  const denominator = add(ONE, e);
  return dst === 'fp32' ? reciprocal(denominator, 2) : floatToFp16b(reciprocal(denominator, 1));
}

// ---- binary SFPU ops -----------------------------------------------------------------------------------------------

export type SfpuBinary = 'add' | 'sub' | 'mul' | 'div' | 'rsub';

const float32ToBf16Rne = (x: number): number => ((x + 0x7fff + ((x >>> 16) & 1)) & 0xffff0000) >>> 0;

/** Bits the SFPU stores for add/sub/mul/div/rsub_binary_tile (DST[idst0] op DST[idst1]), before the DST store. */
export function binaryBits(op: SfpuBinary, a: number, b: number, dst: DstMode): number {
  const x = a >>> 0;
  const y = b >>> 0;
  switch (op) {
    case 'add':
      return add(x, y);
    case 'sub':
      return sub(x, y);
    case 'rsub':
      return sub(y, x);
    case 'mul':
      if (dst === 'fp32') return mul(x, y);
      return x === 0 || y === 0 ? ZERO : float32ToBf16Rne(mul(x, y));
    case 'div': {
      let result = mul(x, reciprocal(y, 2));
      if (y === 0) result = x === 0 ? QUIET_NAN : setsgn(INF, x);
      else if (sub(x, y) === 0) result = ONE;
      return dst === 'fp32' ? result : float32ToBf16Rne(result);
    }
  }
}

/** Bits the SFPU stores for add/sub/mul/div/rsub_unary_tile(x, param bits); div multiplies by param (= 1/scalar). */
export function binopScalarBits(op: SfpuBinary, x: number, param: number): number {
  const v = x >>> 0;
  const p = param >>> 0;
  if (op === 'add') return add(v, p);
  if (op === 'sub') return sub(v, p);
  if (op === 'rsub') return sub(p, v);
  return mul(v, p);
}

// ---- value API: what DST holds after the op -----------------------------------------------------------------------

function dstInput(x: number, dst: DstMode): number {
  const bits = bitsOf(x);
  if (dst === 'bf16' && (bits & 0xffff) !== 0 && !Number.isNaN(x)) {
    throw new RangeError(`sfpu: ${x} is not a bf16 value, so a 16-bit DST cannot hold it`);
  }
  return bits;
}

/** exp_tile (default arguments: approx off) on one DST element; x must be an fp32 (or, for 'bf16', a bf16) value. */
export function sfpuExp(x: number, dst: DstMode = 'fp32', options: ExpOptions = {}): number {
  return fromBits(storeToDst(expBits(dstInput(x, dst), dst, options), dst));
}
/** recip_tile (default: legacy_compat = true, approx off) on one DST element. */
export function sfpuRecip(
  x: number,
  dst: DstMode = 'fp32',
  options: { approx?: boolean; legacyCompat?: boolean } = {},
): number {
  return fromBits(storeToDst(recipBits(dstInput(x, dst), dst, options), dst));
}
/** sqrt_tile (default: FAST_APPROX = false, approx off) on one DST element. */
export function sfpuSqrt(
  x: number,
  dst: DstMode = 'fp32',
  options: { approx?: boolean; fastApprox?: boolean } = {},
): number {
  return fromBits(storeToDst(sqrtBits(dstInput(x, dst), dst, options), dst));
}
/** rsqrt_tile (default: legacy_compat = false, FAST_APPROX = false, approx off) on one DST element. */
export function sfpuRsqrt(
  x: number,
  dst: DstMode = 'fp32',
  options: { approx?: boolean; fastApprox?: boolean; legacyCompat?: boolean } = {},
): number {
  return fromBits(storeToDst(rsqrtBits(dstInput(x, dst), dst, options), dst));
}

/** sigmoid_tile (default: fast_and_approx = false) on one DST element. */
export function sfpuSigmoid(x: number, dst: DstMode = 'fp32'): number {
  return fromBits(storeToDst(sigmoidBits(dstInput(x, dst), dst), dst));
}

/** add/sub/mul/div/rsub_binary_tile on one element pair held in DST. */
export function sfpuBinary(op: SfpuBinary, a: number, b: number, dst: DstMode = 'fp32'): number {
  return fromBits(storeToDst(binaryBits(op, dstInput(a, dst), dstInput(b, dst), dst), dst));
}
/** add/sub/mul/rsub_unary_tile with an fp32 scalar (div_unary_tile: pass 1/scalar, as upstream's host does). */
export function sfpuBinopScalar(op: SfpuBinary, x: number, scalar: number, dst: DstMode = 'fp32'): number {
  return fromBits(storeToDst(binopScalarBits(op, dstInput(x, dst), bitsOf(scalar)), dst));
}

/** The compare-with-zero SFPU ops (eqz_tile … lez_tile): 1.0 or 0.0; -0.0 counts as negative, as on the SFPU. */
export type ZeroCompare = 'eqz' | 'nez' | 'ltz' | 'gtz' | 'lez' | 'gez';
/** The compare-with-zero ops on an fp32 bit pattern: the bits of 1.0 or 0.0. */
export function compareZeroBits(op: ZeroCompare, bits: number): number {
  const x = bits >>> 0;
  const holds =
    op === 'eqz' ? x === 0
    : op === 'nez' ? x !== 0
    : op === 'ltz' ? lt0(x)
    : op === 'gez' ? ge0(x)
    : op === 'gtz' ? gt0(x)
    : le0(x);
  return holds ? ONE : ZERO;
}
export const sfpuCompareZero = (op: ZeroCompare, x: number): number => fromBits(compareZeroBits(op, bitsOf(x)));

/** binary_max_tile / binary_min_tile on fp32 bit patterns (SFPSWAP's sign-magnitude order: -0 < +0). */
export const binaryMaxBits = (a: number, b: number): number => (signmagLess(b, a) ? a : b) >>> 0;
export const binaryMinBits = (a: number, b: number): number => (signmagLess(b, a) ? b : a) >>> 0;
/** binary_max_tile / binary_min_tile on one element pair of values. */
export const sfpuBinaryMax = (a: number, b: number): number => fromBits(binaryMaxBits(bitsOf(a), bitsOf(b)));
export const sfpuBinaryMin = (a: number, b: number): number => fromBits(binaryMinBits(bitsOf(a), bitsOf(b)));
