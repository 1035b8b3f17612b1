/**
 * What the client and client-scope kinds share: built-in names, client scope ids by name (looked
 * up at write time: a scope may be created in the same run) and the per-client default/optional
 * scope bindings.
 */

import type { ClientRepresentation } from '../../../client/types/index.js';
import { clientNaturalKey } from '../../../model/realm-fields.js';
import type { KindContext, ManifestView, Origin } from '../../kind.js';
import {
  BUILT_IN_CLIENTS,
  BUILT_IN_SCOPE_PROTOCOLS,
  FRESH_REALM_CLIENT_SCOPES,
} from '../server/built-ins.js';

export { BUILT_IN_CLIENTS, BUILT_IN_SCOPE_PROTOCOLS, FRESH_REALM_CLIENT_SCOPES };

/** The default protocol of clients, scopes and mappers that declare none. */
export const DEFAULT_PROTOCOL = 'openid-connect';

const SCOPE_IDS = 'write:client-scope-ids';

export function originOf(manifest: ManifestView, collection: string, index: number): Origin {
  return { path: `${collection}[${index}]`, ...manifest.locate([collection, index]) };
}

function scopeIds(ctx: KindContext): Promise<Map<string, string>> {
  return ctx.memo(SCOPE_IDS, async () => {
    const scopes = await ctx.admin.getClientScopes();
    return new Map(scopes.map((scope) => [scope.name ?? '', scope.id ?? '']));
  });
}

/** Call after creating or deleting a client scope. */
export function forgetClientScopeIds(ctx: KindContext): void {
  ctx.forget(SCOPE_IDS);
}

export async function findClientScopeId(ctx: KindContext, name: string): Promise<string | undefined> {
  const known = (await scopeIds(ctx)).get(name);
  if (known) return known;
  // Created since the list was read (by another kind or another run): read once more.
  forgetClientScopeIds(ctx);
  return (await scopeIds(ctx)).get(name);
}

export async function clientScopeId(ctx: KindContext, name: string): Promise<string> {
  const id = await findClientScopeId(ctx, name);
  if (!id) throw new Error(`client scope "${name}" does not exist in realm ${ctx.realm}`);
  return id;
}

/**
 * Makes a client's default and/or optional scopes exactly the declared lists (a list left
 * undeclared is left alone). Keycloak does not move a scope between the lists on add (204, no
 * change), and a DELETE on either endpoint removes the binding whatever its type, so scopes
 * changing list are removed first, then added.
 */
export async function syncClientScopeBindings(
  ctx: KindContext,
  clientUuid: string,
  defaults: readonly string[] | undefined,
  optionals: readonly string[] | undefined,
): Promise<void> {
  if (!defaults && !optionals) return;
  const both = defaults?.filter((name) => optionals?.includes(name)) ?? [];
  if (both.length > 0) {
    throw new Error(`client scopes ${both.join(', ')} are declared both default and optional`);
  }
  const [liveDefaults, liveOptionals] = await Promise.all([
    ctx.admin.getClientDefaultClientScopes(clientUuid),
    ctx.admin.getClientOptionalClientScopes(clientUuid),
  ]);
  const unwanted = (name: string, own: readonly string[] | undefined, other: readonly string[] | undefined) =>
    (own !== undefined && !own.includes(name)) || (other?.includes(name) ?? false);
  for (const scope of liveDefaults) {
    if (scope.id && unwanted(scope.name ?? '', defaults, optionals)) {
      await ctx.admin.deleteClientDefaultClientScope(clientUuid, scope.id);
    }
  }
  for (const scope of liveOptionals) {
    if (scope.id && unwanted(scope.name ?? '', optionals, defaults)) {
      await ctx.admin.deleteClientOptionalClientScope(clientUuid, scope.id);
    }
  }
  const has = (list: readonly { name?: string }[], name: string) => list.some((scope) => scope.name === name);
  for (const name of defaults ?? []) {
    if (!has(liveDefaults, name)) {
      await ctx.admin.addClientDefaultClientScope(clientUuid, await clientScopeId(ctx, name));
    }
  }
  for (const name of optionals ?? []) {
    if (!has(liveOptionals, name)) {
      await ctx.admin.addClientOptionalClientScope(clientUuid, await clientScopeId(ctx, name));
    }
  }
}

/**
 * The natural key of a client: its clientId, or (as keycloak-config-cli does) the name of a client
 * declared without one — Keycloak then uses the new client's uuid as its clientId, so such a live
 * client is known by its name.
 */
export function clientKeyOf(client: ClientRepresentation): string {
  return clientNaturalKey(client) ?? '';
}
