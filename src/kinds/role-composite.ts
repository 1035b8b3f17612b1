/**
 * The composite links of a role, applied after every role exists (a composite may name a client
 * role of a client created in the same run). One object per role that declares `composites`
 * (`composites: {}` means "none"), plus the realm's `defaultRole.composites`. A bare
 * `composite: false` is not read as "none": exports put it on every plain role, and each new
 * role would then show an empty composite create in the plan.
 * Key `['realm', role]` or `['client', clientId, role]`; value `{ realm: [...], client: { id: [...] } }`
 * compared as sets and authoritative for that role: live composites not declared are removed.
 * Roles that declare nothing about composites are left alone, so this kind never deletes.
 * Composites of the read-only admin clients' roles (realm-management …) cannot be changed (403):
 * a plan that would is an error (see realm-clients.ts).
 */

import { elementSegment } from '../core/value-path.js';
import type { RoleRepresentation } from '../representations/index.js';
import {
  address,
  type DesiredObject,
  defineKind,
  type KindContext,
  type ManifestView,
  type Reference,
  type UnmanagedPath,
} from './kind.js';
import {
  adminClientTest,
  isAdminClient,
  REALM_MANAGEMENT,
  readAdminClientIds,
  readOnlyDiagnostics,
} from './shared/clients/realm-clients.js';
import { clientRoleRef, realmRoleRef } from './shared/identities/role-ids.js';
import {
  BUILT_IN_CLIENTS,
  declaredClientRoles,
  declaredRealmRoles,
  defaultRoleName,
  isFreshClientRole,
  isFreshRealmRole,
  originOf,
  realmRoleName,
} from './shared/identities/roles.js';
import { isKeycloakExport } from './shared/server/exports.js';
import { clientUuid, readPartialExport } from './shared/server/reads.js';

export interface CompositesValue extends Record<string, unknown> {
  realm: string[];
  client: Record<string, string[]>;
}

/** A realm role's composites, or a client role's. */
type CompositeKey = readonly ['realm', name: string] | readonly ['client', clientId: string, name: string];

const RULES = {
  sets: ['realm', 'client.*'],
  // The value is nothing but the composites: a client list the manifest leaves out is removed.
  fullyManaged: true,
};

/**
 * The composites of an admin client's roles (`realm-admin` …) are Keycloak's: they differ between
 * versions (26 added the organization roles) and every change is refused (403). In a Keycloak
 * export, composites this server has and the export lacks are left out of the comparison, and
 * declared ones this server lacks are a warning, never a change (hand-written: an error).
 */
const ADMIN_CLIENT_COMPOSITES: UnmanagedPath[] = ['realm', 'client'].map((field) => ({
  path: [field],
  reason: 'Keycloak defines the composites of its admin client roles (per version) and refuses changes (403)',
}));

/** The live composites that the declaration names too. */
function withinDeclared(live: CompositesValue, declared: CompositesValue): CompositesValue {
  const client: Record<string, string[]> = {};
  for (const [clientId, names] of Object.entries(live.client)) {
    const wanted = new Set(declared.client[clientId] ?? []);
    const kept = names.filter((name) => wanted.has(name));
    if (kept.length > 0) client[clientId] = kept;
  }
  const realm = new Set(declared.realm);
  return { realm: live.realm.filter((name) => realm.has(name)), client };
}

export const roleCompositeKind = defineKind<
  CompositesValue,
  CompositeKey,
  unknown,
  Awaited<ReturnType<typeof readAdminClientIds>>
