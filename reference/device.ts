// The "device" numerics: what the generated tt-metal program computes, element for element, so the reference
// can predict the device output (bit for bit where the kernels' operation order is modelled exactly).
// It mirrors templates/kernels/**:
//  - router: fp32 tile matmuls; biases folded in as a constant-1 input column (layer 1) and an always-one hidden
//    unit (layer 2), so each bias is one more term of its dot product; sums per 32-index chunk in fp32 (index
//    order), each chunk added to an fp32 DST ('stats' features: forward.ts, from the activation-rounded inputs);
//  - gates (router compute kernel, fp32 DST): the caller's top-k selection; e_k = exp(z_k − max) on the SFPU for
//    kept experts (0 for the rest), Σ_k e_k in expert order, g_k = e_k · recip(Σ) (the SFPU's accurate
//    reciprocal, recip_tile<false>; SFPU functions as reference/sfpu.ts computes them), rounded to
//    the activation dtype in the gate tiles;
//  - RevIN (RLinear/RMLP; router compute kernel, fp32 DST): mean = Σ_t (Σ_j x[t·32 + j])·(1/L) as row reductions
//    per input tile, v = (Σ_t Σ_j d[t·32 + j]²)·(1/L) + 1e-5 (the diagonal of Σ_t D_t·D_tᵀ by matmuls: each tile's
//    products summed in fp32, accumulated in DST), r = rsqrt(v) on the SFPU, then SFPU products γ/σ = r·γ,
//    σ = r·v and σ/(γ+1e-10) = σ·(1/(γ + 1e-10)), the last factor computed on the host (fp64, stored fp32); normalisation and denormalisation as element-wise DST ops with per-row tiles of mean,
//    γ/σ, β, σ/(γ+1e-10) in the activation dtype;
//  - RLinear (RevIN folded into the mixture, REVIN_FOLDED): the partials are of the raw inputs; per row u = β − s·mean
//    (s = γ/σ; a DST product, then β − DST, in the activation dtype) and G⊙u; per output element DST = Σ_k g_k·P_k,
//    DST ·= s, DST += Σ_k (g_k·u)·S_k (S_k[p] = Σ_l W_k[p, l] over the stored weights, fp64, stored like them),
//    DST += Σ_k g_k·b_k, then the denormalisation;
//  - RMLP: the time-MLP as chunked matmuls into DST, bias and ReLU and the residual as DST ops;
//  - experts: per expert k and output element, the partial P_k = Σ over 32-chunks of time of the chunk partials
//    (DST += chunk partial, starting from 0), packed to the activation dtype; then DST = Σ_k g_k·b_k (one chunk),
//    then for each expert DST += g_k·P_k (a matmul with the diagonal tile diag(g_k): one exact product per
//    chunk); every DST write rounds to bf16 (16-bit DST) or fp32 (fp32DestAcc); outputs rounded to the
//    activation dtype.
// Weights are folded/transposed in fp64, then rounded to their storage format (fp32 first, as weights.bin does).
// When the kernels change, this module changes with them; it must not be used as a model of PyTorch.

import type { MoleConfig, TargetConfig } from '../dsl/config.ts';
import { foldDLinear } from './fold.ts';
import { activationRounding, roundWeightMatrix, toBf16 } from './numerics.ts';
import { sfpuBinary, sfpuBinopScalar, sfpuExp, sfpuRecip, sfpuRsqrt } from './sfpu.ts';

/** recip_tile<false>: the accurate reciprocal (the default, legacy one is off by up to 1.5e-3). */
const recip = (x: number): number => sfpuRecip(x, 'fp32', { legacyCompat: false });

/** Width of one tile, and of one accumulation chunk of the matmul's inner dimension. */
export const TILE = 32;

export function padToTile(n: number): number {
  return Math.ceil(n / TILE) * TILE;
}

const fround = Math.fround;

/**
 * A dot product as one DST tile accumulates it: Σ_i a[i]·b[bOffset + i·bStride] in chunks of 32 indices, each
 * chunk's partial summed in fp32 in index order (every product and addition rounded), then added into DST with
 * the DST's rounding (`dst`: fp32, or bf16 for a 16-bit DST).
 */
