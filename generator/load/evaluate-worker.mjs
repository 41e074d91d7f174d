// Runs inside a worker thread (generator/load/evaluate.ts starts it and may reuse it for the next
// config): imports one user config per request with tsx, in a fresh module namespace, and posts back
// its default export as plain data, or what went wrong. Plain JavaScript so it needs no loader of its
// own. `process.exit` is replaced by a function that throws, so a config that calls it is reported at
// its line instead of silently ending molegen. An exported Promise (an async config, as Vite allows)
// is awaited. This file must not print, write files or touch molegen state.
import Module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const BRAND = Symbol.for('molegen.MoleConfig');
const OVERRIDES = Symbol.for('molegen.definitionOverrides');

class ConfigExitError extends Error {}

process.setSourceMapsEnabled(true);
process.exit = (code) => {
  throw new ConfigExitError(`the config called process.exit(${code ?? ''})`);
};

// A .ts config outside an ES-module package is compiled to CommonJS by tsx, whose require() does not
// read the `paths` of tsconfig.eval.json: map 'molegen' to the DSL here as well.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, request === 'molegen' ? workerData.dslEntry : request, ...rest);
};

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'a plain object';
  return `a ${typeof value}`;
}

async function evaluate({ configPath, overrides, env }) {
  // The environment molegen has now (the worker may be older than the last change to it).
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  // `--set path=value`: defineMoLE (dsl/index.ts) applies these to the definition before deriving defaults.
  globalThis[OVERRIDES] = overrides ?? [];
  try {
    const module = await tsImport(pathToFileURL(configPath).href, { parentURL: workerData.parentURL, tsconfig: workerData.tsconfig });
    let exported = module.default;
    // A config compiled to CommonJS arrives as its module.exports object: { default: config }.
    if (exported !== null && typeof exported === 'object' && !(BRAND in exported) && 'default' in exported) exported = exported.default;
    let awaited = false;
    if (exported !== null && (typeof exported === 'object' || typeof exported === 'function') && typeof exported.then === 'function') {
      exported = await exported;
      awaited = true;
    }
    if (exported !== null && typeof exported === 'object' && exported[BRAND] === true) return { kind: 'config', config: exported };
    const what = exported === undefined && !awaited ? 'has no default export' : `default-exports ${awaited ? 'a Promise that resolved to ' : ''}${describe(exported)}`;
    return { kind: 'not-config', what };
  } catch (error) {
    return {
      kind: error instanceof ConfigExitError ? 'exit' : 'threw',
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? String(error.stack ?? '') : '',
    };
  } finally {
    globalThis[OVERRIDES] = [];
  }
}

parentPort.on('message', async (request) => {
  const reply = await evaluate(request);
  try {
    parentPort.postMessage({ id: request.id, ...reply });
  } catch (error) {
    // e.g. a function inside the config: it cannot cross to molegen
    parentPort.postMessage({ id: request.id, kind: 'threw', message: `the config cannot be copied out of its evaluation: ${error.message}`, stack: '' });
  }
});
