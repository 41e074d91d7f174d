// The molegen DSL: what a user's config.ts imports as `import { defineMoLE, experts, ... } from 'molegen'`.
// Builders take the options a user writes and return plain data; `defineMoLE` fills every default
// (some depend on K and C) and returns the normalised `MoleConfig` of ./config.ts.
// This module is data and types only: it never validates, throws on bad values, reads files or
// generates anything. Validation is generator/validate's job, so a wrong value is reported with a
// code and a location instead of a stack trace.

import type {
  Arch,
  CheckpointWeights,
  DLinearExperts,
  DType,
  ExpertsConfig,
  Freq,
  MathFidelity,
  MeshSplit,
  MoleConfig,
  RandomWeights,
  RLinearExperts,
  RMLPExperts,
  RouterNoise,
  ShardingConfig,
  ShardingStrategy,
  TargetConfig,
  WeightDType,
} from './config.ts';

export type * from './config.ts';

// ---------------------------------------------------------------------------------------------
// Facts about the targets and the model that several stages need.

export interface ArchInfo {
  /** The name tt-metal uses for the architecture. */
  arch: Arch;
  /** Compute (Tensix) grid as [x, y] — the largest `grid` a config may ask for. */
  computeGrid: [number, number];
  /** L1 SRAM per Tensix core in bytes. */
  l1BytesPerCore: number;
  /** Number of DRAM banks interleaved buffers are spread over. */
  dramBanks: number;
  /** AI clock in MHz (for cycle → time conversions). */
  clockMHz: number;
  /** Alignment (bytes) a NoC read's source needs in another core's L1, and in DRAM (tt-metal noc_parameters.h). */
  nocReadAlignment: { l1: number; dram: number };
}

/** Per-architecture facts: compute grid, L1 per core, DRAM banks, clock, NoC read alignment. */
export const ARCHS: Readonly<Record<Arch, Readonly<ArchInfo>>> = {
  /** Wormhole n150/n300 chip: 8×8 Tensix compute grid, 1464 KiB L1 per core, 12 DRAM banks, 1 GHz. */
  wormhole_b0: { arch: 'wormhole_b0', computeGrid: [8, 8], l1BytesPerCore: 1464 * 1024, dramBanks: 12, clockMHz: 1000, nocReadAlignment: { l1: 16, dram: 32 } },
  /** Blackhole p100/p150 chip: 13×10 Tensix compute grid, 1536 KiB L1 per core, 8 DRAM banks, 1.35 GHz. */
  blackhole: { arch: 'blackhole', computeGrid: [13, 10], l1BytesPerCore: 1536 * 1024, dramBanks: 8, clockMHz: 1350, nocReadAlignment: { l1: 16, dram: 64 } },
};

/** Number of timeF features (F) a frequency yields (mole-model.md §2): h→4, t→5, s→6, d/b→3, w→2, m→1. */
export function timeFeatureCount(freq: Freq): number {
  switch (freq) {
    case 'h': return 4;
    case 't': return 5;
    case 's': return 6;
    case 'd':
    case 'b': return 3;
    case 'w': return 2;
    case 'm': return 1;
  }
}

/** Width of the router MLP's input: F time features ('time') or mean/std/min/max per channel ('stats', 4·C). */
export function routerInputSize(config: MoleConfig): number {
  return config.router.input === 'time' ? timeFeatureCount(config.input.freq) : 4 * config.input.channels;
}

// ---------------------------------------------------------------------------------------------
// Experts.

export interface DLinearOptions {
  /** K, the number of experts (heads). 1..16. */
  count: number;
  /** Moving-average kernel of the trend/seasonal decomposition; odd, 3..seqLen. Default 25. */
  kernelSize?: number;
  /** One set of expert weights per channel (LTSF-Linear's `individual`). Default false (shared across channels). */
  individual?: boolean;
}

export interface RevinBuilderOptions {
  /** Learnable per-channel affine γ/β in RevIN. Default true. */
  affine?: boolean;
}

export interface RLinearOptions {
  /** K, the number of experts (heads). 1..16. */
  count: number;
  /** Reversible instance normalisation options, or `false` for none (the official `--disable_rev`). Default `{ affine: true }`. */
  revin?: RevinBuilderOptions | false;
  /** Input dropout probability while training (the official `drop`), [0, 1). Default 0.1. */
  dropout?: number;
}

