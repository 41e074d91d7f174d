// Runs the lowering passes in order and assembles the Plan:
//   lower → deinterleave heads → fold DLinear → tile counts + device tensors → split work →
//   place tensors → size circular buffers → check L1/DST.
// Each step is a pure function in generator/passes; this file only sequences them.

import type { MoleConfig } from '../../dsl/config.ts';
import type { StateDict } from '../../reference/weights.ts';
import { MolegenError } from '../diagnostics.ts';
import type { ModelIR } from '../ir/model-ir.ts';
import { lowerToIR, shapeOnlyStateDict } from '../ir/lower.ts';
import { checkBudget, dstCapacity, l1Budget, L1_RESERVED_BYTES, l1TensorBytesPerCore } from '../passes/check-budget.ts';
import { ARCHS } from '../../dsl/index.ts';
import { deinterleaveHeads } from '../passes/deinterleave-heads.ts';
import { foldDLinear } from '../passes/fold-dlinear.ts';
import { activationFormat, foldsRevin, layoutTensors, pipelinedWeightBlock, rowShapesOf, seriesLayout, tileCounts, weightFormat } from '../passes/layout-tensors.ts';
import { placeTensors } from '../passes/place-tensors.ts';
import { deviceLogitLayout, gathersByNoc, logitTilesOfRow } from '../passes/router-rows.ts';
import { batchesRowReads, expertsCircularBuffers, routerCircularBuffers } from '../passes/size-circular-buffers.ts';
import { columnGroupsAreRectangles, freeCores, sharesWeightColumns, splitRowsOver, splitWork } from '../passes/split-work.ts';
import { splitRouterLogits } from '../passes/split-router-logits.ts';
import { addExpertHelpers } from '../passes/expert-helpers.ts';
import { uniformIdleShare } from '../cost/top-k-savings.ts';
import type { CircularBufferPlan, Plan, ProgramPlan } from './plan.ts';
import { isL1Interleaved, isSharded, TILE_BYTES } from './plan.ts';

const cbBytes = (cbs: CircularBufferPlan[]): number => cbs.reduce((total, cb) => total + cb.bytes, 0);

