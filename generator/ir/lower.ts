// Lowering: a validated MoleConfig plus its state_dict (official names and layouts) become the
// ModelIR. It only re-labels data (names → typed fields) and checks what the first code-generation
// slice supports; every rewrite of the weights is a pass of its own.

import type { MoleConfig } from '../../dsl/config.ts';
import { routerInputSize } from '../../dsl/index.ts';
import type { Tensor } from '../../reference/tensor.ts';
import type { StateDict } from '../../reference/weights.ts';
import { MolegenError } from '../diagnostics.ts';
import { type Matrix, type ModelIR, matrix } from './model-ir.ts';

function tensorAsMatrix(sd: StateDict, name: string): Matrix {
  const t = need(sd, name);
  if (t.shape.length !== 2) throw new Error(`${name} must be 2-D`);
  return matrix(t.shape[0]!, t.shape[1]!, t.data);
}

function need(sd: StateDict, name: string): Tensor {
  const t = sd.get(name);
  if (!t) throw new Error(`state_dict has no tensor ${name}`);
  return t;
}

/** What this code generator can emit today; anything else is refused with a clear diagnostic. */
export function unsupportedFeatures(config: MoleConfig): string[] {
  const reasons: string[] = [];
  if (config.experts.kind !== 'dlinear') reasons.push(`experts.kind '${config.experts.kind}' (code generation covers 'dlinear' so far)`);
  if (config.experts.kind === 'dlinear' && config.experts.individual) reasons.push('experts.individual (per-channel expert weights)');
  if (config.router.topK !== config.experts.count) reasons.push(`router.topK ${config.router.topK} < experts.count (only dense routing so far)`);
  if (config.router.input !== 'time') reasons.push(`router.input '${config.router.input}'`);
  if (config.sharding.strategy !== 'interleaved' && config.sharding.strategy !== 'auto') reasons.push(`sharding '${config.sharding.strategy}' (interleaved DRAM tensors so far)`);
  if (config.sharding.weights !== 'dram') reasons.push(`weights in '${config.sharding.weights}' (DRAM so far)`);
  if (config.target.weightDtype === 'bfp8_b') reasons.push('bfp8_b weights');
  return reasons;
}

export function lowerToIR(config: MoleConfig, sd: StateDict): ModelIR {
  const reasons = unsupportedFeatures(config);
  if (reasons.length > 0) {
    throw new MolegenError(
      reasons.map((r) => ({
        code: 'MG5001',
        severity: 'error' as const,
        message: `code generation does not support ${r} yet`,
        hint: 'use `molegen run --backend reference` for this configuration',
      })),
    );
  }
  if (config.experts.kind !== 'dlinear') throw new Error('unreachable');
  const K = config.experts.count;
  const C = config.input.channels;
  return {
    name: config.name,
    kind: 'dlinear',
    shape: {
      batch: config.batch,
      seqLen: config.input.seqLen,
      predLen: config.predLen,
      channels: C,
      experts: K,
      features: routerInputSize(config),
      hidden: config.router.hidden,
    },
    numerics: {
      activation: config.target.dtype,
      weight: config.target.weightDtype,
      mathFidelity: config.target.mathFidelity,
      fp32DestAcc: config.target.fp32DestAcc,
    },
    router: {
      w0: tensorAsMatrix(sd, 'Linear_Temporal.0.weight'),
      b0: need(sd, 'Linear_Temporal.0.bias').data,
      w2: tensorAsMatrix(sd, 'Linear_Temporal.2.weight'),
      b2: need(sd, 'Linear_Temporal.2.bias').data,
      // MoLE_DLinear reshapes the router output to [B*C, K]: flat index c*K + k.
      channelStride: K,
      expertStride: 1,
    },
    experts: {
      stage: 'interleaved-dlinear',
      seasonal: tensorAsMatrix(sd, 'Linear_Seasonal.weight'),
      seasonalBias: need(sd, 'Linear_Seasonal.bias').data,
      trend: tensorAsMatrix(sd, 'Linear_Trend.weight'),
      trendBias: need(sd, 'Linear_Trend.bias').data,
      kernelSize: config.experts.kernelSize,
    },
  };
}
