// Golden cases for the options the two matrices do not vary: the router on window statistics
// (computed by the router reader), its shared logits over several batch tiles with each batch row's
// hidden tiles computed by a group of cores and exchanged through their L1, each output tile's experts
// split over a group of cores (helpers writing partial forecasts into the owner's L1), fp32 activations
// with fp32 DST accumulation, the shared logits' gather by NoC reads (8 experts), RevIN statistics computed
// before the router's logits, and gates written into the experts cores' L1 (one copy per column block when
// several cores own tiles of a row), a weight exchange by multicast over a grid column, shared logits on router
// cores that have no series-tile rows, per-row logits from features the host lays out per series (channel-major
// rows with padding, over two batch tiles), expert helpers beside their owners multicasting weight slices, and the
// tensors a forward writes in DRAM rather than L1, and a K that is not a multiple of 4 (the router's exp on the
// transposed logits' first ⌈K/4⌉ groups of 4 rows), and router cores that form the gates of their own logit tiles' rows
// as they go (GATES_PIPELINED). Same checks as the matrices: PCC against device numerics and
// fp64, allclose, identical top-k selection.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MoleConfig } from '../../dsl/config.ts';
import { defineMoLE, experts, router, sharding, target, weights } from '../../dsl/index.ts';
import { verify, VERIFY_TOLERANCES } from '../../generator/commands/verify.ts';
import { REPO_ROOT } from '../../generator/emit/templates.ts';
import { configFromObject, loadConfig } from '../../generator/load/index.ts';
import { planMeshProgram } from '../../generator/mesh-program.ts';
import { SAMPLE_ROW_READS_UP_TO, samplesOfRow, seriesCountOfRow } from '../../generator/passes/router-rows.ts';
import { randomStateDict } from '../../reference/weights.ts';

// examples/weather-rlinear.ts as its user wrote it: the golden covers the plan the example gets
const weatherExample = (await loadConfig(path.join(REPO_ROOT, 'examples', 'weather-rlinear.ts'))).config;

