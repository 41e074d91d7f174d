// Puts a generated project on disk, or checks one. A new (or empty) output directory is written in a
// uniquely named sibling temp directory and renamed into place in one step; an existing molegen
// output is updated file by file (each through a temp file + rename, unchanged files untouched so
// CMake does not rebuild them, manifest.json last). Nothing is written before every file is
// rendered in memory and the directory has been checked.
// It must never delete or overwrite a file it did not write: a file counts as molegen's only when
// the previous manifest.json lists it *with the sha256 the file still has*. Any other file (a
// user's notes, a hand edit, a manifest from elsewhere) makes writeProject refuse with MG5002/MG5006
// listing them, unless `force` is set — and even then foreign files are kept, never removed.

import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MolegenError } from '../diagnostics.ts';
import { sha256, type GeneratedFile } from './project.ts';

/** Directories inside an output that belong to the project's build (run/verify build there), not to its sources. */
const BUILD_DIRS = new Set(['build']);

/** The per-file hashes of the manifest.json molegen wrote in `dir`, or undefined when there is none. */
export function previousManifest(dir: string): Map<string, string> | undefined {
  const manifest = path.join(dir, 'manifest.json');
  if (!existsSync(manifest)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { generator?: unknown; files?: unknown };
    if (parsed.generator !== 'molegen' || typeof parsed.files !== 'object' || parsed.files === null) return undefined;
    const files = new Map<string, string>();
    for (const [file, hash] of Object.entries(parsed.files as Record<string, unknown>)) {
      if (typeof hash === 'string' && !file.split('/').includes('..') && !path.isAbsolute(file)) files.set(file, hash);
    }
    return files;
  } catch {
    return undefined;
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

const uniqueSuffix = (): string => `${process.pid}-${randomBytes(4).toString('hex')}`;

function writeAtomically(file: string, contents: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${uniqueSuffix()}`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}

export interface WriteReport {
  written: string[];
  unchanged: string[];
  removed: string[];
  /** Files molegen did not write that --force left in place. */
  kept: string[];
}

export interface WriteOptions {
  /** Write even when the directory holds files molegen did not write (they are kept, not removed). */
  force?: boolean;
}

/** Files in `outDir` that molegen may replace or remove, and the ones it must not touch. */
export function classifyOutput(outDir: string): { owned: Set<string>; foreign: string[]; hasManifest: boolean } {
  const manifest = previousManifest(outDir);
  const owned = new Set<string>();
  const foreign: string[] = [];
  for (const file of listFiles(outDir)) {
    if (file === 'manifest.json' && manifest) owned.add(file);
    else if (manifest?.has(file) && sha256(readFileSync(path.join(outDir, file))) === manifest.get(file)) owned.add(file);
    else foreign.push(file);
  }
  return { owned, foreign: foreign.sort(), hasManifest: manifest !== undefined };
}

const listForMessage = (files: string[]): string =>
  files.slice(0, 12).map((f) => `\n  ${f}`).join('') + (files.length > 12 ? `\n  ... and ${files.length - 12} more` : '');

export function writeProject(outDir: string, files: GeneratedFile[], options: WriteOptions = {}): WriteReport {
  const report: WriteReport = { written: [], unchanged: [], removed: [], kept: [] };
  const exists = existsSync(outDir);
  if (exists && !statSync(outDir).isDirectory()) {
    throw new MolegenError([{ code: 'MG5002', severity: 'error', message: `${outDir} exists and is not a directory`, hint: 'choose another output directory' }]);
  }
  if (!exists || readdirSync(outDir).length === 0) {
    const temp = `${outDir.replace(/[\\/]+$/, '')}.tmp-${uniqueSuffix()}`;
    try {
      for (const f of files) {
        mkdirSync(path.dirname(path.join(temp, f.path)), { recursive: true });
        writeFileSync(path.join(temp, f.path), f.contents);
      }
      if (exists) rmdirSync(outDir); // empty: rmdir refuses if something appeared meanwhile
      mkdirSync(path.dirname(outDir), { recursive: true });
      renameSync(temp, outDir);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      if ((error as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new MolegenError([{ code: 'MG5006', severity: 'error', message: `${outDir} was filled by another process while molegen was writing it`, hint: 'run the command again' }]);
      }
      throw error;
    }
    report.written = files.map((f) => f.path);
    return report;
  }
  const { owned, foreign, hasManifest } = classifyOutput(outDir);
  if (foreign.length > 0 && !options.force) {
    throw new MolegenError([
      hasManifest
        ? {
            code: 'MG5006',
            severity: 'error',
            message: `${outDir} holds ${foreign.length} file(s) molegen did not write (or that changed since it wrote them):${listForMessage(foreign)}`,
            hint: 'move them away, choose another output directory, or pass --force to write anyway (those files are kept)',
          }
        : {
            code: 'MG5002',
            severity: 'error',
            message: `${outDir} is not empty and is not a molegen output (no manifest.json written by molegen):${listForMessage(foreign)}`,
            hint: 'choose an empty or new output directory, or pass --force to write anyway (existing files are kept unless molegen generates the same path)',
          },
    ]);
  }
  const generated = new Set(files.map((f) => f.path));
  const ordered = [...files.filter((f) => f.path !== 'manifest.json'), ...files.filter((f) => f.path === 'manifest.json')];
  for (const f of ordered) {
    const target = path.join(outDir, f.path);
    if (existsSync(target) && lstatSync(target).isFile() && readFileSync(target).equals(f.contents)) {
      report.unchanged.push(f.path);
      continue;
    }
    if (existsSync(target) && lstatSync(target).isDirectory()) {
      throw new MolegenError([{ code: 'MG5006', severity: 'error', message: `${target} is a directory where molegen writes a file`, hint: 'move it away or choose another output directory' }]);
    }
    writeAtomically(target, f.contents);
    report.written.push(f.path);
  }
  for (const old of owned) {
    if (generated.has(old)) continue;
    rmSync(path.join(outDir, old));
    report.removed.push(old);
    removeEmptyParents(outDir, path.dirname(old));
  }
  report.kept = foreign.filter((f) => !generated.has(f));
  return report;
}

function removeEmptyParents(root: string, rel: string): void {
  for (let dir = rel; dir !== '.' && dir !== ''; dir = path.dirname(dir)) {
    const full = path.join(root, dir);
    if (!existsSync(full) || readdirSync(full).length > 0) return;
    rmdirSync(full);
  }
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
  if (existsSync(outDir) && statSync(outDir).isDirectory()) for (const p of listFiles(outDir)) if (!generated.has(p)) report.extra.push(p);
  return report;
}
