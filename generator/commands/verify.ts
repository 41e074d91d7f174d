// `molegen verify <config> [--batch B] [--seed S] [--data CSV] [--python]`: build the generated
// program, run it on the emulator (through the C++ runner, or with --python through the generated
// Python module) and compare its forecast with the reference interpreter, both in the device's
// numerics (which the program must reproduce closely) and in fp64 (the model's meaning).
// Prints a table of PCC, max abs/rel error and allclose; exits 1 when any check fails.

import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { MoleConfig } from '../../dsl/config.ts';
import { compareTensors, pcc } from '../../reference/compare.ts';
import { activationRounding } from '../../reference/numerics.ts';
import { forward } from '../../reference/forward.ts';
import { readNpy, writeNpy } from '../../reference/npy.ts';
import { MolegenError } from '../diagnostics.ts';
import { writeProject } from '../emit/write-output.ts';
import { validateConfig } from '../validate/index.ts';
import { compileProject, loadChecked, loadWeights } from '../pipeline.ts';
import { buildProject, type HostBuildType, runRunner, type RunnerOutput } from '../toolchain/project-build.ts';
import { consoleProgress } from '../toolchain/run-tool.ts';
import { buildPythonModule, runModule } from '../toolchain/python-module.ts';
import type { StateDict } from '../../reference/weights.ts';
import { datasetInputs, seededInputs, type VerifyInputs } from '../verify/inputs.ts';
import { formatChipTable, perChipRows, type ChipRow } from '../verify/per-chip.ts';
import { topKSavings, type TopKSavings } from '../cost/top-k-savings.ts';
import { defaultOutDir } from './build.ts';
import { guarded, printDiagnostics, type OutputFormat } from './report.ts';

export const VERIFY_TOLERANCES = { rtol: 5e-2, atol: 8e-2, pccVsDevice: 0.99999, pccVsFp64: 0.9995 };

export interface VerifyArgs {
  config: string;
  batch?: number | undefined;
  seed: number;
  data?: string | undefined;
  weights?: string | undefined;
  out?: string | undefined;
  python?: boolean | undefined;
  allowNonfinite?: boolean | undefined;
  format: OutputFormat;
}

export interface VerifyRow {
  against: string;
  pcc: number;
  maxAbs: number;
  maxRel: number;
  allclose: boolean;
  pccMin: number;
  pass: boolean;
}

export interface TopKAgreementRow {
  /** (sample, channel) pairs whose selected expert set on the device equals the reference's. */
  agree: number;
  total: number;
  /** PCC of the device gates against the reference's (device numerics, rounded to the activation dtype). */
  gatePcc: number;
  /** With top-k < K: the (series-tile row, expert) pairs of the reference's gates no series selected. */
  savings?: TopKSavings | undefined;
}

export interface VerifyResult {
  rows: VerifyRow[];
  topK: TopKAgreementRow;
  pass: boolean;
  seqPerSecond?: number | undefined;
  medianMs?: number | undefined;
  mseVsTruth?: { emulator: number; reference: number } | undefined;
  /** On a mesh: each chip's share against the reference (device numerics). */
  chips?: ChipRow[] | undefined;
  /** On a mesh: how the work was split, e.g. "2×4 mesh, split 'channels', 41 channels per chip". */
  mesh?: string | undefined;
  /** The emulator watcher's reports (protocol slips of the generated kernels); empty when it was off or saw none. */
  watcherReports: string[];
}

const mse = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return sum / a.length;
};

