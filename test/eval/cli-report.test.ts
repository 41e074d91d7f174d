// `molegen train` and `molegen eval` as a user runs them, on a synthetic CSV: train writes an official-layout
// checkpoint, eval reads it back (reference interpreter) and reports the same test MSE the trainer computed with
// its own forward pass; the JSON carries metrics and expert usage; the HTML report renders in headless Chromium
// (skipped with a message when chromium is not installed). Also: a bad CSV fails with file:line:col.
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensorsFile } from '../../reference/safetensors.ts';
import { syntheticSeriesCsv } from '../train/synthetic.ts';
import { molegen } from '../support/molegen-cli.ts';


const CONFIG = [
  "import { defineMoLE, experts, router, target, weights } from 'molegen';",
  'export default defineMoLE({',
  "  name: 'cli-train',",
  "  input: { seqLen: 48, channels: 3, freq: 'h' },",
  '  predLen: 12,',
  '  batch: 8,',
  '  experts: experts.dlinear({ count: 2 }),',
  '  router: router.mlp({}),',
  '  target: target.wormhole({ grid: [2, 2] }),',
  '  weights: weights.random({ seed: 5 }),',
  '});',
  '',
].join('\n');

function chromiumPath(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      // not installed under this name
    }
  }
  return undefined;
}

describe('molegen train and eval', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'molegen-train-'));
  const config = path.join(dir, 'config.mts');
  const data = path.join(dir, 'synthetic.csv');
  writeFileSync(config, CONFIG);
  writeFileSync(data, syntheticSeriesCsv(1000));
  const weights = path.join(dir, 'trained.safetensors');

  it('trains, writes the official layout, and eval reproduces the test MSE with the reference interpreter', async () => {
    const train = await molegen('train', config, '--data', data, '--epochs', '2', '--batch', '16', '--out', weights);
    expect(train.exitCode, train.stderr).toBe(0);
    expect(train.stderr).toMatch(/epoch 2\/2 \[#+\] \d+\/\d+ loss \d\.\d{4} val \d\.\d{4}/);
    expect(train.stderr).toContain('ETA');
    const trainedMse = /test MSE (\d\.\d{4}) MAE (\d\.\d{4}) \(all (\d+) windows\)/.exec(train.stdout);
    expect(trainedMse, train.stdout).not.toBeNull();

    const file = readSafetensorsFile(weights);
    expect([...file.tensors.keys()]).toEqual(['Linear_Seasonal.weight', 'Linear_Seasonal.bias', 'Linear_Trend.weight', 'Linear_Trend.bias', 'Linear_Temporal.0.weight', 'Linear_Temporal.0.bias', 'Linear_Temporal.2.weight', 'Linear_Temporal.2.bias']);
    expect(file.tensors.get('Linear_Seasonal.weight')!.shape).toEqual([24, 48]);
    expect(file.metadata.molegen_model).toBe('MoLE_DLinear');

    const json = path.join(dir, 'eval.json');
    const html = path.join(dir, 'report.html');
    const evaluation = await molegen('eval', config, '--data', data, '--weights', weights, '--batch-size', '16', '--json', json, '--html', html);
    expect(evaluation.exitCode, evaluation.stderr).toBe(0);
    const result = JSON.parse(readFileSync(json, 'utf8'));
    expect(result.metrics.allWindows.windows).toBe(Number(trainedMse![3]));
    expect(result.metrics.allWindows.mse.toFixed(4)).toBe(trainedMse![1]);
    expect(result.metrics.allWindows.mae.toFixed(4)).toBe(trainedMse![2]);
    expect(result.metrics.dropLast.windows).toBe(Math.floor(result.metrics.allWindows.windows / 16) * 16);
    expect(result.metrics.allWindows.mse).toBeLessThan(0.5 * result.naiveRepeatLast.mse);
    expect(result.metrics.allWindows.corrPerStep).toHaveLength(12);
    // Gates of each channel sum to 1 over the experts; hour-of-day rows cover the whole day.
    for (const row of result.usage.meanGate) expect(row.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 12);
    expect(result.usage.byHourOfDay).toHaveLength(24);
    expect(result.usage.byDayOfWeek).toHaveLength(7);
  });

  const chromium = chromiumPath();
  if (!chromium) console.warn('SKIPPED the HTML report rendering test: chromium is not installed (apt-get install chromium)');
  it.skipIf(!chromium)('renders the HTML report in headless Chromium', async () => {
    const html = path.join(dir, 'report.html');
    expect(existsSync(html)).toBe(true);
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', `--user-data-dir=${path.join(dir, 'chromium-profile')}`];
    const dom = await execa(chromium!, [...flags, '--dump-dom', `file://${html}`], { reject: false, timeout: 120_000 });
    expect(dom.exitCode, dom.stderr).toBe(0);
    // Chromium parsed the page: 6 forecast plots with 3 series each + the per-step MSE line; heatmap cells for
    // 3 channels × 2 experts (twice), 24 hours × 2 and 7 days × 2.
    expect(dom.stdout.match(/<polyline/g)?.length).toBe(6 * 3 + 1);
    expect(dom.stdout.match(/<rect class="cell"/g)?.length).toBe(2 * 3 * 2 + 24 * 2 + 7 * 2);
    expect(dom.stdout).toContain('Forecast vs truth');
    const png = path.join(dir, 'report.png');
    const shot = await execa(chromium!, [...flags, `--screenshot=${png}`, '--window-size=1200,1600', `file://${html}`], { reject: false, timeout: 120_000 });
    expect(shot.exitCode, shot.stderr).toBe(0);
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(20_000); // a blank page is far smaller
  });

  it('evaluates with the generated program on the emulator and agrees with the reference', async () => {
    const reference = JSON.parse(readFileSync(path.join(dir, 'eval.json'), 'utf8'));
    const json = path.join(dir, 'eval-emulator.json');
    const result = await molegen('eval', config, '--data', data, '--weights', weights, '--batch-size', '16', '--backend', 'emulator', '--project', path.join(dir, 'project'), '--json', json);
    expect(result.exitCode, result.stderr).toBe(0);
    const emulated = JSON.parse(readFileSync(json, 'utf8'));
    expect(emulated.backend).toBe('emulator (generated program)');
    expect(emulated.metrics.allWindows.windows).toBe(reference.metrics.allWindows.windows);
    // bf16 device numerics against the fp64 reference: the same MSE to within a percent.
    expect(Math.abs(emulated.metrics.allWindows.mse - reference.metrics.allWindows.mse)).toBeLessThan(0.01 * reference.metrics.allWindows.mse);
  });

  it('reports a malformed CSV with its line and column', async () => {
    const bad = path.join(dir, 'bad.csv');
    const lines = syntheticSeriesCsv(400).split('\n');
    lines[100] = lines[100]!.replace(/,[^,]*$/, ',oops');
    writeFileSync(bad, lines.join('\n'));
    const result = await molegen('train', config, '--data', bad, '--epochs', '1');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/bad\.csv:101:\d+ - error MG4201: .*column 'OT' 'oops' is not a finite number/);
  });
});
