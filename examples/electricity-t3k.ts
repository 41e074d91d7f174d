// Electricity (ECL, 321 channels, 8 DLinear experts, top-2) scaled out over a T3K: eight Wormhole chips in
// a 2×4 mesh opened with tt-metal's distributed API. Every chip runs the single-chip program on its share;
// `split: 'auto'` lets the cost model pick between a batch split (4 samples per chip, all weights
// replicated) and a channel split (41 channels of every sample per chip, each chip holding its channels'
// rows of the router's 2568×2568 second layer). `molegen inspect` shows the choice and the shares.
import { defineMoLE, experts, router, target, sharding, weights } from 'molegen';

export default defineMoLE({
  name: 'electricity-mole-dlinear-t3k',
  input: { seqLen: 336, channels: 321, freq: 'h' },
  predLen: 96,
  batch: 32,
  experts: experts.dlinear({ count: 8 }),
  router: router.mlp({ input: 'time', topK: 2 }),
  target: target.t3k({ grid: [8, 8], split: 'auto' }),
  sharding: sharding.auto(),
  weights: weights.random({ seed: 2021 }),
});
