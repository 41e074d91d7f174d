// The mesh cost model: one forward on an r×c mesh is the inputs written to every chip, each chip's
// program on its share (the single-chip cost model of the share's plan; the chips run in parallel), and the
// forecasts read back. Host transfers go over the mesh's PCIe links (mesh-links.ts): links work in
// parallel, the chips of one link one after the other, chips behind the PCIe-attached one at the slower
// remote rates. What the split costs beyond the share's device time: those transfers, the padding rows of
// uneven shares, and each chip's fixed launch cost on a smaller share. The weights are uploaded once, at
// model creation (replicated for a batch split, per chip for a channel split), and reported apart.
// Also resolves `split: 'auto'` (the faster feasible split) and builds `molegen bench`'s scaling table.
// Reads no files and never edits the config it is given.

import type { MoleConfig } from '../../dsl/config.ts';
import { shapeOnlyStateDict } from '../ir/lower.ts';
import { meshLayout, meshShape, shareConfig, splitProblem, type MeshLayout, type MeshSplitKind } from '../plan/mesh.ts';
import type { DeviceTensor, Plan } from '../plan/plan.ts';
import { TILE_BYTES } from '../plan/plan.ts';
import { choosePlan } from './choose-plan.ts';
import { meshTopology, WORMHOLE_HOST_LINK, type MeshTopology } from './mesh-links.ts';

export interface MeshCost {
  shape: [number, number];
  chips: number;
  split: MeshSplitKind;
  layout: MeshLayout;
  topology: MeshTopology;
  /** One chip's plan (every chip runs it on its share). */
  plan: Plan;
  /** Modeled device time of one chip's program (trace-style dispatch), seconds. */
  deviceSeconds: number;
  /** Inputs host → chips and forecasts chips → host, seconds. */
  writeSeconds: number;
  readSeconds: number;
  /** One forward: writes, device, reads. */
  seconds: number;
  /** The model's batch over `seconds` (padding rows do not count). */
  seqPerSecond: number;
  /** Weights host → chips, once at model creation. */
  weightUploadSeconds: number;
}

const tensorBytes = (t: DeviceTensor): number => (t.rows / 32) * (t.cols / 32) * TILE_BYTES[t.format] * t.replicas;

/** Seconds to move `bytesPerChip` to (or from) every chip: links in parallel, the chips of a link in turn. */
function transferSeconds(topology: MeshTopology, chips: number, bytesPerChip: number, localRate: number, remoteRate: number): number {
  let slowest = 0;
  for (let link = 0; link < topology.links; link++) {
    const onLink = Math.max(0, Math.min(topology.chipsPerLink, chips - link * topology.chipsPerLink));
    if (onLink === 0) continue;
    slowest = Math.max(slowest, bytesPerChip / localRate + ((onLink - 1) * bytesPerChip) / remoteRate);
  }
  return slowest;
}

/** The modeled forward of `config` on its mesh with a concrete split (which must be feasible: see splitProblem). */
export function meshCost(config: MoleConfig, split: MeshSplitKind): MeshCost {
  const [rows, cols] = meshShape(config);
  const chips = rows * cols;
  const layout = meshLayout(config, split);
  const chip = shareConfig(config, layout);
  const choice = choosePlan(chip, shapeOnlyStateDict(chip));
  const plan = choice.plan;
  const topology = meshTopology(rows, cols);
  const link = WORMHOLE_HOST_LINK;
  const bytesOf = (names: string[]): number => plan.tensors.filter((t) => names.includes(t.name)).reduce((sum, t) => sum + tensorBytes(t), 0);
  const inputBytes = bytesOf(['x', 'features', 'series_features']);
  const outputBytes = bytesOf(['y']);
  const weightBytes = plan.tensors.filter((t) => t.role === 'weight').reduce((sum, t) => sum + tensorBytes(t), 0);
  const writeSeconds = transferSeconds(topology, chips, inputBytes, link.writeLocal.value, link.writeRemote.value);
  const readSeconds = transferSeconds(topology, chips, outputBytes, link.readLocal.value, link.readRemote.value);
  const deviceSeconds = choice.cost.seconds;
  const seconds = writeSeconds + deviceSeconds + readSeconds;
  return {
    shape: [rows, cols],
    chips,
    split,
    layout,
    topology,
    plan,
    deviceSeconds,
    writeSeconds,
    readSeconds,
    seconds,
    seqPerSecond: config.batch / seconds,
    weightUploadSeconds: transferSeconds(topology, chips, weightBytes, link.writeLocal.value, link.writeRemote.value),
  };
}

