/**
 * A user's direct role mappings (`users[].realmRoles`, `users[].clientRoles`), by username.
 * Service-account users are declared the same way (`service-account-<clientId>`).
 *
 * Ownership, as in keycloak-config-cli:
 * - declared `realmRoles` are exact, except `default-roles-<realm>`: Keycloak maps it to every
 *   user it creates, so unless listed it is neither removed nor added (left out of the live
 *   value too, so plans stay empty);
 * - declared `clientRoles` are exact for every client listed, and roles of clients NOT listed
 *   are removed, except for Keycloak's built-in clients (account, realm-management …), whose
 *   mappings are kept unless the client is listed (`realm-management: []` removes them);
 * - `uma_protection`, which Keycloak maps to a client's service account when its authorization
 *   services are enabled, is kept unless the client's list names it (like the default role);
 * - a user that declares neither is left alone, as are undeclared users.
 *
 * read(): the cheaper of two directions, 8 requests at a time. Per user: one
 * `GET /users/{id}/role-mappings` per declared user that declares roles and exists. Per role: one
 * paged `GET /roles/{name}/users` or `/clients/{id}/roles/{name}/users` (direct holders only) per
 * role those rules can make part of a value (roles from the partial export; default-roles and
 * built-in clients' roles only when some declared user lists them), chosen when there are fewer
 * such roles than users to read. Both give the same mappings; the value is shaped by the rules.
 */

import type { MappingsRepresentation, RoleRepresentation } from '../client/types/index.js';
import { mapConcurrently } from '../core/concurrency.js';
import type { KindContext, Reference } from './kind.js';
import { defineKind } from './kind.js';
import {
  chooseDirection,
  type Direction,
  mappingsByUser,
  type RoleRef,
} from './shared/identities/members.js';
import { isFreshClientRole, isFreshRealmRole } from './shared/identities/roles.js';
import {
  type DeclaredUser,
  declaredUsers,
  defaultRoleName,
  existingDeclaredUsers,
  isBuiltInClient,
  ownerReferences,
  userIdOf,
  withOwner,
} from './shared/identities/users.js';
import { clientUuid, readPartialExport } from './shared/server/reads.js';

interface UserRoles extends Record<string, unknown> {
  realmRoles?: string[];
  clientRoles?: Record<string, string[]>;
}

/** `direction` forces the read direction (tests compare both); by default the cheaper one. */
export function makeUserRoleMappingKind(options: { direction?: Direction } = {}) {
  return defineKind<UserRoles, readonly [username: string]>({
    kind: 'user-role-mapping',
    // Users are independent of each other: applied all at once under the applier's limit.
    parallel: true,
    dependsOn: ['user', 'realm-role', 'client-role', 'client'],
    // Exact within what the user declares: the live value only has the declared parts.
    fullyManaged: true,
    sets: ['realmRoles', 'clientRoles.*'],
    desired(manifest) {
      const users = declaredUsers(manifest);
      if (users === undefined) return undefined;
      return users.filter(declaresRoles).map((user) => ({
        key: [user.key],
        value: withOwner(declaredRoles(user), user),
        origin: user.origin,
      }));
    },
    authoritative: () => false,
    references(desired) {
      // Roles every realm has are not checked: a realm created by this plan has no live roles yet.
      const references: Reference[] = [];
      for (const [index, name] of (desired.value.realmRoles ?? []).entries()) {
        if (!isFreshRealmRole(name))
          references.push({ kind: 'realm-role', key: [name], path: `realmRoles[${index}]` });
      }
      for (const [clientId, roles] of Object.entries(desired.value.clientRoles ?? {})) {
        for (const [index, name] of roles.entries()) {
          const path = `clientRoles[${JSON.stringify(clientId)}][${index}]`;
          if (!isFreshClientRole(clientId, name))
            references.push({ kind: 'client-role', key: [clientId, name], path });
        }
      }
      return [...references, ...ownerReferences(desired.value)];
    },
    async read(ctx) {
      const existing = await existingDeclaredUsers(ctx, declaresRoles);
      if (existing.length === 0) return [];
      const mappingsOf = await mappingReader(ctx, existing, options.direction);
      return mapConcurrently(existing, async ({ user, id }) => {
        const mappings = await mappingsOf(id);
        return { key: [user.key], id, value: shape(declaredRoles(user), mappings, ctx.realm) };
      });
    },
    async create(ctx, desired) {
      // A create means the user did not exist when planned: it has only what Keycloak maps to
      // every new user (default-roles, uma_protection for a service account), which the rules
      // leave out unless listed, and adding a mapped role again changes nothing. So nothing is
      // read back: the declared roles are added.
      await applyRoles(ctx, desired.key[0], desired.value, {});
    },
    async update(ctx, desired) {
      await applyRoles(ctx, desired.key[0], desired.value);
    },
  });
}

