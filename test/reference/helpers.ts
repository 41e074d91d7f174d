// Small builders shared by the reference tests: a complete MoleConfig from a few numbers, and a state dict from
// hand-written tensors. Test support only.

import type { ExpertKind, MoleConfig, TargetConfig } from '../../dsl/config.ts';
import { makeTensor, type Tensor } from '../../reference/tensor.ts';
import type { StateDict } from '../../reference/weights.ts';

export interface TinyConfig {
  kind: ExpertKind;
  seqLen: number;
  predLen: number;
  channels: number;
  experts: number;
  topK?: number;
  kernelSize?: number;
  individual?: boolean;
  dModel?: number;
  affine?: boolean;
  routerInput?: 'time' | 'stats';
  hidden?: number;
  freq?: MoleConfig['input']['freq'];
  target?: Partial<TargetConfig>;
}

export function makeConfig(options: TinyConfig): MoleConfig {
  const K = options.experts;
  const C = options.channels;
  const experts: MoleConfig['experts'] =
    options.kind === 'dlinear'
      ? { kind: 'dlinear', count: K, kernelSize: options.kernelSize ?? 25, individual: options.individual ?? false }
      : options.kind === 'rlinear'
        ? { kind: 'rlinear', count: K, revin: { affine: options.affine ?? true } }
        : { kind: 'rmlp', count: K, dModel: options.dModel ?? 512, revin: { affine: options.affine ?? true } };
  return {
    name: 'test',
    input: { seqLen: options.seqLen, channels: C, freq: options.freq ?? 'h' },
    predLen: options.predLen,
    batch: 1,
    experts,
    router: {
      kind: 'mlp',
      input: options.routerInput ?? 'time',
      hidden: options.hidden ?? K * C,
      activation: 'relu',
      topK: options.topK ?? K,
      headDropout: 0,
    },
    target: {
      arch: 'wormhole_b0',
      grid: [8, 8],
      dtype: 'bf16',
      weightDtype: 'bf16',
      mathFidelity: 'HiFi4',
      fp32DestAcc: true,
      ...options.target,
    },
    sharding: { strategy: 'auto', weights: 'dram' },
    weights: { kind: 'random', seed: 0 },
  };
}

/** A state dict from rows of numbers: a number[][] becomes [rows, cols], a number[] becomes [n]. */
export function stateDictOf(entries: Record<string, number[] | number[][]>): StateDict {
  const stateDict: StateDict = new Map();
  for (const [name, value] of Object.entries(entries)) {
    stateDict.set(name, tensorOf(value));
  }
  return stateDict;
}

export function tensorOf(value: number[] | number[][]): Tensor {
  if (value.length > 0 && Array.isArray(value[0])) {
    const rows = value as number[][];
    return makeTensor([rows.length, rows[0]!.length], rows.flat());
  }
  return makeTensor([value.length], value as number[]);
}

export function zerosMatrix(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}
