// Number formats of the device, as pure functions on doubles: fp32 (Math.fround), bf16 round-to-nearest-even
// (through fp32) and bfp8_b block quantisation (one shared exponent per 16 consecutive values of a tile row).
// The C++ emulator implements exactly the same rules; change them only together.
// This module does no model logic and allocates nothing per element.

const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

/** Rounds to the nearest float32 (IEEE round-to-nearest-even). */
export const toFp32: (x: number) => number = Math.fround;

/** The float32 bit pattern of x (after rounding x to float32). */
export function fp32Bits(x: number): number {
  scratchFloat[0] = x;
  return scratchBits[0]!;
}

/** The float32 with the given bit pattern, as a double. */
export function fp32FromBits(bits: number): number {
  scratchBits[0] = bits >>> 0;
  return scratchFloat[0]!;
}

/**
 * Rounds to bfloat16: first to float32, then drop the low 16 bits with round-to-nearest-even.
 * NaN stays NaN (quiet), ±Inf stays, overflow goes to ±Inf, the sign of zero is kept.
 */
export function toBf16(x: number): number {
  scratchFloat[0] = x;
  const bits = scratchBits[0]!;
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0) return NaN;
  const lsb = (bits >>> 16) & 1;
  scratchBits[0] = ((bits + 0x7fff + lsb) & 0xffff0000) >>> 0;
  return scratchFloat[0]!;
}

/** The 16-bit pattern of toBf16(x). */
export function bf16Bits(x: number): number {
  return fp32Bits(toBf16(x)) >>> 16;
}

/** The bfloat16 with the given 16-bit pattern, as a double. */
export function bf16FromBits(bits: number): number {
  return fp32FromBits((bits & 0xffff) << 16);
}

/** IEEE half (float16) bit pattern → double. */
export function fp16FromBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/** floor(log2(a)) for a finite a > 0, exact (no reliance on Math.log2 accuracy near powers of two). */
export function floorLog2(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  return e;
}

/** Round half to even of a non-negative double. */
export function roundHalfEven(a: number): number {
  const floor = Math.floor(a);
  const fraction = a - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Number of values that share one exponent in bfp8_b: one row of a 16×16 tile face. */
export const BFP8_GROUP_SIZE = 16;

/**
 * Quantises one bfp8_b group in place: E = max over the group of floor(log2|x|) (zeros ignored);
 * each x becomes sign·m·2^(E−6) with m = roundHalfEven(|x| / 2^(E−6)) clamped to 127. An all-zero group stays zero.
 * Non-finite inputs are not representable and raise an error.
 */
export function quantizeBfp8Group(values: Float64Array, start: number, end: number): void {
  let sharedExponent = -Infinity;
  for (let i = start; i < end; i++) {
    const magnitude = Math.abs(values[i]!);
    if (!Number.isFinite(magnitude)) throw new Error(`bfp8_b cannot hold the non-finite value ${values[i]}`);
    if (magnitude !== 0) sharedExponent = Math.max(sharedExponent, floorLog2(magnitude));
  }
  if (sharedExponent === -Infinity) return;
  const step = 2 ** (sharedExponent - 6);
  for (let i = start; i < end; i++) {
    const x = values[i]!;
    const mantissa = Math.min(127, roundHalfEven(Math.abs(x) / step));
    values[i] = mantissa === 0 ? 0 : Math.sign(x) * mantissa * step;
  }
}

/**
 * bfp8_b quantisation of a row-major [rows, cols] matrix as the device stores it in 32×32 tiles: the groups are
 * 16 consecutive columns of one row, starting at multiples of 16 (a trailing partial group is its own group;
 * zero padding up to the tile boundary never changes a group's exponent). Returns a new array.
 */
export function quantizeBfp8b(matrix: Float64Array, rows: number, cols: number): Float64Array {
  if (matrix.length !== rows * cols) throw new Error(`bfp8_b: ${matrix.length} values for a ${rows}×${cols} matrix`);
  const result = Float64Array.from(matrix);
  for (let r = 0; r < rows; r++) {
    for (let c0 = 0; c0 < cols; c0 += BFP8_GROUP_SIZE) {
      quantizeBfp8Group(result, r * cols + c0, r * cols + Math.min(cols, c0 + BFP8_GROUP_SIZE));
    }
  }
  return result;
}

export type ActivationDType = 'bf16' | 'fp32';
export type WeightDTypeName = 'bf16' | 'fp32' | 'bfp8_b';

/** The element-wise rounding of an activation dtype. */
export function activationRounding(dtype: ActivationDType): (x: number) => number {
  return dtype === 'bf16' ? toBf16 : toFp32;
}

/** Rounds a row-major [rows, cols] weight matrix to a weight dtype (bfp8_b groups along rows). Returns a new array. */
export function roundWeightMatrix(matrix: Float64Array, rows: number, cols: number, dtype: WeightDTypeName): Float64Array {
  if (dtype === 'bfp8_b') return quantizeBfp8b(matrix, rows, cols);
  const round = dtype === 'bf16' ? toBf16 : toFp32;
  const result = new Float64Array(matrix.length);
  for (let i = 0; i < matrix.length; i++) result[i] = round(matrix[i]!);
  return result;
}
