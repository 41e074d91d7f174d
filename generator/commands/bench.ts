// `molegen bench <config> [--batch 1 8 32] [--iters N] [--warmup W] [--no-emulator] [--csv FILE]`:
// for each batch size, the plan's modeled device latency and seq/s (cost model, generator/cost), the
// roofline bound and ratio, the op-by-op baseline's modeled time and the fused plan's speed-up, the
// seed's Stage 1/Stage 3 targets — and, side by side, the generated program run on the emulator
// (warm-up, N timed iterations, median and min–max) through the existing toolchain. Appends one CSV
// row per (batch, run) like tt-metal's perf reports. Emulator figures are CPU emulation speed.

import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { MoleConfig } from '../../dsl/config.ts';
import { writeNpy } from '../../reference/npy.ts';
import { choosePlan } from '../cost/choose-plan.ts';
import { modelOpByOp } from '../cost/op-by-op.ts';
import type { PlanCost } from '../cost/plan-cost.ts';
import { formatSeconds } from '../cost/print.ts';
import { scalingTable, type ScalingRow } from '../cost/scaling.ts';
import { MolegenError } from '../diagnostics.ts';
import { writeProject } from '../emit/write-output.ts';
import { checkOutputFile } from '../verify/user-inputs.ts';
import { compileProject, loadChecked, loadWeights } from '../pipeline.ts';
import { buildProject, runRunner } from '../toolchain/project-build.ts';
import { consoleProgress } from '../toolchain/run-tool.ts';
import { seededInputs } from '../verify/inputs.ts';
import { defaultOutDir } from './build.ts';
import { guarded, printDiagnostics, type OutputFormat } from './report.ts';

/** The seed's targets (latency per batch, throughput). */
export const SEED_TARGETS = [
  { stage: 'Stage 1', seqPerSecond: 200, latencyMs: 30 },
  { stage: 'Stage 3', seqPerSecond: 800, latencyMs: 15 },
] as const;

export interface BenchArgs {
  config: string;
  batch: number[];
  /** Batches of the modeled scaling table (1, 2, 8, 32 chips); empty: no table. */
  scalingBatch?: number[] | undefined;
  iters: number;
  warmup: number;
  emulator: boolean;
  csv?: string | undefined;
  format: OutputFormat;
}

export interface BenchRow {
  model: string;
  arch: string;
  grid: string;
  setting: string;
  batch: number;
  modeledLatencyS?: number | undefined;
  modeledSeqPerS?: number | undefined;
  rooflineS?: number | undefined;
  ratioToBound?: number | undefined;
  limiter?: string | undefined;
  opByOpLatencyS?: number | undefined;
  fusedSpeedup?: number | undefined;
  /** A physical limit on the speed-up over op-by-op, with its numbers (when there is one). */
  speedupLimit?: string | undefined;
  emulatorMedianMs?: number | undefined;
  emulatorMinMs?: number | undefined;
  emulatorMaxMs?: number | undefined;
  emulatorSeqPerS?: number | undefined;
  stage1?: boolean | undefined;
  stage3?: boolean | undefined;
  note?: string | undefined;
}

type Loaded = Awaited<ReturnType<typeof loadChecked>>['loaded'];

const meets = (cost: PlanCost, batch: number, target: (typeof SEED_TARGETS)[number]): boolean =>
  cost.seconds * 1e3 < target.latencyMs && batch / cost.seconds >= target.seqPerSecond;

async function emulate(loaded: Loaded, config: MoleConfig, weights: ReturnType<typeof loadWeights>, args: BenchArgs) {
  const projectDir = path.resolve(`${defaultOutDir(config.name)}-bench-b${config.batch}`);
  writeProject(projectDir, compileProject({ ...loaded, config }, weights).files);
  const built = await buildProject(projectDir, 'emulator', consoleProgress);
  const ioDir = path.join(projectDir, 'build', 'bench');
  mkdirSync(ioDir, { recursive: true });
  const inputs = seededInputs(config, 1);
  const files = { x: path.join(ioDir, 'x.npy'), marks: path.join(ioDir, 'marks.npy'), out: path.join(ioDir, 'y.npy') };
  writeNpy(files.x, [config.batch, config.input.seqLen, config.input.channels], inputs.x);
  writeNpy(files.marks, [config.batch, inputs.marks.length / config.batch], inputs.marks);
  const run = await runRunner(built, { ...files, iters: args.iters, warmup: args.warmup }, consoleProgress);
  const spread = /latency_ms median=([\d.]+) min=([\d.]+) max=([\d.]+)/.exec(run.stdout);
  return {
    medianMs: run.timing?.medianMs,
    seqPerSecond: run.timing?.seqPerSecond,
    minMs: spread ? Number(spread[2]) : undefined,
    maxMs: spread ? Number(spread[3]) : undefined,
  };
}

