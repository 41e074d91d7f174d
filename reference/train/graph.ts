// The MoLE computation for training: forward pass, MSE loss on the P forecast steps, and analytic gradients of
// every official parameter (mole-model.md §1.7), for MoLE-DLinear, -RLinear and -RMLP with the time or stats router.
// Training behaviour: head dropout (−1e20 logits, no rescale), RLinear input dropout (nn.Dropout, scaled by
// 1/(1−p)), noisy top-k gating and a Switch-style load-balancing loss (our extensions, off by default).
// Batches are series-major: row n = b·C + c of x [N, L] and target [N, P]. Everything is float64.
// DLinear runs through the fold W_eff = Ws + (Wt − Ws)·A (exact), so forward and backward are one product each;
// the branch gradients come back as dWt = A·D per row and dWs = D − dWt. The golden forward stays in
// reference/forward.ts: this file must agree with it (tests check that) and must not be used as its own oracle.

import type { MoleConfig } from '../../dsl/config.ts';
import { DROPPED_LOGIT, REVIN_EPS } from '../forward.ts';
import { getParameter, routerInputSize, routerLayout, type StateDict } from '../weights.ts';
import { accumulateColumnSums, accumulateOuter, backpropagateLinear, linearForward } from './linalg.ts';

export interface GraphBatch {
  /** Windows in the batch. */
  batch: number;
  /** [B·C, L], row b·C + c = channel c of window b. */
  x: Float64Array;
  /** [B, F] router time features (ignored for the stats router). */
  marks: Float64Array;
  /** [B·C, P] (only needed for the loss). */
  target?: Float64Array;
}

export interface TrainingRandomness {
  /** U[0,1) source for head dropout; absent: no head dropout. */
  headDropout?: () => number;
  /** N(0,1) source for noisy gating; absent: no noise. */
  noise?: () => number;
  /** U[0,1) source for RLinear input dropout; absent: none. */
  inputDropout?: () => number;
  /** Fixed head-dropout keep mask [B, C, K] (1 keep), for tests; overrides headDropout. */
  keepMask?: Uint8Array;
  /** Fixed standard-normal noise [B, C, K], for tests; overrides noise. */
  noiseValues?: Float64Array;
  /** Fixed input-dropout keep mask [B·C, L], for tests; overrides inputDropout. */
  inputKeepMask?: Uint8Array;
}

export interface GraphOptions {
  /** Head dropout probability. Default config.router.headDropout. */
  headDropout?: number;
  /** RLinear input dropout probability (official `drop`). Default 0.1 for RLinear, 0 otherwise (RMLP never applies it). */
  inputDropout?: number;
  /** Noise std for noisy gating. Default config.router.noise?.std ?? 0. */
  noiseStd?: number;
  /** Weight of the load-balancing loss K·Σ_k f_k·P̄_k. Default 0 (off). */
  loadBalance?: number;
}

export interface LossResult {
  /** MSE over the batch's B·P·C forecast values. */
  mse: number;
  /** The load-balancing term (already weighted), 0 when off. */
  auxiliary: number;
}

export type Gradients = Map<string, Float64Array>;

export function zeroGradients(stateDict: StateDict): Gradients {
  const gradients: Gradients = new Map();
  for (const [name, tensor] of stateDict) gradients.set(name, new Float64Array(tensor.data.length));
  return gradients;
}

/** One model's training computation; buffers are reused across batches of up to the largest size seen. */
export class TrainingGraph {
  readonly config: MoleConfig;
  readonly seqLen: number;
  readonly predLen: number;
  readonly channels: number;
  readonly experts: number;
  readonly features: number;
  readonly hidden: number;
  readonly topK: number;
  readonly headDropout: number;
  readonly inputDropout: number;
  readonly noiseStd: number;
  readonly loadBalance: number;
  private readonly channelMajor: boolean;
  private capacity = 0;
  private buffers!: ReturnType<TrainingGraph['allocate']>;

