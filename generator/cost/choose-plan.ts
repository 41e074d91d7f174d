// `sharding: auto()`: enumerate candidate configs — grid subsets of the configured grid, the four
// sharding strategies, weights in DRAM or L1, and bfp8_b weights when the caller allows them — plan
// each with makePlan, drop those the planner refuses (MolegenError: unsupported or over budget) and
// those whose plan does not honour what was asked (a planner that ignores a strategy must not get
// credit for it), and return the plan with the lowest modeled time. Ties go to the earlier
// candidate in a fixed order (interleaved before height/width/block, DRAM before L1, the configured
// weight dtype before bfp8_b, more cores before fewer), so the choice is deterministic. A config
// with an explicit strategy is planned as given. Never edits the config it is given.

import type { MoleConfig, ShardingStrategy, WeightDType } from '../../dsl/config.ts';
import type { StateDict } from '../../reference/weights.ts';
import { MolegenError } from '../diagnostics.ts';
import { makePlan } from '../plan/make-plan.ts';
import type { Plan } from '../plan/plan.ts';
import { isL1Resident, modelPlan, planStrategy, type PlanCost } from './plan-cost.ts';

export const AUTO_STRATEGIES: ReadonlyArray<Exclude<ShardingStrategy, 'auto'>> = ['interleaved', 'height', 'width', 'block'];

export interface Candidate {
  grid: [number, number];
  strategy: Exclude<ShardingStrategy, 'auto'>;
  weights: 'dram' | 'l1';
  weightDtype: WeightDType;
}

export interface CandidateResult extends Candidate {
  /** Modeled seconds, or why the candidate was dropped. */
  seconds?: number;
  dropped?: string;
}

export interface Choice {
  plan: Plan;
  cost: PlanCost;
  chosen: Candidate | undefined;
  candidates: CandidateResult[];
}

export interface ChooseOptions {
  /** Also try bfp8_b expert weights (changes numerics; off unless the user allows it). */
  allowBfp8Weights?: boolean;
}

/** Grid sizes tried along one axis: powers of two up to the configured size, and the size itself. */
function axisSizes(max: number): number[] {
  const sizes = new Set<number>([max]);
  for (let n = 1; n < max; n *= 2) sizes.add(n);
  return [...sizes].sort((a, b) => b - a);
}

export function candidates(config: MoleConfig, options: ChooseOptions = {}): Candidate[] {
  const [gx, gy] = config.target.grid;
  const grids: Array<[number, number]> = [];
  for (const y of axisSizes(gy)) for (const x of axisSizes(gx)) grids.push([x, y]);
  grids.sort((a, b) => b[0] * b[1] - a[0] * a[1] || b[0] - a[0]);
  const dtypes: WeightDType[] = [config.target.weightDtype];
  if (options.allowBfp8Weights && config.target.weightDtype !== 'bfp8_b' && config.target.dtype === 'bf16') dtypes.push('bfp8_b');
  const out: Candidate[] = [];
  for (const strategy of AUTO_STRATEGIES) {
    for (const weights of ['dram', 'l1'] as const) {
      for (const weightDtype of dtypes) for (const grid of grids) out.push({ grid, strategy, weights, weightDtype });
    }
  }
  return out;
}

function configFor(config: MoleConfig, c: Candidate): MoleConfig {
  return {
    ...config,
    target: { ...config.target, grid: c.grid, weightDtype: c.weightDtype },
    sharding: { ...config.sharding, strategy: c.strategy, weights: c.weights },
  };
}

/** Does the plan do what the candidate asked (strategy, weight residency)? */
function honours(plan: Plan, c: Candidate): boolean {
  if (planStrategy(plan) !== c.strategy) return false;
  const resident = isL1Resident(plan.tensors.find((t) => t.name === 'expert_weights'));
  return resident === (c.weights === 'l1');
}

/**
 * The plan's dispatch, chosen by the model: one program (router on the cores the experts leave free) when
 * that is modeled faster than two programs (router over the whole grid first), else two; the reason names
 * both times. `plan` was made with the default (one program whenever there are spare cores).
 */
function withBestDispatch(plan: Plan, cost: PlanCost, remake: (dispatch: Plan['dispatch']['kind']) => Plan): { plan: Plan; cost: PlanCost } {
  if (plan.dispatch.kind !== 'one program') return { plan, cost };
  const separate = remake('two programs');
  const separateCost = modelPlan(separate);
  const us = (seconds: number) => `${(seconds * 1e6).toFixed(1)} µs`;
  if (separateCost.seconds < cost.seconds) {
    separate.dispatch.why += ` (modeled ${us(separateCost.seconds)}, faster than one program with the router on the ${plan.programs[0]!.work.length} spare cores: ${us(cost.seconds)})`;
    return { plan: separate, cost: separateCost };
  }
  plan.dispatch.why += ` (modeled ${us(cost.seconds)}; two programs: ${us(separateCost.seconds)})`;
  return { plan, cost };
}

export function choosePlan(config: MoleConfig, stateDict: StateDict, options: ChooseOptions = {}): Choice {
  if (config.sharding.strategy !== 'auto') {
    const plan = makePlan(config, stateDict);
    const best = withBestDispatch(plan, modelPlan(plan), (dispatch) => makePlan(config, stateDict, { dispatch }));
    return { plan: best.plan, cost: best.cost, chosen: undefined, candidates: [] };
  }
  const deviceGrid = config.target.grid;
  const results: CandidateResult[] = [];
  let best: { plan: Plan; cost: PlanCost; candidate: Candidate } | undefined;
  let firstError: unknown;
  for (const candidate of candidates(config, options)) {
    let plan: Plan;
    try {
      plan = makePlan(configFor(config, candidate), stateDict, { values: false, deviceGrid });
    } catch (error) {
      if (!(error instanceof MolegenError)) throw error;
      firstError ??= error;
      results.push({ ...candidate, dropped: error.diagnostics.map((d) => d.code).join(',') });
      continue;
    }
    if (!honours(plan, candidate)) {
      results.push({ ...candidate, dropped: 'planner did not apply this strategy/residency' });
      continue;
    }
    const chosen = withBestDispatch(plan, modelPlan(plan), (dispatch) => makePlan(configFor(config, candidate), stateDict, { values: false, deviceGrid, dispatch }));
    results.push({ ...candidate, seconds: chosen.cost.seconds });
    if (!best || chosen.cost.seconds < best.cost.seconds) best = { ...chosen, candidate };
  }
  if (!best) throw firstError instanceof MolegenError ? firstError : new Error('sharding auto(): no candidate plan');
  // Candidates were planned without weight contents; plan the winner in full.
  const plan = makePlan(configFor(config, best.candidate), stateDict, { deviceGrid, dispatch: best.plan.dispatch.kind });
  plan.dispatch.why = best.plan.dispatch.why;
  return { plan, cost: best.cost, chosen: best.candidate, candidates: results };
}
