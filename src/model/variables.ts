import { readFileSync } from 'node:fs';
import type { DocumentPath } from './diagnostics.js';
import { type EnvironmentFor, substituteText, type TextSubstitution } from './substitution/engine.js';
import { machineFacts } from './substitution/environment.js';
import type { HostFacts, LookupEnvironment } from './substitution/lookup.js';
import { DEFAULT_SUBSTITUTION, type SubstitutionSettings } from './substitution/settings.js';

export type { HostFacts } from './substitution/lookup.js';
export { escapeLiteral, quoteBareVariables } from './substitution/raw-text.js';
export { DEFAULT_SUBSTITUTION, type SubstitutionSettings } from './substitution/settings.js';

/**
 * Variables in string scalars: keycloak-config-cli's whole `$(…)` substitution language, plus
 * realmform's own `${lookup:…}` spelling (docs/variables.md has every lookup, default and escape).
 *
 * | spelling                       | meaning                                                    |
 * |--------------------------------|------------------------------------------------------------|
 * | `${env:NAME}`, `$(env:NAME)`   | environment variable NAME (error when unset)               |
 * | `${env:NAME:-default}`         | NAME, or `default` when NAME is unset or empty             |
 * | `$(env:NAME:-default)`         | NAME, or `default` when NAME is unset                      |
 * | `${file:path}`                 | the file's content, relative to the manifest               |
 * | `$(file:UTF-8:path)`           | the same, relative to the working directory                |
 * | `$(sys:user.home)`             | a Java system property describing the machine; any other   |
 * |                                | name is read from the environment, as `-D` would give it   |
 * | `$(base64Decoder:…)` and more  | codecs, `date:`, `localhost:name`, `properties:f::key`     |
 * | `$(some.property)`             | a Spring property (`SOME_PROPERTY` in the environment)     |
 * | `$${…}` / `$$(…)`              | a literal `${…}` / `$(…)`                                  |
 *
 * `${name}` without a lookup stays as written: Keycloak itself uses `${key}` for message keys
 * (`${role_offline-access}`) and vault references (`${vault.key}`).
 */

export interface VariableSources {
  env: Readonly<Record<string, string | undefined>>;
  /** Directory of the manifest; `${file:…}` paths are relative to it. */
  baseDir: string;
  /** keycloak-config-cli's `$(file:…)` paths are relative to it (default: process.cwd()). */
  cwd?: string;
  /** Reads a file for `file:` and `properties:`; replaceable in tests. */
  readFile?: (absolutePath: string) => Buffer | string;
  /** keycloak-config-cli's substitution settings (default: on, `$(`…`)`, nested, unset is an error). */
  settings?: SubstitutionSettings;
  /** The machine, for `sys:` and `localhost:` (default: this one). */
  host?: () => HostFacts;
  /** The clock, for `date:`. */
  now?: () => Date;
  /** Spring properties besides the environment (`--name=value` arguments, config trees). */
  property?: (name: string) => string | undefined;
  /**
   * A stand-in for a string whose only problem is unset variables (`variables`: their names), or
   * that came out empty from variables set to "" (`empty`); undefined: substitute as usual (an
   * unset variable is an error). The loader uses it for secrets (src/core/unset-secret.ts).
   */
  unsetStandIn?: (path: DocumentPath, variables: readonly string[], empty: boolean) => string | undefined;
}

export type StringSubstitution = TextSubstitution;

const MACHINE = machineFacts();

function environmentFor(sources: VariableSources): EnvironmentFor {
  const common = {
    env: sources.env,
    readFile: sources.readFile ?? ((path: string) => readFileSync(path)),
    host: sources.host ?? MACHINE,
    now: sources.now ?? (() => new Date()),
    ...(sources.property ? { property: sources.property } : {}),
  };
  const cwd = sources.cwd ?? process.cwd();
  const realmform: LookupEnvironment = { ...common, dialect: 'realmform', baseDir: sources.baseDir };
  const kcc: LookupEnvironment = { ...common, dialect: 'keycloak-config-cli', baseDir: cwd };
  return (syntax) => (syntax.dialect === 'realmform' ? realmform : kcc);
}

export function substituteString(text: string, sources: VariableSources): StringSubstitution {
  return substituteText(text, sources.settings ?? DEFAULT_SUBSTITUTION, environmentFor(sources));
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
  const settings = sources.settings ?? DEFAULT_SUBSTITUTION;
  const environment = environmentFor(sources);
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('$') && !node.includes(settings.prefix)) return node;
      const result = substituteText(node, settings, environment);
      const onlyUnset = result.unset.length > 0 && result.errors.length === result.unset.length;
      // (GitHub Actions gives "" for a secret it does not have.)
      const emptied = result.errors.length === 0 && result.value === '' && result.empty.length > 0;
      const standIn = onlyUnset
        ? sources.unsetStandIn?.(path, result.unset, false)
        : emptied
          ? sources.unsetStandIn?.(path, result.empty, true)
          : undefined;
      if (standIn !== undefined) {
        for (const summary of result.warnings) problems.push({ severity: 'warning', summary, path });
        return standIn;
      }
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
