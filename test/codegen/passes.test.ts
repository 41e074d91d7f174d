// Unit tests of the code generator's passes and emitter: each checks a property a user relies on
// (the fold is exact, the tile layout puts every weight where the kernels read it, every output
// tile is owned by exactly one core, the output is deterministic, L1 overflow is refused).

import { describe, expect, it } from 'vitest';
import { defineMoLE, experts, router, target, weights } from '../../dsl/index.ts';
import type { MoleConfig } from '../../dsl/config.ts';
import { MolegenError } from '../../generator/diagnostics.ts';
import { emitProject } from '../../generator/emit/project.ts';
import { bf16Bits, encodeTiles, tileElementOffset } from '../../generator/emit/tile-encoding.ts';
import { lowerToIR } from '../../generator/ir/lower.ts';
import { deinterleaveHeads } from '../../generator/passes/deinterleave-heads.ts';
import { foldDLinear } from '../../generator/passes/fold-dlinear.ts';
import { layoutTensors, tileCounts } from '../../generator/passes/layout-tensors.ts';
import { splitWork } from '../../generator/passes/split-work.ts';
import { makePlan } from '../../generator/plan/make-plan.ts';
import { forward } from '../../reference/forward.ts';
import { createRandom } from '../../reference/random.ts';
import { randomStateDict } from '../../reference/weights.ts';

function dlinear(overrides: { K?: number; C?: number; L?: number; P?: number; B?: number; grid?: [number, number] } = {}): MoleConfig {
  return defineMoLE({
    name: 'unit',
    input: { seqLen: overrides.L ?? 40, channels: overrides.C ?? 3, freq: 'h' },
    predLen: overrides.P ?? 9,
    batch: overrides.B ?? 2,
    experts: experts.dlinear({ count: overrides.K ?? 3, kernelSize: 5 }),
    router: router.mlp({ input: 'time' }),
    target: target.wormhole({ grid: overrides.grid ?? [2, 2] }),
    weights: weights.random({ seed: 7 }),
  });
}

