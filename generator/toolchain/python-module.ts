// The generated project's Python module: finds a Python 3 that has numpy, configures the project
// with -DMOLEGEN_PYTHON=ON for that interpreter (build/emulator-python, apart from the runner's build
// directory) and builds only the module, then runs it through run_module.py, which loads .npy
// inputs, calls Model.forward and writes .npy outputs, printing the runner's timing lines.

import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MolegenError } from '../diagnostics.ts';
import { pythonModuleName } from '../emit/python-module.ts';
import { REPO_ROOT } from '../emit/templates.ts';
import { ensureEmulator } from './emulator.ts';
import { type Backend, type HostBuildType, parseRunnerTiming, type RunnerInvocation, type RunnerTiming } from './project-build.ts';
import { runTool, type Progress } from './run-tool.ts';

const DRIVER = path.join(REPO_ROOT, 'generator', 'toolchain', 'run_module.py');

let cachedPython: string | undefined;

/**
 * The interpreter the module is built for and run with: $MOLEGEN_PYTHON, else the first of
 * `python3` on PATH and /usr/bin/python3 that can import numpy (a pyenv or venv python3 without
 * numpy falls through to Debian's). Returns its absolute sys.executable.
 */
export async function findPython(): Promise<string> {
  if (cachedPython) return cachedPython;
  const candidates = process.env.MOLEGEN_PYTHON ? [process.env.MOLEGEN_PYTHON] : ['python3', '/usr/bin/python3'];
  for (const candidate of candidates) {
    const probe = await execa(candidate, ['-c', 'import sys, numpy; print(sys.executable)'], { reject: false, stdin: 'ignore' });
    if (probe.exitCode === 0 && probe.stdout.trim() !== '') {
      cachedPython = probe.stdout.trim();
      return cachedPython;
    }
  }
  throw new MolegenError([
    {
      code: 'MG5005',
      severity: 'error',
      message: `no Python 3 with numpy for the Python module (tried ${candidates.join(', ')})`,
      hint: 'apt-get install python3-dev python3-numpy pybind11-dev, or set MOLEGEN_PYTHON to an interpreter that has numpy',
    },
  ]);
}

export interface BuiltModule {
  /** The interpreter the module was built for. */
  python: string;
  /** Import name, e.g. etth1_mole_dlinear. */
  moduleName: string;
  /** Directory to put on sys.path / PYTHONPATH. */
  moduleDir: string;
  /** The extension file, e.g. etth1_mole_dlinear.cpython-311-x86_64-linux-gnu.so. */
  modulePath: string;
}

/** Configures (MOLEGEN_PYTHON=ON) and builds only the Python module of a generated project. */
export async function buildPythonModule(projectDir: string, progress?: Progress, buildType: HostBuildType = 'Release', backend: Backend = 'emulator'): Promise<BuiltModule> {
  const python = await findPython();
  const name = JSON.parse(readFileSync(path.join(projectDir, 'manifest.json'), 'utf8')).name as string;
  const moduleName = pythonModuleName(name);
  const buildDir = path.join(projectDir, 'build', `${backend}-python`);
  const configureArgs = ['-S', projectDir, '-B', buildDir, `-DCMAKE_BUILD_TYPE=${buildType}`, `-DMOLEGEN_BACKEND=${backend}`, '-DMOLEGEN_PYTHON=ON', `-DPython_EXECUTABLE=${python}`];
  if (backend === 'emulator') configureArgs.push(`-DMOLEGEN_EMULATOR_PREFIX=${await ensureEmulator(progress)}`);
  progress?.step(`building the Python module ${moduleName} (${backend}, ${python})`);
  await runTool('cmake', configureArgs, { what: 'configure the generated project for Python', progress });
  await runTool('cmake', ['--build', buildDir, '--target', moduleName, '--parallel', '2'], { what: 'compile the Python module', progress });
  const moduleDir = path.join(buildDir, 'python');
  const file = existsSync(moduleDir) ? readdirSync(moduleDir).find((f) => f.startsWith(`${moduleName}.`) && f.endsWith('.so')) : undefined;
  if (!file) {
    throw new MolegenError([{ code: 'MG5004', severity: 'error', message: `the build did not produce the Python module ${moduleName} in ${moduleDir}` }]);
  }
  return { python, moduleName, moduleDir, modulePath: path.join(moduleDir, file) };
}

/** Runs Model.forward on .npy inputs in a fresh interpreter (run_module.py), like runRunner runs the C++ runner. */
export async function runModule(built: BuiltModule, io: RunnerInvocation, progress?: Progress): Promise<{ stdout: string; timing: RunnerTiming | undefined }> {
  const args = [DRIVER, '--module-dir', built.moduleDir, '--module', built.moduleName, '--x', io.x, '--marks', io.marks, '--out', io.out, '--iters', String(io.iters ?? 1), '--warmup', String(io.warmup ?? 0)];
  if (io.gates) args.push('--gates', io.gates);
  progress?.step(`running the generated program through the Python module ${built.moduleName}`);
  const result = await runTool(built.python, args, { what: 'run the Python module', progress });
  return { stdout: result.stdout, timing: parseRunnerTiming(result.stdout) };
}