export const userRoleMappingKind = makeUserRoleMappingKind();

function declaresRoles(user: DeclaredUser): boolean {
  return user.entry.realmRoles !== undefined || user.entry.clientRoles !== undefined;
}

/**
 * The direct mappings of a user by id: per user, or from the holder lists of the roles the rules
 * can make part of a value, when those are fewer than the users.
 */
async function mappingReader(
  ctx: KindContext,
  users: readonly { user: DeclaredUser }[],
  forced: Direction | undefined,
): Promise<(id: string) => Promise<MappingsRepresentation>> {
  const roles = await relevantRoles(
    ctx,
    users.map(({ user }) => user),
  );
  if (chooseDirection(forced, roles.length, users.length) === 'per-user') {
    return (id) => ctx.admin.getUserRoleMappings(id);
  }
  const byUser = await mappingsByUser(ctx, roles);
  return async (id) => byUser.get(id) ?? {};
}

/**
 * The roles whose holders decide the declared users' values: realm roles when some user
 * declares `realmRoles` (default-roles only when listed), client roles when some user declares
 * `clientRoles` (a built-in client's only when some user lists that client). Leaving the others
 * out changes no value: `shape` drops them.
 */
async function relevantRoles(ctx: KindContext, users: readonly DeclaredUser[]): Promise<RoleRef[]> {
  const exported = await readPartialExport(ctx);
  const defaultRole = defaultRoleName(ctx.realm);
  const roles: RoleRef[] = [];
  if (users.some((user) => user.entry.realmRoles !== undefined)) {
    const listsDefault = users.some((user) => user.entry.realmRoles?.includes(defaultRole));
    for (const role of exported.roles?.realm ?? []) {
      if (role.name && (role.name !== defaultRole || listsDefault)) roles.push({ name: role.name });
    }
  }
  const declaring = users.filter((user) => user.entry.clientRoles !== undefined);
  if (declaring.length === 0) return roles;
  const listedClients = new Set(declaring.flatMap((user) => Object.keys(user.entry.clientRoles ?? {})));
  const uuids = new Map((exported.clients ?? []).map((client) => [client.clientId, client.id]));
  for (const [clientId, clientRoles] of Object.entries(exported.roles?.client ?? {})) {
    const id = uuids.get(clientId);
    if (!id || (isBuiltInClient(clientId, ctx.realm) && !listedClients.has(clientId))) continue;
    for (const role of clientRoles) if (role.name) roles.push({ name: role.name, client: { clientId, id } });
  }
  return roles;
}

function declaredRoles(user: DeclaredUser): UserRoles {
  const value: UserRoles = {};
  if (user.entry.realmRoles !== undefined) value.realmRoles = [...user.entry.realmRoles];
  if (user.entry.clientRoles !== undefined) value.clientRoles = { ...user.entry.clientRoles };
  return value;
}

/** The live mappings reduced to what the declaration owns (see the rules at the top). */
function shape(declared: UserRoles, mappings: MappingsRepresentation, realm: string): UserRoles {
  const plan = diffRoles(declared, mappings, realm);
  const value: UserRoles = {};
  if (declared.realmRoles) value.realmRoles = plan.realm.owned;
  if (declared.clientRoles) {
    value.clientRoles = {};
    for (const client of plan.clients)
      if (client.owned.length > 0) value.clientRoles[client.clientId] = client.owned;
  }
  return value;
}

interface RoleDiff {
  /** Currently mapped roles this declaration owns. */
  owned: string[];
  add: string[];
  remove: RoleRepresentation[];
}

interface ClientRoleDiff extends RoleDiff {
  clientId: string;
  uuid?: string;
}

