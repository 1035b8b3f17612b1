/**
 * The other direction of membership and role-mapping reads: who is in a group, who holds a role.
 * The user kinds read per user (`/users/{id}/groups`, `/users/{id}/role-mappings`) or, when the
 * realm has fewer groups or roles than there are declared users to read, per group or role. Both
 * directions see the same users (service-account users included; measured on Keycloak 26.7.3)
 * and the role listings hold direct mappings only, like `/users/{id}/role-mappings`.
 */

import type { MappingsRepresentation, RoleRepresentation } from '../../../client/types/index.js';
import { mapConcurrently } from '../../../core/concurrency.js';
import type { KindContext } from '../../kind.js';

/** Which way a read goes: forced by tests, otherwise the one with fewer requests. */
export type Direction = 'per-user' | 'per-container';

export function chooseDirection(forced: Direction | undefined, containers: number, users: number): Direction {
  return forced ?? (containers < users ? 'per-container' : 'per-user');
}

export interface GroupRef {
  id: string;
  path: string;
}

/**
 * Members per page: Keycloak caps neither listing (measured on 26.7.3: max=2000 answers 2,000), so a larger page means fewer
 * requests; the last page is recognized by being short, as with any page size.
 */
const MEMBER_PAGE = 1000;

/** Group paths by user id, from one paged member listing per group (1,000 a page). */
export async function membershipsByUser(
  ctx: KindContext,
  groups: readonly GroupRef[],
): Promise<Map<string, string[]>> {
  const byUser = new Map<string, string[]>();
  const lists = await mapConcurrently(groups, (group) =>
    ctx.admin.getGroupMembers(group.id, { query: { briefRepresentation: true }, pageSize: MEMBER_PAGE }),
  );
  for (const [index, members] of lists.entries()) {
    const path = (groups[index] as GroupRef).path;
    for (const member of members) if (member.id) push(byUser, member.id, path);
  }
  return byUser;
}

export interface RoleRef {
  name: string;
  /** For a client role: the client's clientId and uuid. */
  client?: { clientId: string; id: string };
}

/**
 * Direct role mappings by user id, shaped like `GET /users/{id}/role-mappings` (names only), from
 * one paged user listing per role (1,000 a page for realm roles).
 */
export async function mappingsByUser(
  ctx: KindContext,
  roles: readonly RoleRef[],
): Promise<Map<string, MappingsRepresentation>> {
  const query = { briefRepresentation: true };
  const lists = await mapConcurrently(roles, (role) =>
    role.client
      ? ctx.admin.getClientRoleMembers(role.client.id, role.name, query)
      : ctx.admin.getRealmRoleMembers(role.name, { query, pageSize: MEMBER_PAGE }),
  );
  const realm = new Map<string, RoleRepresentation[]>();
  const clients = new Map<string, Map<string, RoleRepresentation[]>>();
  for (const [index, members] of lists.entries()) {
    const role = roles[index] as RoleRef;
    for (const member of members) {
      if (!member.id) continue;
      if (!role.client) push(realm, member.id, { name: role.name });
      else {
        const byClient = clients.get(member.id) ?? new Map<string, RoleRepresentation[]>();
        clients.set(member.id, byClient);
        push(byClient, role.client.clientId, { name: role.name });
      }
    }
  }
  const uuids = new Map(
    roles.flatMap((role) => (role.client ? [[role.client.clientId, role.client.id]] : [])),
  );
  const byUser = new Map<string, MappingsRepresentation>();
  for (const id of new Set([...realm.keys(), ...clients.keys()])) {
    const mappings: MappingsRepresentation = {};
    const realmMappings = realm.get(id);
    if (realmMappings) mappings.realmMappings = realmMappings;
    const byClient = clients.get(id);
    if (byClient) {
      mappings.clientMappings = Object.fromEntries(
        [...byClient].map(([clientId, list]) => [
          clientId,
          { client: clientId, id: uuids.get(clientId), mappings: list },
        ]),
      );
    }
    byUser.set(id, mappings);
  }
  return byUser;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
