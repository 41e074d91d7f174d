// Diagnostics: the one shape every molegen stage reports problems in, the registry of stable codes,
// and the two renderings (human text with a code frame, and JSON).
// Codes are stable: never renumber or reuse one; add new codes at the end of their range.
//   MG1xxx load / type errors     MG2xxx schema errors       MG3xxx semantic rules
//   MG4xxx files (weights/CSV/npy) MG5xxx build / toolchain  MG6xxx run / verify
//   MG7xxx command line (unknown options, option values)
// This module only describes and prints problems; it does not decide what is a problem.

import { readFileSync } from 'node:fs';
import path from 'node:path';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable code such as 'MG2001' (see DIAGNOSTIC_CODES). */
  code: string;
  severity: Severity;
  message: string;
  /** How to fix it, one sentence. */
  hint?: string;
  /** Absolute path of the file the problem is in. */
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  column?: number;
}

/** Thrown by a stage that cannot go on; carries every problem it found. */
export class MolegenError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const first = diagnostics[0];
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    super(first ? `${first.code}: ${first.message}${more}` : 'molegen failed');
    this.name = 'MolegenError';
    this.diagnostics = diagnostics;
  }
}

/** code → one-line meaning. The README lists this table. */
export const DIAGNOSTIC_CODES: Readonly<Record<string, string>> = {
  // load / type
  MG1001: 'the config does not type-check',
  MG1002: 'the config has a syntax error',
  MG1003: 'the config does not default-export the result of defineMoLE(...)',
  MG1004: 'the config threw while it was evaluated',
  MG1005: 'the config file does not exist or cannot be read',
  MG1006: 'the config is a CommonJS module; molegen loads ES modules',
  MG1007: 'evaluating the config exceeded its time limit (MOLEGEN_CONFIG_TIMEOUT)',
  MG1008: 'the config called process.exit or ended its evaluation without a config',
  // schema
  MG2001: 'a number is out of its allowed range',
  MG2002: 'a value has the wrong type',
  MG2003: 'a value is not one of the allowed values',
  MG2004: 'a required field is missing',
  MG2005: 'an unknown field',
  MG2006: 'a list has the wrong length',
  MG2007: 'a string has the wrong form',
  MG2099: 'the value breaks another schema rule',
  // semantic
  MG3001: 'router.topK is larger than the number of experts',
  MG3002: 'target.grid does not fit the compute grid of the architecture',
  MG3003: 'experts.kernelSize is even; the moving average needs an odd kernel',
  MG3004: 'experts.kernelSize is longer than the input window',
  MG3005: "'individual' is only meaningful for DLinear experts",
  MG3006: 'bfp8_b weights cannot be combined with fp32 activations',
  MG3007: 'LoFi fidelity with fp32 activations throws away most of the precision',
  MG3008: 'fp32 activations need fp32 accumulation in DST (fp32DestAcc)',
  MG3009: 'the official RLinear/RMLP code hard-codes 4 time features (freq h)',
  MG3010: 'the model does not fit in L1 per core',
  MG3011: 'target.mesh has more chips than supported (32)',
  MG3012: "split 'batch' with fewer samples than chips",
  MG3013: "split 'channels' with fewer channels than chips",
  MG3014: "split 'channels' with a router on window statistics (it reads every channel)",
  MG3015: 'sharding.expertGroups is larger than the number of experts, or set with a layout that cannot split them',
  // files
  MG4001: 'the weights checkpoint does not exist',
  MG4002: 'the weights checkpoint is not a .safetensors file',
  MG4010: 'a checkpoint tensor is missing, unexpected or has the wrong shape',
  MG4011: 'a checkpoint tensor holds NaN or ±Inf (--allow-nonfinite to load it anyway)',
  MG4012: "a checkpoint's RevIN setting does not match the config",
  MG4021: 'a .safetensors file is truncated',
  MG4022: 'a .safetensors header is malformed',
  MG4023: 'a .safetensors tensor has an unsupported dtype',
  MG4024: "a .safetensors tensor's data does not match its shape",
  MG4025: 'a .safetensors file cannot be written',
  MG4101: 'an .npy file cannot be read',
  MG4102: 'not an .npy file',
  MG4103: 'unsupported .npy format version',
  MG4104: 'malformed .npy header',
  MG4105: 'Fortran-ordered .npy arrays are not supported',
  MG4106: 'unsupported .npy dtype (float32 and float64 are read)',
  MG4107: 'an .npy file is truncated',
  MG4108: 'an .npy array cannot be written',
  MG4110: 'an input array has the wrong shape for the config',
  MG4111: 'an input array holds NaN or ±Inf (--allow-nonfinite to run anyway)',
  MG4112: 'an output file (--json, --html, --csv) cannot be written there (a directory, or a missing folder)',
  MG4201: 'a CSV data set is malformed or too short',
  // code generation and toolchain
  MG3101: 'the plan needs more L1 per core than the core has',
  MG3102: 'the plan holds more DST tiles than fit',
  MG3103: "the experts' partial forecasts cannot be split over groups that large (too few free cores or experts)",
  MG5002: 'the output directory is not a molegen output (or is a file)',
  MG5003: 'a required tool (cmake, the compiler) is not installed',
  MG5004: 'a tool failed (CMake configure/build, or the generated program)',
  MG5005: 'no Python 3 with numpy (and pybind11) to build and run the Python module',
  MG5006: 'the output directory holds files molegen did not write (or that changed since)',
  MG5007: 'timed out waiting for another molegen process (emulator or project build)',
  // run: raised by the generated Python module (Model.forward / gates) as TypeError, ValueError or RuntimeError
  MG6001: 'an input is not a float32 numpy array (TypeError)',
  MG6002: 'an array is not C-contiguous, or `out` is read-only (ValueError)',
  MG6003: 'an input holds NaN or infinity (ValueError)',
  MG6004: 'the Python Model is closed, or gates() was called before forward() (RuntimeError)',
  // command line
  MG7001: 'an unknown option or command',
  MG7002: 'an option value is invalid (not a number, not an integer, out of range, or empty)',
  MG7003: 'a required option or argument is missing',
};

