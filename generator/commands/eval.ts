// `molegen eval <config> --data CSV [--weights W] [--backend reference|emulator]`: forecasts every test-split window,
// reports the standard metrics in the scaled space over all windows and over the windows a drop_last loader of
// `--batch-size` keeps (the papers' numbers), a naive repeat-last-value baseline, expert-usage statistics, and
// optionally writes the result as JSON and an HTML report with SVG plots. The reference backend is the golden
// forward pass; the emulator backend builds the generated program and runs it in chunks of the compiled batch.

import { mkdirSync, writeFileSync } from 'node:fs';
import { checkOutputFile } from '../verify/user-inputs.ts';
import path from 'node:path';
import type { MoleConfig } from '../../dsl/config.ts';
import { gatherWindows, keptWindows, loadDataset, type Dataset } from '../../reference/data/dataset.ts';
import { forward, type Numerics } from '../../reference/forward.ts';
import { expertUsage, forecastMetrics, type ExpertUsage, type ForecastMetrics } from '../../reference/metrics.ts';
import { readNpy, writeNpy } from '../../reference/npy.ts';
import type { StateDict } from '../../reference/weights.ts';
import { MolegenError } from '../diagnostics.ts';
import { writeProject } from '../emit/write-output.ts';
import { compileProject, loadChecked, loadWeights, type LoadedWeights } from '../pipeline.ts';
import { renderEvalReport, type ForecastSample } from '../report/eval-report.ts';
import { buildProject, runRunner } from '../toolchain/project-build.ts';
import { consoleProgress } from '../toolchain/run-tool.ts';
import { defaultOutDir } from './build.ts';
import { guarded, printDiagnostics, type OutputFormat } from './report.ts';

export interface EvalArgs {
  config: string;
  data: string;
  weights?: string | undefined;
  backend: 'reference' | 'emulator';
  numerics?: Numerics | undefined;
  batchSize: number;
  json?: string | undefined;
  html?: string | undefined;
  project?: string | undefined;
  format: OutputFormat;
}

export interface MetricsJson {
  windows: number;
  mse: number;
  mae: number;
  rmse: number;
  mape: number;
  mspe: number;
  rse: number;
  corr: number;
  corrPerStep: number[];
}

export interface EvalResult {
  config: string;
  data: string;
  weights: string;
  backend: string;
  split: { start: number; end: number; windows: number };
  metrics: { allWindows: MetricsJson; dropLast: MetricsJson & { batchSize: number } };
  naiveRepeatLast: { mse: number; mae: number };
  msePerStep: number[];
  usage: ExpertUsage;
  seconds: number;
}

export function metricsJson(m: ForecastMetrics, windows: number): MetricsJson {
  return { windows, mse: m.mse, mae: m.mae, rmse: m.rmse, mape: m.mape, mspe: m.mspe, rse: m.rse, corr: m.corrMean, corrPerStep: Array.from(m.corr) };
}

export interface TestForecasts {
  /** [N, P, C] */
  pred: Float64Array;
  truth: Float64Array;
  /** [N, C, K] gates and kept flags from the reference router. */
  gates: Float64Array;
  kept: Uint8Array;
}

/** Forecasts of every test window with the reference interpreter, in chunks. */
export function referenceForecasts(config: MoleConfig, stateDict: StateDict, dataset: Dataset, numerics: Numerics = 'fp64', chunk = 64): TestForecasts {
  const split = dataset.splits.test;
  const { predLen: P, channels: C } = dataset;
  const K = config.experts.count;
  const N = split.windows;
  const pred = new Float64Array(N * P * C);
  const truth = new Float64Array(N * P * C);
  const gates = new Float64Array(N * C * K);
  const kept = new Uint8Array(N * C * K);
  for (let begin = 0; begin < N; begin += chunk) {
    const indices = Array.from({ length: Math.min(chunk, N - begin) }, (_, i) => begin + i);
    const batch = gatherWindows(dataset, split, indices);
    const result = forward(config, stateDict, { x: batch.x, marks: batch.marks }, { numerics });
    pred.set(result.y, begin * P * C);
    truth.set(batch.y, begin * P * C);
    gates.set(result.gates, begin * C * K);
    for (let i = 0; i < result.gates.length; i++) kept[begin * C * K + i] = result.gates[i]! > 0 ? 1 : 0;
    if (result.selected) {
      // Exact kept flags from the selection (a kept gate can underflow to 0).
      const topK = result.selected.length / (indices.length * C);
      kept.fill(0, begin * C * K, (begin + indices.length) * C * K);
      for (let row = 0; row < indices.length * C; row++) {
        for (let r = 0; r < topK; r++) kept[begin * C * K + row * K + result.selected[row * topK + r]!] = 1;
      }
    }
  }
  return { pred, truth, gates, kept };
}

