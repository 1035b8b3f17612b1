/**
 * Reads shared by several kinds, memoized per plan. The partial export returns clients (with
 * mappers and scope assignments), roles (with composites and attributes), groups (with
 * subgroups and role mappings), client scopes and realm scope lists in ONE request, so a plan
 * of a large realm costs a handful of requests instead of one per object. Secrets are masked in
 * it, which is why kinds treat secrets as write-only.
 */
import { isNotFound } from '../../../client/index.js';
import type { RealmRepresentation } from '../../../client/types/index.js';
import type { KindContext } from '../../kind.js';
import { defineRead, USER_SIDE_KINDS } from '../../shared-read.js';

/** The realm without its users, in one request; stale after any write but a user-side one. */
export const partialExportRead = defineRead<RealmRepresentation>({
  name: 'partial export',
  load: (ctx) => ctx.admin.exportRealm({ exportClients: true, exportGroupsAndRoles: true }),
  staleAfter: { allBut: USER_SIDE_KINDS },
});

export function readPartialExport(ctx: KindContext): Promise<RealmRepresentation> {
  return ctx.read(partialExportRead);
}

/**
 * The partial export without groups and roles (clients, client scopes, flows and the rest of the
 * realm): for the kinds that need nothing else. Where the groups and roles are many, they are
 * most of the export's cost: a realm of 1,000 clients, 7,500 roles and 2,500 groups exported in
 * 0.04 s without them and 0.8 s with them on 26.7.3, and in 9-15 s with them when Keycloak's
 * caches had just been filled with users (`bench/small-change-phases.ts`). So a convergence check
 * of a written client does not pay for the roles; a plan that reads the whole export anyway
 * answers this one from it (`within`), without a request of its own.
 */
export const exportWithoutGroupsAndRolesRead = defineRead<RealmRepresentation>({
  name: 'partial export without groups and roles',
  load: (ctx) => ctx.admin.exportRealm({ exportClients: true, exportGroupsAndRoles: false }),
  staleAfter: partialExportRead.staleAfter,
  within: partialExportRead,
});

export function readExportWithoutGroupsAndRoles(ctx: KindContext): Promise<RealmRepresentation> {
  return ctx.read(exportWithoutGroupsAndRolesRead);
}

/**
 * The plan's realm as Keycloak has it (undefined: it does not exist yet), read once per plan and
 * shared by the engine, the realm kind and the kinds' plan-time checks.
 */
export const liveRealmRead = defineRead<RealmRepresentation | undefined>({
  name: 'realm',
  async load(ctx) {
    try {
      return await ctx.admin.getRealm(ctx.realm);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  },
  staleAfter: { allBut: USER_SIDE_KINDS },
});

export function readLiveRealm(ctx: KindContext): Promise<RealmRepresentation | undefined> {
  return ctx.read(liveRealmRead);
}

/** Whether the plan's realm exists yet. */
export async function readRealmExists(ctx: KindContext): Promise<boolean> {
  return (await readLiveRealm(ctx)) !== undefined;
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

/** The listed fields of `source` that are set (an absent or undefined field is left out). */
export function definedFields<T extends object, K extends keyof T>(
  source: T,
  fields: readonly K[],
): Partial<Pick<T, K>> {
  const value: Partial<Pick<T, K>> = {};
  for (const field of fields) if (source[field] !== undefined) value[field] = source[field];
  return value;
}

/** Removes fields Keycloak adds that a manifest never declares meaningfully. */
export function withoutKeys<T extends object, K extends string>(value: T, keys: readonly K[]): Omit<T, K> {
  // A spread, not an entry list: symbol-keyed fields (kept off the compared values) stay.
  const copy = { ...value } as Record<string, unknown>;
  for (const key of keys) delete copy[key];
  // The copy is `value` without the deleted keys: what `Omit` says, which the index type cannot.
  return copy as Omit<T, K>;
}
