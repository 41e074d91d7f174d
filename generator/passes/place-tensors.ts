// Pass: decide where each tensor lives for the chosen sharding strategy.
//  - interleaved: every tensor in DRAM, interleaved by tile page.
//  - height / width / block: x and y in L1, sharded the same way as the experts program's work, so
//    a core's output tiles land in its own shard; with height the core's input rows are in its own
//    shard too (its circular buffers sit on the shards: no copies).
//  - weights 'l1': the expert weights (with their bias rows) are uploaded once into L1 shards and
//    stay there across calls: each core holds exactly the columns it computes — all of them,
//    replicated per core, when its work spans every column.
//  - gates, with one program when the plan asks: L1 shards on the experts cores, each holding its own rows' gate
//    tiles (the router writes them there; the experts read nothing from DRAM for them). With several column
//    blocks each row's tiles are there once per block: shard j is core j's (row block ⌊j/Q⌋, column block j mod Q).
//  - the router's constant tiles (ones, ramps, masks, selectors and gather tiles — molegen's own, not the
//    model's): L1 interleaved over every core's bank. Each router core reads them once per forward; from DRAM that
//    is the same bytes again on every core (on weather 21 × 34 KiB), from L1 it costs NoC transfers only.
//  - with `perForwardInL1` (the planner asks when they fit), every tensor a forward writes — inputs, the router's
//    intermediates, outputs — that the strategy leaves in DRAM and the plan uses goes L1 interleaved instead: the same pages, round-robin
//    over the worker cores' banks rather than the DRAM banks (TT-NN's L1 interleaved memory config). Kernels address
//    them through the same TensorAccessor; a read or a write acknowledgement is a round trip to another core, not to
//    DRAM, and they take no DRAM bandwidth.
// Router, RevIN and time-MLP weights always stay in DRAM. Pure function.

import type { ModelIR } from '../ir/model-ir.ts';
import type { CoreXY, DeviceTensor, Placement, TileCounts } from '../plan/plan.ts';
import type { WorkSplit } from './split-work.ts';

/** The router's constant tiles: molegen's own, the same on every forward, read by every router core. */
export const ROUTER_CONSTANT_TENSORS: ReadonlySet<string> = new Set(['router_consts', 'router_selectors', 'router_gather_masks', 'router_gather_selects']);

/** L1 interleaved: pages round-robin over every worker core's bank. */
const L1_INTERLEAVED: Placement = { memory: 'l1', layout: 'interleaved' };

/** Tensors a forward writes (the host's inputs, the router's intermediates, the outputs), not weights. */
const isPerForward = (tensor: DeviceTensor): boolean => tensor.role !== 'weight';

export interface ResidentWeights {
  /** Horizon columns each core's shard holds (its own columns, or all of them). */
  cols: number;
  /** Tiles per core's shard. */
  tiles: number;
  /** The shard starts at the core's first output column (width/block), else at column 0. */
  startsAtOwnColumn: boolean;
}

export function placeTensors(
  ir: ModelIR,
  t: TileCounts,
  tensors: DeviceTensor[],
  split: WorkSplit,
  gatesOnExperts = false,
  perForwardInL1 = false,
  unused: ReadonlySet<string> = new Set(),
): { tensors: DeviceTensor[]; resident?: ResidentWeights } {
  const strategy = ir.sharding.strategy;
  const cores: CoreXY[] = split.work.map(({ x, y }) => ({ x, y }));
  const sharded = (layout: 'height' | 'width' | 'block', shardTiles: [number, number]): Placement => ({ memory: 'l1', layout, cores, shardTiles });
  const activation = (name: string, cols: number): Placement => {
    if (strategy === 'interleaved') return { memory: 'dram' };
    // y's shards must match the work split exactly (a core packs its tiles into its own shard); x is only
    // read through the NoC, so any even split of its time axis over the column blocks will do.
    const colsPerBlock = name === 'y' ? split.colsPerBlock : Math.ceil(cols / split.colBlocks);
    if (strategy === 'height') return sharded('height', [split.rowsPerBlock, cols]);
    if (strategy === 'width') return sharded('width', [t.seriesTiles, colsPerBlock]);
    return sharded('block', [split.rowsPerBlock, colsPerBlock]);
  };

  let resident: ResidentWeights | undefined;
  const placed = tensors.map((tensor): DeviceTensor => {
    const placedTensor = placeOne(tensor);
    const toL1 = perForwardInL1 && isPerForward(placedTensor) && !unused.has(tensor.name) && placedTensor.placement.memory === 'dram';
    return toL1 ? { ...placedTensor, placement: L1_INTERLEAVED } : placedTensor;
  });
  return resident ? { tensors: placed, resident } : { tensors: placed };

  function placeOne(tensor: DeviceTensor): DeviceTensor {
    if (ROUTER_CONSTANT_TENSORS.has(tensor.name)) return { ...tensor, placement: L1_INTERLEAVED };
    if (tensor.name === 'x') return { ...tensor, placement: activation('x', t.inputTiles) };
    if (tensor.name === 'y') return { ...tensor, placement: activation('y', t.horizonTiles) };
    // gates on the experts cores (one program): each core's shard holds the K + 1 gate tiles of its own rows,
    // written there by the router over the NoC — a full shard per core but the last, whose row block may be short
    if (tensor.name === 'gates' && gatesOnExperts) {
      const shards = split.rowBlocks * split.colBlocks;
      const lastRows = t.seriesTiles - (split.rowBlocks - 1) * split.rowsPerBlock;
      return {
        ...tensor,
        rows: ((shards - 1) * split.rowsPerBlock + lastRows) * 32,
        placement: sharded('height', [split.rowsPerBlock, tensor.cols / 32]),
        copies: { count: split.colBlocks, rowsPerShard: split.rowsPerBlock },
      };
    }
    if (tensor.name !== 'expert_weights' || ir.sharding.weights !== 'l1') return tensor;
    const setRows = t.weightSets * t.weightSetRows;
    if (strategy === 'width' || strategy === 'block') {
      resident = { cols: split.colsPerBlock, tiles: setRows * split.colsPerBlock, startsAtOwnColumn: true };
      return {
        ...tensor,
        placement: sharded(strategy, [setRows, split.colsPerBlock]),
        replicas: strategy === 'block' ? split.rowBlocks : 1,
      };
    }
    resident = { cols: t.horizonTiles, tiles: setRows * t.horizonTiles, startsAtOwnColumn: false };
    return { ...tensor, placement: sharded('height', [setRows, t.horizonTiles]), replicas: cores.length };
  }
}
