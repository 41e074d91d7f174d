// Pass: split the router's first phase ('shared' logits) — the [Bt × Zt] logit tiles — over its cores, and
// say which cores compute each batch row's hidden tiles together. Every logit tile of a batch row needs the
// row's whole hidden row relu(features · W0); a core that computed it alone would read all of layer 1.
//  - With at least as many cores as batch rows, each batch row gets its own group of consecutive cores
//    (at most one per logit tile), each taking an equal contiguous run of the row's logit tiles; the members
//    split the row's hidden tiles, compute their part and write it into every member's L1, so the chip reads
//    layer 1 once per batch row.
//  - With fewer cores, equal contiguous runs of the row-major tiles; a core computes the hidden tiles of each
//    batch row it touches itself (groups of one).
// Pure function; it does not place cores or size buffers.

export interface RouterLogitsSplit {
  /** Each core's logit tiles [begin, end) in row-major order (parallel to the router cores). */
  logitTiles: Array<[number, number]>;
  /** Each core's [index, members] in the group that computes its batch row's hidden tiles ([0, 1]: alone). */
  hiddenShare: Array<[number, number]>;
}

export function splitRouterLogits(batchTiles: number, logitTiles: number, cores: number): RouterLogitsSplit {
  const total = batchTiles * logitTiles;
  if (total === 0 || cores < batchTiles) {
    const perCore = Math.max(1, Math.ceil(total / cores));
    return {
      logitTiles: Array.from({ length: cores }, (_, i): [number, number] => [Math.min(total, i * perCore), Math.min(total, (i + 1) * perCore)]),
      hiddenShare: Array.from({ length: cores }, (): [number, number] => [0, 1]),
    };
  }
  const split: RouterLogitsSplit = { logitTiles: [], hiddenShare: [] };
  for (let row = 0; row < batchTiles; row++) {
    const groupCores = Math.floor(((row + 1) * cores) / batchTiles) - Math.floor((row * cores) / batchTiles);
    const members = Math.min(groupCores, logitTiles);
    const first = row * logitTiles;
    for (let j = 0; j < groupCores; j++) {
      if (j < members) {
        split.logitTiles.push([first + Math.floor((j * logitTiles) / members), first + Math.floor(((j + 1) * logitTiles) / members)]);
        split.hiddenShare.push([j, members]);
      } else {
        split.logitTiles.push([total, total]);
        split.hiddenShare.push([0, 1]);
      }
    }
  }
  return split;
}

/** The hidden tiles [begin, end) a group member computes (of `hiddenTiles`), as the router kernels split them. */
export function ownHiddenTiles(hiddenTiles: number, [index, members]: [number, number]): [number, number] {
  return [Math.floor((hiddenTiles * index) / members), Math.floor((hiddenTiles * (index + 1)) / members)];
}
