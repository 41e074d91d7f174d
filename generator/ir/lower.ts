// Lowering: a validated MoleConfig plus its state_dict (official names and layouts) become the
// ModelIR. It only re-labels data (names → typed fields); every rewrite of the weights is a pass
// of its own. `sharding: auto()` must be resolved before lowering (generator/cost/choose-plan.ts
// picks a strategy); lowering an unresolved auto() uses interleaved tensors with DRAM weights.

import type { MoleConfig } from '../../dsl/config.ts';
import { routerInputSize } from '../../dsl/index.ts';
import type { Tensor } from '../../reference/tensor.ts';
import { expectedShapes, type StateDict } from '../../reference/weights.ts';
import { type Matrix, type ModelIR, type PackedLinear, matrix } from './model-ir.ts';

function need(sd: StateDict, name: string): Tensor {
  const t = sd.get(name);
  if (!t) throw new Error(`state_dict has no tensor ${name}`);
  return t;
}

/** Tensors with the right shapes and no contents: enough to plan shapes, tiles and budgets. */
export function shapeOnlyStateDict(config: MoleConfig): StateDict {
  const empty = new Float64Array(0);
  return new Map([...expectedShapes(config)].map(([name, shape]) => [name, { shape, data: empty }]));
}

function tensorAsMatrix(sd: StateDict, name: string): Matrix {
  const t = need(sd, name);
  if (t.shape.length !== 2) throw new Error(`${name} must be 2-D`);
  // A shape-only state dict (planning without weights) keeps its empty contents.
  return t.data.length === 0 ? { rows: t.shape[0]!, cols: t.shape[1]!, data: t.data } : matrix(t.shape[0]!, t.shape[1]!, t.data);
}

function packed(sd: StateDict, prefix: string): PackedLinear {
  return { weight: tensorAsMatrix(sd, `${prefix}.weight`), bias: need(sd, `${prefix}.bias`).data };
}

export function lowerToIR(config: MoleConfig, sd: StateDict): ModelIR {
  const K = config.experts.count;
  const C = config.input.channels;
  const experts = config.experts;
  const rKind = experts.kind !== 'dlinear';
  const individual = experts.kind === 'dlinear' && experts.individual;
  const strategy = config.sharding.strategy === 'auto' ? 'interleaved' : config.sharding.strategy;
  const ir: ModelIR = {
    name: config.name,
    kind: experts.kind,
    individual,
    shape: {
      batch: config.batch,
      seqLen: config.input.seqLen,
      predLen: config.predLen,
      channels: C,
      experts: K,
      topK: config.router.topK,
      features: routerInputSize(config),
      hidden: config.router.hidden,
      mlpWidth: experts.kind === 'rmlp' ? experts.dModel : 0,
    },
    numerics: {
      activation: config.target.dtype,
      weight: config.target.weightDtype,
      mathFidelity: config.target.mathFidelity,
      fp32DestAcc: config.target.fp32DestAcc,
    },
    sharding: { strategy, weights: config.sharding.weights },
    router: {
      input: config.router.input,
      w0: tensorAsMatrix(sd, 'Linear_Temporal.0.weight'),
      b0: need(sd, 'Linear_Temporal.0.bias').data,
      w2: tensorAsMatrix(sd, 'Linear_Temporal.2.weight'),
      b2: need(sd, 'Linear_Temporal.2.bias').data,
      // MoLE_DLinear views logits as [B*C, K] (c*K + k); MoLE_RLinear/RMLP as [B, K, C] (k*C + c).
      channelStride: rKind ? 1 : K,
      expertStride: rKind ? C : 1,
    },
    experts:
      experts.kind === 'dlinear'
        ? {
            stage: 'packed-dlinear',
            kernelSize: experts.kernelSize,
            sets: Array.from({ length: individual ? C : 1 }, (_, c) => {
              const suffix = individual ? `.${c}` : '';
              return { seasonal: packed(sd, `Linear_Seasonal${suffix}`), trend: packed(sd, `Linear_Trend${suffix}`) };
            }),
          }
        : { stage: 'packed-linear', sets: [packed(sd, 'Linear')] },
  };
  // revin: false switches RevIN off on the device too (no REVIN define, no γ/β tensor).
  if (rKind && experts.revin.enabled !== false) {
    const affine = experts.revin.affine;
    ir.revin = {
      gamma: affine ? need(sd, 'rev.affine_weight').data : new Float64Array(C).fill(1),
      beta: affine ? need(sd, 'rev.affine_bias').data : new Float64Array(C),
    };
  }
  if (experts.kind === 'rmlp') {
    ir.mlp = {
      w0: tensorAsMatrix(sd, 'temporal.0.weight'),
      b0: need(sd, 'temporal.0.bias').data,
      w2: tensorAsMatrix(sd, 'temporal.2.weight'),
      b2: need(sd, 'temporal.2.bias').data,
    };
  }
  return ir;
}