function planNotes(ir: ModelIR, config: MoleConfig, perForwardInL1: boolean): string[] {
  const { experts: K, topK } = ir.shape;
  const notes: string[] = [];
  if (ir.kind === 'dlinear') notes.push('DLinear moving average folded into the expert weights (W_eff = Ws + (Wt − Ws)·A); the device never computes it.');
  else if (!ir.revin) notes.push('No RevIN (revin: false): the expert heads read the raw series.');
  else {
    const experts = foldsRevin(ir)
      ? 'the experts form their partial forecasts from the raw inputs (x_n·W_kᵀ = (γ/σ)·(x·W_kᵀ) + (β − γ/σ·mean)·S_k with the column sums S_k of W_k on the host), so those need nothing from the router, and the mixture applies γ/σ, adds (β − γ/σ·mean)·Σ_k g_k·S_k as one matmul and denormalises with element-wise tile ops'
      : 'the experts compute normalises and denormalises with element-wise tile ops';
    notes.push(`RevIN on device: the router program computes each series' mean and σ over time on the compute engine (row reductions, one SFPU rsqrt with 1/(γ + 1e-10) from the host, fp32 DST), once per series; ${experts}.`);
  }
  // RMLP's experts normalise their inputs before the matmuls; RLinear's fold RevIN into the mixture
  const normalisedFirst = ir.revin !== undefined && !foldsRevin(ir);
  if (ir.kind === 'rmlp') notes.push(`RMLP time-MLP (L→${ir.shape.mlpWidth}→L, residual) on device before the expert heads; its weights stream from DRAM.`);
  if (ir.individual) notes.push('Per-channel experts: series rows are channel-major (c·Bp + b) so every tile row belongs to one channel and one weight set.');
  else if (seriesLayout(ir).kind === 'channel-major') notes.push(`Series rows are channel-major (c·${ir.shape.batch} + b): the batch fills whole tiles, so this costs no padding, and every tile row is one channel's 32 samples${32 % K === 0 ? ', whose logits lie in one logit tile' : ''}.`);
  notes.push(`Gates are applied after the matmuls: each expert's partial forecast P_k = ${normalisedFirst ? 'RevIN(X)' : 'X'}·W_kᵀ is packed, then diag(g_k)·P_k for every expert and the biases (gate matrix × bias tile) are matmuls into one DST tile${normalisedFirst ? '' : ' — the partial forecasts need nothing from the router, so they overlap it'}.`);
  if (topK < K) {
    notes.push(
      `Top-${topK} of ${K}: computed as all experts with the unselected gates exactly 0 (the 32 series of a tile row may pick different experts, so a tile matmul can only be skipped when none of them picked the expert; masking keeps one kernel and costs ${K}/${topK}× the expert matmuls). Skipping would save little: with uniform routing a (row, expert) pair goes unselected with probability (1 − ${topK}/${K})^32 = ${uniformIdleShare(topK, K).toExponential(1)}, and it needs the gates before the partial forecasts, which then could no longer overlap the router; verify counts the pairs a batch actually leaves unselected.`,
    );
  }
  notes.push(
    `Router matmuls, top-k and softmax on the compute engine in fp32 (Float32 tiles, fp32 DST), once per series-tile row: the row's logits transposed to one row per expert, top-k by rounds of column maximum and masking, softmax as exp(z − max)·mask·1/Σ on the SFPU (exp on just the expert rows); the data-movement cores only move data${ir.router.input === 'stats' ? ' (except the router reader, which still computes the window statistics the router reads)' : ''}.`,
  );
  const interleavedIn = perForwardInL1 ? 'L1 (every core\'s bank)' : 'DRAM';
  notes.push(
    `Tensors: ${ir.sharding.strategy === 'interleaved' ? `activations interleaved in ${interleavedIn}` : `activations ${ir.sharding.strategy}-sharded in L1`}; ` +
      `${perForwardInL1 ? 'the router\'s intermediates and the other tensors a forward writes interleaved in L1 too (no DRAM round trip for them); ' : ''}` +
      `expert weights ${ir.sharding.weights === 'l1' ? 'resident in L1 across calls' : 'streamed from DRAM'}.`,
  );
  if (config.sharding.strategy === 'auto') notes.push('sharding auto(): resolved to the strategy above.');
  return notes;
}

export interface PlanOptions {
  /** Fill in the weight tensors' contents (false: shapes only, for comparing candidate plans). */
  values?: boolean;
  /** Refuse plans over the L1/DST budget (MG3101/MG3102); validation turns this off to report the numbers itself. */
  checkBudget?: boolean;
  /** The cores the program may use (default: config.target.grid, which then also bounds the experts). */
  deviceGrid?: [number, number];
  /** One program (the router on cores the experts leave free; the default when there are any) or two. */
  dispatch?: Plan['dispatch']['kind'];
  /** Router logits per series-tile row or shared through DRAM (default: per row when its reads stay small). */
  routerLogits?: Plan['routerLogits']['kind'];
  /** At most this many cores for the experts (default: as many as their split uses), leaving the rest to the router. */
  expertCores?: number;
  /** Cores per output tile's partial forecasts: the owner and `expertGroups − 1` helpers (default 1: none). */
  expertGroups?: number;
  /** Experts cores form all their rows' partial forecasts before the first gates (default: with one program, when L1 holds them). */
  partialsFirst?: boolean;
  /** With RevIN, router cores compute their statistics rows before their logit tiles (default: after, before the gates). */
  statsFirst?: boolean;
  /**
   * Shared logits: each router core forms the gates of the rows whose logits its own logit tiles hold, tile by tile, as
   * the next tile's layer-2 weights stream in (GATES_PIPELINED) — no hand-off, no DRAM round trip (default: no; MG3104
   * where the layout does not allow it).
   */
  pipelinedGates?: boolean;
  /** Gates in L1 shards on the experts cores that mix (default: with one program, when they fit). */
  gatesResident?: boolean;
  /**
   * The tensors a forward writes that the strategy leaves in DRAM (inputs, the router's intermediates, outputs) L1
   * interleaved over every core's bank instead (default: when they fit beside everything else).
   */
  perForwardInL1?: boolean;
}

