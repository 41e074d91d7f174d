// `molegen train <config> --data CSV [--epochs --lr --batch --seed --patience --out W.safetensors]`: trains the
// config's model on the data set's train split with the official recipe (reference/train), shows a progress bar
// with loss and ETA on stderr, restores the best-validation parameters, writes them as .safetensors under the
// official MoLE state_dict names and layouts, and prints the test-split MSE/MAE (all windows and drop_last).

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadDataset, keptWindows, type Dataset } from '../../reference/data/dataset.ts';
import { exportCheckpoint, moleLayout } from '../../reference/checkpoint.ts';
import { forecastMetrics } from '../../reference/metrics.ts';
import { writeSafetensors } from '../../reference/safetensors.ts';
import { checkOutputFile } from '../verify/user-inputs.ts';
import { TrainingGraph } from '../../reference/train/graph.ts';
import { predictSplit, trainModel, type ProgressEvent, type TrainResult } from '../../reference/train/trainer.ts';
import { MolegenError } from '../diagnostics.ts';
import { loadChecked } from '../pipeline.ts';
import { guarded, printDiagnostics, type OutputFormat } from './report.ts';

export interface TrainArgs {
  config: string;
  data: string;
  out?: string | undefined;
  epochs: number;
  lr: number;
  batch: number;
  seed: number;
  patience: number;
  headDropout?: number | undefined;
  loadBalance?: number | undefined;
  duplicate: boolean;
  progress: boolean;
  /** Seconds between progress lines within an epoch when stderr is not a terminal. */
  progressInterval?: number | undefined;
  format: OutputFormat;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * A one-line progress bar redrawn in place on a terminal. Elsewhere (a log file, CI) one line per
 * epoch, plus a line within the epoch every `everySeconds` (default 30), so a long epoch is visibly alive.
 */
export function progressPrinter(stream: NodeJS.WriteStream, everySeconds = 30, now: () => number = () => performance.now()): (event: ProgressEvent) => void {
  const tty = stream.isTTY === true;
  let lastDraw = 0;
  let lastLine = now();
  return (event) => {
    const width = 24;
    const filled = Math.round((event.batch / Math.max(1, event.batches)) * width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const head = `epoch ${event.epoch}/${event.epochs} ${bar} ${event.batch}/${event.batches} loss ${event.trainLoss.toFixed(4)}`;
    if (event.kind === 'batch') {
      const t = now();
      if (!tty) {
        if (t - lastLine < everySeconds * 1000) return;
        lastLine = t;
        stream.write(`${head} lr ${event.learningRate.toExponential(2)} ETA ${formatDuration(event.etaSeconds)}\n`);
        return;
      }
      if (t - lastDraw < 100) return;
      lastDraw = t;
      stream.write(`\r${head} lr ${event.learningRate.toExponential(2)} ETA ${formatDuration(event.etaSeconds)}\x1b[K`);
      return;
    }
    lastLine = now();
    const tail = `val ${event.valLoss!.toFixed(4)}${event.improved ? ' *' : ''} lr ${event.learningRate.toExponential(2)} ${formatDuration(event.elapsedSeconds)} elapsed, ETA ${formatDuration(event.etaSeconds)}`;
    stream.write(`${tty ? '\r' : ''}${head} ${tail}${tty ? '\x1b[K' : ''}\n`);
  };
}

export interface TestSummary {
  windows: number;
  mse: number;
  mae: number;
  dropLast: { batchSize: number; windows: number; mse: number; mae: number };
}

/** Test-split MSE/MAE of trained parameters (fast training graph, fp64), over all windows and drop_last windows. */
export function testSummary(result: TrainResult, dataset: Dataset, graph: TrainingGraph, batchSize: number): TestSummary {
  const split = dataset.splits.test;
  const prediction = predictSplit(graph, result.stateDict, dataset, split);
  const { predLen: P, channels: C } = dataset;
  const all = forecastMetrics(prediction.pred, prediction.truth, P, C);
  const kept = keptWindows(split.windows, batchSize, true);
  const dropped = forecastMetrics(prediction.pred.subarray(0, kept * P * C), prediction.truth.subarray(0, kept * P * C), P, C);
  return { windows: split.windows, mse: all.mse, mae: all.mae, dropLast: { batchSize, windows: kept, mse: dropped.mse, mae: dropped.mae } };
}

export async function trainCommand(args: TrainArgs): Promise<number> {
  return guarded(args.format, async () => {
    // A checkpoint path that cannot be written is refused before training, not after it.
    if (args.out !== undefined) checkOutputFile(args.out, '--out', 'MG4025');
    const { loaded, warnings } = await loadChecked(args.config);
    printDiagnostics(warnings, args.format);
    const config = loaded.config;
    const dataFile = path.resolve(args.data);
    let dataset: Dataset;
    try {
      dataset = loadDataset(dataFile, { seqLen: config.input.seqLen, predLen: config.predLen, freq: config.input.freq });
    } catch (error) {
      const e = error as { code?: string; message: string; line?: number; column?: number };
      throw new MolegenError([{ code: e.code ?? 'MG4201', severity: 'error', message: e.message, file: dataFile, ...(e.line ? { line: e.line, column: e.column ?? 1 } : {}) }]);
    }
    if (dataset.channels !== config.input.channels) {
      throw new MolegenError([{ code: 'MG4201', severity: 'error', message: `the data set has ${dataset.channels} value columns (${dataset.columns.join(', ')}) but the config has channels: ${config.input.channels}`, file: dataFile, line: 1, column: 1 }]);
    }
    const graphOptions = {
      ...(args.headDropout !== undefined ? { headDropout: args.headDropout } : {}),
      ...(args.loadBalance !== undefined ? { loadBalance: args.loadBalance } : {}),
    };
    process.stderr.write(
      `training ${config.name} on ${path.basename(dataFile)}: ${dataset.splits.train.windows} train / ${dataset.splits.val.windows} val windows, ` +
        `batch ${args.batch}, lr ${args.lr}, ${args.epochs} epochs, patience ${args.patience}, seed ${args.seed}\n`,
    );
    const result = trainModel(config, dataset, {
      ...graphOptions,
      epochs: args.epochs,
      learningRate: args.lr,
      batchSize: args.batch,
      patience: args.patience,
      seed: args.seed,
      duplicateBatch: args.duplicate,
      ...(args.progress ? { onProgress: progressPrinter(process.stderr, args.progressInterval ?? 30) } : {}),
    });
    const graph = new TrainingGraph(config, graphOptions);
    const test = testSummary(result, dataset, graph, args.batch);

    const out = path.resolve(args.out ?? `${config.name}.safetensors`);
    mkdirSync(path.dirname(out), { recursive: true });
    const metadata = {
      format: 'pt',
      molegen_model: moleLayout(config).source,
      config: config.name,
      data: path.basename(dataFile),
      seed: String(args.seed),
      best_epoch: String(result.bestEpoch),
      val_mse: result.bestValLoss.toPrecision(8),
      test_mse: test.mse.toPrecision(8),
    };
    try {
      writeSafetensors(out, exportCheckpoint(result.stateDict, moleLayout(config)), metadata);
    } catch (error) {
      const e = error as { code?: string; message: string };
      throw new MolegenError([{ code: e.code ?? 'MG4025', severity: 'error', message: e.message, file: out }]);
    }
    const summary = {
      checkpoint: out,
      epochs: result.history.length,
      bestEpoch: result.bestEpoch,
      bestValLoss: result.bestValLoss,
      stoppedEarly: result.stoppedEarly,
      trainSeconds: result.trainSeconds,
      epochsPerSecond: result.epochsPerSecond,
      history: result.history,
      test,
    };
    if (args.format === 'json') process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stdout.write(
        [
          `best epoch ${result.bestEpoch} of ${result.history.length}${result.stoppedEarly ? ' (early stop)' : ''}: val MSE ${result.bestValLoss.toFixed(4)}`,
          `test MSE ${test.mse.toFixed(4)} MAE ${test.mae.toFixed(4)} (all ${test.windows} windows); ` +
            `MSE ${test.dropLast.mse.toFixed(4)} MAE ${test.dropLast.mae.toFixed(4)} (drop_last bs=${args.batch}: ${test.dropLast.windows})`,
          `${result.epochsPerSecond.toFixed(3)} epochs/s (${formatDuration(result.trainSeconds)})`,
          `wrote ${out}`,
        ].join('\n') + '\n',
      );
    }
    return 0;
  });
}