export interface RMLPOptions {
  /** K, the number of experts (heads). 1..16. */
  count: number;
  /** Hidden width of the residual time-MLP (Linear(L, dModel) → ReLU → Linear(dModel, L)). 1..8192. Default 512. */
  dModel?: number;
  /** Reversible instance normalisation options, or `false` for none (the official `--disable_rev`). Default `{ affine: true }`. */
  revin?: RevinBuilderOptions | false;
}

/** Expert builders: each returns the complete experts section of the config. */
export const experts = {
  /** MoLE-DLinear: trend/seasonal decomposition, two Linear(L, P·K) heads (no RevIN). */
  dlinear(options: DLinearOptions): DLinearExperts {
    const { count, kernelSize = 25, individual = false, ...rest } = options;
    return { ...rest, kind: 'dlinear', count, kernelSize, individual };
  },
  /** MoLE-RLinear: RevIN, then one Linear(L, P·K) shared across channels. */
  rlinear(options: RLinearOptions): RLinearExperts {
    const { count, revin, ...rest } = options;
    return { ...rest, kind: 'rlinear', count, revin: revinOptions(revin) };
  },
  /** MoLE-RMLP: RevIN, a residual MLP over time, then one Linear(L, P·K). */
  rmlp(options: RMLPOptions): RMLPExperts {
    const { count, dModel = 512, revin, ...rest } = options;
    return { ...rest, kind: 'rmlp', count, dModel, revin: revinOptions(revin) };
  },
};

function revinOptions(revin: RevinBuilderOptions | false | undefined): { affine: boolean; enabled?: boolean } {
  if (revin === false) return { affine: false, enabled: false };
  const { affine = true, ...rest } = revin ?? {};
  return { ...rest, affine };
}

// ---------------------------------------------------------------------------------------------
// Router.

export interface RouterMlpOptions {
  /** What the router reads: 'time' = time features of the first input step (official MoLE);
   *  'stats' = per-channel mean/std/min/max of the input window. Default 'time'. */
  input?: 'time' | 'stats';
  /** Hidden width of the router MLP. Default K·C (experts.count × input.channels), as in the official code. */
  hidden?: number;
  /** Activation between the two router layers. Default 'relu' (the only one the official code uses). */
  activation?: 'relu';
  /** Experts kept per (sample, channel): 1..K. Default K, i.e. the dense official router. */
  topK?: number;
  /** Head-dropout probability on router logits, training only; [0, 1). Default 0. */
  headDropout?: number;
  /** Gaussian noise on router logits during training (noisy top-k). Default: no noise. */
  noise?: RouterNoise;
}

/** A router section whose K/C-dependent defaults (`hidden`, `topK`) `defineMoLE` fills in. */
export interface RouterSpec {
  kind: 'mlp';
  input: 'time' | 'stats';
  hidden?: number;
  activation: 'relu';
  topK?: number;
  headDropout: number;
  noise?: RouterNoise;
}

/** Router builders. */
export const router = {
  /** Two-layer MLP gate: Linear(F, hidden) → activation → Linear(hidden, K·C), softmax over experts per channel. */
  mlp(options: RouterMlpOptions = {}): RouterSpec {
    const { input = 'time', activation = 'relu', headDropout = 0, hidden, topK, noise, ...rest } = options;
    const spec: RouterSpec = { ...rest, kind: 'mlp', input, activation, headDropout };
    if (hidden !== undefined) spec.hidden = hidden;
    if (topK !== undefined) spec.topK = topK;
    if (noise !== undefined) spec.noise = noise;
    return spec;
  },
};

// ---------------------------------------------------------------------------------------------
// Target.

export interface TargetOptions {
  /** Cores to use, [x, y] counted from logical core (0,0); must fit the arch's compute grid.
   *  Default: the whole compute grid ([8, 8] on Wormhole, [13, 10] on Blackhole). */
  grid?: [number, number];
  /** Activation dtype: 'bf16' (default) or 'fp32' (needs `fp32DestAcc: true`). */
  dtype?: DType;
  /** Weight dtype: 'bf16', 'fp32' or block-float 'bfp8_b'. Default: the activation dtype. */
  weightDtype?: WeightDType;
  /** Matmul fidelity (number of mantissa passes): 'LoFi' | 'HiFi2' | 'HiFi3' | 'HiFi4'. Default 'HiFi4'. */
  mathFidelity?: MathFidelity;
  /** Accumulate in fp32 in the DST registers (`fp32_dest_acc_en`). Default false. */
  fp32DestAcc?: boolean;
  /** A mesh of chips, [rows, cols], opened with tt-metal's distributed API; every chip runs the same program on
   *  its share of the work. At most 32 chips. Default: one chip. Presets: `target.n300()`, `t3k()`, `galaxy()`. */
  mesh?: [number, number];
  /** How work spreads over the mesh: 'batch' (data-parallel: each chip gets a share of the samples and all the
   *  weights; the default), 'channels' (each chip gets a share of the channels of every sample: for very wide C;
   *  the router must read time features) or 'auto' (the cost model picks). Shares that do not divide evenly are
   *  padded with zero series whose forecasts are dropped. */
  split?: MeshSplit;
}