const CASES: Array<[string, MoleConfig]> = [
  [
    "RLinear, router on window statistics, top-2, height sharding",
    defineMoLE({
      name: 'golden-stats-router',
      input: { seqLen: 96, channels: 7 },
      predLen: 24,
      batch: 4,
      experts: experts.rlinear({ count: 4 }),
      router: router.mlp({ input: 'stats', topK: 2 }),
      target: target.wormhole({ grid: [2, 2] }),
      sharding: sharding.height(),
      weights: weights.random({ seed: 11 }),
    }),
  ],
  [
    'DLinear, router on window statistics, shared logits: 2 batch tiles, 2 hidden tiles split over groups of cores, gathers reading their samples\' rows',
    defineMoLE({
      name: 'golden-shared-hidden',
      input: { seqLen: 64, channels: 20 },
      predLen: 24,
      batch: 40,
      experts: experts.dlinear({ count: 4 }),
      router: router.mlp({ input: 'stats', topK: 2, hidden: 40 }),
      target: target.wormhole({ grid: [2, 2] }),
      sharding: sharding.interleaved(),
      weights: weights.random({ seed: 13 }),
    }),
  ],
  [
    'per-channel DLinear, top-2, each output tile\'s 4 experts over 3 cores (owners of 2 rows × 3 columns, streamed weights)',
    defineMoLE({
      name: 'golden-expert-groups',
      input: { seqLen: 96, channels: 7 },
      predLen: 80,
      batch: 8,
      experts: experts.dlinear({ count: 4, individual: true }),
      router: router.mlp({ topK: 2 }),
      target: target.wormhole({ grid: [4, 4] }),
      sharding: sharding.interleaved({ expertGroups: 3 }),
      weights: weights.random({ seed: 14 }),
    }),
  ],
  [
    'RLinear, each output tile\'s 4 experts over 2 cores (shared weight columns, RevIN folded into the mixture); a 560-unit router hidden layer, so per-row router reads in blocks',
    defineMoLE({
      name: 'golden-expert-groups-revin',
      input: { seqLen: 96, channels: 7 },
      predLen: 40,
      batch: 6,
      experts: experts.rlinear({ count: 4 }),
      router: router.mlp({ hidden: 560 }),
      target: target.wormhole({ grid: [2, 2] }),
      sharding: sharding.interleaved({ expertGroups: 2 }),
      weights: weights.random({ seed: 15 }),
    }),
  ],
  [
    'DLinear, 8 experts, router on window statistics, top-2: each series\' logits gathered by one NoC read from DRAM (activations in DRAM), a padded last row',
    defineMoLE({
      name: 'golden-noc-gather',
      input: { seqLen: 64, channels: 5 },
      predLen: 24,
      batch: 9,
      experts: experts.dlinear({ count: 8 }),
      router: router.mlp({ input: 'stats', topK: 2 }),
      target: target.wormhole({ grid: [2, 2] }),
      sharding: sharding.interleaved({ activations: 'dram' }),
      weights: weights.random({ seed: 17 }),
    }),
  ],
  [
    'DLinear, 11 experts, top-3: the router\'s exp runs 6 iterations a face, over the transposed logits\' rows 0..11 (row 11 padding, exp(−1e30 − max) = 0)',
    defineMoLE({
      name: 'golden-eleven-experts',
      input: { seqLen: 48, channels: 3 },
      predLen: 16,
      batch: 5,
      experts: experts.dlinear({ count: 11 }),
      router: router.mlp({ topK: 3 }),
      target: target.wormhole({ grid: [2, 2] }),
      sharding: sharding.interleaved(),
      weights: weights.random({ seed: 29 }),
    }),
  ],
  [
    'RMLP, 321 channels (41 logit tiles, more than the cores without rows), activations in DRAM: its time-MLP needs normalised inputs, so router cores compute their RevIN statistics before their share of the shared logits',
    defineMoLE({
      name: 'golden-stats-first',
      input: { seqLen: 64, channels: 321, freq: 'h' },
      predLen: 24,
      batch: 1,
      experts: experts.rmlp({ count: 4, revin: { affine: true } }),
      router: router.mlp({ input: 'time' }),
      target: target.wormhole({ dtype: 'bf16', mathFidelity: 'HiFi4' }),
      sharding: sharding.interleaved({ activations: 'dram' }),
      weights: weights.random({ seed: 18 }),
    }),
  ],
  [
    'the weather example (RLinear, 21 channels, 336 steps, 96 ahead, batch 32) with a 256-unit router hidden layer: shared logits in L1, each series\' 4 logits gathered by one 16-byte NoC read; the logit tiles first on router cores without rows, beside the statistics',
    { ...weatherExample, name: 'golden-noc-gather-l1', router: { ...weatherExample.router, hidden: 256 }, weights: weights.random({ seed: 24 }) },
  ],
  [
    'DLinear, height sharding, one program: gates written by the router into the L1 shards of experts cores that own two rows each, every row\'s partials formed first',
    defineMoLE({
      name: 'golden-gates-resident',
      input: { seqLen: 64, channels: 7 },
      predLen: 24,
      batch: 16,
      experts: experts.dlinear({ count: 4 }),
      router: router.mlp({ topK: 2 }),
      target: target.wormhole({ grid: [2, 3] }),
      sharding: sharding.height(),
      weights: weights.random({ seed: 19 }),
    }),
  ],
  [
    'DLinear, block sharding, one program: a copy of each row\'s gates in the L1 of each of the 2 column blocks\' experts cores, rows 3 to a core and a short last row block',
    defineMoLE({
      name: 'golden-gate-copies',
      input: { seqLen: 64, channels: 7 },
      predLen: 48,
      batch: 20,
      experts: experts.dlinear({ count: 4 }),
      router: router.mlp({ topK: 2 }),
      target: target.wormhole({ grid: [3, 3] }),
      sharding: sharding.block(),
      weights: weights.random({ seed: 20 }),
    }),
  ],
  [
    'DLinear, interleaved, one program: each horizon column\'s 3 experts cores fill a grid column and multicast their weight slices to it',
    defineMoLE({
      name: 'golden-share-multicast',
      input: { seqLen: 96, channels: 7 },
      predLen: 48,
      batch: 12,
      experts: experts.dlinear({ count: 4 }),
      router: router.mlp({ topK: 2 }),
      target: target.wormhole({ grid: [4, 4] }),
      sharding: sharding.interleaved({ expertGroups: 1 }),
      weights: weights.random({ seed: 21 }),
    }),
  ],
  [
    'DLinear, router on window statistics, shared logits over every spare core: router cores without series-tile rows compute logit tiles, sharing the hidden tiles',
    defineMoLE({
      name: 'golden-router-logit-cores',
      input: { seqLen: 64, channels: 24 },
      predLen: 48,
      batch: 1,
      experts: experts.dlinear({ count: 4 }),
      router: router.mlp({ input: 'stats', topK: 2, hidden: 40 }),
      target: target.wormhole({ grid: [3, 3] }),
      sharding: sharding.interleaved(),
      weights: weights.random({ seed: 22 }),
    }),
  ],
  [
    'DLinear, each output tile\'s experts over 2 cores side by side: a column group\'s owners and helpers fill a rectangle and multicast their weight slices; gates in the owners\' L1',
    defineMoLE({
      name: 'golden-helpers-multicast',
      input: { seqLen: 96, channels: 7 },
      predLen: 64,
      batch: 8,
      experts: experts.dlinear({ count: 4 }),
      router: router.mlp({}),
      target: target.wormhole({ grid: [4, 4] }),
      sharding: sharding.interleaved({ expertGroups: 2 }),
      weights: weights.random({ seed: 22 }),
    }),
  ],
  [
    'per-channel DLinear, top-2, per-row router logits from per-series features: channel-major rows, 40 samples padded to 64 per channel',
    defineMoLE({
      name: 'golden-series-features',
      input: { seqLen: 64, channels: 3 },
      predLen: 24,
      batch: 40,
      experts: experts.dlinear({ count: 4, individual: true }),
      router: router.mlp({ topK: 2 }),
      target: target.wormhole({ grid: [3, 3] }),
      sharding: sharding.interleaved(),
      weights: weights.random({ seed: 23 }),
    }),
  ],
  [
    'RMLP, fp32 activations and fp32 DST, weights in L1',
    defineMoLE({
      name: 'golden-fp32-activations',
      input: { seqLen: 64, channels: 3 },
      predLen: 40,
      batch: 2,
      experts: experts.rmlp({ count: 2, dModel: 48 }),
      router: router.mlp({}),
      target: target.wormhole({ grid: [2, 2], dtype: 'fp32', fp32DestAcc: true }),
      sharding: sharding.interleaved({ weights: 'l1' }),
      weights: weights.random({ seed: 12 }),
    }),
  ],
  [
    'per-channel DLinear K=8 top-2, batch 40 (two batch tiles, padding samples): shared logits with each router core forming the gates of its own logit tiles\' channels, two tiles a core, pairs of cores sharing a batch row\'s hidden tiles',
    defineMoLE({
      name: 'golden-gates-pipelined',
      input: { seqLen: 64, channels: 16 },
      predLen: 24,
      batch: 40,
      experts: experts.dlinear({ count: 8, individual: true }),
      router: router.mlp({ input: 'time', topK: 2, hidden: 512 }),
      target: target.wormhole({ grid: [3, 3] }),
      sharding: sharding.interleaved(),
      weights: weights.random({ seed: 31 }),
    }),
  ],
];

