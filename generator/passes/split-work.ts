// Pass: split a program's [rows × cols] output tiles over the cores of the grid as rectangles:
// R row blocks × Q column blocks of equal size (the last ones may be short).
//  - interleaved: any R×Q that fits the grid, chosen for the fewest tiles on the busiest core,
//    then the fewest cores; core (q·s, r) owns block (r, q) when R and s·Q fit the grid's height and width (so
//    the cores of a column block, and of a row block, form a rectangle a multicast reaches; a column spread s > 1
//    leaves the s − 1 grid columns beside each block's column free for its expert helpers), else cores are
//    taken row by row (x fastest).
//  - height: Q = 1 (a core owns whole series rows); width: R = 1 (a core owns horizon columns);
//  - block: R ≤ grid height and Q ≤ grid width, core (q, r) owning block (r, q).
// An optional cap on the number of cores bounds every strategy (R·Q ≤ cap).
// Shard order is the core order returned here (row-major), which place-tensors relies on.
// Pure function.

import type { ModelIR } from '../ir/model-ir.ts';
import type { CoreWork, TileCounts } from '../plan/plan.ts';
import type { Sharding } from '../ir/model-ir.ts';

export interface WorkSplit {
  work: CoreWork[];
  rowBlocks: number;
  colBlocks: number;
  rowsPerBlock: number;
  colsPerBlock: number;
}

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

function blocks(total: number, wanted: number): { count: number; size: number } {
  const size = ceilDiv(total, Math.max(1, Math.min(total, wanted)));
  return { count: ceilDiv(total, size), size };
}

function rectangles(rows: number, cols: number, r: { count: number; size: number }, q: { count: number; size: number }, core: (rb: number, cb: number) => { x: number; y: number }): WorkSplit {
  const work: CoreWork[] = [];
  for (let rb = 0; rb < r.count; rb++) {
    for (let cb = 0; cb < q.count; cb++) {
      work.push({
        ...core(rb, cb),
        rows: [rb * r.size, Math.min(rows, (rb + 1) * r.size)],
        cols: [cb * q.size, Math.min(cols, (cb + 1) * q.size)],
      });
    }
  }
  return { work, rowBlocks: r.count, colBlocks: q.count, rowsPerBlock: r.size, colsPerBlock: q.size };
}

export function splitWork(rows: number, cols: number, grid: [number, number], strategy: Sharding['strategy'], maxCores?: number, columnSpread = 1): WorkSplit {
  const [gridX, gridY] = grid;
  // At most `maxCores` cores (the planner may leave the rest of the grid to the router); never fewer than one.
  const cores = Math.max(1, Math.min(gridX * gridY, maxCores ?? Infinity));
  const rowMajor = (q: number) => (rb: number, cb: number) => {
    const i = rb * q + cb;
    return { x: i % gridX, y: Math.floor(i / gridX) };
  };
  switch (strategy) {
    case 'height': {
      const r = blocks(rows, cores);
      return rectangles(rows, cols, r, { count: 1, size: cols }, rowMajor(1));
    }
    case 'width': {
      const q = blocks(cols, cores);
      return rectangles(rows, cols, { count: 1, size: rows }, q, rowMajor(q.count));
    }
    case 'block': {
      const q = blocks(cols, Math.min(gridX, cores));
      const r = blocks(rows, Math.min(gridY, Math.floor(cores / q.count)));
      return rectangles(rows, cols, r, q, (rb, cb) => ({ x: cb, y: rb }));
    }
    case 'interleaved': {
      let best: { r: { count: number; size: number }; q: { count: number; size: number }; load: number; used: number } | undefined;
      for (let wantQ = 1; wantQ <= Math.min(cols, cores); wantQ++) {
        const q = blocks(cols, wantQ);
        const r = blocks(rows, Math.floor(cores / q.count));
        const load = r.size * q.size;
        const used = r.count * q.count;
        if (!best || load < best.load || (load === best.load && used < best.used)) best = { r, q, load, used };
      }
      const { r, q } = best!;
      const spread = r.count <= gridY && q.count * columnSpread <= gridX ? columnSpread : 1;
      return rectangles(rows, cols, r, q, r.count <= gridY && q.count * spread <= gridX ? (rb, cb) => ({ x: cb * spread, y: rb }) : rowMajor(q.count));
    }
  }
}

/** Splits `rows` tile rows (one column) into contiguous, equal blocks over the given cores, in order. */
export function splitRowsOver(rows: number, cores: Array<{ x: number; y: number }>): WorkSplit {
  const r = blocks(rows, cores.length);
  return rectangles(rows, 1, r, { count: 1, size: 1 }, (rb) => cores[rb]!);
}

/**
 * Whether the experts cores share their weight columns (WEIGHTS_SHARED): the cores computing the same
 * horizon columns form a group; each reads a slice of the group's K·Lt + 1 weight tile rows from DRAM once
 * and writes it into the others' L1, so the whole chip reads every weight tile once per forward and a core
 * keeps its columns for all its rows. Only for weights streamed from DRAM, one weight set (not per-channel
 * experts), and when a core's columns take at most half of the usable L1.
 */
export function sharesWeightColumns(ir: ModelIR, t: TileCounts, split: WorkSplit, resident: boolean, weightTileBytes: number, usableL1Bytes: number): boolean {
  if (resident || ir.sharding.weights !== 'dram' || t.weightSets !== 1) return false;
  return t.weightSetRows * split.colsPerBlock * weightTileBytes <= usableL1Bytes / 2;
}

/**
 * Whether the weight exchange of WEIGHTS_SHARED can multicast: when the cores of every column group — with expert
 * helpers, owners and helpers alike — fill a rectangle of the grid. (A multicast gives every member the whole slice;
 * every member's weight buffer holds all of the group's slots, and a helper uses its experts' rows of them.)
 */
export function columnGroupsAreRectangles(work: CoreWork[]): boolean {
  const groups = new Map<string, CoreWork[]>();
  for (const w of work) {
    const key = `${w.cols[0]},${w.cols[1]}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  return [...groups.values()].every((members) => {
    const xs = members.map((w) => w.x);
    const ys = members.map((w) => w.y);
    const area = (Math.max(...xs) - Math.min(...xs) + 1) * (Math.max(...ys) - Math.min(...ys) + 1);
    return area === members.length;
  });
}

/** The cores of a grid (row-major) that `work` does not use. */
export function freeCores(grid: [number, number], work: CoreWork[]): Array<{ x: number; y: number }> {
  const used = new Set(work.map((w) => `${w.x},${w.y}`));
  const free: Array<{ x: number; y: number }> = [];
  for (let y = 0; y < grid[1]; y++) for (let x = 0; x < grid[0]; x++) if (!used.has(`${x},${y}`)) free.push({ x, y });
  return free;
}
