// Puts a generated project on disk, or checks one. A new output directory is written in a
// sibling temp directory and renamed into place in one step; an existing molegen output is
// updated file by file (each through a temp file + rename, unchanged files untouched so CMake does
// not rebuild them, manifest.json last). A non-empty directory that is not a molegen output is
// refused. Nothing is written before every file is rendered in memory.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MolegenError } from '../diagnostics.ts';
import type { GeneratedFile } from './project.ts';

/** Directories inside an output that belong to the user's build, not to the generator. */
const BUILD_DIRS = new Set(['build']);

function isMolegenOutput(dir: string): boolean {
  const manifest = path.join(dir, 'manifest.json');
  if (!existsSync(manifest)) return false;
  try {
    return JSON.parse(readFileSync(manifest, 'utf8')).generator === 'molegen';
  } catch {
    return false;
  }
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!prefix && BUILD_DIRS.has(entry.name)) continue;
      out.push(...listFiles(path.join(dir, entry.name), rel));
    } else out.push(rel);
  }
  return out;
}

function writeAtomically(file: string, contents: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}

export interface WriteReport {
  written: string[];
  unchanged: string[];
  removed: string[];
}

export function writeProject(outDir: string, files: GeneratedFile[]): WriteReport {
  const report: WriteReport = { written: [], unchanged: [], removed: [] };
  const exists = existsSync(outDir);
  if (exists && !statSync(outDir).isDirectory()) {
    throw new MolegenError([{ code: 'MG5002', severity: 'error', message: `${outDir} exists and is not a directory`, hint: 'choose another --out' }]);
  }
  if (!exists || readdirSync(outDir).length === 0) {
    const temp = `${outDir.replace(/[\\/]+$/, '')}.tmp-${process.pid}`;
    rmSync(temp, { recursive: true, force: true });
    try {
      for (const f of files) {
        mkdirSync(path.dirname(path.join(temp, f.path)), { recursive: true });
        writeFileSync(path.join(temp, f.path), f.contents);
      }
      if (exists) rmSync(outDir, { recursive: true });
      mkdirSync(path.dirname(outDir), { recursive: true });
      renameSync(temp, outDir);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      throw error;
    }
    report.written = files.map((f) => f.path);
    return report;
  }
  if (!isMolegenOutput(outDir)) {
    throw new MolegenError([
      {
        code: 'MG5002',
        severity: 'error',
        message: `${outDir} is not empty and is not a molegen output (no manifest.json written by molegen)`,
        hint: 'choose an empty or new --out directory; molegen never overwrites files it did not write',
      },
    ]);
  }
  const generated = new Set(files.map((f) => f.path));
  const ordered = [...files.filter((f) => f.path !== 'manifest.json'), ...files.filter((f) => f.path === 'manifest.json')];
  for (const f of ordered) {
    const target = path.join(outDir, f.path);
    if (existsSync(target) && readFileSync(target).equals(f.contents)) {
      report.unchanged.push(f.path);
      continue;
    }
    writeAtomically(target, f.contents);
    report.written.push(f.path);
  }
  for (const old of listFiles(outDir)) {
    if (!generated.has(old)) {
      rmSync(path.join(outDir, old));
      report.removed.push(old);
    }
  }
  return report;
}

export interface CheckReport {
  stale: string[];
  missing: string[];
  extra: string[];
}

/** Compares a directory with what would be generated; all lists empty means up to date. */
export function checkProject(outDir: string, files: GeneratedFile[]): CheckReport {
  const report: CheckReport = { stale: [], missing: [], extra: [] };
  const generated = new Set(files.map((f) => f.path));
  for (const f of files) {
    const target = path.join(outDir, f.path);
    if (!existsSync(target)) report.missing.push(f.path);
    else if (!readFileSync(target).equals(f.contents)) report.stale.push(f.path);
  }
  if (existsSync(outDir)) for (const p of listFiles(outDir)) if (!generated.has(p)) report.extra.push(p);
  return report;
}
