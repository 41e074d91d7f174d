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
import { ARCHS } from '../../dsl/index.ts';
import { MolegenError } from '../diagnostics.ts';
import { makePlan, pipelinedGatesRefusal } from '../plan/make-plan.ts';
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
 * How the router is arranged: the dispatch, where its logits come from, at most how many cores the experts take,
 * and over how many cores each output tile's experts are split (helpers on cores the router would otherwise get).
 */
type RouterArrangement = {
  dispatch: Plan['dispatch']['kind'];
  routerLogits: Plan['routerLogits']['kind'];
  expertCores?: number;
  expertGroups?: number;
  statsFirst?: boolean;
  /** Shared logits only: each router core forms the gates of its own logit tiles' rows, tile by tile (GATES_PIPELINED). */
  pipelinedGates?: boolean;
};

/** Expert group sizes tried with one-program dispatch: powers of two below K, and K (none when the config fixes them). */
function expertGroupSizes(plan: Plan, fixed: boolean): number[] {
  if (fixed) return [];
  const K = plan.shape.experts;
  const sizes = new Set<number>();
  for (let g = 2; g < K; g *= 2) sizes.add(g);
  if (K > 1) sizes.add(K);
  return [...sizes];
}

/** Caps on the experts' cores tried with one-program dispatch: fractions of the grid below what they use uncapped. */
function expertCoreCaps(plan: Plan): number[] {
  const cores = plan.deviceGrid[0] * plan.deviceGrid[1];
  const used = plan.programs.find((p) => p.name === 'experts')?.work.length ?? cores;
  const caps = [7 / 8, 3 / 4, 5 / 8, 1 / 2, 3 / 8, 1 / 4].map((f) => Math.floor(cores * f)).filter((cap) => cap >= 1 && cap < used);
  return [...new Set(caps)];
}

/** How many of the fastest arrangements of each kind of router logits are also tried with the RevIN statistics before the logits. */
const STATS_FIRST_TRIES = 2;

const describe = (a: RouterArrangement): string =>
  `${a.dispatch}${a.expertCores !== undefined ? ` with the experts on at most ${a.expertCores} cores` : ''}${a.expertGroups !== undefined ? `, each output tile's experts over ${a.expertGroups} cores` : ''}, ${a.routerLogits} logits${a.pipelinedGates ? ' with their gates pipelined' : ''}${a.statsFirst ? ', RevIN statistics before the logits' : ''}`;

/**
 * The plan's router arrangement, chosen by the model: one program (router on the cores the experts leave
 * free — the experts may be held to fewer cores to leave it more) or two (router over the whole grid first),
 * and logits per series-tile row or shared through DRAM — whichever is modeled fastest; the reasons name the
 * alternatives' times. `plan` was made with the defaults; `remake` plans an arrangement (shapes only is enough).
 */
