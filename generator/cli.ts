// The molegen command line (yargs): wires each verb to its command module and returns the exit
// code. No command logic lives here.

import yargs from 'yargs';
import type { OutputFormat } from './commands/report.ts';

// Commands load lazily: `molegen --help` must not pay for ts-morph, and one verb's
// dependencies never slow down another.
const buildCommand = async (a: Parameters<typeof import('./commands/build.ts').buildCommand>[0]) => (await import('./commands/build.ts')).buildCommand(a);
const inspectCommand = async (a: Parameters<typeof import('./commands/inspect.ts').inspectCommand>[0]) => (await import('./commands/inspect.ts')).inspectCommand(a);
const runCommand = async (a: Parameters<typeof import('./commands/run.ts').runCommand>[0]) => (await import('./commands/run.ts')).runCommand(a);
const validateCommand = async (a: Parameters<typeof import('./commands/validate.ts').validateCommand>[0]) => (await import('./commands/validate.ts')).validateCommand(a);
const verifyCommand = async (a: Parameters<typeof import('./commands/verify.ts').verifyCommand>[0]) => (await import('./commands/verify.ts')).verifyCommand(a);

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const format = { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'diagnostics and results as text or JSON' } as const;
  await yargs(argv)
    .scriptName('molegen')
    .usage('$0 <command> <config.ts> [options]\n\nCompile a typed MoLE forecaster description into a tt-metal program and verify it against the reference interpreter.')
    .command(
      'validate <config>',
      'type-check and validate a config; print every problem with file:line:col',
      (y) => y.positional('config', { type: 'string', demandOption: true }).option('format', format),
      async (a) => {
        exitCode = await validateCommand({ config: a.config, format: a.format as OutputFormat });
      },
    )
    .command(
      'inspect <config>',
      'print the resolved config and the device plan (cores, work, circular buffers, L1 per core)',
      (y) => y.positional('config', { type: 'string', demandOption: true }).option('format', format),
      async (a) => {
        exitCode = await inspectCommand({ config: a.config, format: a.format as OutputFormat });
      },
    )
    .command(
      'build <config>',
      'generate the tt-metal CMake project (host C++, kernels, weights.bin, manifest.json)',
      (y) =>
        y
          .positional('config', { type: 'string', demandOption: true })
          .option('out', { type: 'string', describe: 'output directory (default molegen-out/<name>)' })
          .option('check', { type: 'boolean', default: false, describe: 'do not write; exit 1 listing files that differ' })
          .option('weights', { type: 'string', describe: '.safetensors checkpoint overriding the config' })
          .option('format', format),
      async (a) => {
        exitCode = await buildCommand({ config: a.config, out: a.out, check: a.check, weights: a.weights, format: a.format as OutputFormat });
      },
    )
    .command(
      'run <config>',
      'forecast a batch with the reference interpreter or the generated program on the emulator',
      (y) =>
        y
          .positional('config', { type: 'string', demandOption: true })
          .option('x', { type: 'string', demandOption: true, describe: 'input windows, float32 .npy [B, L, C]' })
          .option('marks', { type: 'string', demandOption: true, describe: 'time features, .npy [B, L, F] or [B, F]' })
          .option('out', { type: 'string', demandOption: true, describe: 'forecast .npy [B, P, C] to write' })
          .option('weights', { type: 'string', describe: '.safetensors checkpoint overriding the config' })
          .option('backend', { type: 'string', choices: ['reference', 'emulator'], default: 'reference' })
          .option('numerics', { type: 'string', choices: ['fp64', 'fp32', 'device'], default: 'fp64', describe: 'reference backend numerics' })
          .option('project', { type: 'string', describe: 'where to generate the project (emulator backend)' })
          .option('iters', { type: 'number', default: 1 })
          .option('warmup', { type: 'number', default: 0 })
          .option('format', format),
      async (a) => {
        exitCode = await runCommand({
          config: a.config,
          x: a.x,
          marks: a.marks,
          out: a.out,
          weights: a.weights,
          backend: a.backend as 'reference' | 'emulator',
          numerics: a.numerics as 'fp64' | 'fp32' | 'device',
          project: a.project,
          iters: a.iters,
          warmup: a.warmup,
          format: a.format as OutputFormat,
        });
      },
    )
    .command(
      'verify <config>',
      'build, run on the emulator and compare with the reference interpreter (PCC, max error, allclose)',
      (y) =>
        y
          .positional('config', { type: 'string', demandOption: true })
          .option('batch', { type: 'number', describe: 'override the compiled batch size' })
          .option('seed', { type: 'number', default: 0, describe: 'seed of the synthetic inputs' })
          .option('data', { type: 'string', describe: 'CSV data set: use its first test-split windows instead' })
          .option('weights', { type: 'string', describe: '.safetensors checkpoint overriding the config' })
          .option('out', { type: 'string', describe: 'where to generate the project (default molegen-out/<name>)' })
          .option('format', format),
      async (a) => {
        exitCode = await verifyCommand({ config: a.config, batch: a.batch, seed: a.seed, data: a.data, weights: a.weights, out: a.out, format: a.format as OutputFormat });
      },
    )
    .demandCommand(1, 'name a command: validate, inspect, build, run or verify')
    .strict()
    .help()
    .version(false)
    .fail((message, error, y) => {
      if (error) throw error;
      process.stderr.write(`${y.help()}\n\n${message}\n`);
      exitCode = 1;
    })
    .parseAsync();
  return exitCode;
}
