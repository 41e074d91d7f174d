// Checks a normalised config against dsl/schema.ts with one isolated ajv instance and turns ajv's
// errors into readable diagnostics (MG2xxx): "router.topK must be ≥ 1 (got 0)", enum errors list the
// allowed values and suggest the closest one. Positions come from the caller's `locate`.
// It knows nothing about semantic rules; it only translates what ajv reports.

import { Ajv, type ErrorObject } from 'ajv';
import { moleConfigSchema } from '../../dsl/schema.ts';
import { closestMatch, type Diagnostic } from '../diagnostics.ts';

/** One Ajv per process, private to validation: no shared keywords/formats with anything else. */
const ajv = new Ajv({ allErrors: true, strict: true, discriminator: true, verbose: true });
const validateSchema = ajv.compile(moleConfigSchema);

export interface SchemaProblem {
  /** JSON pointer of the offending value (for `required`, of the missing property). */
  instancePath: string;
  diagnostic: Omit<Diagnostic, 'file' | 'line' | 'column' | 'severity'>;
}

export function schemaProblems(config: unknown): SchemaProblem[] {
  if (validateSchema(config)) return [];
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of validateSchema.errors ?? []) {
    const problem = describeError(error);
    const key = `${problem.instancePath}\u0000${problem.diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** '/target/grid/0' → 'target.grid[0]'. */
export function displayPath(instancePath: string): string {
  if (instancePath === '') return 'the config';
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, segment) => (/^\d+$/.test(segment) ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment), '');
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function rangeText(schema: Record<string, unknown>): string | undefined {
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  if (min === undefined && max === undefined) return undefined;
  const low = min === undefined ? '' : `${schema.exclusiveMinimum !== undefined ? '>' : '≥'} ${min}`;
  const high = max === undefined ? '' : `${schema.exclusiveMaximum !== undefined ? '<' : '≤'} ${max}`;
  return [low, high].filter(Boolean).join(' and ');
}

function choices(values: readonly unknown[]): string {
  return values.map(show).join(', ');
}

function enumHint(data: unknown, allowed: readonly unknown[]): string {
  const strings = allowed.filter((v): v is string => typeof v === 'string');
  const suggestion = typeof data === 'string' ? closestMatch(data, strings) : undefined;
  return suggestion ? `did you mean '${suggestion}'?` : `use one of ${choices(allowed)}`;
}

function describeError(error: ErrorObject): SchemaProblem {
  const at = error.instancePath;
  const name = displayPath(at);
  const data: unknown = error.data;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const comparison = { minimum: '≥', maximum: '≤', exclusiveMinimum: '>', exclusiveMaximum: '<' }[error.keyword];
      const range = rangeText(parent);
      return {
        instancePath: at,
        diagnostic: {
          code: 'MG2001',
          message: `${name} must be ${comparison} ${String(params.limit)} (got ${show(data)})`,
          hint: range ? `${name} must be ${range}` : `change ${name}`,
        },
      };
    }
    case 'type': {
      const expected = String(params.type);
      const article = expected === 'integer' || expected === 'array' || expected === 'object' ? 'an' : 'a';
      return {
        instancePath: at,
        diagnostic: {
          code: 'MG2002',
          message: `${name} must be ${article} ${expected === 'array' ? 'list' : expected} (got ${typeof data === 'object' ? typeName(data) : show(data)})`,
          hint: expected === 'integer' && typeof data === 'number' ? `use a whole number such as ${Math.round(data)}` : `give ${name} ${article} ${expected} value`,
        },
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [];
      return {
        instancePath: at,
        diagnostic: {
          code: 'MG2003',
          message: `${name} must be one of ${choices(allowed)} (got ${show(data)})`,
          hint: enumHint(data, allowed),
        },
      };
    }
    case 'const':
      return {
        instancePath: at,
        diagnostic: {
          code: 'MG2003',
          message: `${name} must be ${show(params.allowedValue)} (got ${show(data)})`,
          hint: `use the builder for this section instead of writing it by hand`,
        },
      };
    case 'discriminator': {
      const tag = String(params.tag);
      const branches = (parent.oneOf as Array<{ properties?: Record<string, { const?: unknown }> }> | undefined) ?? [];
      const allowed = branches.map((b) => b.properties?.[tag]?.const).filter((v) => v !== undefined);
      const value = (data as Record<string, unknown> | null)?.[tag];
      return {
        instancePath: `${at}/${tag}`,
        diagnostic: {
          code: 'MG2003',
          message:
            value === undefined
              ? `${displayPath(`${at}/${tag}`)} is required: one of ${choices(allowed)}`
              : `${displayPath(`${at}/${tag}`)} must be one of ${choices(allowed)} (got ${show(value)})`,
          hint: value === undefined ? `build ${name} with its builder, e.g. ${name}.${String(allowed[0])}(...)` : enumHint(value, allowed),
        },
      };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const path = `${at}/${missing}`;
      return {
        instancePath: path,
        diagnostic: { code: 'MG2004', message: `${displayPath(path)} is required`, hint: `add \`${missing}: ...\` to ${name}` },
      };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const known = Object.keys((parent.properties as Record<string, unknown> | undefined) ?? {});
      const suggestion = closestMatch(extra, known);
      return {
        instancePath: `${at}/${extra}`,
        diagnostic: {
          code: 'MG2005',
          message: `${name} has an unknown field '${extra}'`,
          hint: suggestion ? `did you mean '${suggestion}'?` : `known fields: ${known.join(', ')}`,
        },
      };
    }
    case 'minItems':
    case 'maxItems': {
      const exact = parent.minItems !== undefined && parent.minItems === parent.maxItems;
      const length = Array.isArray(data) ? data.length : 0;
      const wanted = exact ? `exactly ${String(parent.minItems)}` : `${error.keyword === 'minItems' ? 'at least' : 'at most'} ${String(params.limit)}`;
      return {
        instancePath: at,
        diagnostic: { code: 'MG2006', message: `${name} must have ${wanted} items (got ${length})`, hint: name.endsWith('grid') ? 'write the grid as [x, y]' : `give ${name} ${wanted} items` },
      };
    }
    case 'minLength':
    case 'maxLength':
    case 'pattern': {
      const message =
        error.keyword === 'minLength' && String(data).length === 0
          ? `${name} must not be empty`
          : error.keyword === 'maxLength'
            ? `${name} must be at most ${String(params.limit)} characters (got ${String(data).length})`
            : `${name} ${show(data)} has characters that are not allowed`;
      return {
        instancePath: at,
        diagnostic: { code: 'MG2007', message, hint: typeof parent.description === 'string' ? parent.description : `fix ${name}` },
      };
    }
    default:
      return {
        instancePath: at,
        diagnostic: { code: 'MG2099', message: `${name} ${error.message ?? 'is invalid'}`, hint: typeof parent.description === 'string' ? parent.description : `fix ${name}` },
      };
  }
}
