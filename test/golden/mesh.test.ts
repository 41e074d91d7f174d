// Golden cases on meshes of emulated chips: 1×2 (N300) and 2×4 (T3K), split by batch and by channel, each
// generated, built against the emulator, run on the mesh and compared with the reference interpreter on the
// whole model: bit-exact in device numerics (max abs error 0), PCC vs fp64, allclose, top-k selection
// identical for every (sample, channel) — and the same per chip, over each chip's own share. Small configs
// with uneven shares (padding) so they stay cheap.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MoleConfig } from '../../dsl/config.ts';
import { defineMoLE, experts, router, sharding, target, weights } from '../../dsl/index.ts';
import { verify, VERIFY_TOLERANCES } from '../../generator/commands/verify.ts';
import { REPO_ROOT } from '../../generator/emit/templates.ts';
import { configFromObject } from '../../generator/load/index.ts';

const CASES: Array<[string, MoleConfig]> = [
  [
    "1×2, split 'batch': DLinear K=4 top-2, 7 samples (one padding sample)",
    defineMoLE({
      name: 'golden-mesh-n300-batch',
      input: { seqLen: 48, channels: 5 },
      predLen: 16,
      batch: 7,
      experts: experts.dlinear({ count: 4, kernelSize: 7 }),
      router: router.mlp({ topK: 2 }),
      target: target.n300({ grid: [2, 2] }),
      weights: weights.random({ seed: 31 }),
    }),
  ],
  [
    "1×2, split 'channels': RLinear K=3 top-2, 9 channels (one padding channel)",
    defineMoLE({
      name: 'golden-mesh-n300-channels',
      input: { seqLen: 48, channels: 9 },
      predLen: 16,
      batch: 3,
      experts: experts.rlinear({ count: 3 }),
      router: router.mlp({ topK: 2 }),
      target: target.n300({ grid: [2, 2], split: 'channels' }),
      weights: weights.random({ seed: 32 }),
    }),
  ],
  [
    "2×4, split 'batch': RMLP K=2, 10 samples over 8 chips, height sharding",
    defineMoLE({
      name: 'golden-mesh-t3k-batch',
      input: { seqLen: 40, channels: 3 },
      predLen: 12,
      batch: 10,
      experts: experts.rmlp({ count: 2, dModel: 24 }),
      router: router.mlp({}),
      target: target.t3k({ grid: [2, 2] }),
      sharding: sharding.height(),
      weights: weights.random({ seed: 33 }),
    }),
  ],
  [
    "2×4, split 'channels': per-channel DLinear K=2 top-1, 19 channels over 8 chips",
    defineMoLE({
      name: 'golden-mesh-t3k-channels',
      input: { seqLen: 40, channels: 19 },
      predLen: 12,
      batch: 2,
      experts: experts.dlinear({ count: 2, kernelSize: 5, individual: true }),
      router: router.mlp({ topK: 1 }),
      target: target.t3k({ grid: [2, 2], split: 'channels' }),
      weights: weights.random({ seed: 34 }),
    }),
  ],
];

describe('meshes on the emulator match the reference interpreter on the whole model and on every chip', () => {
  for (const [title, config] of CASES) {
    it(title, async () => {
      const out = path.join(REPO_ROOT, 'build', 'golden', config.name);
      const result = await verify(config, configFromObject(config), { seed: 6, out, iters: 1, warmup: 0, hostBuildType: '', watcher: true });
      const [device, fp64] = result.rows;
      // the emulator's watcher saw no protocol slip (CB/DST misuse, a misaligned NoC read)
      expect(result.watcherReports).toEqual([]);
      expect(device!.maxAbs).toBe(0);
      expect(fp64!.pcc).toBeGreaterThanOrEqual(VERIFY_TOLERANCES.pccVsFp64);
      expect(device!.allclose).toBe(true);
      expect(result.topK.agree).toBe(result.topK.total);
      const [rows, cols] = config.target.mesh!;
      expect(result.chips!.map((c) => c.coord)).toEqual(Array.from({ length: rows * cols }, (_, i) => [Math.floor(i / cols), i % cols]));
      for (const chip of result.chips!) {
        expect(chip.pairs).toBeGreaterThan(0);
        expect(chip.maxAbs).toBe(0);
        expect(chip.topKAgree).toBe(chip.pairs);
      }
      expect(result.pass).toBe(true);
    });
  }
});
