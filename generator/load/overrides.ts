// `--set path=value` (repeatable): sweeps without a config file per setting. Each override replaces
// one field of the definition before defineMoLE derives its defaults (so --set experts.count=2 also
// changes the default topK and router.hidden); paths are the fields `molegen inspect` prints (predLen,
// experts.count, router.topK, target.grid=[4,4]) and must exist in the resolved config. The value is
// read as JSON when it parses, else as a string. The result is validated like any other value, and a problem with an overridden value is reported
// against the command line ("--set predLen=0: ...") instead of the config file. Unknown paths are
// MG7002 with the closest known path. Pure functions: nothing here reads or writes files.

import type { MoleConfig } from '../../dsl/config.ts';
import { closestMatch, type Diagnostic } from '../diagnostics.ts';

export interface ConfigOverride {
  /** As the user wrote it: 'predLen=192'. */
  text: string;
  path: string[];
  value: unknown;
}

/** Dotted paths of every field of a config (leaves and objects). */
function knownPaths(value: unknown, prefix: string[] = []): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix.join('.')];
  const out = prefix.length ? [prefix.join('.')] : [];
  for (const [key, child] of Object.entries(value)) out.push(...knownPaths(child, [...prefix, key]));
  return out;
}

const usage = (message: string, hint: string): Diagnostic => ({ code: 'MG7002', severity: 'error', message, hint });

export function parseOverrides(list: readonly string[]): { overrides: ConfigOverride[]; diagnostics: Diagnostic[] } {
  const overrides: ConfigOverride[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const text of list) {
    const eq = text.indexOf('=');
    const key = eq > 0 ? text.slice(0, eq).trim() : '';
    if (!key || key.split('.').some((s) => s === '')) {
      diagnostics.push(usage(`--set ${text}: expected path=value, e.g. --set predLen=192`, 'paths are the fields `molegen inspect` prints, joined by dots: experts.count, router.topK'));
      continue;
    }
    const raw = text.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a bare word stays a string: --set target.dtype=fp32
    }
    overrides.push({ text, path: key.split('.'), value });
  }
  return { overrides, diagnostics };
}

/** The config with the overrides applied (a copy), or diagnostics for paths the config does not have. */
export function applyOverrides(config: MoleConfig, overrides: readonly ConfigOverride[]): { config: MoleConfig; diagnostics: Diagnostic[] } {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  const paths = knownPaths(config);
  const diagnostics: Diagnostic[] = [];
  for (const o of overrides) {
    let node: Record<string, unknown> = copy;
    let ok = true;
    for (let i = 0; i < o.path.length - 1; i++) {
      const next = node[o.path[i]!];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        ok = false;
        break;
      }
      node = next as Record<string, unknown>;
    }
    const last = o.path[o.path.length - 1]!;
    if (!ok || !Object.prototype.hasOwnProperty.call(node, last)) {
      const suggestion = closestMatch(o.path.join('.'), paths.filter((p) => p.split('.').length === o.path.length));
      diagnostics.push(usage(`--set ${o.text}: the config has no field '${o.path.join('.')}'`, suggestion ? `did you mean '${suggestion}'?` : 'paths are the fields `molegen inspect` prints, joined by dots'));
      continue;
    }
    node[last] = o.value;
  }
  // Keep the defineMoLE mark (a non-enumerable symbol structuredClone drops).
  for (const symbol of Object.getOwnPropertySymbols(config)) {
    Object.defineProperty(copy, symbol, { value: (config as unknown as Record<symbol, unknown>)[symbol], enumerable: false });
  }
  return { config: copy as unknown as MoleConfig, diagnostics };
}

/** The override a JSON pointer such as `/a/b/c` is at, inside, or (for a field the override created) above. */
export function isOverridden(instancePath: string, overrides: readonly ConfigOverride[]): ConfigOverride | undefined {
  const segments = instancePath.split('/').slice(1).filter((s) => s !== '');
  if (segments.length === 0) return undefined;
  return overrides.find((o) => o.path.every((s, i) => i >= segments.length || segments[i] === s));
}