/** The splits a config may use: the one it asks for, or for 'auto' every feasible one (batch first). */
export function candidateSplits(config: MoleConfig): MeshSplitKind[] {
  const asked = config.target.split ?? 'batch';
  const order: MeshSplitKind[] = asked === 'auto' ? ['batch', 'channels'] : [asked];
  return order.filter((split) => splitProblem(config, split) === undefined);
}

/** The split the program uses: as asked, or for 'auto' the feasible split with the lower modeled time (ties: batch). */
export function chooseSplit(config: MoleConfig): { split: MeshSplitKind; costs: MeshCost[] } {
  const splits = candidateSplits(config);
  if (splits.length === 0) return { split: config.target.split === 'channels' ? 'channels' : 'batch', costs: [] };
  if (splits.length === 1) return { split: splits[0]!, costs: [] };
  const costs = splits.map((split) => meshCost(config, split));
  const best = costs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { split: best.split, costs };
}

export interface ScalingRow {
  shape: [number, number];
  chips: number;
  system: string;
  batch: number;
  cost?: MeshCost;
  /** seq/s over (chips × one chip's seq/s at the same batch). */
  efficiency?: number;
  speedup?: number;
  note?: string;
}

/** The meshes of the scaling table: one chip, N300, T3K, Galaxy. */
export const SCALING_MESHES: ReadonlyArray<[number, number]> = [[1, 1], [1, 2], [2, 4], [4, 8]];

/**
 * Modeled seq/s and efficiency of `config` on 1, 2, 8 and 32 chips for each batch: each mesh uses the
 * config's split when it names one ('batch' or 'channels') and it is feasible there, else — and for a
 * single-chip config, which names none — the faster feasible split.
 */
export function scalingTable(config: MoleConfig, batches: number[], meshes: ReadonlyArray<[number, number]> = SCALING_MESHES): ScalingRow[] {
  const rows: ScalingRow[] = [];
  for (const batch of batches) {
    let single: MeshCost | undefined;
    for (const shape of meshes) {
      const chips = shape[0] * shape[1];
      const asked = config.target.split ?? 'auto';
      const onMesh: MoleConfig = { ...config, batch, target: { ...config.target, mesh: [shape[0], shape[1]], split: asked } };
      const system = meshTopology(shape[0], shape[1]).system;
      const splits = candidateSplits(onMesh);
      const usable = splits.length > 0 ? splits : candidateSplits({ ...onMesh, target: { ...onMesh.target, split: 'auto' } });
      if (usable.length === 0) {
        rows.push({ shape, chips, system, batch, note: splitProblem(onMesh, 'batch')?.message ?? 'no feasible split' });
        continue;
      }
      let best: MeshCost | undefined;
      let failure: string | undefined;
      for (const split of usable) {
        try {
          const cost = meshCost(onMesh, split);
          if (!best || cost.seconds < best.seconds) best = cost;
        } catch (error) {
          failure ??= error instanceof Error ? error.message : String(error);
        }
      }
      if (!best) {
        rows.push({ shape, chips, system, batch, note: `no plan: ${failure}` });
        continue;
      }
      if (chips === 1) single = best;
      const row: ScalingRow = { shape, chips, system, batch, cost: best };
      if (single) {
        row.speedup = best.seqPerSecond / single.seqPerSecond;
        row.efficiency = row.speedup / chips;
      }
      rows.push(row);
    }
  }
  return rows;
}
