// The full-width golden matrix (run by full-width-1/2.test.ts, split so two CI workers share it): every expert kind (DLinear, RLinear, RMLP,
// per-channel DLinear) × K ∈ {1, 4, 16} × top-k ∈ {1, 2, K} × C ∈ {1, 7, 321} × every sharding
// strategy × weights in DRAM and L1 × bf16 / bfp8_b weights, as a pairwise design: the 21 cases
// below hold every feasible pair of values at least once (K = 1 with top-2 does not exist).
// Each case is generated, built against the emulator, run, and compared with the reference
// interpreter: PCC ≥ 0.99999 in device numerics, ≥ 0.9995 against fp64 (≥ 0.999 with bfp8_b
// weights), allclose, and the top-k expert selection identical for every (sample, channel).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MoleConfig } from '../../dsl/config.ts';
import { defineMoLE, experts, router, sharding, target, weights } from '../../dsl/index.ts';
import { verify, VERIFY_TOLERANCES } from '../../generator/commands/verify.ts';
import { REPO_ROOT } from '../../generator/emit/templates.ts';
import { configFromObject } from '../../generator/load/index.ts';

type Kind = 'dlinear' | 'rlinear' | 'rmlp' | 'individual';
export type Case = [kind: Kind, K: number, topK: '1' | '2' | 'K', C: number, strategy: 'interleaved' | 'height' | 'width' | 'block', weights: 'dram' | 'l1', dtype: 'bf16' | 'bfp8_b'];

export const CASES: Case[] = [
  ['dlinear', 1, '1', 1, 'interleaved', 'dram', 'bf16'],
  ['dlinear', 4, '2', 7, 'height', 'l1', 'bfp8_b'],
  ['rlinear', 1, 'K', 1, 'width', 'l1', 'bfp8_b'],
  ['rmlp', 4, 'K', 7, 'block', 'dram', 'bf16'],
  ['individual', 1, '1', 7, 'block', 'l1', 'bfp8_b'],
  ['individual', 4, '2', 1, 'width', 'dram', 'bf16'],
  ['rlinear', 4, '1', 1, 'height', 'dram', 'bf16'],
  ['rmlp', 4, '2', 1, 'interleaved', 'l1', 'bfp8_b'],
  ['rmlp', 1, '1', 7, 'width', 'dram', 'bfp8_b'],
  ['rlinear', 16, '2', 1, 'block', 'l1', 'bf16'],
  ['individual', 16, 'K', 7, 'interleaved', 'dram', 'bfp8_b'],
  ['dlinear', 1, 'K', 1, 'height', 'dram', 'bf16'],
  ['dlinear', 1, '1', 321, 'width', 'dram', 'bf16'],
  ['rlinear', 4, '2', 321, 'interleaved', 'l1', 'bfp8_b'],
  ['rmlp', 16, '1', 1, 'height', 'dram', 'bf16'],
  ['individual', 1, 'K', 321, 'height', 'dram', 'bf16'],
  ['dlinear', 1, '1', 1, 'block', 'dram', 'bf16'],
  ['dlinear', 16, '1', 1, 'width', 'dram', 'bf16'],
  ['rlinear', 1, '1', 7, 'interleaved', 'dram', 'bf16'],
  ['rmlp', 1, '1', 321, 'block', 'dram', 'bf16'],
  ['dlinear', 16, '1', 321, 'interleaved', 'dram', 'bf16'],
];

function caseConfig([kind, K, topK, C, strategy, where, dtype]: Case, name: string): MoleConfig {
  const expertSpec =
    kind === 'dlinear' ? experts.dlinear({ count: K })
    : kind === 'individual' ? experts.dlinear({ count: K, individual: true })
    : kind === 'rlinear' ? experts.rlinear({ count: K })
    : experts.rmlp({ count: K, dModel: 64 });
  const shard = { interleaved: sharding.interleaved, height: sharding.height, width: sharding.width, block: sharding.block }[strategy];
  return defineMoLE({
    name,
    input: { seqLen: 96, channels: C, freq: 'h' },
    predLen: 24,
    batch: 2,
    experts: expertSpec,
    router: router.mlp({ topK: topK === 'K' ? K : Number(topK) }),
    target: target.wormhole({ grid: [4, 4], weightDtype: dtype }),
    sharding: shard({ weights: where }),
    weights: weights.random({ seed: K * 100 + C }),
  });
}

export function goldenCases(cases: Case[]): void {
  describe('full-width code generation on the emulator matches the reference interpreter', () => {
    for (const c of cases) {
      const [kind, K, topK, C, strategy, where, dtype] = c;
      const name = `golden-${kind}-k${K}-top${topK}-c${C}-${strategy}-${where}-${dtype}`;
      it(`${kind} K=${K} top-${topK} C=${C} ${strategy} weights:${where} ${dtype}`, async () => {
        const config = caseConfig(c, name);
        const out = path.join(REPO_ROOT, 'build', 'golden', name);
        const result = await verify(config, configFromObject(config), { seed: K + C, out, iters: 1, warmup: 0, hostBuildType: '', watcher: true });
        const [device, fp64] = result.rows;
      // the emulator's watcher saw no protocol slip (CB/DST misuse, a misaligned NoC read)
      expect(result.watcherReports).toEqual([]);
        expect(device!.pcc).toBeGreaterThanOrEqual(VERIFY_TOLERANCES.pccVsDevice);
        expect(fp64!.pcc).toBeGreaterThanOrEqual(dtype === 'bfp8_b' ? 0.999 : VERIFY_TOLERANCES.pccVsFp64);
        expect(device!.allclose).toBe(true);
        expect(result.topK.agree).toBe(result.topK.total);
        expect(result.topK.total).toBe(2 * C);
      });
    }
  });
}
