// The normalised MoLE configuration: plain, serialisable data with every default filled in.
// This is what `defineMoLE` returns, what validation checks (against the ajv schema, which is
// typed as JSONSchemaType<MoleConfig> so the two cannot drift), and what every later stage reads.
// It must stay data only: no functions, no classes, no generator logic.

/** pandas-style frequency of the series; decides the router's time features (timeenc=1). */
export type Freq = 'h' | 't' | 's' | 'd' | 'b' | 'w' | 'm';

export type ExpertKind = 'dlinear' | 'rlinear' | 'rmlp';

export interface DLinearExperts {
  kind: 'dlinear';
  /** K, the number of experts (heads), 1..16. */
  count: number;
  /** Moving-average kernel of the series decomposition (odd). Default 25. */
  kernelSize: number;
  /** One set of expert weights per channel (LTSF-Linear's `individual`). Default false. */
  individual: boolean;
}

export interface RevinOptions {
  /** Learnable per-channel affine γ/β. Default true. */
  affine: boolean;
}

export interface RLinearExperts {
  kind: 'rlinear';
  count: number;
  revin: RevinOptions;
}

export interface RMLPExperts {
  kind: 'rmlp';
  count: number;
  /** Hidden width of the residual time-MLP. Default 512. */
  dModel: number;
  revin: RevinOptions;
}

export type ExpertsConfig = DLinearExperts | RLinearExperts | RMLPExperts;

export interface RouterNoise {
  /** Std of the Gaussian noise added to router logits during training (noisy top-k). */
  std: number;
}

export interface RouterConfig {
  kind: 'mlp';
  /** 'time': time features of the first input step (official). 'stats': per-channel mean/std/min/max of the window. */
  input: 'time' | 'stats';
  /** Hidden width of the router MLP. Default K*C. */
  hidden: number;
  activation: 'relu';
  /** Experts kept per (sample, channel), 1..K. Default K (dense). */
  topK: number;
  /** Head dropout probability (training only). Default 0. */
  headDropout: number;
  /** Noisy top-k gating during training. Absent: no noise. */
  noise?: RouterNoise;
}

export type Arch = 'wormhole_b0' | 'blackhole';
export type DType = 'bf16' | 'fp32';
export type WeightDType = 'bf16' | 'fp32' | 'bfp8_b';
export type MathFidelity = 'LoFi' | 'HiFi2' | 'HiFi3' | 'HiFi4';

export interface TargetConfig {
  arch: Arch;
  /** Cores used, [x, y] from logical core (0,0). Must fit the arch's compute grid. */
  grid: [number, number];
  /** Activation dtype. */
  dtype: DType;
  /** Weight dtype. */
  weightDtype: WeightDType;
  mathFidelity: MathFidelity;
  fp32DestAcc: boolean;
}

export type ShardingStrategy = 'interleaved' | 'height' | 'width' | 'block' | 'auto';

export interface ShardingConfig {
  strategy: ShardingStrategy;
  /** Where the weights live between calls. */
  weights: 'dram' | 'l1';
}

export interface CheckpointWeights {
  kind: 'checkpoint';
  /** Path to a .safetensors file; relative paths resolve against the config file. */
  path: string;
}

export interface RandomWeights {
  kind: 'random';
  seed: number;
}

export type WeightsConfig = CheckpointWeights | RandomWeights;

export interface InputConfig {
  /** L, input window length. */
  seqLen: number;
  /** C, number of channels (variates). */
  channels: number;
  freq: Freq;
}

export interface MoleConfig {
  name: string;
  input: InputConfig;
  /** P, forecast horizon. */
  predLen: number;
  /** The compiled batch size B. */
  batch: number;
  experts: ExpertsConfig;
  router: RouterConfig;
  target: TargetConfig;
  sharding: ShardingConfig;
  weights: WeightsConfig;
}
