// The L1 bytes one core needs for a config, as the planner lays the program out — so `validate`
// rejects exactly the configs `build` could not fit, with the same per-core numbers. It plans shapes
// only (no weights needed): circular buffers per program (streams double-buffered, reuse buffers
// whole, buffers placed on L1 shards counted once as shards), the L1 shards of activations and
// resident weights, the pages of the L1-interleaved router constants in each core's bank, and the firmware region every core keeps. The peak over the router and
// experts programs is what must fit. For `sharding: auto()` the cheapest strategy and weight
// residency counts (auto() never picks a plan that does not fit).
// Callers only use it on schema-valid configs whose grid fits the target.

import type { MoleConfig, ShardingStrategy } from '../../dsl/config.ts';
import { l1InterleavedBytesPerCore } from '../passes/check-budget.ts';
import { makePlan } from '../plan/make-plan.ts';
import type { Plan } from '../plan/plan.ts';

export interface L1Estimate {
  perCoreBytes: number;
  /** Where the bytes go, for the message: circular buffers of the peak program by name, L1 shards, L1-interleaved pages, reserved. */
  breakdown: Record<string, number>;
}

function estimateOf(plan: Plan): L1Estimate {
  const peak = plan.programs.reduce((a, b) => (b.l1BytesPerCore > a.l1BytesPerCore ? b : a));
  const breakdown: Record<string, number> = {};
  let cbBytes = 0;
  for (const cb of peak.circularBuffers) {
    if (cb.bytes === 0) continue;
    breakdown[cb.name] = cb.bytes;
    cbBytes += cb.bytes;
  }
  const interleaved = l1InterleavedBytesPerCore(plan.tensors, plan.deviceGrid[0] * plan.deviceGrid[1]);
  breakdown['L1 shards'] = peak.l1BytesPerCore - cbBytes - interleaved;
  breakdown['L1 interleaved'] = interleaved;
  breakdown.reserved = plan.l1.reservedBytes;
  return { perCoreBytes: peak.l1BytesPerCore + plan.l1.reservedBytes, breakdown };
}

export function estimateL1PerCore(config: MoleConfig): L1Estimate {
  const planned = (strategy: Exclude<ShardingStrategy, 'auto'>, weights: 'dram' | 'l1') =>
    estimateOf(makePlan({ ...config, sharding: { strategy, weights } }, undefined, { checkBudget: false }));
  if (config.sharding.strategy !== 'auto') return planned(config.sharding.strategy, config.sharding.weights);
  const options = (['interleaved', 'height', 'width', 'block'] as const).flatMap((s) => (['dram', 'l1'] as const).map((w) => planned(s, w)));
  return options.reduce((best, e) => (e.perCoreBytes < best.perCoreBytes ? e : best));
}
