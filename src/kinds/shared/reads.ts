/**
 * Reads shared by several kinds, memoized per plan. The partial export returns clients (with
 * mappers and scope assignments), roles (with composites and attributes), groups (with
 * subgroups and role mappings), client scopes and realm scope lists in ONE request, so a plan
 * of a large realm costs a handful of requests instead of one per object. Secrets are masked in
 * it, which is why kinds treat secrets as write-only.
 */
import type { RealmRepresentation } from '../../client/types/index.js';
import type { KindContext } from '../kind.js';

export function readPartialExport(ctx: KindContext): Promise<RealmRepresentation> {
  return ctx.memo('read:partial-export', () =>
    ctx.admin.exportRealm({ exportClients: true, exportGroupsAndRoles: true }),
  );
}

/** Whether the plan's realm exists yet, memoized per plan (the engine and the realm kind share it). */
export function readRealmExists(ctx: KindContext): Promise<boolean> {
  return ctx.memo('realm-exists', () => ctx.admin.realmExists(ctx.realm));
}

/** Client uuid by clientId, looked up at write time (the client may have been created in this run). */
export async function clientUuid(ctx: KindContext, clientId: string): Promise<string> {
  const id = await ctx.memo(`write:client-uuid:${clientId}`, () => ctx.admin.getClientId(clientId));
  if (!id) {
    ctx.forget(`write:client-uuid:${clientId}`);
    throw new Error(`client "${clientId}" does not exist in realm ${ctx.realm}`);
  }
  return id;
}

/** Removes fields Keycloak adds that a manifest never declares meaningfully. */
export function withoutKeys<T extends object>(value: T, keys: readonly string[]): T {
  const copy = { ...value } as Record<string, unknown>;
  for (const key of keys) delete copy[key];
  return copy as T;
}
