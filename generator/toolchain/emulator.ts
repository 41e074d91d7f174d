// Builds and installs molegen's tt-metal emulator (runtime-cpp/) once per source version and
// returns its install prefix, for `find_package(TT-Metalium)`. The install lives in
// $MOLEGEN_CACHE_DIR (default <repo>/.molegen-cache) under a hash of the emulator's sources, so
// an edit to runtime-cpp rebuilds it and nothing else does. A lock directory keeps concurrent
// molegen processes from building the same install twice.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../emit/templates.ts';
import { runTool, type Progress } from './run-tool.ts';

const EMULATOR_SOURCES = ['CMakeLists.txt', 'cmake', 'include', 'kernel-include', 'src'];

function hashTree(root: string, rel: string, hash: ReturnType<typeof createHash>): void {
  const full = path.join(root, rel);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const entry of readdirSync(full).sort()) hashTree(root, path.join(rel, entry), hash);
    return;
  }
  hash.update(rel).update('\0').update(readFileSync(full)).update('\0');
}

export function emulatorSourceHash(): string {
  const hash = createHash('sha256');
  const root = path.join(REPO_ROOT, 'runtime-cpp');
  for (const rel of EMULATOR_SOURCES) hashTree(root, rel, hash);
  return hash.digest('hex').slice(0, 16);
}

export function cacheDir(): string {
  return process.env.MOLEGEN_CACHE_DIR ?? path.join(REPO_ROOT, '.molegen-cache');
}

async function withLock<T>(lockDir: string, body: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 30 * 60 * 1000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}; remove it if no molegen process is running`);
      await sleep(500);
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Install prefix of an up-to-date emulator, building it first when needed. */
export async function ensureEmulator(progress?: Progress): Promise<string> {
  const root = path.join(cacheDir(), 'emulator', emulatorSourceHash());
  const prefix = path.join(root, 'install');
  const stamp = path.join(root, 'installed.stamp');
  if (existsSync(stamp)) return prefix;
  mkdirSync(root, { recursive: true });
  return withLock(path.join(root, 'lock'), async () => {
    if (existsSync(stamp)) return prefix;
    const build = path.join(root, 'build');
    progress?.step('building the tt-metal emulator (once per emulator version)');
    await runTool('cmake', ['-S', path.join(REPO_ROOT, 'runtime-cpp'), '-B', build, '-DCMAKE_BUILD_TYPE=Release', `-DCMAKE_INSTALL_PREFIX=${prefix}`], { what: 'configure the emulator', progress });
    await runTool('cmake', ['--build', build, '--parallel', '2'], { what: 'build the emulator', progress });
    await runTool('cmake', ['--install', build], { what: 'install the emulator', progress });
    writeFileSync(stamp, `${emulatorSourceHash()}\n`);
    return prefix;
  });
}
