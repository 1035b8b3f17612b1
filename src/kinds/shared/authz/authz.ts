/**
 * What the authorization kinds (authz-settings, authz-scope, authz-resource, authz-policy,
 * authz-permission) share: the clients that declare `authorizationSettings`, ownership, the one
 * read per client, and id lookups at write time.
 *
 * Ownership: a client that declares `authorizationSettings` owns all of its authorization
 * objects; a list it leaves out (`resources`, `policies`, `scopes`) means "none", as in
 * keycloak-config-cli (and in Keycloak's own import). Clients without `authorizationSettings`
 * are left alone and not even read.
 *
 * Read: `GET /clients/{id}/authz/resource-server/settings` returns the whole configuration of
 * one client in export form, every reference by name: ONE request per declared client whose
 * authorization services are enabled. Client ids come from the shared partial export.
 *
 * Admin permissions v2 (`admin-permissions` of a realm with `adminPermissionsEnabled`): its
 * settings endpoint answers 400, but the partial export carries its settings in the same form;
 * its policies are the authz-policy kind's, its permissions the admin-permission kind's, and
 * its settings, scopes and resources belong to Keycloak (the classic kinds skip that client).
 */

import { KeycloakError } from '../../../client/index.js';
import type { ClientRepresentation, ResourceServerRepresentation } from '../../../client/types/index.js';
import { mapConcurrently } from '../../../core/concurrency.js';
import type { PlanDiagnostic } from '../../../core/diagnostics.js';
import { address, type DesiredObject, type KindContext, type ManifestView, type Origin } from '../../kind.js';
import { defineRead } from '../../shared-read.js';
import { clientKeyOf } from '../clients/clients.js';
import { declaredUsers, SERVICE_ACCOUNT_PREFIX } from '../identities/users.js';
import { ADMIN_PERMISSIONS } from '../server/built-ins.js';
import { readPartialExport } from '../server/reads.js';

export { clientKeyOf };

export interface DeclaredAuthz {
  /** The client's key as the client kind has it: clientId, or the name of a client without one. */
  clientKey: string;
  /** Index in `clients[]`. */
  index: number;
  client: ClientRepresentation;
  settings: ResourceServerRepresentation;
}

export interface LiveAuthz {
  clientKey: string;
  /** The client's uuid (the resource server's id). */
  uuid: string;
  /** The clientId Keycloak stores (the uuid for a client declared without one). */
  clientId: string;
  settings: ResourceServerRepresentation;
}

const declaredCache = new WeakMap<ManifestView, DeclaredAuthz[] | undefined>();

/** Clients declaring `authorizationSettings`; undefined when none does (the kinds are untouched). */
export function declaredAuthz(manifest: ManifestView): DeclaredAuthz[] | undefined {
  if (declaredCache.has(manifest)) return declaredCache.get(manifest);
  const out: DeclaredAuthz[] = [];
  (manifest.representation.clients ?? []).forEach((client, index) => {
    if (client.authorizationSettings)
      out.push({ clientKey: clientKeyOf(client), index, client, settings: client.authorizationSettings });
  });
  const result = out.length > 0 ? out : undefined;
  declaredCache.set(manifest, result);
  return result;
}

/**
 * Declared clients whose settings, scopes and resources realmform manages: all but
 * `admin-permissions`, whose ones Keycloak creates and owns (admin permissions v2).
 */
export function declaredClassicAuthz(manifest: ManifestView): DeclaredAuthz[] | undefined {
  return declaredAuthz(manifest)?.filter((entry) => entry.clientKey !== ADMIN_PERMISSIONS);
}

/** Live counterpart of declaredClassicAuthz. */
export async function readClassicAuthz(ctx: KindContext): Promise<LiveAuthz[]> {
  return (await readAuthz(ctx)).filter((live) => live.clientKey !== ADMIN_PERMISSIONS);
}

/** The key of an object of a client's authorization services: the client, then the object's name. */
export type AuthzKey = readonly [clientKey: string, name: string];

/** Only the clients that declare `authorizationSettings` own their objects. */
export function authzOwnership(
  manifest: ManifestView,
): (live: { key: readonly [clientKey: string, ...rest: string[]] }) => boolean {
  const owners = new Set((declaredAuthz(manifest) ?? []).map((entry) => entry.clientKey));
  return (live) => owners.has(live.key[0]);
}

export function authzOrigin(
  manifest: ManifestView,
  entry: DeclaredAuthz,
  list?: 'scopes' | 'resources' | 'policies',
  index?: number,
): Origin {
  const trail: (string | number)[] = ['clients', entry.index, 'authorizationSettings'];
  if (list !== undefined && index !== undefined) trail.push(list, index);
  const path = `clients[${entry.index}].authorizationSettings${list !== undefined ? `.${list}[${index}]` : ''}`;
  return { path, ...manifest.locate(trail) };
}

/** The live client a key names (clientId, or the name of a client whose clientId is its uuid). */
export function findClient(
  clients: readonly ClientRepresentation[],
  clientKey: string,
): ClientRepresentation | undefined {
  return clients.find((client) => clientKeyOf(client) === clientKey);
}

/** The authorization settings of every declared client whose authorization services are on. */
export function readAuthz(ctx: KindContext): Promise<LiveAuthz[]> {
  return ctx.read(authzSettingsRead);
}

const CLIENTS = 'write:authz-clients';

/** The uuid of a client at write time (it may have been created earlier in the same apply). */
export async function authzClient(
  ctx: KindContext,
  clientKey: string,
): Promise<{ uuid: string; clientId: string }> {
  for (const retry of [false, true]) {
    if (retry) ctx.forget(CLIENTS);
    const clients = await ctx.memo(CLIENTS, () => ctx.admin.getClients());
    const client = findClient(clients, clientKey);
    if (client?.id) return { uuid: client.id, clientId: client.clientId ?? '' };
  }
  throw new Error(`client "${clientKey}" does not exist in realm ${ctx.realm}`);
}