/** Forecasts from the generated program on the emulator, `config.batch` windows per run (the last run padded). */
async function emulatorForecasts(
  config: MoleConfig,
  loaded: Awaited<ReturnType<typeof loadChecked>>['loaded'],
  weights: LoadedWeights,
  dataset: Dataset,
  projectDir: string,
): Promise<Float64Array> {
  writeProject(projectDir, compileProject(loaded, weights).files);
  const built = await buildProject(projectDir, 'emulator', consoleProgress);
  const ioDir = path.join(projectDir, 'build', 'eval');
  mkdirSync(ioDir, { recursive: true });
  const split = dataset.splits.test;
  const { seqLen: L, predLen: P, channels: C, featureCount: F } = dataset;
  const B = config.batch;
  const pred = new Float64Array(split.windows * P * C);
  const files = { x: path.join(ioDir, 'x.npy'), marks: path.join(ioDir, 'marks.npy'), out: path.join(ioDir, 'y.npy') };
  for (let begin = 0; begin < split.windows; begin += B) {
    const count = Math.min(B, split.windows - begin);
    const indices = Array.from({ length: B }, (_, i) => begin + Math.min(i, count - 1));
    const batch = gatherWindows(dataset, split, indices);
    writeNpy(files.x, [B, L, C], Float32Array.from(batch.x));
    writeNpy(files.marks, [B, F], Float32Array.from(batch.marks));
    await runRunner(built, { ...files, iters: 1, warmup: 0 });
    pred.set(readNpy(files.out).data.subarray(0, count * P * C), begin * P * C);
  }
  return pred;
}

export async function evaluate(args: EvalArgs): Promise<{ result: EvalResult; html?: string }> {
  const started = performance.now();
  const { loaded, warnings } = await loadChecked(args.config);
  printDiagnostics(warnings, args.format);
  const config = loaded.config;
  const weights = loadWeights(loaded, args.weights);
  let dataset: Dataset;
  try {
    dataset = loadDataset(path.resolve(args.data), { seqLen: config.input.seqLen, predLen: config.predLen, freq: config.input.freq });
  } catch (error) {
    const e = error as { code?: string; message: string; line?: number; column?: number };
    throw new MolegenError([{ code: e.code ?? 'MG4201', severity: 'error', message: e.message, file: path.resolve(args.data), ...(e.line ? { line: e.line, column: e.column ?? 1 } : {}) }]);
  }
  if (dataset.channels !== config.input.channels) {
    throw new MolegenError([{ code: 'MG4201', severity: 'error', message: `the data set has ${dataset.channels} value columns but the config has channels: ${config.input.channels}`, file: path.resolve(args.data), line: 1, column: 1 }]);
  }
  consoleProgress.step(`evaluating ${dataset.splits.test.windows} test windows of ${path.basename(args.data)} (${args.backend}); weights: ${weights.description}`);
  const forecasts = referenceForecasts(config, weights.stateDict, dataset, args.numerics ?? 'fp64');
  if (args.backend === 'emulator') {
    forecasts.pred = await emulatorForecasts(config, loaded, weights, dataset, path.resolve(args.project ?? defaultOutDir(config.name)));
  }
  const { predLen: P, channels: C, seqLen: L } = dataset;
  const split = dataset.splits.test;
  const N = split.windows;
  const kept = keptWindows(N, args.batchSize, true);
  const all = forecastMetrics(forecasts.pred, forecasts.truth, P, C);
  const dropped = forecastMetrics(forecasts.pred.subarray(0, kept * P * C), forecasts.truth.subarray(0, kept * P * C), P, C);

  // Naive baseline: every horizon step repeats the last input value of its channel.
  const naive = new Float64Array(N * P * C);
  for (let n = 0; n < N; n++) {
    const lastRow = split.start + n + L - 1;
    for (let p = 0; p < P; p++) for (let c = 0; c < C; c++) naive[(n * P + p) * C + c] = dataset.scaled[lastRow * C + c]!;
  }
  const naiveMetrics = forecastMetrics(naive, forecasts.truth, P, C);
  const msePerStep = new Array<number>(P).fill(0);
  for (let n = 0; n < N; n++) for (let p = 0; p < P; p++) for (let c = 0; c < C; c++) {
    msePerStep[p]! += (forecasts.pred[(n * P + p) * C + c]! - forecasts.truth[(n * P + p) * C + c]!) ** 2 / (N * C);
  }
  const firstRows = Array.from({ length: N }, (_, n) => split.start + n);
  const usage = expertUsage(
    forecasts.gates,
    forecasts.kept,
    N,
    C,
    config.experts.count,
    firstRows.map((r) => dataset.hourOfDay[r]!),
    firstRows.map((r) => dataset.dayOfWeek[r]!),
  );
  const result: EvalResult = {
    config: config.name,
    data: path.resolve(args.data),
    weights: weights.description,
    backend: args.backend === 'emulator' ? 'emulator (generated program)' : `reference (${args.numerics ?? 'fp64'})`,
    split: { start: split.start, end: split.end, windows: N },
    metrics: { allWindows: metricsJson(all, N), dropLast: { ...metricsJson(dropped, kept), batchSize: args.batchSize } },
    naiveRepeatLast: { mse: naiveMetrics.mse, mae: naiveMetrics.mae },
    msePerStep,
    usage,
    seconds: (performance.now() - started) / 1000,
  };
  let html: string | undefined;
  if (args.html !== undefined) {
    const samples: ForecastSample[] = [];
    const history = Math.min(L, 2 * P);
    for (const n of [0, Math.floor(N / 2), N - 1]) {
      for (const c of [C - 1, 0].filter((v, i, a) => a.indexOf(v) === i)) {
        const start = split.start + n;
        samples.push({
          window: n,
          channel: dataset.columns[c]!,
          date: dataset.dates[start]!,
          history: Array.from({ length: history }, (_, i) => dataset.scaled[(start + L - history + i) * C + c]!),
          truth: Array.from({ length: P }, (_, p) => forecasts.truth[(n * P + p) * C + c]!),
          forecast: Array.from({ length: P }, (_, p) => forecasts.pred[(n * P + p) * C + c]!),
        });
      }
    }
    html = renderEvalReport({
      title: `${config.name}: test split of ${path.basename(args.data)}`,
      subtitle: `L=${L}, P=${P}, C=${C}, ${config.experts.kind} experts K=${config.experts.count}, ${config.router.topK === config.experts.count ? "dense routing" : `top-${config.router.topK}`}; weights: ${weights.description}; backend: ${result.backend}`,
      channels: dataset.columns,
      metricsAll: all,
      metricsDropLast: dropped,
      dropLast: { batchSize: args.batchSize, windows: kept, totalWindows: N },
      naiveMse: naiveMetrics.mse,
      msePerStep,
      usage,
      samples,
    });
  }
  return html === undefined ? { result } : { result, html };
}

