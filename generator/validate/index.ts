// validateConfig: every problem with a loaded config, at once — schema errors (MG2xxx) and semantic
// rules (MG3xxx/MG4xxx) — each with a stable code, the file:line:col of the property to fix, and a hint.
// Returns diagnostics (errors and warnings) sorted by position; it never throws on a bad config and
// never writes anything. Callers stop when hasErrors(diagnostics).

import type { Diagnostic } from '../diagnostics.ts';
import type { LoadedConfig } from '../load/index.ts';
import { ruleFindings } from './rules.ts';
import { schemaProblems } from './schema-errors.ts';

export { estimateL1PerCore } from './l1-budget.ts';
export { displayPath } from './schema-errors.ts';

/** Fields whose defaults are computed from other fields (router.hidden = K·C, weightDtype = dtype ...). */
const DERIVED_DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  '/router/hidden': ['/experts/count', '/input/channels'],
  '/router/topK': ['/experts/count'],
  '/target/weightDtype': ['/target/dtype'],
};

export function validateConfig(loaded: LoadedConfig): Diagnostic[] {
  const problems = schemaProblems(loaded.config);
  // An 'individual' on RLinear/RMLP is the MG3005 rule's to report, not an unknown field.
  const schema = problems.filter((p) => !(p.instancePath === '/experts/individual' && p.diagnostic.code === 'MG2005'));
  const errorPaths = schema.map((p) => p.instancePath);
  const hasSchemaError = (instancePath: string): boolean =>
    errorPaths.some((p) => p === instancePath || p.startsWith(`${instancePath}/`));

  const positioned = (instancePath: string, diagnostic: Omit<Diagnostic, 'file' | 'line' | 'column'>): Diagnostic => {
    if (!loaded.configPath) return { ...diagnostic };
    const { line, column } = loaded.locate(instancePath);
    return { ...diagnostic, file: loaded.configPath, line, column };
  };

  const diagnostics: Diagnostic[] = [];
  for (const problem of schema) {
    // A defaulted value derived from a field that is itself wrong only repeats that error.
    const sources = DERIVED_DEFAULTS[problem.instancePath];
    if (sources && !loaded.locate(problem.instancePath).exact && sources.some(hasSchemaError)) continue;
    diagnostics.push(positioned(problem.instancePath, { ...problem.diagnostic, severity: 'error' }));
  }
  const findings = ruleFindings(loaded.config, {
    hasSchemaError,
    schemaValid: problems.length === 0,
    resolvePath: loaded.resolvePath,
  });
  for (const finding of findings) diagnostics.push(positioned(finding.instancePath, finding.diagnostic));

  return diagnostics
    .map((d, index) => ({ d, index }))
    .sort((a, b) => (a.d.line ?? 0) - (b.d.line ?? 0) || (a.d.column ?? 0) - (b.d.column ?? 0) || a.index - b.index)
    .map(({ d }) => d);
}
