// Pass: fold DLinear's moving-average decomposition into each expert's weights,
// W_eff = Ws + (Wt − Ws)·A and b_eff = bs + bt (exact in fp64, mole-model.md §1.8), so every
// expert becomes one linear map and the device never computes the moving average.
// Pure function; the algebra itself lives in reference/fold.ts, shared with the interpreter.

import { foldDLinear as foldBranches } from '../../reference/fold.ts';
import type { ModelIR } from '../ir/model-ir.ts';
import { matrix } from '../ir/model-ir.ts';

export function foldDLinear(ir: ModelIR): ModelIR {
  if (ir.experts.stage !== 'per-expert-dlinear') return ir;
  const { kernelSize } = ir.experts;
  const L = ir.shape.seqLen;
  return {
    ...ir,
    experts: {
      stage: 'per-expert-linear',
      sets: ir.experts.sets.map((set) =>
        set.map(({ seasonal, trend }) => {
          const folded = foldBranches(seasonal.weight.data, seasonal.bias, trend.weight.data, trend.bias, L, kernelSize);
          return { weight: matrix(seasonal.weight.rows, L, folded.weight), bias: folded.bias };
        }),
      ),
    },
  };
}
