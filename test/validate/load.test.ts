// The loader beyond single fixtures: instancePath → line:col through identifiers and defaults,
// configs outside this repository (.ts and .mts load with or without "type": "module"), relative
// paths, and the text and JSON renderings of diagnostics.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnosticsToJson, formatDiagnostics, MolegenError, type Diagnostic } from '../../generator/diagnostics.ts';
import { loadConfig } from '../../generator/load/index.ts';
import { validateConfig } from '../../generator/validate/index.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/configs');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'molegen-load-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const CONFIG_TEXT = `import { defineMoLE, experts, router } from 'molegen';
export default defineMoLE({
  name: 'outside',
  input: { seqLen: 8, channels: 2 },
  predLen: 4,
  experts: experts.dlinear({ count: 2, kernelSize: 3 }),
  router: router.mlp({ topK: 3 }),
});
`;

async function diagnosticsOf(file: string): Promise<Diagnostic[]> {
  try {
    return validateConfig(await loadConfig(file));
  } catch (error) {
    if (error instanceof MolegenError) return error.diagnostics;
    throw error;
  }
}

describe('locate', () => {
  it('follows identifiers, satisfies/as, and points at the closest ancestor for defaults', async () => {
    const loaded = await loadConfig(path.join(fixtures, 'valid', 'indirect.ts'));
    const where = (p: string): string => {
      const { line, column, exact } = loaded.locate(p);
      return `${line}:${column}${exact ? '' : ' (ancestor)'}`;
    };
    expect(where('/router/topK')).toBe('7:3'); // inside `const gate = router.mlp({ ... })`
    expect(where('/router/hidden')).toBe('5:14 (ancestor)'); // the router.mlp( call
    expect(where('/target/grid/1')).toBe('10:28'); // in `const device = { grid: [4, 2] ... } satisfies ...`
    expect(where('/target/fp32DestAcc')).toBe('18:11 (ancestor)'); // the target.blackhole(...) call
    expect(where('/experts/revin/affine')).toBe('16:59');
    expect(where('/weights/path')).toBe('20:31'); // the string argument of weights.checkpoint(...)
    expect(where('/batch')).toBe('12:16 (ancestor)'); // the defineMoLE( call
    expect(where('')).toBe('23:16'); // the default export itself
  });

  it('resolves paths against the config directory', async () => {
    const loaded = await loadConfig(path.join(fixtures, 'valid', 'indirect.ts'));
    expect(loaded.configDir).toBe(path.join(fixtures, 'valid'));
    expect(loaded.config.weights).toEqual({ kind: 'checkpoint', path: '../checkpoints/empty.safetensors' });
    expect(loaded.resolvePath('../checkpoints/empty.safetensors')).toBe(path.join(fixtures, 'checkpoints', 'empty.safetensors'));
    expect(validateConfig(loaded)).toEqual([]);
  });
});

describe('configs outside the repository', () => {
  it('loads an .mts config from a directory with no package.json and validates it', async () => {
    const dir = mkdtempSync(path.join(scratch, 'esm-'));
    const file = path.join(dir, 'model.mts');
    writeFileSync(file, CONFIG_TEXT);
    const diagnostics = await diagnosticsOf(file);
    expect(diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([
      'MG3001 7:24 router.topK is 3 but there are only 2 experts (experts.count)',
    ]);
    expect(readdirSync(dir)).toEqual(['model.mts']);
  });

  it('loads a .ts config wherever it is: no package.json, a package.json without "type": "module", or one with it', async () => {
    const dir = mkdtempSync(path.join(scratch, 'cjs-'));
    const file = path.join(dir, 'model.ts');
    writeFileSync(file, CONFIG_TEXT);
    const expected = ['MG3001 7:24'];
    const codes = async (): Promise<string[]> => (await diagnosticsOf(file)).map((d) => `${d.code} ${d.line}:${d.column}`);
    expect(await codes()).toEqual(expected);
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "plain-folder" }');
    expect(await codes()).toEqual(expected);
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
    expect(await codes()).toEqual(expected);
    expect(readdirSync(dir).sort()).toEqual(['model.ts', 'package.json']);
  });

  it('reports a missing file and a non-TypeScript file with MG1005', async () => {
    expect((await diagnosticsOf(path.join(scratch, 'nope.ts')))[0]?.code).toBe('MG1005');
    const json = path.join(scratch, 'config.json');
    writeFileSync(json, '{}');
    expect((await diagnosticsOf(json))[0]).toMatchObject({ code: 'MG1005', message: 'config.json is not a TypeScript module' });
  });
});

describe('rendering', () => {
  it('prints file:line:col, a code frame with a caret under the column, the hint and a count', async () => {
    const file = path.join(fixtures, 'invalid', 'topk-zero.ts');
    const text = formatDiagnostics(await diagnosticsOf(file), { cwd: fixtures });
    expect(text).toBe(
      [
        'invalid/topk-zero.ts:9:39 - error MG2001: router.topK must be ≥ 1 (got 0)',
        '',
        "   8 |   experts: experts.dlinear({ count: 4 }),",
        ">  9 |   router: router.mlp({ input: 'time', topK: 0 }),",
        '     |                                       ^',
        '  10 | });',
        '',
        '  hint: router.topK must be ≥ 1 and ≤ 16',
        '',
        'Found 1 error.',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked, and counts errors and warnings', () => {
    const diagnostics: Diagnostic[] = [
      { code: 'MG3007', severity: 'warning', message: 'w' },
      { code: 'MG3001', severity: 'error', message: 'e' },
    ];
    const plain = formatDiagnostics(diagnostics);
    expect(plain).not.toContain('\x1b[');
    expect(plain).toBe('warning MG3007: w\n\nerror MG3001: e\n\nFound 1 error and 1 warning.\n');
    expect(formatDiagnostics(diagnostics, { color: true })).toContain('\x1b[31merror\x1b[0m');
  });

  it('JSON has the counts and every field', async () => {
    const diagnostics = await diagnosticsOf(path.join(fixtures, 'invalid', 'three-problems.ts'));
    const json = JSON.parse(diagnosticsToJson(diagnostics));
    expect(json.errors).toBe(3);
    expect(json.warnings).toBe(0);
    expect(json.diagnostics[1]).toEqual({
      code: 'MG2001',
      severity: 'error',
      message: 'router.topK must be ≥ 1 (got 0)',
      hint: 'router.topK must be ≥ 1 and ≤ 16',
      file: path.join(fixtures, 'invalid', 'three-problems.ts'),
      line: 9,
      column: 24,
    });
  });
});