>({
  kind: 'role-composite',
  dependsOn: ['realm-role', 'client-role'],
  describe: '"realm", role name | "client", clientId, role name',
  ...RULES,
  authoritative: () => false,
  desired(manifest) {
    const realmRoles = declaredRealmRoles(manifest);
    const clientRoles = declaredClientRoles(manifest);
    const defaultRole = manifest.representation.defaultRole;
    if (!realmRoles && !clientRoles && !defaultRole) return undefined;
    const out: DesiredObject<CompositesValue, CompositeKey>[] = [];
    for (const { role, name, path } of realmRoles ?? []) {
      const value = compositesOf(manifest, role);
      if (value) out.push({ key: ['realm', name], value, origin: originOf(manifest, path) });
    }
    for (const { clientId, role, name, path } of clientRoles ?? []) {
      const value = compositesOf(manifest, role);
      if (value) out.push({ key: ['client', clientId, name], value, origin: originOf(manifest, path) });
    }
    const defaultValue = defaultRole && compositesOf(manifest, defaultRole);
    if (defaultValue) {
      const name = realmRoleName(manifest, defaultRole.name ?? defaultRoleName(manifest.realm));
      out.push({ key: ['realm', name], value: defaultValue, origin: originOf(manifest, ['defaultRole']) });
    }
    return out;
  },
  async read(ctx) {
    const exported = await readPartialExport(ctx);
    const defaultRole = defaultRoleName(ctx.realm, exported);
    const realm = (exported.roles?.realm ?? []).map((role) => ({
      key: ['realm', role.name ?? ''] as const,
      value: liveComposites(role),
      builtIn: role.name === defaultRole,
    }));
    const fromExport = isKeycloakExport(ctx.manifest);
    // By name too: before 26, admin clients carry no `realm_client` attribute.
    const adminClients = new Set([
      REALM_MANAGEMENT,
      ...(exported.clients ?? [])
        .filter((client) => isAdminClient(client))
        .map((client) => client.clientId ?? ''),
    ]);
    const declared = new Map(
      (declaredClientRoles(ctx.manifest) ?? []).map((entry) => [
        address('role-composite', ['client', entry.clientId, entry.name]),
        compositesOf(ctx.manifest, entry.role),
      ]),
    );
    const client = Object.entries(exported.roles?.client ?? {}).flatMap(([clientId, roles]) =>
      roles.map((role) => {
        const key: CompositeKey = ['client', clientId, role.name ?? ''];
        const value = liveComposites(role);
        if (!adminClients.has(clientId) || !fromExport)
          return { key, value, builtIn: BUILT_IN_CLIENTS.has(clientId) };
        const wanted = declared.get(address('role-composite', key));
        return {
          key,
          value: wanted ? withinDeclared(value, wanted) : value,
          builtIn: BUILT_IN_CLIENTS.has(clientId),
          unmanaged: ADMIN_CLIENT_COMPOSITES,
        };
      }),
    );
    return [...realm, ...client];
  },
  readFacts: readAdminClientIds,
  diagnose(desired, live, facts) {
    const isAdmin = adminClientTest(facts);
    return readOnlyDiagnostics('role-composite', RULES, desired, live, ({ key }) =>
      key[0] === 'client' && isAdmin(key[1]) ? key[1] : undefined,
    );
  },
  references(desired) {
    const { key } = desired;
    const refs: Reference[] = [];
    const realmRef = (name: string, path: string) => {
      if (!isFreshRealmRole(name)) refs.push({ kind: 'realm-role', key: [name], path });
    };
    const clientRef = (clientId: string, name: string, path: string) => {
      if (!isFreshClientRole(clientId, name)) refs.push({ kind: 'client-role', key: [clientId, name], path });
    };
    if (key[0] === 'client') clientRef(key[1], key[2], '');
    else realmRef(key[1], '');
    desired.value.realm.forEach((name, index) => {
      realmRef(name, `composites.realm[${index}]`);
    });
    for (const [clientId, names] of Object.entries(desired.value.client)) {
      names.forEach((name, index) => {
        clientRef(clientId, name, `composites.client${elementSegment(clientId)}[${index}]`);
      });
    }
    return refs;
  },
  create: (ctx, desired) => syncComposites(ctx, desired.key, desired.value),
  update: (ctx, desired) => syncComposites(ctx, desired.key, desired.value),
});

/** The declared composites of a role, or undefined when the role says nothing about them. */
function compositesOf(manifest: ManifestView, role: RoleRepresentation): CompositesValue | undefined {
  if (!role.composites) return undefined;
  const client: Record<string, string[]> = {};
  for (const [clientId, names] of Object.entries(role.composites?.client ?? {}))
    client[clientId] = [...(names ?? [])];
  return { realm: (role.composites?.realm ?? []).map((name) => realmRoleName(manifest, name)), client };
}

function liveComposites(role: RoleRepresentation): CompositesValue {
  return { realm: [...(role.composites?.realm ?? [])], client: { ...role.composites?.client } };
}

/**
 * Makes the role's composites exactly the declared ones. Works from the server's current
 * composites (one request) rather than the planned snapshot: a role created moments ago, or the
 * default role of a realm created in this run, already has composites the plan never saw.
 */
async function syncComposites(ctx: KindContext, key: CompositeKey, value: CompositesValue): Promise<void> {
  const wanted = await Promise.all([
    ...value.realm.map((name) => realmRoleRef(ctx, name)),
    ...Object.entries(value.client).flatMap(([clientId, names]) =>
      names.map((name) => clientRoleRef(ctx, clientId, name)),
    ),
  ]);
  const uuid = key[0] === 'client' ? await clientUuid(ctx, key[1]) : undefined;
  const role = key[0] === 'client' ? key[2] : key[1];
  const current = uuid
    ? await ctx.admin.getCompositeClientRolesOfRole(uuid, role)
    : await ctx.admin.getCompositeRealmRolesOfRole(role);
  const currentIds = new Set(current.map((composite) => composite.id));
  const wantedIds = new Set(wanted.map((composite) => composite.id));
  const add = uniqueById(wanted.filter((composite) => !currentIds.has(composite.id)));
  const remove = current.filter((composite) => !wantedIds.has(composite.id));
  if (remove.length > 0) {
    if (uuid) await ctx.admin.removeCompositeClientRolesFromRole(uuid, role, remove);
    else await ctx.admin.removeCompositeRealmRolesToRole(role, remove);
  }
  if (add.length > 0) {
    if (uuid) await ctx.admin.addCompositeClientRolesToRole(uuid, role, add);
    else await ctx.admin.addCompositeRealmRolesToRole(role, add);
  }
}

function uniqueById(roles: RoleRepresentation[]): RoleRepresentation[] {
  return [...new Map(roles.map((role) => [role.id, role])).values()];
}
