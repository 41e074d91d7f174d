// Runs inside a worker thread (generator/load/evaluate.ts starts it): imports one user config with
// tsx and posts back its default export as plain data, or what went wrong. Plain JavaScript so it
// needs no loader of its own. `process.exit` is replaced by a function that throws, so a config that
// calls it is reported at its line instead of silently ending molegen. An exported Promise (an async
// config, as Vite allows) is awaited. This file must not print, write files or touch molegen state.
import Module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const BRAND = Symbol.for('molegen.MoleConfig');

class ConfigExitError extends Error {}

process.setSourceMapsEnabled(true);
// `--set path=value`: defineMoLE (dsl/index.ts) applies these to the definition before deriving defaults.
globalThis[Symbol.for('molegen.definitionOverrides')] = workerData.overrides ?? [];

// A .ts config outside an ES-module package is compiled to CommonJS by tsx, whose require() does not
// read the `paths` of tsconfig.eval.json: map 'molegen' to the DSL here as well.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, request === 'molegen' ? workerData.dslEntry : request, ...rest);
};
process.exit = (code) => {
  throw new ConfigExitError(`the config called process.exit(${code ?? ''})`);
};

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'a plain object';
  return `a ${typeof value}`;
}

try {
  const module = await tsImport(pathToFileURL(workerData.configPath).href, { parentURL: workerData.parentURL, tsconfig: workerData.tsconfig });
  let exported = module.default;
  // A config compiled to CommonJS arrives as its module.exports object: { default: config }.
  if (exported !== null && typeof exported === 'object' && !(BRAND in exported) && 'default' in exported && module.default?.__esModule !== false) {
    exported = exported.default;
  }
  let awaited = false;
  if (exported !== null && (typeof exported === 'object' || typeof exported === 'function') && typeof exported.then === 'function') {
    exported = await exported;
    awaited = true;
  }
  if (exported !== null && typeof exported === 'object' && exported[BRAND] === true) {
    parentPort.postMessage({ kind: 'config', config: exported });
  } else {
    const what = exported === undefined && !awaited ? 'has no default export' : `default-exports ${awaited ? 'a Promise that resolved to ' : ''}${describe(exported)}`;
    parentPort.postMessage({ kind: 'not-config', what });
  }
} catch (error) {
  parentPort.postMessage({
    kind: error instanceof ConfigExitError ? 'exit' : 'threw',
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? String(error.stack ?? '') : '',
  });
}
