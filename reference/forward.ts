// The MoLE forward pass, exactly as the official code defines it (mole-model.md §1.7), batched over samples:
//   router features (time features of the first input step, or per-channel window statistics)
//   → router MLP logits (layout c*K+k for DLinear, k*C+c for RLinear/RMLP) → [noise, head dropout: training only]
//   → top-k (k largest logits per sample and channel, ties to the lower expert) → softmax over the kept experts
//   → experts (DLinear decomposition, RLinear/RMLP with RevIN) with interleaved heads p*K+k → gate-weighted sum.
// Numerics: 'fp64' (plain doubles), 'fp32' (every operation rounded to float32, PyTorch-like), 'device' (device.ts).
// Dense gating is top-k with k = K through the same code, so the two agree bit for bit.
// This module is the golden model: it must stay readable and must not take shortcuts that change results
// (no folding in fp64/fp32; the fold is only used where the device folds).

import type { MoleConfig } from '../dsl/config.ts';
import { deviceExperts, deviceGates, deviceRouterLogits } from './device.ts';
import { movingAverageInto } from './fold.ts';
import { activationRounding } from './numerics.ts';
import { assertStateDict, getParameter, routerInputSize, routerLayout, type StateDict } from './weights.ts';

export type Numerics = 'fp64' | 'fp32' | 'device';

export interface ForwardInputs {
  /** Input window, [B, L, C] row-major. */
  x: Float32Array | Float64Array;
  /** Router time features, [B, F] (features of the first input step) or [B, L, F] (step 0 is used). Unused for input 'stats'. */
  marks?: Float32Array | Float64Array;
}

export interface HeadDropoutOptions {
  /** Drop probability; default config.router.headDropout. */
  probability?: number;
  /** [B, C, K], 1 = keep, 0 = drop. Takes precedence over `random`. */
  keepMask?: Uint8Array;
  /** Uniform [0, 1) source; an expert logit is kept when random() > probability (as HeadDropout does). Drawn in (b, c, k) order. */
  random?: () => number;
}

export interface NoiseOptions {
  /** Noise std; default config.router.noise?.std (no noise when neither is given). */
  std?: number;
  /** Standard-normal values [B, C, K]; takes precedence over `normal`. */
  values?: Float64Array;
  /** Standard-normal source, drawn in (b, c, k) order. */
  normal?: () => number;
}

/** Training-only behaviour; absent means inference (no noise, no head dropout). */
export interface TrainingOptions {
  headDropout?: HeadDropoutOptions;
  noise?: NoiseOptions;
}

export interface ForwardOptions {
  numerics?: Numerics;
  /** Overrides config.router.topK. */
  topK?: number;
  training?: TrainingOptions;
}

export interface ForwardResult {
  batch: number;
  /** Forecast, [B, P, C]. */
  y: Float64Array;
  /** Gate weights after top-k and softmax, [B, C, K]; experts not kept are exactly 0. */
  gates: Float64Array;
  /** Router logits before noise and head dropout, [B, C, K]. */
  logits: Float64Array;
  /** Kept experts per (sample, channel) in rank order (largest logit first), [B, C, topK]. */
  selected?: Int32Array;
}

/** Replacement for dropped logits (utils/headdropout.py). */
export const DROPPED_LOGIT = -1e20;
/** RevIN's eps: inside the sqrt of the variance; its square guards the affine division in denorm. */
export const REVIN_EPS = 1e-5;

interface Dimensions {
  batch: number;
  seqLen: number;
  channels: number;
  predLen: number;
  experts: number;
  features: number;
  hidden: number;
}

