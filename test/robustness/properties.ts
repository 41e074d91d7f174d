// Property-based fuzzing of everything a user hands molegen — configs, command lines, .npy,
// .safetensors and CSV files — shared by the CI tier (test/robustness/fuzz.test.ts, ≥ 1,000 cases)
// and the benchmark script (bench/robustness-fuzz.ts, ≥ 10,000). Every property asserts the same
// contract: no internal error (only MolegenError escapes), every diagnostic code is registered in
// DIAGNOSTIC_CODES, and on error no file is written or removed. In process, no CLI spawns.

import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { MoleConfig } from '../../dsl/config.ts';
import { defineMoLE, experts, router } from '../../dsl/index.ts';
import { exportCheckpoint, moleLayout } from '../../reference/checkpoint.ts';
import { serializeNpy } from '../../reference/npy.ts';
import { serializeSafetensors } from '../../reference/safetensors.ts';
import { randomStateDict } from '../../reference/weights.ts';
import { main } from '../../generator/cli.ts';
import { DIAGNOSTIC_CODES, MolegenError, type Diagnostic } from '../../generator/diagnostics.ts';
import { configFromObject } from '../../generator/load/index.ts';
import { loadWeights, planFor } from '../../generator/pipeline.ts';
import { validateConfig } from '../../generator/validate/index.ts';
import { datasetInputs } from '../../generator/verify/inputs.ts';
import { readUserInputs } from '../../generator/verify/user-inputs.ts';

export interface FuzzCounts {
  [property: string]: number;
}

/** A directory's files (path → size and mtime), to prove nothing was written or removed. */
function listing(dir: string): string {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(p);
      else {
        const s = statSync(path.join(dir, p));
        out.push(`${p}:${s.size}:${s.mtimeMs}`);
      }
    }
  };
  walk('');
  return out.sort().join('\n');
}

function assertRegistered(diagnostics: readonly Diagnostic[], context: string): void {
  if (diagnostics.length === 0) throw new Error(`${context}: a MolegenError without diagnostics`);
  for (const d of diagnostics) {
    if (!(d.code in DIAGNOSTIC_CODES)) throw new Error(`${context}: unregistered code ${d.code}: ${d.message}`);
  }
}

