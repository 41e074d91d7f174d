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
  // The router's buffers, by hand (Ft = Ht = Zt = 1, K = 2, top-k = K, logits per series-tile row, one logit
  // tile per row): fp32 pages of 4 KiB — features 2, w0 2, w2 2, hidden 1, zrow 2, gather_mask 2, masked 1,
  // gather_select 1, consts 6, logits_t (the transposed logits) 1, scratch 2, max 1, exp 1 (24 pages = 96 KiB) — and
  // bf16 pages of 2 KiB — selectors and the identity K + 1 = 3, gates 2·(K+1) = 6, gate_matrix 1 (10 pages = 20 KiB):
  // 116 KiB.
  const routerBuffers = {
    features: 8192, w0: 8192, w2: 8192, hidden: 4096, zrow: 8192, gather_mask: 8192,
    masked: 4096, gather_select: 4096, consts: 24576, selectors: 6144, logits_t: 4096, scratch: 8192, max: 4096, exp: 4096, gates: 12288,
    gate_matrix: 2048,
  };

  // The router's constants, L1-interleaved over the 4 cores' banks: consts 6 fp32 tiles → 2 pages per bank, the
  // selectors 3 bf16 tiles → 1, the gather-mask and gather-select tiles (1 fp32 tile each) → 1 each:
  // 8 + 2 + 2·4 = 18 KiB on every core.
  const CONSTANTS = 18 * KIB;
  // The tensors a forward writes, L1-interleaved over the same banks when the strategy leaves them unsharded: x (2
  // bf16 tiles → 1 page per bank), the per-series features (1 fp32 tile → 1), y (1 bf16 tile → 1): 2 + 4 + 2 = 8 KiB;
  // with height sharding x and y have shards, and only the features' 4 KiB remain. (The per-row router never writes
  // the shared logits tensor, which stays in DRAM.)
  const PER_FORWARD = 8 * KIB;
  const PER_FORWARD_HEIGHT = 4 * KIB;

  it('interleaved, weights in DRAM: the router\'s circular buffers are the peak', () => {
    // The experts need x 2·Lt = 4, the shared weight column K·Lt + 1 = 5, partials K = 2, out 2 bf16 pages, and
    // their gate buffer sits on their L1 shard of the gates (one program: the router writes the row's K + 1 = 3 gate
    // tiles there) — less than the router's 116 KiB. The gates shard, 3 bf16 tiles, is counted on every core.
    const { perCoreBytes, breakdown } = estimateL1PerCore(small({ sharding: sharding.interleaved() }));
    expect(breakdown).toEqual({ ...routerBuffers, 'L1 shards': 3 * 2048, 'L1 interleaved': CONSTANTS + PER_FORWARD, reserved: RESERVED });
    expect(perCoreBytes).toBe(116 * KIB + 3 * 2048 + CONSTANTS + PER_FORWARD + RESERVED);
  });

  it('height + L1 weights: the weight shard (all K·Lt + 1 tile rows) and the x/y shards stay in L1 for both programs', () => {
    // Shards: x 1×2, y 1×1, weights (2·2 + 1)×1 = 5, and (one program, height sharding) the gates 1×(K + 1) = 3 →
    // 11 bf16 tiles, counted for every core; the router's buffers (116 KiB) stay the peak.
    const { perCoreBytes, breakdown } = estimateL1PerCore(small({ sharding: sharding.height({ weights: 'l1' }) }));
    expect(breakdown).toEqual({ ...routerBuffers, 'L1 shards': 11 * 2048, 'L1 interleaved': CONSTANTS + PER_FORWARD_HEIGHT, reserved: RESERVED });
    expect(perCoreBytes).toBe(116 * KIB + 11 * 2048 + CONSTANTS + PER_FORWARD_HEIGHT + RESERVED);
  });

  it('bfp8_b resident weights cost 1088 B a tile', () => {
    const config = small({ sharding: sharding.height({ weights: 'l1' }), target: target.wormhole({ grid: [2, 2], weightDtype: 'bfp8_b' }) });
    // x, y and the gates (3) in bf16, the weights in bfp8_b
    expect(estimateL1PerCore(config).breakdown['L1 shards']).toBe((3 + 3) * 2048 + 5 * 1088);
  });

  it('auto() counts the cheapest strategy and weight residency', () => {
    const config = small({ experts: experts.rmlp({ count: 2, dModel: 96 }), sharding: sharding.auto() });
    const all = (['interleaved', 'height', 'width', 'block'] as const).flatMap((strategy) =>
      (['dram', 'l1'] as const).map((weights) => estimateL1PerCore({ ...config, sharding: { strategy, weights } }).perCoreBytes),
    );
    expect(estimateL1PerCore(config).perCoreBytes).toBe(Math.min(...all));
  });
});
