// Remembers clean type-checks so a warm `molegen validate` does not pay for the compiler: a record
// per config (in <cache>/typecheck/) lists every local source file the check read — the config, its
// relative imports, molegen's DSL — with its sha256, plus molegen's and TypeScript's versions. The
// check is skipped only when every listed file still has the same hash. Only clean results are
// stored (a config with errors is always checked again). Cheap to import: no ts-morph here.
// A missing or unreadable cache only costs a type-check; it never changes a result.

import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function cacheRoot(): string {
  return path.join(process.env.MOLEGEN_CACHE_DIR ?? path.join(packageRoot, '.molegen-cache'), 'typecheck');
}

/** molegen's version and the compiler's: a change to either invalidates every record. */
function toolVersion(): string {
  const read = (file: string): string => {
    try {
      return String((JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version);
    } catch {
      return '?';
    }
  };
  return `${read(path.join(packageRoot, 'package.json'))}+ts-morph@${read(path.join(packageRoot, 'node_modules', 'ts-morph', 'package.json'))}`;
}

const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const recordFile = (configPath: string): string => path.join(cacheRoot(), `${sha(configPath).slice(0, 32)}.json`);

interface CacheRecord {
  version: string;
  config: string;
  files: Record<string, string>;
}

/** True when `configPath` passed the type-check before and none of the files it read has changed since. */
export function typecheckIsCached(configPath: string): boolean {
  let record: CacheRecord;
  try {
    record = JSON.parse(readFileSync(recordFile(configPath), 'utf8')) as CacheRecord;
  } catch {
    return false;
  }
  if (record.version !== toolVersion() || record.config !== configPath || !record.files[configPath]) return false;
  for (const [file, hash] of Object.entries(record.files)) {
    try {
      if (sha(readFileSync(file)) !== hash) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Records a clean type-check of `configPath` that read `files` (absolute paths). Best effort. */
export function rememberCleanTypecheck(configPath: string, files: readonly string[]): void {
  try {
    const record: CacheRecord = { version: toolVersion(), config: configPath, files: {} };
    for (const file of new Set([configPath, ...files])) record.files[file] = sha(readFileSync(file));
    const target = recordFile(configPath);
    mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    writeFileSync(temp, JSON.stringify(record));
    renameSync(temp, target);
  } catch {
    // a read-only cache only costs speed
  }
}
