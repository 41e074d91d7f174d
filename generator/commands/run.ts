// `molegen run <config> --x x.npy --marks m.npy --out y.npy [--backend reference|emulator]`:
// the forecast for a batch, from the reference interpreter or from the generated program built
// and run on the emulator (CMake via execa; build output summarised, shown in full on failure).

import path from 'node:path';
import { forward } from '../../reference/forward.ts';
import { readNpy, writeNpy } from '../../reference/npy.ts';
import { MolegenError } from '../diagnostics.ts';
import { writeProject } from '../emit/write-output.ts';
import { compileProject, loadChecked, loadWeights } from '../pipeline.ts';
import { buildProject, runRunner } from '../toolchain/project-build.ts';
import { consoleProgress } from '../toolchain/run-tool.ts';
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
  format: OutputFormat;
}

export async function runCommand(args: RunArgs): Promise<number> {
  return guarded(args.format, async () => {
    const { loaded, warnings } = await loadChecked(args.config);
    printDiagnostics(warnings, args.format);
    const weights = loadWeights(loaded, args.weights);
    const config = loaded.config;
    if (args.backend === 'reference') {
      const x = readNpy(args.x);
      const marks = readNpy(args.marks);
      const expected = [config.batch, config.input.seqLen, config.input.channels];
      if (x.shape.join(',') !== expected.join(',')) {
        throw new MolegenError([{ code: 'MG4110', severity: 'error', message: `x has shape [${x.shape}] but the config needs [${expected}]`, file: path.resolve(args.x) }]);
      }
      const result = forward(config, weights.stateDict, { x: x.data, marks: marks.data }, { numerics: args.numerics });
      writeNpy(args.out, [config.batch, config.predLen, config.input.channels], Float32Array.from(result.y));
      process.stdout.write(`wrote ${args.out} [${config.batch}, ${config.predLen}, ${config.input.channels}] (reference, ${args.numerics})\n`);
      return 0;
    }
    const projectDir = path.resolve(args.project ?? defaultOutDir(config.name));
    writeProject(projectDir, compileProject(loaded, weights).files);
    const built = await buildProject(projectDir, 'emulator', consoleProgress);
    const { stdout } = await runRunner(built, { x: path.resolve(args.x), marks: path.resolve(args.marks), out: path.resolve(args.out), iters: args.iters, warmup: args.warmup }, consoleProgress);
    process.stdout.write(stdout);
    process.stdout.write(`wrote ${args.out} (emulator)\n`);
    return 0;
  });
}
