// Spreads a config over a mesh of chips. Every chip runs the same single-chip program (same kernels,
// same plan) on its share of the work: a batch split gives each chip a share of the samples and all the
// weights; a channel split gives each chip a share of the channels of every sample, with the router rows,
// RevIN parameters and per-channel heads of those channels. Every chip's program is compiled for the same
// share size, ⌈total / chips⌉; the shares are balanced (each chip gets ⌊total / chips⌋ or ⌈total / chips⌉
// samples or channels) and a chip's rows past its share are zero padding whose forecasts are dropped.
// This module computes the shares, the single-chip config of one share and each share's weights. It does
// not pick the split for `split: 'auto'` (generator/cost/scaling.ts does) and never reads or writes files.

import type { MoleConfig, TargetConfig } from '../../dsl/config.ts';
import { routerLayout, type StateDict } from '../../reference/weights.ts';
import { makeTensor, type Tensor } from '../../reference/tensor.ts';

export type MeshSplitKind = 'batch' | 'channels';

/** One chip's share: its mesh coordinate and the model's samples and channels it forecasts. */
export interface DeviceShare {
  /** [row, col] in the mesh. */
  coord: [number, number];
  /** Samples [begin, end) of the model's batch (all of them for a channel split). */
  batch: [number, number];
  /** Channels [begin, end) of the model's channels (all of them for a batch split). */
  channels: [number, number];
}

export interface MeshLayout {
  shape: [number, number];
  split: MeshSplitKind;
  /** The model's batch and channels (what the user passes and gets back). */
  batch: number;
  channels: number;
  /** What each chip's program is compiled for (the padded share). */
  share: { batch: number; channels: number };
  /** Row-major over the mesh: (0,0), (0,1), ... */
  shares: DeviceShare[];
  /** Zero-padding samples (batch split) or channels (channel split) over all chips, so every program has `share` rows. */
  padding: number;
}

/** The mesh a config asks for: [rows, cols]; [1, 1] for one chip. */
export function meshShape(config: MoleConfig): [number, number] {
  return config.target.mesh ?? [1, 1];
}

export function chipCount(config: MoleConfig): number {
  const [rows, cols] = meshShape(config);
  return rows * cols;
}

/**
 * Why `split` cannot run this config on its mesh, or undefined when it can. The validation rules report
 * these (with codes and locations); the 'auto' split skips the splits that have one.
 */
export function splitProblem(config: MoleConfig, split: MeshSplitKind): { field: 'batch' | 'channels' | 'router'; message: string; hint: string } | undefined {
  const chips = chipCount(config);
  const [rows, cols] = meshShape(config);
  if (split === 'batch' && config.batch < chips) {
    return {
      field: 'batch',
      message: `batch ${config.batch} is smaller than the ${chips} chips of the ${rows}×${cols} mesh: with split 'batch' every chip forecasts a share of the samples`,
      hint: `use a batch of at least ${chips} (a multiple of ${chips} needs no padding), a smaller mesh, or split: 'channels'`,
    };
  }
  if (split === 'channels' && config.router.input === 'stats') {
    return {
      field: 'router',
      message:
        "split 'channels' needs a router on time features: router.mlp({ input: 'stats' }) reads the window statistics of all channels, so a chip holding a share of the channels cannot compute its gates",
      hint: "use split: 'batch' (each chip gets whole samples), or router.mlp({ input: 'time' }) as the official MoLE does",
    };
  }
  if (split === 'channels' && config.input.channels < chips) {
    return {
      field: 'channels',
      message: `input.channels ${config.input.channels} is smaller than the ${chips} chips of the ${rows}×${cols} mesh: with split 'channels' every chip forecasts a share of the channels`,
      hint: `use split: 'batch', or a mesh of at most ${config.input.channels} chips`,
    };
  }
  return undefined;
}

/** The shares of a concrete split (the config must not have a problem with it: see splitProblem). */
export function meshLayout(config: MoleConfig, split: MeshSplitKind): MeshLayout {
  const shape = meshShape(config);
  const chips = shape[0] * shape[1];
  const total = split === 'batch' ? config.batch : config.input.channels;
  const per = Math.ceil(total / chips);
  const shares: DeviceShare[] = [];
  for (let row = 0; row < shape[0]; row++) {
    for (let col = 0; col < shape[1]; col++) {
      const index = row * shape[1] + col;
      const range: [number, number] = [Math.floor((index * total) / chips), Math.floor(((index + 1) * total) / chips)];
      shares.push({
        coord: [row, col],
        batch: split === 'batch' ? range : [0, config.batch],
        channels: split === 'channels' ? range : [0, config.input.channels],
      });
    }
  }
  return {
    shape,
    split,
    batch: config.batch,
    channels: config.input.channels,
    share: split === 'batch' ? { batch: per, channels: config.input.channels } : { batch: config.batch, channels: per },
    shares,
    padding: per * chips - total,
  };
}

/** The single-chip config each chip's program is compiled for: the share's batch and channels, the model's router width. */
export function shareConfig(config: MoleConfig, layout: MeshLayout): MoleConfig {
  const { mesh: _mesh, split: _split, ...chip } = config.target;
  const target: TargetConfig = chip;
  return {
    ...config,
    batch: layout.share.batch,
    input: { ...config.input, channels: layout.share.channels },
    // The router's hidden layer reads only the time features, so every chip computes all of it; the
    // default width K·C is the model's, not the share's.
    router: { ...config.router, hidden: config.router.hidden },
    target,
  };
}

