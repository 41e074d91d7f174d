// Benchmark: N forecasts from Python through the generated module (one process, one Model, N
// forward calls on numpy arrays) against N runs of the generated C++ runner on .npy files (one
// process per forecast, as a pipeline calling the runner would), on the same inputs in the same
// run. Prints wall time per forecast for each and the ratio; also each side's in-process forward
// median, and the module's memory after 5 and after N calls. Not a test: numbers depend on the
// machine; only ratios within one run mean anything.
//   npx tsx bench/python-vs-runner.ts [config.ts] [--calls N]

import { execa } from 'execa';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { defaultOutDir } from '../generator/commands/build.ts';
import { writeProject } from '../generator/emit/write-output.ts';
import { REPO_ROOT } from '../generator/emit/templates.ts';
import { compileProject, loadChecked, loadWeights } from '../generator/pipeline.ts';
import { buildProject, parseRunnerTiming } from '../generator/toolchain/project-build.ts';
import { buildPythonModule } from '../generator/toolchain/python-module.ts';
import { consoleProgress } from '../generator/toolchain/run-tool.ts';
import { seededInputs } from '../generator/verify/inputs.ts';
import { writeNpy } from '../reference/npy.ts';

const args = process.argv.slice(2);
const configPath = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--calls') ?? 'examples/etth1.ts';
const callsFlag = args.indexOf('--calls');
const calls = callsFlag >= 0 ? Number(args[callsFlag + 1]) : 100;

const { loaded } = await loadChecked(configPath);
const config = loaded.config;
const inputs = seededInputs(config, 1);
const projectDir = defaultOutDir(config.name);
writeProject(projectDir, compileProject(loaded, loadWeights(loaded)).files);
const runner = await buildProject(projectDir, 'emulator', consoleProgress);
const module = await buildPythonModule(projectDir, consoleProgress);

const ioDir = path.join(projectDir, 'build', 'bench-python');
mkdirSync(ioDir, { recursive: true });
const files = { x: path.join(ioDir, 'x.npy'), marks: path.join(ioDir, 'marks.npy'), out: path.join(ioDir, 'y.npy') };
writeNpy(files.x, [config.batch, config.input.seqLen, config.input.channels], inputs.x);
writeNpy(files.marks, [config.batch, inputs.marks.length / config.batch], inputs.marks);
const runnerArgs = ['--x', files.x, '--marks', files.marks, '--out', files.out];

// Warm the emulator's kernel cache so that neither side pays for compiling kernels.
await execa(runner.executable, runnerArgs);

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

consoleProgress.step(`${calls} forward calls from Python`);
let started = performance.now();
const session = await execa(module.python, [path.join(REPO_ROOT, 'bench', 'python_forward.py'), module.moduleDir, module.moduleName, files.x, files.marks, String(calls)]);
const pythonWallMs = performance.now() - started;
const python = JSON.parse(session.stdout) as { open_ms: number; call_ms: number[]; rss_kib_after_5: number; rss_kib_after_all: number };

consoleProgress.step(`${calls} runs of the C++ runner`);
started = performance.now();
for (let i = 0; i < calls; i++) await execa(runner.executable, runnerArgs);
const runnerWallMs = performance.now() - started;

consoleProgress.step(`one C++ runner process with --iters ${calls}`);
const inProcess = parseRunnerTiming((await execa(runner.executable, [...runnerArgs, '--iters', String(calls), '--warmup', '0'])).stdout);

const rows: Array<[string, number]> = [
  [`C++ runner, ${calls} processes (.npy in/out)`, runnerWallMs / calls],
  [`Python module, 1 process, ${calls} forward()`, pythonWallMs / calls],
];
const baseline = rows[0]![1];
console.log(`\n${config.name}: batch ${config.batch}, ${calls} forecasts each, wall time per forecast (process start, device open and weight upload included)`);
console.log(`${'how'.padEnd(44)}${'ms/forecast'.padStart(13)}${'vs runner'.padStart(11)}`);
for (const [name, ms] of rows) console.log(`${name.padEnd(44)}${ms.toFixed(2).padStart(13)}${`${(baseline / ms).toFixed(2)}×`.padStart(11)}`);
console.log(`\nin-process forward, median of ${calls}: Python ${median(python.call_ms).toFixed(2)} ms, C++ runner ${inProcess?.medianMs.toFixed(2) ?? '?'} ms` +
  (inProcess ? ` (Python / C++ = ${(median(python.call_ms) / inProcess.medianMs).toFixed(3)})` : ''));
console.log(`Python: Model() opened in ${python.open_ms.toFixed(1)} ms; resident memory ${python.rss_kib_after_5} KiB after 5 calls, ${python.rss_kib_after_all} KiB after ${calls} (${python.rss_kib_after_all - python.rss_kib_after_5 >= 0 ? '+' : ''}${python.rss_kib_after_all - python.rss_kib_after_5} KiB)`);
console.log('Emulator figures are CPU emulation speed, not device speed.');
