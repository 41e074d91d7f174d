// Training is deterministic for a seed (same history, same parameters bit for bit, also with head dropout and batch
// duplication), different seeds differ, and early stopping restores the best-validation parameters.
import { describe, expect, it } from 'vitest';
import { datasetFromTable } from '../../reference/data/dataset.ts';
import { parseCsvTable } from '../../reference/data/csv.ts';
import { TrainingGraph } from '../../reference/train/graph.ts';
import { predictSplit, trainModel } from '../../reference/train/trainer.ts';
import { makeConfig } from '../reference/helpers.ts';
import { syntheticSeriesCsv } from './synthetic.ts';

describe('trainer determinism and early stopping', () => {
  const dataset = datasetFromTable(parseCsvTable(syntheticSeriesCsv(900), 'synthetic.csv'), { seqLen: 48, predLen: 12 });
  const config = { ...makeConfig({ kind: 'dlinear', seqLen: 48, predLen: 12, channels: 3, experts: 3 }) };
  config.router = { ...config.router, headDropout: 0.2 };

  it('repeats a run exactly for the same seed and differs for another seed', () => {
    const run = (seed: number) => trainModel(config, dataset, { epochs: 2, batchSize: 16, seed, maxBatchesPerEpoch: 12 });
    const a = run(7);
    const b = run(7);
    const c = run(8);
    expect(a.history.map((h) => [h.trainLoss, h.valLoss])).toEqual(b.history.map((h) => [h.trainLoss, h.valLoss]));
    for (const [name, tensor] of a.stateDict) expect(Array.from(tensor.data), name).toEqual(Array.from(b.stateDict.get(name)!.data));
    expect(c.history[0]!.trainLoss).not.toBe(a.history[0]!.trainLoss);
  });

  it('stops after `patience` epochs without improvement and returns the best epoch’s parameters', () => {
    // A learning rate far too large makes validation worse after the first epochs.
    const result = trainModel(config, dataset, { epochs: 8, batchSize: 16, seed: 3, learningRate: 0.5, patience: 2, schedule: 'constant' });
    const best = Math.min(...result.history.map((h) => h.valLoss));
    expect(result.bestValLoss).toBe(best);
    expect(result.stoppedEarly).toBe(true);
    expect(result.history.length).toBeLessThan(8);
    expect(result.history.length - result.bestEpoch).toBe(2); // exactly `patience` epochs after the best one
    const graph = new TrainingGraph(config);
    const val = predictSplit(graph, result.stateDict, dataset, dataset.splits.val);
    let mse = 0;
    for (let i = 0; i < val.pred.length; i++) mse += (val.pred[i]! - val.truth[i]!) ** 2 / val.pred.length;
    expect(mse).toBeCloseTo(best, 12);
  });
});
