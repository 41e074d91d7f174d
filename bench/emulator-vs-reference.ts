// Benchmark: throughput of the generated program on the emulator against the TypeScript
// reference interpreter, on the same inputs in the same run. Prints seq/s for each and the ratio.
// Not a test: numbers depend on the machine; only the ratio within one run is meaningful.
//   npx tsx bench/emulator-vs-reference.ts [config.ts] [--iters N]

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeNpy } from '../reference/npy.ts';
import { forward } from '../reference/forward.ts';
import { defaultOutDir } from '../generator/commands/build.ts';
import { writeProject } from '../generator/emit/write-output.ts';
import { compileProject, loadChecked, loadWeights } from '../generator/pipeline.ts';
import { buildProject, runRunner } from '../generator/toolchain/project-build.ts';
import { consoleProgress } from '../generator/toolchain/run-tool.ts';
import { seededInputs } from '../generator/verify/inputs.ts';

const args = process.argv.slice(2);
const configPath = args.find((a) => !a.startsWith('--')) ?? 'examples/etth1.ts';
const itersFlag = args.indexOf('--iters');
const iters = itersFlag >= 0 ? Number(args[itersFlag + 1]) : 10;

const { loaded } = await loadChecked(configPath);
const config = loaded.config;
const weights = loadWeights(loaded);
const inputs = seededInputs(config, 1);

const projectDir = defaultOutDir(config.name);
writeProject(projectDir, compileProject(loaded, weights).files);
const built = await buildProject(projectDir, 'emulator', consoleProgress);
const ioDir = path.join(projectDir, 'build', 'bench');
mkdirSync(ioDir, { recursive: true });
const files = { x: path.join(ioDir, 'x.npy'), marks: path.join(ioDir, 'marks.npy'), out: path.join(ioDir, 'y.npy') };
writeNpy(files.x, [config.batch, config.input.seqLen, config.input.channels], inputs.x);
writeNpy(files.marks, [config.batch, inputs.marks.length / config.batch], inputs.marks);
const run = await runRunner(built, { ...files, iters, warmup: 2 });
if (!run.timing) throw new Error(`the runner printed no timing:\n${run.stdout}`);

function timeReference(numerics: 'fp64' | 'device'): number {
  const samples: number[] = [];
  forward(config, weights.stateDict, inputs, { numerics });
  for (let i = 0; i < iters; i++) {
    const start = performance.now();
    forward(config, weights.stateDict, inputs, { numerics });
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const rows: Array<[string, number]> = [
  ['emulator (generated program)', run.timing.medianMs],
  ['TS reference, fp64', timeReference('fp64')],
  ['TS reference, device numerics', timeReference('device')],
];
const baseline = rows[1]![1];
console.log(`\n${config.name}: batch ${config.batch}, median of ${iters} iterations`);
console.log(`${'backend'.padEnd(32)}${'ms/batch'.padStart(10)}${'seq/s'.padStart(10)}${'vs fp64 ref'.padStart(13)}`);
for (const [name, ms] of rows) {
  console.log(`${name.padEnd(32)}${ms.toFixed(2).padStart(10)}${((1000 * config.batch) / ms).toFixed(1).padStart(10)}${`${(baseline / ms).toFixed(2)}×`.padStart(13)}`);
}
