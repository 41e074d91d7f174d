// The README's test command: the emulator's C++ tests (ctest), then the TypeScript tests (vitest),
// then one summary line "N passed, N failed" over both. It adds no tests of its own.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let passed = 0;
let failed = 0;

const cppRun = execa('node', [path.join(root, 'scripts', 'test-cpp.mjs')], { cwd: root, all: true, reject: false });
cppRun.all?.pipe(process.stdout); // stream progress; the text is also kept for the summary
const cpp = await cppRun;
const ctestLine = /(\d+)% tests passed, (\d+) tests failed out of (\d+)/.exec(cpp.all ?? '');
if (ctestLine) {
  const total = Number(ctestLine[3]);
  const bad = Number(ctestLine[2]);
  passed += total - bad;
  failed += bad;
} else if (cpp.exitCode !== 0) {
  failed += 1;
  console.error('C++ tests did not run to completion');
}

const reportDir = mkdtempSync(path.join(os.tmpdir(), 'molegen-vitest-'));
const reportFile = path.join(reportDir, 'report.json');
const ts = await execa('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`], {
  cwd: root,
  stdio: 'inherit',
  reject: false,
});
try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
} catch {
  failed += 1;
  console.error('vitest produced no report');
}
rmSync(reportDir, { recursive: true, force: true });

console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = cpp.exitCode === 0 && ts.exitCode === 0 && failed === 0 ? 0 : 1;
