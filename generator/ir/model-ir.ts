// The typed IR of a MoLE model as the code generator sees it: shapes, numerics, routing, and the
// weights as dense fp64 matrices in a stated layout. Passes (generator/passes/*) rewrite it step
// by step from the official checkpoint layout towards the tiled device layout. Plain data.

import type { DType, ExpertKind, MathFidelity, ShardingStrategy, WeightDType } from '../../dsl/config.ts';

/** A dense row-major fp64 matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export interface ModelShape {
  batch: number;
  seqLen: number;
  predLen: number;
  channels: number;
  experts: number;
  topK: number;
  /** Router input features F. */
  features: number;
  /** Router hidden width H. */
  hidden: number;
  /** RMLP time-MLP width D (0 for other kinds). */
  mlpWidth: number;
}

export interface Numerics {
  activation: DType;
  weight: WeightDType;
  mathFidelity: MathFidelity;
  fp32DestAcc: boolean;
}

/** Router MLP in the official nn.Linear layout: weight [out, in], bias [out]. */
export interface RouterWeights {
  input: 'time' | 'stats';
  w0: Matrix;
  b0: Float64Array;
  w2: Matrix;
  b2: Float64Array;
  /** Flat logit index of (channel c, expert k): c*channelStride + k*expertStride. */
  channelStride: number;
  expertStride: number;
}

/** A linear head in the official packed layout: rows p*K + k of [P*K, L]. */
export interface PackedLinear {
  weight: Matrix;
  bias: Float64Array;
}

/** One expert's linear map y = W x + b with W [P, L]. */
export interface ExpertLinear {
  weight: Matrix;
  bias: Float64Array;
}

/**
 * Expert weights at each stage of lowering. A weight *set* is the K experts shared by all
 * channels (one set) or owned by one channel (individual DLinear: C sets).
 */
export type ExpertWeights =
  | { stage: 'packed-dlinear'; sets: Array<{ seasonal: PackedLinear; trend: PackedLinear }>; kernelSize: number }
  | { stage: 'packed-linear'; sets: PackedLinear[] }
  | { stage: 'per-expert-dlinear'; sets: Array<Array<{ seasonal: ExpertLinear; trend: ExpertLinear }>>; kernelSize: number }
  | { stage: 'per-expert-linear'; sets: ExpertLinear[][] };

export interface Revin {
  gamma: Float64Array;
  beta: Float64Array;
}

/** RMLP's residual time-MLP: x + T2·relu(T0·x + t0) + t2 over the time axis. */
export interface TimeMlp {
  w0: Matrix; // [D, L]
  b0: Float64Array; // [D]
  w2: Matrix; // [L, D]
  b2: Float64Array; // [L]
}

export interface Sharding {
  strategy: Exclude<ShardingStrategy, 'auto'>;
  weights: 'dram' | 'l1';
}

export interface ModelIR {
  name: string;
  kind: ExpertKind;
  /** One weight set per channel (DLinear `individual`). */
  individual: boolean;
  shape: ModelShape;
  numerics: Numerics;
  sharding: Sharding;
  router: RouterWeights;
  experts: ExpertWeights;
  revin?: Revin;
  mlp?: TimeMlp;
}

export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (data && data.length !== rows * cols) {
    throw new Error(`matrix ${rows}x${cols} needs ${rows * cols} values, got ${data.length}`);
  }
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}
