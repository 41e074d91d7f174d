// Every example verifies from the CLI, the way the README tells a user to run it: generated, built
// against the emulator, run, compared with the reference. The batch is overridden to keep CI short
// (the README's main command runs etth1 at its compiled batch).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../generator/emit/templates.ts';
import { molegen } from '../support/molegen-cli.ts';


describe('examples verify from the CLI', () => {
  for (const [example, expert] of [['weather-rlinear.ts', 'top-4 of 4'], ['electricity-top2.ts', 'top-2 of 8']] as const) {
    it(`molegen verify examples/${example}`, async () => {
      const out = path.join(REPO_ROOT, 'build', 'examples', example.replace('.ts', ''));
      const result = await molegen('verify', path.join('examples', example), '--batch', '2', '--out', out);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/emulator vs reference \(device numerics\) +1\.0000000/);
      expect(result.stdout).toMatch(/emulator vs reference \(fp64\) +0\.999\d+ +0\.9995 .* PASS/);
      expect(result.stdout).toContain(`${expert} expert selection`);
      expect(result.stdout).toContain('verify: PASS');
    });
  }
});
