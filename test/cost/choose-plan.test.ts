// sharding auto(): the chosen plan is never modeled slower than any explicit strategy the planner
// accepts for the same config, the choice is deterministic, and explicit configs are kept as given.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MoleConfig } from '../../dsl/config.ts';
import { AUTO_STRATEGIES, choosePlan } from '../../generator/cost/choose-plan.ts';
import { modelPlan } from '../../generator/cost/plan-cost.ts';
import { MolegenError } from '../../generator/diagnostics.ts';
import { REPO_ROOT } from '../../generator/emit/templates.ts';
import { loadChecked, loadWeights } from '../../generator/pipeline.ts';
import { makePlan } from '../../generator/plan/make-plan.ts';

const EXAMPLES = ['etth1.ts', 'weather-rlinear.ts', 'electricity-top2.ts'];

function tryPlan(config: MoleConfig, stateDict: Parameters<typeof makePlan>[1]) {
  try {
    return makePlan(config, stateDict);
  } catch (error) {
    if (error instanceof MolegenError) return undefined;
    throw error;
  }
}

describe('sharding auto() on the example configs', () => {
  for (const example of EXAMPLES) {
    it(`${example}: auto() is never modeled slower than an explicit strategy`, async () => {
      const { loaded } = await loadChecked(path.join(REPO_ROOT, 'examples', example));
      const stateDict = loadWeights(loaded).stateDict;
      const auto: MoleConfig = { ...loaded.config, sharding: { ...loaded.config.sharding, strategy: 'auto' } };
      let explicitPlans = 0;
      let chosen: number | undefined;
      try {
        chosen = choosePlan(auto, stateDict).cost.seconds;
      } catch (error) {
        if (!(error instanceof MolegenError)) throw error;
      }
      for (const strategy of AUTO_STRATEGIES) {
        const plan = tryPlan({ ...loaded.config, sharding: { ...loaded.config.sharding, strategy } }, stateDict);
        if (!plan) continue;
        explicitPlans++;
        expect(chosen).toBeDefined();
        expect(chosen!).toBeLessThanOrEqual(modelPlan(plan).seconds * (1 + 1e-12));
      }
      // When the planner refuses every explicit strategy, auto() must refuse too (not invent a plan).
      if (explicitPlans === 0) expect(chosen).toBeUndefined();
    });
  }
});

describe('choosePlan', () => {
  it('is deterministic and reports every candidate it tried', async () => {
    const { loaded } = await loadChecked(path.join(REPO_ROOT, 'examples', 'etth1.ts'));
    const stateDict = loadWeights(loaded).stateDict;
    const auto: MoleConfig = { ...loaded.config, sharding: { ...loaded.config.sharding, strategy: 'auto' } };
    const first = choosePlan(auto, stateDict);
    const second = choosePlan(auto, stateDict);
    expect(second.chosen).toEqual(first.chosen);
    expect(first.candidates.length).toBeGreaterThan(1);
    expect(first.candidates.filter((c) => c.seconds !== undefined).length).toBeGreaterThanOrEqual(1);
    for (const c of first.candidates) if (c.seconds !== undefined) expect(first.cost.seconds).toBeLessThanOrEqual(c.seconds);
    // grid subsets of the configured 8×8 only
    for (const c of first.candidates) expect(c.grid[0] <= 8 && c.grid[1] <= 8).toBe(true);
  });

  it('holds the experts to fewer cores when that leaves the router enough for one program and is modeled faster', async () => {
    // weather-rlinear at batch 32: its experts could take 63 of 64 cores, which would leave the router one core
    // or force a second program; every arrangement tried is modeled no faster than the one chosen.
    const { loaded } = await loadChecked(path.join(REPO_ROOT, 'examples', 'weather-rlinear.ts'));
    const stateDict = loadWeights(loaded).stateDict;
    const choice = choosePlan(loaded.config, stateDict);
    const experts = choice.plan.programs.find((p) => p.name === 'experts')!;
    const uncapped = makePlan(loaded.config, stateDict, { values: false }).programs.find((p) => p.name === 'experts')!;
    for (const dispatch of ['one program', 'two programs'] as const) {
      for (const routerLogits of ['per row', 'shared'] as const) {
        for (const expertCores of [undefined, 48, 32, 16]) {
          if (dispatch === 'two programs' && expertCores !== undefined) continue;
          const other = makePlan(loaded.config, stateDict, { values: false, dispatch, routerLogits, expertCores });
          expect(choice.cost.seconds).toBeLessThanOrEqual(modelPlan(other).seconds * (1 + 1e-12));
        }
      }
    }
    if (choice.plan.dispatch.kind === 'one program' && experts.work.length < uncapped.work.length) {
      expect(choice.plan.dispatch.why).toMatch(/the experts could use \d+/);
    }
  });

  it('keeps an explicit strategy and grid as given', async () => {
    const { loaded } = await loadChecked(path.join(REPO_ROOT, 'examples', 'etth1.ts'));
    const stateDict = loadWeights(loaded).stateDict;
    const choice = choosePlan(loaded.config, stateDict);
    expect(choice.chosen).toBeUndefined();
    expect(choice.candidates).toEqual([]);
    expect(choice.plan.grid).toEqual(loaded.config.target.grid);
  });
});
