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

describe('model options of the official code', async () => {
  const { defineMoLE, experts, router } = await import('../../dsl/index.ts');
  const { forward } = await import('../../reference/forward.ts');
  const { randomStateDict, getParameter } = await import('../../reference/weights.ts');
  const { exportCheckpoint, importCheckpoint, moleLayout } = await import('../../reference/checkpoint.ts');
  const { TrainingGraph } = await import('../../reference/train/graph.ts');
  const { planFor } = await import('../../generator/pipeline.ts');
  const { validateConfig } = await import('../../generator/validate/index.ts');
  const { configFromObject } = await import('../../generator/load/index.ts');
  const rlinear = (revin: false | { affine: boolean } | undefined, count = 1) =>
    defineMoLE({ name: 'rl', input: { seqLen: 12, channels: 2 }, predLen: 3, batch: 2, experts: experts.rlinear({ count, ...(revin === undefined ? {} : { revin }) }), router: router.mlp({ input: 'stats' }) });

  it('revin: false is a plain Linear on the raw series in the reference (K = 1, worked by hand)', () => {
    const config = rlinear(false);
    expect(validateConfig(configFromObject(config)).filter((d) => d.severity === 'error')).toEqual([]);
    const sd = randomStateDict(config, 5);
    const [B, L, C, P] = [2, 12, 2, 3];
    const x = new Float64Array(B * L * C).map((_, i) => Math.cos(i) * 3 + 10);
    const y = forward(config, sd, { x }, { numerics: 'fp64' }).y;
    const W = getParameter(sd, 'Linear.weight').data;
    const bias = getParameter(sd, 'Linear.bias').data;
    for (let b = 0; b < B; b++)
      for (let p = 0; p < P; p++)
        for (let c = 0; c < C; c++) {
          let sum = bias[p]!;
          for (let l = 0; l < L; l++) sum += W[p * L + l]! * x[b * L * C + l * C + c]!;
          expect(y[(b * P + p) * C + c]).toBeCloseTo(sum, 10);
        }
    // With RevIN (affine: false) the same weights give a different forecast: the switch is real.
    const normalised = forward(rlinear({ affine: false }), sd, { x }, { numerics: 'fp64' }).y;
    expect(Math.max(...normalised.map((v, i) => Math.abs(v - y[i]!)))).toBeGreaterThan(1e-3);
  });

  it('revin: false reaches the device plan: no REVIN define and no γ/β tensor', () => {
    const off = JSON.stringify(planFor(rlinear(false, 2), randomStateDict(rlinear(false, 2), 1)));
    const on = JSON.stringify(planFor(rlinear(undefined, 2), randomStateDict(rlinear(undefined, 2), 1)));
    expect(on).toContain('REVIN');
    expect(off).not.toContain('REVIN');
  });

  it('a checkpoint trained with RevIN does not load into revin: false, nor one without into a model that normalises', () => {
    const withRevin = exportCheckpoint(randomStateDict(rlinear(undefined), 1), moleLayout(rlinear(undefined)));
    const intoOff = importCheckpoint(rlinear(false), withRevin);
    expect(intoOff.problems.map((p) => p.message)).toEqual([expect.stringContaining("trained with RevIN ('rev.affine_weight') but the config says revin: false")]);
    const without = exportCheckpoint(randomStateDict(rlinear(false), 1), moleLayout(rlinear(false)));
    const intoOn = importCheckpoint(rlinear(undefined), without);
    expect(intoOn.problems.map((p) => p.message)).toEqual([expect.stringContaining('if it was trained with --disable_rev, set revin: false')]);
    expect(importCheckpoint(rlinear(false), without).problems).toEqual([]);
  });

  it('RLinear input dropout comes from the config (default 0.1)', () => {
    const make = (dropout?: number) =>
      defineMoLE({ name: 'd', input: { seqLen: 12, channels: 2 }, predLen: 3, experts: experts.rlinear({ count: 2, ...(dropout === undefined ? {} : { dropout }) }), router: router.mlp({}) });
    expect(new TrainingGraph(make()).inputDropout).toBe(0.1);
    expect(new TrainingGraph(make(0)).inputDropout).toBe(0);
    expect(new TrainingGraph(make(0.3)).inputDropout).toBe(0.3);
    expect(validateConfig(configFromObject(make(1))).map((d) => d.code)).toContain('MG2001');
  });

  it('per-channel DLinear heads against individual: false (and the reverse) are named once, with the fix', () => {
    const dl = (individual: boolean) => defineMoLE({ name: 'i', input: { seqLen: 12, channels: 3 }, predLen: 3, experts: experts.dlinear({ count: 2, kernelSize: 3, individual }), router: router.mlp({}) });
    const perChannel = exportCheckpoint(randomStateDict(dl(true), 1), moleLayout(dl(true)));
    expect(importCheckpoint(dl(false), perChannel).problems.map((p) => p.message)).toEqual([expect.stringContaining('one DLinear head per channel')]);
    const shared = exportCheckpoint(randomStateDict(dl(false), 1), moleLayout(dl(false)));
    expect(importCheckpoint(dl(true), shared).problems.map((p) => p.message)).toEqual([expect.stringContaining('shared by all channels')]);
  });
});
