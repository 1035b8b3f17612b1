/**
 * Client roles (`roles.client.<clientId>[]`), key `[clientId, roleName]`: name, description and
 * attributes; composites are the role-composite kind's. Read from the partial export (one
 * request for the roles of every client). A declared `roles.client.<clientId>` list is
 * authoritative for that client only: roles of clients the manifest does not mention are left
 * alone, and roles of built-in clients (realm-management, account, broker …) are never deleted.
 */
import type { RoleRepresentation } from '../client/types/index.js';
import { defineKind, type KindContext, type ValueObject } from './kind.js';
import { clientUuid, readPartialExport } from './shared/reads.js';
import { forgetClientRoleIds } from './shared/role-ids.js';
import { BUILT_IN_CLIENTS, declaredClientRoles, mergeRole, originOf, roleValue } from './shared/roles.js';

/**
 * Clients whose role lists the last planned manifest of each realm declares. `desired()` runs
 * before `read()` in every plan of a realm and `read()` has no manifest, so this is how read
 * learns which clients' undeclared roles are kept (flagged like built-ins: never deleted).
 * A planner hook for per-object ownership would replace it.
 */
const declaredClients = new Map<string, ReadonlySet<string>>();

interface ClientRoleState {
  /** The client's uuid (the role's container). */
  clientUuid?: string;
}

export const clientRoleKind = defineKind<ValueObject>({
  kind: 'client-role',
  dependsOn: ['realm', 'client'],
  describe: 'clientId, role name',
  sets: ['attributes.*'],
  desired(manifest) {
    const declared = declaredClientRoles(manifest);
    const clients = Object.keys(manifest.representation.roles?.client ?? {});
    declaredClients.set(manifest.realm, new Set(declared ? clients : []));
    return declared?.map(({ clientId, role, name, path }) => ({
      key: [clientId, name],
      value: roleValue(role, name),
      origin: originOf(manifest, path),
    }));
  },
  async read(ctx) {
    const exported = await readPartialExport(ctx);
    const managed = declaredClients.get(ctx.realm) ?? new Set<string>();
    return Object.entries(exported.roles?.client ?? {}).flatMap(([clientId, roles]) =>
      roles.map((role) => ({
        key: [clientId, role.name ?? ''],
        value: roleValue(role, role.name ?? ''),
        id: role.id,
        builtIn: BUILT_IN_CLIENTS.has(clientId) || !managed.has(clientId),
        state: { clientUuid: role.containerId } satisfies ClientRoleState,
      })),
    );
  },
  references(desired) {
    return [{ kind: 'client', key: [desired.key[0] as string], path: '' }];
  },
  async create(ctx, desired) {
    const [clientId] = desired.key as [string, string];
    await ctx.admin.createClientRole(await clientUuid(ctx, clientId), desired.value as RoleRepresentation);
    forgetClientRoleIds(ctx, clientId);
  },
  async update(ctx, desired, live) {
    const [clientId, name] = desired.key as [string, string];
    const uuid = await containerOf(ctx, clientId, live.state);
    const current = await ctx.admin.getClientRole(uuid, name);
    await ctx.admin.updateClientRole(uuid, name, mergeRole(current, desired.value));
  },
  async delete(ctx, live) {
    const [clientId, name] = live.key as [string, string];
    await ctx.admin.deleteClientRole(await containerOf(ctx, clientId, live.state), name);
    forgetClientRoleIds(ctx, clientId);
  },
});

async function containerOf(ctx: KindContext, clientId: string, state: unknown): Promise<string> {
  return (state as ClientRoleState | undefined)?.clientUuid ?? clientUuid(ctx, clientId);
}
