// The normalised MoLE configuration: plain, serialisable data with every default filled in.
// This is what `defineMoLE` returns, what validation checks (against the ajv schema, which is
// typed as JSONSchemaType<MoleConfig> so the two cannot drift), and what every later stage reads.
// It must stay data only: no functions, no classes, no generator logic.

/** pandas-style frequency of the series; decides the router's time features (timeenc=1). */
export type Freq = 'h' | 't' | 's' | 'd' | 'b' | 'w' | 'm';

export type ExpertKind = 'dlinear' | 'rlinear' | 'rmlp';

export interface DLinearExperts {
  /** Expert variant: MoLE-DLinear (decomposition, no RevIN). */
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
  /** false: no RevIN at all (the official `--disable_rev`); written by `revin: false`. Absent means on. */
  enabled?: boolean;
}

export interface RLinearExperts {
  /** Expert variant: MoLE-RLinear (RevIN + one Linear(L, P·K)). */
  kind: 'rlinear';
  /** K, the number of experts (heads), 1..16. */
  count: number;
  /** RevIN options. Default { affine: true }. */
  revin: RevinOptions;
  /** Input dropout probability while training (the official `drop`), [0, 1). Absent: 0.1. */
  dropout?: number;
}

export interface RMLPExperts {
  /** Expert variant: MoLE-RMLP (RevIN + residual time-MLP + Linear(L, P·K)). */
  kind: 'rmlp';
  /** K, the number of experts (heads), 1..16. */
  count: number;
  /** Hidden width of the residual time-MLP. Default 512. */
  dModel: number;
  /** RevIN options. Default { affine: true }. */
  revin: RevinOptions;
}

export type ExpertsConfig = DLinearExperts | RLinearExperts | RMLPExperts;

export interface RouterNoise {
  /** Std of the Gaussian noise added to router logits during training (noisy top-k). */
  std: number;
}

export interface RouterConfig {
  /** Router kind: a two-layer MLP. */
  kind: 'mlp';
  /** 'time': time features of the first input step (official). 'stats': per-channel mean/std/min/max of the window. */
  input: 'time' | 'stats';
  /** Hidden width of the router MLP. Default K*C. */
  hidden: number;
  /** Activation between the two router layers. Default 'relu'. */
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
  /** Architecture; set by the builder (target.wormhole → 'wormhole_b0', target.blackhole → 'blackhole'). */
  arch: Arch;
  /** Cores used, [x, y] from logical core (0,0). Must fit the arch's compute grid. */
  grid: [number, number];
  /** Activation dtype. Default 'bf16'. */
  dtype: DType;
  /** Weight dtype. Default: the activation dtype. */
  weightDtype: WeightDType;
  /** Matmul fidelity. Default 'HiFi4'. */
  mathFidelity: MathFidelity;
  /** fp32 accumulation in DST (fp32_dest_acc_en). Default false; required with fp32 activations. */
  fp32DestAcc: boolean;
  /** Chips the program spreads over, [rows, cols] of a mesh (N300 [1, 2], T3K [2, 4], Galaxy [4, 8]). Absent: one chip. */
  mesh?: [number, number];
  /** How the work spreads over the mesh's chips; set with `mesh` (default 'batch'). */
  split?: MeshSplit;
}

/** 'batch': data-parallel, each chip forecasts a share of the samples with all the weights.
 *  'channels': each chip forecasts a share of the channels of every sample (for very wide C).
 *  'auto': the cost model picks the faster of the two. */
export type MeshSplit = 'batch' | 'channels' | 'auto';

export type ShardingStrategy = 'interleaved' | 'height' | 'width' | 'block' | 'auto';

export interface ShardingConfig {
  /** Sharding strategy; set by the builder. Default 'interleaved'. */
  strategy: ShardingStrategy;
  /** Where the weights live between calls. Default 'dram'. */
  weights: 'dram' | 'l1';
  /**
   * Where the tensors a forward writes live when the strategy does not shard them — the interleaved inputs and outputs,
   * the router's logits, RevIN statistics and (unless on the experts cores) gates: 'l1' interleaved over every core's
   * bank, or 'dram'. Default: 'l1' when they fit beside everything else.
   */
  activations?: 'dram' | 'l1';
  /**
   * Cores over which each output tile's experts are split: the core that owns the tile and `expertGroups − 1`
   * helpers on cores the experts leave free, each forming some experts' partial forecasts. 1..K; needs
   * interleaved activations and weights in DRAM. Default: chosen by the cost model (1 when splitting does not pay).
   */
  expertGroups?: number;
}

export interface CheckpointWeights {
  /** Weight source: a checkpoint file. */
  kind: 'checkpoint';
  /** Path to a .safetensors file; relative paths resolve against the config file. */
  path: string;
}

export interface RandomWeights {
  /** Weight source: deterministic random init. */
  kind: 'random';
  /** PRNG seed, a 32-bit non-negative integer. Default 0. */
  seed: number;
}

export type WeightsConfig = CheckpointWeights | RandomWeights;

export interface InputConfig {
  /** L, input window length. */
  seqLen: number;
  /** C, number of channels (variates). */
  channels: number;
  /** Series frequency; decides the router's time features. Default 'h'. */
  freq: Freq;
}

export interface MoleConfig {
  /** Model name, used for generated file names. */
  name: string;
  /** The input series. */
  input: InputConfig;
  /** P, forecast horizon. */
  predLen: number;
  /** The compiled batch size B. Default 1. */
  batch: number;
  /** The experts (DLinear, RLinear or RMLP heads). */
  experts: ExpertsConfig;
  /** The gate mixing the experts per (sample, channel). */
  router: RouterConfig;
  /** The device and its numerics. */
  target: TargetConfig;
  /** How tensors are spread over the cores. */
  sharding: ShardingConfig;
  /** Where the weights come from. */
  weights: WeightsConfig;
}