function targetFor(arch: Arch, options: TargetOptions): TargetConfig {
  const { grid, dtype = 'bf16', weightDtype, mathFidelity = 'HiFi4', fp32DestAcc = false, mesh, split, ...rest } = options;
  const [gridX, gridY] = ARCHS[arch].computeGrid;
  const target: TargetConfig = {
    ...rest,
    arch,
    grid: grid ?? [gridX, gridY],
    dtype,
    weightDtype: weightDtype ?? dtype,
    mathFidelity,
    fp32DestAcc,
  };
  // One chip leaves both fields out, so single-chip configs read (and hash) as they always did.
  if (mesh !== undefined || split !== undefined) {
    target.mesh = mesh ?? [1, 1];
    target.split = split ?? 'batch';
  }
  return target;
}

/** Options of the mesh presets: everything but the mesh itself. */
export type MeshPresetOptions = Omit<TargetOptions, 'mesh'>;

/** Target builders. */
export const target = {
  /** Tenstorrent Wormhole (wormhole_b0): 8×8 Tensix grid, 1464 KiB L1 per core. */
  wormhole(options: TargetOptions = {}): TargetConfig {
    return targetFor('wormhole_b0', options);
  },
  /** Tenstorrent Blackhole: 13×10 Tensix grid, 1536 KiB L1 per core. */
  blackhole(options: TargetOptions = {}): TargetConfig {
    return targetFor('blackhole', options);
  },
  /** N300: two Wormhole chips on one card, a 1×2 mesh. */
  n300(options: MeshPresetOptions = {}): TargetConfig {
    return targetFor('wormhole_b0', { ...options, mesh: [1, 2] });
  },
  /** T3000 (T3K): eight Wormhole chips (four N300 cards), a 2×4 mesh. */
  t3k(options: MeshPresetOptions = {}): TargetConfig {
    return targetFor('wormhole_b0', { ...options, mesh: [2, 4] });
  },
  /** Galaxy: 32 Wormhole chips, a 4×8 mesh. */
  galaxy(options: MeshPresetOptions = {}): TargetConfig {
    return targetFor('wormhole_b0', { ...options, mesh: [4, 8] });
  },
};

// ---------------------------------------------------------------------------------------------
// Sharding.

export interface ShardingOptions {
  /** Where weights live between calls: 'dram' (streamed each call, default) or 'l1' (resident, split over the grid). */
  weights?: 'dram' | 'l1';
  /** Cores per output tile's experts (its owner and helpers on free cores), 1..K; interleaved with DRAM weights only.
   *  Default: chosen by the cost model. */
  expertGroups?: number;
  /** Where the tensors a forward writes live unless sharded: 'l1' interleaved over every core's bank, or 'dram'.
   *  Default: 'l1' when they fit. */
  activations?: 'dram' | 'l1';
}

function shardingFor(strategy: ShardingStrategy, options: ShardingOptions): ShardingConfig {
  const { weights = 'dram', ...rest } = options;
  return { ...rest, strategy, weights };
}

/** Sharding builders: how tensors are spread over the cores of the grid. */
export const sharding = {
  /** Pages round-robin over banks/cores (tt-metal's interleaved layout). The default. */
  interleaved: (options: ShardingOptions = {}): ShardingConfig => shardingFor('interleaved', options),
  /** Rows (samples × channels) split over cores; each core holds whole weight matrices. */
  height: (options: ShardingOptions = {}): ShardingConfig => shardingFor('height', options),
  /** Output columns (horizon × experts) split over cores. */
  width: (options: ShardingOptions = {}): ShardingConfig => shardingFor('width', options),
  /** Rows split over grid y, columns over grid x. */
  block: (options: ShardingOptions = {}): ShardingConfig => shardingFor('block', options),
  /** Let the planner choose the strategy. */
  auto: (options: ShardingOptions = {}): ShardingConfig => shardingFor('auto', options),
};

// ---------------------------------------------------------------------------------------------
// Weights.

