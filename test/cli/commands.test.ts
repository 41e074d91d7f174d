// The other CLI verbs as a user runs them: validate (text and JSON), inspect, run on the reference
// and on the emulator, and the one-sentence failure when a real tt-metal is asked for but absent.

import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineMoLE, experts, router, target, weights } from '../../dsl/index.ts';
import { compareTensors } from '../../reference/compare.ts';
import { forward } from '../../reference/forward.ts';
import { readNpy, writeNpy } from '../../reference/npy.ts';
import { createRandom } from '../../reference/random.ts';
import { randomStateDict } from '../../reference/weights.ts';
import { molegen } from '../support/molegen-cli.ts';


// A small config written to disk, so the CLI loads it like a user's file.
const SMALL = [
  "import { defineMoLE, experts, router, target, weights } from 'molegen';",
  'export default defineMoLE({',
  "  name: 'cli-small',",
  "  input: { seqLen: 40, channels: 3, freq: 'h' },",
  '  predLen: 12,',
  '  batch: 4,',
  '  experts: experts.dlinear({ count: 2 }),',
  '  router: router.mlp({}),',
  '  target: target.wormhole({ grid: [2, 2] }),',
  '  weights: weights.random({ seed: 5 }),',
  '});',
  '',
].join('\n');
const smallConfig = defineMoLE({
  name: 'cli-small',
  input: { seqLen: 40, channels: 3, freq: 'h' },
  predLen: 12,
  batch: 4,
  experts: experts.dlinear({ count: 2 }),
  router: router.mlp({}),
  target: target.wormhole({ grid: [2, 2] }),
  weights: weights.random({ seed: 5 }),
});

function smallInputs(dir: string) {
  const random = createRandom(3);
  const x = Float32Array.from({ length: 4 * 40 * 3 }, () => random.normal());
  const marks = Float32Array.from({ length: 4 * 4 }, () => random.uniform() - 0.5);
  writeNpy(path.join(dir, 'x.npy'), [4, 40, 3], x);
  writeNpy(path.join(dir, 'marks.npy'), [4, 4], marks);
  return { x, marks };
}

describe('molegen validate and inspect', () => {
  for (const example of ['etth1.ts', 'weather-rlinear.ts', 'electricity-top2.ts']) {
    it(`validates examples/${example}`, async () => {
      const result = await molegen('validate', path.join('examples', example));
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(': ok (');
    });
  }

  it('reports every error as JSON with codes and positions', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'molegen-json-'));
    const file = path.join(dir, 'two.mts');
    writeFileSync(file, SMALL.replace('count: 2', 'count: 2, kernelSize: 4').replace('router.mlp({})', 'router.mlp({ topK: 3 })'));
    const result = await molegen('validate', file, '--format', 'json');
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.errors).toBe(2);
    const byCode = Object.fromEntries(report.diagnostics.map((d: { code: string; line: number }) => [d.code, d.line]));
    expect(byCode).toEqual({ MG3003: 7, MG3001: 8 });
  });

  it('inspect prints the plan: cores and their work, circular buffers, L1 per core', async () => {
    const result = await molegen('inspect', 'examples/etth1.ts');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('"seqLen": 336');
    // etth1's plan: one program, the per-row router on 7 cores beside 42 experts cores — each output tile's K = 4
    // experts over 2 cores (an owner and a helper), which pays now that the router's row (exp on just the expert
    // rows of the transposed logits) is shorter than one core's 4 partial forecasts; the alternatives are named
    expect(result.stdout).toMatch(/dispatch: one program per forward — router on 7 spare cores beside the experts' 42 \(21 owning output tiles, each with 1 helper computing some of the experts' partial forecasts\): one launch per forward/);
    // the runner-up plans, with their modeled times (which ones and in which order follows the cost model)
    expect(result.stdout).toMatch(/\(modeled \d+\.\d µs; one program, [^:]+: \d+\.\d µs; one program, [^:]+: \d+\.\d µs/);
    expect(result.stdout).toMatch(/router logits: per row — each series-tile row computes the logit tile it needs/);
    expect(result.stdout).toMatch(/kernels experts:\n {2}work: 21 tiles .* on 21 cores: 21 cores × 1 tile; 21 helper cores form some of their experts' partial forecasts\n/);
    expect(result.stdout).toMatch(/kernels router:\n {2}work on 7 cores: the logits and gates of 7 series-tile rows/);
    // the cores of a horizon column share its K·Lt + 1 = 45 weight tiles; each core forms 2 of the K = 4 partial
    // forecasts of its output tile, and a helper writes its 2 into its owner's helper_partials
    expect(result.stdout).toMatch(/c_2 {2}weights +45 × 2048 B Float16_b = +90\.0 KiB/);
    expect(result.stdout).toMatch(/c_3 {2}partials +2 × 2048 B Float16_b = +4\.0 KiB/);
    expect(result.stdout).toMatch(/c_7 {2}helper_partials +2 × 2048 B Float16_b = +4\.0 KiB/);
    // experts: x 22 + weights 45 + partials 2 + helper partials 2 + out 2 bf16 tiles = 146 KiB, the gate
    // buffer on their shard of the gates (K + 1 = 5 bf16 tiles, 10 KiB, counted on every core), + on every core one
    // page of each router constant tensor in its L1 bank (consts, gather masks and selects 4 KiB each, selectors
    // 2 KiB) and of the tensors a forward writes (x 2 bf16 pages, the per-series features 1 fp32, y 1 bf16: 10 KiB)
    // = 180 KiB
    expect(result.stdout).toMatch(/router_consts +weight +\[32 × 192\] Float32 +6 tiles +L1 interleaved over every core/);
    expect(result.stdout).toMatch(/x +input +\[224 × 352\] Float16_b 77 tiles +L1 interleaved over every core/);
    expect(result.stdout).toMatch(/L1 per core: peak 180\.0 KiB of \d+\.\d KiB usable/);
  });

  it('inspect shows RevIN on device and the top-k decision for the other examples', async () => {
    const weather = await molegen('inspect', 'examples/weather-rlinear.ts');
    expect(weather.exitCode).toBe(0);
    expect(weather.stdout).toContain('model: MoLE-RLinear');
    expect(weather.stdout).toContain('RevIN on device');
    // γ, β and the host-computed 1/(γ + 1e-10): three Float32 tiles per series-tile row
    expect(weather.stdout).toMatch(/revin_rows +weight +\[672 × 96\] Float32/);
    const electricity = await molegen('inspect', 'examples/electricity-top2.ts');
    expect(electricity.exitCode).toBe(0);
    expect(electricity.stdout).toContain('Top-2 of 8: computed as all experts with the unselected gates exactly 0');
  });
});

