// The stages every command shares, in order: load (type-check + evaluate) → validate → weights →
// plan → emit. Each step either returns its result or throws a MolegenError carrying every
// diagnostic it found; nothing here writes files.

import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { MoleConfig } from '../dsl/config.ts';
import { importCheckpoint, type ImportedCheckpoint } from '../reference/checkpoint.ts';
import { randomStateDict, type StateDict } from '../reference/weights.ts';
import { readSafetensors } from '../reference/safetensors.ts';
import { type Diagnostic, MolegenError } from './diagnostics.ts';
import { emitProject, type GeneratedFile, sha256 } from './emit/project.ts';
import { type LoadedConfig, loadConfig } from './load/index.ts';
import { choosePlan } from './cost/choose-plan.ts';
import type { Plan } from './plan/plan.ts';
import { validateConfig } from './validate/index.ts';

export interface CheckedConfig {
  loaded: LoadedConfig;
  warnings: Diagnostic[];
}

/** Load and validate; throws with every error (warnings are returned). */
export async function loadChecked(configPath: string): Promise<CheckedConfig> {
  const loaded = await loadConfig(configPath);
  const diagnostics = validateConfig(loaded);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new MolegenError(diagnostics);
  return { loaded, warnings: diagnostics };
}

export interface LoadedWeights {
  stateDict: StateDict;
  /** sha256 of the checkpoint bytes, or of the random-weights recipe. */
  hash: string;
  description: string;
}

/** The config's weights (or an override path): a checkpoint read and checked, or seeded random weights. */
export function loadWeights(loaded: LoadedConfig, overridePath?: string): LoadedWeights {
  const config = loaded.config;
  const file = overridePath ? path.resolve(overridePath) : config.weights.kind === 'checkpoint' ? loaded.resolvePath(config.weights.path) : undefined;
  if (file === undefined) {
    const seed = config.weights.kind === 'random' ? config.weights.seed : 0;
    return { stateDict: randomStateDict(config, seed), hash: sha256(`random:${seed}`), description: `random weights (seed ${seed})` };
  }
  let tensors: StateDict;
  try {
    tensors = readSafetensors(file);
  } catch (error) {
    const e = error as { code?: string; message: string };
    throw new MolegenError([{ code: e.code ?? 'MG4000', severity: 'error', message: e.message, file }]);
  }
  // Official MoLE / DLinear / RLinear / RMLP state dicts are recognised from their tensor names (reference/checkpoint.ts).
  let imported: ImportedCheckpoint;
  try {
    imported = importCheckpoint(config, tensors);
  } catch (error) {
    throw new MolegenError([{ code: 'MG4010', severity: 'error', message: `${path.basename(file)}: ${(error as Error).message}`, file }]);
  }
  if (imported.problems.length > 0) {
    throw new MolegenError(imported.problems.map((p) => ({ code: 'MG4010', severity: 'error' as const, message: p.message, file })));
  }
  const layout = imported.layout;
  const note = layout.source.startsWith('MoLE_') && layout.prefix === '' ? '' : ` (${layout.source}${layout.prefix ? ', DataParallel prefix' : ''})`;
  return { stateDict: imported.stateDict, hash: sha256(readFileSync(file)), description: `${path.basename(file)}${note}` };
}

export interface CompiledProject {
  config: MoleConfig;
  plan: Plan;
  files: GeneratedFile[];
}

/** The device plan: as the config asks, or — for `sharding: auto()` — the lowest modeled time. */
export function planFor(config: MoleConfig, stateDict: StateDict): Plan {
  return choosePlan(config, stateDict).plan;
}

export function compileProject(loaded: LoadedConfig, weights: LoadedWeights): CompiledProject {
  const plan = planFor(loaded.config, weights.stateDict);
  const files = emitProject({
    config: loaded.config,
    configFileName: path.basename(loaded.configPath || 'config.ts'),
    plan,
    weightsHash: weights.hash,
  });
  return { config: loaded.config, plan, files };
}