export function dstDot(a: Float64Array, b: Float64Array, bOffset: number, bStride: number, length: number, dst: (x: number) => number): number {
  let acc = 0;
  for (let chunkStart = 0; chunkStart < length; chunkStart += TILE) {
    let partial = 0;
    const chunkEnd = Math.min(length, chunkStart + TILE);
    for (let i = chunkStart; i < chunkEnd; i++) partial = fround(partial + fround(a[i]! * b[bOffset + i * bStride]!));
    acc = dst(acc + partial);
  }
  return acc;
}

/** One router layer on the device: out[o] = Σ_i in[i]·W[o, i] + b[o], the bias being the term at index `in`. */
function routerLayer(input: Float64Array, weight: Float64Array, bias: Float64Array, inFeatures: number, outFeatures: number, relu: boolean): Float64Array {
  const augmented = new Float64Array(inFeatures + 1);
  augmented.set(input.subarray(0, inFeatures));
  augmented[inFeatures] = 1;
  const row = new Float64Array(inFeatures + 1);
  const out = new Float64Array(outFeatures);
  for (let o = 0; o < outFeatures; o++) {
    row.set(weight.subarray(o * inFeatures, (o + 1) * inFeatures));
    row[inFeatures] = bias[o]!;
    const value = dstDot(augmented, row, 0, 1, inFeatures + 1, fround);
    out[o] = relu && value < 0 ? 0 : value;
  }
  return out;
}

/** Router logits z [K·C] of one sample on the device (official output layout), from fp32 features m [F]. */
export function deviceRouterLogits(
  m: Float64Array,
  w0: Float64Array,
  b0: Float64Array,
  w2: Float64Array,
  b2: Float64Array,
  features: number,
  hidden: number,
  outputs: number,
): Float64Array {
  const h = routerLayer(m, w0, b0, features, hidden, true);
  return routerLayer(h, w2, b2, hidden, outputs, false);
}

/**
 * Gates as the router compute kernel produces them, from fp32 logits z [rows, K] and the top-k selection
 * `kept` [rows, K]: g_k = act(e_k · recip(Σ_j e_j)) with e_k = exp(z_k − max_j z_j) for kept experts, else 0.
 */
export function deviceGates(z: Float64Array, kept: Uint8Array, rows: number, experts: number, act: (x: number) => number): Float64Array {
  const gates = new Float64Array(rows * experts);
  for (let row = 0; row < rows; row++) {
    const base = row * experts;
    let max = -Infinity;
    for (let k = 0; k < experts; k++) if (z[base + k]! > max) max = z[base + k]!;
    let sum = 0;
    for (let k = 0; k < experts; k++) {
      const e = kept[base + k] === 1 ? sfpuExp(fround(z[base + k]! - max)) : 0;
      gates[base + k] = e;
      sum = fround(sum + e);
    }
    const inverse = recip(sum);
    for (let k = 0; k < experts; k++) gates[base + k] = act(fround(gates[base + k]! * inverse));
  }
  return gates;
}

/** RevIN statistics of one series (fp32 values `source`, L of them) as the router compute kernel computes them. */
export function deviceRevinStatistics(source: Float64Array, L: number, gamma: number): { mean: number; sigma: number; scale: number; descale: number } {
  const inverseLength = fround(1 / L);
  const rowSums = (value: (l: number) => number): number => {
    let acc = 0;
    for (let t0 = 0; t0 < L; t0 += TILE) {
      let partial = 0;
      for (let l = t0; l < Math.min(L, t0 + TILE); l++) partial = fround(partial + value(l));
      acc = fround(acc + fround(partial * inverseLength));
    }
    return acc;
  };
  const mean = rowSums((l) => source[l]!);
  // Σ (x − mean)² as the diagonal of Σ_t D_t·D_tᵀ (matmuls accumulated in DST: each tile's 32 products summed in
  // fp32 in time order, then added), kept by the identity, row-reduced (one non-zero term) and times 1/L
  const centred = Float64Array.from({ length: L }, (_, l) => fround(source[l]! - mean));
  const variance = fround(dstDot(centred, centred, 0, 1, L, fround) * inverseLength);
  const v = sfpuBinopScalar('add', variance, fround(1e-5));
  const r = sfpuRsqrt(v);
  const sigma = sfpuBinary('mul', r, v);
  return { mean, sigma, scale: sfpuBinary('mul', r, gamma), descale: sfpuBinary('mul', sigma, revinInverseAffine(gamma)) };
}

