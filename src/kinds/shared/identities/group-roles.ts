/**
 * Writes a group's role mappings. Keycloak maps roles by id (a role given by name only is
 * answered 404), so role names are resolved through one role list per container, loaded at write
 * time (roles may have been created earlier in this apply) and reloaded once when a name is new.
 */
import type { RoleRepresentation } from '../../../client/types/index.js';
import type { KindContext } from '../../kind.js';
import { clientUuid } from '../server/reads.js';

export type ClientRoleList = { clientId: string; roles: string[] }[];

export interface RoleMappingValue {
  realmRoles?: string[];
  clientRoles?: ClientRoleList;
}

/** Brings the group's mappings from `live` to `desired`; parts `desired` leaves out are not touched. */
export async function applyGroupRoles(
  ctx: KindContext,
  groupId: string,
  desired: RoleMappingValue,
  live: RoleMappingValue,
): Promise<void> {
  if (desired.realmRoles !== undefined) {
    const { add, remove } = delta(desired.realmRoles, live.realmRoles ?? []);
    const find = (names: string[]) =>
      rolesByName(ctx, 'write:realm-roles', () => ctx.admin.getRealmRoles(), names, 'realm role');
    if (remove.length > 0) await ctx.admin.deleteGroupRealmRoles(groupId, await find(remove));
    if (add.length > 0) await ctx.admin.assignGroupRealmRoles(groupId, await find(add));
  }
  if (desired.clientRoles !== undefined) {
    const wanted = byClient(desired.clientRoles);
    const current = byClient(live.clientRoles ?? []);
    for (const clientId of new Set([...current.keys(), ...wanted.keys()])) {
      const { add, remove } = delta(wanted.get(clientId) ?? [], current.get(clientId) ?? []);
      if (add.length === 0 && remove.length === 0) continue;
      const uuid = await clientUuid(ctx, clientId);
      const find = (names: string[]) =>
        rolesByName(
          ctx,
          `write:client-roles:${uuid}`,
          () => ctx.admin.getClientRoles(uuid),
          names,
          `role of client "${clientId}"`,
        );
      if (remove.length > 0) await ctx.admin.deleteGroupClientRoles(groupId, uuid, await find(remove));
      if (add.length > 0) await ctx.admin.assignGroupClientRoles(groupId, uuid, await find(add));
    }
  }
}

function delta(wanted: readonly string[], current: readonly string[]): { add: string[]; remove: string[] } {
  const want = new Set(wanted);
  const have = new Set(current);
  return {
    add: [...want].filter((name) => !have.has(name)),
    remove: [...have].filter((name) => !want.has(name)),
  };
}

function byClient(list: ClientRoleList): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { clientId, roles } of list) map.set(clientId, [...(map.get(clientId) ?? []), ...roles]);
  return map;
}

async function rolesByName(
  ctx: KindContext,
  memoKey: string,
  load: () => Promise<RoleRepresentation[]>,
  names: readonly string[],
  what: string,
): Promise<RoleRepresentation[]> {
  const index = () =>
    ctx.memo(memoKey, async () => new Map((await load()).map((role) => [role.name ?? '', role])));
  let roles = await index();
  if (names.some((name) => !roles.has(name))) {
    ctx.forget(memoKey);
    roles = await index();
  }
  return names.map((name) => {
    const role = roles.get(name);
    if (!role) throw new Error(`${what} "${name}" does not exist in realm ${ctx.realm}`);
    return role;
  });
}
