// Every file under test/fixtures/configs/invalid/ is loaded and validated the way `molegen validate`
// does it; each must produce exactly the diagnostics listed here: code, severity, line:col (checked by
// hand against the fixture) and message text. Also: problems are reported all at once, a config with a
// type error is never evaluated, and nothing is written next to the fixtures.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MolegenError, type Diagnostic } from '../../generator/diagnostics.ts';
import { loadConfig } from '../../generator/load/index.ts';
import { validateConfig } from '../../generator/validate/index.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/configs');
const invalidDir = path.join(fixtures, 'invalid');

/** load + validate, as the CLI does: load errors stop before validation. */
async function check(file: string): Promise<Diagnostic[]> {
  try {
    return validateConfig(await loadConfig(path.join(invalidDir, file)));
  } catch (error) {
    if (error instanceof MolegenError) return error.diagnostics;
    throw error;
  }
}

/** 'error MG2001 9:39 router.topK must be ≥ 1 (got 0)' */
const summary = (d: Diagnostic): string => `${d.severity} ${d.code} ${d.line}:${d.column} ${d.message}`;

const EXPECTED: Record<string, string[]> = {
  'freq-hourly.ts': [`error MG1001 6:37 Type '"hourly"' is not assignable to type 'Freq | undefined'. (TS2322)`],
  'missing-predlen.ts': [
    "error MG1001 4:27 Argument of type '{ name: string; input: { seqLen: number; channels: number; }; experts: DLinearExperts; router: RouterSpec; }' is not assignable to parameter of type 'MoleDefinition'.\n" +
      "  Property 'predLen' is missing in type '{ name: string; input: { seqLen: number; channels: number; }; experts: DLinearExperts; router: RouterSpec; }' but required in type 'MoleDefinition'. (TS2345)",
  ],
  'syntax-error.ts': ["error MG1002 7:3 ',' expected. (TS1005)"],
  'type-error-side-effect.ts': ["error MG1001 12:3 Type 'string' is not assignable to type 'number'. (TS2322)"],
  'default-export-plain-object.ts': [
    'error MG1003 5:1 default-export-plain-object.ts default-exports a plain object, not a config made by defineMoLE(...)',
  ],
  'throws-at-evaluation.ts': ['error MG1004 5:9 evaluating throws-at-evaluation.ts threw: CHANNELS is not set'],
  'expert-groups-height.ts': ["error MG3015 10:31 sharding.expertGroups needs interleaved activations (the strategy is 'height')"],
  'expert-groups-exceed-experts.ts': ['error MG3015 11:5 sharding.expertGroups is 8 but there are only 4 experts (experts.count)'],
  'topk-zero.ts': ['error MG2001 9:39 router.topK must be ≥ 1 (got 0)'],
  'head-dropout-one.ts': ['error MG2001 9:24 router.headDropout must be < 1 (got 1)'],
  'experts-count-too-large.ts': ['error MG2001 8:30 experts.count must be ≤ 16 (got 17)'],
  'seqlen-too-long.ts': ['error MG2001 7:5 input.seqLen must be ≤ 4096 (got 5000)'],
  'batch-fraction.ts': ['error MG2002 8:3 batch must be an integer (got 2.5)'],
  'dtype-from-environment.ts': ["error MG2003 12:29 target.dtype must be one of 'bf16', 'fp32' (got 'bf32')"],
  'misspelt-option.ts': ["error MG2005 4:29 experts has an unknown field 'kernalSize'"],
  'name-with-space.ts': ["error MG2007 5:3 name 'my model' has characters that are not allowed"],
  'topk-exceeds-experts.ts': ['error MG3001 10:5 router.topK is 6 but there are only 4 experts (experts.count)'],
  'grid-too-large.ts': ['error MG3002 10:36 target.grid [9, 8] does not fit the wormhole_b0 compute grid 8×8'],
  'kernel-even.ts': [
    'error MG3003 8:40 experts.kernelSize must be odd (got 24); the centred moving average pads (k−1)/2 steps on each side',
  ],
  'kernel-longer-than-window.ts': ['error MG3004 9:12 experts.kernelSize (25) is longer than the input window input.seqLen (16)'],
  'individual-rlinear.ts': ["error MG3005 11:12 experts.individual is only supported by DLinear experts, not 'rlinear'"],
  'bfp8-weights-fp32.ts': ["error MG3006 10:45 target.weightDtype 'bfp8_b' cannot be used with fp32 activations (target.dtype 'fp32')"],
  'lofi-fp32.ts': ["warning MG3007 10:63 target.mathFidelity 'LoFi' with fp32 activations keeps only the top mantissa bits of each product"],
  'fp32-without-dest-acc.ts': [
    "error MG3008 11:11 fp32 activations (target.dtype 'fp32') need fp32 accumulation in DST, but target.fp32DestAcc is false",
  ],
  'freq-minutely-rlinear.ts': [
    "warning MG3009 6:38 input.freq 't' gives the router a different number of time features than the official MoLE-RLinear, which hard-codes 4 (freq 'h')",
  ],
  // Router: W2 2568×2568 → 81·81 tiles, W0 2568×4 → 81, b0 and b2 → 81 each: 6804 tiles · 2 KiB = 13608 KiB.
  // Experts: W_eff 768×336 → 24·11 tiles + bias 24 = 288 tiles = 576 KiB. Activations (height, 321 rows
  // → 11 row tiles over 64 cores → 1 per core): input 11 tiles = 22 KiB, outputs 24 tiles = 48 KiB.
  // CBs: 6 bf16 tiles + 2 fp32 tiles = 20 KiB. Total 14274 KiB.
  'l1-overflow.ts': [
    // Router CBs by hand (K = 8, fp32 tiles 4 KiB, bf16 2 KiB): features 2·1, w0 2·1, w2 2·3, hidden 81 fp32 tiles;
    // logits 2, zrow 2 (the NoC gather reads each series' logits straight into it: no scratch), consts 6, logits_t 1,
    // scratch 2, max/first/onehot/mask/exp 1 each, candidates 2 fp32; selectors and the identity 9, gates 2·9,
    // gate_matrix 1 bf16 → 500 KiB; + L1 shards 171582 KiB; + the router's constants L1-interleaved over 64 banks, one
    // page of each per bank: consts 4 KiB, selectors 2 KiB; + reserved 128 KiB = 172216 KiB.
    'error MG3010 11:31 the plan needs 172216.0 KiB of L1 per core, more than the 1464.0 KiB of a wormhole_b0 core ' +
      '(features 8.0 KiB, w0 8.0 KiB, w2 24.0 KiB, hidden 324.0 KiB, logits 8.0 KiB, zrow 8.0 KiB, consts 24.0 KiB, ' +
      'selectors 18.0 KiB, logits_t 4.0 KiB, scratch 8.0 KiB, max 4.0 KiB, first 4.0 KiB, onehot 4.0 KiB, mask 4.0 KiB, candidates 8.0 KiB, exp 4.0 KiB, ' +
      'gates 36.0 KiB, gate_matrix 2.0 KiB, L1 shards 171582.0 KiB, L1 interleaved 6.0 KiB, reserved 128.0 KiB)',
  ],
  'checkpoint-missing.ts': [
    `error MG4001 10:31 weights.checkpoint './checkpoints/etth1.safetensors' does not exist (looked for ${path.join(invalidDir, 'checkpoints', 'etth1.safetensors')})`,
  ],
  'checkpoint-pth.ts': ["error MG4002 10:31 weights.checkpoint '../checkpoints/etth1.pth' is not a .safetensors file"],
  'mesh-too-many-chips.ts': ['error MG3011 11:29 target.mesh [8, 8] has 64 chips; at most 32 (a Galaxy, 4×8) are supported'],
  'mesh-batch-too-small.ts': [
    "error MG3012 8:3 batch 4 is smaller than the 8 chips of the 2×4 mesh: with split 'batch' every chip forecasts a share of the samples",
  ],
  'mesh-channels-too-few.ts': [
    "error MG3013 6:24 input.channels 7 is smaller than the 32 chips of the 4×8 mesh: with split 'channels' every chip forecasts a share of the channels",
  ],
  'mesh-channels-stats-router.ts': [
    "error MG3014 11:25 split 'channels' needs a router on time features: router.mlp({ input: 'stats' }) reads the window statistics of all channels, so a chip holding a share of the channels cannot compute its gates",
  ],
  'three-problems.ts': [
    'error MG3003 8:40 experts.kernelSize must be odd (got 24); the centred moving average pads (k−1)/2 steps on each side',
    'error MG2001 9:24 router.topK must be ≥ 1 (got 0)',
    'error MG3002 10:39 target.grid [8, 9] does not fit the wormhole_b0 compute grid 8×8',
  ],
};

