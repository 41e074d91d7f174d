// Builds and installs molegen's tt-metal emulator (runtime-cpp/) once per source version and
// returns its install prefix, for `find_package(TT-Metalium)`. The install lives in
// $MOLEGEN_CACHE_DIR (default <repo>/.molegen-cache) under emulator/<hash of the sources>, so an
// edit to runtime-cpp rebuilds it and nothing else does. Each build configures, builds and
// installs in its own folder (b-<pid>-<random>/) and is published by atomically renaming a
// `current` file naming that folder, so a build that is interrupted or fails is never used. A lock
// (generator/toolchain/lock.ts: PID + start time, stale takeover, waiting messages) keeps two
// molegen processes from building the same version twice. It never touches a published install.

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../emit/templates.ts';
import { withLock } from './lock.ts';
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

/** The published install prefix under `root`, if a complete build has been published. */
function publishedPrefix(root: string): string | undefined {
  // Installs made before builds were published this way (root/install + root/installed.stamp) stay valid.
  if (existsSync(path.join(root, 'installed.stamp')) && existsSync(path.join(root, 'install'))) return path.join(root, 'install');
  try {
    const folder = readFileSync(path.join(root, 'current'), 'utf8').trim();
    const prefix = path.join(root, folder, 'install');
    return folder && !folder.includes('/') && existsSync(path.join(prefix, 'installed.stamp')) ? prefix : undefined;
  } catch {
    return undefined;
  }
}

/** Install prefix of an up-to-date emulator, building it first when needed. */
export async function ensureEmulator(progress?: Progress): Promise<string> {
  const root = path.join(cacheDir(), 'emulator', emulatorSourceHash());
  const ready = publishedPrefix(root);
  if (ready) return ready;
  mkdirSync(root, { recursive: true });
  const report = (line: string): void => progress?.step(line);
  return withLock(path.join(root, 'lock'), { what: 'building the tt-metal emulator', report }, async () => {
    const published = publishedPrefix(root);
    if (published) return published;
    // Folders of builds that never got published (interrupted, failed): nobody uses them.
    for (const entry of readdirSync(root)) if (entry.startsWith('b-')) rmSync(path.join(root, entry), { recursive: true, force: true });
    const folder = `b-${process.pid}-${randomBytes(4).toString('hex')}`;
    const build = path.join(root, folder, 'build');
    const prefix = path.join(root, folder, 'install');
    progress?.step('building the tt-metal emulator (once per emulator version; a few minutes)');
    await runTool('cmake', ['-S', path.join(REPO_ROOT, 'runtime-cpp'), '-B', build, '-DCMAKE_BUILD_TYPE=Release', `-DCMAKE_INSTALL_PREFIX=${prefix}`], { what: 'configure the emulator', progress });
    await runTool('cmake', ['--build', build, '--parallel', '2'], { what: 'build the emulator', progress, heartbeat: true });
    await runTool('cmake', ['--install', build], { what: 'install the emulator', progress });
    writeFileSync(path.join(prefix, 'installed.stamp'), `${emulatorSourceHash()}\n`);
    rmSync(build, { recursive: true, force: true });
    const pointer = path.join(root, `current.tmp-${process.pid}`);
    writeFileSync(pointer, `${folder}\n`);
    renameSync(pointer, path.join(root, 'current'));
    return prefix;
  });
}
