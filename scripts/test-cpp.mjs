// Runs the emulator's C++ test suite (ctest) through runtime-cpp/scripts/test.sh, against the same
// emulator install molegen itself builds and uses (so CI builds the emulator once, not twice).
// It only orchestrates: building, installing and test registration live in runtime-cpp/ and
// generator/toolchain/emulator.ts.
import { execa } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { ensureEmulator } = await import('../generator/toolchain/emulator.ts');
const { consoleProgress } = await import('../generator/toolchain/run-tool.ts');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build', 'runtime-cpp-tests');
const prefix = await ensureEmulator(consoleProgress);
const result = await execa('bash', [path.join(root, 'runtime-cpp', 'scripts', 'test.sh'), buildDir], {
  stdio: 'inherit',
  reject: false,
  env: { TT_EMU_PREFIX: prefix },
});
process.exitCode = result.exitCode ?? 1;
