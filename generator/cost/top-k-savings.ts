// What skipping unselected experts would save: with top-k < K a tile matmul of expert k can be skipped for a
// series-tile row only when none of the row's series selected k (a tile mixes 32 series). Counts those
// (row, expert) pairs in a batch's gates, and gives the expectation under uniform routing for the plan's notes.
// Pure functions of a config and gate values; no I/O, and nothing here changes what the device computes.

import type { MoleConfig } from '../../dsl/config.ts';

export interface TopKSavings {
  /** (series-tile row, expert) pairs none of whose series selected the expert: their matmuls could be skipped. */
  idle: number;
  /** All (series-tile row, expert) pairs. */
  total: number;
}

/** The series-tile row of series (b, c): sample-major b·C + c, or channel-major c·Bp + b for per-channel experts. */
function tileRowOf(config: MoleConfig, b: number, c: number): number {
  const perChannel = config.experts.kind === 'dlinear' && config.experts.individual;
  const paddedBatch = Math.ceil(config.batch / 32) * 32;
  return Math.floor((perChannel ? c * paddedBatch + b : b * config.input.channels + c) / 32);
}

/** Counts, in gates [B, C, K] (0 where an expert was not selected), the (row, expert) pairs no series selected. */
export function topKSavings(config: MoleConfig, gates: ArrayLike<number>): TopKSavings {
  const K = config.experts.count;
  const C = config.input.channels;
  const samples = gates.length / (C * K);
  const selected = new Map<number, Set<number>>();
  for (let b = 0; b < samples; b++) {
    for (let c = 0; c < C; c++) {
      const row = tileRowOf(config, b, c);
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