export async function bench(loaded: Loaded, args: BenchArgs): Promise<BenchRow[]> {
  const weights = loadWeights(loaded);
  const rows: BenchRow[] = [];
  for (const batch of args.batch) {
    const config: MoleConfig = { ...loaded.config, batch };
    const base = { model: config.name, arch: config.target.arch, grid: config.target.grid.join('x'), batch };
    let choice: ReturnType<typeof choosePlan>;
    try {
      choice = choosePlan(config, weights.stateDict);
    } catch (error) {
      if (!(error instanceof MolegenError)) throw error;
      rows.push({ ...base, setting: 'fused', note: `no device plan: ${error.diagnostics.map((d) => d.message).join('; ')}` });
      continue;
    }
    const cost = choice.cost;
    const baseline = modelOpByOp(choice.plan);
    const setting = choice.chosen ? `fused, auto → ${choice.chosen.strategy} ${choice.chosen.grid.join('x')}` : `fused, ${config.sharding.strategy}`;
    const row: BenchRow = {
      ...base,
      grid: choice.plan.grid.join('x'),
      setting,
      modeledLatencyS: cost.seconds,
      modeledSeqPerS: cost.seqPerSecond,
      rooflineS: cost.roofline.seconds,
      ratioToBound: cost.ratioToBound,
      limiter: cost.limiter,
      opByOpLatencyS: baseline.seconds,
      fusedSpeedup: baseline.seconds / cost.seconds,
      stage1: meets(cost, batch, SEED_TARGETS[0]),
      stage3: meets(cost, batch, SEED_TARGETS[1]),
    };
    // No program beats the roofline bound, so the op-by-op port's distance from it caps any speed-up over it.
    const cap = baseline.seconds / cost.roofline.seconds;
    if (cap < 3) {
      row.speedupLimit = `op-by-op (${formatSeconds(baseline.seconds)}) is only ${cap.toFixed(2)}× the roofline bound (${formatSeconds(cost.roofline.seconds)}: ${cost.roofline.bound}-bound), so no program can be 3× faster than it`;
    }
    if (args.emulator) {
      const measured = await emulate(loaded, config, weights, args);
      row.emulatorMedianMs = measured.medianMs;
      row.emulatorMinMs = measured.minMs;
      row.emulatorMaxMs = measured.maxMs;
      row.emulatorSeqPerS = measured.seqPerSecond;
    }
    rows.push(row);
  }
  return rows;
}

const CSV_COLUMNS: Array<keyof BenchRow> = [
  'model', 'arch', 'grid', 'setting', 'batch', 'modeledLatencyS', 'modeledSeqPerS', 'rooflineS', 'ratioToBound', 'limiter',
  'opByOpLatencyS', 'fusedSpeedup', 'speedupLimit', 'emulatorMedianMs', 'emulatorMinMs', 'emulatorMaxMs', 'emulatorSeqPerS', 'stage1', 'stage3', 'note',
];