describe('molegen run', () => {
  it('--backend reference writes the fp64 forecast', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'molegen-run-'));
    writeFileSync(path.join(dir, 'small.mts'), SMALL);
    const { x, marks } = smallInputs(dir);
    const result = await molegen('run', path.join(dir, 'small.mts'), '--x', path.join(dir, 'x.npy'), '--marks', path.join(dir, 'marks.npy'), '--out', path.join(dir, 'y.npy'));
    expect(result.exitCode, result.stderr).toBe(0);
    const y = readNpy(path.join(dir, 'y.npy'));
    expect(y.shape).toEqual([4, 12, 3]);
    const expected = forward(smallConfig, randomStateDict(smallConfig, 5), { x, marks }, { numerics: 'fp64' }).y;
    expect(compareTensors(y.data, Float32Array.from(expected), { rtol: 0, atol: 0, pccMin: 1 }).maxAbs).toBe(0);
  });

  it('--backend emulator builds and runs the generated program and matches the device numerics', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'molegen-emu-'));
    writeFileSync(path.join(dir, 'small.mts'), SMALL);
    const { x, marks } = smallInputs(dir);
    const result = await molegen('run', path.join(dir, 'small.mts'), '--backend', 'emulator', '--project', path.join(dir, 'project'), '--x', path.join(dir, 'x.npy'), '--marks', path.join(dir, 'marks.npy'), '--out', path.join(dir, 'y.npy'));
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/latency_ms median=[\d.]+/);
    const y = readNpy(path.join(dir, 'y.npy'));
    const expected = forward(smallConfig, randomStateDict(smallConfig, 5), { x, marks }, { numerics: 'device' }).y;
    const c = compareTensors(y.data, expected, { rtol: 5e-2, atol: 8e-2, pccMin: 0.99999 });
    expect(c.pass).toBe(true);
  });

  it('names what to install when a real tt-metal is asked for and absent', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'molegen-hw-'));
    expect((await molegen('build', 'examples/etth1.ts', '--out', path.join(out, 'p'))).exitCode).toBe(0);
    const configure = await execa('cmake', ['-S', path.join(out, 'p'), '-B', path.join(out, 'b'), '-DMOLEGEN_BACKEND=tt-metal'], { reject: false, all: true });
    expect(configure.exitCode).not.toBe(0);
    expect(configure.all).toContain('MOLEGEN_BACKEND=tt-metal needs a real tt-metal install');
  });
});