// ---------------------------------------------------------------------------------------------
// Rendering.

export interface FormatOptions {
  /** ANSI colours. Default false. */
  color?: boolean;
  /** Paths are printed relative to this directory. Default process.cwd(). */
  cwd?: string;
  /** Source text by absolute path; files not given are read from disk. */
  sources?: ReadonlyMap<string, string>;
  /** Lines of context around the offending line in the code frame. Default 1. */
  contextLines?: number;
}

const ANSI = { red: 31, yellow: 33, cyan: 36, gray: 90, bold: 1 } as const;

/**
 * Render diagnostics like the TypeScript compiler does:
 *
 *     config.ts:12:5 - error MG2001: router.topK must be ≥ 1
 *
 *       11 |   router: router.mlp({
 *     > 12 |     topK: 0,
 *          |     ^
 *       13 |   }),
 *
 *       hint: ...
 *
 * followed by a "Found N errors" footer.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  const paint = (code: number, text: string): string => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const cwd = options.cwd ?? process.cwd();
  const sourceCache = new Map<string, string[] | undefined>();
  const sourceLines = (file: string): string[] | undefined => {
    if (!sourceCache.has(file)) {
      let text = options.sources?.get(file);
      if (text === undefined) {
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          text = undefined;
        }
      }
      sourceCache.set(file, text?.split(/\r?\n/));
    }
    return sourceCache.get(file);
  };

  const blocks: string[] = [];
  for (const diagnostic of diagnostics) {
    const lines: string[] = [];
    const where = diagnostic.file ? displayPath(diagnostic.file, cwd) : undefined;
    const position =
      where === undefined ? '' : diagnostic.line !== undefined ? `${where}:${diagnostic.line}:${diagnostic.column ?? 1}` : where;
    const severity = diagnostic.severity === 'error' ? paint(ANSI.red, 'error') : paint(ANSI.yellow, 'warning');
    const head = `${severity} ${paint(ANSI.gray, diagnostic.code)}: ${diagnostic.message}`;
    lines.push(position ? `${paint(ANSI.cyan, position)} - ${head}` : head);

    const source = diagnostic.file && diagnostic.line !== undefined ? sourceLines(diagnostic.file) : undefined;
    if (source && diagnostic.line !== undefined && diagnostic.line >= 1 && diagnostic.line <= source.length) {
      lines.push('', ...codeFrame(source, diagnostic.line, diagnostic.column ?? 1, options.contextLines ?? 1, paint));
    }
    if (diagnostic.hint) lines.push('', `  hint: ${diagnostic.hint}`);
    blocks.push(lines.join('\n'));
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0) blocks.push(summaryLine(errors, warnings));
  return blocks.join('\n\n') + (blocks.length > 0 ? '\n' : '');
}

function codeFrame(
  source: string[],
  line: number,
  column: number,
  context: number,
  paint: (code: number, text: string) => string,
): string[] {
  const first = Math.max(1, line - context);
  const last = Math.min(source.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? '>' : ' ';
    const text = (source[n - 1] ?? '').replace(/\t/g, '  ');
    out.push(`${marker} ${paint(ANSI.gray, `${String(n).padStart(width)} |`)} ${text}`.trimEnd());
    if (n === line) {
      const before = (source[n - 1] ?? '').slice(0, column - 1).replace(/\t/g, '  ');
      out.push(`  ${paint(ANSI.gray, `${' '.repeat(width)} |`)} ${' '.repeat(before.length)}${paint(ANSI.red, '^')}`);
    }
  }
  return out;
}

function summaryLine(errors: number, warnings: number): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (warnings === 0) return `Found ${plural(errors, 'error')}.`;
  if (errors === 0) return `Found ${plural(warnings, 'warning')}.`;
  return `Found ${plural(errors, 'error')} and ${plural(warnings, 'warning')}.`;
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** The JSON form `molegen ... --format json` prints: counts plus the diagnostics as they are. */
export function diagnosticsToJson(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return JSON.stringify({ errors, warnings: diagnostics.length - errors, diagnostics }, null, 2);
}

/** True when at least one diagnostic is an error (warnings alone do not stop a build). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

// ---------------------------------------------------------------------------------------------
// Suggestions.

/** The allowed value closest to `written` (edit distance, or prefix), if it is plausibly a typo. */
export function closestMatch(written: string, allowed: readonly string[]): string | undefined {
  const lower = written.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const c = candidate.toLowerCase();
    const distance = lower.startsWith(c) || c.startsWith(lower) ? 0.5 : editDistance(lower, c);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  const limit = Math.max(1, Math.floor(written.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