describe('the pipelined-gates case exercises what its title says', () => {
  it('plans shared logits whose gates each router core forms from its own tiles, two a core, over two batch tiles with padding', () => {
    const config = CASES.find(([, c]) => c.name === 'golden-gates-pipelined')![1];
    const plan = planMeshProgram(config, randomStateDict(config, 31)).plan;
    const router = plan.programs.find((p) => p.name === 'router')!;
    expect(plan.routerLogits.kind).toBe('shared');
    for (const kernel of ['reader', 'compute', 'writer'] as const) expect(router.defines[kernel]).toContain('GATES_PIPELINED');
    expect(router.defines.reader).not.toContain('GATHER_BY_NOC');
    // the logits never leave the router cores' L1: their tensor is left in DRAM, taking no core's L1
    expect(plan.tensors.find((t) => t.name === 'logits')!.placement.memory).toBe('dram');
    expect(plan.tiles.batchTiles).toBe(2);
    expect(router.logitTiles!.every(([a, b]) => b - a === 2)).toBe(true);
    expect(router.hiddenShare!.every(([, members]) => members === 2)).toBe(true);
    // rows 40..63 of each channel are padding
    expect(seriesCountOfRow(plan, 1)).toBe(8);
  });
});

describe('the shared-hidden case exercises what its title says', () => {
  it('plans groups of router cores that split a batch row\'s hidden tiles, over more than one batch tile, and row reads in the gathers', () => {
    const config = CASES.find(([, c]) => c.name === 'golden-shared-hidden')![1];
    const plan = planMeshProgram(config, randomStateDict(config, 13)).plan;
    const router = plan.programs.find((p) => p.name === 'router')!;
    expect(plan.routerLogits.kind).toBe('shared');
    expect(plan.tiles.batchTiles).toBeGreaterThan(1);
    expect(plan.tiles.hiddenTiles).toBeGreaterThan(1);
    expect(router.hiddenShare!.some(([, members]) => members > 1)).toBe(true);
    // the gathers read only their samples' rows of each logit tile
    expect(samplesOfRow(plan, 0)).toBeLessThanOrEqual(SAMPLE_ROW_READS_UP_TO);
  });
});