/** Layer-2 weight tiles the per-row router logits read beyond one pass over the weights, at most (the default's limit). */
const PER_ROW_EXTRA_WEIGHT_TILES = 64;

/**
 * Why the router cannot form each core's gates from its own logit tiles (GATES_PIPELINED), or undefined when it can:
 * the logits must be shared (computed once per tile); every series-tile row must take all its series' logits from one
 * logit tile — channel-major rows (one channel's 32 samples) — and the writer moves each series' K logits with one
 * NoC read from its own L1, which needs what the NoC gather from L1 needs (gathersByNoc: K ∈ {4, 8, 16}, whole 16-byte
 * words, which also keeps a channel's logits within one tile); the RevIN statistics rows, which are not tied to logit
 * tiles, are not pipelined.
 */
export function pipelinedGatesRefusal(
  ir: Pick<ModelIR, 'individual'> & { revin?: unknown; shape: Pick<ModelIR['shape'], 'batch' | 'channels' | 'experts'> },
  routerLogits: Plan['routerLogits']['kind'],
  l1ReadAlignment: number,
): string | undefined {
  if (routerLogits !== 'shared') return 'needs shared router logits (per-row logits have no logit tiles to follow)';
  if (ir.revin) return 'RevIN statistics rows are not tied to logit tiles';
  if (seriesLayout(ir).kind !== 'channel-major') return 'needs channel-major series rows (per-channel experts, or a batch of whole tiles)';
  if (!gathersByNoc({ shape: ir.shape, logitLayout: deviceLogitLayout(ir.shape.experts) }, l1ReadAlignment)) {
    return `a series' ${ir.shape.experts} logits would straddle logit tiles or not fill whole ${l1ReadAlignment}-byte NoC words (K must be 4, 8 or 16)`;
  }
  return undefined;
}

