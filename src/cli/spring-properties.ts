/**
 * Where keycloak-config-cli's settings come from, spelled the Spring Boot way: `--keycloak.url=…`
 * arguments, environment variables by Spring's binding names (`KEYCLOAK_CLIENTID`, and the older
 * `KEYCLOAK_CLIENT_ID`), and config trees (`SPRING_CONFIG_IMPORT=configtree:/run/secrets/`, one
 * file per property).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UserError } from './user-error.js';

/** Spring's canonical form of a property name: lower case, `-` and `_` dropped (`keycloak.clientid`). */
export function canonicalName(property: string): string {
  return property
    .split('.')
    .map((segment) => segment.toLowerCase().replace(/[-_]/g, ''))
    .join('.');
}

/**
 * The environment variables Spring binds to a property: `KEYCLOAK_CLIENTID` (dashes dropped) and
 * the legacy `KEYCLOAK_CLIENT_ID` (dashes as `_`).
 */
export function envNamesOf(property: string): string[] {
  const canonical = property.replace(/-/g, '').replace(/\./g, '_').toUpperCase();
  const legacy = property.replace(/[.-]/g, '_').toUpperCase();
  return canonical === legacy ? [canonical] : [canonical, legacy];
}

export interface CommandLineProperty {
  /** As written, for messages: `--keycloak.url`. */
  written: string;
  value: string;
}

const SPRING_ARGUMENT = /^--((?:keycloak|import|spring|logging)\.[^=\s]+)=([\s\S]*)$/;

/** Splits `--keycloak.url=…`-style arguments (by canonical name) from the rest of the command line. */
export function takeSpringArguments(argv: readonly string[]): {
  rest: string[];
  properties: Map<string, CommandLineProperty>;
} {
  const rest: string[] = [];
  const properties = new Map<string, CommandLineProperty>();
  for (const argument of argv) {
    const match = SPRING_ARGUMENT.exec(argument);
    if (!match) {
      rest.push(argument);
      continue;
    }
    const name = match[1] as string;
    const key = canonicalName(name);
    const earlier = properties.get(key);
    if (earlier && earlier.value !== match[2])
      throw new UserError(
        `Conflicting settings: ${earlier.written} is given twice with different values; keep one`,
      );
    properties.set(key, { written: `--${name}`, value: match[2] as string });
  }
  return { rest, properties };
}

/**
 * Properties from config trees (`configtree:/run/secrets/`, `optional:configtree:…`, comma-separated):
 * the file `keycloak/password` or `keycloak.password` is the property `keycloak.password`, its
 * content the value with one trailing newline dropped (as Spring does).
 */
export function readConfigTrees(spec: string | undefined): Map<string, string> {
  const properties = new Map<string, string>();
  for (const entry of (spec ?? '').split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const optional = entry.startsWith('optional:');
    const location = optional ? entry.slice('optional:'.length) : entry;
    if (!location.startsWith('configtree:'))
      throw new UserError(
        `SPRING_CONFIG_IMPORT: realmform reads only \`configtree:\` locations, not \`${location}\``,
      );
    const root = location.slice('configtree:'.length);
    let files: string[];
    try {
      files = filesUnder(root);
    } catch (error) {
      if (optional) continue;
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new UserError(`SPRING_CONFIG_IMPORT: cannot read the config tree ${root} (${code})`);
    }
    for (const file of files) {
      const name = relative(root, file).split(sep).join('.');
      properties.set(canonicalName(name), readFileSync(file, 'utf8').replace(/\r?\n$/, ''));
    }
  }
  return properties;
}

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    // Kubernetes' `..data` and other hidden entries are not properties.
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}
