/**
 * Authorization resources of a client (`authorizationSettings.resources[]`), key
 * [clientKey, name]: displayName, type, uris (`uri` accepted), icon_uri, ownerManagedAccess,
 * attributes, scopes (by name) and owner (`{ name }`: a username; the client itself when left
 * out). Authoritative for each client that declares `authorizationSettings`.
 *
 * - A PUT replaces the whole resource (left-out scopes and uris are cleared): updates send the
 *   live resource overlaid with the declared fields, attributes merged key by key.
 * - Deleting a resource makes Keycloak delete the permissions whose only resource it is: it is
 *   first taken out of the permissions that remain (declared without `resources`).
 * - A PUT never changes the owner. A new owner means a new resource: the replacement is created
 *   under a temporary name, permissions are moved to it, the old one is deleted, the new one
 *   renamed.
 * - Keycloak creates a scope named by a resource that does not exist: the authz-scope kind
 *   declares such a scope too (name only), so it is created first and never deleted. An owner
 *   nobody has is a plan-time error.
 */
import type { ResourceRepresentation } from '../representations/index.js';
import { type DesiredObject, defineKind, type KindContext } from './kind.js';
import {
  type AuthzKey,
  authzClient,
  authzIds,
  authzOrigin,
  authzOwnership,
  declaredClassicAuthz,
  deleteIgnoringGone,
  knownUsers,
  readClassicAuthz,
  type UserUse,
  unknownUserDiagnostics,
} from './shared/authz/authz.js';
import { repointDependants, temporaryName } from './shared/authz/authz-policies.js';
import { ownerName, type ResourceValue, resourceValue } from './shared/authz/authz-values.js';
import { SERVER_CREATED, serverCreatedTest } from './shared/server/built-ins.js';

export const authzResourceKind = defineKind<ResourceValue, AuthzKey, unknown, string[]>({
  kind: 'authz-resource',
  dependsOn: ['authz-scope'],
  exclusive: 'authorization-services',
  describe: 'clientId, resource name',
  sets: ['uris', 'scopes', 'attributes.*'],
  desired(manifest) {
    return declaredClassicAuthz(manifest)?.flatMap((entry) =>
      (entry.settings.resources ?? []).map((resource, index) => ({
        key: [entry.clientKey, resource.name ?? ''],
        value: resourceValue(resource),
        origin: authzOrigin(manifest, entry, 'resources', index),
      })),
    );
  },
  authoritative: authzOwnership,
  async read(ctx) {
    const serverCreated = await serverCreatedTest(ctx, SERVER_CREATED.authzResource);
    return (await readClassicAuthz(ctx)).flatMap((live) =>
      (live.settings.resources ?? []).map((resource) => ({
        key: [live.clientKey, resource.name ?? ''],
        value: resourceValue(resource, live.clientId),
        ...(serverCreated(resource.name ?? '') ? { builtIn: true } : {}),
      })),
    );
  },
  async readFacts(ctx, situation) {
    const owners = (declaredClassicAuthz(ctx.manifest) ?? []).flatMap((entry) =>
      (entry.settings.resources ?? []).flatMap((resource) =>
        userOwner(entry.clientKey, ownerName(resource.owner)),
      ),
    );
    return knownUsers(ctx, situation.realmExists, owners);
  },
  diagnose(desired, _live, facts) {
    return unknownUserDiagnostics('authz-resource', desired, facts, ownerUses);
  },
  references(desired) {
    const scopes = desired.value.scopes ?? [];
    return scopes.map((scope, index) => ({
      kind: 'authz-scope',
      key: [desired.key[0], scope.name],
      path: `scopes[${index}]`,
    }));
  },
  async create(ctx, desired) {
    const [clientKey, name] = desired.key;
    const client = await authzClient(ctx, clientKey);
    // Named like the one Keycloak made with a client created in this apply (up to 26.4): the
    // declared resource takes its place (the server's one may have another owner).
    if ((await serverCreatedTest(ctx, SERVER_CREATED.authzResource))(name)) {
      const ids = await authzIds(ctx, client.uuid, 'resource');
      const made = ids.get(name)?.id;
      if (made) {
        await deleteIgnoringGone(() => ctx.admin.deleteClientAuthzResource(client.uuid, made));
        ids.delete(name);
      }
    }
    await createResource(ctx, client, clientKey, desired.value, name);
  },
  async update(ctx, desired, live, changedPaths) {
    const [clientKey, name] = desired.key;
    const client = await authzClient(ctx, clientKey);
    const ids = await authzIds(ctx, client.uuid, 'resource');
    const id = ids.get(name)?.id;
    if (!id) throw new Error(`authorization resource "${name}" of client "${clientKey}" no longer exists`);
    const next: ResourceValue = { ...live.value, ...desired.value };
    if (desired.value.attributes) next.attributes = { ...live.value.attributes, ...desired.value.attributes };
    if (!changedPaths.some((path) => path === 'owner' || path.startsWith('owner.'))) {
      await ctx.admin.updateClientAuthzResource(client.uuid, id, { ...payload(next), _id: id });
      return;
    }
    const temporary = temporaryName(name);
    await createResource(ctx, client, clientKey, { ...next, name: temporary }, temporary);
    await repointDependants(ctx, client.uuid, 'resources', name, temporary);
    await ctx.admin.deleteClientAuthzResource(client.uuid, id);
    const newId = ids.get(temporary)?.id ?? '';
    await ctx.admin.updateClientAuthzResource(client.uuid, newId, { ...payload(next), _id: newId });
    ids.delete(temporary);
    ids.set(name, { id: newId });
  },
  async delete(ctx, live) {
    const [clientKey, name] = live.key;
    const { uuid } = await authzClient(ctx, clientKey);
    const ids = await authzIds(ctx, uuid, 'resource');
    const id = ids.get(name)?.id;
    if (!id) return;
    // Kept permissions that name it (declared without `resources`) must not go with it.
    await repointDependants(ctx, uuid, 'resources', name, undefined);
    await deleteIgnoringGone(() => ctx.admin.deleteClientAuthzResource(uuid, id));
    ids.delete(name);
  },
});

async function createResource(
  ctx: KindContext,
  client: { uuid: string; clientId: string },
  clientKey: string,
  value: ResourceValue,
  name: string,
): Promise<void> {
  const body = payload(value);
  const owner = userOwner(clientKey, value.owner?.name, client.clientId);
  // Keycloak takes the owner's id or username in `owner.id`; no owner: the client owns it.
  if (owner.length > 0) body.owner = { id: owner[0] };
  const created = await ctx.admin.createClientAuthzResource(client.uuid, body);
  (await authzIds(ctx, client.uuid, 'resource')).set(name, { id: created._id ?? '' });
}

/** The value as Keycloak takes it; the owner is set on create only (a PUT ignores it). */
function payload(value: ResourceValue): ResourceRepresentation {
  const { owner: _owner, ...rest } = value;
  return rest;
}

/** The owner as a username, or nothing when it is the client itself. */
function userOwner(clientKey: string, owner: string | undefined, clientId?: string): string[] {
  return owner === undefined || owner === clientKey || owner === clientId ? [] : [owner];
}

function ownerUses(object: DesiredObject<ResourceValue, AuthzKey>): UserUse[] {
  return userOwner(object.key[0], object.value.owner?.name).map((name) => ({ name, path: 'owner' }));
}
