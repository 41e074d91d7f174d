// The one Handlebars instance the emitter uses: isolated, strict, no HTML escaping, no helpers.
// Templates under templates/ only place strings that generator/emit/cpp.ts already rendered.

import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEMPLATE_DIR = path.join(REPO_ROOT, 'templates');

const handlebars = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Renders templates/<name> with string-only context values. */
export function renderTemplate(name: string, context: Record<string, string>): string {
  let template = compiled.get(name);
  if (!template) {
    const source = readFileSync(path.join(TEMPLATE_DIR, name), 'utf8');
    template = handlebars.compile(source, { noEscape: true, strict: true, knownHelpersOnly: true, preventIndent: true });
    compiled.set(name, template);
  }
  return template(context);
}

/** A file shipped verbatim (kernels, support headers). */
export function readVerbatim(relativeToRepo: string): string {
  return readFileSync(path.join(REPO_ROOT, relativeToRepo), 'utf8');
}
