// The mesh stage of the pipeline: picks the split (as the config asks, or the cost model's choice for
// 'auto'), plans one chip's program on its share (every chip runs that plan) and, for a channel split, the
// weight tensors whose contents differ per chip (the share's router rows, RevIN parameters and per-channel
// heads) with each chip's contents. One chip is the 1×1 case: one share holding everything.
// Nothing here writes files or edits the config.

import type { MoleConfig } from '../dsl/config.ts';
import type { StateDict } from '../reference/weights.ts';
import { choosePlan } from './cost/choose-plan.ts';
import { chooseSplit } from './cost/scaling.ts';
import type { PerChipWeights } from './emit/weights-file.ts';
import { makePlan } from './plan/make-plan.ts';
import { meshLayout, shareConfig, shareStateDict, type MeshLayout } from './plan/mesh.ts';
import type { DeviceTensor, Plan } from './plan/plan.ts';

export interface MeshProgram {
  layout: MeshLayout;
  /** One chip's plan, holding the first chip's weights. */
  plan: Plan;
  /** Weight tensors stored once per chip (empty for a batch split: every chip gets the same weights). */
  perChip: PerChipWeights;
}

const sameValues = (a: DeviceTensor, b: DeviceTensor): boolean => {
  if (!a.values || !b.values || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) if (!Object.is(a.values[i], b.values[i])) return false;
  return true;
};

export function planMeshProgram(config: MoleConfig, stateDict: StateDict): MeshProgram {
  const layout = meshLayout(config, chooseSplit(config).split);
  const chip = shareConfig(config, layout);
  const [first, ...others] = layout.shares;
  const plan = choosePlan(chip, shareStateDict(config, layout, stateDict, first!)).plan;
  const perChip = new Map<string, Array<{ coord: [number, number]; tensor: DeviceTensor }>>();
  if (layout.split === 'batch' || others.length === 0) return { layout, plan, perChip };

  // The other chips' weights, planned exactly as the first chip's plan was resolved (grid, sharding, dispatch,
  // router logits).
  const resolved: MoleConfig = { ...chip, target: { ...chip.target, grid: plan.grid }, sharding: plan.sharding };
  const weightsOf = (p: Plan): DeviceTensor[] => p.tensors.filter((t) => t.role === 'weight');
  const chips = [{ coord: first!.coord, tensors: weightsOf(plan) }];
  for (const share of others) {
    const arrangement = { deviceGrid: plan.deviceGrid, dispatch: plan.dispatch.kind, routerLogits: plan.routerLogits.kind };
    const chipPlan = makePlan(resolved, shareStateDict(config, layout, stateDict, share), arrangement);
    chips.push({ coord: share.coord, tensors: weightsOf(chipPlan) });
  }
  weightsOf(plan).forEach((tensor, index) => {
    if (chips.every((c) => sameValues(c.tensors[index]!, tensor))) return;
    perChip.set(tensor.name, chips.map((c) => ({ coord: c.coord, tensor: c.tensors[index]! })));
  });
  return { layout, plan, perChip };
}