function formatText(result: EvalResult): string {
  const row = (label: string, m: MetricsJson) => `${label.padEnd(26)} ${m.mse.toFixed(4)}  ${m.mae.toFixed(4)}  ${m.rse.toFixed(4)}  ${m.corr.toFixed(5)}`;
  const lines = [
    `test split rows [${result.split.start}, ${result.split.end}): ${result.split.windows} windows; backend ${result.backend}`,
    `${'windows'.padEnd(26)} MSE     MAE     RSE     CORR`,
    row(`all (${result.metrics.allWindows.windows})`, result.metrics.allWindows),
    row(`drop_last bs=${result.metrics.dropLast.batchSize} (${result.metrics.dropLast.windows})`, result.metrics.dropLast),
    `naive repeat-last          ${result.naiveRepeatLast.mse.toFixed(4)}  ${result.naiveRepeatLast.mae.toFixed(4)}`,
    'mean gate per channel (rows) and expert (columns):',
    ...result.usage.meanGate.map((r, c) => `  ${String(c).padStart(3)}  ${r.map((v) => v.toFixed(3)).join('  ')}`),
  ];
  return `${lines.join('\n')}\n`;
}

export async function evalCommand(args: EvalArgs): Promise<number> {
  return guarded(args.format, async () => {
    // Refused before the evaluation runs, not after it.
    if (args.json !== undefined) checkOutputFile(args.json, '--json', 'MG4112');
    if (args.html !== undefined) checkOutputFile(args.html, '--html', 'MG4112');
    const { result, html } = await evaluate(args);
    if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
    if (args.html !== undefined && html !== undefined) writeFileSync(args.html, html);
    if (args.format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(formatText(result));
      if (args.json) process.stdout.write(`wrote ${args.json}\n`);
      if (args.html) process.stdout.write(`wrote ${args.html}\n`);
    }
    return 0;
  });
}
