// Evaluates a user's config in a worker thread (evaluate-worker.mjs, one per process, reused) with a time limit,
// so a config that loops forever, calls process.exit or leaves timers running cannot hang or end
// molegen. Returns the default export (re-marked as made by defineMoLE) or throws a MolegenError:
// MG1004 threw (at its line), MG1003 not a defineMoLE config, MG1007 time limit, MG1008 process.exit.
// It does not type-check or validate; generator/load/index.ts calls it after the type-check.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MOLE_CONFIG_BRAND } from '../../dsl/index.ts';
import type { MoleConfig } from '../../dsl/config.ts';
import { MolegenError, type Diagnostic } from '../diagnostics.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER = path.join(here, 'evaluate-worker.mjs');
const EVAL_TSCONFIG = path.join(here, 'tsconfig.eval.json');
const DSL_ENTRY = path.resolve(here, '../../dsl/index.ts');

/** The evaluation time limit in seconds: $MOLEGEN_CONFIG_TIMEOUT, default 20. */
export function configTimeLimit(): number {
  const value = Number(process.env.MOLEGEN_CONFIG_TIMEOUT);
  return Number.isFinite(value) && value > 0 ? value : 20;
}

type WorkerReply =
  | { kind: 'config'; config: MoleConfig }
  | { kind: 'not-config'; what: string }
  | { kind: 'threw' | 'exit'; message: string; stack: string };

export interface EvaluateLocations {
  /** Where the default export is, for MG1003. */
  exportLocation(): Promise<Pick<Diagnostic, 'line' | 'column'>>;
}

// One worker per process, reused for the next config (tsx starts once); a config that hits the time
// limit or ends its thread takes the worker with it and the next one starts fresh. unref'd: an idle
// worker never keeps molegen alive.
let shared: Worker | undefined;
let nextId = 0;

function worker(): Worker {
  if (shared) return shared;
  const created = new Worker(WORKER, {
    workerData: { parentURL: import.meta.url, tsconfig: EVAL_TSCONFIG, dslEntry: DSL_ENTRY },
    // The config sees the same environment but cannot change molegen's.
    env: { ...process.env },
  });
  created.unref();
  created.once('exit', () => {
    if (shared === created) shared = undefined;
  });
  shared = created;
  return created;
}

type Outcome = WorkerReply | { kind: 'timeout' } | { kind: 'ended'; code: number } | { kind: 'crashed'; error: Error };

export async function evaluateConfig(configPath: string, where: EvaluateLocations, overrides: ReadonlyArray<{ path: string[]; value: unknown }> = []): Promise<MoleConfig> {
  const seconds = configTimeLimit();
  const w = worker();
  const id = nextId++;
  const reply = await new Promise<Outcome>((resolve) => {
    const done = (outcome: Outcome): void => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      resolve(outcome);
    };
    const onMessage = (message: WorkerReply & { id: number }): void => {
      if (message.id === id) done(message);
    };
    const onError = (error: Error): void => done({ kind: 'crashed', error });
    const onExit = (code: number): void => done({ kind: 'ended', code });
    const timer = setTimeout(() => done({ kind: 'timeout' }), seconds * 1000);
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    w.postMessage({ id, configPath, overrides, env: { ...process.env } });
  });
  if (reply.kind === 'timeout' || reply.kind === 'crashed') {
    if (shared === w) shared = undefined;
    await w.terminate();
  }

  const base = path.basename(configPath);
  switch (reply.kind) {
    case 'config': {
      Object.defineProperty(reply.config, MOLE_CONFIG_BRAND, { value: true, enumerable: false });
      return reply.config;
    }
    case 'not-config':
      throw new MolegenError([
        {
          code: 'MG1003',
          severity: 'error',
          message: `${base} ${reply.what}, not a config made by defineMoLE(...)`,
          hint: "write `export default defineMoLE({ ... })` (or an async function's result, awaited) with defineMoLE imported from 'molegen'",
          file: configPath,
          ...(await where.exportLocation()),
        },
      ]);
    case 'threw':
    case 'exit':
      throw new MolegenError([evaluationDiagnostic(reply, configPath)]);
    case 'timeout':
      throw new MolegenError([
        {
          code: 'MG1007',
          severity: 'error',
          message: `evaluating ${base} did not finish within the ${seconds} s limit (an endless loop, or waiting on something that never comes)`,
          hint: 'a config should only build data; raise the limit with MOLEGEN_CONFIG_TIMEOUT=<seconds> if it really needs longer',
          file: configPath,
        },
      ]);
    case 'ended':
      throw new MolegenError([
        { code: 'MG1008', severity: 'error', message: `${base} ended the evaluation (exit code ${reply.code}) without exporting a config`, hint: 'do not call process.exit or end the thread in a config', file: configPath },
      ]);
    case 'crashed':
      throw new MolegenError([evaluationDiagnostic({ kind: 'threw', message: reply.error.message, stack: reply.error.stack ?? '' }, configPath)]);
  }
}

function evaluationDiagnostic(reply: { kind: 'threw' | 'exit'; message: string; stack: string }, configPath: string): Diagnostic {
  const diagnostic: Diagnostic =
    reply.kind === 'exit'
      ? { code: 'MG1008', severity: 'error', message: `${path.basename(configPath)}: ${reply.message}`, hint: 'a config must not end the process; export the config instead', file: configPath }
      : {
          code: 'MG1004',
          severity: 'error',
          message: `evaluating ${path.basename(configPath)} threw: ${reply.message.split('\n')[0]}`,
          hint: 'a config should only build data; fix the code that throws here',
          file: configPath,
        };
  const escaped = configPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // ESM configs: the file path with tsx's source map applied; CommonJS ones: tsx's data: URL names the file as filePath=<encoded path>.
  const encoded = encodeURIComponent(configPath).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const frame =
    new RegExp(`${escaped}(?:\\?[^:]*)?:(\\d+):(\\d+)`).exec(reply.stack) ?? new RegExp(`filePath=${encoded}(?:%3F[^:]*)?:(\\d+):(\\d+)`).exec(reply.stack);
  if (frame) {
    diagnostic.line = Number(frame[1]);
    diagnostic.column = Number(frame[2]);
  }
  return diagnostic;
}
