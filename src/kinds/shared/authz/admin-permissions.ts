/**
 * Fine-grained admin permissions v2 (the `admin-permissions` client of a realm with
 * `adminPermissionsEnabled`): scope permissions of a resource type (`Clients`, `Groups`,
 * `Users`, `Roles` …), for every object of the type or for named ones.
 *
 * Keycloak names a permission's targets by id (it creates one authz resource per target, named
 * by the target's id; the type's own resource, e.g. `Clients`, means "all"). Manifests name them
 * as keycloak-config-cli does, with `$` placeholders: `$<clientId>`, `$<group path>`,
 * `$<username>`, `$<realm role>` or `$<clientId>/<client role>`. Names become ids at write time
 * and ids names at read time, so plans compare by name. No resources (or `[]`) means all.
 */

import type {
  ClientRepresentation,
  PolicyRepresentation,
  RoleRepresentation,
} from '../../../client/types/index.js';
import type { KindContext, ManifestView } from '../../kind.js';
import { defineRead, USER_SIDE_KINDS } from '../../shared-read.js';
import { flattenGroups, groupIdByPath } from '../identities/groups.js';
import { groupPath } from '../identities/users.js';
import { ADMIN_PERMISSIONS } from '../server/built-ins.js';
import { readPartialExport } from '../server/reads.js';
import { authzClient, type DeclaredAuthz, declaredAuthz } from './authz.js';
import { type PolicyConfig, type PolicyValue, policyValue } from './authz-values.js';

/** A permission's value: its config always has the targets, named (`$<name>`, or the type for all). */
export type PermissionValue = PolicyValue & { config: PolicyConfig & { resources: string[] } };

/**
 * An object a permission names: one key segment for clients, groups, users and realm roles;
 * clientId and role name for client roles.
 */
export type PermissionTarget =
  | { kind: 'client' | 'group' | 'user' | 'realm-role'; key: [name: string] }
  | { kind: 'client-role'; key: [clientId: string, name: string] };

export const PLACEHOLDER = '$';

/** The resource types whose objects a permission can name (Organizations: only all of them). */
export const TARGET_TYPES: ReadonlySet<string> = new Set(['Clients', 'Groups', 'Users', 'Roles']);

/** The `admin-permissions` client's declared authorization settings, if any. */
export function declaredAdminPermissions(manifest: ManifestView): DeclaredAuthz | undefined {
  return declaredAuthz(manifest)?.find((entry) => entry.clientKey === ADMIN_PERMISSIONS);
}

/**
 * Target names by the ids a Keycloak export gives its objects (`clients[].id`, groups, roles,
 * users): an export names a permission's targets by those ids, which mean nothing in another
 * realm, so a declared id of a declared object is read as that object's `$` placeholder.
 */
export function exportedTargetNames(manifest: ManifestView): Map<string, string> {
  const rep = manifest.representation;
  const names = new Map<string, string>();
  const add = (id: string | undefined, name: string) => {
    if (id) names.set(id, `${PLACEHOLDER}${name}`);
  };
  for (const client of rep.clients ?? []) add(client.id, client.clientId ?? '');
  for (const entry of flattenGroups(rep.groups)) add(entry.group.id, entry.path);
  for (const role of rep.roles?.realm ?? []) add(role.id, role.name ?? '');
  for (const [clientId, roles] of Object.entries(rep.roles?.client ?? {}))
    for (const role of roles) add(role.id, `${clientId}/${role.name ?? ''}`);
  for (const user of rep.users ?? []) add(user.id, user.username ?? '');
  return names;
}

/**
 * A permission's value: the policy form with `config.defaultResourceType` and named targets
 * (`exportedIds`: declared object ids as names, see exportedTargetNames).
 */
export function permissionValue(
  policy: PolicyRepresentation,
  declared: boolean,
  exportedIds?: ReadonlyMap<string, string>,
): PermissionValue {
  const value = policyValue(policy, declared);
  const config: PolicyConfig = { ...value.config };
  const typed = policy.resourceType;
  if (typed !== undefined && config.defaultResourceType === undefined) config.defaultResourceType = typed;
  const type = String(config.defaultResourceType ?? '');
  const named = Array.isArray(config.resources) ? config.resources.map(String) : [];
  // Keycloak stores "all of the type" as the type's own resource, and exports it so.
  const resources =
    named.length === 0 ? [type] : named.map((item) => normalizeTarget(type, exportedIds?.get(item) ?? item));
  return { ...value, config: { ...config, resources } };
}

