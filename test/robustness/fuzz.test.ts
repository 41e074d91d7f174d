// The robustness tier in CI: property-based fuzzing (fast-check) of configs, command lines, .npy,
// .safetensors and CSV files — 1,200 cases per run, in process — asserting no internal error, every
// rejection a registered MG code, and nothing written or removed on error (properties.ts).
// bench/robustness-fuzz.ts runs the same properties with 10,000+ cases.

import { describe, it } from 'vitest';
import { cliProperty, configProperty, csvProperty, npyProperty, safetensorsProperty } from './properties.ts';

describe('fuzzing: no internal error, registered codes only, no files touched on error', () => {
  it('configs (300 definitions → validate → plan)', () => configProperty(300));
  it('.npy inputs (250 mutated x/marks pairs)', () => npyProperty(250));
  it('.safetensors checkpoints (250 mutated files)', () => safetensorsProperty(250));
  it('CSV data sets (200 generated files)', () => csvProperty(200));
  it('command lines (200 option sets)', () => cliProperty(200));
});
