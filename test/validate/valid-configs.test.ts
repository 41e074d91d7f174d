// Every DSL option value round-trips through validation: a config using it gives zero diagnostics, and
// the normalised config holds exactly the value that was asked for. Also the examples validate.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defineMoLE, experts, router, sharding, target, weights, type MoleDefinition } from 'molegen';
import { configFromObject, loadConfig } from '../../generator/load/index.ts';
import { validateConfig } from '../../generator/validate/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const checkpoints = path.join(repo, 'test/fixtures/configs/checkpoints');

const base: MoleDefinition = {
  name: 'round-trip',
  input: { seqLen: 96, channels: 7 },
  predLen: 24,
  experts: experts.dlinear({ count: 4 }),
  router: router.mlp(),
};

interface Case {
  option: string;
  definition: Partial<MoleDefinition>;
  /** Dotted path into the normalised config → the value that must be there. */
  expect: Record<string, unknown>;
}

const cases: Case[] = [
  ...(['h', 't', 's', 'd', 'b', 'w', 'm'] as const).map((freq) => ({
    option: `input.freq ${freq}`,
    definition: { input: { seqLen: 96, channels: 7, freq } },
    expect: { 'input.freq': freq },
  })),
  { option: 'input.seqLen 2 (min), channels 1', definition: { input: { seqLen: 2, channels: 1 }, experts: experts.rlinear({ count: 1 }) }, expect: { 'input.seqLen': 2, 'input.channels': 1 } },
  { option: 'kernelSize 3 = seqLen', definition: { input: { seqLen: 3, channels: 1 }, experts: experts.dlinear({ count: 1, kernelSize: 3 }) }, expect: { 'experts.kernelSize': 3 } },
  // At the schema's maxima the plan must still fit one core's L1: the kernels keep whole rows of the input window
  // per core (and the router a whole hidden row), so this takes one expert, a narrow router and Blackhole's 1536 KiB.
  {
    option: 'input.seqLen 4096, channels 4096 (max)',
    definition: { input: { seqLen: 4096, channels: 4096 }, experts: experts.dlinear({ count: 1 }), router: router.mlp({ hidden: 64 }), target: target.blackhole() },
    expect: { 'input.seqLen': 4096, 'input.channels': 4096 },
  },
  { option: 'predLen 1', definition: { predLen: 1 }, expect: { predLen: 1 } },
  { option: 'predLen 720', definition: { predLen: 720 }, expect: { predLen: 720 } },
  { option: 'batch 1024', definition: { batch: 1024 }, expect: { batch: 1024 } },
  { option: 'dlinear count 16, kernel 7, individual', definition: { experts: experts.dlinear({ count: 16, kernelSize: 7, individual: true }) }, expect: { 'experts.kind': 'dlinear', 'experts.count': 16, 'experts.kernelSize': 7, 'experts.individual': true } },
  { option: 'rlinear affine false', definition: { experts: experts.rlinear({ count: 2, revin: { affine: false } }) }, expect: { 'experts.kind': 'rlinear', 'experts.revin.affine': false } },
  { option: 'rlinear default revin', definition: { experts: experts.rlinear({ count: 2 }) }, expect: { 'experts.revin.affine': true } },
  { option: 'rmlp dModel 64', definition: { experts: experts.rmlp({ count: 3, dModel: 64 }) }, expect: { 'experts.kind': 'rmlp', 'experts.dModel': 64, 'experts.revin.affine': true } },
  { option: 'rmlp default dModel', definition: { experts: experts.rmlp({ count: 1 }) }, expect: { 'experts.dModel': 512 } },
  { option: "router input 'stats'", definition: { router: router.mlp({ input: 'stats' }) }, expect: { 'router.input': 'stats' } },
  { option: 'router hidden, activation, topK 1, headDropout, noise', definition: { router: router.mlp({ hidden: 64, activation: 'relu', topK: 1, headDropout: 0.2, noise: { std: 1 } }) }, expect: { 'router.hidden': 64, 'router.activation': 'relu', 'router.topK': 1, 'router.headDropout': 0.2, 'router.noise.std': 1 } },
  { option: 'router topK = K', definition: { router: router.mlp({ topK: 4 }) }, expect: { 'router.topK': 4 } },
  { option: 'wormhole grid 1×1', definition: { target: target.wormhole({ grid: [1, 1] }) }, expect: { 'target.arch': 'wormhole_b0', 'target.grid': [1, 1] } },
  { option: 'blackhole full grid', definition: { target: target.blackhole({ grid: [13, 10] }) }, expect: { 'target.arch': 'blackhole', 'target.grid': [13, 10] } },
  { option: 'fp32 activations', definition: { target: target.wormhole({ dtype: 'fp32', fp32DestAcc: true }) }, expect: { 'target.dtype': 'fp32', 'target.weightDtype': 'fp32', 'target.fp32DestAcc': true } },
  { option: 'bfp8_b weights', definition: { target: target.wormhole({ weightDtype: 'bfp8_b' }) }, expect: { 'target.dtype': 'bf16', 'target.weightDtype': 'bfp8_b' } },
  { option: 'fp32 weights with bf16 activations', definition: { target: target.wormhole({ dtype: 'bf16', weightDtype: 'fp32' }) }, expect: { 'target.weightDtype': 'fp32' } },
  ...(['LoFi', 'HiFi2', 'HiFi3', 'HiFi4'] as const).map((mathFidelity) => ({
    option: `mathFidelity ${mathFidelity}`,
    definition: { target: target.wormhole({ mathFidelity }) },
    expect: { 'target.mathFidelity': mathFidelity },
  })),
  { option: 'fp32DestAcc with bf16', definition: { target: target.blackhole({ fp32DestAcc: true }) }, expect: { 'target.fp32DestAcc': true } },
  ...(['interleaved', 'height', 'width', 'block', 'auto'] as const).flatMap((strategy) =>
    (['dram', 'l1'] as const).map((where) => ({
      option: `sharding ${strategy} weights ${where}`,
      definition: { sharding: sharding[strategy]({ weights: where }) },
      expect: { 'sharding.strategy': strategy, 'sharding.weights': where },
    })),
  ),
  { option: 'random weights seed', definition: { weights: weights.random({ seed: 2 ** 32 - 1 }) }, expect: { 'weights.kind': 'random', 'weights.seed': 2 ** 32 - 1 } },
  { option: 'checkpoint weights', definition: { weights: weights.checkpoint('./empty.safetensors') }, expect: { 'weights.kind': 'checkpoint', 'weights.path': './empty.safetensors' } },
];

