// Inter-process locks for molegen's caches and build folders: a lock is a directory created
// atomically (mkdir) holding owner.json = { pid, start } — the owner's PID and its start time
// (/proc/<pid>/stat on Linux), so a recycled PID is not mistaken for the owner. A lock whose owner
// is gone is stale and is taken over with a message; while a live owner holds it the waiter prints
// a progress line every few seconds. Held locks are released, and registered child processes
// ended, on SIGINT/SIGTERM (the process then exits 130/143). It runs no tools itself.

import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MolegenError } from '../diagnostics.ts';

export interface LockOwner {
  pid: number;
  /** Process start time as the OS reports it ('' when unknown). */
  start: string;
}

export interface LockOptions {
  /** What the owner is doing, for the waiting message: "building the emulator". */
  what: string;
  /** Called with a line to show the user (waiting, taking over). */
  report?: (line: string) => void;
  /** Milliseconds between two "waiting" lines (default 10 s). */
  reportEvery?: number;
  /** Milliseconds between two attempts (default 250). */
  pollEvery?: number;
  /** Give up after this many milliseconds (default 2 h). */
  timeout?: number;
}

/** The start time of process `pid` as /proc records it (clock ticks since boot), or '' where there is no /proc. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? '';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') {
      try {
        statSync('/proc/self/stat');
        return undefined; // /proc exists, so the process does not
      } catch {
        return ''; // no /proc on this OS
      }
    }
    return '';
  }
}

export const selfOwner = (): LockOwner => ({ pid: process.pid, start: processStart(process.pid) ?? '' });

/** True while the recorded owner is still running (same PID and same start time). */
export function ownerAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStart(owner.pid);
  if (start === undefined) return false;
  return owner.start === '' || start === '' || start === owner.start;
}

function readOwner(lockDir: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path.join(lockDir, 'owner.json'), 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) && owner.pid > 0 ? { pid: owner.pid, start: String(owner.start ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

const waitedSeconds = (since: number): number => Math.round((Date.now() - since) / 1000);

// ---------------------------------------------------------------------------------------------
// Ending cleanly on Ctrl-C / SIGTERM.

const cleanups = new Set<() => void>();
let handlersInstalled = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // best effort: the process is ending
    }
  }
  process.stderr.write(`\nmolegen: stopped by ${signal}\n`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/** Runs `cleanup` if the process is interrupted before the returned function is called. */
export function onInterrupt(cleanup: () => void): () => void {
  if (!handlersInstalled) {
    handlersInstalled = true;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

// ---------------------------------------------------------------------------------------------

/** Runs `body` holding the lock directory `lockDir` (created atomically; removed afterwards). */
export async function withLock<T>(lockDir: string, options: LockOptions, body: () => Promise<T>): Promise<T> {
  const report = options.report ?? (() => {});
  const reportEvery = options.reportEvery ?? 10_000;
  const pollEvery = options.pollEvery ?? 250;
  const started = Date.now();
  let lastReport = -Infinity;
  let unownedSince: number | undefined;
  const me = selfOwner();
  mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'owner.json'), `${JSON.stringify(me)}\n`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lockDir);
    const now = Date.now();
    if (owner && !ownerAlive(owner)) {
      report(`taking over a stale lock ${lockDir} (pid ${owner.pid} ${options.what} is no longer running)`);
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!owner) {
      // Just created by someone who has not written owner.json yet, or left half-made by a crash.
      unownedSince ??= now;
      if (now - unownedSince > 5_000) {
        report(`taking over a lock without an owner ${lockDir}`);
        rmSync(lockDir, { recursive: true, force: true });
        unownedSince = undefined;
        continue;
      }
    } else unownedSince = undefined;
    if (now - lastReport >= reportEvery) {
      lastReport = now;
      report(`waiting for another molegen ${options.what}${owner ? `, pid ${owner.pid}` : ''}, ${waitedSeconds(started)} s`);
    }
    if (now - started > (options.timeout ?? 2 * 3600_000)) {
      throw new MolegenError([
        {
          code: 'MG5007',
          severity: 'error',
          message: `timed out after ${waitedSeconds(started)} s waiting for another molegen ${options.what} (pid ${owner?.pid ?? 'unknown'}, lock ${lockDir})`,
          hint: 'wait for that process to finish, or end it; a lock whose process has ended is taken over automatically',
        },
      ]);
    }
    await sleep(pollEvery);
  }
  const release = (): void => {
    const owner = readOwner(lockDir);
    if (owner && owner.pid === me.pid) rmSync(lockDir, { recursive: true, force: true });
  };
  const forget = onInterrupt(release);
  try {
    return await body();
  } finally {
    forget();
    release();
  }
}