  constructor(config: MoleConfig, options: GraphOptions = {}) {
    if (config.experts.kind === 'dlinear' && config.experts.individual) {
      throw new Error('training per-channel (individual) DLinear experts is not supported; MoLE_DLinear shares its experts across channels');
    }
    this.config = config;
    this.seqLen = config.input.seqLen;
    this.predLen = config.predLen;
    this.channels = config.input.channels;
    this.experts = config.experts.count;
    this.features = routerInputSize(config);
    this.hidden = config.router.hidden;
    this.topK = config.router.topK;
    this.headDropout = options.headDropout ?? config.router.headDropout;
    this.inputDropout = config.experts.kind === 'rlinear' ? (options.inputDropout ?? config.experts.dropout ?? 0.1) : 0;
    this.noiseStd = options.noiseStd ?? config.router.noise?.std ?? 0;
    this.loadBalance = options.loadBalance ?? 0;
    this.channelMajor = routerLayout(config) === 'channel-major';
  }

  /** True when a training step draws random numbers (so duplicating a batch changes the gradient). */
  get stochastic(): boolean {
    return (this.headDropout > 0 && this.experts > 1) || this.inputDropout > 0 || this.noiseStd > 0;
  }

  private allocate(batch: number) {
    const N = batch * this.channels;
    const { seqLen: L, predLen: P, experts: K, features: F, hidden: H } = this;
    const R = P * K;
    const dModel = this.config.experts.kind === 'rmlp' ? this.config.experts.dModel : 0;
    return {
      routerInput: new Float64Array(batch * F),
      hiddenPre: new Float64Array(batch * H),
      hidden: new Float64Array(batch * H),
      z: new Float64Array(batch * K * this.channels),
      scores: new Float64Array(N * K),
      kept: new Uint8Array(N * K),
      dropped: new Uint8Array(N * K),
      gates: new Float64Array(N * K),
      probabilities: new Float64Array(N * K),
      expertInput: new Float64Array(N * L), // x (DLinear) or xn / xr (R-variants)
      normalized: new Float64Array(N * L), // xn before input dropout (R-variants)
      inputKeep: new Float64Array(this.inputDropout > 0 ? N * L : 0),
      mlpPre: new Float64Array(N * dModel),
      mlpHidden: new Float64Array(N * dModel),
      means: new Float64Array(N),
      stds: new Float64Array(N),
      expertOut: new Float64Array(N * R),
      mixed: new Float64Array(N * P),
      y: new Float64Array(N * P),
      dY: new Float64Array(N * P),
      dExpertOut: new Float64Array(N * R),
      dScores: new Float64Array(N * K),
      dZ: new Float64Array(batch * K * this.channels),
      dHidden: new Float64Array(batch * H),
      dInput: new Float64Array(N * L),
      dMlpHidden: new Float64Array(N * dModel),
      branchGradient: new Float64Array(R * L),
      foldedWeight: new Float64Array(R * L),
      foldedBias: new Float64Array(R),
      averaged: new Float64Array(L),
      prefix: new Float64Array(L + 1),
    };
  }

  private ensure(batch: number) {
    if (batch > this.capacity) {
      this.buffers = this.allocate(batch);
      this.capacity = batch;
    }
    return this.buffers;
  }

  /** Forecast [B·C, P] without training perturbations (inference), plus the gates [B·C, K]. */
  predict(stateDict: StateDict, batch: GraphBatch): { y: Float64Array; gates: Float64Array; kept: Uint8Array } {
    this.forward(stateDict, batch, undefined);
    const N = batch.batch * this.channels;
    const b = this.buffers;
    return { y: b.y.slice(0, N * this.predLen), gates: b.gates.slice(0, N * this.experts), kept: b.kept.slice(0, N * this.experts) };
  }

  /** Loss of a batch (no gradients). `randomness` undefined means inference behaviour. */
  loss(stateDict: StateDict, batch: GraphBatch, randomness?: TrainingRandomness): LossResult {
    this.forward(stateDict, batch, randomness ?? undefined);
    return this.lossValue(batch);
  }

