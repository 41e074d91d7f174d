// The L1 estimate against numbers worked out by hand from the model documented in
// generator/validate/l1-budget.ts (32×32 tiles: bf16 2048 B, fp32 4096 B, bfp8_b 1088 B).

import { describe, expect, it } from 'vitest';
import { defineMoLE, experts, router, sharding, target, type MoleDefinition } from 'molegen';
import { estimateL1PerCore } from '../../generator/validate/index.ts';

// L=64, P=32, C=4, K=2, B=8 → rows B·C = 32 (1 row tile); router hidden K·C = 8, F = 4 ('h').
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

// Circular buffers: 3 × 2 activation tiles + 2 fp32 tiles.
const CB_BF16 = 6 * 2048 + 2 * 4096;

describe('estimateL1PerCore', () => {
  it('weights in DRAM: only the weight stream and the circular buffers', () => {
    const { perCoreBytes, breakdown } = estimateL1PerCore(small({ sharding: sharding.interleaved() }));
    expect(breakdown.weightStreamBuffers).toBe(2 * 2048);
    expect(breakdown.circularBuffers).toBe(CB_BF16);
    expect(perCoreBytes).toBe(2 * 2048 + CB_BF16);
  });

  it('height + L1 weights: every core holds every weight tile, plus its row shard', () => {
    // Experts: W_eff [P·K=64, 64] → 2·2 = 4 tiles, bias [1, 64] → 2 tiles. Router: W0 [8, 4] 1,
    // b0 [1, 8] 1, W2 [8, 8] 1, b2 [1, 8] 1 → 4 tiles. Activations: 1 row tile / 4 cores → 1;
    // input 1·2 tiles, outputs 1·2 tiles.
    const { perCoreBytes, breakdown } = estimateL1PerCore(small({ sharding: sharding.height({ weights: 'l1' }) }));
    expect(breakdown).toEqual({
      expertWeights: 6 * 2048,
      routerWeights: 4 * 2048,
      revinWeights: 0,
      weightStreamBuffers: 0,
      inputActivations: 2 * 2048,
      outputActivations: 2 * 2048,
      circularBuffers: CB_BF16,
    });
    expect(perCoreBytes).toBe(14 * 2048 + CB_BF16);
  });

  it('width + L1 weights split output rows over the cores; bfp8_b tiles are 1088 B', () => {
    // W_eff: ceil(2/4)·2 = 2 tiles, bias ceil(1/4)·2 = 2; router 4 matrices of 1 tile each.
    const config = small({ sharding: sharding.width({ weights: 'l1' }), target: target.wormhole({ grid: [2, 2], weightDtype: 'bfp8_b' }) });
    const { breakdown } = estimateL1PerCore(config);
    expect(breakdown.expertWeights).toBe(4 * 1088);
    expect(breakdown.routerWeights).toBe(4 * 1088);
    expect(breakdown.inputActivations).toBe(1 * 2 * 2048); // the whole input on every core
    expect(breakdown.outputActivations).toBe(1 * 1 * 2048); // ceil(2 output tiles / 4 cores)
  });

  it('RMLP adds the time-MLP and RevIN; auto picks the cheapest strategy', () => {
    const config = small({ experts: experts.rmlp({ count: 2, dModel: 96 }), sharding: sharding.auto({ weights: 'l1' }) });
    const byStrategy = (['interleaved', 'height', 'width', 'block'] as const).map(
      (strategy) => estimateL1PerCore({ ...config, sharding: { strategy, weights: 'l1' } }).perCoreBytes,
    );
    expect(estimateL1PerCore(config).perCoreBytes).toBe(Math.min(...byStrategy));
    // height: W [64, 64] 4 + bias 2 + T0 [96, 64] 3·2 = 6 + t0 [1, 96] 3 + T2 [64, 96] 2·3 = 6 + t2 [1, 64] 2 = 23 tiles.
    const height = estimateL1PerCore({ ...config, sharding: { strategy: 'height', weights: 'l1' } });
    expect(height.breakdown.expertWeights).toBe(23 * 2048);
    expect(height.breakdown.revinWeights).toBe(2 * 2048);
  });
});
