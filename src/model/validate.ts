import { parse as parseYaml } from 'yaml';
import type * as z from 'zod';
import type { DocumentPath } from './diagnostics.js';
import { type RealmManifestDocument, realmDocumentSchema } from './schema/realm.js';

export interface ValidationProblem {
  summary: string;
  path: DocumentPath;
}

export interface ValidationResult {
  data?: RealmManifestDocument;
  problems: ValidationProblem[];
}

const TYPE_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number')
    return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  return `${typeof value} ${String(value)}`;
}

function toPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

function problemsOf(issue: z.core.$ZodIssue, input: unknown): ValidationProblem[] {
  const path = toPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      // The message holds one line per key, in order (see `strict` in schema/primitives.ts).
      const lines = issue.message.split('\n');
      return issue.keys.map((key, i) => ({
        summary: lines[i] ?? `unknown key \`${key}\``,
        path: [...path, key],
      }));
    }
    case 'invalid_type': {
      const value = valueAt(input, issue.path);
      const last = path[path.length - 1];
      if (value === undefined && typeof last === 'string')
        return [{ summary: `missing required key \`${last}\``, path }];
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return [{ summary: `expected ${expected}, got ${describe(value)}`, path }];
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => String(v)).join(', ');
      return [{ summary: `expected one of ${options}; got ${describe(valueAt(input, issue.path))}`, path }];
    }
    case 'too_big': {
      // 255: Keycloak's column size (schema/primitives.ts); a longer value fails with a bare 500.
      const why = Number(issue.maximum) === 255 ? ' (the size of the Keycloak database column)' : '';
      return [{ summary: `too long: at most ${String(issue.maximum)} characters${why}`, path }];
    }
    case 'too_small':
      return [{ summary: issue.minimum === 1 ? 'must not be empty' : issue.message, path }];
    default:
      return [{ summary: issue.message, path }];
  }
}

function pathKey(path: readonly PropertyKey[]): string {
  return JSON.stringify(toPath(path));
}

function setAt(root: unknown, path: DocumentPath, value: unknown): void {
  const parent = valueAt(root, path.slice(0, -1));
  if (typeof parent === 'object' && parent !== null) {
    (parent as Record<string, unknown>)[String(path[path.length - 1])] = value;
  }
}

/**
 * Validates one document. keycloak-config-cli substitutes variables in the raw text, so a variable
 * could stand for a whole JSON object (`"browserSecurityHeaders": $(sys:HEADERS)`): where a
 * whole-scalar variable sits in place of an object or list, its value is parsed as JSON/YAML and the
 * document validated again. Booleans and numbers need no such pass: the schema accepts their string forms.
 */
export function validateDocument(
  input: unknown,
  wholeVariablePaths: readonly DocumentPath[] = [],
): ValidationResult {
  let result = realmDocumentSchema.safeParse(input);
  if (!result.success && wholeVariablePaths.length > 0) {
    const candidates = new Set(wholeVariablePaths.map((p) => pathKey(p)));
    let changed = false;
    for (const issue of result.error.issues) {
      if (issue.code !== 'invalid_type' || !['object', 'record', 'array'].includes(issue.expected)) continue;
      if (!candidates.has(pathKey(issue.path))) continue;
      const text = valueAt(input, issue.path);
      if (typeof text !== 'string') continue;
      try {
        const parsed: unknown = parseYaml(text);
        if (typeof parsed === 'object' && parsed !== null) {
          setAt(input, toPath(issue.path), parsed);
          changed = true;
        }
      } catch {
        // Not JSON/YAML: the type error below says what was expected.
      }
    }
    if (changed) result = realmDocumentSchema.safeParse(input);
  }
  if (result.success) return { data: result.data, problems: [] };
  return { problems: result.error.issues.flatMap((issue) => problemsOf(issue, input)) };
}
