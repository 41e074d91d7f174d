// Golden tests of the first code-generation slice: MoLE-DLinear with dense routing, generated,
// built with CMake against the emulator, run, and compared with the reference interpreter — in
// the device's numerics (PCC ≥ 0.99999) and in fp64 (PCC ≥ 0.9995), plus allclose.
// The 15 cases cover every pair of values of K × C × L/P × batch × grid (a pairwise design).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineMoLE, experts, router, target, weights } from '../../dsl/index.ts';
import { verify, VERIFY_TOLERANCES } from '../../generator/commands/verify.ts';
import { REPO_ROOT } from '../../generator/emit/templates.ts';
import { configFromObject } from '../../generator/load/index.ts';

type Case = [K: number, C: number, lp: string, B: number, grid: string];

const CASES: Case[] = [
  [1, 1, '336/96', 1, '1x1'],
  [1, 7, '96/24', 8, '2x2'],
  [1, 21, '50/7', 32, '8x8'],
  [2, 1, '336/96', 8, '8x8'],
  [2, 7, '96/24', 32, '1x1'],
  [2, 21, '50/7', 1, '2x2'],
  [4, 1, '336/96', 32, '2x2'],
  [4, 7, '96/24', 1, '8x8'],
  [4, 21, '50/7', 8, '1x1'],
  [8, 1, '96/24', 1, '1x1'],
  [8, 7, '336/96', 8, '2x2'],
  [8, 1, '50/7', 32, '8x8'],
  [8, 21, '336/96', 1, '1x1'],
  [1, 7, '50/7', 1, '1x1'],
  [1, 21, '96/24', 1, '1x1'],
];

describe('MoLE-DLinear on the emulator matches the reference interpreter', () => {
  for (const [K, C, lp, B, grid] of CASES) {
    const [L, P] = lp.split('/').map(Number) as [number, number];
    const [gx, gy] = grid.split('x').map(Number) as [number, number];
    const name = `golden-k${K}-c${C}-l${L}-p${P}-b${B}-g${gx}x${gy}`;
    it(`K=${K} C=${C} L=${L} P=${P} batch=${B} grid=${grid}`, async () => {
      const config = defineMoLE({
        name,
        input: { seqLen: L, channels: C, freq: 'h' },
        predLen: P,
        batch: B,
        experts: experts.dlinear({ count: K }),
        router: router.mlp({ input: 'time' }),
        target: target.wormhole({ grid: [gx, gy] }),
        weights: weights.random({ seed: K * 1000 + C }),
      });
      const result = await verify(config, configFromObject(config), {
        seed: B + L,
        iters: 1,
        warmup: 0,
        hostBuildType: '',
        watcher: true,
        out: path.join(REPO_ROOT, 'build', 'golden', name),
      });
      const [device, fp64] = result.rows;
      // the emulator's watcher saw no protocol slip (CB/DST misuse, a misaligned NoC read)
      expect(result.watcherReports).toEqual([]);
      expect(device!.pcc).toBeGreaterThanOrEqual(VERIFY_TOLERANCES.pccVsDevice);
      expect(fp64!.pcc).toBeGreaterThanOrEqual(VERIFY_TOLERANCES.pccVsFp64);
      expect(device!.allclose).toBe(true);
      expect(fp64!.allclose).toBe(true);
      expect(result.pass).toBe(true);
    });
  }
});