  /** Loss and gradients (accumulated into `gradients`, which the caller zeroes). */
  lossAndGradients(stateDict: StateDict, batch: GraphBatch, gradients: Gradients, randomness: TrainingRandomness | undefined): LossResult {
    this.forward(stateDict, batch, randomness);
    const result = this.lossValue(batch);
    this.backward(stateDict, batch, gradients);
    return result;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Forward

  private forward(stateDict: StateDict, batch: GraphBatch, randomness: TrainingRandomness | undefined): void {
    const B = batch.batch;
    const { seqLen: L, predLen: P, channels: C, experts: K, features: F, hidden: H } = this;
    const N = B * C;
    const R = P * K;
    if (batch.x.length < N * L) throw new Error(`x holds ${batch.x.length} values, expected [B·C=${N}, L=${L}]`);
    const buf = this.ensure(B);
    const param = (name: string) => getParameter(stateDict, name).data;

    // Router: m → relu(W0·m + b0) → W2·h + b2.
    if (this.config.router.input === 'stats') this.windowStatistics(batch.x, B, buf.routerInput);
    else {
      if (batch.marks.length < B * F) throw new Error(`marks hold ${batch.marks.length} values, expected [B=${B}, F=${F}]`);
      buf.routerInput.set(batch.marks.subarray(0, B * F));
    }
    linearForward(buf.routerInput, B, param('Linear_Temporal.0.weight'), H, F, param('Linear_Temporal.0.bias'), buf.hiddenPre);
    for (let i = 0; i < B * H; i++) buf.hidden[i] = buf.hiddenPre[i]! > 0 ? buf.hiddenPre[i]! : 0;
    linearForward(buf.hidden, B, param('Linear_Temporal.2.weight'), K * C, H, param('Linear_Temporal.2.bias'), buf.z);

    // Scores per (b, c, k) → noise → head dropout → top-k → softmax over the kept experts.
    const scores = buf.scores;
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < C; c++) {
        for (let k = 0; k < K; k++) scores[(b * C + c) * K + k] = buf.z[b * K * C + (this.channelMajor ? c * K + k : k * C + c)]!;
      }
    }
    const training = randomness !== undefined;
    if (training && this.noiseStd > 0) {
      for (let i = 0; i < N * K; i++) {
        const draw = randomness.noiseValues ? randomness.noiseValues[i]! : randomness.noise ? randomness.noise() : 0;
        scores[i]! += this.noiseStd * draw;
      }
    }
    buf.dropped.fill(0, 0, N * K);
    if (training && K > 1 && (randomness.keepMask || (this.headDropout > 0 && randomness.headDropout))) {
      for (let i = 0; i < N * K; i++) {
        const drop = randomness.keepMask ? randomness.keepMask[i] === 0 : !(randomness.headDropout!() > this.headDropout);
        if (drop) {
          scores[i] = DROPPED_LOGIT;
          buf.dropped[i] = 1;
        }
      }
    }
    this.gate(N, buf);

    // Experts.
    const kind = this.config.experts.kind;
    let weight: Float64Array;
    let bias: Float64Array;
    if (kind === 'dlinear') {
      this.foldDLinear(stateDict, buf);
      weight = buf.foldedWeight;
      bias = buf.foldedBias;
      buf.expertInput.set(batch.x.subarray(0, N * L));
    } else {
      weight = param('Linear.weight');
      bias = param('Linear.bias');
      this.normalize(stateDict, batch.x, N, buf);
      if (training && this.inputDropout > 0) {
        const scale = 1 / (1 - this.inputDropout);
        for (let i = 0; i < N * L; i++) {
          const keep = randomness.inputKeepMask ? randomness.inputKeepMask[i] === 1 : randomness.inputDropout ? randomness.inputDropout() > this.inputDropout : true;
          buf.inputKeep[i] = keep ? scale : 0;
          buf.expertInput[i] = buf.normalized[i]! * buf.inputKeep[i]!;
        }
      } else {
        if (buf.inputKeep.length > 0) buf.inputKeep.fill(1);
        buf.expertInput.set(buf.normalized.subarray(0, N * L));
      }
      if (kind === 'rmlp') this.residualMlp(stateDict, N, buf);
    }
    linearForward(buf.expertInput, N, weight, R, L, bias, buf.expertOut);

