// The molegen command line (yargs): wires each verb to its command module and returns the exit
// code. No command logic lives here.

import yargs from 'yargs';
import { checkOptionValues, usageDiagnostics } from './cli-options.ts';
import { setConfigOverrides } from './load/cli-overrides.ts';
import type { OutputFormat } from './commands/report.ts';
import { diagnosticsToJson, formatDiagnostics, type Diagnostic } from './diagnostics.ts';

const COMMANDS = ['validate', 'inspect', 'build', 'run', 'verify', 'train', 'eval', 'bench'];

/** A command line yargs or cli-options.ts rejected; main prints it and returns 1 before any command runs. */
class UsageError extends Error {
  constructor(readonly diagnostics: Diagnostic[], readonly usage: string) {
    super(diagnostics.map((d) => d.message).join('; '));
  }
}

// Commands load lazily: `molegen --help` must not pay for ts-morph, and one verb's
// dependencies never slow down another.
const buildCommand = async (a: Parameters<typeof import('./commands/build.ts').buildCommand>[0]) => (await import('./commands/build.ts')).buildCommand(a);
const inspectCommand = async (a: Parameters<typeof import('./commands/inspect.ts').inspectCommand>[0]) => (await import('./commands/inspect.ts')).inspectCommand(a);
const runCommand = async (a: Parameters<typeof import('./commands/run.ts').runCommand>[0]) => (await import('./commands/run.ts')).runCommand(a);
const validateCommand = async (a: Parameters<typeof import('./commands/validate.ts').validateCommand>[0]) => (await import('./commands/validate.ts')).validateCommand(a);
const verifyCommand = async (a: Parameters<typeof import('./commands/verify.ts').verifyCommand>[0]) => (await import('./commands/verify.ts')).verifyCommand(a);
const trainCommand = async (a: Parameters<typeof import('./commands/train.ts').trainCommand>[0]) => (await import('./commands/train.ts')).trainCommand(a);
const benchCommand = async (a: Parameters<typeof import('./commands/bench.ts').benchCommand>[0]) => (await import('./commands/bench.ts')).benchCommand(a);
const evalCommand = async (a: Parameters<typeof import('./commands/eval.ts').evalCommand>[0]) => (await import('./commands/eval.ts')).evalCommand(a);

export async function main(argv: string[]): Promise<number> {
  try {
    return await parseAndRun(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const json = argv.some((a, i) => a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));
    if (json) process.stdout.write(`${diagnosticsToJson(error.diagnostics)}\n`);
    else process.stderr.write(`${error.usage ? `${error.usage}\n\n` : ''}${formatDiagnostics(error.diagnostics, { color: process.stderr.isTTY })}`);
    return 1;
  }
}