/** Weight sources. */
export const weights = {
  /** A `.safetensors` checkpoint with the official MoLE state_dict names; relative paths resolve against the config file. */
  checkpoint(path: string): CheckpointWeights {
    return { kind: 'checkpoint', path };
  },
  /** Deterministic random weights (PyTorch-style uniform init) from `seed`. Default seed 0. */
  random(options: { /** PRNG seed, a non-negative integer. Default 0. */ seed?: number } = {}): RandomWeights {
    const { seed = 0, ...rest } = options;
    return { ...rest, kind: 'random', seed };
  },
};

// ---------------------------------------------------------------------------------------------
// defineMoLE.

export interface InputOptions {
  /** L, the input window length in time steps. 2..4096. */
  seqLen: number;
  /** C, the number of channels (variates) of the series. 1..4096. */
  channels: number;
  /** Frequency of the series (pandas offset); decides the router's time features:
   *  'h' hourly (4 features, the default and what every official run uses), 't' minutely (5), 's' secondly (6),
   *  'd' daily / 'b' business-daily (3), 'w' weekly (2), 'm' monthly (1). */
  freq?: Freq;
}

export interface MoleDefinition {
  /** Model name; used for generated file and directory names. Letters, digits, '.', '_' and '-'. */
  name: string;
  /** The input series: window length, channels, frequency. */
  input: InputOptions;
  /** P, the forecast horizon in time steps. 1..4096. */
  predLen: number;
  /** B, the batch size the program is compiled for. 1..1024. Default 1. */
  batch?: number;
  /** The experts: `experts.dlinear(...)`, `experts.rlinear(...)` or `experts.rmlp(...)`. */
  experts: ExpertsConfig;
  /** The gate: `router.mlp(...)`. */
  router: RouterSpec;
  /** The device: `target.wormhole(...)` (default) or `target.blackhole(...)`. */
  target?: TargetConfig;
  /** How tensors are spread over cores. Default `sharding.interleaved()`. */
  sharding?: ShardingConfig;
  /** Where weights come from. Default `weights.random()` (seed 0). */
  weights?: WeightsSource;
}

export type WeightsSource = CheckpointWeights | RandomWeights;

/** Marks objects made by `defineMoLE` (non-enumerable, so the config stays plain serialisable data).
 *  `Symbol.for` so that copies of this module loaded in another module graph recognise it too. */
export const MOLE_CONFIG_BRAND: unique symbol = Symbol.for('molegen.MoleConfig') as never;

/** True when `value` was returned by `defineMoLE`. */
export function isMoleConfig(value: unknown): value is MoleConfig {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MOLE_CONFIG_BRAND] === true;
}

/** Set by molegen's config loader for `--set path=value`: replaces fields of the definition before defaults are derived. */
const OVERRIDES = Symbol.for('molegen.definitionOverrides');

function withCommandLineOverrides(definition: MoleDefinition): MoleDefinition {
  const overrides = (globalThis as Record<symbol, unknown>)[OVERRIDES] as Array<{ path: string[]; value: unknown }> | undefined;
  if (!overrides || overrides.length === 0 || typeof definition !== 'object' || definition === null) return definition;
  const copy = structuredClone(definition) as unknown as Record<string, unknown>;
  for (const { path, value } of overrides) {
    let node = copy;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return copy as unknown as MoleDefinition;
}

/** Define a MoLE forecaster. Returns the normalised config with every default filled in. */
export function defineMoLE(written: MoleDefinition): MoleConfig {
  const definition = withCommandLineOverrides(written);
  const {
    name,
    input,
    predLen,
    batch = 1,
    experts: expertsConfig,
    router: routerSpec,
    target: targetConfig = target.wormhole(),
    sharding: shardingConfig = sharding.interleaved(),
    weights: weightsConfig = weights.random(),
    ...rest
  } = definition;
  const { freq = 'h', ...inputRest } = input ?? ({} as InputOptions);
  const expertCount = expertsConfig?.count;
  const channels = inputRest.channels;
  const { hidden, topK, ...routerRest } = routerSpec ?? ({} as RouterSpec);
  const config: MoleConfig = {
    ...(rest as object),
    name,
    input: { ...inputRest, freq },
    predLen,
    batch,
    experts: expertsConfig,
    router: {
      ...routerRest,
      hidden: hidden ?? expertCount * channels,
      topK: topK ?? expertCount,
    },
    target: targetConfig,
    sharding: shardingConfig,
    weights: weightsConfig,
  };
  Object.defineProperty(config, MOLE_CONFIG_BRAND, { value: true, enumerable: false });
  return config;
}
