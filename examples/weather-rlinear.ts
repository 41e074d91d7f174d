// Weather (21 channels) with MoLE-RLinear: RevIN-normalised input, 4 linear experts, a 336-step
// window and a 96-step horizon. Like every official MoLE run it keeps freq 'h' (4 time features),
// which the official RLinear code hard-codes even though the data is sampled every 10 minutes.
import { defineMoLE, experts, router, target, sharding, weights } from 'molegen';

export default defineMoLE({
  name: 'weather-mole-rlinear',
  input: { seqLen: 336, channels: 21, freq: 'h' },
  predLen: 96,
  batch: 32,
  experts: experts.rlinear({ count: 4, revin: { affine: true } }),
  router: router.mlp({ input: 'time' }),
  target: target.wormhole({ dtype: 'bf16', mathFidelity: 'HiFi4' }),
  sharding: sharding.interleaved(),
  weights: weights.random({ seed: 2021 }),
});