    // Mix: o[n, p] = Σ_k g[n, k]·E[n, p·K + k].
    for (let n = 0; n < N; n++) {
      for (let p = 0; p < P; p++) {
        let sum = 0;
        for (let k = 0; k < K; k++) {
          const g = buf.gates[n * K + k]!;
          if (g !== 0) sum += g * buf.expertOut[n * R + p * K + k]!;
        }
        buf.mixed[n * P + p] = sum;
      }
    }
    if (kind === 'dlinear') buf.y.set(buf.mixed.subarray(0, N * P));
    else this.denormalize(stateDict, N, buf);
  }

  private gate(N: number, buf: TrainingGraph['buffers']): void {
    const K = this.experts;
    const topK = this.topK;
    for (let row = 0; row < N; row++) {
      const base = row * K;
      buf.kept.fill(0, base, base + K);
      for (let rank = 0; rank < topK; rank++) {
        let best = -1;
        for (let k = 0; k < K; k++) {
          if (buf.kept[base + k] === 1) continue;
          if (best === -1 || buf.scores[base + k]! > buf.scores[base + best]!) best = k;
        }
        buf.kept[base + best] = 1;
      }
      let max = -Infinity;
      for (let k = 0; k < K; k++) if (buf.kept[base + k] === 1 && buf.scores[base + k]! > max) max = buf.scores[base + k]!;
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = buf.kept[base + k] === 1 ? Math.exp(buf.scores[base + k]! - max) : 0;
        buf.gates[base + k] = e;
        sum += e;
      }
      for (let k = 0; k < K; k++) buf.gates[base + k] = buf.gates[base + k]! / sum;
      if (this.loadBalance > 0) {
        let fullMax = -Infinity;
        for (let k = 0; k < K; k++) fullMax = Math.max(fullMax, buf.scores[base + k]!);
        let fullSum = 0;
        for (let k = 0; k < K; k++) {
          const e = Math.exp(buf.scores[base + k]! - fullMax);
          buf.probabilities[base + k] = e;
          fullSum += e;
        }
        for (let k = 0; k < K; k++) buf.probabilities[base + k] = buf.probabilities[base + k]! / fullSum;
      }
    }
  }

  /** W_eff = Ws + (Wt − Ws)·A, b_eff = bs + bt (row r of (Wt − Ws)·A through transposedMovingAverage). */
  private foldDLinear(stateDict: StateDict, buf: TrainingGraph['buffers']): void {
    if (this.config.experts.kind !== 'dlinear') return;
    const kernel = this.config.experts.kernelSize;
    const L = this.seqLen;
    const ws = getParameter(stateDict, 'Linear_Seasonal.weight').data;
    const wt = getParameter(stateDict, 'Linear_Trend.weight').data;
    const bs = getParameter(stateDict, 'Linear_Seasonal.bias').data;
    const bt = getParameter(stateDict, 'Linear_Trend.bias').data;
    const rows = bs.length;
    const difference = buf.averaged;
    const folded = buf.foldedWeight;
    for (let r = 0; r < rows; r++) {
      const row = r * L;
      for (let t = 0; t < L; t++) difference[t] = wt[row + t]! - ws[row + t]!;
      transposedMovingAverage(difference, L, kernel, folded, row, buf.prefix);
      for (let t = 0; t < L; t++) folded[row + t]! += ws[row + t]!;
    }
    for (let r = 0; r < rows; r++) buf.foldedBias[r] = bs[r]! + bt[r]!;
  }

  /** RevIN norm with detached mean / std: xn = (x − μ)/σ·γ + β. */
  private normalize(stateDict: StateDict, x: Float64Array, N: number, buf: TrainingGraph['buffers']): void {
    const { seqLen: L, channels: C } = this;
    const affine = this.config.experts.kind !== 'dlinear' && this.config.experts.revin.affine;
    const gamma = affine ? getParameter(stateDict, 'rev.affine_weight').data : undefined;
    const beta = affine ? getParameter(stateDict, 'rev.affine_bias').data : undefined;
    // revin: false — mean 0 and σ 1 (detached, as always) make norm, denorm and their gradients identities.
    const enabled = this.config.experts.kind === 'dlinear' || this.config.experts.revin.enabled !== false;
    for (let n = 0; n < N; n++) {
      const c = n % C;
      let sum = 0;
      for (let l = 0; l < L; l++) sum += x[n * L + l]!;
      const mean = enabled ? sum / L : 0;
      let squares = 0;
      for (let l = 0; l < L; l++) squares += (x[n * L + l]! - mean) ** 2;
      const std = enabled ? Math.sqrt(squares / L + REVIN_EPS) : 1;
      buf.means[n] = mean;
      buf.stds[n] = std;
      const g = gamma ? gamma[c]! : 1;
      const be = beta ? beta[c]! : 0;
      for (let l = 0; l < L; l++) buf.normalized[n * L + l] = ((x[n * L + l]! - mean) / std) * g + be;
    }
  }

  /** RMLP: xr = xn + T2·relu(T0·xn + t0) + t2, in place on expertInput (keeping the pre-activation for backward). */
  private residualMlp(stateDict: StateDict, N: number, buf: TrainingGraph['buffers']): void {
    if (this.config.experts.kind !== 'rmlp') return;
    const D = this.config.experts.dModel;
    const L = this.seqLen;
    linearForward(buf.expertInput, N, getParameter(stateDict, 'temporal.0.weight').data, D, L, getParameter(stateDict, 'temporal.0.bias').data, buf.mlpPre);
    for (let i = 0; i < N * D; i++) buf.mlpHidden[i] = buf.mlpPre[i]! > 0 ? buf.mlpPre[i]! : 0;
    linearForward(buf.mlpHidden, N, getParameter(stateDict, 'temporal.2.weight').data, L, D, getParameter(stateDict, 'temporal.2.bias').data, buf.dInput);
    for (let i = 0; i < N * L; i++) buf.expertInput[i]! += buf.dInput[i]!;
  }

  /** y = (o − β)/(γ + eps²)·σ + μ. */
  private denormalize(stateDict: StateDict, N: number, buf: TrainingGraph['buffers']): void {
    const { predLen: P, channels: C } = this;
    const affine = this.config.experts.kind !== 'dlinear' && this.config.experts.revin.affine;
    const gamma = affine ? getParameter(stateDict, 'rev.affine_weight').data : undefined;
    const beta = affine ? getParameter(stateDict, 'rev.affine_bias').data : undefined;
    for (let n = 0; n < N; n++) {
      const c = n % C;
      const shift = beta ? beta[c]! : 0;
      const divisor = gamma ? gamma[c]! + REVIN_EPS * REVIN_EPS : 1;
      for (let p = 0; p < P; p++) {
        const o = buf.mixed[n * P + p]!;
        buf.y[n * P + p] = (affine ? (o - shift) / divisor : o) * buf.stds[n]! + buf.means[n]!;
      }
    }
  }

  /** Router input for 'stats': per channel mean, population std, min, max of the window; index s·C + c. */
  private windowStatistics(x: Float64Array, B: number, out: Float64Array): void {
    const { seqLen: L, channels: C } = this;
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < C; c++) {
        const row = (b * C + c) * L;
        let sum = 0;
        let min = Infinity;
        let max = -Infinity;
        for (let l = 0; l < L; l++) {
          const v = x[row + l]!;
          sum += v;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        const mean = sum / L;
        let squares = 0;
        for (let l = 0; l < L; l++) squares += (x[row + l]! - mean) ** 2;
        const base = b * 4 * C;
        out[base + c] = mean;
        out[base + C + c] = Math.sqrt(squares / L);
        out[base + 2 * C + c] = min;
        out[base + 3 * C + c] = max;
      }
    }
  }

  private lossValue(batch: GraphBatch): LossResult {
    const N = batch.batch * this.channels;
    const P = this.predLen;
    const target = batch.target;
    if (target === undefined) throw new Error('the batch has no target');
    const buf = this.buffers;
    let sum = 0;
    const scale = 2 / (N * P);
    for (let i = 0; i < N * P; i++) {
      const e = buf.y[i]! - target[i]!;
      sum += e * e;
      buf.dY[i] = scale * e;
    }
    let auxiliary = 0;
    if (this.loadBalance > 0) {
      const { fractions, meanProbabilities } = this.routingShares(N);
      for (let k = 0; k < this.experts; k++) auxiliary += fractions[k]! * meanProbabilities[k]!;
      auxiliary *= this.loadBalance * this.experts;
    }
    return { mse: sum / (N * P), auxiliary };
  }

  /** f_k: share of (sample, channel) rows that keep expert k (normalised by top-k); P̄_k: mean full-softmax probability. */
  private routingShares(N: number): { fractions: Float64Array; meanProbabilities: Float64Array } {
    const K = this.experts;
    const buf = this.buffers;
    const fractions = new Float64Array(K);
    const meanProbabilities = new Float64Array(K);
    for (let row = 0; row < N; row++) {
      for (let k = 0; k < K; k++) {
        fractions[k]! += buf.kept[row * K + k]! / (N * this.topK);
        meanProbabilities[k]! += buf.probabilities[row * K + k]! / N;
      }
    }
    return { fractions, meanProbabilities };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Backward

  private backward(stateDict: StateDict, batch: GraphBatch, gradients: Gradients): void {
    const B = batch.batch;
    const { seqLen: L, predLen: P, channels: C, experts: K, features: F, hidden: H } = this;
    const N = B * C;
    const R = P * K;
    const buf = this.buffers;
    const grad = (name: string): Float64Array => {
      const g = gradients.get(name);
      if (g === undefined) throw new Error(`no gradient buffer for '${name}'`);
      return g;
    };
    const kind = this.config.experts.kind;
    const affine = kind !== 'dlinear' && this.config.experts.revin.affine;

    // Through RevIN denorm: dO = dY·σ/(γ + eps²); dβ = −Σ dO; dγ = −Σ dO·(o − β)/(γ + eps²).
    const dMixed = buf.dY; // reused in place: after this block it holds dL/do
    if (kind !== 'dlinear') {
      const gamma = affine ? getParameter(stateDict, 'rev.affine_weight').data : undefined;
      const beta = affine ? getParameter(stateDict, 'rev.affine_bias').data : undefined;
      const dGamma = affine ? grad('rev.affine_weight') : undefined;
      const dBeta = affine ? grad('rev.affine_bias') : undefined;
      for (let n = 0; n < N; n++) {
        const c = n % C;
        const divisor = gamma ? gamma[c]! + REVIN_EPS * REVIN_EPS : 1;
        const scale = buf.stds[n]! / divisor;
        for (let p = 0; p < P; p++) {
          const d = buf.dY[n * P + p]! * scale;
          dMixed[n * P + p] = d;
          if (dGamma && dBeta && beta) {
            dBeta[c]! -= d;
            dGamma[c]! -= (d * (buf.mixed[n * P + p]! - beta[c]!)) / divisor;
          }
        }
      }
    }

    // Mixing: dE[n, p·K + k] = dO[n, p]·g[n, k]; dg[n, k] = Σ_p dO[n, p]·E[n, p·K + k].
    const dGates = buf.dScores;
    dGates.fill(0, 0, N * K);
    for (let n = 0; n < N; n++) {
      for (let p = 0; p < P; p++) {
        const d = dMixed[n * P + p]!;
        for (let k = 0; k < K; k++) {
          const index = n * R + p * K + k;
          buf.dExpertOut[index] = d * buf.gates[n * K + k]!;
          dGates[n * K + k]! += d * buf.expertOut[index]!;
        }
      }
    }
    // Softmax over kept experts: dscore = g·(dg − Σ_j g_j·dg_j); nothing flows to dropped or unselected logits.
    for (let row = 0; row < N; row++) {
      const base = row * K;
      let dot = 0;
      for (let k = 0; k < K; k++) dot += buf.gates[base + k]! * dGates[base + k]!;
      for (let k = 0; k < K; k++) dGates[base + k] = buf.kept[base + k] === 1 ? buf.gates[base + k]! * (dGates[base + k]! - dot) : 0;
    }
    const dScores = dGates;
    if (this.loadBalance > 0) {
      const { fractions } = this.routingShares(N);
      for (let row = 0; row < N; row++) {
        const base = row * K;
        let dot = 0;
        for (let k = 0; k < K; k++) dot += buf.probabilities[base + k]! * ((this.loadBalance * K * fractions[k]!) / N);
        for (let k = 0; k < K; k++) {
          const dp = (this.loadBalance * K * fractions[k]!) / N;
          dScores[base + k]! += buf.probabilities[base + k]! * (dp - dot);
        }
      }
    }
    for (let i = 0; i < N * K; i++) if (buf.dropped[i] === 1) dScores[i] = 0;

    // Router MLP.
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < C; c++) {
        for (let k = 0; k < K; k++) buf.dZ[b * K * C + (this.channelMajor ? c * K + k : k * C + c)] = dScores[(b * C + c) * K + k]!;
      }
    }
    accumulateOuter(buf.dZ, B, K * C, buf.hidden, H, grad('Linear_Temporal.2.weight'));
    accumulateColumnSums(buf.dZ, B, K * C, grad('Linear_Temporal.2.bias'));
    backpropagateLinear(buf.dZ, B, K * C, getParameter(stateDict, 'Linear_Temporal.2.weight').data, H, buf.dHidden);
    for (let i = 0; i < B * H; i++) if (!(buf.hiddenPre[i]! > 0)) buf.dHidden[i] = 0;
    accumulateOuter(buf.dHidden, B, H, buf.routerInput, F, grad('Linear_Temporal.0.weight'));
    accumulateColumnSums(buf.dHidden, B, H, grad('Linear_Temporal.0.bias'));

    // Experts.
    if (kind === 'dlinear') {
      if (this.config.experts.kind !== 'dlinear') return;
      const D = buf.branchGradient;
      D.fill(0);
      accumulateOuter(buf.dExpertOut, N, R, buf.expertInput, L, D);
      const dWs = grad('Linear_Seasonal.weight');
      const dWt = grad('Linear_Trend.weight');
      const kernel = this.config.experts.kernelSize;
      for (let r = 0; r < R; r++) {
        movingAverage(D, r * L, L, kernel, buf.averaged, buf.prefix);
        for (let l = 0; l < L; l++) {
          dWt[r * L + l]! += buf.averaged[l]!;
          dWs[r * L + l]! += D[r * L + l]! - buf.averaged[l]!;
        }
      }
      accumulateColumnSums(buf.dExpertOut, N, R, grad('Linear_Seasonal.bias'));
      accumulateColumnSums(buf.dExpertOut, N, R, grad('Linear_Trend.bias'));
      return;
    }
    accumulateOuter(buf.dExpertOut, N, R, buf.expertInput, L, grad('Linear.weight'));
    accumulateColumnSums(buf.dExpertOut, N, R, grad('Linear.bias'));
    if (!affine && kind === 'rlinear') return; // nothing below the head has parameters
    const dInput = buf.dInput;
    backpropagateLinear(buf.dExpertOut, N, R, getParameter(stateDict, 'Linear.weight').data, L, dInput);
    if (this.config.experts.kind === 'rmlp') {
      const dModel = this.config.experts.dModel;
      // xr = xn + T2·h + t2 with h = relu(T0·xn + t0).
      accumulateOuter(dInput, N, L, buf.mlpHidden, dModel, grad('temporal.2.weight'));
      accumulateColumnSums(dInput, N, L, grad('temporal.2.bias'));
      backpropagateLinear(dInput, N, L, getParameter(stateDict, 'temporal.2.weight').data, dModel, buf.dMlpHidden);
      for (let i = 0; i < N * dModel; i++) if (!(buf.mlpPre[i]! > 0)) buf.dMlpHidden[i] = 0;
      accumulateOuter(buf.dMlpHidden, N, dModel, buf.normalized, L, grad('temporal.0.weight'));
      accumulateColumnSums(buf.dMlpHidden, N, dModel, grad('temporal.0.bias'));
      if (affine) {
        const through = new Float64Array(N * L);
        backpropagateLinear(buf.dMlpHidden, N, dModel, getParameter(stateDict, 'temporal.0.weight').data, L, through);
        for (let i = 0; i < N * L; i++) dInput[i]! += through[i]!;
      }
    } else if (this.inputDropout > 0) {
      for (let i = 0; i < N * L; i++) dInput[i]! *= buf.inputKeep[i]!;
    }
    if (affine) {
      // xn = (x − μ)/σ·γ + β with μ, σ detached: dγ = Σ dxn·(x − μ)/σ, dβ = Σ dxn.
      const dGamma = grad('rev.affine_weight');
      const dBeta = grad('rev.affine_bias');
      for (let n = 0; n < N; n++) {
        const c = n % C;
        let sumD = 0;
        let sumDx = 0;
        for (let l = 0; l < L; l++) {
          const d = dInput[n * L + l]!;
          sumD += d;
          sumDx += (d * (batch.x[n * L + l]! - buf.means[n]!)) / buf.stds[n]!;
        }
        dBeta[c]! += sumD;
        dGamma[c]! += sumDx;
      }
    }
  }
}