const TS_ONLY = new Set(['missing-predlen.ts', 'syntax-error.ts', 'type-error-side-effect.ts']);

let listingBefore: string[];
let markerDir: string;

beforeAll(() => {
  listingBefore = readdirSync(fixtures, { recursive: true }).map(String).sort();
  markerDir = mkdtempSync(path.join(os.tmpdir(), 'molegen-marker-'));
});

afterAll(() => {
  rmSync(markerDir, { recursive: true, force: true });
  delete process.env.MOLEGEN_TEST_MARKER;
});

describe('invalid configs', () => {
  it('has a fixture for every entry of the table and an entry for every fixture', () => {
    const files = readdirSync(invalidDir).filter((f) => f.endsWith('.ts')).sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: ${expected.map((e) => e.split(' ').slice(0, 3).join(' ')).join(', ')}`, async () => {
      const diagnostics = await check(file);
      expect(diagnostics.map(summary)).toEqual(expected);
      for (const d of diagnostics) {
        expect(d.file).toBe(path.join(invalidDir, file));
        // Plain TypeScript errors carry the compiler's message only; everything of ours has a fix hint.
        if (!TS_ONLY.has(file)) expect(d.hint, `${d.code} has a fix hint`).toBeTruthy();
      }
    });
  }

  it('gives fix hints a user can act on', async () => {
    const hint = async (file: string): Promise<string | undefined> => (await check(file))[0]?.hint;
    expect(await hint('freq-hourly.ts')).toBe("did you mean 'h'? allowed: 'h', 't', 's', 'd', 'b', 'w', 'm'");
    expect(await hint('misspelt-option.ts')).toBe("did you mean 'kernelSize'?");
    expect(await hint('topk-exceeds-experts.ts')).toBe('set topK to at most 4 (topK = 4 is the dense router), or raise experts.count to 6');
    expect(await hint('kernel-even.ts')).toBe('use 23 or 25 (the official DLinear uses 25)');
    expect(await hint('kernel-longer-than-window.ts')).toBe('use an odd kernelSize ≤ 15, or a longer seqLen');
    expect(await hint('topk-zero.ts')).toBe('router.topK must be ≥ 1 and ≤ 16');
  });

  it('never evaluates a config with a type error, and does evaluate one without', async () => {
    const marker = path.join(markerDir, 'evaluated');
    process.env.MOLEGEN_TEST_MARKER = marker;
    await expect(loadConfig(path.join(invalidDir, 'type-error-side-effect.ts'))).rejects.toBeInstanceOf(MolegenError);
    expect(existsSync(marker)).toBe(false);
    // The control: the same side effect in a config that type-checks does run.
    await loadConfig(path.join(fixtures, 'valid', 'side-effect.ts'));
    expect(existsSync(marker)).toBe(true);
  });

  it('leaves no files behind in the fixture tree', async () => {
    for (const file of Object.keys(EXPECTED)) await check(file);
    expect(readdirSync(fixtures, { recursive: true }).map(String).sort()).toEqual(listingBefore);
  });
});
