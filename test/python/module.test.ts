// The generated Python module as a user in Python meets it: the etth1 example's module is built
// against the emulator by `molegen verify --python` (which runs the forecast through it and
// compares with the reference interpreter), then a python3 session (session.py) forecasts two
// batches with one Model, which must match the reference bit for bit in device numerics through
// verify's own comparison, and gets molegen's errors as Python exceptions.

import { execa } from 'execa';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithReference } from '../../generator/commands/verify.ts';
import { REPO_ROOT } from '../../generator/emit/templates.ts';
import { loadChecked, loadWeights } from '../../generator/pipeline.ts';
import { buildPythonModule } from '../../generator/toolchain/python-module.ts';
import { seededInputs } from '../../generator/verify/inputs.ts';
import { readNpy, writeNpy } from '../../reference/npy.ts';
import { molegen } from '../support/molegen-cli.ts';

describe('the generated Python module (examples/etth1.ts on the emulator)', () => {
  it('verifies through the module, matches the reference for two batches from python3, and raises molegen errors', async () => {
    const example = path.join('examples', 'etth1.ts');
    const out = path.join(REPO_ROOT, 'build', 'python-module', 'etth1');

    const verified = await molegen('verify', example, '--python', '--out', out);
    expect(verified.exitCode, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/emulator vs reference \(device numerics\) +1\.0000000 +0\.99999 +0\.000e\+0 +0\.000e\+0 +yes +PASS/);
    expect(verified.stdout).toContain('top-4 of 4 expert selection: 224/224');
    expect(verified.stdout).toContain('through the Python module');
    expect(verified.stdout).toContain('verify: PASS');

    // The module verify built (an up-to-date build: nothing recompiles).
    const module = await buildPythonModule(out);
    expect(module.moduleName).toBe('etth1_mole_dlinear');
    const { loaded } = await loadChecked(path.join(REPO_ROOT, example));
    const config = loaded.config;
    const weights = loadWeights(loaded);
    const io = path.join(out, 'build', 'python-session');
    mkdirSync(io, { recursive: true });
    const batches = { '1': seededInputs(config, 101), '2': seededInputs(config, 202) };
    for (const [n, inputs] of Object.entries(batches)) {
      writeNpy(path.join(io, `x${n}.npy`), [config.batch, config.input.seqLen, config.input.channels], inputs.x);
      writeNpy(path.join(io, `marks${n}.npy`), [config.batch, inputs.marks.length / config.batch], inputs.marks);
    }

    const session = await execa(module.python, [path.join(REPO_ROOT, 'test', 'python', 'session.py'), module.moduleDir, module.moduleName, io], { reject: false });
    expect(session.exitCode, session.stderr).toBe(0);
    const report = JSON.parse(session.stdout);
    expect(report.y1).toEqual({ shape: [32, 96, 7], dtype: 'float32' });

    const forecasts: ArrayLike<number>[] = [];
    for (const [n, inputs] of Object.entries(batches)) {
      const y = readNpy(path.join(io, `y${n}.npy`));
      const gates = readNpy(path.join(io, `gates${n}.npy`));
      expect(y.shape).toEqual([32, 96, 7]);
      expect(gates.shape).toEqual([32, 7, 4]);
      const comparison = compareWithReference(config, weights.stateDict, inputs, { y: y.data, gates: gates.data });
      const [device, fp64] = comparison.rows;
      expect(device!.maxAbs, `batch ${n} vs device numerics`).toBe(0);
      expect(device!.pass).toBe(true);
      expect(fp64!.pass).toBe(true);
      expect(comparison.topK.agree).toBe(comparison.topK.total);
      expect(comparison.pass).toBe(true);
      forecasts.push(y.data);
    }
    // The second call forecast its own batch, not the first one's again.
    expect(Array.from(forecasts[1]!)).not.toEqual(Array.from(forecasts[0]!));

    expect(report.wrong_shape).toEqual({
      type: 'ValueError',
      message: 'MG4110: x has shape [4, 336, 7] but etth1-mole-dlinear was compiled for [32, 336, 7] (batch, seq_len, channels)',
    });
    expect(report.wrong_dtype.type).toBe('TypeError');
    expect(report.wrong_dtype.message).toContain('MG6001: x has dtype float64, but etth1-mole-dlinear takes float32');
    expect(report.nan).toEqual({ type: 'ValueError', message: 'MG6003: x[3, 120, 6] is nan; etth1-mole-dlinear needs finite inputs' });
    expect(report.other_thread_ran_during_forward).toBe(true);
    expect(report.closed).toBe(true);
    expect(report.after_close).toEqual({ type: 'RuntimeError', message: 'MG6004: this etth1-mole-dlinear Model is closed' });
  });
});