export function forward(config: MoleConfig, stateDict: StateDict, inputs: ForwardInputs, options: ForwardOptions = {}): ForwardResult {
  assertStateDict(config, stateDict);
  const numerics = options.numerics ?? 'fp64';
  const dims = dimensions(config, inputs.x.length);
  const topK = options.topK ?? config.router.topK;
  if (!Number.isInteger(topK) || topK < 1 || topK > dims.experts) {
    throw new Error(`topK must be an integer in 1..${dims.experts}, got ${topK}`);
  }
  // fp32 and device numerics see float32 inputs and parameters, as PyTorch and the device do.
  const toInput = numerics === 'fp64' ? (x: number) => x : Math.fround;
  const x = Float64Array.from(inputs.x, toInput);
  const parameters = (name: string): Float64Array => {
    const data = getParameter(stateDict, name).data;
    return numerics === 'fp64' ? data : Float64Array.from(data, Math.fround);
  };

  const features = routerFeatures(config, dims, x, inputs.marks, numerics);
  const logits = routerLogits(config, dims, features, parameters, numerics);
  const gating = gate(config, dims, logits, topK, numerics === 'fp64' ? identity : Math.fround, options.training);
  if (numerics === 'device') {
    // The device's softmax (SFPU exp and reciprocal) over the same selection, as its gate tiles hold it.
    gating.gates = deviceGates(logits, gating.kept, dims.batch * dims.channels, dims.experts, activationRounding(config.target.dtype));
  }

  const y = new Float64Array(dims.batch * dims.predLen * dims.channels);
  if (numerics === 'device') {
    y.set(deviceExperts({ config, batch: dims.batch, x, gates: gating.gates, parameters }));
  } else {
    const fp32 = numerics === 'fp32';
    if (config.experts.kind === 'dlinear') dlinearExperts(config.experts.kernelSize, config.experts.individual, dims, x, gating, parameters, fp32, y);
    else reversibleExperts(config, dims, x, gating, parameters, fp32, y);
  }
  return { batch: dims.batch, y, gates: gating.gates, logits, selected: gating.selected };
}

function dimensions(config: MoleConfig, inputLength: number): Dimensions {
  const seqLen = config.input.seqLen;
  const channels = config.input.channels;
  const batch = inputLength / (seqLen * channels);
  if (!Number.isInteger(batch) || batch < 1) {
    throw new Error(`x holds ${inputLength} values, not a whole number of [L=${seqLen}, C=${channels}] windows`);
  }
  return {
    batch,
    seqLen,
    channels,
    predLen: config.predLen,
    experts: config.experts.count,
    features: routerInputSize(config),
    hidden: config.router.hidden,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Router

/** Router input m, [B, F]. */
function routerFeatures(
  config: MoleConfig,
  dims: Dimensions,
  x: Float64Array,
  marks: Float32Array | Float64Array | undefined,
  numerics: Numerics,
): Float64Array {
  const { batch, seqLen, features } = dims;
  const m = new Float64Array(batch * features);
  if (config.router.input === 'stats') {
    // The device computes the same fp32 statistics from the inputs as stored, in the activation dtype.
    const inputs = numerics === 'device' ? Float64Array.from(x, activationRounding(config.target.dtype)) : x;
    windowStatistics(dims, inputs, numerics !== 'fp64', m);
    return m;
  }
  if (marks === undefined) throw new Error(`router input 'time' needs marks [B, ${features}] or [B, L, ${features}]`);
  const round = numerics === 'fp64' ? identity : Math.fround;
  if (marks.length === batch * features) {
    for (let i = 0; i < m.length; i++) m[i] = round(marks[i]!);
  } else if (marks.length === batch * seqLen * features) {
    for (let b = 0; b < batch; b++) {
      for (let f = 0; f < features; f++) m[b * features + f] = round(marks[b * seqLen * features + f]!);
    }
  } else {
    throw new Error(`marks hold ${marks.length} values; expected [B=${batch}, F=${features}] or [B, L=${seqLen}, F]`);
  }
  return m;
}

/** Per-channel mean, population std, min, max of each window; feature index s*C + c. */
function windowStatistics(dims: Dimensions, x: Float64Array, fp32: boolean, m: Float64Array): void {
  const { batch, seqLen: L, channels: C, features } = dims;
  const round = fp32 ? Math.fround : identity;
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < C; c++) {
      const base = b * L * C + c;
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let l = 0; l < L; l++) {
        const v = x[base + l * C]!;
        sum = round(sum + v);
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const mean = round(sum / L);
      let squares = 0;
      for (let l = 0; l < L; l++) {
        const d = round(x[base + l * C]! - mean);
        squares = round(squares + round(d * d));
      }
      const std = round(Math.sqrt(round(squares / L)));
      const row = b * features;
      m[row + c] = mean;
      m[row + C + c] = std;
      m[row + 2 * C + c] = min;
      m[row + 3 * C + c] = max;
    }
  }
}

