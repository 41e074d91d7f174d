// The training loop of the official code (exp_main.train, mole-model.md §1.9), in TypeScript:
// seeded PyTorch-like init → per epoch: shuffle the train windows (drop_last), Adam steps on the MSE of the P
// forecast steps (batch duplicated when a step is random and `duplicateBatch` is on, as the paper's in-batch
// augmentation does) → validation loss → early stopping (no min-delta) keeping a copy of the best parameters →
// type1 learning-rate halving. The best parameters are restored at the end. Deterministic for a given seed.
// Validation loss is the MSE over every validation window (no shuffle, no drop_last), so it does not depend on
// the batch order. Progress goes to a callback; this module prints nothing and writes no files.

import type { MoleConfig } from '../../dsl/config.ts';
import { batchOrder, type Dataset, type Split } from '../data/dataset.ts';
import { createRandom } from '../random.ts';
import { makeTensor } from '../tensor.ts';
import { assertStateDict, randomStateDict, type StateDict } from '../weights.ts';
import { Adam, learningRateForEpoch } from './adam.ts';
import { TrainingGraph, zeroGradients, type GraphBatch, type GraphOptions, type TrainingRandomness } from './graph.ts';

export interface TrainOptions extends GraphOptions {
  epochs?: number;
  learningRate?: number;
  batchSize?: number;
  /** Early-stopping patience in epochs (stop when validation has not improved for this many). */
  patience?: number;
  seed?: number;
  schedule?: 'type1' | 'constant';
  /** Drop the last partial train batch (the official loaders do). Default true. */
  dropLast?: boolean;
  /** Duplicate each batch when the step draws random numbers (official in-batch augmentation). Default true. */
  duplicateBatch?: boolean;
  /** Use only the first N train batches of each epoch (for short runs). */
  maxBatchesPerEpoch?: number;
  /** Start from these parameters instead of the seeded init. */
  initial?: StateDict;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  kind: 'batch' | 'epoch';
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean train loss of the epoch so far. */
  trainLoss: number;
  valLoss?: number;
  learningRate: number;
  elapsedSeconds: number;
  /** Estimate for the remaining epochs at the current speed (ignores early stopping). */
  etaSeconds: number;
  improved?: boolean;
}

export interface EpochRecord {
  epoch: number;
  learningRate: number;
  trainLoss: number;
  valLoss: number;
  seconds: number;
  improved: boolean;
}

export interface TrainResult {
  stateDict: StateDict;
  history: EpochRecord[];
  bestEpoch: number;
  bestValLoss: number;
  stoppedEarly: boolean;
  trainSeconds: number;
  /** Epochs per second of training (train steps + validation), the benchmark figure. */
  epochsPerSecond: number;
  options: Required<Pick<TrainOptions, 'epochs' | 'learningRate' | 'batchSize' | 'patience' | 'seed' | 'schedule' | 'dropLast' | 'duplicateBatch'>>;
}

export function cloneStateDict(stateDict: StateDict): StateDict {
  const copy: StateDict = new Map();
  for (const [name, tensor] of stateDict) copy.set(name, makeTensor(tensor.shape, tensor.data));
  return copy;
}

/** Series-major batch (row b·C + c) of split-local windows, into reusable arrays. */
export function gatherSeriesBatch(dataset: Dataset, split: Split, indices: ArrayLike<number>, into?: GraphBatch): GraphBatch {
  const { seqLen: L, predLen: P, channels: C, featureCount: F, scaled } = dataset;
  const B = indices.length;
  const batch: GraphBatch =
    into && into.x.length >= B * C * L
      ? into
      : { batch: B, x: new Float64Array(B * C * L), marks: new Float64Array(B * F), target: new Float64Array(B * C * P) };
  batch.batch = B;
  const target = batch.target!;
  for (let b = 0; b < B; b++) {
    const start = split.start + indices[b]!;
    for (let l = 0; l < L; l++) {
      const row = (start + l) * C;
      for (let c = 0; c < C; c++) batch.x[(b * C + c) * L + l] = scaled[row + c]!;
    }
    for (let p = 0; p < P; p++) {
      const row = (start + L + p) * C;
      for (let c = 0; c < C; c++) target[(b * C + c) * P + p] = scaled[row + c]!;
    }
    for (let f = 0; f < F; f++) batch.marks[b * F + f] = dataset.marks[start * F + f]!;
  }
  return batch;
}

export interface SplitPrediction {
  windows: number;
  /** [N, P, C] forecasts. */
  pred: Float64Array;
  /** [N, P, C] truth. */
  truth: Float64Array;
  /** [N, C, K] gates. */
  gates: Float64Array;
}

/** Forecasts of the first `count` windows of a split (default all) with the training graph (fp64, fold). */
export function predictSplit(graph: TrainingGraph, stateDict: StateDict, dataset: Dataset, split: Split, count = split.windows, chunk = 256): SplitPrediction {
  const { predLen: P, channels: C } = dataset;
  const K = graph.experts;
  const pred = new Float64Array(count * P * C);
  const truth = new Float64Array(count * P * C);
  const gates = new Float64Array(count * C * K);
  let batch: GraphBatch | undefined;
  for (let begin = 0; begin < count; begin += chunk) {
    const size = Math.min(chunk, count - begin);
    const indices = Int32Array.from({ length: size }, (_, i) => begin + i);
    batch = gatherSeriesBatch(dataset, split, indices, batch);
    const out = graph.predict(stateDict, batch);
    for (let b = 0; b < size; b++) {
      for (let c = 0; c < C; c++) {
        const n = b * C + c;
        for (let p = 0; p < P; p++) {
          const at = ((begin + b) * P + p) * C + c;
          pred[at] = out.y[n * P + p]!;
          truth[at] = batch.target![n * P + p]!;
        }
        for (let k = 0; k < K; k++) gates[((begin + b) * C + c) * K + k] = out.gates[n * K + k]!;
      }
    }
  }
  return { windows: count, pred, truth, gates };
}

