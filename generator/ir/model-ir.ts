// The typed IR of a MoLE model as the code generator sees it: shapes, numerics, and the weights
// as dense fp64 matrices in a stated layout. Passes (generator/passes/*) rewrite it step by step
// from the official checkpoint layout towards the tiled device layout. Plain data, no behaviour.

import type { DType, MathFidelity, WeightDType } from '../../dsl/config.ts';

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
  /** Router input features F. */
  features: number;
  /** Router hidden width H. */
  hidden: number;
}

export interface Numerics {
  activation: DType;
  weight: WeightDType;
  mathFidelity: MathFidelity;
  fp32DestAcc: boolean;
}

/** Router MLP in the official nn.Linear layout: weight [out, in], bias [out]. */
export interface RouterWeights {
  w0: Matrix;
  b0: Float64Array;
  w2: Matrix;
  b2: Float64Array;
  /** Flat logit index of (channel c, expert k): c*channelStride + k*expertStride. */
  channelStride: number;
  expertStride: number;
}

/** Expert weights at each stage of lowering. */
export type ExpertWeights =
  /** Official packed DLinear heads: rows p*K + k of [P*K, L]. */
  | { stage: 'interleaved-dlinear'; seasonal: Matrix; seasonalBias: Float64Array; trend: Matrix; trendBias: Float64Array; kernelSize: number }
  /** One [P, L] seasonal/trend pair per expert. */
  | { stage: 'per-expert-dlinear'; seasonal: Matrix[]; seasonalBias: Float64Array[]; trend: Matrix[]; trendBias: Float64Array[]; kernelSize: number }
  /** One folded linear map per expert: y = W x + b, W [P, L]. */
  | { stage: 'per-expert-linear'; weight: Matrix[]; bias: Float64Array[] };

export interface ModelIR {
  name: string;
  kind: 'dlinear';
  shape: ModelShape;
  numerics: Numerics;
  router: RouterWeights;
  experts: ExpertWeights;
}

export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (data && data.length !== rows * cols) {
    throw new Error(`matrix ${rows}x${cols} needs ${rows * cols} values, got ${data.length}`);
  }
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}
