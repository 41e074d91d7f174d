// Electricity (ECL, 321 channels) with 8 DLinear experts and sparse top-2 gating: each
// (sample, channel) mixes only its two highest-scoring experts. The router's hidden layer is
// K·C = 2568 wide, so its 2568×2568 weight dominates the model; weights stay in DRAM.
import { defineMoLE, experts, router, target, sharding, weights } from 'molegen';

export default defineMoLE({
  name: 'electricity-mole-dlinear-top2',
  input: { seqLen: 336, channels: 321, freq: 'h' },
  predLen: 96,
  batch: 16,
  experts: experts.dlinear({ count: 8 }),
  router: router.mlp({ input: 'time', topK: 2 }),
  target: target.wormhole({ grid: [8, 8] }),
  sharding: sharding.auto(),
  weights: weights.random({ seed: 2021 }),
});