function splitMse(graph: TrainingGraph, stateDict: StateDict, dataset: Dataset, split: Split): number {
  const { pred, truth } = predictSplit(graph, stateDict, dataset, split);
  let sum = 0;
  for (let i = 0; i < pred.length; i++) sum += (pred[i]! - truth[i]!) ** 2;
  return sum / pred.length;
}

export function trainModel(config: MoleConfig, dataset: Dataset, options: TrainOptions = {}): TrainResult {
  if (dataset.channels !== config.input.channels) {
    throw new Error(`the data set has ${dataset.channels} channels (${dataset.columns.join(', ')}) but the config has channels: ${config.input.channels}`);
  }
  if (dataset.seqLen !== config.input.seqLen || dataset.predLen !== config.predLen) {
    throw new Error(`the data set's windows are L=${dataset.seqLen}, P=${dataset.predLen}; the config needs L=${config.input.seqLen}, P=${config.predLen}`);
  }
  const settings = {
    epochs: options.epochs ?? 10,
    learningRate: options.learningRate ?? 0.005,
    batchSize: options.batchSize ?? 32,
    patience: options.patience ?? 3,
    seed: options.seed ?? 2021,
    schedule: options.schedule ?? 'type1',
    dropLast: options.dropLast ?? true,
    duplicateBatch: options.duplicateBatch ?? true,
  } as const;
  const graph = new TrainingGraph(config, options);
  const stateDict = options.initial ? cloneStateDict(options.initial) : randomStateDict(config, settings.seed);
  assertStateDict(config, stateDict);
  const gradients = zeroGradients(stateDict);
  const adam = new Adam();
  // Independent streams, so switching one behaviour on does not change the others' draws.
  const shuffleRandom = createRandom(settings.seed ^ 0x5f3759df);
  const dropoutRandom = createRandom(settings.seed ^ 0x2545f491);
  const noiseRandom = createRandom(settings.seed ^ 0x68e31da4);
  const inputDropoutRandom = createRandom(settings.seed ^ 0x1b873593);
  const randomness: TrainingRandomness = {
    headDropout: () => dropoutRandom.uniform(),
    noise: () => noiseRandom.normal(),
    inputDropout: () => inputDropoutRandom.uniform(),
  };
  const duplicate = settings.duplicateBatch && graph.stochastic;

  const history: EpochRecord[] = [];
  let best: StateDict | undefined;
  let bestValLoss = Infinity;
  let bestEpoch = 0;
  let sinceImprovement = 0;
  let stoppedEarly = false;
  const started = performance.now();
  let batch: GraphBatch | undefined;
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    const epochStarted = performance.now();
    const learningRate = learningRateForEpoch(settings.schedule, settings.learningRate, epoch);
    let batches = batchOrder(dataset.splits.train.windows, settings.batchSize, { random: shuffleRandom, dropLast: settings.dropLast });
    if (options.maxBatchesPerEpoch !== undefined) batches = batches.slice(0, options.maxBatchesPerEpoch);
    let lossSum = 0;
    for (let i = 0; i < batches.length; i++) {
      const indices = duplicate ? Int32Array.from([...batches[i]!, ...batches[i]!]) : batches[i]!;
      batch = gatherSeriesBatch(dataset, dataset.splits.train, indices, batch);
      for (const g of gradients.values()) g.fill(0);
      const { mse, auxiliary } = graph.lossAndGradients(stateDict, batch, gradients, randomness);
      adam.step(stateDict, gradients, learningRate);
      lossSum += mse + auxiliary;
      if (options.onProgress) {
        const elapsed = (performance.now() - started) / 1000;
        const doneFraction = epoch - 1 + (i + 1) / batches.length;
        options.onProgress({
          kind: 'batch',
          epoch,
          epochs: settings.epochs,
          batch: i + 1,
          batches: batches.length,
          trainLoss: lossSum / (i + 1),
          learningRate,
          elapsedSeconds: elapsed,
          etaSeconds: (elapsed / doneFraction) * (settings.epochs - doneFraction),
        });
      }
    }
    const valLoss = splitMse(graph, stateDict, dataset, dataset.splits.val);
    const improved = valLoss < bestValLoss;
    if (improved) {
      bestValLoss = valLoss;
      bestEpoch = epoch;
      best = cloneStateDict(stateDict);
      sinceImprovement = 0;
    } else {
      sinceImprovement += 1;
    }
    const record: EpochRecord = { epoch, learningRate, trainLoss: lossSum / Math.max(1, batches.length), valLoss, seconds: (performance.now() - epochStarted) / 1000, improved };
    history.push(record);
    if (options.onProgress) {
      const elapsed = (performance.now() - started) / 1000;
      options.onProgress({
        kind: 'epoch',
        epoch,
        epochs: settings.epochs,
        batch: batches.length,
        batches: batches.length,
        trainLoss: record.trainLoss,
        valLoss,
        learningRate,
        elapsedSeconds: elapsed,
        etaSeconds: (elapsed / epoch) * (settings.epochs - epoch),
        improved,
      });
    }
    if (sinceImprovement >= settings.patience) {
      stoppedEarly = epoch < settings.epochs;
      break;
    }
  }
  const trainSeconds = (performance.now() - started) / 1000;
  return {
    stateDict: best ?? stateDict,
    history,
    bestEpoch,
    bestValLoss,
    stoppedEarly,
    trainSeconds,
    epochsPerSecond: history.length / trainSeconds,
    options: settings,
  };
}
