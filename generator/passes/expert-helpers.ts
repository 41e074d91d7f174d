// Splits each experts core's partial forecasts over a group of cores: the owner keeps the first experts and
// the mixture; `groups − 1` helpers on free cores compute the remaining experts' partial forecasts of the same
// output tiles and write them into the owner's L1 (templates/kernels: EXPERT_HELPERS). The owner mixes exactly
// the tiles it would have packed itself, so the numerics do not change. Pure function of the work split; never
// picks the number of groups (the planner's caller does, with the cost model).

import { MolegenError } from '../diagnostics.ts';
import type { CoreWork } from '../plan/plan.ts';
import { freeCores } from './split-work.ts';

/** The experts of group member `j` of `groups`: [⌊K·j/g⌋, ⌊K·(j+1)/g⌋). */
export function expertRange(experts: number, groups: number, j: number): [number, number] {
  return [Math.floor((experts * j) / groups), Math.floor((experts * (j + 1)) / groups)];
}

/**
 * `work` (one entry per owner) with each owner's experts set, followed by its helpers on the grid's free cores in
 * row-major order, owner by owner. Leaves `keepFree` cores unused (for the router). Refuses (MG3103) when the grid
 * has too few free cores or `groups` exceeds the experts.
 */
export function addExpertHelpers(work: CoreWork[], experts: number, groups: number, grid: [number, number], keepFree: number): CoreWork[] {
  if (groups <= 1) return work;
  const free = freeCores(grid, work);
  const needed = work.length * (groups - 1);
  if (groups > experts || free.length < needed + keepFree) {
    throw new MolegenError([
      {
        code: 'MG3103',
        severity: 'error',
        message: `cannot split the experts' partial forecasts over groups of ${groups} cores: ${groups > experts ? `only ${experts} experts` : `${needed} helper cores needed, ${free.length - keepFree} free`}`,
      },
    ]);
  }
  const owners = work.map((w) => ({ ...w, experts: expertRange(experts, groups, 0) }));
  const helpers: CoreWork[] = [];
  let next = 0;
  for (const owner of owners) {
    for (let j = 1; j < groups; j++) helpers.push({ ...free[next++]!, rows: owner.rows, cols: owner.cols, experts: expertRange(experts, groups, j) });
  }
  return [...owners, ...helpers];
}

/** Does this core mix its output tiles (it owns them: all K experts, or the first of its group's)? */
export const isOwner = (w: CoreWork): boolean => (w.experts?.[0] ?? 0) === 0;

/** Do two cores work on the same output tiles (an owner and its helpers)? */
export const sameTiles = (a: CoreWork, b: CoreWork): boolean => a.rows[0] === b.rows[0] && a.rows[1] === b.rows[1] && a.cols[0] === b.cols[0] && a.cols[1] === b.cols[1];