const at = (value: unknown, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);

describe('every option round-trips through validation', () => {
  for (const c of cases) {
    it(c.option, () => {
      const config = defineMoLE({ ...base, ...c.definition });
      const diagnostics = validateConfig(configFromObject(config, checkpoints));
      expect(diagnostics).toEqual([]);
      for (const [dotted, value] of Object.entries(c.expect)) expect(at(config, dotted), dotted).toEqual(value);
    });
  }
});

describe('examples', () => {
  const expected: Record<string, Record<string, unknown>> = {
    'etth1.ts': { name: 'etth1-mole-dlinear', 'input.seqLen': 336, predLen: 96, 'input.channels': 7, 'experts.kind': 'dlinear', 'experts.count': 4, batch: 32, 'target.grid': [8, 8], 'sharding.strategy': 'interleaved', 'weights.seed': 2021 },
    'weather-rlinear.ts': { 'input.channels': 21, 'input.seqLen': 336, predLen: 96, 'experts.kind': 'rlinear', 'experts.count': 4 },
    'electricity-top2.ts': { 'input.channels': 321, 'experts.kind': 'dlinear', 'experts.count': 8, 'router.topK': 2, 'router.hidden': 2568 },
    'electricity-t3k.ts': { 'input.channels': 321, 'experts.count': 8, 'router.topK': 2, 'router.hidden': 2568, 'target.mesh': [2, 4], 'target.split': 'auto', batch: 32 },
  };
  for (const [file, values] of Object.entries(expected)) {
    it(`${file} validates`, async () => {
      const loaded = await loadConfig(path.join(repo, 'examples', file));
      expect(validateConfig(loaded)).toEqual([]);
      for (const [dotted, value] of Object.entries(values)) expect(at(loaded.config, dotted), dotted).toEqual(value);
    });
  }
});