function normalizeTarget(type: string, item: string): string {
  if (!item.startsWith(PLACEHOLDER)) return item;
  const name = item.slice(PLACEHOLDER.length);
  if (type === 'Groups') return `${PLACEHOLDER}${groupPath(name)}`;
  if (type === 'Users') return `${PLACEHOLDER}${name.toLowerCase()}`;
  return item;
}

/** What a `$` placeholder names: [kind, key] of the object, or undefined for a raw item. */
export function targetOf(type: string, item: string): PermissionTarget | undefined {
  if (!item.startsWith(PLACEHOLDER)) return undefined;
  const name = item.slice(PLACEHOLDER.length);
  switch (type) {
    case 'Clients':
      return { kind: 'client', key: [name] };
    case 'Groups':
      return { kind: 'group', key: [name] };
    case 'Users':
      return { kind: 'user', key: [name] };
    case 'Roles': {
      const slash = name.indexOf('/');
      return slash > 0
        ? { kind: 'client-role', key: [name.slice(0, slash), name.slice(slash + 1)] }
        : { kind: 'realm-role', key: [name] };
    }
    default:
      return undefined;
  }
}

/** Target names by id, from the shared export (users: one lookup per id named). */
export async function targetNames(
  ctx: KindContext,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const exported = await readPartialExport(ctx);
  const names = new Map<string, string>();
  const clientIds = new Map<string, string>();
  for (const client of exported.clients ?? []) {
    if (!client.id) continue;
    names.set(client.id, client.clientId ?? '');
    clientIds.set(client.clientId ?? '', client.id);
  }
  for (const entry of flattenGroups(exported.groups))
    if (entry.group.id) names.set(entry.group.id, entry.path);
  for (const role of exported.roles?.realm ?? []) if (role.id) names.set(role.id, role.name ?? '');
  const clientRoles: Record<string, RoleRepresentation[]> = exported.roles?.client ?? {};
  for (const [clientId, roles] of Object.entries(clientRoles)) {
    for (const role of roles) if (role.id) names.set(role.id, `${clientId}/${role.name ?? ''}`);
  }
  await Promise.all(
    userIds
      .filter((id) => !names.has(id))
      .map(async (id) => {
        const user = await ctx.admin.getUser(id).catch(() => undefined);
        if (user?.username) names.set(id, user.username);
      }),
  );
  return names;
}

/** Live permissions, from the export's settings of `admin-permissions` (ids named). */
export async function liveAdminPermissions(
  ctx: KindContext,
): Promise<{ name: string; value: PermissionValue }[]> {
  return ctx.read(adminPermissionsRead);
}

/** The id of a named target at write time (it may have been created earlier in this apply). */
export async function targetId(ctx: KindContext, type: string, item: string): Promise<string> {
  const target = targetOf(type, item);
  if (!target) throw new Error(`admin permission target "${item}" is not a $ placeholder`);
  if (target.kind === 'client-role') {
    const [clientId, role] = target.key;
    const { uuid } = await authzClient(ctx, clientId);
    return (await ctx.admin.getClientRole(uuid, role)).id ?? '';
  }
  const [name] = target.key;
  switch (target.kind) {
    case 'client':
      return (await authzClient(ctx, name)).uuid;
    case 'group':
      return groupIdByPath(ctx, name);
    case 'user': {
      const user = await ctx.admin.getUserByUsername(name);
      if (!user?.id) throw new Error(`user "${name}" does not exist in realm ${ctx.realm}`);
      return user.id;
    }
    case 'realm-role':
      return (await ctx.admin.getRealmRole(name)).id ?? '';
  }
}

const adminPermissionsRead = defineRead({
  name: 'admin permissions',
  load: async (ctx) => {
    const exported = await readPartialExport(ctx);
    if (!exported.adminPermissionsEnabled) return [];
    const client = (exported.clients ?? []).find(
      (candidate: ClientRepresentation) => candidate.clientId === ADMIN_PERMISSIONS,
    );
    const permissions = (client?.authorizationSettings?.policies ?? []).filter(
      (policy) => policy.type === 'scope' || policy.type === 'resource',
    );
    const values = permissions.map((policy) => permissionValue(policy, false));
    const users = values.flatMap(({ config }) =>
      config.defaultResourceType === 'Users' ? config.resources : [],
    );
    const names = await targetNames(ctx, users);
    return values.map((value) => {
      const { config } = value;
      const type = String(config.defaultResourceType ?? '');
      config.resources = config.resources.map((item) => {
        if (item === type) return item;
        const name = names.get(item);
        if (name === undefined) return item;
        return normalizeTarget(type, `${PLACEHOLDER}${name}`);
      });
      return { name: String(value.name ?? ''), value };
    });
  },
  staleAfter: { allBut: USER_SIDE_KINDS },
});
