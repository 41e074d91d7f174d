// The L1 budget validation uses: the planner's per-core bytes, checked against numbers worked out
// by hand from the kernels' circular buffers (32×32 tiles: bf16 2048 B, fp32 4096 B, bfp8_b 1088 B)
// plus the 128 KiB every core keeps for firmware.

import { describe, expect, it } from 'vitest';
import { defineMoLE, experts, router, sharding, target, type MoleDefinition } from 'molegen';
import { estimateL1PerCore } from '../../generator/validate/index.ts';

// L=64, P=32, C=4, K=2, B=8 → series rows B·C = 32 (1 tile), Lt = 2, Pt = 1; router hidden K·C = 8, F = 4.
const small = (overrides: Partial<MoleDefinition>) =>
  defineMoLE({
    name: 'small',
    input: { seqLen: 64, channels: 4 },
    predLen: 32,
    batch: 8,
    experts: experts.dlinear({ count: 2, kernelSize: 3 }),
    router: router.mlp(),
    target: target.wormhole({ grid: [2, 2] }),
    ...overrides,
  });

const KIB = 1024;
const RESERVED = 128 * KIB;

describe('estimateL1PerCore (the planner\'s numbers)', () => {
  it('interleaved, weights in DRAM: the experts program\'s circular buffers', () => {
    // x 2·Lt = 4, gate 2·(K+1) = 6, weights 2·Lt = 4, scaled K·Lt = 4, bias 2, out 2 bf16 pages; logit scratch 4 KiB.
    const { perCoreBytes, breakdown } = estimateL1PerCore(small({ sharding: sharding.interleaved() }));
    expect(breakdown).toEqual({ x: 8192, gate: 12288, weights: 8192, scaled: 8192, logit_scratch: 4096, bias: 4096, out: 4096, 'L1 shards': 0, reserved: RESERVED });
    expect(perCoreBytes).toBe(22 * 2048 + 4096 + RESERVED);
  });

  it('height + L1 weights: the weight shard (all K·Lt + 1 tile rows) and the x/y shards stay in L1 for both programs', () => {
    // Shards: x 1×2, y 1×1, weights (2·2 + 1)×1 = 5 → 8 bf16 tiles. The experts program then only adds gate 6 and
    // scaled 4 bf16 pages and the 4 KiB logit scratch (36 KiB); the router's fp32 buffers are larger (features 2,
    // w0 2, w2 2, hidden 1, logits 2 pages of 4 KiB = 36 KiB... plus nothing else) — so the router is the peak.
    const { perCoreBytes, breakdown } = estimateL1PerCore(small({ sharding: sharding.height({ weights: 'l1' }) }));
    expect(breakdown).toEqual({ features: 8192, w0: 8192, w2: 8192, hidden: 4096, logits: 8192, 'L1 shards': 8 * 2048, reserved: RESERVED });
    expect(perCoreBytes).toBe(9 * 4096 + 8 * 2048 + RESERVED);
  });

  it('bfp8_b resident weights cost 1088 B a tile', () => {
    const config = small({ sharding: sharding.height({ weights: 'l1' }), target: target.wormhole({ grid: [2, 2], weightDtype: 'bfp8_b' }) });
    expect(estimateL1PerCore(config).breakdown['L1 shards']).toBe(3 * 2048 + 5 * 1088);
  });

  it('auto() counts the cheapest strategy and weight residency', () => {
    const config = small({ experts: experts.rmlp({ count: 2, dModel: 96 }), sharding: sharding.auto() });
    const all = (['interleaved', 'height', 'width', 'block'] as const).flatMap((strategy) =>
      (['dram', 'l1'] as const).map((weights) => estimateL1PerCore({ ...config, sharding: { strategy, weights } }).perCoreBytes),
    );
    expect(estimateL1PerCore(config).perCoreBytes).toBe(Math.min(...all));
  });
});
