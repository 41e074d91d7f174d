// ETTh1 with MoLE-DLinear: 4 experts over a 336-step window, forecasting 96 hours of 7 channels.
// The setting of the MoLE paper's ETTh1 runs (seed 2021), compiled for a batch of 32 on a full
// Wormhole 8×8 grid with interleaved tensors and random weights (swap in weights.checkpoint(...)
// to load a trained .safetensors file).
import { defineMoLE, experts, router, target, sharding, weights } from 'molegen';

export default defineMoLE({
  name: 'etth1-mole-dlinear',
  input: { seqLen: 336, channels: 7, freq: 'h' },
  predLen: 96,
  batch: 32,
  experts: experts.dlinear({ count: 4, kernelSize: 25 }),
  router: router.mlp({ input: 'time' }),
  target: target.wormhole({ grid: [8, 8], dtype: 'bf16', mathFidelity: 'HiFi4' }),
  sharding: sharding.interleaved(),
  weights: weights.random({ seed: 2021 }),
});
