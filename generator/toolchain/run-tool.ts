// Runs external tools (cmake, the generated runner) through execa with the behaviour users
// expect: output captured and summarised on success, shown in full on failure, a clear MG5xxx
// error when the tool is missing, and progress lines for long steps (a "still ..." line every
// 15 s with `heartbeat`). A running tool is ended (SIGTERM) when molegen is interrupted.

import { execa } from 'execa';
import { MolegenError } from '../diagnostics.ts';
import { onInterrupt } from './lock.ts';

export interface Progress {
  step(message: string): void;
}

export const consoleProgress: Progress = {
  step(message) {
    process.stderr.write(`» ${message}\n`);
  },
};

export interface ToolOptions {
  what: string;
  cwd?: string;
  env?: Record<string, string>;
  progress?: Progress | undefined;
  /** Print "<what>: still running, N s" every 15 s (long builds). */
  heartbeat?: boolean;
}

export interface ToolResult {
  stdout: string;
  stderr: string;
  seconds: number;
}

export async function runTool(command: string, args: string[], options: ToolOptions): Promise<ToolResult> {
  const started = performance.now();
  const subprocess = execa(command, args, {
    cwd: options.cwd,
    env: options.env,
    reject: false,
    all: true,
    stdin: 'ignore',
  });
  const forget = onInterrupt(() => subprocess.kill('SIGTERM'));
  const beat = options.heartbeat && options.progress
    ? setInterval(() => options.progress?.step(`${options.what}: still running, ${Math.round((performance.now() - started) / 1000)} s`), 15_000)
    : undefined;
  let result: Awaited<typeof subprocess>;
  try {
    result = await subprocess;
  } finally {
    forget();
    if (beat) clearInterval(beat);
  }
  const seconds = (performance.now() - started) / 1000;
  if (result.failed) {
    const missing = (result as { code?: string }).code === 'ENOENT';
    if (missing) {
      throw new MolegenError([
        {
          code: 'MG5003',
          severity: 'error',
          message: `cannot ${options.what}: '${command}' is not installed or not on PATH`,
          hint: command === 'cmake' ? 'install CMake ≥ 3.22 and a C++20 compiler (Debian: apt-get install cmake g++ libfmt-dev)' : `install ${command}`,
        },
      ]);
    }
    const output = (result.all ?? '').trim();
    throw new MolegenError([
      {
        code: 'MG5004',
        severity: 'error',
        message: `failed to ${options.what} (${command} exited with ${result.exitCode ?? result.signal}):\n${output}`,
      },
    ]);
  }
  options.progress?.step(`${options.what}: done in ${seconds.toFixed(1)} s`);
  return { stdout: result.stdout ?? '', stderr: result.stderr ?? '', seconds };
}