/** Plans `config`; without a state dict (or with `values: false`) the plan has shapes but no weight contents. */
export function makePlan(config: MoleConfig, stateDict: StateDict | undefined, options: PlanOptions = {}): Plan {
  const withValues = stateDict !== undefined && options.values !== false;
  const lowered = lowerToIR(config, stateDict ?? shapeOnlyStateDict(config));
  const ir = withValues ? foldDLinear(deinterleaveHeads(lowered)) : lowered;
  let tiles = tileCounts(ir);
  const grid = config.target.grid;
  const formats = { activation: activationFormat(ir), weight: weightFormat(ir) };

  // One dispatch when the device has cores the experts do not use: the router runs there, in the same program.
  const deviceGrid = options.deviceGrid ?? grid;
  // With expert groups, each output tile's partial forecasts are split over a group of cores (an owner and its
  // helpers on free cores, expert-helpers.ts); only with activations and weights in DRAM. The owners then take at
  // most 1/groups of the device's cores (less one for the router with one program), so their helpers fit.
  const groups = options.expertGroups ?? config.sharding.expertGroups ?? 1;
  if (groups > 1 && (ir.sharding.strategy !== 'interleaved' || ir.sharding.weights !== 'dram')) {
    throw new MolegenError([{ code: 'MG3103', severity: 'error', message: `expert groups need interleaved activations and weights in DRAM (got ${ir.sharding.strategy}, weights in ${ir.sharding.weights})` }]);
  }
  const keepFree = options.dispatch === 'two programs' ? 0 : 1;
  const ownerCap = groups > 1 ? Math.max(1, Math.floor((deviceGrid[0] * deviceGrid[1] - keepFree) / groups)) : undefined;
  const expertCores = ownerCap === undefined ? options.expertCores : Math.min(ownerCap, options.expertCores ?? ownerCap);
  // with expert groups the owners' grid columns are spread apart so each one's helpers can sit beside it
  const expertsSplit = splitWork(tiles.seriesTiles, tiles.horizonTiles, grid, ir.sharding.strategy, expertCores, groups);
  const uncapped = expertCores === undefined ? expertsSplit.work.length : splitWork(tiles.seriesTiles, tiles.horizonTiles, grid, ir.sharding.strategy).work.length;
  const expertsWork = addExpertHelpers(expertsSplit.work, ir.shape.experts, groups, deviceGrid, keepFree);
  const spare = freeCores(deviceGrid, expertsWork);
  const fused = spare.length > 0 && options.dispatch !== 'two programs';
  // The router's per-row work units: the gates of each series-tile row, and with RevIN, as separate units (so they
  // can run on other cores in parallel), each row's statistics, interleaved — unit 2r is row r's gates, 2r + 1 its
  // statistics — so that cores with several units share the statistics, which the experts wait for first; each
  // core takes a contiguous run of units, i.e. a run of gates rows and a run of statistics rows.
  const St = tiles.seriesTiles;
  const unitSplit = fused ? splitRowsOver(ir.revin ? 2 * St : St, spare) : splitWork(ir.revin ? 2 * St : St, 1, deviceGrid, 'interleaved');
  const gatesOfUnits = ([a, b]: [number, number]): [number, number] => (ir.revin ? [Math.ceil(a / 2), Math.ceil(b / 2)] : [a, b]);
  const statsOfUnits = ([a, b]: [number, number]): [number, number] => (ir.revin ? [Math.floor(a / 2), Math.floor(b / 2)] : [0, 0]);
  const routerSplit = { work: unitSplit.work.map((w) => ({ ...w, rows: gatesOfUnits(w.rows) })) };
  const statsRows = unitSplit.work.map((w) => statsOfUnits(w.rows));
  const rowShapes = rowShapesOf(ir);
  let gatherTiles = 1;
  let rowLogitTiles = 0;
  for (let row = 0; row < tiles.seriesTiles; row++) {
    const needed = logitTilesOfRow(rowShapes, row).length;
    gatherTiles = Math.max(gatherTiles, needed);
    rowLogitTiles += needed;
  }
  const perRowExtraReads = tiles.hiddenTiles * (rowLogitTiles - tiles.batchTiles * tiles.logitTiles);
  const routerLogits: Plan['routerLogits'] =
    ir.router.input === 'stats'
      ? { kind: 'shared', why: 'the router reads window statistics, which its reader computes once per batch row' }
      : (options.routerLogits ?? (perRowExtraReads <= PER_ROW_EXTRA_WEIGHT_TILES ? 'per row' : 'shared')) === 'per row'
        ? { kind: 'per row', why: `each series-tile row computes the ${rowLogitTiles === tiles.seriesTiles ? 'logit tile' : 'logit tiles'} it needs (${tiles.hiddenTiles * rowLogitTiles} layer-2 weight tiles read over all rows, ${tiles.hiddenTiles * tiles.batchTiles * tiles.logitTiles} once shared): no DRAM round trip, no hand-off, no scalar gather` }
        : { kind: 'shared', why: `each logit tile once over the router cores (per row would read ${tiles.hiddenTiles * rowLogitTiles} layer-2 weight tiles instead of ${tiles.hiddenTiles * tiles.batchTiles * tiles.logitTiles})` };
  const perRow = routerLogits.kind === 'per row';
  const pipelined = options.pipelinedGates === true;
  if (pipelined) {
    const refusal = pipelinedGatesRefusal(ir, routerLogits.kind, ARCHS[config.target.arch].nocReadAlignment.l1);
    if (refusal) throw new MolegenError([{ code: 'MG3104', severity: 'error', message: `pipelined gates: ${refusal}` }]);
    // each core's rows are those of its logit tiles' channels; its layer-2 weights stream in larger blocks, which keep
    // the DRAM busy while compute forms a tile's gates
    routerSplit.work = routerSplit.work.map((w) => ({ ...w, rows: [St, St] }));
    tiles = { ...tiles, routerWeightBlock: pipelinedWeightBlock(tiles.hiddenTiles) };
    routerLogits.why += `; pipelined: each router core forms the gates of the channels its logit tiles hold right after each tile, in its own L1, while the next tile's layer-2 weights stream in (blocks of ${tiles.routerWeightBlock}) — no hand-off between the cores, no DRAM round trip`;
  }
  // Shared logits: every core the router may use computes some of them, not only the cores with series-tile rows
  // (the others have no gates or statistics rows) — reading layer 2 is most of the router's work. The cores without
  // rows come first, so that when the logit tiles are few they land there, beside the cores computing statistics.
  if (!perRow) {
    const taken = new Set(routerSplit.work.map((w) => `${w.x},${w.y}`));
    const rowless = (fused ? spare : freeCores(deviceGrid, [])).filter((c) => !taken.has(`${c.x},${c.y}`));
    routerSplit.work.unshift(...rowless.map((core) => ({ ...core, rows: [St, St] as [number, number], cols: [0, 1] as [number, number] })));
    statsRows.unshift(...rowless.map((): [number, number] => [St, St]));
  }
  const dispatch: Plan['dispatch'] = fused
    ? {
        kind: 'one program',
        why: `router on ${routerSplit.work.length} spare core${routerSplit.work.length === 1 ? '' : 's'} beside the experts' ${expertsWork.length}${groups > 1 ? ` (${expertsSplit.work.length} owning output tiles, each with ${groups - 1} helper${groups > 2 ? 's' : ''} computing some of the experts' partial forecasts)` : ''}${uncapped > expertsSplit.work.length ? ` (the experts could use ${uncapped}; fewer, with more tiles each, leave the router more cores)` : ''}: one launch per forward; ${foldsRevin(ir) ? 'the experts read their inputs and weights and form their partial forecasts of the raw inputs while the router computes, then wait on semaphores for its RevIN statistics (stats_ready) and gates (gates_ready)' : ir.revin ? `the experts read their inputs and weights while the router computes, normalise and form their partial forecasts once its RevIN statistics are in (stats_ready${options.statsFirst ? ': each router core computes its statistics rows before its logit tiles' : ''}), and mix once its gates are (gates_ready)` : 'the experts read their inputs and weights and form their partial forecasts while the router computes, then wait on a semaphore for its gates'}`,
      }
    : {
        kind: 'two programs',
        why:
          spare.length === 0
            ? `the experts use all ${deviceGrid[0] * deviceGrid[1]} cores, so the router runs first as its own program over the whole grid`
            : `the router runs first as its own program over all ${deviceGrid[0] * deviceGrid[1]} cores`,
      };
  const laidOut = layoutTensors(ir, tiles, withValues, routerLogits.kind);
  // Gates straight into the experts cores' L1 (GATES_RESIDENT): with one program, when the shards fit beside
  // everything else — with several column blocks, one copy of each row's gate tiles per block; with expert helpers
  // on the owners only (they mix; the helpers never read gates).
  const gatesWanted = options.gatesResident ?? fused;
  // The tensors a forward writes L1 interleaved rather than in DRAM: wanted unless the caller says no, kept when they fit.
  const perForwardWanted = options.perForwardInL1 ?? config.sharding.activations !== 'dram';
  // per-row logits never write the shared logits tensor: it stays in DRAM, taking no core's L1
  const unusedTensors: ReadonlySet<string> = new Set(perRow || pipelined ? ['logits'] : []);
  let placed = placeTensors(ir, tiles, laidOut, expertsSplit, gatesWanted, perForwardWanted, unusedTensors);
  // the router's buffers before the gather is known: with the logit tiles a scalar gather reads (the NoC gather needs fewer)
  let routerCbs = routerCircularBuffers(ir, tiles, formats.activation, gatherTiles, perRow, pipelined ? 'pipelined' : 'scalar');
  // The router's first phase: the [Bt × Zt] logit tiles over its cores, batch rows' hidden tiles shared (none per row).
  const { logitTiles, hiddenShare } = splitRouterLogits(perRow ? 0 : tiles.batchTiles, tiles.logitTiles, routerSplit.work.length);
  const shared = sharesWeightColumns(ir, tiles, expertsSplit, placed.resident !== undefined, TILE_BYTES[formats.weight], ARCHS[config.target.arch].l1BytesPerCore - L1_RESERVED_BYTES);
  const mostRows = Math.max(...expertsWork.map((w) => w.rows[1] - w.rows[0]));
  const usableL1 = ARCHS[config.target.arch].l1BytesPerCore - L1_RESERVED_BYTES;
  // L1-interleaved tensors spread their pages over one bank per worker core of the chip
  const l1Banks = deviceGrid[0] * deviceGrid[1];
  // The experts' buffers for partials of `rows` rows at a time, with the gates on their shard or streamed.
  const expertsCbs = (rows: number, gatesOnShard: boolean) =>
    expertsCircularBuffers(ir, tiles, formats, expertsSplit, placed.tensors, placed.resident, shared, groups, rows, gatesOnShard);
  // What does not fit goes back: first the per-forward tensors to DRAM (unless the config asks for L1: then the
  // budget check reports it), then the gates off the experts cores.
  const overBudget = (gatesOnShard: boolean): boolean =>
    l1TensorBytesPerCore(placed.tensors, l1Banks) + Math.max(cbBytes(routerCbs), cbBytes(expertsCbs(mostRows, gatesOnShard))) > usableL1;
  const perForwardFixed = config.sharding.activations === 'l1' && options.perForwardInL1 === undefined;
  const fallbacks: Array<[gates: boolean, perForward: boolean]> = [
    [gatesWanted, perForwardFixed],
    [false, perForwardWanted],
    [false, perForwardFixed],
  ];
  const gatesOnShard = (): boolean => placed.tensors.some((t) => t.name === 'gates' && isSharded(t.placement));
  for (const [gates, perForward] of fallbacks) {
    if (!overBudget(gatesOnShard())) break;
    placed = placeTensors(ir, tiles, laidOut, expertsSplit, gates, perForward, unusedTensors);
  }
  const perForwardInL1 = placed.tensors.some((t) => t.role !== 'weight' && isL1Interleaved(t.placement));
  // Shared logits gathered by the NoC (GATHER_BY_NOC) when every series' logits start where a NoC read may start:
  // other cores' L1 allows 16-byte offsets, DRAM 32 (Wormhole) or 64 (Blackhole).
  const logitsInL1 = placed.tensors.some((t) => t.name === 'logits' && isL1Interleaved(t.placement));
  const alignment = ARCHS[config.target.arch].nocReadAlignment;
  const gatherByNoc = !perRow && !pipelined && gathersByNoc(rowShapes, logitsInL1 ? alignment.l1 : alignment.dram);
  if (gatherByNoc) {
    routerCbs = routerCircularBuffers(ir, tiles, formats.activation, gatherTiles, perRow, 'by NoC');
    routerLogits.why += `; each series' ${ir.shape.experts} logits sit side by side in the logits (${logitsInL1 ? 'L1' : 'DRAM'}), so one NoC read per series moves them into its gates row`;
  }
  const gatesResident = gatesOnShard();
  const tensorBytes = l1TensorBytesPerCore(placed.tensors, l1Banks);
  // With one program, an experts core that owns several rows forms every row's partial forecasts before it waits
  // for any gates (PARTIALS_FIRST), so all of them — not only the first row's — overlap the router; its partials
  // and RevIN buffers then hold all its rows. Only without expert groups, and only when that fits in L1.
  const allRowsCbs = expertsCbs(mostRows, gatesResident);
  const partialsFirst = options.partialsFirst ?? (fused && groups === 1 && mostRows > 1 && cbBytes(allRowsCbs) + tensorBytes <= usableL1);
  const expertCbs = partialsFirst ? allRowsCbs : expertsCbs(1, gatesResident);
  const helpers = groups > 1 ? ['EXPERT_HELPERS'] : [];
  const first = partialsFirst ? ['PARTIALS_FIRST'] : [];
  // RLinear folds RevIN into the mixture (REVIN_FOLDED): partial forecasts of the raw inputs, statistics at the mixture
  const revin = ir.revin ? ['REVIN', ...(foldsRevin(ir) ? ['REVIN_FOLDED'] : [])] : [];
  // With RevIN the router's statistics rows come before its logit tiles (STATS_FIRST) or after them, before the gates.
  const routerRevin = ir.revin ? ['REVIN', ...(options.statsFirst ? ['STATS_FIRST'] : [])] : [];
  const mlp = ir.mlp ? ['RESIDUAL_MLP'] : [];
  const gatesPipelined = pipelined ? ['GATES_PIPELINED'] : [];
  const weightsResident = placed.resident || shared ? ['WEIGHTS_RESIDENT'] : [];
  // A column group on a rectangle of cores multicasts its slices (SHARE_MULTICAST) instead of one write per member.
  const sharedDefines = shared ? ['WEIGHTS_SHARED', ...(columnGroupsAreRectangles(expertsWork) ? ['SHARE_MULTICAST'] : [])] : [];
  const outResident = ir.sharding.strategy === 'interleaved' ? [] : ['OUT_RESIDENT'];
  const programs: ProgramPlan[] = [
    {
      name: 'router',
      unit: 'logit tiles of [batch × K·C], then one series-tile row: its gates (and RevIN statistics)',
      tileGrid: [tiles.seriesTiles, 1],
      work: routerSplit.work,
      logitTiles,
      hiddenShare,
      statsRows,
      circularBuffers: routerCbs,
      defines: {
        reader: [
          ...(ir.router.input === 'stats' ? ['STATS_FEATURES'] : []),
          ...routerRevin,
          ...(perRow ? ['PER_ROW_LOGITS', ...(batchesRowReads(tiles, gatherTiles, perRow) ? ['ROW_READS_BATCHED'] : [])] : gatherByNoc ? ['GATHER_BY_NOC'] : []),
          ...gatesPipelined,
        ],
        compute: [...routerRevin, ...(perRow ? ['PER_ROW_LOGITS'] : []), ...gatesPipelined],
        writer: [...routerRevin, ...(perRow ? ['PER_ROW_LOGITS'] : []), ...gatesPipelined, ...(fused ? ['SIGNAL_EXPERTS'] : [])],
      },
      l1BytesPerCore: cbBytes(routerCbs) + tensorBytes,
      // RevIN's statistics hold r = 1/σ, γ/σ and σ/(γ + 1e-10) in DST at once
      dstTilesUsed: ir.revin ? 3 : 1,
      dstCapacity: dstCapacity(true),
      fp32DestAcc: true,
    },
    {
      name: 'experts',
      unit: 'one 32×32 tile of the forecast [series × P]',
      tileGrid: [tiles.seriesTiles, tiles.horizonTiles],
      work: expertsWork,
      circularBuffers: expertCbs,
      defines: {
        reader: [...revin, ...mlp, ...(ir.individual ? ['PER_CHANNEL_WEIGHTS'] : []), ...(ir.sharding.strategy === 'height' ? ['X_RESIDENT'] : []), ...(placed.resident ? ['WEIGHTS_RESIDENT'] : []), ...sharedDefines, ...(fused ? ['WAIT_FOR_GATES'] : []), ...(gatesResident ? ['GATES_RESIDENT'] : []), ...helpers, ...first],
        compute: [...revin, ...mlp, ...weightsResident, ...outResident, ...helpers, ...first],
        writer: [...outResident, ...sharedDefines, ...helpers],
      },
      l1BytesPerCore: cbBytes(expertCbs) + tensorBytes,
      dstTilesUsed: 1,
      dstCapacity: dstCapacity(ir.numerics.fp32DestAcc),
      fp32DestAcc: ir.numerics.fp32DestAcc,
    },
  ];
  const l1 = l1Budget(config.target.arch, programs);
  const problems = options.checkBudget === false ? [] : checkBudget(l1, programs);
  if (problems.length > 0) throw new MolegenError(problems);

  return {
    name: config.name,
    arch: config.target.arch,
    kind: ir.kind,
    individual: ir.individual,
    routerInput: ir.router.input,
    grid,
    deviceGrid,
    sharding: ir.sharding,
    shape: ir.shape,
    numerics: ir.numerics,
    tiles,
    seriesLayout: seriesLayout(ir),
    logitLayout: deviceLogitLayout(ir.shape.experts),
    tensors: placed.tensors,
    programs,
    dispatch,
    routerLogits,
    l1,
    notes: planNotes(ir, config, perForwardInL1),
  };
}
