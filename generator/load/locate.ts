// Maps a JSON pointer into the normalised config (an ajv instancePath such as `/router/topK`) back to
// the line and column of the property that produced it in the user's config.ts.
// It walks the default export's AST: `defineMoLE({...})` → property `router` → its initializer, a
// builder call `router.mlp({...})` → the call's first object-literal argument → property `topK`.
// Identifiers bound in the same file (`const r = router.mlp({...})`) are followed; when a property is
// absent (a default was used) the closest existing ancestor is reported and `exact` is false.
// Syntax only: it never evaluates anything and needs no type information.

import { readFileSync } from 'node:fs';
import { Node, Project, SyntaxKind, type Expression, type SourceFile } from 'ts-morph';

/** Parses a config file for locating positions only (no type information, no program). */
export function parseConfigSource(configPath: string): SourceFile {
  return new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true }).createSourceFile(configPath, readFileSync(configPath, 'utf8'), { overwrite: true });
}

/** Line and column of the `export default` statement (1:1 when there is none). */
export function exportLocation(sourceFile: SourceFile): { line: number; column: number } {
  const statement = sourceFile.getStatements().find((s) => Node.isExportAssignment(s));
  const at = sourceFile.getLineAndColumnAtPos(statement ? statement.getStart() : 0);
  return { line: at.line, column: at.column };
}

export interface SourceLocation {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** False when the path was not written in the source and this is the closest ancestor. */
  exact: boolean;
}

export type Locator = (instancePath: string) => SourceLocation;

export function createLocator(sourceFile: SourceFile): Locator {
  const root = defaultExportExpression(sourceFile);
  const at = (node: Node, exact: boolean): SourceLocation => {
    const { line, column } = sourceFile.getLineAndColumnAtPos(node.getStart());
    return { line, column, exact };
  };
  return (instancePath) => {
    if (!root) return { line: 1, column: 1, exact: false };
    let anchor: Node = root;
    let value: Node | undefined = unwrap(root);
    for (const segment of pointerSegments(instancePath)) {
      if (!value) return at(anchor, false);
      const next = child(value, segment);
      if (!next) return at(value, false);
      anchor = next.anchor;
      value = next.value;
    }
    return at(anchor, true);
  };
}

export function pointerSegments(instancePath: string): string[] {
  if (instancePath === '' || instancePath === '/') return [];
  return instancePath
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The expression after `export default` (or the initializer of the variable exported as default). */
function defaultExportExpression(sourceFile: SourceFile): Node | undefined {
  for (const statement of sourceFile.getStatements()) {
    if (Node.isExportAssignment(statement) && !statement.isExportEquals()) return statement.getExpression();
  }
  const symbol = sourceFile.getDefaultExportSymbol();
  for (const declaration of symbol?.getDeclarations() ?? []) {
    if (Node.isVariableDeclaration(declaration)) return declaration.getInitializer();
    if (Node.isExportSpecifier(declaration)) {
      const local = declaration.getLocalTargetDeclarations()[0];
      if (local && Node.isVariableDeclaration(local)) return local.getInitializer();
    }
  }
  return undefined;
}

/** Strip parentheses, `as`, `satisfies`, `!`, and follow identifiers to their initializer in this file. */
function unwrap(node: Node | undefined, depth = 0): Node | undefined {
  if (!node || depth > 20) return node;
  if (
    Node.isParenthesizedExpression(node) ||
    Node.isAsExpression(node) ||
    Node.isSatisfiesExpression(node) ||
    Node.isNonNullExpression(node) ||
    Node.isTypeAssertion(node)
  ) {
    return unwrap(node.getExpression(), depth + 1);
  }
  if (Node.isIdentifier(node)) {
    const declaration = node.getSymbol()?.getDeclarations()[0];
    if (declaration && Node.isVariableDeclaration(declaration) && declaration.getSourceFile() === node.getSourceFile()) {
      return unwrap(declaration.getInitializer(), depth + 1) ?? node;
    }
  }
  return node;
}

interface Step {
  /** Where to point when the path ends here: the property assignment or array element. */
  anchor: Node;
  /** Its value, unwrapped, to keep walking into. */
  value: Node | undefined;
}

function child(value: Node, segment: string): Step | undefined {
  if (Node.isCallExpression(value)) {
    const args = value.getArguments().map((a) => unwrap(a));
    const options = args.find((a) => a && Node.isObjectLiteralExpression(a));
    if (options) return child(options, segment);
    // weights.checkpoint('./w.safetensors'): the path is the first argument itself.
    const first = value.getArguments()[0];
    if (segment === 'path' && first) return { anchor: first, value: unwrap(first) };
    return undefined;
  }
  if (Node.isObjectLiteralExpression(value)) {
    // The last assignment wins, as at run time.
    const properties = value.getProperties().filter((p) => propertyName(p) === segment);
    const property = properties[properties.length - 1];
    if (!property) return undefined;
    if (Node.isPropertyAssignment(property)) return { anchor: property, value: unwrap(property.getInitializer()) };
    if (Node.isShorthandPropertyAssignment(property)) return { anchor: property, value: unwrap(property.getNameNode()) };
    return { anchor: property, value: undefined };
  }
  if (Node.isArrayLiteralExpression(value) && /^\d+$/.test(segment)) {
    const element = value.getElements()[Number(segment)];
    return element ? { anchor: element, value: unwrap(element as Expression) } : undefined;
  }
  return undefined;
}

function propertyName(property: Node): string | undefined {
  if (Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property) || Node.isMethodDeclaration(property)) {
    const name = property.getNameNode();
    if (Node.isIdentifier(name) || Node.isStringLiteral(name) || Node.isNumericLiteral(name)) {
      return Node.isIdentifier(name) ? name.getText() : String(name.getLiteralValue());
    }
    if (name.getKind() === SyntaxKind.ComputedPropertyName) return undefined;
  }
  return undefined;
}
