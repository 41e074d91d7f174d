// Loads a user's config.ts: type-check it (ts-morph), and only if that is clean evaluate it (tsx's
// tsImport in an isolated worker thread with a time limit, evaluate.ts) and take its default export,
// which must come from defineMoLE.
// Problems are thrown as a MolegenError whose diagnostics carry file:line:col (MG1xxx).
// It writes nothing near the user's tree: tsx keeps its transform cache in the OS temp dir, and the
// CLI's type-check cache (typecheck-cache.ts) lives in molegen's own cache directory.
// It does not validate values; that is generator/validate's job.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceFile } from 'ts-morph';
import type { MoleConfig } from '../../dsl/config.ts';
import { MolegenError, type Diagnostic } from '../diagnostics.ts';
import type { SourceLocation } from './locate.ts';
import { evaluateConfig } from './evaluate.ts';
import { rememberCleanTypecheck, typecheckIsCached } from './typecheck-cache.ts';

export type { SourceLocation } from './locate.ts';

export interface LoadedConfig {
  /** The normalised config the file's default export produced. */
  config: MoleConfig;
  /** Absolute path of the config file ('' for a config built in memory). */
  configPath: string;
  /** Directory relative paths in the config resolve against. */
  configDir: string;
  /** Line and column (1-based) in the config file of the value at an ajv instancePath such as '/router/topK'. */
  locate(instancePath: string): SourceLocation;
  /** Resolve a path written in the config (e.g. a checkpoint) against the config's directory. */
  resolvePath(p: string): string;
  /**
   * Loads the position locator when it was skipped (cached type-check). Resolves true when positions
   * given out before were placeholders, so diagnostics made with them must be made again.
   */
  prepareLocator?: () => Promise<boolean>;
}

const CONFIG_EXTENSIONS = new Set(['.ts', '.mts']);

export interface LoadOptions {
  /** Skip the type-check when it passed before on the same files (typecheck-cache.ts). Default false. */
  typecheckCache?: boolean;
  /** `--set` overrides, applied by defineMoLE to the definition before defaults are derived. */
  overrides?: ReadonlyArray<{ path: string[]; value: unknown }>;
}

export async function loadConfig(configPathArgument: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  const configPath = path.resolve(configPathArgument);
  const configDir = path.dirname(configPath);
  if (existsSync(configPath) && statSync(configPath).isDirectory()) {
    throw new MolegenError([
      { code: 'MG1005', severity: 'error', message: `${configPathArgument} is a directory, not a config file`, file: configPath, hint: 'pass the path of a config.ts inside it' },
    ]);
  }
  if (!existsSync(configPath) || !statSync(configPath).isFile()) {
    throw new MolegenError([
      { code: 'MG1005', severity: 'error', message: `config file not found: ${configPathArgument}`, hint: 'pass the path of a config.ts that default-exports defineMoLE(...)' },
    ]);
  }
  if (!CONFIG_EXTENSIONS.has(path.extname(configPath))) {
    throw new MolegenError([
      { code: 'MG1005', severity: 'error', message: `${path.basename(configPath)} is not a TypeScript module`, file: configPath, hint: 'molegen configs are .ts or .mts files' },
    ]);
  }

  // (a) Type-check; never evaluate a file that does not type-check. With the cache (CLI), a check that
  // passed before on the same bytes of every file it read is not repeated, and ts-morph is not loaded
  // unless a diagnostic needs a position.
  let sourceFile: SourceFile | undefined;
  if (!(options.typecheckCache && typecheckIsCached(configPath))) {
    const { typecheckConfig } = await import('./typecheck.ts');
    const checked = typecheckConfig(configPath);
    if (checked.diagnostics.length > 0) throw new MolegenError(checked.diagnostics);
    if (options.typecheckCache) rememberCleanTypecheck(configPath, checked.localFiles);
    sourceFile = checked.sourceFile;
  }
  let locator: ((instancePath: string) => SourceLocation) | undefined;
  let locatorWanted = false;
  const prepareLocator = async (): Promise<boolean> => {
    if (locator) return false;
    const locate = await import('./locate.ts');
    sourceFile ??= locate.parseConfigSource(configPath);
    locator = locate.createLocator(sourceFile);
    return true;
  };
  if (sourceFile) await prepareLocator();
  const exportLocation = async (): Promise<Pick<Diagnostic, 'line' | 'column'>> => {
    await prepareLocator();
    return (await import('./locate.ts')).exportLocation(sourceFile!);
  };

  // (b) Evaluate, in a worker thread with a time limit (evaluate.ts).
  const exported = await evaluateConfig(configPath, { exportLocation }, options.overrides ?? []);
  return {
    config: exported,
    configPath,
    configDir,
    locate: (instancePath) => {
      if (locator) return locator(instancePath);
      locatorWanted = true;
      return { line: 1, column: 1, exact: false };
    },
    prepareLocator: async () => (await prepareLocator()) || locatorWanted,
    resolvePath: (p) => path.resolve(configDir, p),
  };
}
/** A LoadedConfig for a config built in memory (tests, programmatic use): no file, no positions. */
export function configFromObject(config: MoleConfig, configDir: string = process.cwd()): LoadedConfig {
  return {
    config,
    configPath: '',
    configDir,
    locate: () => ({ line: 1, column: 1, exact: false }),
    resolvePath: (p) => path.resolve(configDir, p),
  };
}