/** z = W2·relu(W0·m + b0) + b2 per sample, rearranged from the kind's router layout to logits [B, C, K]. */
function routerLogits(
  config: MoleConfig,
  dims: Dimensions,
  m: Float64Array,
  parameters: (name: string) => Float64Array,
  numerics: Numerics,
): Float64Array {
  const { batch, channels: C, experts: K, features: F, hidden: H } = dims;
  const w0 = parameters('Linear_Temporal.0.weight');
  const b0 = parameters('Linear_Temporal.0.bias');
  const w2 = parameters('Linear_Temporal.2.weight');
  const b2 = parameters('Linear_Temporal.2.bias');
  const hiddenValues = new Float64Array(H);
  const z = new Float64Array(K * C);
  const logits = new Float64Array(batch * C * K);
  const channelMajor = routerLayout(config) === 'channel-major';
  for (let b = 0; b < batch; b++) {
    if (numerics === 'device') {
      z.set(deviceRouterLogits(m.subarray(b * F, (b + 1) * F), w0, b0, w2, b2, F, H, K * C));
    } else {
      const fp32 = numerics === 'fp32';
      for (let j = 0; j < H; j++) {
        const value = linearOutput(m, b * F, w0, j * F, F, b0[j]!, fp32);
        hiddenValues[j] = value > 0 ? value : 0;
      }
      for (let o = 0; o < K * C; o++) z[o] = linearOutput(hiddenValues, 0, w2, o * H, H, b2[o]!, fp32);
    }
    for (let c = 0; c < C; c++) {
      for (let k = 0; k < K; k++) logits[(b * C + c) * K + k] = z[channelMajor ? c * K + k : k * C + c]!;
    }
  }
  return logits;
}

// ---------------------------------------------------------------------------------------------------------------
// Gating: noise and head dropout (training), top-k, softmax over the kept experts.

interface Gating {
  gates: Float64Array; // [B, C, K]
  kept: Uint8Array; // [B, C, K], 1 = the expert takes part
  selected: Int32Array; // [B, C, topK]
}

function gate(
  config: MoleConfig,
  dims: Dimensions,
  logits: Float64Array,
  topK: number,
  round: (x: number) => number,
  training: TrainingOptions | undefined,
): Gating {
  const { batch, channels: C, experts: K } = dims;
  const rows = batch * C;
  const scores = Float64Array.from(logits);
  if (training !== undefined) applyTrainingPerturbations(config, dims, scores, round, training);

  const gates = new Float64Array(rows * K);
  const kept = new Uint8Array(rows * K);
  const selected = new Int32Array(rows * topK);
  for (let row = 0; row < rows; row++) {
    const base = row * K;
    // Top-k: repeatedly take the largest remaining score; the strict '>' keeps the lower index on ties.
    for (let rank = 0; rank < topK; rank++) {
      let best = -1;
      for (let k = 0; k < K; k++) {
        if (kept[base + k] === 1) continue;
        if (best === -1 || scores[base + k]! > scores[base + best]!) best = k;
      }
      kept[base + best] = 1;
      selected[row * topK + rank] = best;
    }
    // Softmax over the kept experts, in expert order: subtract the max, exp, sum, divide.
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (kept[base + k] === 1 && scores[base + k]! > max) max = scores[base + k]!;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      if (kept[base + k] === 0) continue;
      const e = round(Math.exp(round(scores[base + k]! - max)));
      gates[base + k] = e;
      sum = round(sum + e);
    }
    for (let k = 0; k < K; k++) if (kept[base + k] === 1) gates[base + k] = round(gates[base + k]! / sum);
  }
  return { gates, kept, selected };
}

