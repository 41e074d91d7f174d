// The plan cost model: counts checked by hand against the kernels, the properties a user relies on
// (more cores never slower when compute-bound, larger batch never fewer seq/s, never faster than
// the roofline bound), and the op-by-op baseline.

import { describe, expect, it } from 'vitest';
import { defineMoLE, experts, router, sharding, target, weights } from '../../dsl/index.ts';
import type { MoleConfig } from '../../dsl/config.ts';
import { CoreCounter } from '../../generator/cost/core-cost.ts';
import { DEVICES } from '../../generator/cost/device.ts';
import { modelOpByOp } from '../../generator/cost/op-by-op.ts';
import { modelPlan } from '../../generator/cost/plan-cost.ts';
import { makePlan } from '../../generator/plan/make-plan.ts';
import { TILE_BYTES } from '../../generator/plan/plan.ts';
import { logitTilesOfRow } from '../../generator/passes/router-rows.ts';
import { randomStateDict } from '../../reference/weights.ts';

interface Shape {
  K: number;
  C: number;
  L: number;
  P: number;
  B: number;
  grid: [number, number];
  arch?: 'wormhole' | 'blackhole';
  dtype?: 'bf16' | 'fp32';
  kind?: 'dlinear' | 'rlinear';
}

function config(s: Shape): MoleConfig {
  const t = s.arch === 'blackhole' ? target.blackhole : target.wormhole;
  return defineMoLE({
    name: `cost-k${s.K}-c${s.C}-l${s.L}-p${s.P}-b${s.B}`,
    input: { seqLen: s.L, channels: s.C, freq: 'h' },
    predLen: s.P,
    batch: s.B,
    experts: s.kind === 'rlinear' ? experts.rlinear({ count: s.K }) : experts.dlinear({ count: s.K }),
    router: router.mlp({ input: 'time' }),
    target: t({ grid: s.grid, dtype: s.dtype ?? 'bf16', ...(s.dtype === 'fp32' ? { fp32DestAcc: true } : {}) }),
    weights: weights.random({ seed: 1 }),
  });
}

const planOf = (s: Shape) => {
  const c = config(s);
  return makePlan(c, randomStateDict(c, 1));
};

type Cost = ReturnType<typeof modelPlan>;
type Counts = Cost['programs'][number]['cores'][number];

/** What experts core `i` does in the whole forward: its parts before the gates (and, with RevIN, after the statistics) plus its part after. */
function expertsCore(cost: Cost, i: number): Counts {
  const parts = cost.programs.filter((p) => p.name.startsWith('experts ')).map((p) => p.cores[i]!);
  const sum = { ...parts[0]! };
  for (const part of parts.slice(1)) {
    for (const key of Object.keys(sum) as Array<keyof Counts>) {
      if (typeof sum[key] === 'number' && key !== 'x' && key !== 'y' && key !== 'l1Bytes') (sum[key] as number) += part[key] as number;
    }
  }
  return sum;
}

describe('FPU element-wise ops', () => {
  // tt-llk tt_llk_wormhole_b0/llk_lib/llk_math_eltwise_binary.h: only the ELWMUL MOP loops over NUM_FIDELITY_PHASES.
  const device = DEVICES.wormhole_b0;
  const cycles = (op: 'mul' | 'add', fidelity: 'LoFi' | 'HiFi4', aBytes = 0): number => {
    const core = new CoreCounter(device, 0, 0, 0);
    core.eltwise(10, aBytes, 2048, fidelity, op);
    return core.counts.computeCycles;
  };
  it('ELWMUL pays one pass per fidelity phase, ELWADD/ELWSUB one pass at any fidelity', () => {
    expect(cycles('add', 'HiFi4')).toBe(cycles('add', 'LoFi'));
    expect(cycles('mul', 'HiFi4')).toBeCloseTo((10 * 4 * device.eltwiseCyclesPerPhase.value) / device.mathEfficiency.value);
    expect(cycles('mul', 'HiFi4')).toBeGreaterThan(cycles('add', 'HiFi4'));
  });
  it('an op reusing DST unpacks one tile, not two', () => {
    const core = new CoreCounter(device, 0, 0, 0);
    core.eltwise(3, 0, 2048, 'LoFi', 'add');
    core.eltwise(2, 2048, 2048, 'LoFi', 'add');
    expect(core.counts.tilesUnpacked).toBe(3 + 2 * 2);
    // a single bf16 tile unpacks faster than two: the one-operand op is never slower
    expect(cycles('add', 'LoFi', 0)).toBeLessThan(cycles('add', 'LoFi', 2048));
  });
});

