// Pass: split a program's output tiles over the cores of the grid. Tiles are handed out in
// contiguous runs (so a core that owns several tiles of one series row loads that row once),
// cores are taken row by row (x fastest), and the first (tiles mod cores) cores get one tile more
// — the same shape of split as tt-metal's split_work_to_cores. Pure function.

import type { CoreWork } from '../plan/plan.ts';

export function splitWork(totalTiles: number, grid: [number, number]): CoreWork[] {
  const [gridX, gridY] = grid;
  const cores = Math.min(totalTiles, gridX * gridY);
  const base = Math.floor(totalTiles / cores);
  const extra = totalTiles % cores;
  const work: CoreWork[] = [];
  let next = 0;
  for (let i = 0; i < cores; i++) {
    const numTiles = base + (i < extra ? 1 : 0);
    work.push({ x: i % gridX, y: Math.floor(i / gridX), firstTile: next, numTiles });
    next += numTiles;
  }
  return work;
}