export type AuthzObjectType = 'scope' | 'resource' | 'policy';

export interface AuthzId {
  id: string;
  /** Policies only: the policy type (`role`, `resource` …). */
  type?: string;
}

/**
 * Ids by name of one client's scopes, resources or policies (policies and permissions share
 * one list: one namespace of names), read once per apply and kept current by the writers.
 */
export function authzIds(
  ctx: KindContext,
  uuid: string,
  type: AuthzObjectType,
): Promise<Map<string, AuthzId>> {
  return ctx.memo(`write:authz-ids:${uuid}:${type}`, async () => {
    if (type === 'scope') {
      const scopes = await ctx.admin.getClientAuthzScopes(uuid);
      return new Map(scopes.map((scope) => [scope.name ?? '', { id: scope.id ?? '' }]));
    }
    if (type === 'resource') {
      const resources = await ctx.admin.getClientAuthzResources(uuid, { deep: false });
      return new Map(resources.map((resource) => [resource.name ?? '', { id: resource._id ?? '' }]));
    }
    const policies = await ctx.admin.getClientAuthzPolicies(uuid);
    return new Map(policies.map((policy) => [policy.name ?? '', { id: policy.id ?? '', type: policy.type }]));
  });
}

/**
 * Runs a delete; a 404 counts as done. Keycloak deletes dependants itself: a permission whose
 * only resource, scope or policy is deleted, and an aggregate policy whose last policy is.
 */
export async function deleteIgnoringGone(remove: () => Promise<void>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (error instanceof KeycloakError && error.responseCode === 404) return;
    throw error;
  }
}

/**
 * Which of these usernames will exist after the plan: users the manifest declares, service
 * accounts of clients that will have one (declared over live `serviceAccountsEnabled`), and live
 * users (one exact lookup each; the user kind reads only declared users). Used for user
 * policies and resource owners, which Keycloak answers with a 500 or a 400 when the user is
 * missing. For a realm that does not exist yet only the manifest counts.
 */
export async function knownUsers(
  ctx: KindContext,
  realmExists: boolean,
  names: Iterable<string>,
): Promise<string[]> {
  const manifest = ctx.manifest;
  const known = new Set((declaredUsers(manifest) ?? []).map((user) => user.key));
  const clients = realmExists ? ((await readPartialExport(ctx)).clients ?? []) : [];
  const serviceAccount = new Map<string, boolean>();
  for (const client of clients)
    serviceAccount.set(client.clientId ?? '', client.serviceAccountsEnabled === true);
  for (const client of manifest.representation.clients ?? []) {
    if (client.clientId && client.serviceAccountsEnabled !== undefined)
      serviceAccount.set(client.clientId, client.serviceAccountsEnabled);
  }
  for (const [clientId, enabled] of serviceAccount) {
    if (enabled) known.add(`${SERVICE_ACCOUNT_PREFIX}${clientId}`.toLowerCase());
  }
  const wanted = [...new Set([...names].map((name) => name.toLowerCase()))];
  const unknown = wanted.filter((name) => !known.has(name));
  if (realmExists) {
    const found = await mapConcurrently(unknown, async (name) =>
      (await ctx.admin.getUserByUsername(name)) ? name : undefined,
    );
    for (const name of found) if (name) known.add(name);
  }
  return wanted.filter((name) => known.has(name));
}

/** A user a desired object names, with where it names it. */
export interface UserUse {
  name: string;
  path: string;
}

/** Errors for users that neither the manifest nor the server has. */
export function unknownUserDiagnostics<D extends DesiredObject>(
  kind: string,
  desired: readonly D[],
  known: readonly string[] | undefined,
  usesOf: (object: D) => UserUse[],
): PlanDiagnostic[] {
  const existing = new Set(known ?? []);
  return desired.flatMap((object) =>
    usesOf(object)
      .filter((use) => !existing.has(use.name.toLowerCase()))
      .map((use): PlanDiagnostic => {
        const addr = address(kind, object.key);
        return {
          severity: 'error',
          summary: `${addr} refers to user "${use.name}", which is neither declared nor present in Keycloak`,
          address: addr,
          ...(object.origin.file ? { file: object.origin.file } : {}),
          ...(object.origin.line ? { line: object.origin.line } : {}),
          path: `${object.origin.path}.${use.path}`,
        };
      }),
  );
}

const authzSettingsRead = defineRead({
  name: 'authorization settings',
  load: async (ctx) => {
    const declared = declaredAuthz(ctx.manifest) ?? [];
    if (declared.length === 0) return [];
    const exported = await readPartialExport(ctx);
    const clients = exported.clients ?? [];
    const enabled = declared.flatMap((entry) => {
      const client = findClient(clients, entry.clientKey);
      return client?.id && client.authorizationServicesEnabled ? [{ entry, client }] : [];
    });
    return Promise.all(
      enabled.map(async ({ entry, client }) => ({
        clientKey: entry.clientKey,
        uuid: client.id as string,
        clientId: client.clientId ?? '',
        // Admin permissions v2: the settings endpoint answers 400; the export has them.
        settings:
          entry.clientKey === ADMIN_PERMISSIONS && exported.adminPermissionsEnabled
            ? (client.authorizationSettings ?? {})
            : await ctx.admin.getClientAuthzSettings(client.id as string),
      })),
    );
  },
  staleAfter: [
    'client',
    'authz-settings',
    'authz-scope',
    'authz-resource',
    'authz-policy',
    'authz-permission',
  ],
});
