// The generated project's Python module (host/python_module.cpp, built with -DMOLEGEN_PYTHON=ON):
// its import name, derived from the config's name, and the strings its template places.

import type { MoleConfig } from '../../dsl/config.ts';
import { renderTemplate } from './templates.ts';

// Python's keywords (keyword.kwlist): a module may not be named after one.
const PYTHON_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);

/**
 * The import name of a config's module: the config name with every '.' and '-' turned into '_'
 * ('etth1-mole-dlinear' → 'etth1_mole_dlinear'), prefixed with 'm_' when that starts with a digit,
 * and suffixed with '_' when it is a Python keyword. Config names are letters, digits, '.', '_' and
 * '-', so the result is always an identifier.
 */
export function pythonModuleName(configName: string): string {
  let name = configName.replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(name)) name = `m_${name}`;
  if (PYTHON_KEYWORDS.has(name)) name = `${name}_`;
  return name;
}

/** A C++ string literal holding `text` (ASCII config names; quotes and backslashes escaped). */
export function cppStringLiteral(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function renderPythonModule(config: MoleConfig, banner: string): string {
  return renderTemplate('host/python_module.cpp.hbs', {
    banner,
    moduleName: pythonModuleName(config.name),
    modelName: config.name,
    modelNameLiteral: cppStringLiteral(config.name),
  });
}