async function parseAndRun(argv: string[]): Promise<number> {
  let exitCode = 0;
  const format = { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'diagnostics and results as text or JSON' } as const;
  const cli = yargs(argv);
  await cli
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
          .option('check', { type: 'boolean', describe: 'do not write; exit 1 listing files that differ' })
          .option('python', { type: 'boolean', describe: 'also compile the Python module (pybind11) against the emulator' })
          .conflicts('python', 'check')
          .option('force', { type: 'boolean', default: false, describe: 'write even if the directory holds files molegen did not write (they are kept)' })
          .option('weights', { type: 'string', describe: '.safetensors checkpoint overriding the config' })
          .option('allow-nonfinite', { type: 'boolean', default: false, describe: 'accept NaN/Inf in inputs and weights (refused by default)' })
          .option('format', format),
      async (a) => {
        exitCode = await buildCommand({ config: a.config, out: a.out, check: a.check, python: a.python, force: a.force, weights: a.weights, allowNonfinite: a.allowNonfinite, format: a.format as OutputFormat });
      },
    )
    .command(
      'run <config>',
      'forecast a batch with the reference interpreter or the generated program on the emulator',
      (y) =>
        y
          .positional('config', { type: 'string', demandOption: true })
          .option('x', { type: 'string', demandOption: true, describe: 'input windows, float32 .npy [B, L, C] (-x or --x)' })
          .option('marks', { type: 'string', demandOption: true, describe: 'time features, .npy [B, L, F] or [B, F]' })
          .option('out', { type: 'string', demandOption: true, describe: 'forecast .npy [B, P, C] to write' })
          .option('weights', { type: 'string', describe: '.safetensors checkpoint overriding the config' })
          .option('backend', { type: 'string', choices: ['reference', 'emulator'], default: 'reference' })
          .option('numerics', { type: 'string', choices: ['fp64', 'fp32', 'device'], default: 'fp64', describe: 'reference backend numerics' })
          .option('project', { type: 'string', describe: 'where to generate the project (emulator backend)' })
          .option('iters', { type: 'number', default: 1, describe: 'timed runs of the forward pass (emulator backend; median latency printed)' })
          .option('warmup', { type: 'number', default: 0, describe: 'untimed runs before the timed ones (emulator backend)' })
          .option('allow-nonfinite', { type: 'boolean', default: false, describe: 'accept NaN/Inf in inputs and weights (refused by default)' })
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
          allowNonfinite: a.allowNonfinite,
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
          .option('python', { type: 'boolean', default: false, describe: 'run the program through the generated Python module instead of the C++ runner' })
          .option('allow-nonfinite', { type: 'boolean', default: false, describe: 'accept NaN/Inf in inputs and weights (refused by default)' })
          .option('format', format),
      async (a) => {
        exitCode = await verifyCommand({ config: a.config, batch: a.batch, seed: a.seed, data: a.data, weights: a.weights, out: a.out, python: a.python, allowNonfinite: a.allowNonfinite, format: a.format as OutputFormat });
      },
    )
    .command(
      'train <config>',
      'train the model on a CSV data set (Adam, type1 schedule, early stopping); write a .safetensors checkpoint',
      (y) =>
        y
          .positional('config', { type: 'string', demandOption: true })
          .option('data', { type: 'string', demandOption: true, describe: 'CSV data set (ETT layout or date-first custom layout)' })
          .option('out', { type: 'string', describe: 'checkpoint to write (default <name>.safetensors)' })
          .option('epochs', { type: 'number', default: 10, describe: 'maximum number of epochs' })
          .option('lr', { type: 'number', default: 0.005, describe: 'initial learning rate (halved from epoch 3 on, type1)' })
          .option('batch', { type: 'number', default: 32, describe: 'training batch size (drop_last)' })
          .option('seed', { type: 'number', default: 2021, describe: 'seed of the initialisation, shuffles and dropout masks' })
          .option('patience', { type: 'number', default: 3, describe: 'early-stopping patience in epochs' })
          .option('head-dropout', { type: 'number', describe: 'head dropout probability (default: the config)' })
          .option('load-balance', { type: 'number', describe: 'weight of the load-balancing loss (top-k extension; default 0)' })
          .option('duplicate', { type: 'boolean', default: true, describe: 'duplicate each batch when dropout or noise is on (official in-batch augmentation)' })
          .option('progress', { type: 'boolean', default: true, describe: 'progress bar on stderr' })
          .option('progress-interval', { type: 'number', default: 30, describe: 'seconds between progress lines within an epoch when stderr is not a terminal' })
          .option('format', format),
      async (a) => {
        exitCode = await trainCommand({
          config: a.config,
          data: a.data,
          out: a.out,
          epochs: a.epochs,
          lr: a.lr,
          batch: a.batch,
          seed: a.seed,
          patience: a.patience,
          headDropout: a.headDropout,
          loadBalance: a.loadBalance,
          duplicate: a.duplicate,
          progress: a.progress,
          progressInterval: a.progressInterval,
          format: a.format as OutputFormat,
        });
      },
    )
    .command(
      'eval <config>',
      'test-split metrics, expert usage, JSON and an HTML report with SVG plots',
      (y) =>
        y
          .positional('config', { type: 'string', demandOption: true })
          .option('data', { type: 'string', demandOption: true, describe: 'CSV data set' })
          .option('weights', { type: 'string', describe: '.safetensors checkpoint (official MoLE/DLinear/RLinear/RMLP layouts) overriding the config' })
          .option('backend', { type: 'string', choices: ['reference', 'emulator'], default: 'reference' })
          .option('numerics', { type: 'string', choices: ['fp64', 'fp32', 'device'], default: 'fp64', describe: 'reference backend numerics' })
          .option('batch-size', { type: 'number', default: 32, describe: 'batch size of the drop_last metrics' })
          .option('json', { type: 'string', describe: 'write the result as JSON to this file' })
          .option('html', { type: 'string', describe: 'write an HTML report to this file' })
          .option('project', { type: 'string', describe: 'where to generate the project (emulator backend)' })
          .option('format', format),
      async (a) => {
        exitCode = await evalCommand({
          config: a.config,
          data: a.data,
          weights: a.weights,
          backend: a.backend as 'reference' | 'emulator',
          numerics: a.numerics as 'fp64' | 'fp32' | 'device',
          batchSize: a.batchSize,
          json: a.json,
          html: a.html,
          project: a.project,
          format: a.format as OutputFormat,
        });
      },
    )
    .command(
      'bench <config>',
      'modeled device latency and seq/s (cost model, roofline, op-by-op baseline) beside the emulator\'s measured speed; appends CSV rows',
      (y) =>
        y
          .positional('config', { type: 'string', demandOption: true })
          .option('batch', { type: 'number', array: true, default: [1, 8, 32], describe: 'batch sizes to model (and run)' })
          .option('scaling-batch', { type: 'number', array: true, default: [32, 256, 1024], describe: 'batch sizes of the modeled scaling table over 1, 2, 8 and 32 chips' })
          .option('iters', { type: 'number', default: 10, describe: 'timed emulator iterations' })
          .option('warmup', { type: 'number', default: 2, describe: 'emulator warm-up iterations' })
          .option('emulator', { type: 'boolean', default: true, describe: 'also build and run on the emulator (--no-emulator: model only)' })
          .option('csv', { type: 'string', describe: 'CSV file to append rows to (default molegen-out/bench.csv)' })
          .option('format', format),
      async (a) => {
        exitCode = await benchCommand({ config: a.config, batch: a.batch as number[], scalingBatch: a.scalingBatch as number[], iters: a.iters, warmup: a.warmup, emulator: a.emulator, csv: a.csv, format: a.format as OutputFormat });
      },
    )
    .demandCommand(1, 'name a command: validate, inspect, build, run, verify, bench, train or eval')
    .strict()
    // After yargs' own checks, before any command runs: option values (cli-options.ts).
    .option('set', { type: 'string', array: true, global: true, describe: 'override a field of the resolved config: --set predLen=192 (repeatable; validated like the file)' })
    .middleware((a) => {
      const problems = checkOptionValues(String(a._[0] ?? ''), a, argv);
      if (problems.length > 0) throw new UsageError(problems, '');
      setConfigOverrides((a.set as string[] | undefined) ?? []);
    }, false)
    .help()
    .version(false)
    .fail((message, error) => {
      if (error) throw error;
      const known = Object.keys((cli as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key).filter((k) => k.length > 1 && !k.includes('_') && k !== '$0');
      throw new UsageError(usageDiagnostics(message, known, argv, COMMANDS), '');
    })
    .parseAsync();
  return exitCode;
}
