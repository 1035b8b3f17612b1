/**
 * A secret whose variable is not set. Secrets are needed only when they are written (an object
 * created, a secret rotated or missing on the server), so the loader does not stop at an unset
 * variable in a sensitive path: it puts a placeholder there that says which variable and where.
 * Comparison treats the placeholder as "whatever the server has", masking hides it, the planner
 * turns it into "apply needs this variable" when the value would be written, and a request body
 * that still carries one is refused (src/client): a placeholder is never written as a secret.
 */
import { elementSegment, type PathSegment } from './value-path.js';

export interface UnsetSecret {
  /** The variables that were not set, as named in messages: `env:REALMFORM_WEB_SECRET`. */
  variables: readonly string[];
  /** They are set, but to "" (a secret is never empty: GitHub Actions gives "" for a missing one). */
  empty?: boolean;
  /** Where the value is written in the manifests. */
  file?: string;
  line?: number;
  /** The manifest path, e.g. `clients[0].secret`. */
  path: string;
}

/** Stands for the live secret in a run that rotates secrets: never equal to a declared value. */
export const ROTATE_MARK = '(secret to rotate)';

// Private-use code points around a base64url payload: no manifest value or JSON escape makes one.
const OPEN = '\uE000realmform-unset-secret:';
const CLOSE = '\uE000';
const PATTERN = /\uE000realmform-unset-secret:([A-Za-z0-9_-]+)\uE000/g;

/** The stand-in value for a secret whose variables are not set. */
export function unsetSecretPlaceholder(secret: UnsetSecret): string {
  const payload = Buffer.from(JSON.stringify(secret), 'utf8').toString('base64url');
  return `${OPEN}${payload}${CLOSE}`;
}

/** Whether a text carries a placeholder (anywhere in it: a kind may have wrapped the value). */
export function hasUnsetSecret(text: string): boolean {
  return text.includes(OPEN);
}

/** The unset secrets a text carries. */
export function unsetSecretsOf(text: string): UnsetSecret[] {
  if (!hasUnsetSecret(text)) return [];
  return [...text.matchAll(PATTERN)].map(
    (match) => JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8')) as UnsetSecret,
  );
}

/**
 * Whether a live value stands for the secret a placeholder replaces: any stored value does,
 * except none at all and one the run rotates (those are written, so they need the variable).
 */
export function keepsUnsetSecret(live: unknown): boolean {
  if (live === undefined || live === null || live === '' || live === ROTATE_MARK) return false;
  if (Array.isArray(live)) return live.length > 0 && live.every(keepsUnsetSecret);
  return typeof live !== 'object';
}

export interface FoundUnsetSecret {
  secret: UnsetSecret;
  /** Where in the value; undefined when a kind keeps the secret aside (under a symbol key). */
  path: readonly PathSegment[] | undefined;
}

/**
 * Every placeholder in a value, with its path. Kinds that keep a declared secret off the
 * compared value (a symbol-keyed property) are searched too: those have no path.
 */
export function findUnsetSecrets(value: unknown): FoundUnsetSecret[] {
  const found: FoundUnsetSecret[] = [];
  const visit = (node: unknown, path: readonly PathSegment[] | undefined): void => {
    if (typeof node === 'string') {
      for (const secret of unsetSecretsOf(node)) found.push({ secret, path });
      return;
    }
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visit(item, path && [...path, elementSegment(index)]);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, inner] of Object.entries(node)) visit(inner, path && [...path, key]);
    for (const symbol of Object.getOwnPropertySymbols(node))
      visit((node as Record<symbol, unknown>)[symbol], undefined);
  };
  visit(value, []);
  return found;
}

/**
 * The value without its placeholders (symbol-keyed properties kept as they are): what an update
 * may send when it does not write the secret. A placeholder in an object is replaced by the
 * current value at the same place when `current` has one ("keep what the server has"), else left
 * out; one in a list is left out.
 */
export function withoutUnsetSecrets<T>(value: T, current?: unknown): T {
  return strip(value, current) as T;
}

function strip(node: unknown, current: unknown): unknown {
  if (Array.isArray(node))
    return node
      .filter((item) => !(typeof item === 'string' && hasUnsetSecret(item)))
      .map((item) => strip(item, undefined));
  if (typeof node !== 'object' || node === null) return node;
  const live = typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : {};
  const out: Record<string | symbol, unknown> = {};
  for (const [key, inner] of Object.entries(node)) {
    if (typeof inner === 'string' && hasUnsetSecret(inner)) {
      const kept = live[key];
      if (typeof kept === 'string' && keepsUnsetSecret(kept)) out[key] = kept;
      continue;
    }
    out[key] = strip(inner, live[key]);
  }
  for (const symbol of Object.getOwnPropertySymbols(node))
    out[symbol] = (node as Record<symbol, unknown>)[symbol];
  return out;
}
