// Benchmark-sized robustness run (not a test): the properties of test/robustness/properties.ts with
// 10,500 cases in total (the CI tier runs 1,200). Prints cases, seconds and cases/s per property;
// exits 1 on the first counterexample (fast-check prints it with its seed and path to replay).
//   npx tsx bench/robustness-fuzz.ts [--scale 1] [--seed N]

import { cliProperty, configProperty, csvProperty, npyProperty, safetensorsProperty } from '../test/robustness/properties.ts';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const scale = Number(arg('scale') ?? 1);
const seed = arg('seed') === undefined ? undefined : Number(arg('seed'));

const runs: Array<[string, number, (n: number, seed?: number) => void | Promise<void>]> = [
  ['configs', 3000, configProperty],
  ['.npy inputs', 2500, npyProperty],
  ['.safetensors', 2000, safetensorsProperty],
  ['CSV data sets', 1500, csvProperty],
  ['command lines', 1500, cliProperty],
];

let total = 0;
const started = performance.now();
console.log('property        cases  seconds  cases/s');
for (const [name, base, property] of runs) {
  const n = Math.max(1, Math.round(base * scale));
  const t0 = performance.now();
  await property(n, seed);
  const seconds = (performance.now() - t0) / 1000;
  total += n;
  console.log(`${name.padEnd(14)}  ${String(n).padStart(5)}  ${seconds.toFixed(1).padStart(7)}  ${(n / seconds).toFixed(0).padStart(7)}`);
}
console.log(`${total} cases, 0 internal errors, every rejection a registered MG code, no file touched on error (${((performance.now() - started) / 1000).toFixed(1)} s)`);
