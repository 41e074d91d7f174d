// Type-checks one user config file with ts-morph before anything evaluates it.
// The Project is never saved or emitted: it reads the user's files and writes nothing. 'molegen' is
// mapped to this package's dsl/index.ts with `paths`, so a config outside this repository type-checks
// the same as one inside it. Only diagnostics of the config file itself are reported (syntax errors
// first and alone, since type errors on broken syntax are noise), as MG1001/MG1002/MG1006.
// This module must not run the config.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Node, Project, ts, type SourceFile } from 'ts-morph';
import { closestMatch, type Diagnostic } from '../diagnostics.ts';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The DSL entry point that `import ... from 'molegen'` resolves to. */
export const DSL_ENTRY = path.join(packageRoot, 'dsl', 'index.ts');

export interface TypecheckResult {
  diagnostics: Diagnostic[];
  /** The parsed config, for mapping instance paths to positions. */
  sourceFile: SourceFile;
}

export function typecheckConfig(configPath: string): TypecheckResult {
  const typeRoots = path.join(packageRoot, 'node_modules', '@types');
  const hasNodeTypes = existsSync(path.join(typeRoots, 'node'));
  const project = new Project({
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      esModuleInterop: true,
      types: hasNodeTypes ? ['node'] : [],
      ...(hasNodeTypes ? { typeRoots: [typeRoots] } : {}),
      paths: { molegen: [DSL_ENTRY] },
    },
    skipAddingFilesFromTsConfig: true,
  });
  const sourceFile = project.addSourceFileAtPath(configPath);
  const program = project.getProgram().compilerObject;
  const tsSourceFile = program.getSourceFile(sourceFile.getFilePath());
  if (!tsSourceFile) throw new Error(`typecheck: ${configPath} is not part of its own program`);

  const syntactic = program.getSyntacticDiagnostics(tsSourceFile);
  if (syntactic.length > 0) {
    return { sourceFile, diagnostics: syntactic.map((d) => toDiagnostic(d, 'MG1002', configPath, sourceFile)) };
  }
  const semantic = program.getSemanticDiagnostics(tsSourceFile).map((d) => toDiagnostic(d, 'MG1001', configPath, sourceFile));
  // tsx cannot map 'molegen' for a CommonJS module, and the DSL is an ES module: say so up front.
  const format = ts.getImpliedNodeFormatForFile(tsSourceFile.fileName, undefined, ts.sys, program.getCompilerOptions());
  if (format === ts.ModuleKind.CommonJS && !semantic.some((d) => d.code === 'MG1006')) {
    semantic.unshift(commonJsDiagnostic(configPath, 'no package.json with "type": "module" above it'));
  }
  return { sourceFile, diagnostics: semantic };
}

// TS codes that mean "this file is CommonJS but imports an ES module".
const COMMONJS_IMPORTS_ESM = new Set([1479, 1471]);

function toDiagnostic(d: ts.Diagnostic, code: string, configPath: string, sourceFile: SourceFile): Diagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const diagnostic: Diagnostic = { code, severity: 'error', message: `${message} (TS${d.code})`, file: configPath };
  if (d.start !== undefined) {
    const { line, column } = sourceFile.getLineAndColumnAtPos(d.start);
    diagnostic.line = line;
    diagnostic.column = column;
    const hint = d.start !== undefined ? literalHint(sourceFile, d.start) : undefined;
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
function literalHint(sourceFile: SourceFile, position: number): string | undefined {
  let node: Node | undefined = sourceFile.getDescendantAtPos(position);
  while (node && !Node.isPropertyAssignment(node) && !Node.isSourceFile(node)) node = node.getParent();
  if (!node || !Node.isPropertyAssignment(node)) return undefined;
  const initializer = node.getInitializer();
  if (!initializer || !Node.isStringLiteral(initializer)) return undefined;
  const expected = initializer.getContextualType();
  if (!expected) return undefined;
  const members = expected.isUnion() ? expected.getUnionTypes() : [expected];
  const allowed = members.filter((t) => t.isStringLiteral()).map((t) => String(t.getLiteralValue()));
  if (allowed.length === 0) return undefined;
  const written = initializer.getLiteralValue();
  const suggestion = closestMatch(written, allowed);
  const list = allowed.map((v) => `'${v}'`).join(', ');
  return suggestion ? `did you mean '${suggestion}'? allowed: ${list}` : `allowed: ${list}`;
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
