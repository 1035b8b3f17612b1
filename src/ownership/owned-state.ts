/**
 * What realmform created, per kind, kept in Keycloak itself so that any CI runner sees it (the
 * `owned-only` mode's memory, like keycloak-config-cli's remote state): one realm attribute per
 * kind, `realmform.owned.<kind>`, holding the sorted JSON list of the natural keys. Only kinds
 * in `owned-only` mode are recorded, from their first apply in that mode on.
 */

import type { KeycloakAdmin } from '../client/index.js';
import type { RealmRepresentation } from '../client/types/index.js';
import { address } from '../core/address.js';

export const OWNED_ATTRIBUTE_PREFIX = 'realmform.owned.';

/** kind → addresses of the objects realmform created. */
export type OwnedState = ReadonlyMap<string, ReadonlySet<string>>;

export function isOwnedStateAttribute(name: string): boolean {
  return name.startsWith(OWNED_ATTRIBUTE_PREFIX);
}

export function ownedStateOf(realm: RealmRepresentation | undefined): OwnedState {
  const state = new Map<string, Set<string>>();
  for (const [name, value] of Object.entries(realm?.attributes ?? {})) {
    if (!isOwnedStateAttribute(name) || typeof value !== 'string') continue;
    const kind = name.slice(OWNED_ATTRIBUTE_PREFIX.length);
    try {
      const keys = JSON.parse(value) as unknown;
      if (!Array.isArray(keys)) continue;
      const addresses = keys
        .filter((key): key is string[] => Array.isArray(key) && key.every((part) => typeof part === 'string'))
        .map((key) => address(kind, key));
      state.set(kind, new Set(addresses));
    } catch {
      // A hand-edited, unreadable record owns nothing: deleting less is the safe side.
    }
  }
  return state;
}

export interface OwnedChanges {
  /** kind → natural keys created by this apply. */
  created: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** kind → natural keys deleted by this apply. */
  deleted: ReadonlyMap<string, readonly (readonly string[])[]>;
}

/**
 * Records created objects and forgets deleted ones for the given kinds. One read and (when
 * something changed) one realm PUT, read-modify-write so that no other setting is touched.
 */
export async function recordOwned(
  admin: KeycloakAdmin,
  realm: string,
  kinds: readonly string[],
  changes: OwnedChanges,
): Promise<boolean> {
  if (kinds.length === 0) return false;
  const view = admin.withRealm(realm);
  const current = await view.getRealm(realm);
  const attributes = { ...current.attributes };
  let changed = false;
  for (const kind of kinds) {
    const name = `${OWNED_ATTRIBUTE_PREFIX}${kind}`;
    const keys = new Map<string, readonly string[]>();
    try {
      for (const key of JSON.parse(attributes[name] ?? '[]') as string[][])
        keys.set(JSON.stringify(key), key);
    } catch {
      // Rewritten from what this run knows.
    }
    for (const key of changes.created.get(kind) ?? []) keys.set(JSON.stringify(key), key);
    for (const key of changes.deleted.get(kind) ?? []) keys.delete(JSON.stringify(key));
    const next = JSON.stringify([...keys.keys()].sort().map((text) => keys.get(text)));
    if ((attributes[name] ?? '[]') === next) continue;
    attributes[name] = next;
    changed = true;
  }
  if (changed) await view.updateRealm(realm, { ...current, attributes });
  return changed;
}
