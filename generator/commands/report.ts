// How commands report: diagnostics as text (file:line:col - error MGxxxx + code frame) or JSON,
// warnings on stderr, and the exit code convention (0 ok, 1 user error / failed check, 2 internal).

import { diagnosticsToJson, formatDiagnostics, MolegenError, type Diagnostic } from '../diagnostics.ts';

export type OutputFormat = 'text' | 'json';

export function printDiagnostics(diagnostics: Diagnostic[], format: OutputFormat): void {
  if (diagnostics.length === 0) return;
  if (format === 'json') process.stdout.write(`${diagnosticsToJson(diagnostics)}\n`);
  else process.stderr.write(formatDiagnostics(diagnostics, { color: process.stderr.isTTY }));
}

/** Runs a command body, turning MolegenErrors into printed diagnostics and exit code 1. */
export async function guarded(format: OutputFormat, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof MolegenError) {
      printDiagnostics(error.diagnostics, format);
      return 1;
    }
    process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}
