// Runs the emulator's C++ test suite (ctest) through runtime-cpp/scripts/test.sh.
// It only orchestrates: building, installing and test registration live in runtime-cpp/.
import { execa } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build', 'runtime-cpp-tests');
const result = await execa('bash', [path.join(root, 'runtime-cpp', 'scripts', 'test.sh'), buildDir], {
  stdio: 'inherit',
  reject: false,
});
process.exitCode = result.exitCode ?? 1;