describe('counts follow the kernels', () => {
  // Lt = the plan's input tiles; kernels that stream the bias as its own tile read one more tile per
  // output tile (and have a 'bias' circular buffer); older ones carry it as an extra input column.
  const biasTile = (plan: ReturnType<typeof planOf>): number =>
    plan.programs.find((p) => p.name === 'experts')!.circularBuffers.some((cb) => cb.name === 'bias') ? 1 : 0;

  it('ETTh1 shape (K=4, L=336, P=96, C=7, B=32) on 8×8: one output tile per experts core', () => {
    const plan = planOf({ K: 4, C: 7, L: 336, P: 96, B: 32, grid: [8, 8] });
    const cost = modelPlan(plan);
    // 224 series → 7 series tiles; 96 → 3 horizon tiles; 21 output tiles on 21 cores.
    expect(cost.programs.find((p) => p.name === 'experts partials')!.cores.length).toBe(21);
    const core = expertsCore(cost, 0);
    const Lt = plan.tiles.inputTiles;
    expect(Lt).toBe(11); // 336 steps (+ a bias column in older layouts) → 11 tiles either way
    const bias = biasTile(plan);
    // Per output tile: K·Lt = 44 matmuls for the K partial forecasts (one pack each), then the mixture:
    // the bias matmul (gate matrix × bias tile) and one matmul per expert with its diagonal gate tile.
    // No gate scaling of the inputs.
    expect(core.matmulTiles).toBe(44 + 1 + 4);
    expect(core.eltwiseTiles).toBe(0);
    expect(core.tilesPacked).toBe(4 + 1);
    // Reads: Lt x tiles + this core's half of its slice of its column's weights: the 7 cores of horizon column 0
    // share its K·Lt + 1 = 45 weight tiles, core i reading slots [⌊45·i/7⌋, ⌊45·(i+1)/7⌋) from DRAM — 6 for core 0:
    // 3 by the reader, 3 by the writer on the other NoC — and multicasting them to the column (its cores fill a
    // grid column). No gate tiles: the router writes them into this core's L1 (GATES_RESIDENT). No logits: the
    // experts reader no longer computes gates.
    const reader = plan.programs.find((p) => p.name === 'experts')!.defines.reader;
    expect(reader).toEqual(expect.arrayContaining(['WEIGHTS_SHARED', 'SHARE_MULTICAST', 'GATES_RESIDENT']));
    expect(core.tilesRead).toBe(11 + 3);
    // Barriers: the weight slice from DRAM (the x row's reads ride on it); then the exchange waits on the other
    // cores, not on DRAM: the ready round, the multicast's acknowledgement, the filled round.
    expect(core.readBarriers).toBe(1);
    expect(core.readSyncs).toBe(3);
    expect(core.tilesWritten).toBe(1);
    expect(core.readerScalarCycles).toBe(0);
    // DRAM bytes: all bf16 tiles (2048) — the weight slice; the x row comes from other cores' L1 (the inputs are
    // L1 interleaved).
    expect(core.dramReadBytes).toBe(6 * 2048);
    expect(core.l1ReadBytes).toBe(11 * 2048);
  });

  it('with expert groups an owner forms only its experts\' partials and mixes all K; a helper forms its own and writes no output', () => {
    const c = config({ K: 4, C: 7, L: 336, P: 96, B: 1, grid: [8, 8] });
    const plan = makePlan(c, randomStateDict(c, 1), { expertGroups: 2 });
    const work = plan.programs.find((p) => p.name === 'experts')!.work;
    const cost = modelPlan(plan);
    const owner = work.findIndex((w) => w.experts![0] === 0);
    const helper = work.findIndex((w) => w.experts![0] === 2);
    expect(work[helper]!.rows).toEqual(work[owner]!.rows);
    // owner: experts 0..1 → 2·Lt matmuls for its partials, then the bias matmul and one per expert (K = 4)
    expect(expertsCore(cost, owner).matmulTiles).toBe(2 * 11 + 1 + 4);
    expect(expertsCore(cost, owner).tilesWritten).toBe(1);
    // helper: experts 2..3 → 2·Lt matmuls and their two packs, nothing written to DRAM
    expect(expertsCore(cost, helper).matmulTiles).toBe(2 * 11);
    expect(expertsCore(cost, helper).tilesPacked).toBe(2);
    expect(expertsCore(cost, helper).tilesWritten).toBe(0);
  });

  it('a core owning a whole series row reads x and the gates once for the row, its weight columns once', () => {
    const plan = planOf({ K: 2, C: 1, L: 96, P: 96, B: 1, grid: [1, 1] });
    const core = expertsCore(modelPlan(plan), 0);
    const Lt = plan.tiles.inputTiles;
    expect(Lt).toBe(3);
    // Pt = 3, one series row: 3 output tiles.
    expect(core.eltwiseTiles).toBe(0);
    expect(core.matmulTiles).toBe(3 * (2 * Lt + 2 + 1)); // per output tile: partials, the K gate matmuls and the bias matmul
    // x row, K + 1 gate tiles, and all 3 weight columns (K·Lt expert rows and the bias row, 21 tiles) once — a
    // group of one; the reader moves 10 of them, the writer 11
    expect(core.tilesRead).toBe(Lt + (2 + 1) + 10);
    // the weights from DRAM; the x row and the gates from L1 (the tensors a forward writes are L1 interleaved)
    expect(core.dramReadBytes).toBe(3 * (2 * Lt + 1) * 2048);
    expect(core.l1ReadBytes).toBe((Lt + (2 + 1)) * 2048);
  });
});

