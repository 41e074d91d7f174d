// What skipping unselected experts would save: with top-k < K a tile matmul of expert k can be skipped for a
// series-tile row only when none of the row's series selected k (a tile mixes 32 series). Counts those
// (row, expert) pairs in a batch's gates, and gives the expectation under uniform routing for the plan's notes.
// Pure functions of a config and gate values; no I/O, and nothing here changes what the device computes.

import type { MoleConfig } from '../../dsl/config.ts';
import { seriesLayout } from '../passes/layout-tensors.ts';
import { rowOfSeries } from '../passes/router-rows.ts';

export interface TopKSavings {
  /** (series-tile row, expert) pairs none of whose series selected the expert: their matmuls could be skipped. */
  idle: number;
  /** All (series-tile row, expert) pairs. */
  total: number;
}

/** Counts, in gates [B, C, K] (0 where an expert was not selected), the (row, expert) pairs no series selected. */
export function topKSavings(config: MoleConfig, gates: ArrayLike<number>): TopKSavings {
  const K = config.experts.count;
  const C = config.input.channels;
  const samples = gates.length / (C * K);
  // rows as the device lays series out (seriesLayout): channel-major for per-channel experts and whole-tile batches
  const individual = config.experts.kind === 'dlinear' && config.experts.individual;
  const rows = { shape: { batch: config.batch, channels: C, experts: K }, seriesLayout: seriesLayout({ individual, shape: { batch: config.batch } }) };
  const selected = new Map<number, Set<number>>();
  for (let b = 0; b < samples; b++) {
    for (let c = 0; c < C; c++) {
      const row = Math.floor(rowOfSeries(rows, b, c) / 32);
      let experts = selected.get(row);
      if (!experts) selected.set(row, (experts = new Set()));
      for (let k = 0; k < K; k++) if (gates[(b * C + c) * K + k] !== 0) experts.add(k);
    }
  }
  let idle = 0;
  for (const experts of selected.values()) idle += K - experts.size;
  return { idle, total: selected.size * K };
}

/** The expected share of (row, expert) pairs no series selects when each series picks k of K uniformly. */
export function uniformIdleShare(topK: number, experts: number, seriesPerRow = 32): number {
  return (1 - topK / experts) ** seriesPerRow;
}
