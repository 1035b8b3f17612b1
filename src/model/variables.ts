import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { DocumentPath } from './diagnostics.js';

/**
 * Variables in string scalars.
 *
 * | spelling                    | meaning                                                        |
 * |-----------------------------|----------------------------------------------------------------|
 * | `${env:NAME}`               | environment variable NAME (error when unset)                   |
 * | `${env:NAME:-default}`      | NAME, or `default` when NAME is unset or empty                 |
 * | `${file:path}`              | the file's content, one trailing newline trimmed; relative     |
 * |                             | paths are relative to the manifest                             |
 * | `$(env:NAME)`               | keycloak-config-cli spelling of `${env:NAME}`                  |
 * | `$(env:NAME:default)`       | keycloak-config-cli spelling with a default (`:-` works too)   |
 * | `sys:` instead of `env:`    | keycloak-config-cli reads Java system properties there;        |
 * |                             | realmform has none, so `sys:` reads the same variables as env  |
 * | `$${…}` / `$$(…)`           | a literal `${…}` / `$(…)`                                      |
 *
 * Anything else between `${` and `}` stays as written: Keycloak itself uses `${key}` for message
 * keys (`${role_offline-access}`, `${client_account}`), so those must pass through untouched.
 */

export interface VariableSources {
  env: Readonly<Record<string, string | undefined>>;
  /** Directory of the manifest; `${file:…}` paths are relative to it. */
  baseDir: string;
  /** Reads a `${file:…}` target; replaceable in tests. */
  readFile?: (absolutePath: string) => string;
}

export interface StringSubstitution {
  value: string;
  /** True when the whole scalar was one variable, so its value may be coerced to the field's type. */
  whole: boolean;
  errors: string[];
  warnings: string[];
}

const TOKEN = /\$\$([{(])|\$\{([^}]*)\}|\$\(([^)]*)\)/g;
const ENV_BRACE = /^(env|sys):([^:]*)(?::-([\s\S]*))?$/;
const ENV_PAREN = /^(env|sys):([^:]*)(?::(-?)([\s\S]*))?$/;
const UNKNOWN_SOURCE = /^([A-Za-z]+):/;

function defaultReadFile(absolutePath: string): string {
  return readFileSync(absolutePath, 'utf8');
}

function lookup(
  source: string,
  name: string,
  fallback: string | undefined,
  written: string,
  sources: VariableSources,
  errors: string[],
): string {
  if (name.trim() === '') {
    errors.push(`variable \`${written}\` has no name`);
    return written;
  }
  const value = sources.env[name];
  // Like the shell's `:-`: a default also replaces an empty value.
  if (fallback !== undefined && (value === undefined || value === '')) return fallback;
  if (value === undefined) {
    errors.push(`variable \`${source}:${name}\` is not set (in \`${written}\`; give a default with \`:-\`)`);
    return written;
  }
  return value;
}

function readVariableFile(
  target: string,
  written: string,
  sources: VariableSources,
  errors: string[],
): string {
  if (target.trim() === '') {
    errors.push(`variable \`${written}\` has no file path`);
    return written;
  }
  const absolute = isAbsolute(target) ? target : resolve(sources.baseDir, target);
  try {
    return (sources.readFile ?? defaultReadFile)(absolute).replace(/\r?\n$/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    errors.push(`cannot read \`${written}\` (${absolute}: ${code})`);
    return written;
  }
}

export function substituteString(text: string, sources: VariableSources): StringSubstitution {
  const errors: string[] = [];
  const warnings: string[] = [];
  let variables = 0;
  let wholeMatch = false;
  const value = text.replace(TOKEN, (match: string, escaped?: string, brace?: string, paren?: string) => {
    if (escaped !== undefined) return `$${escaped}`;
    if (brace !== undefined) {
      const env = ENV_BRACE.exec(brace);
      if (env) {
        variables++;
        wholeMatch = match === text;
        return lookup(env[1]!, env[2]!, env[3], match, sources, errors);
      }
      if (brace.startsWith('file:')) {
        variables++;
        wholeMatch = match === text;
        return readVariableFile(brace.slice('file:'.length), match, sources, errors);
      }
      if (/^(env|sys):[^:]*:/.test(brace)) {
        errors.push(`invalid variable \`${match}\`: write a default as \`\${env:NAME:-default}\``);
        return match;
      }
      const unknown = UNKNOWN_SOURCE.exec(brace);
      if (unknown)
        warnings.push(`\`${match}\` is not a variable realmform knows (env, file); kept as written`);
      return match;
    }
    // `$(…)` is keycloak-config-cli's spelling; other `$(…)` (shell, jQuery in policies) stays as is.
    const env = ENV_PAREN.exec(paren ?? '');
    if (!env) return match;
    variables++;
    wholeMatch = match === text;
    const fallback = env[3] !== undefined || env[4] !== undefined ? (env[4] ?? '') : undefined;
    return lookup(env[1]!, env[2]!, fallback, match, sources, errors);
  });
  return { value, whole: variables === 1 && wholeMatch, errors, warnings };
}

export interface SubstitutionProblem {
  severity: 'error' | 'warning';
  summary: string;
  path: DocumentPath;
}

export interface SubstitutionResult {
  value: unknown;
  /** Paths of string scalars that were exactly one variable (candidates for type coercion). */
  wholeVariablePaths: DocumentPath[];
  problems: SubstitutionProblem[];
}

/** Substitutes variables in every string scalar of a parsed document (keys are left alone). */
export function substituteVariables(value: unknown, sources: VariableSources): SubstitutionResult {
  const wholeVariablePaths: DocumentPath[] = [];
  const problems: SubstitutionProblem[] = [];
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('$')) return node;
      const result = substituteString(node, sources);
      for (const summary of result.errors) problems.push({ severity: 'error', summary, path });
      for (const summary of result.warnings) problems.push({ severity: 'warning', summary, path });
      if (result.whole && result.errors.length === 0) wholeVariablePaths.push(path);
      return result.value;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]));
    if (typeof node === 'object' && node !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) {
        // defineProperty, so that a `__proto__` key stays a plain key.
        Object.defineProperty(out, key, {
          value: walk(item, [...path, key]),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return node;
  };
  return { value: walk(value, []), wholeVariablePaths, problems };
}

/**
 * keycloak-config-cli substitutes variables in the raw text, so its JSON files may hold a variable
 * outside quotes (`"verifyEmail": ${sys:VERIFY},`), which is not JSON (nor parseable YAML for `${`).
 * For JSON-style files (first character `{` or `[`), such bare variables are quoted before parsing;
 * the schema then coerces the value to the field's type. Lines stay where they were.
 */
export function quoteBareVariables(text: string): string {
  if (!/^\s*[{[]/.test(text) || !/\$[{(]/.test(text)) return text;
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (c === '"') {
        inString = false;
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const open = text[i + 1];
    if (c === '$' && (open === '{' || open === '(')) {
      const end = text.indexOf(open === '{' ? '}' : ')', i);
      const newline = text.indexOf('\n', i);
      if (end !== -1 && (newline === -1 || end < newline)) {
        out += JSON.stringify(text.slice(i, end + 1));
        i = end;
        continue;
      }
    }
    out += c;
  }
  return out;
}