/** What to add and remove so the owned mappings equal the declared ones. */
function diffRoles(declared: UserRoles, mappings: MappingsRepresentation, realm: string) {
  const defaultRole = defaultRoleName(realm);
  const wantedRealm = declared.realmRoles ?? [];
  const realmOwned = (mappings.realmMappings ?? []).filter(
    (role) => role.name !== defaultRole || wantedRealm.includes(defaultRole),
  );
  const realmDiff = diff(wantedRealm, realmOwned);

  const clients: ClientRoleDiff[] = [];
  const currentClients = Object.entries(mappings.clientMappings ?? {}).map(([key, client]) => ({
    clientId: client.client ?? key,
    uuid: client.id,
    roles: client.mappings ?? [],
  }));
  const declaredClients = declared.clientRoles ?? {};
  for (const current of currentClients) {
    const wanted = declaredClients[current.clientId];
    if (wanted === undefined && isBuiltInClient(current.clientId, realm)) continue;
    const roles = current.roles.filter(
      (role) => role.name !== UMA_PROTECTION || wanted?.includes(UMA_PROTECTION),
    );
    clients.push({ clientId: current.clientId, uuid: current.uuid, ...diff(wanted ?? [], roles) });
  }
  for (const [clientId, wanted] of Object.entries(declaredClients)) {
    if (!currentClients.some((current) => current.clientId === clientId))
      clients.push({ clientId, ...diff(wanted, []) });
  }
  return { realm: realmDiff, clients };
}

/** Mapped by Keycloak itself to the service account of a client with authorization services. */
const UMA_PROTECTION = 'uma_protection';

function diff(wanted: readonly string[], current: readonly RoleRepresentation[]): RoleDiff {
  const names = current.flatMap((role) => (role.name ? [role.name] : []));
  return {
    owned: names,
    add: [...new Set(wanted)].filter((name) => !names.includes(name)),
    remove: current.filter((role) => role.name && !wanted.includes(role.name)),
  };
}

/**
 * Reads the user's mappings at write time (unless `current` is known) and adds / removes the
 * difference.
 */
async function applyRoles(
  ctx: KindContext,
  key: string,
  declared: UserRoles,
  current?: MappingsRepresentation,
): Promise<void> {
  const userId = await userIdOf(ctx, key);
  const mappings = current ?? (await ctx.admin.getUserRoleMappings(userId));
  const { realm, clients } = diffRoles(declared, mappings, ctx.realm);
  if (declared.realmRoles) {
    if (realm.add.length > 0) {
      await ctx.admin.assignRealmRoles(
        userId,
        await Promise.all(realm.add.map((name) => realmRole(ctx, name))),
      );
    }
    if (realm.remove.length > 0) await ctx.admin.deleteRealmRolesOfUser(userId, realm.remove);
  }
  if (!declared.clientRoles) return;
  for (const client of clients) {
    if (client.add.length === 0 && client.remove.length === 0) continue;
    const uuid = client.uuid ?? (await clientUuid(ctx, client.clientId));
    if (client.add.length > 0) {
      const roles = await Promise.all(client.add.map((name) => clientRole(ctx, client.clientId, uuid, name)));
      await ctx.admin.assignClientRole(userId, uuid, roles);
    }
    if (client.remove.length > 0) await ctx.admin.deleteClientRolesOfUser(userId, uuid, client.remove);
  }
}

function realmRole(ctx: KindContext, name: string): Promise<RoleRepresentation> {
  return lookup(ctx, `users:realm-role:${name}`, `realm role "${name}"`, () => ctx.admin.getRealmRole(name));
}

function clientRole(
  ctx: KindContext,
  clientId: string,
  uuid: string,
  name: string,
): Promise<RoleRepresentation> {
  const what = `client role "${name}" of client "${clientId}"`;
  return lookup(ctx, `users:client-role:${clientId}:${name}`, what, () =>
    ctx.admin.getClientRole(uuid, name),
  );
}

/** Memoized role lookup by name (the mapping endpoints need the role's id); failures are not kept. */
async function lookup(ctx: KindContext, key: string, what: string, load: () => Promise<RoleRepresentation>) {
  try {
    return await ctx.memo(key, load);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot map ${what}: ${message}`, { cause: error });
  }
}