/**
 * The weights of one chip's program. A batch split uses the model's weights unchanged. A channel split
 * takes the share's rows of the router's second layer (in the variant's logit layout), its RevIN γ/β and
 * its per-channel heads; padding channels get zero router rows and heads and RevIN γ = 1, β = 0.
 */
export function shareStateDict(config: MoleConfig, layout: MeshLayout, stateDict: StateDict, share: DeviceShare): StateDict {
  if (layout.split === 'batch') return stateDict;
  const C = config.input.channels;
  const K = config.experts.count;
  const shareC = layout.share.channels;
  const [first, end] = share.channels;
  const modelChannel = (c: number): number | undefined => (first + c < end ? first + c : undefined);
  const out: StateDict = new Map(stateDict);

  // Router layer 2: logit (c, k) is row c·K + k (DLinear) or k·C + c (RLinear/RMLP).
  const channelMajor = routerLayout(config) === 'channel-major';
  const logitRow = (c: number, k: number, channels: number): number => (channelMajor ? c * K + k : k * channels + c);
  const w2 = stateDict.get('Linear_Temporal.2.weight')!;
  const b2 = stateDict.get('Linear_Temporal.2.bias')!;
  const hidden = w2.shape[1]!;
  const shareW2 = makeTensor([K * shareC, hidden]);
  const shareB2 = makeTensor([K * shareC]);
  for (let c = 0; c < shareC; c++) {
    const source = modelChannel(c);
    if (source === undefined) continue;
    for (let k = 0; k < K; k++) {
      const to = logitRow(c, k, shareC);
      const from = logitRow(source, k, C);
      shareW2.data.set(w2.data.subarray(from * hidden, (from + 1) * hidden), to * hidden);
      shareB2.data[to] = b2.data[from]!;
    }
  }
  out.set('Linear_Temporal.2.weight', shareW2);
  out.set('Linear_Temporal.2.bias', shareB2);

  // RevIN: one γ and β per channel.
  for (const [name, padValue] of [['rev.affine_weight', 1], ['rev.affine_bias', 0]] as const) {
    const tensor = stateDict.get(name);
    if (!tensor) continue;
    const slice = makeTensor([shareC]);
    for (let c = 0; c < shareC; c++) {
      const source = modelChannel(c);
      slice.data[c] = source === undefined ? padValue : tensor.data[source]!;
    }
    out.set(name, slice);
  }

  // Per-channel DLinear heads: Linear_Seasonal.{c} / Linear_Trend.{c}.
  if (config.experts.kind === 'dlinear' && config.experts.individual) {
    for (const name of [...out.keys()]) if (/^Linear_(Seasonal|Trend)\.\d+\./.test(name)) out.delete(name);
    for (const branch of ['Linear_Seasonal', 'Linear_Trend']) {
      for (let c = 0; c < shareC; c++) {
        const source = modelChannel(c);
        for (const part of ['weight', 'bias']) {
          const model = stateDict.get(`${branch}.0.${part}`)!;
          const tensor: Tensor = source === undefined ? makeTensor(model.shape) : stateDict.get(`${branch}.${source}.${part}`)!;
          out.set(`${branch}.${c}.${part}`, tensor);
        }
      }
    }
  }
  return out;
}

/**
 * One chip's config for checks that need a plannable single-chip config before the split is chosen (the L1
 * budget rule): the config itself on one chip; on a mesh the share of the first feasible split in the order
 * batch, channels (the order `split: 'auto'` tries them in), else of the split asked for.
 */
export function chipShareConfig(config: MoleConfig): MoleConfig {
  if (config.target.mesh === undefined) return config;
  const asked = config.target.split ?? 'batch';
  const order: MeshSplitKind[] = asked === 'auto' ? ['batch', 'channels'] : [asked];
  const split = order.find((s) => splitProblem(config, s) === undefined) ?? order[0]!;
  return shareConfig(config, meshLayout(config, split));
}

/** The mesh section `inspect` and plan.txt print below one chip's plan. */
export function describeMesh(layout: MeshLayout, perChipWeights: string[]): string[] {
  const [rows, cols] = layout.shape;
  const unit = layout.split === 'batch' ? 'samples' : 'channels';
  const lines = [
    '',
    `Mesh: ${rows}×${cols} = ${rows * cols} chips, split '${layout.split}': every chip runs the plan above on ${layout.split === 'batch' ? layout.share.batch : layout.share.channels} ${unit}` +
      (layout.padding > 0 ? ` (${layout.padding} zero-padding ${layout.padding === 1 ? unit.slice(0, -1) : unit} in all)` : ''),
    `  weights: ${perChipWeights.length === 0 ? 'replicated to every chip' : `${perChipWeights.join(', ')} per chip (its ${unit}' rows), the rest replicated`}`,
    '  chip     samples      channels',
  ];
  for (const s of layout.shares) lines.push(`  (${s.coord[0]},${s.coord[1]})`.padEnd(11) + `[${s.batch[0]}, ${s.batch[1]})`.padEnd(13) + `[${s.channels[0]}, ${s.channels[1]})`);
  return lines;
}
