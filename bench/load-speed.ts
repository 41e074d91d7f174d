// Warm start-up benchmark (not a test): `molegen validate` and `molegen verify` of a config, run
// as a user runs them (node bin/molegen.js), after one untimed warm-up run each. With --before DIR
// (another molegen checkout, e.g. a worktree at an older commit) both checkouts are timed in the
// same run, interleaved, and the ratio before/after is printed — the machine's load affects both.
//   npx tsx bench/load-speed.ts [--config examples/etth1.ts] [--runs 5] [--before DIR] [--no-verify]

import { execa } from 'execa';
import path from 'node:path';
import { REPO_ROOT } from '../generator/emit/templates.ts';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const config = arg('config') ?? 'examples/etth1.ts';
const runs = Number(arg('runs') ?? 5);
const before = arg('before');
const commands = process.argv.includes('--no-verify') ? ['validate'] : ['validate', 'verify'];

const checkouts: Array<[string, string]> = [['after', REPO_ROOT], ...(before ? [['before', path.resolve(before)] as [string, string]] : [])];

async function time(root: string, command: string): Promise<number> {
  const t0 = performance.now();
  const result = await execa('node', [path.join(root, 'bin', 'molegen.js'), command, path.join(root, config)], { cwd: root, reject: false });
  if (result.exitCode !== 0) throw new Error(`${root}: molegen ${command} exited ${result.exitCode}\n${result.stderr}`);
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`warm start-up of ${config}, median of ${runs} runs (after one warm-up run each)`);
console.log('command   checkout  median s  min s   max s   vs before');
for (const command of commands) {
  const samples = new Map<string, number[]>(checkouts.map(([name]) => [name, []]));
  for (const [, root] of checkouts) await time(root, command);
  for (let i = 0; i < runs; i++) for (const [name, root] of checkouts) samples.get(name)!.push(await time(root, command));
  const base = before ? median(samples.get('before')!) : undefined;
  for (const [name] of checkouts) {
    const s = samples.get(name)!;
    const m = median(s);
    const ratio = base ? `${(base / m).toFixed(2)}× faster` : '';
    console.log(`${command.padEnd(8)}  ${name.padEnd(8)}  ${m.toFixed(2).padStart(8)}  ${Math.min(...s).toFixed(2).padStart(6)}  ${Math.max(...s).toFixed(2).padStart(6)}  ${name === 'before' ? '1.00×' : ratio}`);
  }
}
