// `molegen run <config> --x x.npy --marks m.npy --out y.npy [--backend reference|emulator]`:
// the forecast for a batch, from the reference interpreter or from the generated program built
// and run on the emulator (CMake via execa; build output summarised, shown in full on failure).

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { routerInputSize } from '../../dsl/index.ts';
import { forward } from '../../reference/forward.ts';
import { ReferenceIOError } from '../../reference/io-error.ts';
import { writeNpy } from '../../reference/npy.ts';
import { MolegenError } from '../diagnostics.ts';
import { writeProject } from '../emit/write-output.ts';
import { compileProject, loadChecked, loadWeights } from '../pipeline.ts';
import { buildProject, runRunner } from '../toolchain/project-build.ts';
import { consoleProgress } from '../toolchain/run-tool.ts';
import { checkOutputFile, readUserInputs } from '../verify/user-inputs.ts';
import { defaultOutDir } from './build.ts';
import { guarded, printDiagnostics, type OutputFormat } from './report.ts';

export interface RunArgs {
  config: string;
  x: string;
  marks: string;
  out: string;
  weights?: string | undefined;
  backend: 'reference' | 'emulator';
  numerics: 'fp64' | 'fp32' | 'device';
  project?: string | undefined;
  iters: number;
  warmup: number;
  allowNonfinite?: boolean | undefined;
  format: OutputFormat;
}

/** writeNpy with its ReferenceIOError turned into the MG4108 diagnostic. */
function writeNpyChecked(file: string, shape: number[], data: Float32Array): void {
  try {
    writeNpy(file, shape, data);
  } catch (error) {
    if (error instanceof ReferenceIOError) throw new MolegenError([{ code: error.code, severity: 'error', message: error.message, file: path.resolve(file) }]);
    throw error;
  }
}

export async function runCommand(args: RunArgs): Promise<number> {
  return guarded(args.format, async () => {
    const { loaded, warnings } = await loadChecked(args.config);
    printDiagnostics(warnings, args.format);
    const config = loaded.config;
    // Every input problem is found before any work: the same checks for both backends.
    checkOutputFile(args.out);
    const inputs = readUserInputs(config, args.x, args.marks, { allowNonfinite: args.allowNonfinite ?? false });
    const weights = loadWeights(loaded, args.weights, { allowNonfinite: args.allowNonfinite ?? false });
    for (const note of inputs.notes) process.stderr.write(`note: ${note}\n`);
    if (args.backend === 'reference') {
      const result = forward(config, weights.stateDict, { x: inputs.x, marks: inputs.marks }, { numerics: args.numerics });
      writeNpyChecked(args.out, [config.batch, config.predLen, config.input.channels], Float32Array.from(result.y));
      process.stdout.write(`wrote ${args.out} [${config.batch}, ${config.predLen}, ${config.input.channels}] (reference, ${args.numerics})\n`);
      return 0;
    }
    const projectDir = path.resolve(args.project ?? defaultOutDir(config.name));
    writeProject(projectDir, compileProject(loaded, weights).files);
    const built = await buildProject(projectDir, 'emulator', consoleProgress);
    // The runner gets the checked float32 copies, so both backends see exactly the same inputs.
    const ioDir = path.join(built.buildDir, `run-${process.pid}`);
    mkdirSync(ioDir, { recursive: true });
    const io = { x: path.join(ioDir, 'x.npy'), marks: path.join(ioDir, 'marks.npy') };
    writeNpy(io.x, [config.batch, config.input.seqLen, config.input.channels], inputs.x);
    writeNpy(io.marks, [config.batch, config.router.input === 'time' ? routerInputSize(config) : 0], inputs.marks);
    const { stdout } = await runRunner(built, { ...io, out: path.resolve(args.out), iters: args.iters, warmup: args.warmup }, consoleProgress);
    process.stdout.write(stdout);
    process.stdout.write(`wrote ${args.out} (emulator)\n`);
    return 0;
  });
}
