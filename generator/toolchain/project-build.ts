// Configures and builds a generated project with CMake against the emulator (or, with
// backend 'tt-metal', against a real tt-metal found through CMAKE_PREFIX_PATH), and runs its
// runner. Build directories live inside the project under build/ (molegen never writes there
// during `molegen build`). Two molegen processes building the same project take turns (a lock in
// build/, generator/toolchain/lock.ts) instead of configuring the same build folder at once.

import path from 'node:path';
import { ensureEmulator } from './emulator.ts';
import { withLock } from './lock.ts';
import { runTool, type Progress } from './run-tool.ts';

export type Backend = 'emulator' | 'tt-metal';

export interface BuiltProject {
  executable: string;
  buildDir: string;
}

/** CMake build type of the host program: Release for users; '' (no optimisation) for tests that build many projects. */
export type HostBuildType = 'Release' | '';

export async function buildProject(projectDir: string, backend: Backend, progress?: Progress, buildType: HostBuildType = 'Release'): Promise<BuiltProject> {
  const buildDir = path.join(projectDir, 'build', backend);
  const configureArgs = ['-S', projectDir, '-B', buildDir, `-DCMAKE_BUILD_TYPE=${buildType}`, `-DMOLEGEN_BACKEND=${backend}`];
  if (backend === 'emulator') configureArgs.push(`-DMOLEGEN_EMULATOR_PREFIX=${await ensureEmulator(progress)}`);
  const report = (line: string): void => progress?.step(line);
  await withLock(`${buildDir}.lock`, { what: `building ${projectDir}`, report }, async () => {
    progress?.step(`building the generated project (${backend})`);
    await runTool('cmake', configureArgs, { what: 'configure the generated project', progress });
    await runTool('cmake', ['--build', buildDir, '--parallel', '2'], { what: 'compile the generated project', progress, heartbeat: true });
  });
  return { executable: path.join(buildDir, 'mole_runner'), buildDir };
}

export interface RunnerTiming {
  medianMs: number;
  seqPerSecond: number;
}

export interface RunnerInvocation {
  x: string;
  marks: string;
  out: string;
  /** Also write the gates [B, C, K] of the last forward here. */
  gates?: string;
  iters?: number;
  warmup?: number;
  /** Run with the emulator's watcher on (TT_METAL_WATCHER=1), as the environment may also ask. */
  watcher?: boolean;
}

export interface RunnerOutput {
  stdout: string;
  timing: RunnerTiming | undefined;
  /** What the emulator's watcher reported on stderr (lines starting "[watcher]"): protocol slips of the kernels. */
  watcherReports: string[];
}

export async function runRunner(built: BuiltProject, io: RunnerInvocation, progress?: Progress): Promise<RunnerOutput> {
  const args = ['--x', io.x, '--marks', io.marks, '--out', io.out, '--iters', String(io.iters ?? 1), '--warmup', String(io.warmup ?? 0)];
  if (io.gates) args.push('--gates', io.gates);
  progress?.step('running the generated program');
  const result = await runTool(built.executable, args, { what: 'run the generated program', progress, ...(io.watcher ? { env: { TT_METAL_WATCHER: '1' } } : {}) });
  const watcherReports = result.stderr.split('\n').filter((line) => line.startsWith('[watcher]'));
  for (const report of watcherReports) progress?.step(report);
  return { stdout: result.stdout, timing: parseRunnerTiming(result.stdout), watcherReports };
}

/** The runner's timing lines (`latency_ms median=…`, `throughput_seq_per_s=…`); the Python driver prints the same. */
export function parseRunnerTiming(stdout: string): RunnerTiming | undefined {
  const median = /latency_ms median=([\d.]+)/.exec(stdout);
  const seq = /throughput_seq_per_s=([\d.]+)/.exec(stdout);
  return median && seq ? { medianMs: Number(median[1]), seqPerSecond: Number(seq[1]) } : undefined;
}
