// Import and export of official checkpoints (mole-model.md §1.6): the plain `model.state_dict()` of RogerNi/MoLE's
// MoLE_DLinear / MoLE_RLinear / MoLE_RMLP, LTSF-Linear's DLinear and RTSF's RLinear / RMLP (single-head models,
// which map onto K = 1 with a router that has no effect), with or without DataParallel's 'module.' prefix,
// saved as .safetensors. The layout is recognised from the tensor names; tensors keep the official interleaved
// head order (p·K + k) and router order (c·K + k for DLinear, k·C + c for the R-variants) — nothing is permuted.
// Export writes the same names, order and float32 values back, so import → export reproduces the tensor bytes.
// This module maps names and checks shapes; it does not read files (safetensors.ts does) or run models.

import type { ExpertKind, MoleConfig } from '../dsl/config.ts';
import { formatShape, makeTensor, type Tensor } from './tensor.ts';
import { checkStateDict, expectedShapes, type StateDict, type StateDictProblem } from './weights.ts';

/** Which code base and class wrote the checkpoint. */
export type CheckpointSource = 'MoLE_DLinear' | 'MoLE_RLinear' | 'MoLE_RMLP' | 'DLinear' | 'RLinear' | 'RMLP';

export interface CheckpointLayout {
  source: CheckpointSource;
  kind: ExpertKind;
  /** 'module.' for DataParallel checkpoints, '' otherwise. */
  prefix: string;
  /** False for the single-head baselines: import adds a zero router, export leaves it out. */
  hasRouter: boolean;
  /** The checkpoint's own tensor names, in file order (export reproduces them). */
  names: string[];
}

export interface ImportedCheckpoint {
  stateDict: StateDict;
  layout: CheckpointLayout;
  /** Empty when the checkpoint fits the config. Each names the tensor (as the file spells it) and both shapes. */
  problems: StateDictProblem[];
}

const DATA_PARALLEL_PREFIX = 'module.';

/** Recognises the writer of a state dict from its tensor names. */
export function detectCheckpointLayout(names: readonly string[]): CheckpointLayout {
  const prefix = names.length > 0 && names.every((n) => n.startsWith(DATA_PARALLEL_PREFIX)) ? DATA_PARALLEL_PREFIX : '';
  const local = new Set(names.map((n) => n.slice(prefix.length)));
  const hasRouter = local.has('Linear_Temporal.0.weight');
  const any = (pattern: RegExp): boolean => [...local].some((n) => pattern.test(n));
  let kind: ExpertKind;
  let source: CheckpointSource;
  if (any(/^Linear_Seasonal\./)) {
    kind = 'dlinear';
    source = hasRouter ? 'MoLE_DLinear' : 'DLinear';
  } else if (any(/^temporal\./)) {
    kind = 'rmlp';
    source = hasRouter ? 'MoLE_RMLP' : 'RMLP';
  } else if (any(/^Linear\./)) {
    kind = 'rlinear';
    source = hasRouter ? 'MoLE_RLinear' : 'RLinear';
  } else {
    throw new Error(
      `not a MoLE, DLinear, RLinear or RMLP state dict: none of Linear_Seasonal.*, Linear.*, temporal.* is present (found ${[...names].slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''})`,
    );
  }
  return { source, kind, prefix, hasRouter, names: [...names] };
}

/** Official name → molegen name (the MoLE names; RTSF's RMLP calls its head 'projection'). */
function toMolegenName(name: string, layout: CheckpointLayout): string {
  const local = name.slice(layout.prefix.length);
  if (layout.source === 'RMLP') return local.replace(/^projection\./, 'Linear.');
  return local;
}

function toOfficialName(name: string, layout: CheckpointLayout): string {
  const local = layout.source === 'RMLP' ? name.replace(/^Linear\./, 'projection.') : name;
  return layout.prefix + local;
}

