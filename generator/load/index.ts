// Loads a user's config.ts: type-check it (ts-morph), and only if that is clean evaluate it (tsx's
// tsImport, in a fresh module namespace) and take its default export, which must come from defineMoLE.
// Problems are thrown as a MolegenError whose diagnostics carry file:line:col (MG1xxx).
// It writes nothing: no temp files near the user's tree (tsx keeps its transform cache in the OS temp dir).
// It does not validate values; that is generator/validate's job.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { Node } from 'ts-morph';
import { isMoleConfig } from '../../dsl/index.ts';
import type { MoleConfig } from '../../dsl/config.ts';
import { MolegenError, type Diagnostic } from '../diagnostics.ts';
import { createLocator, type SourceLocation } from './locate.ts';
import { typecheckConfig } from './typecheck.ts';

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
}

const EVAL_TSCONFIG = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tsconfig.eval.json');
const CONFIG_EXTENSIONS = new Set(['.ts', '.mts']);

export async function loadConfig(configPathArgument: string): Promise<LoadedConfig> {
  const configPath = path.resolve(configPathArgument);
  const configDir = path.dirname(configPath);
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

  // (a) Type-check; never evaluate a file that does not type-check.
  const { diagnostics, sourceFile } = typecheckConfig(configPath);
  if (diagnostics.length > 0) throw new MolegenError(diagnostics);
  const locate = createLocator(sourceFile);
  const exportLocation = (): Pick<Diagnostic, 'line' | 'column'> => {
    const statement = sourceFile.getStatements().find((s) => Node.isExportAssignment(s));
    const at = sourceFile.getLineAndColumnAtPos(statement ? statement.getStart() : 0);
    return { line: at.line, column: at.column };
  };

  // (b) Evaluate.
  let module: { default?: unknown };
  // A throwing config should be reported at its line in config.ts, not in tsx's transform output:
  // let Node apply tsx's inline source maps while the config runs (a test runner's own
  // Error.prepareStackTrace would bypass them, so it is set aside for that time). The stack is read
  // inside the catch, before both are restored, because V8 formats it lazily.
  const sourceMapsWereEnabled = process.sourceMapsEnabled;
  const prepareStackTrace = Error.prepareStackTrace;
  process.setSourceMapsEnabled(true);
  (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
  try {
    module = await tsImport(pathToFileURL(configPath).href, { parentURL: import.meta.url, tsconfig: EVAL_TSCONFIG });
  } catch (error) {
    throw new MolegenError([evaluationDiagnostic(error, configPath)]);
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    process.setSourceMapsEnabled(sourceMapsWereEnabled);
  }
  const exported = module.default;
  if (!isMoleConfig(exported)) {
    const what = exported === undefined ? 'has no default export' : `default-exports ${describe(exported)}`;
    throw new MolegenError([
      {
        code: 'MG1003',
        severity: 'error',
        message: `${path.basename(configPath)} ${what}, not a config made by defineMoLE(...)`,
        hint: "write `export default defineMoLE({ ... })` with defineMoLE imported from 'molegen'",
        file: configPath,
        ...exportLocation(),
      },
    ]);
  }
  return {
    config: exported,
    configPath,
    configDir,
    locate,
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

function evaluationDiagnostic(error: unknown, configPath: string): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const diagnostic: Diagnostic = {
    code: 'MG1004',
    severity: 'error',
    message: `evaluating ${path.basename(configPath)} threw: ${message.split('\n')[0]}`,
    hint: 'a config should only build data; fix the code that throws here',
    file: configPath,
  };
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const escaped = configPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const frame = new RegExp(`${escaped}(?:\\?[^:]*)?:(\\d+):(\\d+)`).exec(stack);
  if (frame) {
    diagnostic.line = Number(frame[1]);
    diagnostic.column = Number(frame[2]);
  }
  return diagnostic;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'a plain object';
  return `a ${typeof value}`;
}
