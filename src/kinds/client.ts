/**
 * Clients (`clients[]`, key clientId): every ClientRepresentation setting, plus two things that
 * belong to one client and are authoritative only when that client declares them:
 * - `protocolMappers`, matched by name (mapper endpoints);
 * - `defaultClientScopes` / `optionalClientScopes`, by scope name (binding endpoints).
 * Keeping them here (rather than separate kinds) is what makes "a client that does not declare
 * mappers keeps its mappers" work: ownership is per client, not per collection.
 * `authorizationSettings` belongs to a later kind. `secret` is set on create only.
 * Read: the partial export (one request for all clients, mappers and scope names included).
 */
import type { ClientRepresentation } from '../client/types/index.js';
import { defineKind, type KindContext, type ValueObject } from './kind.js';
import {
  BUILT_IN_CLIENTS,
  DEFAULT_PROTOCOL,
  FRESH_REALM_CLIENT_SCOPES,
  originOf,
  syncClientScopeBindings,
} from './shared/clients.js';
import {
  type Mapper,
  mapperPayload,
  mapperValue,
  stringMap,
  syncMappers,
} from './shared/protocol-mappers.js';
import { readPartialExport, withoutKeys } from './shared/reads.js';

/** Server-made or owned elsewhere: never compared, never sent back from a manifest. */
const NOT_SETTINGS = ['id', 'access', 'registrationAccessToken', 'authorizationSettings'] as const;
/** Handled through their own endpoints, not the client PUT. */
const SUB_RESOURCES = ['protocolMappers', 'defaultClientScopes', 'optionalClientScopes'] as const;
const SECRET_MASK = '**********';

export const clientKind = defineKind<ValueObject>({
  kind: 'client',
  dependsOn: ['realm', 'client-scope'],
  describe: 'clientId',
  sets: ['redirectUris', 'webOrigins', 'defaultClientScopes', 'optionalClientScopes'],
  keyedArrays: { protocolMappers: 'name' },
  writeOnly: ['secret'],
  sensitive: ['secret'],
  desired(manifest) {
    return manifest.representation.clients?.map((client, index) => ({
      key: [clientKey(client)],
      value: desiredValue(client),
      origin: originOf(manifest, 'clients', index),
    }));
  },
  async read(ctx) {
    const exported = await readPartialExport(ctx);
    return (exported.clients ?? []).map((client) => ({
      key: [clientKey(client)],
      value: liveValue(client),
      id: client.id,
      builtIn: BUILT_IN_CLIENTS.has(client.clientId ?? ''),
    }));
  },
  references(desired) {
    const client = desired.value as ClientRepresentation;
    return (['defaultClientScopes', 'optionalClientScopes'] as const).flatMap((field) =>
      (client[field] ?? []).flatMap((name, index) =>
        FRESH_REALM_CLIENT_SCOPES.has(name)
          ? []
          : [{ kind: 'client-scope', key: [name], path: `${field}[${index}]` }],
      ),
    );
  },
  async create(ctx, desired) {
    const clientId = desired.key[0] as string;
    const client = desired.value as ClientRepresentation;
    if (!clientId) throw new Error(`${desired.origin.path}: a client needs a clientId (or at least a name)`);
    // Built-in clients exist as soon as the realm does (also when the realm is new in this plan).
    const existing = BUILT_IN_CLIENTS.has(clientId) ? await ctx.admin.getClientId(clientId) : undefined;
    if (existing) {
      await putSettings(ctx, existing, client);
      if (client.protocolMappers) await syncClientMappers(ctx, existing, client);
      await syncClientScopeBindings(ctx, existing, client.defaultClientScopes, client.optionalClientScopes);
      return;
    }
    await checkFlowOverrides(ctx, client);
    const payload = settingsPayload(client);
    if (client.secret !== undefined) payload.secret = client.secret;
    if (client.protocolMappers) {
      payload.protocolMappers = client.protocolMappers.map((mapper) =>
        mapperPayload(mapper, protocolOf(client)),
      );
    }
    // POST honours the scope lists exactly (no realm defaults added), except that a service
    // account client also gets `service_account`: only then is a sync (2 GETs) needed.
    if (client.defaultClientScopes) payload.defaultClientScopes = client.defaultClientScopes;
    if (client.optionalClientScopes) payload.optionalClientScopes = client.optionalClientScopes;
    const created = await ctx.admin.createClient(payload);
    ctx.forget(`write:client-uuid:${clientId}`);
    if (client.serviceAccountsEnabled) {
      await syncClientScopeBindings(ctx, created, client.defaultClientScopes, client.optionalClientScopes);
    }
  },
  async update(ctx, desired, live, changedPaths) {
    const client = desired.value as ClientRepresentation;
    const id = live.id as string;
    const touched = (field: string) => changedPaths.some((path) => underField(path, field));
    const settingsChanged = changedPaths.some(
      (path) => !SUB_RESOURCES.some((field) => underField(path, field)),
    );
    if (settingsChanged) await putSettings(ctx, id, client);
    if (touched('protocolMappers')) {
      await syncClientMappers(ctx, id, {
        ...client,
        protocol: client.protocol ?? (live.value.protocol as string),
      });
    }
    // A PUT can change the bindings too (enabling service accounts adds `service_account`).
    if (touched('defaultClientScopes') || touched('optionalClientScopes') || settingsChanged) {
      await syncClientScopeBindings(ctx, id, client.defaultClientScopes, client.optionalClientScopes);
    }
  },
  async delete(ctx, live) {
    await ctx.admin.deleteClient(live.id as string);
    ctx.forget(`write:client-uuid:${live.key[0]}`);
  },
});