/** 1/(γ + 1e-10), RevIN's denormalisation divisor inverted: computed by the host in fp64, stored as fp32 (revin_rows). */
export function revinInverseAffine(gamma: number): number {
  return fround(1 / (gamma + 1e-10));
}

/** Rounds a row-major [rows, cols] weight matrix to its storage format, through fp32 as weights.bin does. */
function storeWeights(values: Float64Array, rows: number, cols: number, dtype: TargetConfig['weightDtype']): Float64Array {
  return roundWeightMatrix(Float64Array.from(values, fround), rows, cols, dtype);
}

/**
 * The device layout of one expert's linear map: Wᵀ, row-major [Lpad, Ppad] with Lpad = pad(L), Ppad = pad(P);
 * row l < L holds W[p*K + k, l] for p < P (interleaved heads); everything else is zero. Rounded to the weight
 * dtype (bfp8_b groups = 16 consecutive p of one row). Biases are not part of it (see deviceExperts).
 */
export interface ExpertMatrix {
  values: Float64Array;
  paddedRows: number; // Lpad
  paddedCols: number; // Ppad
}

export function expertDeviceMatrix(
  weight: Float64Array, // [P*K, L], interleaved heads
  expert: number,
  expertCount: number,
  predLen: number,
  seqLen: number,
  weightDtype: TargetConfig['weightDtype'],
): ExpertMatrix {
  const paddedRows = padToTile(seqLen);
  const paddedCols = padToTile(predLen);
  const matrix = new Float64Array(paddedRows * paddedCols);
  for (let p = 0; p < predLen; p++) {
    const row = p * expertCount + expert;
    for (let l = 0; l < seqLen; l++) matrix[l * paddedCols + p] = weight[row * seqLen + l]!;
  }
  return { values: storeWeights(matrix, paddedRows, paddedCols, weightDtype), paddedRows, paddedCols };
}

/** The bias tile rows of a weight set: row k holds b[p*K + k], rounded like the expert weights. */
function biasRows(bias: Float64Array, experts: number, predLen: number, weightDtype: TargetConfig['weightDtype']): Float64Array {
  const cols = padToTile(predLen);
  const rows = new Float64Array(experts * cols);
  for (let k = 0; k < experts; k++) for (let p = 0; p < predLen; p++) rows[k * cols + p] = bias[p * experts + k]!;
  return storeWeights(rows, experts, cols, weightDtype);
}

/**
 * The column-sum tile rows of a weight set (REVIN_FOLDED): row k holds S_k[p] = Σ_l Wᵀ_k[l, p] of the stored
 * weights, summed in fp64 in l order, rounded like the expert weights.
 */
function columnSumRows(matrices: ExpertMatrix[], predLen: number, weightDtype: TargetConfig['weightDtype']): Float64Array {
  const cols = matrices[0]!.paddedCols;
  const rows = new Float64Array(matrices.length * cols);
  matrices.forEach((m, k) => {
    for (let p = 0; p < predLen; p++) {
      let sum = 0;
      for (let l = 0; l < m.paddedRows; l++) sum += m.values[l * cols + p]!;
      rows[k * cols + p] = sum;
    }
  });
  return storeWeights(rows, matrices.length, cols, weightDtype);
}

interface WeightSet {
  matrices: ExpertMatrix[];
  bias: Float64Array; // [K, Ppad]
  /** REVIN_FOLDED only: the column sums S [K, Ppad]. */
  columnSums: Float64Array | undefined;
}

