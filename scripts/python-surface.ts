/**
 * Reads python-keycloak's API reference (shared/seeds) and maps every public member to its
 * realmform name. Used by the surface test (a missing counterpart fails the build) and by the
 * generator of docs/client.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type PythonClass = 'ConnectionManager' | 'KeycloakAdmin' | 'KeycloakOpenID';

export interface PythonMember {
  pythonClass: PythonClass;
  python: string;
  kind: 'method' | 'property';
  typescript: string;
  note?: string;
}

/** Where the realmform name is not the plain camelCase of the python name. */
const RENAMED: Partial<Record<string, { typescript: string; note: string }>> = {
  'KeycloakAdmin.realm_name': {
    typescript: 'realmName',
    note: 'read-only; use withRealm(name) for a view on another realm',
  },
};

/** Python-only machinery with no public meaning in TypeScript. */
const NOT_PUBLIC = new Set(['__del__', '__str__', '__init__']);

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function seedFile(): string | undefined {
  const dir = resolve(repoRoot, '..', 'shared', 'seeds');
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir).find((file) => file.startsWith('000_') && file.endsWith('.txt'));
  return name ? join(dir, name) : undefined;
}

export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

export function parseSeed(text: string): PythonMember[] {
  const members: PythonMember[] = [];
  let current: PythonClass | undefined;
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    const classMatch = /^class keycloak\.(ConnectionManager|KeycloakAdmin|KeycloakOpenID)\(/.exec(line);
    if (classMatch) {
      current = classMatch[1] as PythonClass;
      continue;
    }
    if (/^exception keycloak\./.test(line)) {
      current = undefined;
      continue;
    }
    if (!current) continue;
    const property = /^property ([a-z_]+)$/.exec(line);
    const method = /^([a-z_][a-z0-9_]*)\(/.exec(line);
    const name = property?.[1] ?? method?.[1];
    if (!name || name.startsWith('_') || NOT_PUBLIC.has(name)) continue;
    const key = `${current}.${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const renamed = RENAMED[key];
    members.push({
      pythonClass: current,
      python: name,
      kind: property ? 'property' : 'method',
      typescript: renamed?.typescript ?? camelCase(name),
      ...(renamed ? { note: renamed.note } : {}),
    });
  }
  return members;
}

export function parseExceptions(text: string): string[] {
  return [...text.matchAll(/^exception keycloak\.(\w+)/gm)].map((match) => match[1] as string);
}

export function loadSeed(): string | undefined {
  const file = seedFile();
  return file ? readFileSync(file, 'utf8') : undefined;
}