describe('lowering passes', () => {
  it('deinterleaves heads: expert k owns official rows p*K + k', () => {
    const config = dlinear({ K: 3, P: 4 });
    const sd = randomStateDict(config, 1);
    const ir = deinterleaveHeads(lowerToIR(config, sd));
    if (ir.experts.stage !== 'per-expert-dlinear') throw new Error('wrong stage');
    const packed = sd.get('Linear_Seasonal.weight')!;
    const L = config.input.seqLen;
    const set = ir.experts.sets[0]!;
    for (let k = 0; k < 3; k++) {
      for (let p = 0; p < 4; p++) {
        const official = packed.data.subarray((p * 3 + k) * L, (p * 3 + k + 1) * L);
        expect(Array.from(set[k]!.seasonal.weight.data.subarray(p * L, (p + 1) * L))).toEqual(Array.from(official));
        expect(set[k]!.seasonal.bias[p]).toBe(sd.get('Linear_Seasonal.bias')!.data[p * 3 + k]);
      }
    }
  });

  it('the folded per-expert linear maps reproduce the fp64 model to 1e-12', () => {
    const config = dlinear({ K: 3, C: 2, L: 30, P: 5, B: 3 });
    const sd = randomStateDict(config, 3);
    const ir = foldDLinear(deinterleaveHeads(lowerToIR(config, sd)));
    if (ir.experts.stage !== 'per-expert-linear') throw new Error('wrong stage');
    const experts = ir.experts.sets[0]!;
    const random = createRandom(11);
    const { seqLen: L, channels: C } = config.input;
    const x = Float64Array.from({ length: 3 * L * C }, () => random.normal());
    const marks = Float64Array.from({ length: 3 * 4 }, () => random.uniform() - 0.5);
    const reference = forward(config, sd, { x, marks }, { numerics: 'fp64' });
    for (let b = 0; b < 3; b++) {
      for (let c = 0; c < C; c++) {
        for (let p = 0; p < config.predLen; p++) {
          let y = 0;
          for (let k = 0; k < 3; k++) {
            let expert = experts[k]!.bias[p]!;
            for (let l = 0; l < L; l++) expert += experts[k]!.weight.data[p * L + l]! * x[(b * L + l) * C + c]!;
            y += reference.gates[(b * C + c) * 3 + k]! * expert;
          }
          expect(Math.abs(y - reference.y[(b * config.predLen + p) * C + c]!)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('lays out expert weights transposed, then one bias row per expert, padded with zeros', () => {
    const config = dlinear({ K: 2, L: 40, P: 9 });
    const ir = foldDLinear(deinterleaveHeads(lowerToIR(config, randomStateDict(config, 5))));
    if (ir.experts.stage !== 'per-expert-linear') throw new Error('wrong stage');
    const experts = ir.experts.sets[0]!;
    const tiles = tileCounts(ir);
    expect(tiles.inputTiles).toBe(2); // 40 steps → 2 tiles
    expect(tiles.weightSetRows).toBe(2 * 2 + 1); // K·Lt expert tile rows + one bias tile row (DLinear: no column sums)
    const w = layoutTensors(ir, tiles).find((t) => t.name === 'expert_weights')!;
    expect([w.rows, w.cols]).toEqual([5 * 32, 32]);
    const at = (r: number, c: number): number => w.values![r * w.cols + c]!;
    expect(at(64 + 7, 3)).toBe(experts[1]!.weight.data[3 * 40 + 7]);
    expect(at(128 + 1, 8)).toBe(experts[1]!.bias[8]);
    expect(at(128 + 0, 8)).toBe(experts[0]!.bias[8]);
    expect(at(41, 0)).toBe(0);
    expect(at(5, 9)).toBe(0);
    expect(at(128 + 2, 0)).toBe(0);
  });

  it('lays out RLinear weights with a column-sum row after the bias row, so the mixture can normalise after the matmuls', () => {
    const config = defineMoLE({
      name: 'r',
      input: { seqLen: 40, channels: 2 },
      predLen: 9,
      experts: experts.rlinear({ count: 3, revin: { affine: true } }),
      router: router.mlp({ input: 'time' }),
      target: target.wormhole({ grid: [2, 2] }),
      weights: weights.random({ seed: 3 }),
    });
    const ir = deinterleaveHeads(lowerToIR(config, randomStateDict(config, 3)));
    if (ir.experts.stage !== 'per-expert-linear') throw new Error('wrong stage');
    const tiles = tileCounts(ir);
    expect(tiles.weightSetRows).toBe(3 * 2 + 2); // K·Lt expert rows, the bias row, the column-sum row
    expect(tiles.mixtureRows).toBe(2);
    const w = layoutTensors(ir, tiles, true).find((t) => t.name === 'expert_weights')!;
    const at = (r: number, c: number): number => w.values![r * w.cols + c]!;
    const sums = 3 * 64 + 32;
    // S_k[p] is the sum over time of W_k as stored (bf16), and the identity the folded mixture relies on holds:
    // ((x − m)·s + β)·W_kᵀ = s·(x·W_kᵀ) + (β − s·m)·S_k
    const stored = (v: number): number => {
      const f = new Float32Array([v]);
      const u = new Uint32Array(f.buffer);
      u[0] = (u[0]! + 0x7fff + ((u[0]! >>> 16) & 1)) & 0xffff0000;
      return f[0]!;
    };
    const x = Array.from({ length: 40 }, (_, l) => 3 + Math.sin(l));
    const [m, s, beta] = [3.1, 0.7, -0.2];
    for (let k = 0; k < 3; k++) {
      for (const p of [0, 4, 8]) {
        let sum = 0;
        let normalised = 0;
        let raw = 0;
        for (let l = 0; l < 40; l++) {
          const weight = stored(at(k * 64 + l, p));
          sum += weight;
          normalised += ((x[l]! - m) * s + beta) * weight;
          raw += x[l]! * weight;
        }
        expect(at(sums + k, p)).toBe(sum);
        expect(s * raw + (beta - s * m) * at(sums + k, p)).toBeCloseTo(normalised, 10);
      }
      expect(at(sums + k, 9)).toBe(0); // padding columns
    }
    expect(at(sums + 3, 0)).toBe(0); // rows past K
  });

  it('splits output tiles over cores as rectangles that cover every tile exactly once', () => {
    const cases: Array<[number, number, [number, number], 'interleaved' | 'height' | 'width' | 'block', number?]> = [
      [1, 3, [8, 8], 'interleaved'], [7, 3, [8, 8], 'interleaved'], [21, 3, [2, 2], 'interleaved'], [321, 3, [8, 8], 'interleaved'],
      [7, 3, [8, 8], 'height'], [3, 3, [2, 2], 'height'], [7, 3, [8, 8], 'width'], [1, 23, [2, 2], 'width'],
      [7, 3, [8, 8], 'block'], [3, 3, [2, 2], 'block'],
      // capped: the experts leave cores to the router
      [21, 3, [8, 8], 'interleaved', 32], [21, 3, [8, 8], 'interleaved', 16], [21, 3, [8, 8], 'height', 5], [1, 23, [8, 8], 'width', 4],
      [7, 3, [8, 8], 'block', 4], [21, 3, [8, 8], 'interleaved', 1],
    ];
    for (const [rows, cols, grid, strategy, cap] of cases) {
      const { work } = splitWork(rows, cols, grid, strategy, cap);
      if (cap !== undefined) expect(work.length).toBeLessThanOrEqual(cap);
      const owner = new Map<string, number>();
      work.forEach((w, i) => {
        expect(w.x).toBeLessThan(grid[0]);
        expect(w.y).toBeLessThan(grid[1]);
        for (let r = w.rows[0]; r < w.rows[1]; r++) for (let c = w.cols[0]; c < w.cols[1]; c++) {
          expect(owner.has(`${r},${c}`)).toBe(false);
          owner.set(`${r},${c}`, i);
        }
      });
      expect(owner.size).toBe(rows * cols);
      expect(new Set(work.map((w) => `${w.x},${w.y}`)).size).toBe(work.length);
      if (strategy === 'height') expect(work.every((w) => w.cols[0] === 0 && w.cols[1] === cols)).toBe(true);
      if (strategy === 'width') expect(work.every((w) => w.rows[0] === 0 && w.rows[1] === rows)).toBe(true);
    }
  });

  it('refuses a plan that overflows L1 with MG3101 and the per-core numbers', () => {
    const config = dlinear({ K: 16, L: 8000, P: 32, C: 1, B: 1 });
    try {
      makePlan(config, randomStateDict(config, 1));
      expect.unreachable('a 16-expert, 8000-step plan cannot fit L1');
    } catch (error) {
      expect(error).toBeInstanceOf(MolegenError);
      const d = (error as MolegenError).diagnostics[0]!;
      expect(d.code).toBe('MG3101');
      expect(d.message).toMatch(/experts program needs \d+ B of L1 per core but \d+ B are usable \(x \d+ B, gate \d+ B, weights \d+ B, partials \d+ B/);
      expect(d.hint).toContain('bfp8_b');
    }
  });

  it('lowers RLinear with the expert-major router layout and RevIN parameters', () => {
    const config = defineMoLE({
      name: 'r',
      input: { seqLen: 32, channels: 2 },
      predLen: 8,
      experts: experts.rlinear({ count: 3 }),
      router: router.mlp({ topK: 1 }),
    });
    const ir = lowerToIR(config, randomStateDict(config, 1));
    expect(ir.router.channelStride).toBe(1);
    expect(ir.router.expertStride).toBe(2);
    expect(ir.revin?.gamma.length).toBe(2);
    expect(ir.shape.topK).toBe(1);
  });
});

describe('tile encoding', () => {
  it('places element (i, j) in the face layout tilize_nfaces uses', () => {
    expect(tileElementOffset(0, 0)).toBe(0);
    expect(tileElementOffset(0, 16)).toBe(256);
    expect(tileElementOffset(16, 0)).toBe(512);
    expect(tileElementOffset(31, 31)).toBe(1023);
    expect(tileElementOffset(3, 5)).toBe(3 * 16 + 5);
  });

  it('rounds to bf16 to nearest even', () => {
    expect(bf16Bits(1)).toBe(0x3f80);
    expect(bf16Bits(1 + 2 ** -8)).toBe(0x3f80); // tie, even stays
    expect(bf16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82); // tie, odd rounds up
    expect(bf16Bits(-2.5)).toBe(0xc020);
  });

  it('writes tiles in row-major tile order', () => {
    const values = new Float64Array(32 * 64);
    values[5 * 64 + 40] = 1.5; // tile (0, 1), element (5, 8)
    const bytes = encodeTiles(values, 32, 64, 'Float32');
    expect(bytes.length).toBe(2 * 4096);
    expect(bytes.readFloatLE(4096 + (5 * 16 + 8) * 4)).toBe(1.5);
  });
});

describe('emitted project', () => {
  const config = dlinear({ K: 2, C: 3, B: 4 });
  const plan = () => makePlan(config, randomStateDict(config, 9));

  it('is byte-identical across two runs', () => {
    const a = emitProject({ config, configFileName: 'unit.ts', plan: plan(), weightsHash: 'h' });
    const b = emitProject({ config, configFileName: 'unit.ts', plan: plan(), weightsHash: 'h' });
    expect(a.map((f) => f.path)).toEqual(b.map((f) => f.path));
    for (let i = 0; i < a.length; i++) expect(a[i]!.contents.equals(b[i]!.contents)).toBe(true);
  });

  it('carries a banner with the molegen version and config hash, and a manifest of every file', () => {
    const files = emitProject({ config, configFileName: 'unit.ts', plan: plan(), weightsHash: 'h' });
    const model = files.find((f) => f.path === 'host/model.cpp')!.contents.toString();
    expect(model).toMatch(/^\/\/ Generated by molegen \d+\.\d+\.\d+ from unit\.ts \(unit\), config sha256:[0-9a-f]{16}\./);
    const manifest = JSON.parse(files.find((f) => f.path === 'manifest.json')!.contents.toString());
    expect(Object.keys(manifest.files).sort()).toEqual(files.filter((f) => f.path !== 'manifest.json').map((f) => f.path).sort());
    expect(manifest.kernels.map((k: { path: string }) => k.path)).toContain('kernels/compute/experts.cpp');
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['CMakeLists.txt', 'host/main.cpp', 'weights.bin', 'kernels/dataflow/experts_reader.cpp']));
  });
});
