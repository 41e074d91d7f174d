// `molegen build <config> [--out DIR] [--check] [--python]`: generate the CMake project, or (--check)
// list the files that differ from what would be generated and exit 1 if any do. --python also
// compiles the project's Python module against the emulator and prints how to import it.

import path from 'node:path';
import { MolegenError } from '../diagnostics.ts';
import { checkProject, writeProject } from '../emit/write-output.ts';
import { compileProject, loadChecked, loadWeights } from '../pipeline.ts';
import { buildPythonModule } from '../toolchain/python-module.ts';
import { consoleProgress } from '../toolchain/run-tool.ts';
import { guarded, printDiagnostics, type OutputFormat } from './report.ts';

export interface BuildArgs {
  config: string;
  out?: string | undefined;
  check?: boolean | undefined;
  python?: boolean | undefined;
  force?: boolean | undefined;
  weights?: string | undefined;
  allowNonfinite?: boolean | undefined;
  format: OutputFormat;
}

export function defaultOutDir(configName: string): string {
  return path.resolve('molegen-out', configName);
}

export async function buildCommand(args: BuildArgs): Promise<number> {
  return guarded(args.format, async () => {
    const { loaded, warnings } = await loadChecked(args.config);
    printDiagnostics(warnings, args.format);
    const project = compileProject(loaded, loadWeights(loaded, args.weights, { allowNonfinite: args.allowNonfinite ?? false }));
    if (args.out !== undefined && args.out.trim() === '') {
      throw new MolegenError([{ code: 'MG7002', severity: 'error', message: '--out is empty', hint: 'give --out a directory; an empty path would mean the current directory' }]);
    }
    const outDir = path.resolve(args.out ?? defaultOutDir(loaded.config.name));
    if (args.check) {
      const report = checkProject(outDir, project.files);
      const problems = [
        ...report.stale.map((f) => `stale    ${f}`),
        ...report.missing.map((f) => `missing  ${f}`),
        ...report.extra.map((f) => `extra    ${f}`),
      ];
      if (problems.length === 0) {
        process.stdout.write(`${outDir} is up to date (${project.files.length} files)\n`);
        return 0;
      }
      process.stdout.write(`${outDir} differs from what ${args.config} generates:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
      return 1;
    }
    const report = writeProject(outDir, project.files, { force: args.force ?? false });
    process.stdout.write(
      `wrote ${outDir}: ${report.written.length} file(s) written, ${report.unchanged.length} unchanged, ${report.removed.length} removed${report.kept.length ? `, ${report.kept.length} file(s) molegen did not write kept (--force)` : ''}\n`,
    );
    if (args.python) {
      const module = await buildPythonModule(outDir, consoleProgress);
      process.stdout.write(`built the Python module ${module.modulePath} (for ${module.python})\n`);
      process.stdout.write(`use it: PYTHONPATH=${module.moduleDir} ${module.python} -c 'import ${module.moduleName}; help(${module.moduleName})'\n`);
    }
    return 0;
  });
}