describe('partial forecasts before the gates (PARTIALS_FIRST)', () => {
  // 11 channels × 32 samples = 11 series-tile rows over 2 experts cores of a 2×2 grid (one program): several rows each.
  const shape: Shape = { K: 4, C: 11, L: 96, P: 32, B: 32, grid: [2, 2] };
  const experts = (plan: ReturnType<typeof planOf>) => plan.programs.find((p) => p.name === 'experts')!;
  const c = config(shape);
  const first = makePlan(c, randomStateDict(c, 1), { expertCores: 2 });
  const rowByRow = makePlan(c, randomStateDict(c, 1), { expertCores: 2, partialsFirst: false });

  it('is planned for one program whose experts cores own several rows, with buffers for all their rows', () => {
    expect(first.dispatch.kind).toBe('one program');
    expect(experts(first).defines.compute).toContain('PARTIALS_FIRST');
    expect(experts(first).defines.reader).toContain('PARTIALS_FIRST');
    expect(experts(rowByRow).defines.compute).not.toContain('PARTIALS_FIRST');
    const rows = Math.max(...experts(first).work.map((w) => w.rows[1] - w.rows[0]));
    expect(rows).toBeGreaterThan(1);
    const partials = (plan: ReturnType<typeof planOf>) => experts(plan).circularBuffers.find((b) => b.name === 'partials')!.pages;
    expect(partials(first)).toBe(rows * partials(rowByRow));
  });

  it('moves every row\'s partial forecasts before the gates, not only the first row\'s, and is modeled no slower', () => {
    const cost = modelPlan(first);
    const before = cost.programs.find((p) => p.name === 'experts partials')!;
    const after = cost.programs.find((p) => p.name === 'experts mixture')!;
    const work = experts(first).work;
    const Lt = first.tiles.inputTiles;
    work.forEach((w, i) => {
      const tiles = (w.rows[1] - w.rows[0]) * (w.cols[1] - w.cols[0]);
      // before the gates: K·Lt matmuls per output tile; after: K + 1 per output tile (the mixture)
      expect(before.cores[i]!.matmulTiles).toBe(tiles * shape.K * Lt);
      expect(after.cores[i]!.matmulTiles).toBe(tiles * (shape.K + 1));
    });
    expect(cost.seconds).toBeLessThanOrEqual(modelPlan(rowByRow).seconds);
  });
});