/**
 * out[t] = A·series (the replicate-padded moving average, rows t−h..t+h clamped to [0, L−1], divided by the kernel),
 * through prefix sums: O(L) instead of O(L·kernel). `prefix` holds L + 1 values.
 */
export function movingAverage(series: Float64Array, offset: number, L: number, kernel: number, out: Float64Array, prefix: Float64Array): void {
  const half = (kernel - 1) / 2;
  prefix[0] = 0;
  for (let t = 0; t < L; t++) prefix[t + 1] = prefix[t]! + series[offset + t]!;
  const first = series[offset]!;
  const last = series[offset + L - 1]!;
  for (let t = 0; t < L; t++) {
    const low = t - half;
    const high = t + half;
    const from = low < 0 ? 0 : low;
    const to = high > L - 1 ? L - 1 : high;
    let sum = prefix[to + 1]! - prefix[from]!;
    if (low < 0) sum += -low * first;
    if (high > L - 1) sum += (high - (L - 1)) * last;
    out[t] = sum / kernel;
  }
}

/**
 * out[offset + l] = (w·A)[l] = Σ_t w[t]·A[t, l]: a moving sum of w over t = l−h..l+h for interior l; the first and
 * last columns of A also collect the clamped (replicated) taps, weighted by how many taps each row t clamps.
 */
export function transposedMovingAverage(w: Float64Array, L: number, kernel: number, out: Float64Array, offset: number, prefix: Float64Array): void {
  const half = (kernel - 1) / 2;
  prefix[0] = 0;
  for (let t = 0; t < L; t++) prefix[t + 1] = prefix[t]! + w[t]!;
  for (let l = 0; l < L; l++) {
    const from = l - half < 0 ? 0 : l - half;
    const to = l + half > L - 1 ? L - 1 : l + half;
    out[offset + l] = (prefix[to + 1]! - prefix[from]!) / kernel;
  }
  // Row t reaches below 0 with max(0, h − t) taps, all landing on column 0 (one of them, t + j = 0, is counted above
  // when t ≤ h); likewise above L − 1.
  let low = 0;
  let high = 0;
  for (let t = 0; t < L; t++) {
    const below = half - t;
    if (below > 0) low += below * w[t]!;
    const above = t + half - (L - 1);
    if (above > 0) high += above * w[t]!;
  }
  out[offset]! += low / kernel;
  out[offset + L - 1]! += high / kernel;
}
