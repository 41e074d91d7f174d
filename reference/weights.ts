// Model parameters for the reference interpreter, keyed by the official MoLE state_dict names and stored in
// the official layouts (mole-model.md §1.6): expert heads interleaved (row p*K + k of Linear(L, P*K)); router
// output index c*K + k for DLinear and k*C + c for RLinear/RMLP. This module knows the expected names and
// shapes, checks a state dict against them, and makes PyTorch-like random initialisations.
// It must not reorder or fold weights (that is the compiler's and fold.ts' job) and does no file I/O.

import type { MoleConfig } from '../dsl/config.ts';
import { routerInputSize } from '../dsl/index.ts';
import { createRandom } from './random.ts';
import { formatShape, makeTensor, sameShape, type Tensor } from './tensor.ts';

export type StateDict = Map<string, Tensor>;

/** Router input width F (the DSL's definition): time features of freq for 'time', 4·C for 'stats' (index s*C + c). */
export { routerInputSize };

/** Which flat router-output index holds the logit of (channel c, expert k). */
export type RouterLayout = 'channel-major' | 'expert-major';

/** DLinear reshapes the router output to [B*C, K] (c*K + k); RLinear/RMLP view it as [B, K, C] (k*C + c). */
export function routerLayout(config: MoleConfig): RouterLayout {
  return config.experts.kind === 'dlinear' ? 'channel-major' : 'expert-major';
}

/** Every parameter name with its shape, in PyTorch registration order. */
export function expectedShapes(config: MoleConfig): Map<string, number[]> {
  const L = config.input.seqLen;
  const C = config.input.channels;
  const P = config.predLen;
  const K = config.experts.count;
  const F = routerInputSize(config);
  const H = config.router.hidden;
  const shapes = new Map<string, number[]>();
  const linear = (prefix: string, inFeatures: number, outFeatures: number): void => {
    shapes.set(`${prefix}.weight`, [outFeatures, inFeatures]);
    shapes.set(`${prefix}.bias`, [outFeatures]);
  };
  const experts = config.experts;
  switch (experts.kind) {
    case 'dlinear':
      if (experts.individual) {
        for (let c = 0; c < C; c++) linear(`Linear_Seasonal.${c}`, L, P * K);
        for (let c = 0; c < C; c++) linear(`Linear_Trend.${c}`, L, P * K);
      } else {
        linear('Linear_Seasonal', L, P * K);
        linear('Linear_Trend', L, P * K);
      }
      break;
    case 'rlinear':
      linear('Linear', L, P * K);
      if (experts.revin.enabled !== false && experts.revin.affine) revinShapes(shapes, C);
      break;
    case 'rmlp':
      linear('Linear', L, P * K);
      linear('temporal.0', L, experts.dModel);
      linear('temporal.2', experts.dModel, L);
      if (experts.revin.enabled !== false && experts.revin.affine) revinShapes(shapes, C);
      break;
  }
  linear('Linear_Temporal.0', F, H);
  linear('Linear_Temporal.2', H, K * C);
  return shapes;
}

function revinShapes(shapes: Map<string, number[]>, channels: number): void {
  shapes.set('rev.affine_weight', [channels]);
  shapes.set('rev.affine_bias', [channels]);
}

export interface StateDictProblem {
  tensor: string;
  expected: number[] | undefined; // undefined: the tensor is not a parameter of this model
  found: number[] | undefined; // undefined: the tensor is missing
  message: string;
}

/** All mismatches between a state dict and the config: missing, unexpected and wrongly shaped tensors. */
export function checkStateDict(config: MoleConfig, stateDict: StateDict): StateDictProblem[] {
  const problems: StateDictProblem[] = [];
  const expected = expectedShapes(config);
  for (const [name, shape] of expected) {
    const tensor = stateDict.get(name);
    if (tensor === undefined) {
      problems.push({ tensor: name, expected: shape, found: undefined, message: `missing tensor '${name}' (expected shape ${formatShape(shape)})` });
    } else if (!sameShape(tensor.shape, shape)) {
      problems.push({
        tensor: name,
        expected: shape,
        found: tensor.shape,
        message: `tensor '${name}' has shape ${formatShape(tensor.shape)}, expected ${formatShape(shape)}`,
      });
    } else if (tensor.data.length !== shape.reduce((a, b) => a * b, 1)) {
      problems.push({ tensor: name, expected: shape, found: tensor.shape, message: `tensor '${name}' holds ${tensor.data.length} values for shape ${formatShape(shape)}` });
    }
  }
  for (const [name, tensor] of stateDict) {
    if (!expected.has(name)) {
      problems.push({ tensor: name, expected: undefined, found: tensor.shape, message: `unexpected tensor '${name}' of shape ${formatShape(tensor.shape)}` });
    }
  }
  return problems;
}

/** Throws one Error listing every problem, if there are any. */
export function assertStateDict(config: MoleConfig, stateDict: StateDict): void {
  const problems = checkStateDict(config, stateDict);
  if (problems.length > 0) throw new Error(`state dict does not fit the config:\n  ${problems.map((p) => p.message).join('\n  ')}`);
}

/**
 * Random parameters with PyTorch's nn.Linear default distribution (weight and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
 * fan_in = in_features), RevIN gamma = 1 and beta = 0. Values are rounded to float32, as a PyTorch checkpoint holds them.
 * Deterministic: the same config and seed give the same tensors everywhere (tensors drawn in registration order).
 */
export function randomStateDict(config: MoleConfig, seed: number): StateDict {
  const random = createRandom(seed);
  const stateDict: StateDict = new Map();
  const shapes = expectedShapes(config);
  for (const [name, shape] of shapes) {
    const tensor = makeTensor(shape);
    if (name === 'rev.affine_weight') {
      tensor.data.fill(1);
    } else if (name === 'rev.affine_bias') {
      tensor.data.fill(0);
    } else {
      const weightShape = shapes.get(name.replace(/\.bias$/, '.weight'));
      const fanIn = weightShape?.[1];
      if (fanIn === undefined) throw new Error(`no fan-in known for '${name}'`);
      const bound = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < tensor.data.length; i++) tensor.data[i] = Math.fround(random.uniformIn(-bound, bound));
    }
    stateDict.set(name, tensor);
  }
  return stateDict;
}

/** The tensor called `name`, or a clear error. */
export function getParameter(stateDict: StateDict, name: string): Tensor {
  const tensor = stateDict.get(name);
  if (tensor === undefined) throw new Error(`state dict has no tensor '${name}'`);
  return tensor;
}