describe('properties', () => {
  it('more cores never slower while the plan is bound by per-core work, not by shared DRAM or launches', () => {
    // Under this model molegen's kernels are rarely limited by the FPU alone: a core streams K·Lt weight
    // tiles per output tile and computes gates in scalar code per row. The issue's property is checked
    // where it must hold: while the slowest program is limited by its busiest core (compute or that
    // core's own reader/writer streams), spreading rows over more cores never makes it slower. Once the
    // chip's DRAM or the fixed launch cost limits it, more cores may re-read more (each core loads its
    // own x rows) and the model is allowed to say so.
    const grids: Array<[number, number]> = [[1, 1], [2, 1], [2, 2], [3, 2], [4, 2], [4, 4], [8, 4], [8, 8], [13, 10]];
    let checked = 0;
    for (const shape of [{ K: 4, C: 1, L: 1504, P: 64, B: 512 }, { K: 2, C: 1, L: 3008, P: 32, B: 1024 }]) {
      for (const arch of ['wormhole', 'blackhole'] as const) {
        let previous: number | undefined;
        for (const grid of grids) {
          if (arch === 'wormhole' && (grid[0] > 8 || grid[1] > 8)) continue;
          const cost = modelPlan(planOf({ ...shape, grid, arch }));
          const experts = cost.programs.filter((p) => p.name.startsWith('experts')).reduce((a, b) => (b.cycles > a.cycles ? b : a));
          if (experts.limiter === 'chip DRAM bandwidth' || experts.limiter === 'program launch') break;
          if (previous !== undefined) expect(cost.seconds).toBeLessThanOrEqual(previous * (1 + 1e-9));
          previous = cost.seconds;
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(16); // the property was exercised, not skipped
  });

  it('larger batch never gives fewer seq/s', () => {
    for (const shape of [{ K: 4, C: 7, L: 336, P: 96 }, { K: 8, C: 1, L: 96, P: 24 }, { K: 2, C: 21, L: 50, P: 7 }]) {
      for (const arch of ['wormhole', 'blackhole'] as const) {
        let previous = 0;
        for (const B of [1, 2, 4, 8, 16, 32, 64]) {
          const cost = modelPlan(planOf({ ...shape, B, grid: arch === 'blackhole' ? [13, 10] : [8, 8], arch }));
          expect(cost.seqPerSecond).toBeGreaterThanOrEqual(previous * (1 - 1e-9));
          previous = cost.seqPerSecond;
        }
      }
    }
  });

  it('modeled time is never below the roofline bound', () => {
    for (const grid of [[1, 1], [2, 2], [8, 8]] as Array<[number, number]>) {
      for (const K of [1, 4, 8]) {
        const cost = modelPlan(planOf({ K, C: 7, L: 336, P: 96, B: 32, grid }));
        expect(cost.seconds).toBeGreaterThanOrEqual(cost.roofline.seconds);
        expect(cost.ratioToBound).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it("the bound's bytes are the model's tensors, not the layouts molegen's kernels add", () => {
    // Doubling the experts adds their weights (and the router's, whose hidden width grows with K) and nothing else:
    // the gate matrix stays one tile per series row (K ≤ 32), whatever diagonal gate tiles the mixture multiplies by;
    // RLinear's RevIN adds γ and β per channel, not a γ, β, 1/(γ + 1e-10) tile set per series row.
    const tileBytes = (plan: ReturnType<typeof planOf>, name: string): number => {
      const t = plan.tensors.find((x) => x.name === name)!;
      return (t.rows / 32) * (t.cols / 32) * TILE_BYTES[t.format];
    };
    for (const kind of ['dlinear', 'rlinear'] as const) {
      const shape: Shape = { K: 4, C: 21, L: 336, P: 96, B: 32, grid: [8, 8], kind };
      const four = planOf(shape);
      const eight = planOf({ ...shape, K: 8 });
      const grown = modelPlan(eight).roofline.minBytes - modelPlan(four).roofline.minBytes;
      const weightsGrown = ['expert_weights', 'router_w0', 'router_w2'].reduce((sum, name) => sum + tileBytes(eight, name) - tileBytes(four, name), 0);
      expect(grown).toBe(weightsGrown);
    }
    const rlinear = planOf({ K: 4, C: 21, L: 336, P: 96, B: 32, grid: [8, 8], kind: 'rlinear' });
    const dlinear = planOf({ K: 4, C: 21, L: 336, P: 96, B: 32, grid: [8, 8], kind: 'dlinear' });
    const named = (plan: ReturnType<typeof planOf>) => plan.tensors.filter((t) => t.name !== 'revin_rows' && t.role !== 'intermediate').map((t) => t.name).sort();
    expect(named(rlinear)).toEqual(named(dlinear));
    for (const name of named(rlinear)) expect(rlinear.tensors.find((t) => t.name === name)!.placement.memory).toBe(dlinear.tensors.find((t) => t.name === name)!.placement.memory);
    // (RLinear's expert weights carry one more tile row per horizon tile, 1ᵀW_k for the folded RevIN)
    const revinBytes = modelPlan(rlinear).roofline.minBytes - modelPlan(dlinear).roofline.minBytes - (tileBytes(rlinear, 'expert_weights') - tileBytes(dlinear, 'expert_weights'));
    expect(revinBytes).toBe(4096); // one fp32 tile: 21 channels' γ and β
  });

  it('a plan far from its bound names the limiter in its reason', () => {
    const cost = modelPlan(planOf({ K: 4, C: 7, L: 336, P: 96, B: 32, grid: [8, 8] }));
    if (cost.ratioToBound > 1.25) expect(cost.reason).toMatch(/limited by (reader scalar code|reader DRAM latency|reader core-to-core waits|reader NoC transfers|chip DRAM bandwidth|program launch|compute|writer)/);
    else expect(cost.reason).toMatch(/within 1.25×/);
  });

  it('with one program the limiter named is on the critical path, not a part that overlaps a longer one', () => {
    // RMLP with RevIN (weather's shape and split): its time-MLP needs normalised inputs, so the experts wait for
    // the statistics, then normalise and form partials
    const c = defineMoLE({
      name: 'cost-critical-revin',
      input: { seqLen: 336, channels: 21, freq: 'h' },
      predLen: 96,
      batch: 32,
      experts: experts.rmlp({ count: 4 }),
      router: router.mlp({ input: 'time' }),
      target: target.wormhole({ grid: [8, 8] }),
      sharding: sharding.interleaved(),
      weights: weights.random({ seed: 1 }),
    });
    const cost = modelPlan(makePlan(c, randomStateDict(c, 1), { routerLogits: 'shared', expertCores: 42 }));
    expect(cost.timeline).toMatch(/from the statistics \(in at/);
    const gates = cost.programs.find((p) => p.name === 'router gates')!;
    const normalised = cost.programs.find((p) => p.name === 'experts normalised partials')!;
    // the chain: statistics in, then the normalised partials, then the mixture — longer than the whole router
    const routerSeconds = cost.programs.filter((p) => p.name.startsWith('router')).reduce((sum, p) => sum + p.deviceCycles - p.fixedCycles, 0) / cost.device.clockHz.value;
    expect(cost.critical.seconds + (normalised.deviceCycles - normalised.fixedCycles) / cost.device.clockHz.value).toBeGreaterThan(routerSeconds);
    expect(['router statistics', 'experts normalised partials']).toContain(cost.critical.name);
    expect(cost.limiter).not.toContain(gates.name);
    if (cost.critical.name === 'router statistics') expect(cost.reason).toMatch(/limited by the RevIN statistics — .* in, at \d+\.\d µs/);
  });

  it('RLinear folds RevIN into the mixture: its partial forecasts do not wait for the statistics, its mixture does', () => {
    const shape = (kind: 'rlinear' | 'rmlp') =>
      defineMoLE({
        name: `cost-folded-${kind}`,
        input: { seqLen: 336, channels: 21, freq: 'h' },
        predLen: 96,
        batch: 32,
        experts: kind === 'rlinear' ? experts.rlinear({ count: 4 }) : experts.rmlp({ count: 4 }),
        router: router.mlp({ input: 'time' }),
        target: target.wormhole({ grid: [8, 8] }),
        sharding: sharding.interleaved(),
        weights: weights.random({ seed: 1 }),
      });
    const options = { routerLogits: 'shared', expertCores: 42 } as const;
    const rlinear = makePlan(shape('rlinear'), randomStateDict(shape('rlinear'), 1), options);
    const experts_ = rlinear.programs.find((p) => p.name === 'experts')!;
    expect(experts_.defines.compute).toEqual(expect.arrayContaining(['REVIN', 'REVIN_FOLDED']));
    const cost = modelPlan(rlinear);
    expect(cost.programs.some((p) => p.name === 'experts normalised partials')).toBe(false);
    expect(cost.timeline).not.toMatch(/from the statistics/);
    // per output tile K + 2 matmuls (the diagonal gate tiles, (G⊙u)·S, G·B) where RMLP's mixture has K + 1
    const mixture = cost.programs.find((p) => p.name === 'experts mixture')!;
    const busiest = [...mixture.cores].sort((a, b) => b.matmulTiles - a.matmulTiles)[0]!;
    const tiles = busiest.tilesWritten;
    expect(busiest.matmulTiles).toBe(tiles * (4 + 2));
    // RMLP keeps the normalise-first chain, and the same shape with it is slower to its partial forecasts
    const rmlp = makePlan(shape('rmlp'), randomStateDict(shape('rmlp'), 1), options);
    expect(rmlp.programs.find((p) => p.name === 'experts')!.defines.compute).not.toContain('REVIN_FOLDED');
    expect(modelPlan(rmlp).programs.some((p) => p.name === 'experts normalised partials')).toBe(true);
  });

  it('the compute-work floor is the compute of every core spread over the device, and no plan is modeled faster than it', () => {
    const shapes: Shape[] = [
      { K: 4, C: 7, L: 336, P: 96, B: 32, grid: [8, 8] },
      { K: 4, C: 21, L: 336, P: 96, B: 32, grid: [8, 8], kind: 'rlinear' },
      { K: 8, C: 321, L: 96, P: 96, B: 8, grid: [8, 8] },
      { K: 2, C: 1, L: 64, P: 32, B: 1, grid: [2, 2] },
    ];
    for (const shape of shapes) {
      const cost = modelPlan(planOf(shape));
      const clock = cost.device.clockHz.value;
      const compute = (prefix: string) =>
        cost.programs.filter((p) => p.name.startsWith(prefix)).flatMap((p) => p.cores).reduce((sum, c) => sum + c.computeCycles, 0) / clock;
      expect(cost.workFloor.routerCoreSeconds).toBeCloseTo(compute('router'), 12);
      expect(cost.workFloor.expertsCoreSeconds).toBeCloseTo(compute('experts'), 12);
      expect(cost.workFloor.cores).toBe(shape.grid[0] * shape.grid[1]);
      expect(cost.workFloor.seconds).toBeCloseTo(cost.roofline.launchSeconds + (compute('router') + compute('experts')) / cost.workFloor.cores, 12);
      expect(cost.seconds).toBeGreaterThanOrEqual(cost.workFloor.seconds);
    }
  });

  it('a per-row router core whose row fits its buffers reads it under two DRAM barriers, not one per layer-1 column and logit tile', () => {
    const make = (hidden: number) =>
      defineMoLE({
        name: `cost-row-reads-${hidden}`,
        input: { seqLen: 336, channels: 21, freq: 'h' },
        predLen: 96,
        batch: 1,
        experts: experts.rlinear({ count: 4 }),
        router: router.mlp({ input: 'time', hidden }),
        target: target.wormhole({ grid: [8, 8] }),
        sharding: sharding.interleaved(),
        weights: weights.random({ seed: 1 }),
      });
    const gatesCore = (hidden: number) => {
      const c = make(hidden);
      const plan = makePlan(c, randomStateDict(c, 1), { routerLogits: 'per row' });
      const router = plan.programs.find((p) => p.name === 'router')!;
      const cost = modelPlan(plan);
      const gates = cost.programs.find((p) => p.name === 'router gates')!;
      const i = router.work.findIndex((w) => w.rows[1] > w.rows[0]);
      return { plan, router, core: gates.cores[i]!, needed: 3 };
    };
    // 84 hidden units: 3 hidden tiles, 3 logit tiles (84 logits) — 9 layer-2 tiles fit one buffer
    const small = gatesCore(84);
    expect(small.router.defines.reader).toContain('ROW_READS_BATCHED');
    const w2 = small.router.circularBuffers.find((b) => b.name === 'w2')!;
    expect(w2.pages).toBeGreaterThanOrEqual(small.needed * small.plan.tiles.hiddenTiles);
    expect(small.core.readBarriers).toBe(2);
    // 600 hidden units: 19 hidden tiles, too many for one buffer — a barrier per layer-1 column and per layer-2 block
    const large = gatesCore(600);
    expect(large.router.defines.reader).not.toContain('ROW_READS_BATCHED');
    const t = large.plan.tiles;
    expect(large.core.readBarriers).toBe(t.hiddenTiles + large.needed * Math.ceil(t.hiddenTiles / t.routerWeightBlock));
  });

  it("a router core's writer reads its constant and selector tiles on its own NoC; its reader moves only the rows' inputs", () => {
    // ETTh1's per-row router (router_writer.cpp step 0): the four constant tiles a gates row uses (fp32) and the K
    // selectors with the identity (bf16), from the router constants in other cores' L1, under one barrier
    const c = defineMoLE({
      name: 'cost-consts-on-writer', input: { seqLen: 336, channels: 7, freq: 'h' }, predLen: 96, batch: 32,
      experts: experts.dlinear({ count: 4 }), router: router.mlp({ input: 'time' }),
      target: target.wormhole({ grid: [8, 8] }), sharding: sharding.interleaved(), weights: weights.random({ seed: 1 }),
    });
    const plan = makePlan(c, randomStateDict(c, 1), { routerLogits: 'per row' });
    const routerProgram = plan.programs.find((p) => p.name === 'router')!;
    const i = routerProgram.work.findIndex((w) => w.rows[1] - w.rows[0] === 1);
    const core = modelPlan(plan).programs.find((p) => p.name === 'router gates')!.cores[i]!;
    const device = DEVICES.wormhole_b0;
    const transfer = (tiles: number, bytes: number) => tiles * (device.nocIssueCycles.value + bytes / device.nocBytesPerCycle.value);
    const constantCycles = transfer(4, 4096) + transfer(4 + 1, 2048);
    // the writer: those reads, its waits for them and for its gate writes, and the gate tiles it sends
    expect(core.writerTransferCycles).toBeGreaterThanOrEqual(constantCycles);
    const writerOnly = new CoreCounter(device, 0, 0, 0);
    writerOnly.writerReadBlock(4, 4096, 'l1', false);
    writerOnly.writerReadBlock(5, 2048, 'l1');
    expect(writerOnly.counts.writerTransferCycles).toBe(constantCycles);
    expect(writerOnly.counts.writeSyncs).toBe(1);
    expect(writerOnly.counts.dramReadBytes).toBe(0);
    expect(writerOnly.counts.readerTransferCycles).toBe(0);
    // the reader: its row's features and layer-1 columns, and per logit tile the row needs its gather mask, its
    // selection and its layer-2 column — all fp32, no constants
    const t = plan.tiles;
    const needed = logitTilesOfRow(plan, routerProgram.work[i]!.rows[0]).length;
    const rowTiles = t.featureTiles + t.hiddenTiles * t.featureTiles + needed * (2 + t.hiddenTiles);
    expect(core.tilesRead).toBe(rowTiles);
    expect(core.readerTransferCycles).toBe(transfer(rowTiles, 4096));
  });

  it('a router core with pipelined gates forms its logit tiles\' gates as it goes: one part, no logits round trip, no earlier than its last read plus its last tile\'s gates', () => {
    // electricity's shape at batch 32: channel-major rows (one channel's 32 samples), K = 8, so each logit tile holds
    // 4 channels' logits and each gates row's all in one tile
    const c = defineMoLE({
      name: 'cost-gates-pipelined', input: { seqLen: 336, channels: 321, freq: 'h' }, predLen: 96, batch: 32,
      experts: experts.dlinear({ count: 8 }), router: router.mlp({ input: 'time', topK: 2 }),
      target: target.wormhole({ grid: [8, 8] }), sharding: sharding.interleaved(), weights: weights.random({ seed: 1 }),
    });
    const options = { values: false, routerLogits: 'shared', expertCores: 44 } as const;
    const handOff = makePlan(c, undefined, options);
    const pipelined = makePlan(c, undefined, { ...options, pipelinedGates: true });
    expect(pipelined.seriesLayout.kind).toBe('channel-major');
    const routerProgram = pipelined.programs.find((p) => p.name === 'router')!;
    expect(routerProgram.work.every((w) => w.rows[1] === w.rows[0])).toBe(true); // the rows come with the logit tiles
    const before = modelPlan(handOff);
    const after = modelPlan(pipelined);
    expect(before.programs.map((p) => p.name)).toEqual(expect.arrayContaining(['router logits', 'router gates']));
    const part = after.programs.find((p) => p.name === 'router logits and gates')!;
    expect(after.programs.some((p) => p.name === 'router gates')).toBe(false);
    // the same gates work, on the same cores: every gates row once
    const t = pipelined.tiles;
    const gatesOps = (cores: Counts[]) => cores.reduce((sum, core) => sum + core.sfpuTiles, 0);
    const handOffRouter = before.programs.filter((p) => p.name.startsWith('router')).flatMap((p) => p.cores);
    expect(gatesOps(part.cores)).toBe(gatesOps(handOffRouter));
    // no logits written to DRAM and read back (whole fp32 tiles out, each series' K logits in by the NoC gather)
    const dram = (cores: Counts[]) => cores.reduce((sum, core) => sum + core.dramReadBytes + core.dramWriteBytes, 0);
    expect(handOff.programs.find((p) => p.name === 'router')!.defines.reader).toContain('GATHER_BY_NOC');
    expect(dram(handOffRouter) - dram(part.cores)).toBe(t.batchTiles * t.logitTiles * 4096 + 32 * 321 * 8 * 4);
    // each core ends no earlier than its last layer-2 read (or the chip's DRAM) plus its last tile's gates
    for (const core of part.cores) {
      if (core.tilesRead === 0) continue;
      expect(core.tailCycles).toBeGreaterThan(0);
      expect(part.coreCycles).toBeGreaterThanOrEqual(Math.max(core.readerCycles, part.dramCycles) + core.tailCycles!);
    }
    expect(after.seconds).toBeLessThan(before.seconds);
  });

  it('refuses pipelined gates where a row\'s logits would come from several tiles or not in whole NoC words (MG3104)', () => {
    const make = (batch: number, K: number, revin = false) =>
      defineMoLE({
        name: `cost-pipelined-refused-${batch}-${K}`, input: { seqLen: 96, channels: 21, freq: 'h' }, predLen: 24, batch,
        experts: revin ? experts.rlinear({ count: K }) : experts.dlinear({ count: K }), router: router.mlp({ input: 'time' }),
        target: target.wormhole({ grid: [8, 8] }), sharding: sharding.interleaved(), weights: weights.random({ seed: 1 }),
      });
    const plan = (c: MoleConfig) => () => makePlan(c, undefined, { values: false, routerLogits: 'shared', pipelinedGates: true });
    expect(plan(make(8, 4))).toThrow(/MG3104.*channel-major/); // sample-major rows mix channels
    expect(plan(make(32, 3))).toThrow(/MG3104.*straddle/);
    expect(plan(make(32, 2))).toThrow(/MG3104.*16-byte/); // the gather's NoC reads need whole 16-byte words
    expect(plan(make(32, 4, true))).toThrow(/MG3104.*RevIN/);
    expect(plan(make(32, 4))).not.toThrow();
  });

  it('Blackhole is modeled faster than Wormhole for the same model', () => {
    const shape = { K: 4, C: 7, L: 336, P: 96, B: 32 };
    const wh = modelPlan(planOf({ ...shape, grid: [8, 8], arch: 'wormhole' }));
    const bh = modelPlan(planOf({ ...shape, grid: [13, 10], arch: 'blackhole' }));
    expect(bh.seconds).toBeLessThan(wh.seconds);
  });
});

describe('op-by-op baseline', () => {
  it('runs five programs, each with its own launch and DRAM round trip', () => {
    const plan = planOf({ K: 4, C: 7, L: 336, P: 96, B: 32, grid: [8, 8] });
    const baseline = modelOpByOp(plan);
    expect(baseline.programs.map((p) => p.name)).toEqual(['router layer 1', 'router layer 2', 'softmax', 'expert matmul', 'mixing']);
    for (const program of baseline.programs) expect(program.dramBytes).toBeGreaterThan(0);
    // at least five launches: never faster than five times the fixed cost of a program
    const launch = baseline.programs[0]!.cycles - Math.max(baseline.programs[0]!.coreCycles, baseline.programs[0]!.dramCycles);
    expect(baseline.seconds * 1e9).toBeGreaterThanOrEqual((5 * launch) / 1); // cycles at 1 GHz
  });
});
