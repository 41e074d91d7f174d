// Checks the command line before any command runs: every numeric option is finite, an integer
// where it counts things, and inside its range; every path option is non-empty; unknown options
// (yargs strict mode) become MG7001 with a "did you mean" hint. Each problem is an MG7xxx
// diagnostic; the CLI prints them and exits 1. This module decides nothing about configs or files.

import { closestMatch, type Diagnostic } from './diagnostics.ts';

export interface NumericSpec {
  integer: boolean;
  min: number;
  max: number;
  /** min itself is not allowed (e.g. a learning rate > 0). */
  minExclusive?: boolean;
  /** max itself is not allowed (e.g. a probability < 1). */
  maxExclusive?: boolean;
}

const int = (min: number, max: number): NumericSpec => ({ integer: true, min, max });
const SEED = int(0, 2 ** 32 - 1);
/** The config schema's batch range (dsl/schema.ts LIMITS.batch). */
const COMPILED_BATCH = int(1, 1024);

/** Numeric options per command, by their dashed names as the user types them. */
export const NUMERIC_OPTIONS: Readonly<Record<string, Readonly<Record<string, NumericSpec>>>> = {
  run: { iters: int(1, 1_000_000), warmup: int(0, 1_000_000) },
  verify: { batch: COMPILED_BATCH, seed: SEED },
  train: {
    epochs: int(1, 100_000),
    lr: { integer: false, min: 0, max: 10, minExclusive: true },
    batch: int(1, 1_000_000),
    seed: SEED,
    patience: int(0, 100_000),
    'head-dropout': { integer: false, min: 0, max: 1, maxExclusive: true },
    'load-balance': { integer: false, min: 0, max: 1_000_000 },
    'progress-interval': { integer: false, min: 0.1, max: 86_400 },
  },
  eval: { 'batch-size': int(1, 1_000_000) },
  bench: { batch: COMPILED_BATCH, 'scaling-batch': COMPILED_BATCH, iters: int(1, 1_000_000), warmup: int(0, 1_000_000) },
};

/** Options naming a file or directory: an empty value (`--out ''`, or `--out` with nothing after it) is an error. */
export const PATH_OPTIONS = ['out', 'x', 'marks', 'weights', 'data', 'project', 'json', 'html', 'csv'] as const;

function describeRange(spec: NumericSpec): string {
  const kind = spec.integer ? 'an integer' : 'a number';
  const low = `${spec.minExclusive ? '>' : '≥'} ${spec.min}`;
  const high = `${spec.maxExclusive ? '<' : '≤'} ${spec.max}`;
  return `${kind} ${low} and ${high}`;
}

const optionDiagnostic = (message: string, hint?: string): Diagnostic => ({ code: 'MG7002', severity: 'error', message, ...(hint ? { hint } : {}) });

/** Problems with the values of a parsed command line (yargs argv) for `command`. */
export function checkOptionValues(command: string, argv: Readonly<Record<string, unknown>>, raw: readonly string[] = []): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, spec] of Object.entries(NUMERIC_OPTIONS[command] ?? {})) {
    // yargs takes `--batch` with nothing after it as "not given" and applies the default: refuse that.
    const bare = raw.findIndex((token, i) => token === `--${name}` && (raw[i + 1] === undefined || /^--?[a-z]/i.test(raw[i + 1]!)));
    if (bare >= 0) {
      diagnostics.push(optionDiagnostic(`--${name} needs a value: ${describeRange(spec)}`));
      continue;
    }
    const value = argv[name];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (Array.isArray(value) && command !== 'bench') {
      diagnostics.push(optionDiagnostic(`--${name} is given ${values.length} times; give it once`));
      continue;
    }
    if (values.length === 0) diagnostics.push(optionDiagnostic(`--${name} needs a value: ${describeRange(spec)}`));
    for (const v of values) {
      const ok =
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (!spec.integer || Number.isInteger(v)) &&
        (spec.minExclusive ? v > spec.min : v >= spec.min) &&
        (spec.maxExclusive ? v < spec.max : v <= spec.max);
      if (!ok) {
        const shown = typeof v === 'number' && Number.isNaN(v) ? 'not a number' : v === undefined ? 'no value' : String(v);
        diagnostics.push(optionDiagnostic(`--${name} must be ${describeRange(spec)} (got ${shown})`));
      }
    }
  }
  for (const name of PATH_OPTIONS) {
    const value = argv[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) diagnostics.push(optionDiagnostic(`--${name} is given ${value.length} times; give it once`));
    else if (typeof value !== 'string' || value.trim() === '') {
      diagnostics.push(optionDiagnostic(`--${name} is empty`, `give --${name} a path; an empty path would mean the current directory`));
    }
  }
  return diagnostics;
}

/**
 * Turns a yargs validation message into diagnostics: "Unknown argument(s): a, b" becomes one MG7001
 * per option with the closest known option as a hint; missing required options and positionals
 * become MG7003; anything else MG7002.
 */
export function usageDiagnostics(message: string, knownOptions: readonly string[], raw: readonly string[] = [], commands: readonly string[] = []): Diagnostic[] {
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message);
  if (unknown) {
    return unknown[1]!.split(', ').map((name) => {
      const typedAsOption = raw.some((token) => token.replace(/^-+/, '').split('=')[0] === name && token.startsWith('-'));
      if (!typedAsOption) {
        if (raw[0] === name && commands.length > 0) {
          const command = closestMatch(name, commands);
          return {
            code: 'MG7001',
            severity: 'error' as const,
            message: `unknown command '${name}'`,
            hint: `${command ? `did you mean '${command}'? ` : ''}commands: ${commands.join(', ')}`,
          };
        }
        return { code: 'MG7001', severity: 'error' as const, message: `unexpected argument '${name}'`, hint: 'each command takes one config file; options start with --' };
      }
      const suggestion = closestMatch(name.replace(/^-+/, ''), knownOptions);
      const shown = name.startsWith('-') || /^\d/.test(name) ? name : name.length === 1 ? `-${name}` : `--${name}`;
      return {
        code: 'MG7001',
        severity: 'error' as const,
        message: `unknown option ${shown}`,
        hint: suggestion ? `did you mean --${suggestion}? (molegen <command> --help lists the options)` : 'molegen <command> --help lists the options',
      };
    });
  }
  if (/^Not enough non-option arguments/.test(message) && raw[0] && commands.includes(raw[0])) {
    return [{ code: 'MG7003', severity: 'error', message: `${raw[0]} needs a config file: molegen ${raw[0]} <config.ts> [options]`, hint: `molegen ${raw[0]} --help shows the options` }];
  }
  if (/^Missing required argument|^Not enough non-option arguments|name a command/.test(message)) {
    return [{ code: 'MG7003', severity: 'error', message: message.replace(/\s+/g, ' ').trim(), hint: 'molegen <command> --help shows the usage' }];
  }
  if (/^Unknown command|^Unknown argument/i.test(message)) {
    return [{ code: 'MG7001', severity: 'error', message, hint: 'molegen --help lists the commands' }];
  }
  return [{ code: 'MG7002', severity: 'error', message, hint: 'molegen <command> --help shows the usage' }];
}
