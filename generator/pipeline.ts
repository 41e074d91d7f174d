// The stages every command shares, in order: load (type-check + evaluate) → validate → weights →
// plan → emit. Each step either returns its result or throws a MolegenError carrying every
// diagnostic it found; nothing here writes files.

import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { MoleConfig } from '../dsl/config.ts';
import { importCheckpoint, type ImportedCheckpoint } from '../reference/checkpoint.ts';
import { randomStateDict, type StateDict } from '../reference/weights.ts';
import { readSafetensors } from '../reference/safetensors.ts';
import { ReferenceIOError } from '../reference/io-error.ts';
import { MolegenError } from './diagnostics.ts';
import { emitProject, type GeneratedFile, sha256 } from './emit/project.ts';
import type { LoadedConfig } from './load/index.ts';
import { planMeshProgram, type MeshProgram } from './mesh-program.ts';
import type { Plan } from './plan/plan.ts';
import { nonFiniteDiagnostic } from './verify/user-inputs.ts';

export { loadChecked, type CheckedConfig } from './load/checked.ts';

export interface LoadedWeights {
  stateDict: StateDict;
  /** sha256 of the checkpoint bytes, or of the random-weights recipe. */
  hash: string;
  description: string;
}

/** The config's weights (or an override path): a checkpoint read and checked, or seeded random weights. */
export function loadWeights(loaded: LoadedConfig, overridePath?: string, options: { allowNonfinite?: boolean } = {}): LoadedWeights {
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
    if (!(error instanceof ReferenceIOError)) throw error;
    throw new MolegenError([{ code: error.code, severity: 'error', message: error.message, file }]);
  }
  // Official MoLE / DLinear / RLinear / RMLP state dicts are recognised from their tensor names (reference/checkpoint.ts).
  let imported: ImportedCheckpoint;
  try {
    imported = importCheckpoint(config, tensors);
  } catch (error) {
    throw new MolegenError([{ code: 'MG4010', severity: 'error', message: `${path.basename(file)}: ${(error as Error).message}`, file }]);
  }
  if (imported.problems.length > 0) {
    // RevIN on/off mismatches name both settings (MG4012); the rest are tensor names and shapes.
    const code = (p: { tensor: string; message: string }): string => (p.tensor.endsWith('rev.affine_weight') && /RevIN/.test(p.message) ? 'MG4012' : 'MG4010');
    throw new MolegenError(imported.problems.map((p) => ({ code: code(p), severity: 'error' as const, message: p.message, file })));
  }
  if (!options.allowNonfinite) {
    // Named as the file spells it: the imported state dict keeps the file's tensors' values.
    for (const [name, tensor] of tensors) {
      const d = nonFiniteDiagnostic(`tensor '${name}'`, tensor.data, tensor.shape, file);
      if (d) throw new MolegenError([{ ...d, code: 'MG4011', hint: 'the checkpoint is corrupt or training diverged; pass --allow-nonfinite to load it anyway' }]);
    }
  }
  const layout = imported.layout;
  const note = layout.source.startsWith('MoLE_') && layout.prefix === '' ? '' : ` (${layout.source}${layout.prefix ? ', DataParallel prefix' : ''})`;
  return { stateDict: imported.stateDict, hash: sha256(readFileSync(file)), description: `${path.basename(file)}${note}` };
}

export interface CompiledProject {
  config: MoleConfig;
  /** One chip's plan (on a mesh, every chip runs it on its share). */
  plan: Plan;
  mesh: MeshProgram;
  files: GeneratedFile[];
}

/** One chip's device plan: as the config asks, or — for `sharding: auto()` — the lowest modeled time. */
export function planFor(config: MoleConfig, stateDict: StateDict): Plan {
  return planMeshProgram(config, stateDict).plan;
}

export function compileProject(loaded: LoadedConfig, weights: LoadedWeights): CompiledProject {
  const mesh = planMeshProgram(loaded.config, weights.stateDict);
  const files = emitProject({
    config: loaded.config,
    configFileName: path.basename(loaded.configPath || 'config.ts'),
    plan: mesh.plan,
    mesh,
    weightsHash: weights.hash,
  });
  return { config: loaded.config, plan: mesh.plan, mesh, files };
}
