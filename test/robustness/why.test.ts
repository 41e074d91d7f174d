// One test per reproduction in issue 12's "Why": each was a crash, a hang, a silent wrong result or a
// deleted file, and must now be a coded diagnostic with exit 1 (or work). Most drive the CLI in
// process (main(argv), output captured); a few spawn it as a user would, for the exit status.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeNpy } from '../../reference/npy.ts';
import { exportCheckpoint, moleLayout } from '../../reference/checkpoint.ts';
import { writeSafetensors } from '../../reference/safetensors.ts';
import { randomStateDict } from '../../reference/weights.ts';
import { defineMoLE, experts, router } from '../../dsl/index.ts';
import { main } from '../../generator/cli.ts';
import { MolegenError } from '../../generator/diagnostics.ts';
import { REPO_ROOT } from '../../generator/emit/templates.ts';
import { sha256 } from '../../generator/emit/project.ts';
import { writeProject } from '../../generator/emit/write-output.ts';
import { loadConfig } from '../../generator/load/index.ts';
import { processStart, withLock } from '../../generator/toolchain/lock.ts';
import { molegen } from '../support/molegen-cli.ts';

const example = path.join(REPO_ROOT, 'examples', 'etth1.ts');
const root = mkdtempSync(path.join(os.tmpdir(), 'molegen-why-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const fresh = (name: string): string => {
  const dir = path.join(root, `${name}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** main(argv) in this process with stdout/stderr captured. */
async function cli(...argv: string[]): Promise<{ code: number; output: string }> {
  const saved = { out: process.stdout.write, err: process.stderr.write };
  let output = '';
  const capture = ((chunk: string | Uint8Array) => ((output += String(chunk)), true)) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    return { code: await main(argv), output };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}

function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk('');
  return out.sort();
}

const file = (p: string, text: string): { path: string; contents: Buffer } => ({ path: p, contents: Buffer.from(text) });

describe('build never deletes files it did not write', () => {
  it('a folder with a molegen manifest plus thesis.tex and chapters/one.tex: refused with MG5006 listing both, nothing touched', async () => {
    const out = fresh('thesis');
    writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ generator: 'molegen', files: {} }));
    writeFileSync(path.join(out, 'thesis.tex'), '\\documentclass{book}\n');
    mkdirSync(path.join(out, 'chapters'));
    writeFileSync(path.join(out, 'chapters', 'one.tex'), 'Chapter one\n');
    const before = tree(out);
    const result = await molegen('build', example, '--out', out);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('MG5006');
    expect(result.stderr).toContain('thesis.tex');
    expect(result.stderr).toContain('chapters/one.tex');
    expect(tree(out)).toEqual(before);
    expect(readFileSync(path.join(out, 'thesis.tex'), 'utf8')).toBe('\\documentclass{book}\n');
  });

  it('removes only files the previous manifest lists with the hash they still have; --force keeps foreign files', () => {
    const out = fresh('owned');
    writeProject(out, [file('a.txt', 'A'), file('old.txt', 'OLD'), file('manifest.json', JSON.stringify({ generator: 'molegen', files: { 'a.txt': sha256('A'), 'old.txt': sha256('OLD') } }))]);
    // old.txt is molegen's and unchanged: a new generation without it removes it.
    const report = writeProject(out, [file('a.txt', 'A2'), file('manifest.json', JSON.stringify({ generator: 'molegen', files: { 'a.txt': sha256('A2') } }))]);
    expect(report.removed).toEqual(['old.txt']);
    // A hand-edited generated file and a user's file are foreign: refused, then kept with --force.
    writeFileSync(path.join(out, 'a.txt'), 'edited by hand');
    writeFileSync(path.join(out, 'notes.md'), 'mine');
    const next = [file('b.txt', 'B'), file('manifest.json', JSON.stringify({ generator: 'molegen', files: { 'b.txt': sha256('B') } }))];
    let error: unknown;
    try {
      writeProject(out, next);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MolegenError);
    expect((error as MolegenError).diagnostics[0]).toMatchObject({ code: 'MG5006' });
    expect((error as MolegenError).diagnostics[0]!.message).toMatch(/a\.txt[\s\S]*notes\.md/);
    expect(tree(out)).toEqual(['a.txt', 'manifest.json', 'notes.md']);
    const forced = writeProject(out, next, { force: true });
    expect(forced.removed).toEqual([]);
    expect(forced.kept).toEqual(['a.txt', 'notes.md']);
    expect(readFileSync(path.join(out, 'a.txt'), 'utf8')).toBe('edited by hand');
  });

  it("--out '' is an error (it would mean the current folder), and nothing is written", async () => {
    const result = await cli('build', example, '--out', '');
    expect(result.code).toBe(1);
    expect(result.output).toContain('MG7002');
    expect(result.output).toContain('--out is empty');
  });
});

describe('locks: stale ones are taken over, live ones waited for with progress', () => {
  it('takes over a lock whose process has ended, saying so', async () => {
    const lock = path.join(fresh('stale'), 'lock');
    const dead = spawn(process.execPath, ['-e', '']);
    const pid = dead.pid!;
    await new Promise((resolve) => dead.on('exit', resolve));
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid, start: '1' }));
    const lines: string[] = [];
    const result = await withLock(lock, { what: 'building the emulator', report: (l) => lines.push(l), pollEvery: 10 }, async () => 'ran');
    expect(result).toBe('ran');
    expect(lines.join('\n')).toContain(`taking over a stale lock ${lock} (pid ${pid} building the emulator is no longer running)`);
    expect(existsSync(lock)).toBe(false);
  });

  it('a live owner (same PID and start time) is waited for with "waiting for another molegen ..." lines', async () => {
    const lock = path.join(fresh('live'), 'lock');
    const owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const pid = owner.pid!;
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid, start: processStart(pid) ?? '' }));
    const lines: string[] = [];
    const waited = withLock(lock, { what: 'building the emulator', report: (l) => lines.push(l), reportEvery: 0, pollEvery: 10 }, async () => 'ran');
    while (lines.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines[0]).toMatch(new RegExp(`^waiting for another molegen building the emulator, pid ${pid}, \\d+ s$`));
    owner.kill('SIGKILL');
    expect(await waited).toBe('ran');
    expect(lines.some((l) => l.startsWith('taking over a stale lock'))).toBe(true);
  });

  it('a PID reused by another process (different start time) is not the owner', async () => {
    const lock = path.join(fresh('reused'), 'lock');
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: process.pid, start: 'not-my-start-time' }));
    const lines: string[] = [];
    await withLock(lock, { what: 'x', report: (l) => lines.push(l), pollEvery: 10 }, async () => undefined);
    expect(lines[0]).toContain('taking over a stale lock');
  });

  it('two builders in turn: their bodies never overlap', async () => {
    const lock = path.join(fresh('turns'), 'lock');
    const events: string[] = [];
    const body = (name: string) => async () => {
      events.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 30));
      events.push(`${name} out`);
    };
    await Promise.all([withLock(lock, { what: 'a', pollEvery: 5 }, body('a')), withLock(lock, { what: 'b', pollEvery: 5 }, body('b'))]);
    expect(events).toHaveLength(4);
    expect(events[0]!.slice(0, 1)).toBe(events[1]!.slice(0, 1));
    expect(events[2]!.slice(0, 1)).toBe(events[3]!.slice(0, 1));
  });
});

describe('unknown options stop the command', () => {
  it('validate --frobnicate: MG7001, exit 1, no "ok"', async () => {
    const result = await molegen('validate', example, '--frobnicate');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error MG7001: unknown option --frobnicate');
    expect(result.stdout).not.toContain('ok');
  });

  it('run --weigths: MG7001 with "did you mean --weights?", nothing written', async () => {
    const dir = fresh('weigths');
    const result = await cli('run', example, '--x', 'x.npy', '--marks', 'm.npy', '--out', path.join(dir, 'y.npy'), '--weigths', 'w.safetensors');
    expect(result.code).toBe(1);
    expect(result.output).toContain('unknown option --weigths');
    expect(result.output).toContain('did you mean --weights?');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('numeric options are checked before anything runs', () => {
  const cases: Array<[string[], string]> = [
    [['train', example, '--data', 'd.csv', '--batch', '0'], '--batch must be an integer ≥ 1'],
    [['train', example, '--data', 'd.csv', '--lr', 'abc'], '--lr must be a number > 0 and ≤ 10 (got not a number)'],
    [['verify', example, '--batch', '0'], '--batch must be an integer ≥ 1 and ≤ 1024 (got 0)'],
    [['eval', example, '--data', 'd.csv', '--batch-size', '-5'], '--batch-size must be an integer ≥ 1'],
    [['bench', example, '--batch', '100000'], '--batch must be an integer ≥ 1 and ≤ 1024 (got 100000)'],
    [['run', example, '--x', 'x', '--marks', 'm', '--out', 'y', '--iters', '1.5'], '--iters must be an integer'],
  ];
  for (const [argv, message] of cases) {
    it(`${argv.filter((a) => a !== example).join(' ')} → MG7002`, async () => {
      const result = await cli(...argv);
      expect(result.code).toBe(1);
      expect(result.output).toContain('MG7002');
      expect(result.output).toContain(message);
    });
  }
});

describe('run: every .npy problem is coded, on both backends, before any work', () => {
  const config = path.join(REPO_ROOT, 'examples', 'etth1.ts');
  const [B, L, C, F] = [32, 336, 7, 4];
  const dir = fresh('npy');
  const values = (n: number): Float64Array => new Float64Array(n).map((_, i) => Math.sin(i));
  const save = (name: string, bytes: Uint8Array): string => {
    const p = path.join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  const good = save('x.npy', serializeNpy([B, L, C], values(B * L * C), 'float32'));
  const marks = save('marks.npy', serializeNpy([B, F], values(B * F), 'float32'));
  const cases: Array<[string, () => string[], string]> = [
    ['missing x', () => ['--x', path.join(dir, 'nope.npy'), '--marks', marks], 'MG4101'],
    ['truncated x', () => ['--x', save('t.npy', serializeNpy([B, L, C], values(B * L * C), 'float32').subarray(0, 500)), '--marks', marks], 'MG4107'],
    ['wrong dtype', () => ['--x', save('i.npy', Buffer.from(Buffer.from(serializeNpy([B, L, C], values(B * L * C), 'float32')).toString('latin1').replace("'<f4'", "'<i4'"), 'latin1')), '--marks', marks], 'MG4106'],
    ['Fortran order', () => ['--x', save('f.npy', Buffer.from(Buffer.from(serializeNpy([B, L, C], values(B * L * C), 'float32')).toString('latin1').replace('False', 'True '), 'latin1')), '--marks', marks], 'MG4105'],
    ['x is a folder', () => ['--x', dir, '--marks', marks], 'MG4101'],
    ['transposed marks [B, F, L]', () => ['--x', good, '--marks', save('mt.npy', serializeNpy([B, F, L], values(B * F * L), 'float32'))], 'MG4110'],
    ['NaN in x', () => ['--x', save('nan.npy', serializeNpy([B, L, C], values(B * L * C).map((v, i) => (i === 100 ? Number.NaN : v)), 'float32')), '--marks', marks], 'MG4111'],
    ['Inf in marks', () => ['--x', good, '--marks', save('minf.npy', serializeNpy([B, F], values(B * F).map((v, i) => (i === 5 ? Infinity : v)), 'float32'))], 'MG4111'],
  ];
  for (const backend of ['reference', 'emulator']) {
    for (const [name, args, code] of cases) {
      it(`${name} (${backend}) → ${code}, nothing built or written`, async () => {
        const project = path.join(dir, `project-${backend}`);
        const out = path.join(dir, `y-${backend}.npy`);
        const result = await cli('run', config, ...args(), '--out', out, '--backend', backend, '--project', project);
        expect(result.code).toBe(1);
        expect(result.output).toContain(code);
        expect(result.output).not.toContain('internal error');
        expect(existsSync(project)).toBe(false);
        expect(existsSync(out)).toBe(false);
      });
    }
  }

  it('--out is a folder → MG4108 before any work', async () => {
    const result = await cli('run', config, '--x', good, '--marks', marks, '--out', dir);
    expect(result.code).toBe(1);
    expect(result.output).toContain('MG4108');
  });

  it('float64 x is rounded to float32: the same forecast as the float32 file, with a note', async () => {
    const x64 = save('x64.npy', serializeNpy([B, L, C], values(B * L * C), 'float64'));
    const a = await cli('run', config, '--x', good, '--marks', marks, '--out', path.join(dir, 'y32.npy'));
    const b = await cli('run', config, '--x', x64, '--marks', marks, '--out', path.join(dir, 'y64.npy'));
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(b.output).toContain('note: x is float64; rounded to float32');
    expect(readFileSync(path.join(dir, 'y64.npy')).equals(readFileSync(path.join(dir, 'y32.npy')))).toBe(true);
  });

  it('--allow-nonfinite lets NaN through', async () => {
    const nan = save('nan2.npy', serializeNpy([B, L, C], values(B * L * C).map((v, i) => (i === 7 ? Number.NaN : v)), 'float32'));
    const result = await cli('run', config, '--x', nan, '--marks', marks, '--out', path.join(dir, 'ynan.npy'), '--allow-nonfinite');
    expect(result.code).toBe(0);
  });
});

describe('NaN/Inf in weights', () => {
  it('a checkpoint with a NaN is refused naming the tensor and the index (MG4011)', async () => {
    const dir = fresh('nanweights');
    const config = defineMoLE({ name: 'nan-w', input: { seqLen: 16, channels: 3 }, predLen: 8, batch: 2, experts: experts.dlinear({ count: 2, kernelSize: 5 }), router: router.mlp({}) });
    const tensors = exportCheckpoint(randomStateDict(config, 1), moleLayout(config));
    const [name, tensor] = [...tensors][0]!;
    tensor.data[1] = Number.NaN;
    const weightsFile = path.join(dir, 'w.safetensors');
    writeSafetensors(weightsFile, tensors);
    const configFile = path.join(dir, 'c.mts');
    writeFileSync(configFile, `import { defineMoLE, experts, router } from 'molegen';\nexport default defineMoLE({ name: 'nan-w', input: { seqLen: 16, channels: 3 }, predLen: 8, batch: 2, experts: experts.dlinear({ count: 2, kernelSize: 5 }), router: router.mlp({}) });\n`);
    const result = await cli('build', configFile, '--weights', weightsFile, '--out', path.join(dir, 'out'));
    expect(result.code).toBe(1);
    expect(result.output).toContain(`MG4011: tensor '${name}' holds a non-finite value (NaN) at [`);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('config evaluation is isolated', () => {
  const dir = fresh('configs');
  const head = "import { defineMoLE, experts, router } from 'molegen';\n";
  const body = "defineMoLE({ name: 'c', input: { seqLen: 8, channels: 2 }, predLen: 4, experts: experts.dlinear({ count: 2, kernelSize: 3 }), router: router.mlp({}) })";
  const config = (name: string, text: string): string => {
    const p = path.join(dir, name);
    writeFileSync(p, head + text);
    return p;
  };
  const codeOf = async (p: string): Promise<string> => {
    try {
      await loadConfig(p);
      return 'ok';
    } catch (error) {
      if (error instanceof MolegenError) return `${error.diagnostics[0]!.code} ${error.diagnostics[0]!.message}`;
      throw error;
    }
  };

  it('while(true){} at top level → MG1007 naming the limit', async () => {
    const saved = process.env.MOLEGEN_CONFIG_TIMEOUT;
    process.env.MOLEGEN_CONFIG_TIMEOUT = '2';
    try {
      expect(await codeOf(config('loop.mts', `while (true) {}\nexport default ${body};\n`))).toMatch(/^MG1007 .*within the 2 s limit/);
    } finally {
      if (saved === undefined) delete process.env.MOLEGEN_CONFIG_TIMEOUT;
      else process.env.MOLEGEN_CONFIG_TIMEOUT = saved;
    }
  });

  it('process.exit(0) in a config: validate exits 1 with MG1008 at its line', async () => {
    const file = config('exit.mts', `process.exit(0);\nexport default ${body};\n`);
    const result = await molegen('validate', file);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/exit\.mts:2:\d+ - error MG1008: exit\.mts: the config called process\.exit\(0\)/);
  });

  it('an exported Promise (async config) is awaited', async () => {
    expect(await codeOf(config('promise.mts', `export default Promise.resolve(${body});\n`))).toBe('ok');
    expect(await codeOf(config('async.mts', `export default (async () => ${body})();\n`))).toBe('ok');
  });

  it('a Promise of something else is named precisely', async () => {
    expect(await codeOf(config('promise-num.mts', `export default Promise.resolve(42);\n`))).toMatch(/^MG1003 promise-num\.mts default-exports a Promise that resolved to a number/);
  });

  it('a directory is "a directory", not "not found"', async () => {
    expect(await codeOf(dir)).toMatch(/^MG1005 .* is a directory, not a config file/);
  });

  it('a config.ts next to a plain folder (package.json without "type": "module") loads', async () => {
    const plain = fresh('plain');
    writeFileSync(path.join(plain, 'package.json'), '{ "name": "thesis" }');
    writeFileSync(path.join(plain, 'config.ts'), `${head}export default ${body};\n`);
    const result = await cli('validate', path.join(plain, 'config.ts'));
    expect(result.output).toContain('ok (c)');
    expect(result.code).toBe(0);
  });
});

describe('loading: the type-check cache never hides an error', () => {
  it('a cached clean check is redone when an imported file changes, and reports the new type error at its position', async () => {
    const dir = fresh('cache');
    const cache = fresh('cache-dir');
    const saved = process.env.MOLEGEN_CACHE_DIR;
    process.env.MOLEGEN_CACHE_DIR = cache;
    try {
      writeFileSync(path.join(dir, 'size.ts'), 'export const seqLen: number = 8;\n');
      const file = path.join(dir, 'c.mts');
      writeFileSync(file, "import { defineMoLE, experts, router } from 'molegen';\nimport { seqLen } from './size.ts';\nexport default defineMoLE({ name: 'c', input: { seqLen, channels: 2 }, predLen: 4, experts: experts.dlinear({ count: 2, kernelSize: 3 }), router: router.mlp({ topK: 3 }) });\n");
      const first = await cli('validate', file);
      expect(first.output).toMatch(/c\.mts:3:\d+ - error MG3001/);
      // The check passed (MG3001 is a validation rule): it is cached now, and the rule error still has its position.
      expect(readdirSync(path.join(cache, 'typecheck'))).toHaveLength(1);
      const second = await cli('validate', file);
      expect(second.output).toBe(first.output);
      writeFileSync(path.join(dir, 'size.ts'), "export const seqLen: string = 'eight';\n");
      const third = await cli('validate', file);
      expect(third.code).toBe(1);
      expect(third.output).toMatch(/c\.mts:3:\d+ - error MG1001/);
    } finally {
      if (saved === undefined) delete process.env.MOLEGEN_CACHE_DIR;
      else process.env.MOLEGEN_CACHE_DIR = saved;
    }
  });
});

describe('Ctrl-C during a build ends the tools and leaves no lock behind', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: the child tool is ended, the lock removed, exit ${signal === 'SIGINT' ? 130 : 143}`, async () => {
      const lock = path.join(fresh('interrupt'), 'lock');
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test', 'robustness', 'fixtures', 'interrupt-child.ts'), lock], { cwd: REPO_ROOT });
      let out = '';
      child.stdout.on('data', (d) => (out += String(d)));
      while (!/ready \d+/.test(out)) {
        if (child.exitCode !== null) throw new Error(`child ended early: ${out}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const toolPid = Number(/ready (\d+)/.exec(out)![1]);
      expect(existsSync(lock)).toBe(true);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill(signal);
      expect(await exited).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(existsSync(lock)).toBe(false);
      // The tool was ended too (give the kernel a moment to reap it).
      let alive = true;
      for (let i = 0; i < 100 && alive; i++) {
        try {
          process.kill(toolPid, 0);
          await new Promise((resolve) => setTimeout(resolve, 20));
        } catch {
          alive = false;
        }
      }
      expect(alive).toBe(false);
    });
  }
});

describe('output files of eval, train and bench are checked before the work', () => {
  it('eval --json into a folder, train --out into a missing folder, bench --csv into a folder: coded, before any work', async () => {
    const dir = fresh('outputs');
    const data = path.join(dir, 'missing.csv');
    const evalJson = await cli('eval', example, '--data', data, '--json', dir);
    expect(evalJson.code).toBe(1);
    expect(evalJson.output).toContain(`MG4112: --json ${dir} is a directory`);
    const train = await cli('train', example, '--data', data, '--out', path.join(dir, 'nope', 'w.safetensors'));
    expect(train.code).toBe(1);
    expect(train.output).toMatch(/MG4025: --out .*: the directory .*nope does not exist/);
    const bench = await cli('bench', example, '--csv', dir, '--no-emulator');
    expect(bench.code).toBe(1);
    expect(bench.output).toContain(`MG4112: --csv ${dir} is a directory`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
