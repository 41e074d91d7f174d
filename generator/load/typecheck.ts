// Type-checks one user config file with ts-morph's compiler before anything evaluates it.
// Nothing is saved or emitted: it reads the user's files and writes nothing. 'molegen' is
// mapped to this package's dsl/index.ts with `paths`, so a config outside this repository type-checks
// the same as one inside it. Only diagnostics of the config file itself are reported (syntax errors
// first and alone, since type errors on broken syntax are noise), as MG1001/MG1002/MG1006.
// This module must not run the config.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project, ts, type SourceFile } from 'ts-morph';
import { closestMatch, type Diagnostic } from '../diagnostics.ts';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The DSL entry point that `import ... from 'molegen'` resolves to. */
export const DSL_ENTRY = path.join(packageRoot, 'dsl', 'index.ts');

export interface TypecheckResult {
  diagnostics: Diagnostic[];
  /** The parsed config, for mapping instance paths to positions. */
  sourceFile: SourceFile;
  /** Source files outside installed packages that the check read (the config, its imports, the DSL). */
  localFiles: string[];
}

export function typecheckConfig(configPath: string): TypecheckResult {
  const typeRoots = path.join(packageRoot, 'node_modules', '@types');
  const hasNodeTypes = existsSync(path.join(typeRoots, 'node'));
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    // A config is an ES module wherever it lives (no "type": "module" needed), as bundler-style TS
    // configs are (Vite, Prisma): Preserve + Bundler resolution never implies CommonJS from package.json.
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    esModuleInterop: true,
    types: hasNodeTypes ? ['node'] : [],
    ...(hasNodeTypes ? { typeRoots: [typeRoots] } : {}),
    paths: { molegen: [DSL_ENTRY] },
  };
  // The plain compiler host decides each file's module format (ESM/CJS) from package.json, as Node
  // does; ts-morph's own program does not, so the type-check uses ts-morph's bundled compiler
  // directly and ts-morph's AST only for locating positions.
  const program = ts.createProgram({ rootNames: [configPath], options, host: compilerHost(options) });
  const tsSourceFile = program.getSourceFile(configPath);
  if (!tsSourceFile) throw new Error(`typecheck: ${configPath} is not part of its own program`);
  const sourceFile = new Project({ compilerOptions: options, skipAddingFilesFromTsConfig: true }).createSourceFile(
    configPath,
    tsSourceFile.text,
    { overwrite: true },
  );
  const convert = (d: ts.Diagnostic, code: string): Diagnostic => toDiagnostic(d, code, configPath, tsSourceFile, program);

  const localFiles = program
    .getSourceFiles()
    .map((f) => path.resolve(f.fileName))
    .filter((f) => !f.startsWith(installedPackages) && libText(f) === undefined && existsSync(f));
  const syntactic = program.getSyntacticDiagnostics(tsSourceFile);
  if (syntactic.length > 0) return { sourceFile, localFiles, diagnostics: syntactic.map((d) => convert(d, 'MG1002')) };
  const semantic = program.getSemanticDiagnostics(tsSourceFile).map((d) => convert(d, 'MG1001'));
  return { sourceFile, localFiles, diagnostics: semantic };
}

// ts-morph ships the compiler without its lib .d.ts files on disk; it embeds them. Serve those to the
// plain compiler host at the default lib location, parsed once per process.
const libTexts: ReadonlyMap<string, string> = new Map(
  (createRequire(createRequire(import.meta.url).resolve('ts-morph'))('@ts-morph/common') as {
    getLibFiles(): Array<{ fileName: string; text: string }>;
  })
    .getLibFiles()
    .map((lib) => [lib.fileName, lib.text]),
);
const parsedLibs = new Map<string, ts.SourceFile>();
const installedPackages = path.join(packageRoot, 'node_modules') + path.sep;

let libDirectory = '';
const libText = (fileName: string): string | undefined =>
  path.dirname(fileName) === libDirectory ? libTexts.get(path.basename(fileName)) : undefined;

function compilerHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  libDirectory = host.getDefaultLibLocation?.() ?? path.dirname(ts.getDefaultLibFilePath(options));
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const cached = parsedLibs.get(fileName);
    if (cached) return cached;
    const text = libText(fileName);
    if (text !== undefined) {
      const parsed = ts.createSourceFile(fileName, text, languageVersion, false);
      parsedLibs.set(fileName, parsed);
      return parsed;
    }
    const parsed = getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
    // Installed declaration files (@types/node ...) do not change while molegen runs: parse them once.
    if (parsed && fileName.startsWith(installedPackages) && fileName.endsWith('.d.ts')) parsedLibs.set(fileName, parsed);
    return parsed;
  };
  host.fileExists = (fileName) => libText(fileName) !== undefined || fileExists.call(host, fileName);
  host.readFile = (fileName) => libText(fileName) ?? readFile.call(host, fileName);
  return host;
}

// TS codes that mean "this file is CommonJS but imports an ES module".
const COMMONJS_IMPORTS_ESM = new Set([1479, 1471]);

function toDiagnostic(d: ts.Diagnostic, code: string, configPath: string, file: ts.SourceFile, program: ts.Program): Diagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const diagnostic: Diagnostic = { code, severity: 'error', message: `${message} (TS${d.code})`, file: configPath };
  if (d.start !== undefined) {
    const { line, character } = file.getLineAndCharacterOfPosition(d.start);
    diagnostic.line = line + 1;
    diagnostic.column = character + 1;
    const hint = literalHint(file, d.start, program.getTypeChecker());
    if (hint) diagnostic.hint = hint;
  }
  if (COMMONJS_IMPORTS_ESM.has(d.code)) {
    return { ...commonJsDiagnostic(configPath, `TS${d.code}`), line: diagnostic.line ?? 1, column: diagnostic.column ?? 1 };
  } else if (d.code === 2307 && /'molegen'/.test(message)) {
    diagnostic.hint = "import the DSL as `import { defineMoLE, ... } from 'molegen'`";
  }
  return diagnostic;
}

/** When a wrong string literal is given where a union of literals is expected, list the allowed values. */
function literalHint(file: ts.SourceFile, position: number, checker: ts.TypeChecker): string | undefined {
  let node: ts.Node | undefined = innermostNodeAt(file, position);
  while (node && !ts.isPropertyAssignment(node) && !ts.isSourceFile(node)) node = node.parent;
  if (!node || !ts.isPropertyAssignment(node) || !ts.isStringLiteral(node.initializer)) return undefined;
  const expected = checker.getContextualType(node.initializer);
  if (!expected) return undefined;
  const members = expected.isUnion() ? expected.types : [expected];
  const allowed = members.filter((t) => t.isStringLiteral()).map((t) => (t as ts.StringLiteralType).value);
  if (allowed.length === 0) return undefined;
  const suggestion = closestMatch(node.initializer.text, allowed);
  const list = allowed.map((v) => `'${v}'`).join(', ');
  return suggestion ? `did you mean '${suggestion}'? allowed: ${list}` : `allowed: ${list}`;
}

function innermostNodeAt(file: ts.SourceFile, position: number): ts.Node {
  let node: ts.Node = file;
  for (;;) {
    const inner: ts.Node | undefined = ts.forEachChild(node, (c) => (c.getStart(file) <= position && position < c.getEnd() ? c : undefined));
    if (!inner) return node;
    node = inner;
  }
}

function commonJsDiagnostic(configPath: string, reason: string): Diagnostic {
  const base = path.basename(configPath, path.extname(configPath));
  return {
    code: 'MG1006',
    severity: 'error',
    message: `${path.basename(configPath)} is a CommonJS module (${reason}), but molegen configs are ES modules`,
    hint: `rename it to ${base}.mts, or add "type": "module" to the nearest package.json`,
    file: configPath,
    line: 1,
    column: 1,
  };
}
