// The "device" numerics: what the generated tt-metal program computes, element for element, so the reference can
// predict the device output bit for bit (DLinear) or closely (RLinear/RMLP, a generic model until their kernels exist).
// It mirrors the kernels' formats and accumulation order: the router in fp32 with 32-wide chunked sums and the bias
// added last; expert weights folded in fp64, laid out as Wᵀ_aug [L+1, P] (bias row, zero padding to tiles) and
// rounded to the weight dtype; activations rounded to the activation dtype; matmul partials per 32-row chunk in fp32,
// accumulated into DST in fp32 (fp32DestAcc) or bf16.
// When the kernels change, this module changes with them; it must not be used as a model of PyTorch.

import type { TargetConfig } from '../dsl/config.ts';
import { activationRounding, roundWeightMatrix, toBf16 } from './numerics.ts';

/** Width of one tile, and of one accumulation chunk of the matmul's inner dimension. */
export const TILE = 32;

export function padToTile(n: number): number {
  return Math.ceil(n / TILE) * TILE;
}

/**
 * Σ_i input[inputOffset + i·inputStride] · weight[weightOffset + i] + bias in fp32, the way the device reduces:
 * chunks of 32 indices, each chunk's partial summed in fp32 in index order (every product and addition rounded),
 * then added to the running fp32 total; the bias is the last term.
 */
export function chunkedDotFp32(
  input: Float64Array,
  inputOffset: number,
  inputStride: number,
  weight: Float64Array,
  weightOffset: number,
  length: number,
  bias: number,
): number {
  let total = 0;
  for (let chunkStart = 0; chunkStart < length; chunkStart += TILE) {
    const chunkEnd = Math.min(length, chunkStart + TILE);
    let partial = 0;
    for (let i = chunkStart; i < chunkEnd; i++) {
      partial = Math.fround(partial + Math.fround(input[inputOffset + i * inputStride]! * weight[weightOffset + i]!));
    }
    total = Math.fround(total + partial);
  }
  return Math.fround(total + bias);
}

/**
 * One Linear(in → out) on the device in fp32: out[o] = chunkedDotFp32(input, W[o, :]) + b[o], optionally ReLU.
 * `weight` is row-major [out, in] and already rounded to its storage format.
 */
export function deviceLinearFp32(
  input: Float64Array,
  inputOffset: number,
  weight: Float64Array,
  bias: Float64Array,
  inFeatures: number,
  outFeatures: number,
  relu: boolean,
  output: Float64Array,
  outputOffset: number,
): void {
  for (let o = 0; o < outFeatures; o++) {
    const value = chunkedDotFp32(input, inputOffset, 1, weight, o * inFeatures, inFeatures, bias[o]!);
    output[outputOffset + o] = relu && value < 0 ? 0 : value;
  }
}

/**
 * The device layout of one expert's linear map: Wᵀ_aug, row-major [Lpad, Ppad] with Lpad = pad(L+1), Ppad = pad(P);
 * row l < L holds W[p*K + k, l] for p < P, row L holds the bias b[p*K + k]; everything else is zero. Rounded to the
 * weight dtype (bfp8_b groups = 16 consecutive p of one row).
 */
export interface ExpertMatrix {
  values: Float64Array;
  paddedRows: number; // Lpad
  paddedCols: number; // Ppad
}

export function expertDeviceMatrix(
  weight: Float64Array, // [P*K, L], interleaved heads
  bias: Float64Array, // [P*K]
  expert: number,
  expertCount: number,
  predLen: number,
  seqLen: number,
  weightDtype: TargetConfig['weightDtype'],
): ExpertMatrix {
  const paddedRows = padToTile(seqLen + 1);
  const paddedCols = padToTile(predLen);
  const matrix = new Float64Array(paddedRows * paddedCols);
  for (let p = 0; p < predLen; p++) {
    const row = p * expertCount + expert;
    for (let l = 0; l < seqLen; l++) matrix[l * paddedCols + p] = weight[row * seqLen + l]!;
    matrix[seqLen * paddedCols + p] = bias[row]!;
  }
  return { values: roundWeightMatrix(matrix, paddedRows, paddedCols, weightDtype), paddedRows, paddedCols };
}

