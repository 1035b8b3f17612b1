/**
 * Client roles (`roles.client.<clientId>[]`), key `[clientId, roleName]`: name, description and
 * attributes; composites are the role-composite kind's. Read from the partial export (one
 * request for the roles of every client). A declared `roles.client.<clientId>` list is
 * authoritative for that client only: roles of clients the manifest does not mention are left
 * alone, and roles of built-in clients (realm-management, account, broker …) are never deleted.
 * Nor is `uma_protection`, which Keycloak gives a client when its authorization services are
 * enabled. Roles of the read-only admin clients (realm-management, master's `<realm>-realm`)
 * cannot be created or changed (403): a plan that would is an error (see realm-clients.ts).
 */
import { KeycloakError } from '../client/errors.js';
import { defineKind, type KindContext } from './kind.js';
import {
  adminClientTest,
  isRealmClient,
  readAdminClientIds,
  readOnlyDiagnostics,
  realmClientsByName,
} from './shared/clients/realm-clients.js';
import { forgetClientRoleIds } from './shared/identities/role-ids.js';
import {
  BUILT_IN_CLIENTS,
  declaredClientRoles,
  mergeRole,
  originOf,
  type RoleValue,
  roleValue,
} from './shared/identities/roles.js';
import { clientUuid, readPartialExport } from './shared/server/reads.js';

/** The role Keycloak creates (and gives the service account) when authorization is enabled. */
const UMA_PROTECTION = 'uma_protection';
const RULES = { sets: ['attributes.*'] };

interface ClientRoleState {
  /** The client's uuid (the role's container). */
  clientUuid?: string;
}

type AdminClientIds = Awaited<ReturnType<typeof readAdminClientIds>>;

export const clientRoleKind = defineKind<
  RoleValue,
  readonly [clientId: string, name: string],
  ClientRoleState,
  AdminClientIds
>({
  kind: 'client-role',
  dependsOn: ['realm', 'client'],
  describe: 'clientId, role name',
  ...RULES,
  desired(manifest) {
    return declaredClientRoles(manifest)?.map(({ clientId, role, name, path }) => ({
      key: [clientId, name],
      value: roleValue(role, name),
      origin: originOf(manifest, path),
    }));
  },
  // Only the clients the manifest lists under roles.client own their roles.
  authoritative(manifest) {
    const listed = new Set(Object.keys(manifest.representation.roles?.client ?? {}));
    return (live) => listed.has(live.key[0]);
  },
  async read(ctx) {
    const exported = await readPartialExport(ctx);
    const clients = new Map((exported.clients ?? []).map((client) => [client.clientId ?? '', client]));
    const byName = await realmClientsByName(ctx);
    return Object.entries(exported.roles?.client ?? {}).flatMap(([clientId, roles]) => {
      const client = clients.get(clientId);
      const builtInClient =
        BUILT_IN_CLIENTS.has(clientId) || (client !== undefined && isRealmClient(client, byName));
      return roles.map((role) => ({
        key: [clientId, role.name ?? ''],
        value: roleValue(role, role.name ?? ''),
        id: role.id,
        builtIn:
          builtInClient || (role.name === UMA_PROTECTION && client?.authorizationServicesEnabled === true),
        state: { clientUuid: role.containerId },
      }));
    });
  },
  readFacts: readAdminClientIds,
  diagnose(desired, live, facts) {
    const isAdmin = adminClientTest(facts);
    return readOnlyDiagnostics('client-role', RULES, desired, live, (object) =>
      isAdmin(object.key[0]) ? object.key[0] : undefined,
    );
  },
  references(desired) {
    const [clientId] = desired.key;
    // Built-in clients exist as soon as the realm does, also when it is created by this plan.
    return BUILT_IN_CLIENTS.has(clientId) ? [] : [{ kind: 'client', key: [clientId], path: '' }];
  },
  async create(ctx, desired) {
    const [clientId, name] = desired.key;
    const uuid = await clientUuid(ctx, clientId);
    // Keycloak gives a client roles of its own (`uma_protection` with authorization services):
    // when the client was created in this apply, the role exists already and is updated.
    try {
      await ctx.admin.createClientRole(uuid, desired.value);
    } catch (error) {
      if (!(error instanceof KeycloakError && error.responseCode === 409)) throw error;
      const current = await ctx.admin.getClientRole(uuid, name);
      await ctx.admin.updateClientRole(uuid, name, mergeRole(current, desired.value));
    }
    forgetClientRoleIds(ctx, clientId);
  },
  async update(ctx, desired, live) {
    const [clientId, name] = desired.key;
    const uuid = await containerOf(ctx, clientId, live.state);
    const current = await ctx.admin.getClientRole(uuid, name);
    await ctx.admin.updateClientRole(uuid, name, mergeRole(current, desired.value));
  },
  async delete(ctx, live) {
    const [clientId, name] = live.key;
    await ctx.admin.deleteClientRole(await containerOf(ctx, clientId, live.state), name);
    forgetClientRoleIds(ctx, clientId);
  },
});

async function containerOf(
  ctx: KindContext,
  clientId: string,
  state: ClientRoleState | undefined,
): Promise<string> {
  return state?.clientUuid ?? clientUuid(ctx, clientId);
}