describe('the NoC-gather case exercises what its title says', () => {
  it('plans shared logits gathered by NoC reads from DRAM (expert stride 1, K = 8) and a last row with padding series', () => {
    const config = CASES.find(([, c]) => c.name === 'golden-noc-gather')![1];
    const plan = planMeshProgram(config, randomStateDict(config, 17)).plan;
    const router = plan.programs.find((p) => p.name === 'router')!;
    expect(plan.routerLogits.kind).toBe('shared');
    expect(router.defines.reader).toContain('GATHER_BY_NOC');
    expect(plan.routerLogits.why).toMatch(/one NoC read per series/);
    // the tensors a forward writes stay in DRAM, as the config asks
    for (const name of ['x', 'logits', 'y']) expect(plan.tensors.find((t) => t.name === name)!.placement.memory).toBe('dram');
    const lastRow = plan.tiles.seriesTiles - 1;
    expect(seriesCountOfRow(plan, lastRow)).toBeGreaterThan(0);
    expect(seriesCountOfRow(plan, lastRow)).toBeLessThan(32);
  });
});

describe('the stats-first case exercises what its title says', () => {
  it('plans one program whose router cores compute their statistics rows before their logit tiles, some cores doing both', () => {
    const config = CASES.find(([, c]) => c.name === 'golden-stats-first')![1];
    const plan = planMeshProgram(config, randomStateDict(config, 18)).plan;
    const router = plan.programs.find((p) => p.name === 'router')!;
    expect(plan.dispatch.kind).toBe('one program');
    expect(plan.routerLogits.kind).toBe('shared');
    for (const kernel of ['reader', 'compute', 'writer'] as const) expect(router.defines[kernel]).toContain('STATS_FIRST');
    const both = router.work.filter((_, i) => router.statsRows![i]![1] > router.statsRows![i]![0] && router.logitTiles![i]![1] > router.logitTiles![i]![0]);
    expect(both.length).toBeGreaterThan(0);
  });
});

