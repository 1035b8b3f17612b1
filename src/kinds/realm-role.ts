/**
 * Realm roles (`roles.realm[]`): name, description and attributes. Composites are the
 * role-composite kind's. Read from the partial export (one request for all roles).
 * `default-roles-<realm>`, `offline_access` and `uma_authorization` come with every realm: never
 * deleted, and declaring them updates them instead of creating them.
 */
import { defineKind, type KindContext } from './kind.js';
import { forgetRealmRoleIds } from './shared/identities/role-ids.js';
import {
  builtInRealmRoles,
  declaredRealmRoles,
  mergeRole,
  originOf,
  type RoleValue,
  roleValue,
} from './shared/identities/roles.js';
import { readPartialExport } from './shared/server/reads.js';

export const realmRoleKind = defineKind<RoleValue, readonly [name: string]>({
  kind: 'realm-role',
  dependsOn: ['realm'],
  describe: 'role name',
  sets: ['attributes.*'],
  desired(manifest) {
    return declaredRealmRoles(manifest)?.map(({ role, name, path }) => ({
      key: [name],
      value: roleValue(role, name),
      origin: originOf(manifest, path),
    }));
  },
  async read(ctx) {
    const exported = await readPartialExport(ctx);
    const builtIn = builtInRealmRoles(ctx.realm, exported);
    return (exported.roles?.realm ?? []).map((role) => ({
      key: [role.name ?? ''],
      value: roleValue(role, role.name ?? ''),
      id: role.id,
      builtIn: builtIn.has(role.name ?? ''),
    }));
  },
  async create(ctx, desired) {
    const [name] = desired.key;
    // Built-in roles exist as soon as the realm does (also when the realm is new in this plan).
    if (builtInRealmRoles(ctx.realm).has(name)) return overlay(ctx, name, desired.value);
    await ctx.admin.createRealmRole(desired.value);
    forgetRealmRoleIds(ctx);
  },
  async update(ctx, desired) {
    await overlay(ctx, desired.key[0], desired.value);
  },
  async delete(ctx, live) {
    await ctx.admin.deleteRealmRole(live.key[0]);
    forgetRealmRoleIds(ctx);
  },
});

/** Read-modify-write: a role PUT resets the description it leaves out. */
async function overlay(ctx: KindContext, name: string, value: RoleValue): Promise<void> {
  const current = await ctx.admin.getRealmRole(name);
  await ctx.admin.updateRealmRole(name, mergeRole(current, value));
}
