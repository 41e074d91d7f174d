// The three dense products the trainer needs, on row-major Float64Arrays, all reduced to blocked dot products:
//   linearForward:        out = a·bᵀ + bias        (a [rows, inner], b [cols, inner]) — a Linear layer
//   accumulateOuter:      out += gᵀ·a              (g [rows, cols], a [rows, inner]) — a weight gradient
//   backpropagateLinear:  out = g·w                (g [rows, cols], w [cols, inner]) — the input gradient
// Plain float64 arithmetic; no allocation, no broadcasting, nothing model-specific.

/** out[i, j] = bias[j] + Σ_l a[i, l]·b[j, l]. */
export function linearForward(
  a: Float64Array,
  rows: number,
  b: Float64Array,
  cols: number,
  inner: number,
  bias: Float64Array | undefined,
  out: Float64Array,
): void {
  dotProducts(a, rows, b, cols, inner, out, false);
  if (bias) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j]! += bias[j]!;
}

/**
 * out[i, j] (+)= Σ_l a[i, l]·b[j, l]. Blocks of 2 rows of a × 4 rows of b keep eight running sums, so every load
 * feeds several multiply-adds.
 */
function dotProducts(a: Float64Array, rows: number, b: Float64Array, cols: number, inner: number, out: Float64Array, accumulate: boolean): void {
  let i = 0;
  for (; i + 1 < rows; i += 2) {
    const a0 = i * inner;
    const a1 = a0 + inner;
    let j = 0;
    for (; j + 3 < cols; j += 4) {
      const b0 = j * inner;
      const b1 = b0 + inner;
      const b2 = b1 + inner;
      const b3 = b2 + inner;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let l = 0; l < inner; l++) {
        const u = a[a0 + l]!;
        const v = a[a1 + l]!;
        const w0 = b[b0 + l]!;
        const w1 = b[b1 + l]!;
        const w2 = b[b2 + l]!;
        const w3 = b[b3 + l]!;
        s00 += u * w0;
        s01 += u * w1;
        s02 += u * w2;
        s03 += u * w3;
        s10 += v * w0;
        s11 += v * w1;
        s12 += v * w2;
        s13 += v * w3;
      }
      const o0 = i * cols + j;
      const o1 = o0 + cols;
      if (accumulate) {
        out[o0]! += s00; out[o0 + 1]! += s01; out[o0 + 2]! += s02; out[o0 + 3]! += s03;
        out[o1]! += s10; out[o1 + 1]! += s11; out[o1 + 2]! += s12; out[o1 + 3]! += s13;
      } else {
        out[o0] = s00; out[o0 + 1] = s01; out[o0 + 2] = s02; out[o0 + 3] = s03;
        out[o1] = s10; out[o1 + 1] = s11; out[o1 + 2] = s12; out[o1 + 3] = s13;
      }
    }
    for (; j < cols; j++) {
      const bRow = j * inner;
      let s0 = 0;
      let s1 = 0;
      for (let l = 0; l < inner; l++) {
        s0 += a[a0 + l]! * b[bRow + l]!;
        s1 += a[a1 + l]! * b[bRow + l]!;
      }
      if (accumulate) {
        out[i * cols + j]! += s0;
        out[(i + 1) * cols + j]! += s1;
      } else {
        out[i * cols + j] = s0;
        out[(i + 1) * cols + j] = s1;
      }
    }
  }
  for (; i < rows; i++) {
    const aRow = i * inner;
    for (let j = 0; j < cols; j++) {
      const bRow = j * inner;
      let s = 0;
      for (let l = 0; l < inner; l++) s += a[aRow + l]! * b[bRow + l]!;
      if (accumulate) out[i * cols + j]! += s;
      else out[i * cols + j] = s;
    }
  }
}

let transposeScratch = [new Float64Array(0), new Float64Array(0)] as [Float64Array, Float64Array];

function transposeInto(source: Float64Array, rows: number, cols: number, slot: 0 | 1): Float64Array {
  if (transposeScratch[slot].length < rows * cols) {
    transposeScratch = slot === 0 ? [new Float64Array(rows * cols), transposeScratch[1]] : [transposeScratch[0], new Float64Array(rows * cols)];
  }
  const target = transposeScratch[slot];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) target[j * rows + i] = source[i * cols + j]!;
  return target;
}

/** out[j, l] += Σ_i g[i, j]·a[i, l] (out is [cols, inner]): both operands are transposed once, then dot products. */
export function accumulateOuter(g: Float64Array, rows: number, cols: number, a: Float64Array, inner: number, out: Float64Array): void {
  const gT = transposeInto(g, rows, cols, 0);
  const aT = transposeInto(a, rows, inner, 1);
  dotProducts(gT, cols, aT, inner, rows, out, true);
}

/** out[i, l] = Σ_j g[i, j]·w[j, l] (out is [rows, inner]): w is transposed once, then dot products. */
export function backpropagateLinear(g: Float64Array, rows: number, cols: number, w: Float64Array, inner: number, out: Float64Array): void {
  const wT = transposeInto(w, cols, inner, 0);
  dotProducts(g, rows, wT, inner, cols, out, false);
}

/** out[j] += Σ_i g[i, j] (a bias gradient). */
export function accumulateColumnSums(g: Float64Array, rows: number, cols: number, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) out[j]! += g[row + j]!;
  }
}