describe('the L1 NoC-gather case exercises what its title says', () => {
  it('plans shared logits in L1 gathered by 16-byte NoC reads (K = 4), logit tiles first on cores without rows', () => {
    const config = CASES.find(([, c]) => c.name === 'golden-noc-gather-l1')![1];
    const plan = planMeshProgram(config, randomStateDict(config, 24)).plan;
    const router = plan.programs.find((p) => p.name === 'router')!;
    expect(plan.routerLogits.kind).toBe('shared');
    expect(router.defines.reader).toContain('GATHER_BY_NOC');
    expect(plan.shape.experts).toBe(4);
    expect(plan.tensors.find((t) => t.name === 'logits')!.placement.memory).toBe('l1');
    expect(plan.logitLayout).toEqual({ channelStride: 4, expertStride: 1 });
    // the logit tiles go first to the router cores without gates or statistics rows
    const hasLogits = (i: number) => router.logitTiles![i]![1] > router.logitTiles![i]![0];
    const empty = (range: [number, number] | undefined) => range === undefined || range[1] === range[0];
    const rowless = router.work.map((w, i) => i).filter((i) => empty(router.work[i]!.rows) && empty(router.statsRows?.[i]));
    expect(rowless.length).toBeGreaterThan(0);
    for (const i of rowless) expect(hasLogits(i)).toBe(true);
  });
});

describe('the gates-resident case exercises what its title says', () => {
  it('plans the gates tensor in L1 shards of the experts cores, each owning two rows, with every row\'s partials first', () => {
    const config = CASES.find(([, c]) => c.name === 'golden-gates-resident')![1];
    const plan = planMeshProgram(config, randomStateDict(config, 19)).plan;
    const experts = plan.programs.find((p) => p.name === 'experts')!;
    expect(plan.dispatch.kind).toBe('one program');
    expect(plan.tensors.find((t) => t.name === 'gates')!.placement.memory).toBe('l1');
    expect(experts.defines.reader).toEqual(expect.arrayContaining(['GATES_RESIDENT', 'PARTIALS_FIRST']));
    expect(experts.circularBuffers.find((b) => b.name === 'gate')!.onTensor).toBe('gates');
    expect(experts.work.every((w) => w.rows[1] - w.rows[0] === 2)).toBe(true);
  });
});

describe('the gate-copies case exercises what its title says', () => {
  it('plans one copy of the gates per column block, on experts cores owning three rows, the last row block short', () => {
    const config = CASES.find(([, c]) => c.name === 'golden-gate-copies')![1];
    const plan = planMeshProgram(config, randomStateDict(config, 20)).plan;
    const experts = plan.programs.find((p) => p.name === 'experts')!;
    const gates = plan.tensors.find((t) => t.name === 'gates')!;
    expect(plan.dispatch.kind).toBe('one program');
    expect(experts.defines.reader).toContain('GATES_RESIDENT');
    expect(gates.copies).toEqual({ count: 2, rowsPerShard: 3 });
    // 4 shards of 3 tile rows, the last holding the 2 rows of the short block: 11 tile rows for 5 series-tile rows
    expect(plan.tiles.seriesTiles).toBe(5);
    expect(gates.rows / 32).toBe(11);
    expect(new Set(experts.work.map((w) => w.cols[0]))).toEqual(new Set([0, 1]));
    expect(experts.work.map((w) => w.rows[1] - w.rows[0])).toEqual([3, 3, 2, 2]);
  });
});