export interface DeviceExpertsInput {
  config: MoleConfig;
  batch: number;
  /** Inputs [B, L, C] (fp32 values). */
  x: Float64Array;
  /** Gates [B, C, K] in fp32 (0 for experts not kept). */
  gates: Float64Array;
  /** fp32 parameters by official name. */
  parameters: (name: string) => Float64Array;
}

/** The experts program on the device: the forecast [B, P, C]. */
export function deviceExperts({ config, batch, x, gates, parameters }: DeviceExpertsInput): Float64Array {
  const { seqLen: L, channels: C } = config.input;
  const P = config.predLen;
  const experts = config.experts;
  const K = experts.count;
  const target = config.target;
  const act = activationRounding(target.dtype);
  const dst = target.fp32DestAcc ? fround : toBf16;
  const Lpad = padToTile(L);
  const Ppad = padToTile(P);

  const revin = experts.kind !== 'dlinear' && experts.revin.enabled !== false ? { affine: experts.revin.affine } : undefined;
  const D = experts.kind === 'rmlp' ? experts.dModel : 0;
  // RLinear: RevIN folded into the mixture (the partial forecasts are of the raw inputs)
  const folded = revin !== undefined && D === 0;

  const weightSet = (weight: Float64Array, bias: Float64Array): WeightSet => {
    const matrices = Array.from({ length: K }, (_, k) => expertDeviceMatrix(weight, k, K, P, L, target.weightDtype));
    return { matrices, bias: biasRows(bias, K, P, target.weightDtype), columnSums: folded ? columnSumRows(matrices, P, target.weightDtype) : undefined };
  };
  const sets: WeightSet[] = [];
  if (experts.kind === 'dlinear') {
    for (let s = 0; s < (experts.individual ? C : 1); s++) {
      const suffix = experts.individual ? `.${s}` : '';
      const folded = foldDLinear(
        parameters(`Linear_Seasonal${suffix}.weight`),
        parameters(`Linear_Seasonal${suffix}.bias`),
        parameters(`Linear_Trend${suffix}.weight`),
        parameters(`Linear_Trend${suffix}.bias`),
        L,
        experts.kernelSize,
      );
      sets.push(weightSet(folded.weight, folded.bias));
    }
  } else {
    sets.push(weightSet(parameters('Linear.weight'), parameters('Linear.bias')));
  }

  const gamma = revin?.affine ? parameters('rev.affine_weight') : undefined;
  const beta = revin?.affine ? parameters('rev.affine_bias') : undefined;
  const Dpad = padToTile(D);
  const mlp =
    experts.kind === 'rmlp'
      ? (() => {
          const t0 = new Float64Array(Lpad * Dpad); // T0ᵀ [l, d]
          const w0 = parameters('temporal.0.weight');
          for (let d = 0; d < D; d++) for (let l = 0; l < L; l++) t0[l * Dpad + d] = w0[d * L + l]!;
          const t2 = new Float64Array(Dpad * Lpad); // T2ᵀ [d, l]
          const w2 = parameters('temporal.2.weight');
          for (let l = 0; l < L; l++) for (let d = 0; d < D; d++) t2[d * Lpad + l] = w2[l * D + d]!;
          const b0 = new Float64Array(Dpad);
          b0.set(parameters('temporal.0.bias'));
          const b2 = new Float64Array(Lpad);
          b2.set(parameters('temporal.2.bias'));
          return {
            t0: storeWeights(t0, Lpad, Dpad, target.weightDtype),
            t2: storeWeights(t2, Dpad, Lpad, target.weightDtype),
            b0: storeWeights(b0, 1, Dpad, target.weightDtype),
            b2: storeWeights(b2, 1, Lpad, target.weightDtype),
          };
        })()
      : undefined;

  const y = new Float64Array(batch * P * C);
  let source = new Float64Array(Lpad);
  const normalized = new Float64Array(Lpad);
  const hidden = new Float64Array(Dpad);
  const residual = new Float64Array(Lpad);
  const partials = new Float64Array(K * Ppad);
  const gateAct = new Float64Array(K);
  const gateShift = new Float64Array(K);
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < C; c++) {
      const set = sets[experts.kind === 'dlinear' && experts.individual ? c : 0]!;
      source = new Float64Array(Lpad);
      for (let l = 0; l < L; l++) source[l] = act(x[(b * L + l) * C + c]!);

      // RevIN statistics (reader, fp32) and normalisation (DST ops).
      let rowTiles: { mean: number; scale: number; beta: number; descale: number } | undefined;
      if (revin) {
        const g = gamma ? gamma[c]! : 1;
        const bt = beta ? beta[c]! : 0;
        const stats = deviceRevinStatistics(source, L, g);
        const tiles = { mean: act(stats.mean), scale: act(stats.scale), beta: act(bt), descale: act(stats.descale) };
        if (!folded) {
          for (let l = 0; l < Lpad; l++) normalized[l] = act(dst(dst(dst(source[l]! - tiles.mean) * tiles.scale) + tiles.beta));
          source = Float64Array.from(normalized);
        }
        rowTiles = tiles;
      }

      // RMLP's residual time-MLP.
      if (mlp) {
        for (let d = 0; d < Dpad; d++) {
          const value = dst(dstDot(source, mlp.t0, d, Dpad, Lpad, dst) + mlp.b0[d]!);
          hidden[d] = act(value > 0 ? value : 0);
        }
        for (let l = 0; l < Lpad; l++) {
          residual[l] = act(dst(dst(dstDot(hidden, mlp.t2, l, Lpad, Dpad, dst) + mlp.b2[l]!) + source[l]!));
        }
        source = Float64Array.from(residual);
      }

      // Each expert's partial forecast P_k = h(X)·W_kᵀ, accumulated in DST over the input chunks and packed.
      for (let k = 0; k < K; k++) gateAct[k] = act(gates[(b * C + c) * K + k]!);
      if (folded && rowTiles) {
        // u = β − s·mean (DST = s·mean, then β − DST), and G⊙u, each packed in the activation dtype
        const u = act(dst(fround(rowTiles.beta - dst(fround(rowTiles.scale * rowTiles.mean)))));
        for (let k = 0; k < K; k++) gateShift[k] = act(dst(fround(gateAct[k]! * u)));
      }
      for (let k = 0; k < K; k++) {
        const values = set.matrices[k]!.values;
        for (let p = 0; p < P; p++) partials[k * Ppad + p] = act(dstDot(source, values, p, Ppad, Lpad, dst));
      }

      // Output: the bias matmul G·B, then one matmul per expert with its diagonal gate tile diag(g_k)·P_k
      // (each a single exact product g_k·P_k in the chunk), then RevIN's denormalisation.
      for (let p = 0; p < P; p++) {
        let biasPartial = 0;
        for (let k = 0; k < K; k++) biasPartial = fround(biasPartial + fround(gateAct[k]! * set.bias[k * Ppad + p]!));
        // G·B first, then Σ_k diag(g_k)·P_k — folded: Σ_k diag(g_k)·P_k first, · s, + (G⊙u)·S, then G·B
        let acc = folded ? 0 : dst(0 + biasPartial);
        for (let k = 0; k < K; k++) acc = dst(acc + fround(gateAct[k]! * partials[k * Ppad + p]!));
        if (folded && rowTiles && set.columnSums) {
          acc = dst(fround(acc * rowTiles.scale));
          let shiftPartial = 0;
          for (let k = 0; k < K; k++) shiftPartial = fround(shiftPartial + fround(gateShift[k]! * set.columnSums[k * Ppad + p]!));
          acc = dst(acc + shiftPartial);
          acc = dst(acc + biasPartial);
        }
        if (rowTiles) acc = dst(dst(dst(acc - rowTiles.beta) * rowTiles.descale) + rowTiles.mean);
        y[(b * P + p) * C + c] = act(acc);
      }
    }
  }
  return y;
}
