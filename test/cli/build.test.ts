// The `molegen build` command as a user drives it: deterministic output, --check catching a hand
// edit, refusing to overwrite a directory molegen did not write, and writing nothing at all for a
// config that does not validate.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../generator/emit/templates.ts';
import { molegen } from '../support/molegen-cli.ts';

const example = path.join(REPO_ROOT, 'examples', 'etth1.ts');

function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(p);
      else files.set(p, readFileSync(path.join(dir, p)));
    }
  };
  walk('');
  return files;
}

describe('molegen build', () => {
  it('writes byte-identical projects for the same config, and --check passes on them', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'molegen-build-'));
    const a = path.join(root, 'a');
    const b = path.join(root, 'b');
    expect((await molegen('build', example, '--out', a)).exitCode).toBe(0);
    expect((await molegen('build', example, '--out', b)).exitCode).toBe(0);
    const sa = snapshot(a);
    const sb = snapshot(b);
    expect([...sa.keys()].sort()).toEqual([...sb.keys()].sort());
    for (const [file, bytes] of sa) expect(bytes.equals(sb.get(file)!), file).toBe(true);
    expect([...sa.keys()]).toEqual(expect.arrayContaining(['CMakeLists.txt', 'host/model.cpp', 'weights.bin', 'manifest.json']));
    const check = await molegen('build', example, '--out', a, '--check');
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toContain('is up to date');
  });

  it('--check exits 1 and names a hand-edited file', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'molegen-check-'));
    expect((await molegen('build', example, '--out', out)).exitCode).toBe(0);
    const kernel = path.join(out, 'kernels', 'compute', 'experts.cpp');
    writeFileSync(kernel, `${readFileSync(kernel, 'utf8')}// hand edit\n`);
    const check = await molegen('build', example, '--out', out, '--check');
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(/stale\s+kernels\/compute\/experts\.cpp/);
    expect(check.stdout).not.toMatch(/stale\s+host\/model\.cpp/);
  });

  it('refuses a non-empty directory that is not a molegen output', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'molegen-foreign-'));
    writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    const result = await molegen('build', example, '--out', out);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('MG5002');
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  it('writes nothing for a config that fails validation', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'molegen-invalid-'));
    const config = path.join(dir, 'bad.mts');
    writeFileSync(
      config,
      [
        "import { defineMoLE, experts, router } from 'molegen';",
        'export default defineMoLE({',
        "  name: 'bad',",
        '  input: { seqLen: 96, channels: 7 },',
        '  predLen: 24,',
        '  experts: experts.dlinear({ count: 4 }),',
        '  router: router.mlp({ topK: 9 }),',
        '});',
        '',
      ].join('\n'),
    );
    const out = path.join(dir, 'out');
    const result = await molegen('build', config, '--out', out);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/bad\.mts:7:\d+ - error MG3\d{3}/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['bad.mts']);
  });

  it('refuses to write into a path that is a file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'molegen-file-'));
    const file = path.join(dir, 'taken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, 'x');
    const result = await molegen('build', example, '--out', file);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('MG5002');
  });
});
