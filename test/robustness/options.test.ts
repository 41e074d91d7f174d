// Options users of the official code need (issue 12, "What to build"): training progress when
// stderr is not a terminal, and the CLI option checks as a table (cli-options.ts).

import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../generator/commands/train.ts';
import { checkOptionValues, NUMERIC_OPTIONS } from '../../generator/cli-options.ts';
import type { ProgressEvent } from '../../reference/train/trainer.ts';

describe('training progress without a terminal', () => {
  it('prints a line within the epoch every N seconds (injected clock), and one per epoch', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    let t = 0;
    const print = progressPrinter(stream, 30, () => t);
    const event = (kind: 'batch' | 'epoch', batch: number): ProgressEvent => ({
      kind, epoch: 1, epochs: 2, batch, batches: 100, trainLoss: 0.5, learningRate: 0.005, elapsedSeconds: t / 1000, etaSeconds: 60,
      ...(kind === 'epoch' ? { valLoss: 0.4, improved: true } : {}),
    });
    t = 10_000;
    print(event('batch', 10));
    expect(lines).toEqual([]);
    t = 31_000;
    print(event('batch', 31));
    t = 40_000;
    print(event('batch', 40));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^epoch 1\/2 \[#+-+\] 31\/100 loss 0\.5000 lr 5\.00e-3 ETA 1m00s\n$/);
    expect(lines[0]).not.toContain('\r');
    t = 50_000;
    print(event('epoch', 100));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('val 0.4000 *');
    t = 70_000; // 20 s after the epoch line: not yet
    print(event('batch', 5));
    expect(lines).toHaveLength(2);
  });
});

describe('numeric options', () => {
  it('every numeric option rejects NaN, ±Infinity and a value just outside its range, and accepts its bounds', () => {
    for (const [command, options] of Object.entries(NUMERIC_OPTIONS)) {
      for (const [name, spec] of Object.entries(options)) {
        const check = (value: unknown): number => checkOptionValues(command, { [name]: value }).length;
        expect(check(Number.NaN), `${command} --${name} NaN`).toBe(1);
        expect(check(Infinity), `${command} --${name} Infinity`).toBe(1);
        expect(check(-Infinity), `${command} --${name} -Infinity`).toBe(1);
        expect(check(spec.minExclusive ? spec.min : spec.min - (spec.integer ? 1 : 1e-9)), `${command} --${name} below`).toBe(1);
        expect(check(spec.maxExclusive ? spec.max : spec.max + (spec.integer ? 1 : 1e-3)), `${command} --${name} above`).toBe(1);
        if (spec.integer) expect(check(spec.min + 0.5), `${command} --${name} fraction`).toBe(1);
        if (!spec.minExclusive) expect(check(spec.min), `${command} --${name} min`).toBe(0);
        if (!spec.maxExclusive) expect(check(spec.max), `${command} --${name} max`).toBe(0);
      }
    }
  });

  it('a numeric option written with nothing after it is refused, not defaulted', () => {
    expect(checkOptionValues('train', {}, ['train', 'c.ts', '--batch', '--epochs', '2']).map((d) => d.message)).toEqual([
      '--batch needs a value: an integer ≥ 1 and ≤ 1000000',
    ]);
  });
});

describe('--set sweeps', () => {
  it('overrides resolved fields, validates them like the file and reports problems against the command line', async () => {
    const { main } = await import('../../generator/cli.ts');
    const path = await import('node:path');
    const { REPO_ROOT } = await import('../../generator/emit/templates.ts');
    const example = path.join(REPO_ROOT, 'examples', 'etth1.ts');
    const run = async (...argv: string[]): Promise<{ code: number; output: string }> => {
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
    };
    const ok = await run('inspect', example, '--set', 'predLen=192', '--set', 'experts.count=2', '--format', 'json');
    expect(ok.code).toBe(0);
    const resolved = JSON.parse(ok.output.slice(ok.output.indexOf('{'))) as { config: { predLen: number; experts: { count: number } } };
    expect([resolved.config.predLen, resolved.config.experts.count]).toEqual([192, 2]);
    const bad = await run('validate', example, '--set', 'predLen=0');
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('error MG2001: --set predLen=0: predLen must be ≥ 1 (got 0)');
    const typo = await run('validate', example, '--set', 'experts.cont=3');
    expect(typo.output).toContain("error MG2005: --set experts.cont=3: experts has an unknown field 'cont'");
    expect(typo.output).toContain("did you mean 'count'?");
    const malformed = await run('validate', example, '--set', 'predLen');
    expect(malformed.output).toContain('MG7002: --set predLen: expected path=value');
    // The next command without --set sees the file's values again.
    const plain = await run('validate', example, '--format', 'json');
    expect((JSON.parse(plain.output) as { config: { predLen: number } }).config.predLen).toBe(96);
  });
});
