// Benchmark: train DLinear (single head, K=1) and MoLE-DLinear (K=4) on ETTh1 with L=336 using the LTSF-Linear
// recipe (Adam lr 0.005, batch 32, 10 epochs, patience 3, type1 halving, shuffled train batches with drop_last,
// seed 2021), then report the test MSE/MAE over all windows and over the windows a drop_last loader of batch 32
// keeps (the papers' convention), next to the DLinear paper's MSE, plus training speed in epochs/s.
// Not a test: it takes minutes. Prints a Markdown table (pasted into the README).
//   npx tsx bench/train-etth1.ts [--horizons 96,336] [--experts 1,4] [--epochs 10] [--seed 2021] [--head-dropout 0] [--data CSV]

import path from 'node:path';
import { defineMoLE, experts, router, target, weights } from '../dsl/index.ts';
import { keptWindows, loadDataset } from '../reference/data/dataset.ts';
import { forecastMetrics } from '../reference/metrics.ts';
import { TrainingGraph } from '../reference/train/graph.ts';
import { predictSplit, trainModel } from '../reference/train/trainer.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1]! : fallback;
};
const horizons = option('horizons', '96,336').split(',').map(Number);
const expertCounts = option('experts', '1,4').split(',').map(Number);
const epochs = Number(option('epochs', '10'));
const seed = Number(option('seed', '2021'));
const headDropout = Number(option('head-dropout', '0'));
const dataFile = path.resolve(option('data', path.join(import.meta.dirname, '../../shared/datasets/ETTh1.csv')));
const PAPER_DLINEAR_MSE: Record<number, number> = { 96: 0.375, 192: 0.405, 336: 0.439, 720: 0.472 };
const SEQ_LEN = 336;
const BATCH = 32;

interface Row {
  model: string;
  predLen: number;
  epochsRun: number;
  bestEpoch: number;
  mseAll: number;
  maeAll: number;
  mseDropLast: number;
  maeDropLast: number;
  windows: number;
  keptWindows: number;
  epochsPerSecond: number;
  seconds: number;
}

const rows: Row[] = [];
for (const predLen of horizons) {
  const dataset = loadDataset(dataFile, { seqLen: SEQ_LEN, predLen });
  for (const count of expertCounts) {
    const config = defineMoLE({
      name: `etth1-dlinear-k${count}-p${predLen}`,
      input: { seqLen: SEQ_LEN, channels: 7, freq: 'h' },
      predLen,
      batch: BATCH,
      experts: experts.dlinear({ count }),
      router: router.mlp({ input: 'time', headDropout: count > 1 ? headDropout : 0 }),
      target: target.wormhole({ grid: [8, 8] }),
      weights: weights.random({ seed }),
    });
    const model = count === 1 ? 'DLinear (K=1)' : `MoLE-DLinear (K=${count}${headDropout > 0 ? `, head dropout ${headDropout}` : ''})`;
    process.stderr.write(`${model}, P=${predLen}: training on ${dataset.splits.train.windows} windows\n`);
    const result = trainModel(config, dataset, {
      epochs,
      learningRate: 0.005,
      batchSize: BATCH,
      patience: 3,
      seed,
      schedule: 'type1',
      dropLast: true,
      onProgress: (event) => {
        if (event.kind === 'epoch') {
          process.stderr.write(`  epoch ${event.epoch}: train ${event.trainLoss.toFixed(4)} val ${event.valLoss!.toFixed(4)}${event.improved ? ' *' : ''} (${event.elapsedSeconds.toFixed(0)} s)\n`);
        }
      },
    });
    const test = predictSplit(new TrainingGraph(config), result.stateDict, dataset, dataset.splits.test);
    const kept = keptWindows(test.windows, BATCH, true);
    const all = forecastMetrics(test.pred, test.truth, predLen, 7);
    const dropped = forecastMetrics(test.pred.subarray(0, kept * predLen * 7), test.truth.subarray(0, kept * predLen * 7), predLen, 7);
    rows.push({
      model,
      predLen,
      epochsRun: result.history.length,
      bestEpoch: result.bestEpoch,
      mseAll: all.mse,
      maeAll: all.mae,
      mseDropLast: dropped.mse,
      maeDropLast: dropped.mae,
      windows: test.windows,
      keptWindows: kept,
      epochsPerSecond: result.epochsPerSecond,
      seconds: result.trainSeconds,
    });
    process.stderr.write(`  test MSE ${all.mse.toFixed(4)} (all), ${dropped.mse.toFixed(4)} (drop_last); ${result.epochsPerSecond.toFixed(3)} epochs/s\n`);
  }
}

const lines = [
  `ETTh1, L=${SEQ_LEN}, LTSF-Linear recipe (Adam lr 0.005, batch ${BATCH}, ≤${epochs} epochs, patience 3, type1), seed ${seed}; test split, scaled space`,
  '',
  '| model | P | test MSE (all windows) | MAE | test MSE (drop_last, bs 32) | MAE | DLinear paper MSE | Δ (drop_last − paper) | epochs (best) | epochs/s |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const paper = PAPER_DLINEAR_MSE[r.predLen];
    const delta = paper === undefined ? '' : (r.mseDropLast - paper >= 0 ? '+' : '') + (r.mseDropLast - paper).toFixed(4);
    return `| ${r.model} | ${r.predLen} | ${r.mseAll.toFixed(4)} (${r.windows}) | ${r.maeAll.toFixed(4)} | ${r.mseDropLast.toFixed(4)} (${r.keptWindows}) | ${r.maeDropLast.toFixed(4)} | ${paper?.toFixed(3) ?? '–'} | ${delta} | ${r.epochsRun} (${r.bestEpoch}) | ${r.epochsPerSecond.toFixed(3)} |`;
  }),
];
process.stdout.write(`${lines.join('\n')}\n`);
