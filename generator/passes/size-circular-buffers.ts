// Pass: size every circular buffer of both programs. Streams are double-buffered (two blocks, so
// the reader fills one while compute drains the other); buffers that must hold a whole row for
// reuse (the router's hidden tiles, the gate-scaled inputs) hold exactly that. Pure function.

import type { CircularBufferPlan, FormatRole, TileCounts, TileFormat } from '../plan/plan.ts';
import { TILE_BYTES } from '../plan/plan.ts';

function cb(index: number, name: string, pages: number, role: FormatRole, format: TileFormat, why: string): CircularBufferPlan {
  const pageBytes = TILE_BYTES[format];
  return { index, name, role, pages, format, pageBytes, bytes: pages * pageBytes, why };
}

export function routerCircularBuffers(t: TileCounts): CircularBufferPlan[] {
  return [
    cb(0, 'features', 2 * t.featureTiles, 'router', 'Float32', 'one batch row of features, double-buffered'),
    cb(1, 'w0', 2 * t.featureTiles, 'router', 'Float32', 'layer-1 weight column, double-buffered'),
    cb(2, 'w2', 2 * t.routerWeightBlock, 'router', 'Float32', 'layer-2 weight blocks, double-buffered'),
    cb(3, 'hidden', t.hiddenTiles, 'router', 'Float32', 'hidden row, reused for every logit column'),
    cb(16, 'logits', 2, 'router', 'Float32', 'output tiles, double-buffered'),
  ];
}

export function expertsCircularBuffers(t: TileCounts, experts: number, activation: TileFormat, weight: TileFormat): CircularBufferPlan[] {
  return [
    cb(0, 'x', 2 * t.inputTiles, 'activation', activation, 'one series row of inputs, double-buffered'),
    cb(1, 'gate', 2 * experts, 'activation', activation, 'K gate column tiles per series row, double-buffered'),
    cb(2, 'weights', 2 * t.inputTiles, 'weight', weight, 'one expert weight column, double-buffered'),
    cb(3, 'scaled', experts * t.inputTiles, 'activation', activation, 'gate-scaled inputs of the row, reused for every horizon tile'),
    cb(4, 'logit_scratch', 1, 'router', 'Float32', 'router logit tile cache of the reader'),
    cb(16, 'out', 2, 'activation', activation, 'output tiles, double-buffered'),
  ];
}
