// `molegen validate <config>`: type-check, evaluate and validate; print every diagnostic at once.

import { loadChecked } from '../load/checked.ts';
import { guarded, printDiagnostics, type OutputFormat } from './report.ts';

export async function validateCommand(args: { config: string; format: OutputFormat }): Promise<number> {
  return guarded(args.format, async () => {
    const { loaded, warnings } = await loadChecked(args.config);
    if (args.format === 'json') {
      process.stdout.write(`${JSON.stringify({ ok: true, config: loaded.config, diagnostics: warnings }, null, 2)}\n`);
      return 0;
    }
    printDiagnostics(warnings, args.format);
    process.stdout.write(`${args.config}: ok (${loaded.config.name})\n`);
    return 0;
  });
}
