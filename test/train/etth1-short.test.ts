// A CI-sized training run on the real ETTh1 file (../shared/datasets/ETTh1.csv, read unmodified): MoLE-DLinear K=2,
// L=96, P=24, three short epochs. Validation loss must fall and the test MSE must beat the naive repeat-last-value
// forecast by a wide margin. Skips with a visible message when the file is absent.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forecastMetrics } from '../../reference/metrics.ts';
import { loadDataset } from '../../reference/data/dataset.ts';
import { TrainingGraph } from '../../reference/train/graph.ts';
import { predictSplit, trainModel } from '../../reference/train/trainer.ts';
import { randomStateDict } from '../../reference/weights.ts';
import { makeConfig } from '../reference/helpers.ts';

const ETTH1 = path.resolve(import.meta.dirname, '../../../shared/datasets/ETTh1.csv');
if (!existsSync(ETTH1)) console.warn(`SKIPPED the ETTh1 training test: ${ETTH1} is absent`);

describe.skipIf(!existsSync(ETTH1))('short ETTh1 training run', () => {
  it('lowers the validation loss and beats the naive forecast on the test split', () => {
    const config = makeConfig({ kind: 'dlinear', seqLen: 96, predLen: 24, channels: 7, experts: 2 });
    const dataset = loadDataset(ETTH1, { seqLen: 96, predLen: 24 });
    const graph = new TrainingGraph(config);
    const untrained = predictSplit(graph, randomStateDict(config, 2021), dataset, dataset.splits.val);
    const initialVal = forecastMetrics(untrained.pred, untrained.truth, 24, 7).mse;

    const result = trainModel(config, dataset, { epochs: 3, batchSize: 32, learningRate: 0.005, patience: 3, seed: 2021, maxBatchesPerEpoch: 60 });
    const valLosses = result.history.map((h) => h.valLoss);
    console.log(`ETTh1 short run: initial val ${initialVal.toFixed(4)}, per epoch ${valLosses.map((v) => v.toFixed(4)).join(' ')}, ${result.epochsPerSecond.toFixed(2)} epochs/s`);
    expect(valLosses[0]!).toBeLessThan(initialVal);
    expect(valLosses[valLosses.length - 1]!).toBeLessThan(valLosses[0]!);
    expect(result.bestValLoss).toBe(Math.min(...valLosses));

    const test = predictSplit(graph, result.stateDict, dataset, dataset.splits.test);
    const mse = forecastMetrics(test.pred, test.truth, 24, 7).mse;
    const naive = new Float64Array(test.pred.length);
    const { start } = dataset.splits.test;
    for (let n = 0; n < test.windows; n++) {
      for (let p = 0; p < 24; p++) for (let c = 0; c < 7; c++) naive[(n * 24 + p) * 7 + c] = dataset.scaled[(start + n + 95) * 7 + c]!;
    }
    const naiveMse = forecastMetrics(naive, test.truth, 24, 7).mse;
    console.log(`ETTh1 short run: test MSE ${mse.toFixed(4)} vs naive repeat-last ${naiveMse.toFixed(4)}`);
    expect(mse).toBeLessThan(0.7 * naiveMse);
  });
});
