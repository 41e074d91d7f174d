// Pass: split the official packed heads into one [P, L] matrix per expert. MoLE packs all K heads
// into one Linear(L → P·K) whose output row p*K + k belongs to expert k (interleaved,
// mole-model.md §1.2) — expert k's rows are k, K+k, 2K+k, ..., not a contiguous block.
// Pure function: the input IR is not modified.

import type { ExpertLinear, ModelIR, PackedLinear } from '../ir/model-ir.ts';
import { matrix } from '../ir/model-ir.ts';

export function expertOf(packed: PackedLinear, experts: number, expert: number): ExpertLinear {
  const { weight } = packed;
  const predLen = weight.rows / experts;
  const out = matrix(predLen, weight.cols);
  const bias = new Float64Array(predLen);
  for (let p = 0; p < predLen; p++) {
    const row = p * experts + expert;
    out.data.set(weight.data.subarray(row * weight.cols, (row + 1) * weight.cols), p * weight.cols);
    bias[p] = packed.bias[row]!;
  }
  return { weight: out, bias };
}

export function deinterleaveHeads(ir: ModelIR): ModelIR {
  const K = ir.shape.experts;
  const heads = (packed: PackedLinear): ExpertLinear[] => Array.from({ length: K }, (_, k) => expertOf(packed, K, k));
  if (ir.experts.stage === 'packed-dlinear') {
    return {
      ...ir,
      experts: {
        stage: 'per-expert-dlinear',
        kernelSize: ir.experts.kernelSize,
        sets: ir.experts.sets.map((set) => {
          const seasonal = heads(set.seasonal);
          const trend = heads(set.trend);
          return seasonal.map((s, k) => ({ seasonal: s, trend: trend[k]! }));
        }),
      },
    };
  }
  if (ir.experts.stage === 'packed-linear') {
    return { ...ir, experts: { stage: 'per-expert-linear', sets: ir.experts.sets.map(heads) } };
  }
  return ir;
}
