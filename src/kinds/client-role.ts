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
    return declaredClientRoles(manifest)?.map(({ clientId, role, name, path }) => ({
      key: [clientId, name],
      value: roleValue(role, name),
      origin: originOf(manifest, path),
    }));
  },
  // Only the clients the manifest lists under roles.client own their roles.
  authoritative(manifest) {
    const listed = new Set(Object.keys(manifest.representation.roles?.client ?? {}));
    return (live) => listed.has(live.key[0] as string);
  },
  async read(ctx) {
    const exported = await readPartialExport(ctx);
    return Object.entries(exported.roles?.client ?? {}).flatMap(([clientId, roles]) =>
      roles.map((role) => ({
        key: [clientId, role.name ?? ''],
        value: roleValue(role, role.name ?? ''),
        id: role.id,
        builtIn: BUILT_IN_CLIENTS.has(clientId),
        state: { clientUuid: role.containerId } satisfies ClientRoleState,
      })),
    );
  },
  references(desired) {
    const clientId = desired.key[0] as string;
    // Built-in clients exist as soon as the realm does, also when it is created by this plan.
    return BUILT_IN_CLIENTS.has(clientId) ? [] : [{ kind: 'client', key: [clientId], path: '' }];
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