/** Maps official tensors onto the config's parameters and checks every name and shape. */
export function importCheckpoint(config: MoleConfig, tensors: Map<string, Tensor>): ImportedCheckpoint {
  const layout = detectCheckpointLayout([...tensors.keys()]);
  const problems: StateDictProblem[] = [];
  if (layout.kind !== config.experts.kind) {
    problems.push({
      tensor: layout.names[0] ?? '',
      expected: undefined,
      found: undefined,
      message: `the checkpoint holds ${layout.source} tensors (${layout.kind} experts) but the config's experts are '${config.experts.kind}'`,
    });
    return { stateDict: new Map(), layout, problems };
  }
  // Per-channel heads (ModuleList: Linear_Seasonal.0.weight ...) against one shared head, named once
  // instead of as C missing and C unexpected tensors.
  if (layout.kind === 'dlinear' && config.experts.kind === 'dlinear') {
    const names = layout.names.map((n) => n.slice(layout.prefix.length));
    const perChannel = names.some((n) => /^Linear_(Seasonal|Trend)\.\d+\./.test(n));
    const shared = names.some((n) => /^Linear_(Seasonal|Trend)\.(weight|bias)$/.test(n));
    if (perChannel !== shared && perChannel !== config.experts.individual) {
      const example = `${layout.prefix}Linear_Seasonal${perChannel ? '.0' : ''}.weight`;
      problems.push({
        tensor: example,
        expected: undefined,
        found: undefined,
        message: perChannel
          ? `the checkpoint has one DLinear head per channel ('${example}', ...: trained with --individual) but the config says individual: false; set experts.dlinear({ individual: true, ... })`
          : `the checkpoint has one DLinear head shared by all channels ('${example}') but the config says individual: true; set individual: false`,
      });
      return { stateDict: new Map(), layout, problems };
    }
  }
  // RevIN on or off: a checkpoint trained with --disable_rev must not load into a model that
  // normalises (or the other way round) with only a missing/unexpected tensor to show for it.
  if (config.experts.kind !== 'dlinear') {
    const revName = `${layout.prefix}rev.affine_weight`;
    const fileHasRevin = layout.names.includes(revName);
    const enabled = config.experts.revin.enabled !== false;
    if (fileHasRevin && !enabled) {
      problems.push({ tensor: revName, expected: undefined, found: undefined, message: `the checkpoint was trained with RevIN ('${revName}') but the config says revin: false; remove revin: false` });
      return { stateDict: new Map(), layout, problems };
    }
    if (!fileHasRevin && enabled && config.experts.revin.affine) {
      problems.push({
        tensor: revName,
        expected: undefined,
        found: undefined,
        message: `the checkpoint has no RevIN parameters ('${revName}'): if it was trained with --disable_rev, set revin: false; if with RevIN(affine=False), set revin: { affine: false }`,
      });
      return { stateDict: new Map(), layout, problems };
    }
  }
  const stateDict: StateDict = new Map();
  const officialName = new Map<string, string>();
  for (const [name, tensor] of tensors) {
    const mapped = toMolegenName(name, layout);
    officialName.set(mapped, name);
    stateDict.set(mapped, tensor);
  }
  if (!layout.hasRouter) {
    const K = config.experts.count;
    if (K !== 1) {
      problems.push({
        tensor: `${layout.prefix}Linear_Temporal.0.weight`,
        expected: expectedShapes(config).get('Linear_Temporal.0.weight'),
        found: undefined,
        message: `a single-head ${layout.source} checkpoint has no router (Linear_Temporal.*); it loads only into a config with experts.count 1, this config has ${K}`,
      });
      return { stateDict, layout, problems };
    }
    // K = 1: softmax over one expert is 1 whatever the router says, so a zero router is exact.
    for (const [name, shape] of expectedShapes(config)) if (name.startsWith('Linear_Temporal.')) stateDict.set(name, makeTensor(shape));
  }
  for (const problem of checkStateDict(config, stateDict)) {
    const fileName = officialName.get(problem.tensor) ?? toOfficialName(problem.tensor, layout);
    const shapes = `expected ${problem.expected ? formatShape(problem.expected) : 'no such tensor'}, found ${problem.found ? formatShape(problem.found) : 'none'}`;
    let hint = '';
    if (problem.expected && problem.found && /\.weight$|\.bias$/.test(problem.tensor) && /^(Linear|Linear_Seasonal|Linear_Trend)\./.test(problem.tensor)) {
      hint = ` (rows are P·K = ${config.predLen}·${config.experts.count}; check predLen and experts.count)`;
    } else if (problem.expected && problem.found && problem.tensor.startsWith('Linear_Temporal.')) {
      hint = ` (router sizes follow F = time features, hidden = router.hidden, K·C = ${config.experts.count}·${config.input.channels})`;
    }
    problems.push({ ...problem, tensor: fileName, message: `tensor '${fileName}': ${shapes}${hint}` });
  }
  return { stateDict, layout, problems };
}

/** The same parameters under the official names of `layout` (file order kept; a synthesised router is left out). */
export function exportCheckpoint(stateDict: StateDict, layout: CheckpointLayout): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  const written = new Set<string>();
  for (const official of layout.names) {
    const name = toMolegenName(official, layout);
    const tensor = stateDict.get(name);
    if (tensor === undefined) throw new Error(`cannot export '${official}': the state dict has no '${name}'`);
    out.set(official, tensor);
    written.add(name);
  }
  for (const [name, tensor] of stateDict) {
    if (written.has(name)) continue;
    if (!layout.hasRouter && name.startsWith('Linear_Temporal.')) continue;
    out.set(toOfficialName(name, layout), tensor);
  }
  return out;
}

/** The layout molegen writes its own checkpoints in: the official MoLE names in PyTorch registration order. */
export function moleLayout(config: MoleConfig): CheckpointLayout {
  const kind = config.experts.kind;
  const source: CheckpointSource = kind === 'dlinear' ? 'MoLE_DLinear' : kind === 'rlinear' ? 'MoLE_RLinear' : 'MoLE_RMLP';
  return { source, kind, prefix: '', hasRouter: true, names: [...expectedShapes(config).keys()] };
}