function csvCell(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function appendCsv(file: string, rows: BenchRow[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const stamp = new Date().toISOString();
  if (!existsSync(file)) appendFileSync(file, `${['timestamp', ...CSV_COLUMNS].join(',')}\n`);
  for (const row of rows) appendFileSync(file, `${[stamp, ...CSV_COLUMNS.map((c) => csvCell(row[c]))].join(',')}\n`);
}

export function formatBench(rows: BenchRow[]): string {
  const head = ['batch', 'setting', 'emulator ms (min–max)', 'emu seq/s', 'modeled', 'modeled seq/s', 'roofline', 'ratio', 'limiter', 'op-by-op', 'fused ×', 'Stage 1', 'Stage 3'];
  const fmt = (s: number | undefined): string => (s === undefined ? '—' : formatSeconds(s));
  const yes = (b: boolean | undefined): string => (b === undefined ? '—' : b ? 'meets' : 'misses');
  const body = rows.map((r) =>
    r.note
      ? [String(r.batch), r.note]
      : [
          String(r.batch),
          r.setting,
          r.emulatorMedianMs === undefined ? '—' : `${r.emulatorMedianMs.toFixed(2)} (${r.emulatorMinMs?.toFixed(2)}–${r.emulatorMaxMs?.toFixed(2)})`,
          r.emulatorSeqPerS === undefined ? '—' : r.emulatorSeqPerS.toFixed(0),
          fmt(r.modeledLatencyS),
          r.modeledSeqPerS === undefined ? '—' : r.modeledSeqPerS.toFixed(0),
          fmt(r.rooflineS),
          r.ratioToBound === undefined ? '—' : `${r.ratioToBound.toFixed(1)}×`,
          r.limiter ?? '—',
          fmt(r.opByOpLatencyS),
          r.fusedSpeedup === undefined ? '—' : `${r.fusedSpeedup.toFixed(2)}×`,
          yes(r.stage1),
          yes(r.stage3),
        ],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.filter((r) => r.length > 2).map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (cells.length === 2 && i === 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const targets = SEED_TARGETS.map((t) => `${t.stage}: ≥ ${t.seqPerSecond} seq/s and < ${t.latencyMs} ms per batch`).join('; ');
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    ...rows.filter((r) => r.speedupLimit).map((r) => `batch ${r.batch}: ${r.speedupLimit}.`),
    `modeled = device cost model (trace-style dispatch, no host transfers); emulator = CPU emulation, not device speed. Targets: ${targets}.`,
  ].join('\n');
}

/** The modeled scaling table: per batch, 1 / 2 / 8 / 32 chips with the split, the parts of one forward, seq/s and efficiency. */
export function formatScaling(rows: ScalingRow[]): string {
  const head = ['batch', 'chips', 'system', 'split', 'per chip', 'inputs', 'chip', 'forecasts', 'forward', 'seq/s', 'speed-up', 'efficiency'];
  const fmt = (s: number): string => formatSeconds(s);
  const body = rows.map((r) => {
    if (!r.cost) return [String(r.batch), String(r.chips), r.system, r.note ?? '—'];
    const c = r.cost;
    const share = c.split === 'batch' ? `${c.layout.share.batch} samples` : `${c.layout.share.channels} channels`;
    return [
      String(r.batch), String(r.chips), r.system, r.chips === 1 ? '—' : c.split, share + (c.layout.padding > 0 ? ` (+${c.layout.padding} pad)` : ''),
      fmt(c.writeSeconds), fmt(c.deviceSeconds), fmt(c.readSeconds), fmt(c.seconds), c.seqPerSecond.toFixed(0),
      r.speedup === undefined ? '—' : `${r.speedup.toFixed(2)}×`, r.efficiency === undefined ? '—' : `${(r.efficiency * 100).toFixed(0)}%`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.filter((r) => r.length === head.length).map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    'modeled: inputs written over PCIe (chips behind a card\'s PCIe chip at the remote rate), every chip\'s program on its share in parallel, forecasts read back; ' +
      'no overlap between batches; efficiency = seq/s ÷ (chips × one chip\'s seq/s at the same batch). Rates and sources: generator/cost/mesh-links.ts.',
  ].join('\n');
}

export async function benchCommand(args: BenchArgs): Promise<number> {
  return guarded(args.format, async () => {
    if (args.csv !== undefined) checkOutputFile(args.csv, '--csv', 'MG4112');
    const { loaded, warnings } = await loadChecked(args.config);
    printDiagnostics(warnings, args.format);
    const rows = await bench(loaded, args);
    const scaling = args.scalingBatch && args.scalingBatch.length > 0 ? scalingTable(loaded.config, args.scalingBatch) : [];
    const csv = path.resolve(args.csv ?? path.join('molegen-out', 'bench.csv'));
    appendCsv(csv, rows);
    if (args.format === 'json') {
      const scalingRows = scaling.map(({ cost, ...r }) => ({ ...r, split: cost?.split, seconds: cost?.seconds, writeSeconds: cost?.writeSeconds, deviceSeconds: cost?.deviceSeconds, readSeconds: cost?.readSeconds, seqPerSecond: cost?.seqPerSecond }));
      process.stdout.write(`${JSON.stringify({ rows, csv, scaling: scalingRows }, null, 2)}\n`);
    } else {
      process.stdout.write(`\n${loaded.config.name} on ${loaded.config.target.arch}\n${formatBench(rows)}\nwrote ${rows.length} row(s) to ${csv}\n`);
      if (scaling.length > 0) process.stdout.write(`\nscaling out (modeled, Wormhole meshes)\n${formatScaling(scaling)}\n`);
    }
    return 0;
  });
}