describe('the share-multicast case exercises what its title says', () => {
  it('plans the experts of horizon column q on grid column q, rows 0..2, exchanging weights by multicast', () => {
    const config = CASES.find(([, c]) => c.name === 'golden-share-multicast')![1];
    const plan = planMeshProgram(config, randomStateDict(config, 21)).plan;
    const experts = plan.programs.find((p) => p.name === 'experts')!;
    for (const kernel of ['reader', 'writer'] as const) expect(experts.defines[kernel]).toEqual(expect.arrayContaining(['WEIGHTS_SHARED', 'SHARE_MULTICAST']));
    expect(experts.work.map((w) => [w.x, w.y, w.rows[0], w.cols[0]])).toEqual([
      [0, 0, 0, 0], [1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 1, 1], [0, 2, 2, 0], [1, 2, 2, 1],
    ]);
  });
});

describe('the router-logit-cores case exercises what its title says', () => {
  it('plans the one series-tile row on one router core and the 3 logit tiles over 3 cores without rows that share the hidden tiles', () => {
    const config = CASES.find(([, c]) => c.name === 'golden-router-logit-cores')![1];
    const plan = planMeshProgram(config, randomStateDict(config, 22)).plan;
    const router = plan.programs.find((p) => p.name === 'router')!;
    expect(plan.dispatch.kind).toBe('one program');
    expect(plan.routerLogits.kind).toBe('shared');
    // every core the experts leave free is a router core
    expect(router.work.length).toBe(9 - plan.programs.find((p) => p.name === 'experts')!.work.length);
    const withoutRows = router.work.flatMap((w, i) => (w.rows[1] === w.rows[0] && router.logitTiles![i]![1] > router.logitTiles![i]![0] ? [i] : []));
    expect(withoutRows.length).toBe(3);
    for (const i of withoutRows) expect(router.hiddenShare![i]![1]).toBe(3);
  });
});

describe('the series-features case exercises what its title says', () => {
  it('plans per-row logits whose rows read per-series features, channel-major over two batch tiles, with padding rows', () => {
    const config = CASES.find(([, c]) => c.name === 'golden-series-features')![1];
    const plan = planMeshProgram(config, randomStateDict(config, 23)).plan;
    const router = plan.programs.find((p) => p.name === 'router')!;
    expect(plan.routerLogits.kind).toBe('per row');
    expect(router.defines.reader).toEqual(expect.arrayContaining(['PER_ROW_LOGITS', 'ROW_READS_BATCHED']));
    expect(plan.seriesLayout.kind).toBe('channel-major');
    expect(plan.tiles.batchTiles).toBe(2);
    const names = plan.tensors.map((t) => t.name);
    expect(names).toContain('series_features');
    expect(names).not.toContain('features');
    expect(plan.tensors.find((t) => t.name === 'series_features')!.rows).toBe(plan.tiles.seriesTiles * 32);
    // rows 40..63 of each channel are padding: the second tile row of a channel holds 8 series
    expect(seriesCountOfRow(plan, 1)).toBe(8);
  });
});

