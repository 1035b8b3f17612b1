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
import type { KindContext, ManifestView, ValueObject } from '../../kind.js';
import { defineRead, USER_SIDE_KINDS } from '../../shared-read.js';
import { flattenGroups, groupIdByPath } from '../identities/groups.js';
import { groupPath } from '../identities/users.js';
import { ADMIN_PERMISSIONS } from '../server/built-ins.js';
import { readPartialExport } from '../server/reads.js';
import { authzClient, type DeclaredAuthz, declaredAuthz } from './authz.js';
import { policyValue } from './authz-values.js';

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
): ValueObject {
  const value = policyValue(policy, declared);
  const config = { ...((value.config as Record<string, unknown> | undefined) ?? {}) };
  const typed = (policy as { resourceType?: string }).resourceType;
  if (typed !== undefined && config.defaultResourceType === undefined) config.defaultResourceType = typed;
  const type = String(config.defaultResourceType ?? '');
  const resources = Array.isArray(config.resources) ? config.resources.map(String) : [];
  // Keycloak stores "all of the type" as the type's own resource, and exports it so.
  config.resources =
    resources.length === 0
      ? [type]
      : resources.map((item) => normalizeTarget(type, exportedIds?.get(item) ?? item));
  value.config = config;
  return value;
}

function normalizeTarget(type: string, item: string): string {
  if (!item.startsWith(PLACEHOLDER)) return item;
  const name = item.slice(PLACEHOLDER.length);
  if (type === 'Groups') return `${PLACEHOLDER}${groupPath(name)}`;
  if (type === 'Users') return `${PLACEHOLDER}${name.toLowerCase()}`;
  return item;
}

/** What a `$` placeholder names: [kind, key] of the object, or undefined for a raw item. */
export function targetOf(type: string, item: string): { kind: string; key: string[] } | undefined {
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
): Promise<{ name: string; value: ValueObject }[]> {
  return ctx.read(adminPermissionsRead);
}

/** The id of a named target at write time (it may have been created earlier in this apply). */
export async function targetId(ctx: KindContext, type: string, item: string): Promise<string> {
  const target = targetOf(type, item);
  if (!target) throw new Error(`admin permission target "${item}" is not a $ placeholder`);
  const [first, second] = target.key as [string, string | undefined];
  switch (target.kind) {
    case 'client':
      return (await authzClient(ctx, first)).uuid;
    case 'group':
      return groupIdByPath(ctx, first);
    case 'user': {
      const user = await ctx.admin.getUserByUsername(first);
      if (!user?.id) throw new Error(`user "${first}" does not exist in realm ${ctx.realm}`);
      return user.id;
    }
    case 'realm-role':
      return (await ctx.admin.getRealmRole(first)).id ?? '';
    default: {
      const { uuid } = await authzClient(ctx, first);
      return (await ctx.admin.getClientRole(uuid, second ?? '')).id ?? '';
    }
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
    const users = values.flatMap((value) => {
      const config = value.config as Record<string, unknown>;
      return config.defaultResourceType === 'Users' ? (config.resources as string[]) : [];
    });
    const names = await targetNames(ctx, users);
    return values.map((value) => {
      const config = value.config as Record<string, unknown>;
      const type = String(config.defaultResourceType ?? '');
      config.resources = (config.resources as string[]).map((item) => {
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
