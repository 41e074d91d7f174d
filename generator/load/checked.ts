// Load and validate a config file: the first stage every command runs (re-exported by pipeline.ts).
// Kept apart from the pipeline so `molegen validate` imports only what validation needs, and the
// validation modules load while the config evaluates in its worker thread. Writes nothing.

import type { Diagnostic } from '../diagnostics.ts';
import { MolegenError } from '../diagnostics.ts';
import { loadConfig, type LoadedConfig } from './index.ts';

export interface CheckedConfig {
  loaded: LoadedConfig;
  warnings: Diagnostic[];
}

/** Load and validate; throws with every error (warnings are returned). */
export async function loadChecked(configPath: string): Promise<CheckedConfig> {
  const validation = import('../validate/index.ts');
  validation.catch(() => {}); // awaited below; a load error must not leave it unhandled
  const loaded = await loadConfig(configPath, { typecheckCache: true });
  const { validateConfig } = await validation;
  let diagnostics = validateConfig(loaded);
  // A cached type-check skips the position locator; diagnostics need real positions.
  if (diagnostics.length > 0 && (await loaded.prepareLocator?.())) diagnostics = validateConfig(loaded);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new MolegenError(diagnostics);
  return { loaded, warnings: diagnostics };
}
