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
 * `work` (one entry per owner) with each owner's experts set, followed by its helpers, owner by owner: helper j on
 * the core j to the right of its owner when that core is in the grid and free (the planner leaves those columns
 * free when it can, so an owner and its helpers fill a row of the grid and a column group a rectangle), else on the
 * grid's next free core in row-major order. Leaves `keepFree` cores unused (for the router). Refuses (MG3103)
 * when the grid has too few free cores or `groups` exceeds the experts.
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
  const taken = new Set<string>();
  const key = (c: { x: number; y: number }) => `${c.x},${c.y}`;
  const isFree = new Set(free.map(key));
  for (const owner of owners) {
    for (let j = 1; j < groups; j++) {
      const beside = { x: owner.x + j, y: owner.y };
      const core = beside.x < grid[0] && isFree.has(key(beside)) && !taken.has(key(beside)) ? beside : (free.find((c) => !taken.has(key(c)) && !isBesideAnOwner(c)) ?? free.find((c) => !taken.has(key(c)))!);
      taken.add(key(core));
      helpers.push({ ...core, rows: owner.rows, cols: owner.cols, experts: expertRange(experts, groups, j) });
    }
  }
  return [...owners, ...helpers];

  // a free core that some owner will take as its helper beside it (kept for it)
  function isBesideAnOwner(c: { x: number; y: number }): boolean {
    return owners.some((o) => c.y === o.y && c.x > o.x && c.x < o.x + groups);
  }
}

/** Does this core mix its output tiles (it owns them: all K experts, or the first of its group's)? */
export const isOwner = (w: CoreWork): boolean => (w.experts?.[0] ?? 0) === 0;

/** Do two cores work on the same output tiles (an owner and its helpers)? */
export const sameTiles = (a: CoreWork, b: CoreWork): boolean => a.rows[0] === b.rows[0] && a.rows[1] === b.rows[1] && a.cols[0] === b.cols[0] && a.cols[1] === b.cols[1];