/**
 * The mixed expert output of one channel for every sample b, written to output[outputOffset(b) + p·outputStride]:
 * for each expert k (in index order; experts whose `kept` flag is 0 are skipped — their gate is exactly 0, so
 * their contribution would be +0) the scaled input xs_k = [round_act(x[l]·g_k) for l < L, g_k, 0 …] is multiplied
 * with the expert matrix in 32-row chunks (products and sums in fp32, index order); each chunk's partial is added
 * into DST in fp32 (fp32DestAcc) or bf16. Finally y = round_act(DST).
 * `series` is [B, L] and must already be rounded to the activation dtype; gates are [B, C, K] fp32 values
 * (rounded here to the activation dtype). Experts are the outer loop so each matrix stays in cache across samples;
 * the per-(b, p) accumulation order is still expert by expert, chunk by chunk.
 */
export function deviceMixedExperts(
  series: Float64Array,
  batch: number,
  channel: number,
  channels: number,
  gates: Float64Array,
  kept: Uint8Array,
  matrices: readonly ExpertMatrix[],
  seqLen: number,
  predLen: number,
  target: Pick<TargetConfig, 'dtype' | 'fp32DestAcc'>,
  output: Float64Array,
  outputOffset: (b: number) => number,
  outputStride: number,
): void {
  const roundActivation = activationRounding(target.dtype);
  const expertCount = matrices.length;
  const paddedRows = padToTile(seqLen + 1);
  const scaled = new Float64Array(paddedRows);
  const partial = new Float32Array(predLen); // stores round to fp32, as the device's fp32 adds do
  const dst = new Float64Array(batch * predLen);
  for (let k = 0; k < expertCount; k++) {
    const { paddedCols, values } = matrices[k]!;
    for (let b = 0; b < batch; b++) {
      const gateIndex = (b * channels + channel) * expertCount + k;
      if (kept[gateIndex] === 0) continue;
      const gate = roundActivation(gates[gateIndex]!);
      for (let l = 0; l < seqLen; l++) scaled[l] = roundActivation(series[b * seqLen + l]! * gate);
      scaled[seqLen] = gate;
      const dstBase = b * predLen;
      for (let chunkStart = 0; chunkStart < paddedRows; chunkStart += TILE) {
        partial.fill(0);
        for (let l = chunkStart; l < chunkStart + TILE; l++) {
          const a = scaled[l]!;
          const rowStart = l * paddedCols;
          for (let p = 0; p < predLen; p++) partial[p] = partial[p]! + Math.fround(a * values[rowStart + p]!);
        }
        if (target.fp32DestAcc) {
          for (let p = 0; p < predLen; p++) dst[dstBase + p] = Math.fround(dst[dstBase + p]! + partial[p]!);
        } else {
          for (let p = 0; p < predLen; p++) dst[dstBase + p] = toBf16(dst[dstBase + p]! + partial[p]!);
        }
      }
    }
  }
  for (let b = 0; b < batch; b++) {
    const base = outputOffset(b);
    for (let p = 0; p < predLen; p++) output[base + p * outputStride] = roundActivation(dst[b * predLen + p]!);
  }
}

/**
 * A Linear's weight [out, in] as the device would store and read it: transposed to [in, out] for the tile layout,
 * rounded to the weight dtype there (bfp8_b groups run along `out`), and returned in the original [out, in] order.
 */
export function roundLinearWeightForDevice(
  weight: Float64Array,
  outFeatures: number,
  inFeatures: number,
  weightDtype: TargetConfig['weightDtype'],
): Float64Array {
  const transposed = new Float64Array(weight.length);
  for (let o = 0; o < outFeatures; o++) {
    for (let i = 0; i < inFeatures; i++) transposed[i * outFeatures + o] = weight[o * inFeatures + i]!;
  }
  const rounded = roundWeightMatrix(transposed, inFeatures, outFeatures, weightDtype);
  const result = new Float64Array(weight.length);
  for (let o = 0; o < outFeatures; o++) {
    for (let i = 0; i < inFeatures; i++) result[o * inFeatures + i] = rounded[i * outFeatures + o]!;
  }
  return result;
}

/** A vector of per-channel parameters (RevIN γ/β, biases) rounded to the weight dtype (bfp8_b: groups of 16). */
export function roundVectorForDevice(vector: Float64Array, weightDtype: TargetConfig['weightDtype']): Float64Array {
  return roundWeightMatrix(vector, 1, vector.length, weightDtype);
}
