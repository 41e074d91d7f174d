// `molegen bench` without the emulator: one modeled row per batch, the CSV a user would load.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendCsv, bench } from '../../generator/commands/bench.ts';
import { REPO_ROOT } from '../../generator/emit/templates.ts';
import { loadChecked } from '../../generator/pipeline.ts';

describe('bench (model only)', () => {
  it('etth1: rows for batch 1/8/32, seq/s grows with batch, CSV has a header and one row per batch', async () => {
    const { loaded } = await loadChecked(path.join(REPO_ROOT, 'examples', 'etth1.ts'));
    const rows = await bench(loaded, { config: '', batch: [1, 8, 32], iters: 1, warmup: 0, emulator: false, format: 'text' });
    expect(rows.map((r) => r.batch)).toEqual([1, 8, 32]);
    for (const r of rows) {
      expect(r.modeledLatencyS).toBeGreaterThan(0);
      expect(r.rooflineS).toBeLessThanOrEqual(r.modeledLatencyS!);
      expect(r.opByOpLatencyS).toBeGreaterThan(0);
      expect(r.emulatorMedianMs).toBeUndefined();
    }
    expect(rows[2]!.modeledSeqPerS!).toBeGreaterThanOrEqual(rows[0]!.modeledSeqPerS!);
    const csv = path.join(mkdtempSync(path.join(tmpdir(), 'molegen-bench-')), 'bench.csv');
    appendCsv(csv, rows);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^timestamp,model,arch,grid,setting,batch,modeledLatencyS/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('etth1-mole-dlinear');
  });
});