/**
 * clientId, or (as keycloak-config-cli does) the name of a client declared without one: Keycloak
 * then uses the new client's uuid as its clientId, so such a live client is known by its name.
 */
function clientKey(client: ClientRepresentation): string {
  if (client.clientId && client.clientId !== client.id) return client.clientId;
  return client.name ?? client.clientId ?? '';
}

function desiredValue(client: ClientRepresentation): ValueObject {
  const value = withoutKeys(client, NOT_SETTINGS) as ValueObject;
  if (client.protocolMappers) value.protocolMappers = client.protocolMappers.map(mapperValue);
  const overrides = client.authenticationFlowBindingOverrides as Record<string, unknown> | undefined;
  if (overrides) {
    // "" and null both unbind (Keycloak removes the override); null compares equal to absent.
    value.authenticationFlowBindingOverrides = Object.fromEntries(
      Object.entries(overrides).map(([binding, flow]) => [binding, flow === '' ? null : flow]),
    );
  }
  return value;
}

function liveValue(client: ClientRepresentation): ValueObject {
  const value = withoutKeys(client, [...NOT_SETTINGS, 'secret']) as ValueObject;
  // Keycloak leaves the flag out when it is off; `false` in a manifest must compare equal.
  value.authorizationServicesEnabled = client.authorizationServicesEnabled ?? false;
  value.protocolMappers = (client.protocolMappers ?? []).map(mapperValue);
  return value;
}

function protocolOf(client: ClientRepresentation): string {
  return client.protocol ?? DEFAULT_PROTOCOL;
}

/** `protocolMappers`, `protocolMappers["x"].config` … but not `protocolMappersFoo`. */
function underField(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}[`) || path.startsWith(`${field}.`);
}

/** The declared settings, ready to send: no sub-resources, no secret, string-valued maps. */
function settingsPayload(client: ClientRepresentation): ClientRepresentation {
  const payload = withoutKeys(client, [...SUB_RESOURCES, 'secret']) as ClientRepresentation;
  const attributes = stringMap(client.attributes);
  if (attributes) payload.attributes = attributes;
  const overrides = client.authenticationFlowBindingOverrides;
  if (overrides) {
    payload.authenticationFlowBindingOverrides = Object.fromEntries(
      Object.entries(overrides).filter(([, flow]) => flow !== null && flow !== ''),
    );
  }
  return payload;
}

/**
 * Read-modify-write: a client PUT resets what it leaves out. Attributes and flow overrides merge
 * key by key (undeclared keys are "don't care"); a declared `""`/null override unbinds. The
 * secret is never changed here: the current one is sent back (the GET returns it in clear to a
 * full admin; a masked one is left out, which keeps it).
 */
async function putSettings(ctx: KindContext, id: string, client: ClientRepresentation): Promise<void> {
  await checkFlowOverrides(ctx, client);
  const current = await ctx.admin.getClient(id);
  const next: ClientRepresentation = {
    ...withoutKeys(current, [...SUB_RESOURCES, 'access', 'authorizationSettings']),
    ...settingsPayload(client),
    id,
  };
  if (client.attributes) next.attributes = { ...current.attributes, ...stringMap(client.attributes) };
  if (client.authenticationFlowBindingOverrides) {
    next.authenticationFlowBindingOverrides = {
      ...current.authenticationFlowBindingOverrides,
      ...client.authenticationFlowBindingOverrides,
    };
  }
  if (next.secret === SECRET_MASK) delete next.secret;
  await ctx.admin.updateClient(id, next);
}

/**
 * Overrides take flow ids today; Keycloak answers an alias with a bare 500. Say what is wrong
 * instead (only for values that are a flow's alias: anything else is left to the server).
 */
async function checkFlowOverrides(ctx: KindContext, client: ClientRepresentation): Promise<void> {
  const values = Object.entries(client.authenticationFlowBindingOverrides ?? {}).filter(([, flow]) => flow);
  if (values.length === 0) return;
  const flows = await ctx.memo('write:top-level-flows', () => ctx.admin.getAuthenticationFlows());
  for (const [binding, flow] of values) {
    if (flows.some((f) => f.alias === flow) && !flows.some((f) => f.id === flow)) {
      throw new Error(
        `authenticationFlowBindingOverrides.${binding}: "${flow}" is a flow alias; realmform takes the flow's id here`,
      );
    }
  }
}

function syncClientMappers(ctx: KindContext, id: string, client: ClientRepresentation): Promise<void> {
  return syncMappers(
    client.protocolMappers ?? [],
    {
      list: () => ctx.admin.getMappersFromClient(id),
      add: (mapper: Mapper) => ctx.admin.addMapperToClient(id, mapper),
      update: (mapperId, mapper) => ctx.admin.updateClientMapper(id, mapperId, mapper),
      remove: (mapperId) => ctx.admin.removeClientMapper(id, mapperId),
    },
    protocolOf(client),
  );
}
