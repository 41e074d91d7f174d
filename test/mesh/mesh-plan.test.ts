// The mesh split without a device: the shares cover the model's samples or channels exactly once; a chip's
// share computed by the reference interpreter with the share's weights equals the model's forecast for those
// samples/channels bit for bit (device numerics), for every expert kind; channel splits store only the
// tensors that differ per chip; the generated mesh host uses only the tt-metal distributed API names looked
// up in the pinned commit's headers (./tt-metal-mesh-api.ts); the scaling model behaves as a user expects.

import { describe, expect, it } from 'vitest';
import type { MoleConfig } from '../../dsl/config.ts';
import { defineMoLE, experts, router, target, weights } from '../../dsl/index.ts';
import { scalingTable } from '../../generator/cost/scaling.ts';
import { emitProject } from '../../generator/emit/project.ts';
import { planMeshProgram } from '../../generator/mesh-program.ts';
import { meshLayout, shareConfig, shareStateDict, type MeshSplitKind } from '../../generator/plan/mesh.ts';
import { forward } from '../../reference/forward.ts';
import { randomStateDict } from '../../reference/weights.ts';
import { MESH_API } from './tt-metal-mesh-api.ts';

const B = 5;
const L = 24;
const C = 7;
const P = 8;

function config(kind: 'dlinear' | 'individual' | 'rlinear' | 'rmlp', mesh: [number, number], split: MeshSplitKind): MoleConfig {
  const expertsConfig =
    kind === 'dlinear' ? experts.dlinear({ count: 3, kernelSize: 5 })
    : kind === 'individual' ? experts.dlinear({ count: 2, kernelSize: 5, individual: true })
    : kind === 'rlinear' ? experts.rlinear({ count: 3 })
    : experts.rmlp({ count: 2, dModel: 16 });
  return defineMoLE({
    name: `mesh-${kind}`,
    input: { seqLen: L, channels: C },
    predLen: P,
    batch: B,
    experts: expertsConfig,
    router: router.mlp({ topK: 2 }),
    target: target.wormhole({ grid: [2, 2], mesh, split }),
    weights: weights.random({ seed: 4 }),
  });
}

const inputs = (batch: number, channels: number) => ({
  x: Float32Array.from({ length: batch * L * channels }, (_, i) => Math.sin(i * 0.37) * 2 + (i % 5) * 0.3),
  marks: Float32Array.from({ length: batch * 4 }, (_, i) => ((i * 7) % 11) / 11 - 0.5),
});

describe('mesh shares', () => {
  it('cover every sample (batch split) or channel (channel split) exactly once, in balanced shares', () => {
    for (const split of ['batch', 'channels'] as const) {
      const layout = meshLayout(config('dlinear', [2, 2], split), split);
      const [total, range, per] = split === 'batch' ? [B, (s: (typeof layout.shares)[number]) => s.batch, layout.share.batch] : [C, (s: (typeof layout.shares)[number]) => s.channels, layout.share.channels];
      const covered = layout.shares.flatMap((s) => Array.from({ length: range(s)[1] - range(s)[0] }, (_, i) => range(s)[0] + i));
      expect(covered).toEqual(Array.from({ length: total }, (_, i) => i));
      expect(per * 4 - total).toBe(layout.padding);
      for (const s of layout.shares) expect(range(s)[1] - range(s)[0]).toBeGreaterThanOrEqual(per - 1);
      expect(layout.shares.map((s) => s.coord)).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    }
  });

  for (const kind of ['dlinear', 'individual', 'rlinear', 'rmlp'] as const) {
    for (const split of ['batch', 'channels'] as const) {
      it(`${kind}, split '${split}': each chip's share through the reference equals the model's forecast and gates (device numerics)`, () => {
        const model = config(kind, [1, 3], split);
        const stateDict = randomStateDict(model, 9);
        const all = inputs(B, C);
        const whole = forward(model, stateDict, all, { numerics: 'device' });
        const layout = meshLayout(model, split);
        const chip = shareConfig(model, layout);
        const K = model.experts.count;
        for (const share of layout.shares) {
          const Bs = layout.share.batch;
          const Cs = layout.share.channels;
          const x = new Float32Array(Bs * L * Cs);
          const marks = new Float32Array(Bs * 4);
          for (let b = share.batch[0]; b < share.batch[1]; b++) {
            marks.set(all.marks.subarray(b * 4, b * 4 + 4), (b - share.batch[0]) * 4);
            for (let l = 0; l < L; l++) for (let c = share.channels[0]; c < share.channels[1]; c++) x[((b - share.batch[0]) * L + l) * Cs + c - share.channels[0]] = all.x[(b * L + l) * C + c]!;
          }
          const part = forward(chip, shareStateDict(model, layout, stateDict, share), { x, marks }, { numerics: 'device' });
          for (let b = share.batch[0]; b < share.batch[1]; b++) {
            for (let c = share.channels[0]; c < share.channels[1]; c++) {
              const [bs, cs] = [b - share.batch[0], c - share.channels[0]];
              for (let p = 0; p < P; p++) expect(part.y[(bs * P + p) * Cs + cs]).toBe(whole.y[(b * P + p) * C + c]);
              for (let k = 0; k < K; k++) expect(part.gates[(bs * Cs + cs) * K + k]).toBe(whole.gates[(b * C + c) * K + k]);
            }
          }
        }
      });
    }
  }

  it('a channel split stores per chip only the tensors whose contents differ; a batch split replicates everything', () => {
    const rlinear = config('rlinear', [1, 2], 'channels');
    const sd = randomStateDict(rlinear, 2);
    sd.get('rev.affine_weight')!.data.forEach((_, i, a) => (a[i] = 1 + i / 10)); // γ differs per channel
    expect([...planMeshProgram(rlinear, sd).perChip.keys()].sort()).toEqual(['revin_rows', 'router_w2']);
    const individual = config('individual', [1, 2], 'channels');
    expect([...planMeshProgram(individual, randomStateDict(individual, 2)).perChip.keys()].sort()).toEqual(['expert_weights', 'router_w2']);
    const batch = config('rlinear', [1, 2], 'batch');
    expect(planMeshProgram(batch, randomStateDict(batch, 2)).perChip.size).toBe(0);
  });
});

