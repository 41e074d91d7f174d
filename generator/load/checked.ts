// Load and validate a config file: the first stage every command runs (re-exported by pipeline.ts).
// Kept apart from the pipeline so `molegen validate` imports only what validation needs, and the
// validation modules load while the config evaluates in its worker thread. Writes nothing.

import type { Diagnostic } from '../diagnostics.ts';
import { MolegenError } from '../diagnostics.ts';
import { loadConfig, type LoadedConfig } from './index.ts';
import { configOverrides } from './cli-overrides.ts';
import { applyOverrides, isOverridden, parseOverrides, type ConfigOverride } from './overrides.ts';

export { setConfigOverrides } from './cli-overrides.ts';

/** Where a diagnostic about an overridden value points: the command line, not the file. */
const FROM_COMMAND_LINE = -1;

export interface CheckedConfig {
  loaded: LoadedConfig;
  warnings: Diagnostic[];
}

/** Load and validate; throws with every error (warnings are returned). */
export async function loadChecked(configPath: string): Promise<CheckedConfig> {
  const validation = import('../validate/index.ts');
  validation.catch(() => {}); // awaited below; a load error must not leave it unhandled
  const { overrides, diagnostics: overrideProblems } = parseOverrides(configOverrides());
  if (overrideProblems.length > 0) throw new MolegenError(overrideProblems);
  let loaded = await loadConfig(configPath, { typecheckCache: true, overrides: overrides.map(({ path, value }) => ({ path, value })) });
  if (overrides.length > 0) loaded = withOverrides(loaded, overrides);
  const { validateConfig } = await validation;
  let diagnostics = validateConfig(loaded);
  // A cached type-check skips the position locator; diagnostics need real positions.
  if (diagnostics.length > 0 && (await loaded.prepareLocator?.())) diagnostics = validateConfig(loaded);
  diagnostics = diagnostics.map((d) => (d.line === FROM_COMMAND_LINE ? commandLineDiagnostic(d, overrides) : d));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new MolegenError(diagnostics);
  return { loaded, warnings: diagnostics };
}

/** The overrides were applied by defineMoLE; refuse paths the resolved config does not have, and point diagnostics about them at the command line. */
function withOverrides(loaded: LoadedConfig, overrides: ConfigOverride[]): LoadedConfig {
  const { diagnostics } = applyOverrides(loaded.config, overrides);
  if (diagnostics.length > 0) throw new MolegenError(diagnostics);
  const locate = loaded.locate;
  return {
    ...loaded,
    locate: (instancePath) => (isOverridden(instancePath, overrides) ? { line: FROM_COMMAND_LINE, column: isOverriddenIndex(instancePath, overrides), exact: true } : locate(instancePath)),
  };
}

const isOverriddenIndex = (instancePath: string, overrides: readonly ConfigOverride[]): number => overrides.indexOf(isOverridden(instancePath, overrides)!);

function commandLineDiagnostic(d: Diagnostic, overrides: readonly ConfigOverride[]): Diagnostic {
  const { file: _file, line: _line, column, ...rest } = d;
  return { ...rest, message: `--set ${overrides[column ?? 0]?.text ?? ''}: ${d.message}` };
}