function formatTable(result: VerifyResult): string {
  const head = ['comparison', 'PCC', 'min PCC', 'max abs err', 'max rel err', 'allclose', 'result'];
  const rows = result.rows.map((r) => [
    `emulator vs ${r.against}`,
    r.pcc.toFixed(7),
    String(r.pccMin),
    r.maxAbs.toExponential(3),
    r.maxRel.toExponential(3),
    r.allclose ? 'yes' : 'no',
    r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].map((l) => l.trimEnd()).join('\n');
}

export async function verifyCommand(args: VerifyArgs): Promise<number> {
  return guarded(args.format, async () => {
    const { loaded, warnings } = await loadChecked(args.config);
    printDiagnostics(warnings, args.format);
    if (args.batch !== undefined) {
      // The overridden batch must pass the same rules (L1 budget ...) as one written in the config.
      loaded.config = { ...loaded.config, batch: args.batch } as MoleConfig;
      const errors = validateConfig(loaded).filter((d) => d.severity === 'error');
      if (errors.length > 0) throw new MolegenError(errors.map((d) => ({ ...d, message: `with --batch ${args.batch}: ${d.message}` })));
    }
    const result = await verify(loaded.config, loaded, args);
    if (args.format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      if (result.chips) process.stdout.write(`\nper chip (${result.mesh}):\n${formatChipTable(result.chips)}\n`);
      process.stdout.write(`\n${formatTable(result)}\n`);
      const { agree, total, gatePcc } = result.topK;
      process.stdout.write(`top-${loaded.config.router.topK} of ${loaded.config.experts.count} expert selection: ${agree}/${total} (sample, channel) pairs identical to the reference; gate PCC ${gatePcc.toFixed(7)}\n`);
      const savings = result.topK.savings;
      if (savings) {
        process.stdout.write(
          `top-k skipping: ${savings.idle} of ${savings.total} (series-tile row, expert) pairs had no series that selected the expert — skipping their matmuls would save ${((100 * savings.idle) / savings.total).toFixed(1)}% of the expert matmuls on this batch\n`,
        );
      }
      if (result.mseVsTruth) {
        process.stdout.write(`MSE vs ground truth: emulator ${result.mseVsTruth.emulator.toFixed(5)}, reference fp64 ${result.mseVsTruth.reference.toFixed(5)}\n`);
      }
      if (result.seqPerSecond !== undefined) {
        const through = args.python ? ' through the Python module' : '';
        process.stdout.write(`emulator${through}: ${result.medianMs?.toFixed(2)} ms per batch, ${result.seqPerSecond.toFixed(1)} seq/s (CPU emulation, not device speed)\n`);
      }
      process.stdout.write(result.pass ? 'verify: PASS\n' : 'verify: FAIL\n');
    }
    return result.pass ? 0 : 1;
  });
}

type Loaded = Awaited<ReturnType<typeof loadChecked>>['loaded'];

export interface VerifyOptions extends Pick<VerifyArgs, 'seed' | 'data' | 'weights' | 'out' | 'python' | 'allowNonfinite'> {
  /** Timed iterations of the runner (default 3, after 1 warm-up). */
  iters?: number;
  warmup?: number;
  /** Host build type (default Release; tests building many projects use '' for faster compiles). */
  hostBuildType?: HostBuildType;
  /** Run the program through the generated Python module (built with -DMOLEGEN_PYTHON=ON) instead of the C++ runner. */
  python?: boolean | undefined;
  /** Run the C++ runner with the emulator's watcher on; its reports come back in watcherReports. */
  watcher?: boolean;
}

export async function verify(config: MoleConfig, loaded: Loaded, args: VerifyOptions): Promise<VerifyResult> {
  const weights = loadWeights(loaded, args.weights, { allowNonfinite: args.allowNonfinite ?? false });
  const inputs = args.data ? datasetInputs(config, path.resolve(args.data)) : seededInputs(config, args.seed);
  consoleProgress.step(`inputs: ${inputs.description}; weights: ${weights.description}`);

  const projectDir = path.resolve(args.out ?? defaultOutDir(config.name));
  const compiled = compileProject({ ...loaded, config }, weights);
  writeProject(projectDir, compiled.files);

  // Per process: two verifies of the same project do not overwrite each other's inputs.
  const ioDir = path.join(projectDir, 'build', `${args.python ? 'verify-python' : 'verify'}-${process.pid}`);
  mkdirSync(ioDir, { recursive: true });
  const F = inputs.marks.length / config.batch;
  const files = { x: path.join(ioDir, 'x.npy'), marks: path.join(ioDir, 'marks.npy'), out: path.join(ioDir, 'y.npy'), gates: path.join(ioDir, 'gates.npy') };
  let run: Pick<RunnerOutput, 'timing'> & Partial<Pick<RunnerOutput, 'watcherReports'>>;
  let comparison: ReturnType<typeof compareWithReference>;
  try {
    writeNpy(files.x, [config.batch, config.input.seqLen, config.input.channels], inputs.x);
    writeNpy(files.marks, [config.batch, F], inputs.marks);
    const io = { ...files, iters: args.iters ?? 3, warmup: args.warmup ?? 1, watcher: args.watcher ?? false };
    run = args.python
      ? await runModule(await buildPythonModule(projectDir, consoleProgress, args.hostBuildType), io, consoleProgress)
      : await runRunner(await buildProject(projectDir, 'emulator', consoleProgress, args.hostBuildType), io, consoleProgress);
    comparison = compareWithReference(config, weights.stateDict, inputs, { y: readNpy(files.out).data, gates: readNpy(files.gates).data });
  } finally {
    rmSync(ioDir, { recursive: true, force: true });
  }
  const layout = compiled.mesh.layout;
  const onMesh = config.target.mesh !== undefined;
  const chips = onMesh
    ? perChipRows(config, layout, comparison.device, comparison.reference, { rtol: VERIFY_TOLERANCES.rtol, atol: VERIFY_TOLERANCES.atol, pccMin: VERIFY_TOLERANCES.pccVsDevice })
    : undefined;
  const per = layout.split === 'batch' ? `${layout.share.batch} samples` : `${layout.share.channels} channels`;
  return {
    rows: comparison.rows,
    topK: comparison.topK,
    pass: comparison.pass && (chips ?? []).every((c) => c.pass),
    chips,
    mesh: onMesh ? `${layout.shape[0]}×${layout.shape[1]} mesh, split '${layout.split}', ${per} per chip${layout.padding > 0 ? `, ${layout.padding} padding` : ''}` : undefined,
    seqPerSecond: run.timing?.seqPerSecond,
    medianMs: run.timing?.medianMs,
    watcherReports: run.watcherReports ?? [],
    mseVsTruth: inputs.truth ? { emulator: mse(comparison.y, inputs.truth), reference: mse(comparison.fp64, inputs.truth) } : undefined,
  };
}

/** What the device program returned for one batch: y [B, P, C] and the gates [B, C, K] it stored. */
export interface DeviceOutputs {
  y: ArrayLike<number>;
  gates: ArrayLike<number>;
}

export interface ReferenceComparison {
  rows: VerifyRow[];
  topK: TopKAgreementRow;
  pass: boolean;
  y: ArrayLike<number>;
  /** The reference's fp64 forecast. */
  fp64: ArrayLike<number>;
  /** What the device returned, and the reference in device numerics (forecast and gates). */
  device: DeviceOutputs;
  reference: DeviceOutputs;
}

/**
 * verify's check of one batch, wherever the device outputs came from (the C++ runner or the Python
 * module): the forecast against the reference interpreter in device numerics and in fp64 (PCC, max
 * abs/rel error, allclose), and the device's top-k selection against the reference's for every
 * (sample, channel).
 */
export function compareWithReference(config: MoleConfig, stateDict: StateDict, inputs: Pick<VerifyInputs, 'x' | 'marks'>, outputs: DeviceOutputs): ReferenceComparison {
  consoleProgress.step('running the reference interpreter (device numerics and fp64)');
  const referenceInputs = { x: inputs.x, marks: inputs.marks };
  const deviceResult = forward(config, stateDict, referenceInputs, { numerics: 'device' });
  const device = deviceResult.y;
  const exact = forward(config, stateDict, referenceInputs, { numerics: 'fp64' }).y;

  const rows: VerifyRow[] = [];
  for (const [against, expected, pccMin] of [
    ['reference (device numerics)', device, VERIFY_TOLERANCES.pccVsDevice],
    ['reference (fp64)', exact, VERIFY_TOLERANCES.pccVsFp64],
  ] as const) {
    const c = compareTensors(outputs.y, expected, { rtol: VERIFY_TOLERANCES.rtol, atol: VERIFY_TOLERANCES.atol, pccMin });
    rows.push({ against, pcc: c.pcc, maxAbs: c.maxAbs, maxRel: c.maxRel, allclose: c.allclose, pccMin, pass: c.pass });
  }
  const K = config.experts.count;
  const emulatedGates = outputs.gates;
  let agree = 0;
  for (let i = 0; i < emulatedGates.length / K; i++) {
    let same = true;
    for (let k = 0; k < K; k++) same &&= (emulatedGates[i * K + k]! !== 0) === (deviceResult.gates[i * K + k]! !== 0);
    if (same) agree++;
  }
  const referenceGates = Float64Array.from(deviceResult.gates, activationRounding(config.target.dtype));
  const savings = config.router.topK < K ? topKSavings(config, deviceResult.gates) : undefined;
  const topK = { agree, total: emulatedGates.length / K, gatePcc: pcc(emulatedGates, referenceGates), savings };
  return {
    rows,
    topK,
    pass: rows.every((r) => r.pass) && topK.agree === topK.total,
    y: outputs.y,
    fp64: exact,
    device: outputs,
    reference: { y: device, gates: deviceResult.gates },
  };
}