describe('the expert-group cases exercise what their titles say', () => {
  it('plans owners of several rows with helpers, uneven expert ranges, streamed or shared weights, gates on the owners', () => {
    const experts = (name: string) => {
      const config = CASES.find(([, c]) => c.name === name)![1];
      return planMeshProgram(config, randomStateDict(config, 14)).plan.programs.find((p) => p.name === 'experts')!;
    };
    const streamed = experts('golden-expert-groups');
    expect(streamed.defines.compute).toContain('EXPERT_HELPERS');
    expect(streamed.defines.reader).not.toContain('WEIGHTS_SHARED');
    const owners = streamed.work.filter((w) => w.experts![0] === 0);
    expect(owners.some((w) => w.rows[1] - w.rows[0] > 1)).toBe(true);
    expect(streamed.work.length).toBe(3 * owners.length);
    expect(new Set(streamed.work.map((w) => w.experts!.join('-')))).toEqual(new Set(['0-1', '1-2', '2-4']));
    const shared = experts('golden-expert-groups-revin');
    expect(shared.defines.reader).toEqual(expect.arrayContaining(['REVIN', 'WEIGHTS_SHARED', 'EXPERT_HELPERS']));
    // the router writes the gates into the owners' L1 (helpers hold no shard and never read gates); the inputs,
    // RevIN statistics and outputs are L1 interleaved
    for (const program of [streamed, shared]) {
      expect(program.defines.reader).toContain('GATES_RESIDENT');
      expect(program.circularBuffers.find((b) => b.name === 'gate')!.onTensor).toBe('gates');
    }
    const revinConfig = CASES.find(([, c]) => c.name === 'golden-expert-groups-revin')![1];
    const plan = planMeshProgram(revinConfig, randomStateDict(revinConfig, 15)).plan;
    const gates = plan.tensors.find((t) => t.name === 'gates')!;
    expect(gates.placement.memory === 'l1' && gates.placement.layout !== 'interleaved' && gates.placement.cores).toEqual([{ x: shared.work[0]!.x, y: shared.work[0]!.y }]);
    for (const name of ['x', 'revin_stats', 'y']) expect(plan.tensors.find((t) => t.name === name)!.placement).toEqual({ memory: 'l1', layout: 'interleaved' });
    // RLinear: partial forecasts of the raw inputs; 18 hidden tiles are too many to read a row under one barrier
    expect(shared.defines.compute).toContain('REVIN_FOLDED');
    const router = plan.programs.find((p) => p.name === 'router')!;
    expect(plan.tiles.hiddenTiles).toBe(18);
    expect(router.defines.reader).toContain('PER_ROW_LOGITS');
    expect(router.defines.reader).not.toContain('ROW_READS_BATCHED');
  });
});

describe('the helpers-multicast case exercises what its title says', () => {
  it('plans owner (2q, r) with its helper at (2q + 1, r), multicast column groups and the gates on the owners', () => {
    const config = CASES.find(([, c]) => c.name === 'golden-helpers-multicast')![1];
    const plan = planMeshProgram(config, randomStateDict(config, 22)).plan;
    const experts = plan.programs.find((p) => p.name === 'experts')!;
    for (const kernel of ['reader', 'writer'] as const) expect(experts.defines[kernel]).toEqual(expect.arrayContaining(['WEIGHTS_SHARED', 'SHARE_MULTICAST', 'EXPERT_HELPERS']));
    expect(experts.defines.reader).toContain('GATES_RESIDENT');
    // 56 series → 2 series-tile rows, 64 → 2 horizon columns: 4 owners, each with its helper to its right
    expect(experts.work.map((w) => [w.x, w.y, w.rows[0], w.cols[0], w.experts![0]])).toEqual([
      [0, 0, 0, 0, 0], [2, 0, 0, 1, 0], [0, 1, 1, 0, 0], [2, 1, 1, 1, 0],
      [1, 0, 0, 0, 2], [3, 0, 0, 1, 2], [1, 1, 1, 0, 2], [3, 1, 1, 1, 2],
    ]);
    const gates = plan.tensors.find((t) => t.name === 'gates')!;
    expect(gates.placement.memory === 'l1' && gates.placement.layout !== 'interleaved' && gates.placement.cores.length).toBe(4);
  });
});

describe('router input and activation formats on the emulator match the reference interpreter', () => {
  for (const [title, config] of CASES) {
    it(title, async () => {
      const out = path.join(REPO_ROOT, 'build', 'golden', config.name);
      const result = await verify(config, configFromObject(config), { seed: 5, out, iters: 1, warmup: 0, hostBuildType: '', watcher: true });
      const [device, fp64] = result.rows;
      // the emulator's watcher saw no protocol slip (CB/DST misuse, a misaligned NoC read)
      expect(result.watcherReports).toEqual([]);
      expect(device!.pcc).toBeGreaterThanOrEqual(VERIFY_TOLERANCES.pccVsDevice);
      expect(fp64!.pcc).toBeGreaterThanOrEqual(VERIFY_TOLERANCES.pccVsFp64);
      expect(device!.allclose).toBe(true);
      expect(result.topK.agree).toBe(result.topK.total);
    });
  }
});