/** Runs `body`; a MolegenError must carry registered codes; any other exception fails the property. */
function expectCodedOrOk(body: () => void, context: string): 'ok' | 'rejected' {
  try {
    body();
    return 'ok';
  } catch (error) {
    if (error instanceof MolegenError) {
      assertRegistered(error.diagnostics, context);
      return 'rejected';
    }
    throw new Error(`${context}: internal error ${(error as Error).stack ?? String(error)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Configs: definitions with values in and out of range and of the wrong type.

const SMALL = (): MoleConfig =>
  defineMoLE({
    name: 'fuzz',
    input: { seqLen: 16, channels: 3 },
    predLen: 8,
    batch: 2,
    experts: experts.dlinear({ count: 2, kernelSize: 5 }),
    router: router.mlp({}),
  });

const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);
const maybe = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: junk });
const size = (min: number, max: number): fc.Arbitrary<unknown> => maybe(fc.oneof(fc.integer({ min, max }), fc.integer({ min: -2, max: 2 * max })));

const definition = fc.record({
  name: maybe(fc.oneof(fc.constant('fuzz-model'), fc.string({ maxLength: 8 }))),
  input: maybe(fc.record({ seqLen: size(8, 96), channels: size(1, 8), freq: maybe(fc.constantFrom('h', 't', 'd', 'x')) }, { requiredKeys: [] })),
  predLen: size(1, 48),
  batch: size(1, 8),
  experts: maybe(
    fc.oneof(
      fc.record({ kind: fc.constant('dlinear'), count: size(1, 8), kernelSize: size(1, 31), individual: maybe(fc.boolean()) }, { requiredKeys: ['kind'] }),
      fc.record({ kind: fc.constantFrom('rlinear', 'rmlp'), count: size(1, 8), dropout: maybe(fc.double({ min: 0, max: 1, noNaN: true })) }, { requiredKeys: ['kind'] }),
    ),
  ),
  router: maybe(fc.record({ kind: fc.constant('mlp'), topK: size(1, 8), input: maybe(fc.constantFrom('time', 'stats')), hidden: size(1, 64) }, { requiredKeys: ['kind'] })),
  target: maybe(fc.record({ arch: maybe(fc.constantFrom('wormhole_b0', 'blackhole')), grid: maybe(fc.tuple(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 14 }))), dtype: maybe(fc.constantFrom('bf16', 'fp32')) }, { requiredKeys: [] })),
  extra: fc.option(fc.dictionary(fc.constantFrom('frob', 'lr', 'epochs'), junk, { maxKeys: 1 })),
});

/** Definitions → defineMoLE → validate (→ plan when valid). */
export function configProperty(numRuns: number, seed?: number): void {
  fc.assert(
    fc.property(definition, (raw) => {
      const { extra, ...rest } = raw as Record<string, unknown>;
      const def = Object.fromEntries(Object.entries({ ...rest, ...(extra ?? {}) }).filter(([, v]) => v !== undefined));
      let config: MoleConfig;
      try {
        config = defineMoLE(def as never);
      } catch {
        return; // a throwing config is MG1004 at evaluation (tested in the load tests)
      }
      let diagnostics: Diagnostic[] = [];
      try {
        diagnostics = validateConfig(configFromObject(config));
      } catch (error) {
        throw new Error(`validateConfig threw on ${JSON.stringify(def)}: ${(error as Error).stack}`);
      }
      for (const d of diagnostics) if (!(d.code in DIAGNOSTIC_CODES)) throw new Error(`unregistered ${d.code}`);
      if (diagnostics.some((d) => d.severity === 'error')) return;
      // A config validation accepts must plan (validate rejects exactly what build cannot fit).
      expectCodedOrOk(() => planFor(config, randomStateDict(config, 1)), `plan of ${JSON.stringify(def)}`);
    }),
    { numRuns, ...(seed !== undefined ? { seed } : {}) },
  );
}

// ---------------------------------------------------------------------------------------------
// Bytes: valid files with mutations (truncation, flipped bytes, edited header text).

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('flips' as const), at: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }) }),
  fc.record({ kind: fc.constant('replace' as const), from: fc.constantFrom("'<f4'", "'<f8'", 'False', 'True', '"F32"', '"shape"', 'data_offsets', '(', ','), to: fc.constantFrom("'<i4'", "'>f4'", 'True', '"F64"', '"BF16"', '"I8"', '((', '', '1e400', '-1', 'NaN') }),
  fc.record({ kind: fc.constant('nonfinite' as const), at: fc.nat(), value: fc.constantFrom(Number.NaN, Infinity, -Infinity) }),
  fc.constant({ kind: 'none' as const }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: Uint8Array, m: Mutation, dataStart: number, itemSize: 4 | 8): Uint8Array {
  const out = Uint8Array.from(bytes);
  switch (m.kind) {
    case 'none':
      return out;
    case 'truncate':
      return out.subarray(0, m.at % (out.length + 1));
    case 'flip':
      out[m.at % out.length] = m.value;
      return out;
    case 'flips':
      for (const [at, value] of m.at) out[at % out.length] = value;
      return out;
    case 'replace': {
      const text = Buffer.from(out).toString('latin1');
      return Uint8Array.from(Buffer.from(text.replace(m.from, m.to), 'latin1'));
    }
    case 'nonfinite': {
      const count = Math.floor((out.length - dataStart) / itemSize);
      if (count <= 0) return out;
      const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      const at = dataStart + (m.at % count) * itemSize;
      if (itemSize === 4) view.setFloat32(at, m.value, true);
      else view.setFloat64(at, m.value, true);
      return out;
    }
  }
}

export interface Scratch {
  dir: string;
  dispose(): void;
}

export function scratch(prefix: string): Scratch {
  const dir = mkdtempSync(path.join(os.tmpdir(), `molegen-fuzz-${prefix}-`));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Mutated x and marks .npy files through the checks `run` makes on both backends. */
export function npyProperty(numRuns: number, seed?: number): void {
  const config = SMALL();
  const { seqLen: L, channels: C } = config.input;
  const B = config.batch;
  const s = scratch('npy');
  try {
    fc.assert(
      fc.property(
        fc.constantFrom<'float32' | 'float64'>('float32', 'float64'),
        fc.constantFrom([B, L, C], [B, C, L], [B, L * C], [L, C], [B, L, C, 1], [0, L, C]),
        fc.constantFrom([B, 4], [B, L, 4], [B, 4, L], [B, 5], [4]),
        mutation,
        mutation,
        (dtype, xShape, marksShape, mx, mm) => {
          const make = (shape: readonly number[]): Uint8Array => serializeNpy(shape, new Float64Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => Math.sin(i)), dtype);
          const x = make(xShape);
          const marks = make(marksShape);
          const header = (b: Uint8Array): number => 10 + new DataView(b.buffer, b.byteOffset).getUint16(8, true);
          const xFile = path.join(s.dir, 'x.npy');
          const marksFile = path.join(s.dir, 'marks.npy');
          writeFileSync(xFile, mutate(x, mx, header(x), dtype === 'float32' ? 4 : 8));
          writeFileSync(marksFile, mutate(marks, mm, header(marks), dtype === 'float32' ? 4 : 8));
          const before = listing(s.dir);
          expectCodedOrOk(() => {
            const inputs = readUserInputs(config, xFile, marksFile);
            if (inputs.x.length !== B * L * C || inputs.x.some((v) => !Number.isFinite(v))) throw new Error('accepted x of the wrong size or with non-finite values');
          }, `npy ${dtype} ${xShape} ${marksShape} ${JSON.stringify(mx)} ${JSON.stringify(mm)}`);
          if (listing(s.dir) !== before) throw new Error('reading inputs changed the directory');
        },
      ),
      { numRuns, ...(seed !== undefined ? { seed } : {}) },
    );
  } finally {
    s.dispose();
  }
}

/** Mutated .safetensors checkpoints through loadWeights (read, layout detection, shapes, non-finite values). */
export function safetensorsProperty(numRuns: number, seed?: number): void {
  const config = SMALL();
  const valid = serializeSafetensors(exportCheckpoint(randomStateDict(config, 3), moleLayout(config)));
  const dataStart = 8 + Number(new DataView(valid.buffer, valid.byteOffset).getBigUint64(0, true));
  const s = scratch('safetensors');
  try {
    fc.assert(
      fc.property(mutation, fc.boolean(), (m, allowNonfinite) => {
        const file = path.join(s.dir, 'w.safetensors');
        writeFileSync(file, mutate(valid, m, dataStart, 4));
        const before = listing(s.dir);
        expectCodedOrOk(() => {
          const weights = loadWeights(configFromObject(config), file, { allowNonfinite });
          if (!allowNonfinite) {
            for (const [name, t] of weights.stateDict) if (t.data.some((v) => !Number.isFinite(v))) throw new Error(`accepted non-finite ${name}`);
          }
        }, `safetensors ${JSON.stringify(m)}`);
        if (listing(s.dir) !== before) throw new Error('loading weights changed the directory');
      }),
      { numRuns, ...(seed !== undefined ? { seed } : {}) },
    );
  } finally {
    s.dispose();
  }
}

/** CSV data sets with ragged rows, bad cells, bad dates, short files, odd headers. */
export function csvProperty(numRuns: number, seed?: number): void {
  const config = defineMoLE({ name: 'fuzz-csv', input: { seqLen: 8, channels: 2 }, predLen: 4, batch: 2, experts: experts.dlinear({ count: 2, kernelSize: 3 }), router: router.mlp({}) });
  const s = scratch('csv');
  const cell = fc.oneof({ weight: 6, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }).map((v) => v.toFixed(3)) }, { weight: 1, arbitrary: fc.constantFrom('', 'NaN', 'inf', 'abc', '1e999', ' ', '"1"', '1,2') });
  const date = (i: number): string => new Date(Date.UTC(2016, 0, 1) + i * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
  try {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }),
        fc.constantFrom('date,a,OT', 'date,OT', 'a,b,OT', 'date,a,b,OT', '', 'date,a,OT,'),
        fc.array(fc.tuple(fc.nat(), cell), { maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('2016-13-01 00:00:00', 'yesterday', '', '2016-01-01')), { maxLength: 2 }),
        fc.constantFrom('\n', '\r\n'),
        (rows, header, badCells, badDates, eol) => {
          const width = Math.max(1, header.split(',').length - 1);
          const lines: string[] = [header];
          for (let r = 0; r < rows; r++) lines.push([date(r), ...Array.from({ length: width }, (_, c) => Math.sin(r + c).toFixed(3))].join(','));
          for (const [at, value] of badCells) if (rows > 0) lines[1 + (at % rows)] += `,${value}`;
          for (const [at, value] of badDates) if (rows > 0) lines[1 + (at % rows)] = lines[1 + (at % rows)]!.replace(/^[^,]*/, value);
          const file = path.join(s.dir, 'data.csv');
          writeFileSync(file, lines.join(eol));
          const before = listing(s.dir);
          expectCodedOrOk(() => {
            const inputs = datasetInputs(config, file);
            if (inputs.x.some((v) => !Number.isFinite(v))) throw new Error('accepted a data set with non-finite values');
          }, `csv rows=${rows} header=${header}`);
          if (listing(s.dir) !== before) throw new Error('reading a CSV changed the directory');
        },
      ),
      { numRuns, ...(seed !== undefined ? { seed } : {}) },
    );
  } finally {
    s.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Command lines: known and misspelt options, numbers in and out of range, empty paths.

const OPTION_NAMES = ['out', 'x', 'marks', 'weights', 'weigths', 'batch', 'batch-size', 'iters', 'warmup', 'seed', 'lr', 'epochs', 'patience', 'head-dropout', 'load-balance', 'data', 'format', 'check', 'force', 'backend', 'numerics', 'frobnicate', 'allow-nonfinite', 'progress', 'csv', 'emulator'];
const OPTION_VALUES = ['0', '-5', '1', '32', '100000', 'abc', '', 'NaN', 'Infinity', '1.5', '1e3', 'json', 'text', 'reference', 'emulator', 'fp64', '--', '-1e-9', '0x10'];

/** main(argv) in process on a config path that does not exist: options are checked before anything runs. */
export async function cliProperty(numRuns: number, seed?: number): Promise<void> {
  const s = scratch('cli');
  mkdirSync(path.join(s.dir, 'folder'));
  const missingConfig = path.join(s.dir, 'missing.ts');
  const write = { out: process.stdout.write, err: process.stderr.write };
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('validate', 'inspect', 'build', 'run', 'verify', 'train', 'eval', 'bench', 'valdate'),
        fc.constantFrom(missingConfig, path.join(s.dir, 'folder'), ''),
        fc.array(fc.tuple(fc.constantFrom(...OPTION_NAMES), fc.option(fc.constantFrom(...OPTION_VALUES)), fc.boolean()), { maxLength: 5 }),
        async (command, config, options) => {
          const argv = [command, ...(config ? [config] : [])];
          for (const [name, value, equals] of options) {
            const v = value === null ? undefined : value.startsWith('--') ? value : value;
            if (v === undefined) argv.push(`--${name}`);
            else if (equals) argv.push(`--${name}=${v}`);
            else argv.push(`--${name}`, v);
          }
          let output = '';
          process.stdout.write = ((chunk: string | Uint8Array) => ((output += String(chunk)), true)) as typeof process.stdout.write;
          process.stderr.write = ((chunk: string | Uint8Array) => ((output += String(chunk)), true)) as typeof process.stderr.write;
          const before = listing(s.dir);
          let code: number;
          try {
            code = await main(argv);
          } finally {
            process.stdout.write = write.out;
            process.stderr.write = write.err;
          }
          if (code !== 1) throw new Error(`molegen ${argv.join(' ')} exited ${code}:\n${output}`);
          const codes = [...output.matchAll(/\bMG\d{4}\b/g)].map((m) => m[0]);
          if (codes.length === 0) throw new Error(`molegen ${argv.join(' ')} failed without a code:\n${output}`);
          for (const c of codes) if (!(c in DIAGNOSTIC_CODES)) throw new Error(`unregistered ${c} from molegen ${argv.join(' ')}`);
          if (listing(s.dir) !== before) throw new Error(`molegen ${argv.join(' ')} changed the directory`);
        },
      ),
      { numRuns, ...(seed !== undefined ? { seed } : {}) },
    );
  } finally {
    s.dispose();
  }
}
