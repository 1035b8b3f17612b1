/**
 * The realm's default and optional client scope lists (`defaultDefaultClientScopes`,
 * `defaultOptionalClientScopes`; key scope name), attached to clients created afterwards. A
 * declared list is authoritative. Keycloak refuses (409) to add a scope that is in the other list,
 * and a DELETE on either list's endpoint removes the scope from whichever list holds it, so a
 * move is "remove from the other list, then add" and a removal first checks the list.
 * Read: the partial export (both lists by name).
 */
import { KeycloakError } from '../client/index.js';
import type { ClientScopeReference } from '../client/types/index.js';
import { defineKind, type KindContext, type KindDefinition } from './kind.js';
import {
  clientScopeId,
  FRESH_REALM_CLIENT_SCOPES,
  findClientScopeId,
  originOf,
} from './shared/clients/clients.js';
import { builtInScopeNeeds } from './shared/server/built-ins.js';
import { readPartialExport } from './shared/server/reads.js';

type ListField = 'defaultDefaultClientScopes' | 'defaultOptionalClientScopes';

interface ListEndpoints {
  list(ctx: KindContext): Promise<ClientScopeReference[]>;
  add(ctx: KindContext, id: string): Promise<void>;
  remove(ctx: KindContext, id: string): Promise<void>;
}

const ENDPOINTS: Record<ListField, ListEndpoints> = {
  defaultDefaultClientScopes: {
    list: (ctx) => ctx.admin.getDefaultDefaultClientScopes(),
    add: (ctx, id) => ctx.admin.addDefaultDefaultClientScope(id),
    remove: (ctx, id) => ctx.admin.deleteDefaultDefaultClientScope(id),
  },
  defaultOptionalClientScopes: {
    list: (ctx) => ctx.admin.getDefaultOptionalClientScopes(),
    add: (ctx, id) => ctx.admin.addDefaultOptionalClientScope(id),
    remove: (ctx, id) => ctx.admin.deleteDefaultOptionalClientScope(id),
  },
};

/** A scope in the list: its name is the key and the whole value. */
type ListedScope = { name: string };
type ScopeKey = readonly [name: string];

function scopeListKind(
  kind: string,
  field: ListField,
  other: ListField,
): KindDefinition<ListedScope, ScopeKey> {
  const holds = async (ctx: KindContext, list: ListField, id: string) =>
    (await ENDPOINTS[list].list(ctx)).some((scope) => scope.id === id);
  return defineKind<ListedScope, ScopeKey>({
    kind,
    dependsOn: ['realm', 'client-scope'],
    describe: 'scope name',
    desired(manifest) {
      return manifest.representation[field]?.map((name, index) => ({
        key: [name],
        value: { name },
        origin: originOf(manifest, field, index),
      }));
    },
    async read(ctx) {
      const exported = await readPartialExport(ctx);
      return (exported[field] ?? []).map((name) => ({ key: [name], value: { name } }));
    },
    needs: (desired) => builtInScopeNeeds([desired.key[0]], ''),
    references(desired) {
      const [name] = desired.key;
      return FRESH_REALM_CLIENT_SCOPES.has(name) ? [] : [{ kind: 'client-scope', key: [name], path: '' }];
    },
    async create(ctx, desired) {
      const id = await clientScopeId(ctx, desired.key[0]);
      // Already there: a new realm's own lists, read as empty at plan time.
      if (await holds(ctx, field, id)) return;
      if (await holds(ctx, other, id)) await ENDPOINTS[other].remove(ctx, id);
      await ENDPOINTS[field].add(ctx, id).catch(async (error: unknown) => {
        // A PUT sent again after its answer was lost meets its own write: 409, and the scope is there.
        if (isConflict(error) && (await holds(ctx, field, id))) return;
        throw error;
      });
    },
    async update() {
      // The value is only the name, which is the key: nothing to update.
    },
    async delete(ctx, live) {
      const id = await findClientScopeId(ctx, live.key[0]);
      // Moved to the other list earlier in this apply: a DELETE here would remove it from there.
      if (id && (await holds(ctx, field, id))) await ENDPOINTS[field].remove(ctx, id);
    },
  });
}

export const realmDefaultClientScopeKind = scopeListKind(
  'realm-default-client-scope',
  'defaultDefaultClientScopes',
  'defaultOptionalClientScopes',
);

export const realmOptionalClientScopeKind = scopeListKind(
  'realm-optional-client-scope',
  'defaultOptionalClientScopes',
  'defaultDefaultClientScopes',
);

function isConflict(error: unknown): boolean {
  return error instanceof KeycloakError && error.responseCode === 409;
}