function withBestRouter(plan: Plan, cost: PlanCost, remake: (arrangement: RouterArrangement) => Plan, groupsFixed: boolean): { plan: Plan; cost: PlanCost; arrangement: RouterArrangement } {
  const us = (seconds: number) => `${(seconds * 1e6).toFixed(1)} µs`;
  const initial: RouterArrangement = { dispatch: plan.dispatch.kind, routerLogits: plan.routerLogits.kind };
  const logitsKinds: Array<Plan['routerLogits']['kind']> = plan.routerInput === 'time' ? ['per row', 'shared'] : ['shared'];
  const arrangements: RouterArrangement[] = [];
  for (const routerLogits of logitsKinds) {
    if (plan.dispatch.kind === 'one program') arrangements.push({ dispatch: 'one program', routerLogits });
    for (const expertCores of expertCoreCaps(plan)) arrangements.push({ dispatch: 'one program', routerLogits, expertCores });
    if (plan.dispatch.kind === 'one program') {
      for (const expertGroups of expertGroupSizes(plan, groupsFixed)) {
        arrangements.push({ dispatch: 'one program', routerLogits, expertGroups });
        for (const expertCores of expertCoreCaps(plan)) arrangements.push({ dispatch: 'one program', routerLogits, expertCores, expertGroups });
      }
    }
    arrangements.push({ dispatch: 'two programs', routerLogits });
  }
  // Shared logits may also form each core's gates right after its logit tiles (where the layout allows: MG3104
  // otherwise) — tried with each cap on the experts' cores, not with every expert group size as well (planning time)
  const revin = plan.programs.some((p) => p.defines.compute.includes('REVIN'));
  if (pipelinedGatesRefusal({ individual: plan.individual, revin, shape: plan.shape }, 'shared', ARCHS[plan.arch].nocReadAlignment.l1) === undefined) {
    arrangements.push(...arrangements.filter((a) => a.routerLogits === 'shared' && a.expertGroups === undefined).map((a) => ({ ...a, pipelinedGates: true })));
  }
  let best = { plan, cost, arrangement: initial };
  const tried: Array<{ arrangement: RouterArrangement; seconds: number }> = [{ arrangement: initial, seconds: cost.seconds }];
  const seen = new Set([describe(initial)]);
  const tryArrangement = (arrangement: RouterArrangement): void => {
    if (seen.has(describe(arrangement))) return;
    seen.add(describe(arrangement));
    let candidate: Plan;
    try {
      candidate = remake(arrangement);
    } catch (error) {
      if (error instanceof MolegenError) return; // e.g. over the L1 budget: not a candidate
      throw error;
    }
    const candidateCost = modelPlan(candidate);
    tried.push({ arrangement, seconds: candidateCost.seconds });
    if (candidateCost.seconds < best.cost.seconds) best = { plan: candidate, cost: candidateCost, arrangement };
  };
  for (const arrangement of arrangements) tryArrangement(arrangement);
  // The caps are coarse (eighths of the grid): around the best cap, try a few cores more and fewer, where the
  // balance between the experts and the router may be better.
  const coarse = best.arrangement.expertCores;
  if (coarse !== undefined) {
    const cores = plan.deviceGrid[0] * plan.deviceGrid[1];
    const step = Math.max(1, Math.floor(cores / 32));
    for (const delta of [-2 * step, -step, step, 2 * step, 3 * step]) {
      const expertCores = coarse + delta;
      if (expertCores >= 1 && expertCores < cores) tryArrangement({ ...best.arrangement, expertCores });
    }
    // then one core at a time while that is faster: how the router's tiles divide over its cores moves the balance
    for (let moves = 0; moves < 8; moves++) {
      const at = best.arrangement;
      for (const delta of [-1, 1]) {
        const expertCores = at.expertCores! + delta;
        if (expertCores >= 1 && expertCores < cores) tryArrangement({ ...at, expertCores });
      }
      if (best.arrangement === at) break;
    }
  }
  // With RevIN, the router cores may compute their statistics rows before their logit tiles: the experts get the
  // statistics sooner, the gates come later. Which arrangement gains most from that is not the one that is fastest
  // without it, so it is tried on the few fastest of each kind of router logits.
  if (plan.programs.some((p) => p.name === 'router' && p.defines.compute.includes('REVIN'))) {
    for (const routerLogits of logitsKinds) {
      const fastest = tried.filter((a) => a.arrangement.routerLogits === routerLogits).sort((a, b) => a.seconds - b.seconds).slice(0, STATS_FIRST_TRIES);
      for (const { arrangement } of fastest) tryArrangement({ ...arrangement, statsFirst: true });
    }
  }
  // The closest alternatives, fastest first (the full list grows with the caps tried): one per modeled time (caps the
  // split does not reach give the same plan), and the fastest of each other way of forming the logits and gates.
  const kind = (a: RouterArrangement): string => `${a.dispatch}|${a.routerLogits}|${a.pipelinedGates === true}`;
  const others = tried.filter((a) => describe(a.arrangement) !== describe(best.arrangement)).sort((a, b) => a.seconds - b.seconds);
  const shown: typeof others = [];
  const times = new Set([us(best.cost.seconds)]);
  for (const a of others) {
    if (shown.length < 3 && !times.has(us(a.seconds))) {
      shown.push(a);
      times.add(us(a.seconds));
    }
  }
  const kinds = new Set([best.arrangement, ...shown.map((a) => a.arrangement)].map(kind));
  for (const a of others) {
    if (!kinds.has(kind(a.arrangement)) && us(a.seconds) !== us(best.cost.seconds)) {
      shown.push(a);
      kinds.add(kind(a.arrangement));
    }
  }
  const alternatives = shown.sort((a, b) => a.seconds - b.seconds).map((a) => `${describe(a.arrangement)}: ${us(a.seconds)}`);
  best.plan.dispatch.why += ` (modeled ${us(best.cost.seconds)}${alternatives.length > 0 ? `; ${alternatives.join('; ')}` : ''})`;
  return best;
}

export function choosePlan(config: MoleConfig, stateDict: StateDict, options: ChooseOptions = {}): Choice {
  // A config that sets sharding.expertGroups keeps it; otherwise the arrangements try group sizes.
  const groupsFixed = config.sharding.expertGroups !== undefined;
  if (config.sharding.strategy !== 'auto') {
    // Arrangements are compared on shapes only; the winner is planned in full.
    const shapes = makePlan(config, stateDict, { values: false });
    const best = withBestRouter(shapes, modelPlan(shapes), (arrangement) => makePlan(config, stateDict, { values: false, ...arrangement }), groupsFixed);
    const plan = makePlan(config, stateDict, best.arrangement);
    plan.dispatch.why = best.plan.dispatch.why;
    return { plan, cost: best.cost, chosen: undefined, candidates: [] };
  }
  const deviceGrid = config.target.grid;
  const results: CandidateResult[] = [];
  let best: { plan: Plan; cost: PlanCost; arrangement: RouterArrangement; candidate: Candidate } | undefined;
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
    const chosen = withBestRouter(plan, modelPlan(plan), (arrangement) => makePlan(configFor(config, candidate), stateDict, { values: false, deviceGrid, ...arrangement }), groupsFixed);
    results.push({ ...candidate, seconds: chosen.cost.seconds });
    if (!best || chosen.cost.seconds < best.cost.seconds) best = { ...chosen, candidate };
  }
  if (!best) throw firstError instanceof MolegenError ? firstError : new Error('sharding auto(): no candidate plan');
  // Candidates were planned without weight contents; plan the winner in full.
  const plan = makePlan(configFor(config, best.candidate), stateDict, { deviceGrid, ...best.arrangement });
  plan.dispatch.why = best.plan.dispatch.why;
  return { plan, cost: best.cost, chosen: best.candidate, candidates: results };
}