/** Noisy gating (logit + std·N(0,1)) then head dropout (dropped logits become −1e20, no rescaling). */
function applyTrainingPerturbations(
  config: MoleConfig,
  dims: Dimensions,
  scores: Float64Array,
  round: (x: number) => number,
  training: TrainingOptions,
): void {
  const count = scores.length;
  const noise = training.noise;
  const std = noise?.std ?? config.router.noise?.std;
  if (noise !== undefined && std !== undefined && std > 0) {
    if (noise.values !== undefined && noise.values.length !== count) throw new Error(`noise values must be [B, C, K] = ${count} values`);
    const normal = noise.values === undefined ? noise.normal : undefined;
    if (noise.values === undefined && normal === undefined) throw new Error('noisy gating needs noise.values or noise.normal');
    for (let i = 0; i < count; i++) {
      const draw = noise.values !== undefined ? noise.values[i]! : normal!();
      scores[i] = round(scores[i]! + round(std * draw));
    }
  }
  const dropout = training.headDropout;
  if (dropout !== undefined && dims.experts > 1) {
    const probability = dropout.probability ?? config.router.headDropout;
    if (dropout.keepMask !== undefined) {
      if (dropout.keepMask.length !== count) throw new Error(`head-dropout keepMask must be [B, C, K] = ${count} values`);
      for (let i = 0; i < count; i++) if (dropout.keepMask[i] === 0) scores[i] = round(DROPPED_LOGIT);
    } else if (probability > 0) {
      if (dropout.random === undefined) throw new Error('head dropout needs keepMask or random');
      for (let i = 0; i < count; i++) if (!(dropout.random() > probability)) scores[i] = round(DROPPED_LOGIT);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Experts in fp64 / fp32 (the official computation, operation by operation)

/** Σ_i input[inputOffset+i]·weight[weightOffset+i], then + bias; in fp32 every product and sum is rounded. */
function linearOutput(
  input: Float64Array,
  inputOffset: number,
  weight: Float64Array,
  weightOffset: number,
  length: number,
  bias: number,
  fp32: boolean,
): number {
  let acc = 0;
  if (fp32) {
    for (let i = 0; i < length; i++) acc = Math.fround(acc + Math.fround(input[inputOffset + i]! * weight[weightOffset + i]!));
    return Math.fround(acc + bias);
  }
  for (let i = 0; i < length; i++) acc += input[inputOffset + i]! * weight[weightOffset + i]!;
  return acc + bias;
}

/**
 * One DLinear head: (seasonal·Ws[r] + bs[r]) + (trend·Wt[r] + bt[r]). The two dot products run in one loop with
 * separate accumulators (each still summed in index order, so the result is the same as two separate loops).
 */
function dlinearHead(
  seasonal: Float64Array,
  trend: Float64Array,
  inputOffset: number,
  seasonalWeight: Float64Array,
  trendWeight: Float64Array,
  weightOffset: number,
  length: number,
  seasonalBias: number,
  trendBias: number,
  fp32: boolean,
): number {
  let seasonalSum = 0;
  let trendSum = 0;
  if (fp32) {
    for (let i = 0; i < length; i++) {
      seasonalSum = Math.fround(seasonalSum + Math.fround(seasonal[inputOffset + i]! * seasonalWeight[weightOffset + i]!));
      trendSum = Math.fround(trendSum + Math.fround(trend[inputOffset + i]! * trendWeight[weightOffset + i]!));
    }
    return Math.fround(Math.fround(seasonalSum + seasonalBias) + Math.fround(trendSum + trendBias));
  }
  for (let i = 0; i < length; i++) {
    seasonalSum += seasonal[inputOffset + i]! * seasonalWeight[weightOffset + i]!;
    trendSum += trend[inputOffset + i]! * trendWeight[weightOffset + i]!;
  }
  return seasonalSum + seasonalBias + (trendSum + trendBias);
}

/**
 * MoLE_DLinear: trend = replicate-padded moving average, seasonal = x − trend, head r = p*K + k gives
 * Y[r] = (seasonal·Ws[r] + bs[r]) + (trend·Wt[r] + bt[r]); y[b, p, c] = Σ_k gate[b, c, k]·Y[p*K + k] over kept k.
 * Loops run channel by channel with all samples inside, so each weight row is read once per channel.
 */
function dlinearExperts(
  kernelSize: number,
  individual: boolean,
  dims: Dimensions,
  x: Float64Array,
  gating: Gating,
  parameters: (name: string) => Float64Array,
  fp32: boolean,
  y: Float64Array,
): void {
  const { batch, seqLen: L, channels: C, predLen: P, experts: K } = dims;
  const round = fp32 ? Math.fround : identity;
  const trend = new Float64Array(batch * L);
  const seasonal = new Float64Array(batch * L);
  const mixed = new Float64Array(batch);
  let shared: { ws: Float64Array; bs: Float64Array; wt: Float64Array; bt: Float64Array } | undefined;
  for (let c = 0; c < C; c++) {
    const suffix = individual ? `.${c}` : '';
    const branch = shared ?? {
      ws: parameters(`Linear_Seasonal${suffix}.weight`),
      bs: parameters(`Linear_Seasonal${suffix}.bias`),
      wt: parameters(`Linear_Trend${suffix}.weight`),
      bt: parameters(`Linear_Trend${suffix}.bias`),
    };
    if (!individual) shared = branch;
    for (let b = 0; b < batch; b++) {
      const trendRow = trend.subarray(b * L, (b + 1) * L);
      movingAverageInto(x, b * L * C + c, C, L, kernelSize, trendRow, round);
      for (let l = 0; l < L; l++) seasonal[b * L + l] = round(x[b * L * C + l * C + c]! - trendRow[l]!);
    }
    for (let p = 0; p < P; p++) {
      mixed.fill(0);
      for (let k = 0; k < K; k++) {
        const r = p * K + k;
        for (let b = 0; b < batch; b++) {
          const gateIndex = (b * C + c) * K + k;
          if (gating.kept[gateIndex] === 0) continue;
          const head = dlinearHead(seasonal, trend, b * L, branch.ws, branch.wt, r * L, L, branch.bs[r]!, branch.bt[r]!, fp32);
          mixed[b] = round(mixed[b]! + round(head * gating.gates[gateIndex]!));
        }
      }
      for (let b = 0; b < batch; b++) y[(b * P + p) * C + c] = mixed[b]!;
    }
  }
}

/**
 * MoLE_RLinear / MoLE_RMLP: xn = RevIN.norm(x) (population variance, eps 1e-5, affine γ/β);
 * RMLP adds the residual time-MLP xr = xn + T2·relu(T0·xn + t0) + t2; heads Y[r] = W[r]·xr + b[r];
 * o = Σ_k gate·Y[p*K + k]; y = RevIN.denorm(o) = (o − β)/(γ + eps²)·σ + μ.
 */
function reversibleExperts(
  config: MoleConfig,
  dims: Dimensions,
  x: Float64Array,
  gating: Gating,
  parameters: (name: string) => Float64Array,
  fp32: boolean,
  y: Float64Array,
): void {
  const experts = config.experts;
  if (experts.kind === 'dlinear') throw new Error('unreachable: DLinear has no RevIN');
  const { batch, seqLen: L, channels: C, predLen: P, experts: K } = dims;
  const round = fp32 ? Math.fround : identity;
  const affine = experts.revin.affine;
  const gamma = affine ? parameters('rev.affine_weight') : undefined;
  const beta = affine ? parameters('rev.affine_bias') : undefined;
  const w = parameters('Linear.weight');
  const bias = parameters('Linear.bias');
  const mlp =
    experts.kind === 'rmlp'
      ? {
          width: experts.dModel,
          w0: parameters('temporal.0.weight'),
          b0: parameters('temporal.0.bias'),
          w2: parameters('temporal.2.weight'),
          b2: parameters('temporal.2.bias'),
        }
      : undefined;
  const series = new Float64Array(L);
  const normalized = new Float64Array(batch * L); // xn, then xr for RMLP; [B, L] for one channel
  const means = new Float64Array(batch);
  const stds = new Float64Array(batch);
  const hidden = new Float64Array(mlp?.width ?? 0);
  const mixed = new Float64Array(batch);
  for (let c = 0; c < C; c++) {
    for (let b = 0; b < batch; b++) {
      for (let l = 0; l < L; l++) series[l] = x[b * L * C + l * C + c]!;
      // revin: false — mean 0 and σ 1 make both RevIN steps exact identities.
      const { mean, std } = experts.revin.enabled === false ? { mean: 0, std: 1 } : meanAndStd(series, round);
      means[b] = mean;
      stds[b] = std;
      for (let l = 0; l < L; l++) {
        let v = round(round(series[l]! - mean) / std);
        if (gamma !== undefined && beta !== undefined) v = round(round(v * gamma[c]!) + beta[c]!);
        normalized[b * L + l] = v;
      }
      if (mlp !== undefined) {
        for (let j = 0; j < mlp.width; j++) {
          const value = linearOutput(normalized, b * L, mlp.w0, j * L, L, mlp.b0[j]!, fp32);
          hidden[j] = value > 0 ? value : 0;
        }
        // In place is safe: the second layer reads only `hidden`.
        for (let l = 0; l < L; l++) {
          const residual = linearOutput(hidden, 0, mlp.w2, l * mlp.width, mlp.width, mlp.b2[l]!, fp32);
          normalized[b * L + l] = round(normalized[b * L + l]! + residual);
        }
      }
    }
    for (let p = 0; p < P; p++) {
      mixed.fill(0);
      for (let k = 0; k < K; k++) {
        const r = p * K + k;
        for (let b = 0; b < batch; b++) {
          const gateIndex = (b * C + c) * K + k;
          if (gating.kept[gateIndex] === 0) continue;
          const head = linearOutput(normalized, b * L, w, r * L, L, bias[r]!, fp32);
          mixed[b] = round(mixed[b]! + round(head * gating.gates[gateIndex]!));
        }
      }
      for (let b = 0; b < batch; b++) {
        let out = mixed[b]!;
        if (gamma !== undefined && beta !== undefined) {
          out = round(round(out - beta[c]!) / round(gamma[c]! + REVIN_EPS * REVIN_EPS));
        }
        y[(b * P + p) * C + c] = round(round(out * stds[b]!) + means[b]!);
      }
    }
  }
}

/** Mean and sqrt(population variance + 1e-5) of a series (two passes, index order). */
function meanAndStd(series: Float64Array, round: (x: number) => number): { mean: number; std: number } {
  const L = series.length;
  let sum = 0;
  for (let l = 0; l < L; l++) sum = round(sum + series[l]!);
  const mean = round(sum / L);
  let squares = 0;
  for (let l = 0; l < L; l++) {
    const d = round(series[l]! - mean);
    squares = round(squares + round(d * d));
  }
  const variance = round(squares / L);
  return { mean, std: round(Math.sqrt(round(variance + REVIN_EPS))) };
}

// ---------------------------------------------------------------------------------------------------------------
// Experts in device numerics

function identity(x: number): number {
  return x;
}
