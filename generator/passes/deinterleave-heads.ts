// Pass: split the official packed DLinear heads into one [P, L] matrix per expert.
// MoLE packs all K heads into one Linear(L → P·K) whose output row p*K + k belongs to expert k
// (interleaved, mole-model.md §1.2) — expert k's rows are k, K+k, 2K+k, ..., not a contiguous block.
// Pure function: the input IR is not modified.

import type { Matrix, ModelIR } from '../ir/model-ir.ts';
import { matrix } from '../ir/model-ir.ts';

function expertRows(packed: Matrix, bias: Float64Array, experts: number, expert: number): { weight: Matrix; bias: Float64Array } {
  const predLen = packed.rows / experts;
  const weight = matrix(predLen, packed.cols);
  const expertBias = new Float64Array(predLen);
  for (let p = 0; p < predLen; p++) {
    const row = p * experts + expert;
    weight.data.set(packed.data.subarray(row * packed.cols, (row + 1) * packed.cols), p * packed.cols);
    expertBias[p] = bias[row]!;
  }
  return { weight, bias: expertBias };
}

export function deinterleaveHeads(ir: ModelIR): ModelIR {
  if (ir.experts.stage !== 'interleaved-dlinear') return ir;
  const { seasonal, seasonalBias, trend, trendBias, kernelSize } = ir.experts;
  const K = ir.shape.experts;
  const seasonalHeads = Array.from({ length: K }, (_, k) => expertRows(seasonal, seasonalBias, K, k));
  const trendHeads = Array.from({ length: K }, (_, k) => expertRows(trend, trendBias, K, k));
  return {
    ...ir,
    experts: {
      stage: 'per-expert-dlinear',
      seasonal: seasonalHeads.map((h) => h.weight),
      seasonalBias: seasonalHeads.map((h) => h.bias),
      trend: trendHeads.map((h) => h.weight),
      trendBias: trendHeads.map((h) => h.bias),
      kernelSize,
    },
  };
}