describe('generated mesh host', () => {
  const files = (model: MoleConfig) => {
    const sd = randomStateDict(model, 1);
    const mesh = planMeshProgram(model, sd);
    const out = emitProject({ config: model, configFileName: 'mesh.ts', plan: mesh.plan, mesh, weightsHash: 'h' });
    const text = (p: string) => out.find((f) => f.path === p)!.contents.toString('utf8');
    return { out, host: ['host/model.cpp', 'host/model.hpp', 'host/main.cpp', 'host/python_module.cpp'].map(text).join('\n') };
  };

  it('uses only tt-metal distributed API names declared in the pinned commit\'s headers', () => {
    const known = new Set(MESH_API.map((a) => a.name));
    for (const model of [config('rlinear', [2, 4], 'channels'), config('dlinear', [1, 2], 'batch')]) {
      const { host } = files(model);
      const used = new Set<string>();
      const collect = (pattern: RegExp) => {
        for (const m of host.matchAll(pattern)) used.add(m[1]!);
      };
      collect(/\bdistributed::(\w+)/g); // free functions and types of tt::tt_metal::distributed
      collect(/\b(?:MeshDevice|MeshBuffer)::(\w+)/g); // static members
      collect(/\bdevice_?->(\w+)\(/g); // MeshDevice members through the shared_ptr
      collect(/\bdevice\.(?!get\(|reset\()(\w+)\(/g); // through a MeshDevice& (get/reset are std::shared_ptr's own)
      collect(/\b(?:tensor|buffer)(?:->|\.)(\w+)\(/g); // MeshBuffer members
      collect(/\bemplace_back\(\)\.(\w+)\(/g); // MeshWorkload members
      const unknown = [...used].filter((name) => !known.has(name));
      expect(unknown, `not in tt-metal-mesh-api.ts: ${unknown.join(', ')}`).toEqual([]);
      for (const name of ['WriteShard', 'ReadShard', 'EnqueueMeshWorkload', 'MeshCoordinate', 'num_devices']) expect(used).toContain(name);
    }
  });

  it('opens the mesh, writes and reads each chip\'s share by coordinate, and stores per-chip weights under their coordinates', () => {
    const { out, host } = files(config('rlinear', [2, 4], 'channels'));
    expect(host).toContain('distributed::MeshDevice::create(distributed::MeshDeviceConfig(distributed::MeshShape(2, 4)))');
    expect(host).toContain('distributed::WriteShard(queue, x_, series_tiles.back(), device_of(share), false);');
    expect(host).toContain('distributed::ReadShard(queue, tiles, y_, device_of(share), true);');
    expect(host).not.toContain('EnqueueReadMeshBuffer'); // the real API reads replicated buffers only from a 1×1 mesh
    const weightsBin = out.find((f) => f.path === 'weights.bin')!.contents.toString('latin1');
    for (const coord of ['0,0', '0,3', '1,3']) expect(weightsBin).toContain(`router_w2@${coord}`);
    expect(host).toMatch(/\{"router_w2", &router_w2_, 1, true\}/);
  });
});

describe('scaling model', () => {
  it('more chips never slow a device share down, and efficiency is at most 1', () => {
    const model = config('dlinear', [1, 1], 'batch');
    const rows = scalingTable(model, [64]);
    expect(rows.map((r) => r.chips)).toEqual([1, 2, 8, 32]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.cost!.deviceSeconds).toBeLessThanOrEqual(rows[i - 1]!.cost!.deviceSeconds + 1e-12);
    for (const r of rows) expect(r.efficiency!).toBeLessThanOrEqual(1 + 1e-9);
    expect(rows[0]!.efficiency).toBe(1);
  });
});
