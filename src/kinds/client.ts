/**
 * Clients (`clients[]`, key clientId): every ClientRepresentation setting, plus two things that
 * belong to one client and are authoritative only when that client declares them:
 * - `protocolMappers`, matched by name (mapper endpoints);
 * - `defaultClientScopes` / `optionalClientScopes`, by scope name (binding endpoints).
 * Keeping them here (rather than separate kinds) is what makes "a client that does not declare
 * mappers keeps its mappers" work: ownership is per client, not per collection.
 * `secret` is set on create only.
 * `authorizationSettings` belongs to the authz-* kinds and is never part of the client's value.
 * Left out of the comparison, with a plan warning: the deprecated `defaultRoles` (Keycloak has ignored it since
 * version 13: it is accepted and dropped), and scopes of another protocol in the scope lists
 * (Keycloak silently skips a SAML scope bound to an OIDC client and vice versa, so they could never
 * be read back). Flow overrides (`authenticationFlowBindingOverrides`) name flows by alias (a
 * reference to the auth-flow kind) or by id: ids are resolved at write time and read back as
 * aliases (see shared/flows/client-flow-overrides.ts). Plan-time errors: an override id that names no
 * flow of the realm, and any change to a read-only admin client (`realm-management`,
 * `<realm>-realm` in master; see realm-clients.ts).
 * Read: the partial export (one request for all clients, mappers and scope names included).
 */
import type { PlanDiagnostic } from '../core/diagnostics.js';
import type {
  AuthenticationFlowRepresentation,
  ClientRepresentation,
  ClientScopeRepresentation,
} from '../representations/index.js';
import {
  address,
  type CompareRules,
  type DesiredObject,
  defineKind,
  type KindContext,
  type LiveObject,
  liveId,
  type ManifestView,
  type UnmanagedPath,
} from './kind.js';
import {
  BUILT_IN_CLIENTS,
  BUILT_IN_SCOPE_PROTOCOLS,
  clientKeyOf,
  DEFAULT_PROTOCOL,
  FRESH_REALM_CLIENT_SCOPES,
  originOf,
  syncClientScopeBindings,
} from './shared/clients/clients.js';
import {
  IGNORED_MAPPER_FIELDS,
  type Mapper,
  type MapperTypes,
  mapperPayload,
  mapperValue,
  readMapperTypes,
  stringMap,
  syncMappers,
  unknownMapperTypes,
} from './shared/clients/protocol-mappers.js';
import {
  adminClientTest,
  isAdminClient,
  isRealmClient,
  REALM_MANAGEMENT,
  readOnlyDiagnostics,
  realmClientsByName,
} from './shared/clients/realm-clients.js';
import { SECRET_MASK } from './shared/clients/secrets.js';
import {
  declaredFlowIds,
  desiredFlowOverrides,
  type OverrideValues,
  unknownFlowIdDiagnostics,
} from './shared/flows/client-flow-overrides.js';
import {
  flowOverrideReferences,
  liveFlowOverrides,
  resolveFlowOverrides,
} from './shared/flows/flow-overrides.js';
import { builtInScopeNeeds, SERVER_CREATED, serverCreatedTest } from './shared/server/built-ins.js';
import { isKeycloakExport } from './shared/server/exports.js';
import { readExportWithoutGroupsAndRoles, withoutKeys } from './shared/server/reads.js';
import { providerIdsOf, readServerInfo, serverName, unknownNameHint } from './shared/server/server-info.js';

/** Server-made or owned elsewhere: never compared, never sent back from a manifest. */
const NOT_SETTINGS = ['id', 'access', 'registrationAccessToken', 'authorizationSettings'] as const;
/** Declared but not applied: each is reported as a plan warning (see `diagnose`). */
const IGNORED_FIELDS: Readonly<Record<string, string>> = {
  defaultRoles:
    "Keycloak has ignored a client's `defaultRoles` since version 13 (it accepts and drops them); it is ignored here too: make the role a composite of the realm's `defaultRole` instead",
};
const SCOPE_LISTS = ['defaultClientScopes', 'optionalClientScopes'] as const;
/**
 * An admin client gets the realm's default scope lists of the moment Keycloak creates it, its
 * attributes change with the version (and with a save in an older console), and every change is
 * refused (403): in a Keycloak export they depend on the realm's history, so they are not
 * compared (a declaration that differs is a warning). Any other difference, and any in a
 * hand-written manifest, stays a plan-time error.
 */
const ADMIN_CLIENT_UNMANAGED: UnmanagedPath[] = [
  ...SCOPE_LISTS.map((list) => ({
    path: [list],
    reason: `Keycloak sets the ${list} of its admin clients when it creates them and refuses changes (403)`,
  })),
  {
    path: ['attributes'],
    reason: 'Keycloak sets the attributes of its admin clients (per version) and refuses changes (403)',
  },
];
/** Handled through their own endpoints, not the client PUT. */
const SUB_RESOURCES = ['protocolMappers', 'defaultClientScopes', 'optionalClientScopes'] as const;

const RULES = {
  sets: ['redirectUris', 'webOrigins', 'defaultClientScopes', 'optionalClientScopes'],
  keyedArrays: { protocolMappers: 'name' },
  writeOnly: ['secret'],
  sensitive: ['secret'],
  ignored: {
    // In master's export, `<realm>-realm` clients carry it; applied elsewhere they are ordinary.
    'attributes.realm_client':
      'Keycloak sets `realm_client` on the admin clients it makes itself and replaces a written value',
    ...IGNORED_MAPPER_FIELDS,
  },
} satisfies CompareRules;

const STANDARD_TOKEN_EXCHANGE = 'standard.token.exchange.enabled';

/** What `desired` left out, for `diagnose` to report (a symbol: invisible to compare and JSON). */
const NOTES = Symbol('client notes');

interface ClientNotes {
  /** Declared fields that are not applied (keys of IGNORED_FIELDS). */
  ignored: string[];
  /** Scope list entries of another protocol than the client's. */
  dropped: { field: string; index: number; name: string; protocol: string }[];
  /** The client declares no protocol: `openid-connect` was assumed (what Keycloak gives a new client). */
  protocolAssumed: boolean;
}

/**
 * A client as compared: no server fields; flow overrides by alias (a declared `""` or null
 * unbinds); the secret only as declared (write-only).
 */
type ClientValue = Omit<
  ClientRepresentation,
  (typeof NOT_SETTINGS)[number] | 'defaultRoles' | 'authenticationFlowBindingOverrides'
> & {
  authenticationFlowBindingOverrides?: OverrideValues;
  [NOTES]?: ClientNotes;
};
type ClientKey = readonly [clientId: string];

export const clientKind = defineKind<ClientValue, ClientKey, unknown, ClientFacts>({
  kind: 'client',
  dependsOn: ['realm', 'client-scope'],
  describe: 'clientId',
  ...RULES,
  desired(manifest) {
    const scopeProtocol = declaredScopeProtocols(manifest);
    const flowIds = declaredFlowIds(manifest.representation);
    return manifest.representation.clients?.map((client, index) => ({
      key: [clientKeyOf(client)],
      value: desiredValue(client, scopeProtocol, flowIds),
      origin: originOf(manifest, 'clients', index),
    }));
  },
  async read(ctx) {
    const exported = await readExportWithoutGroupsAndRoles(ctx);
    // Override ids read back as aliases, except ids the manifest declares as they are.
    const manifest = ctx.manifest.representation;
    const flowIds = declaredFlowIds(manifest);
    const declared = new Map(
      (manifest.clients ?? []).map((client) => [clientKeyOf(client), desiredFlowOverrides(client, flowIds)]),
    );
    const flows = exported.authenticationFlows ?? [];
    const serverMapper = await serverCreatedTest(ctx, SERVER_CREATED.serviceAccountMappers);
    const byName = await realmClientsByName(ctx);
    const declaredMappers = new Map(
      (manifest.clients ?? []).map((client) => [
        clientKeyOf(client),
        new Set((client.protocolMappers ?? []).map((mapper) => mapper.name)),
      ]),
    );
    const fromExport = isKeycloakExport(ctx.manifest);
    return (exported.clients ?? []).map((client) => ({
      key: [clientKeyOf(client)],
      value: liveValue(
        client,
        declared.get(clientKeyOf(client)),
        flows,
        (mapper) =>
          // Mappers Keycloak adds to a service-account client are not compared unless declared
          // (they stay when the service account is turned off again).
          serverMapper(mapper.name ?? '') && !declaredMappers.get(clientKeyOf(client))?.has(mapper.name),
      ),
      id: client.id,
      // `realm_client`: broker, realm-management, and master's `<realm>-realm` clients.
      builtIn: BUILT_IN_CLIENTS.has(client.clientId ?? '') || isRealmClient(client, byName),
      // By name too: before 26, admin clients carry no `realm_client` attribute.
      ...((isAdminClient(client, byName) || client.clientId === REALM_MANAGEMENT) && fromExport
        ? { unmanaged: ADMIN_CLIENT_UNMANAGED }
        : {}),
    }));
  },
  async readFacts(ctx, { realmExists }): Promise<ClientFacts> {
    // A realm created by this plan has nothing to read yet; the manifest alone still counts.
    const exported = realmExists ? await readExportWithoutGroupsAndRoles(ctx) : {};
    const byName = await realmClientsByName(ctx);
    const facts: ClientFacts = {
      adminClients: (exported.clients ?? [])
        .filter((client) => isAdminClient(client, byName))
        .map((client) => client.clientId ?? ''),
      scopeProtocols: scopeProtocolsOf(exported.clientScopes ?? [], ctx.manifest),
    };
    const clients = ctx.manifest.representation.clients ?? [];
    const mapperTypes = await readMapperTypes(ctx, clients);
    if (mapperTypes) facts.mapperTypes = mapperTypes;
    if (clients.some((client) => client.clientAuthenticatorType !== undefined)) {
      const info = await readServerInfo(ctx);
      const authenticators = providerIdsOf(info, ['client-authenticator']);
      if (authenticators) facts.clientAuthenticators = { server: serverName(info), ids: authenticators };
    }
    // The export has every flow (GET /authentication/flows leaves out `saml ecp`).
    if (realmExists) facts.flowIds = (exported.authenticationFlows ?? []).flatMap((flow) => flow.id ?? []);
    return facts;
  },
  diagnose(desired, live, facts) {
    const isAdmin = adminClientTest(facts?.adminClients);
    return [
      ...desired.flatMap((object) => clientDiagnostics(object, live, facts)),
      ...readOnlyDiagnostics('client', RULES, desired, live, (object) =>
        isAdmin(object.key[0]) ? object.key[0] : undefined,
      ),
    ];
  },
  needs(desired) {
    // Stored on any version, but only 26.2+ exchanges tokens with it: no silent no-op.
    const client = desired.value;
    const attribute = client.attributes?.[STANDARD_TOKEN_EXCHANGE];
    return [
      ...(String(attribute) === 'true'
        ? [{ feature: 'standardTokenExchange' as const, path: `attributes["${STANDARD_TOKEN_EXCHANGE}"]` }]
        : []),
      ...builtInScopeNeeds(client.defaultClientScopes, 'defaultClientScopes'),
      ...builtInScopeNeeds(client.optionalClientScopes, 'optionalClientScopes'),
    ];
  },
  references(desired) {
    const client = desired.value;
    return [
      ...(['defaultClientScopes', 'optionalClientScopes'] as const).flatMap((field) =>
        (client[field] ?? []).flatMap((name, index) =>
          FRESH_REALM_CLIENT_SCOPES.has(name)
            ? []
            : [{ kind: 'client-scope', key: [name], path: `${field}[${index}]` }],
        ),
      ),
      ...flowOverrideReferences(client.authenticationFlowBindingOverrides),
    ];
  },
  async create(ctx, desired) {
    const [clientId] = desired.key;
    const client = desired.value;
    if (!clientId) throw new Error(`${desired.origin.path}: a client needs a clientId (or at least a name)`);
    // Built-in clients exist as soon as the realm does (also when the realm is new in this plan).
    const existing = BUILT_IN_CLIENTS.has(clientId) ? await ctx.admin.getClientId(clientId) : undefined;
    if (existing) {
      await putSettings(ctx, existing, client);
      if (client.protocolMappers) await syncClientMappers(ctx, existing, client);
      await syncClientScopeBindings(ctx, existing, client.defaultClientScopes, client.optionalClientScopes);
      return;
    }
    const payload = settingsPayload(client);
    // A client declared by name only (keycloak-config-cli) gets its name as clientId: without
    // one, Keycloak makes up a UUID and the client could never be found again.
    payload.clientId ??= clientId;
    if (client.secret !== undefined) payload.secret = client.secret;
    if (client.authenticationFlowBindingOverrides) {
      // Flow ids, resolved now: the flow may have been created in this apply. "" is no override.
      const resolved = await resolveFlowOverrides(ctx, client.authenticationFlowBindingOverrides);
      payload.authenticationFlowBindingOverrides = Object.fromEntries(
        Object.entries(resolved).filter(([, id]) => id !== ''),
      );
    }
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
    const client = desired.value;
    const id = liveId('client', live);
    const touched = (field: string) => changedPaths.some((path) => underField(path, field));
    const settingsChanged = changedPaths.some(
      (path) => !SUB_RESOURCES.some((field) => underField(path, field)),
    );
    if (settingsChanged) await putSettings(ctx, id, client);
    if (touched('protocolMappers')) {
      await syncClientMappers(ctx, id, {
        ...client,
        protocol: client.protocol ?? live.value.protocol,
      });
    }
    // A PUT can change the bindings too (enabling service accounts adds `service_account`).
    if (touched('defaultClientScopes') || touched('optionalClientScopes') || settingsChanged) {
      await syncClientScopeBindings(ctx, id, client.defaultClientScopes, client.optionalClientScopes);
    }
  },
  async delete(ctx, live) {
    await ctx.admin.deleteClient(liveId('client', live));
    ctx.forget(`write:client-uuid:${live.key[0]}`);
  },
});

function desiredValue(
  client: ClientRepresentation,
  scopeProtocol: (name: string) => string | undefined,
  flowIds: ReadonlyMap<string, string>,
): ClientValue {
  const value: ClientValue = withoutKeys(client, [...NOT_SETTINGS, 'defaultRoles']);
  const notes: ClientNotes = {
    ignored: Object.keys(IGNORED_FIELDS).filter(
      (field) => client[field as keyof ClientRepresentation] !== undefined,
    ),
    dropped: [],
    protocolAssumed: client.protocol === undefined,
  };
  // Scopes of another protocol never stick (Keycloak skips them without an error): left out.
  const protocol = protocolOf(client);
  for (const field of SCOPE_LISTS) {
    const names = client[field];
    if (!names) continue;
    const kept: string[] = [];
    names.forEach((name, index) => {
      const other = scopeProtocol(name);
      if (other !== undefined && other !== protocol)
        notes.dropped.push({ field, index, name, protocol: other });
      else kept.push(name);
    });
    value[field] = kept;
  }
  // Keycloak drops empty entries (older consoles saved a blank line as ""): they never exist.
  for (const field of ['redirectUris', 'webOrigins'] as const) {
    const uris = client[field];
    if (uris?.includes('')) value[field] = uris.filter((uri) => uri !== '');
  }
  value[NOTES] = notes;
  if (client.protocolMappers) value.protocolMappers = client.protocolMappers.map(mapperValue);
  const overrides = desiredFlowOverrides(client, flowIds);
  if (overrides) value.authenticationFlowBindingOverrides = overrides;
  return value;
}

interface ClientFacts {
  /** The read-only admin clients (realm-clients.ts). */
  adminClients: string[];
  /** Client scopes by name → protocol (live, or as the manifest declares them). */
  scopeProtocols: Record<string, string>;
  /** Ids of every flow of the realm; absent when the realm does not exist yet. */
  flowIds?: string[];
  /** The server's mapper types, read only when a declared client has mappers. */
  mapperTypes?: MapperTypes;
  /**
   * Client authenticator ids (`client-secret`, `client-jwt` …) of the server (`Keycloak 26.0.8`);
   * read when a client declares one.
   */
  clientAuthenticators?: { server: string; ids: string[] };
}

/**
 * The protocol of a scope known without reading Keycloak: declared with an explicit protocol
 * (this plan creates or changes it so), else built-in; undefined otherwise (a live-only scope, or
 * one declared without protocol: `diagnose` checks those against the live realm).
 */
function declaredScopeProtocols(manifest: ManifestView): (name: string) => string | undefined {
  const declared = new Map(
    (manifest.representation.clientScopes ?? []).flatMap((scope) =>
      scope.protocol ? [[scope.name, scope.protocol] as const] : [],
    ),
  );
  return (name) => declared.get(name) ?? BUILT_IN_SCOPE_PROTOCOLS[name];
}

/** Every scope's protocol after this plan: live, changed by an explicit declared one, new ones default. */
function scopeProtocolsOf(
  live: readonly ClientScopeRepresentation[],
  manifest: ManifestView,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const scope of live) out[scope.name ?? ''] = scope.protocol ?? DEFAULT_PROTOCOL;
  for (const scope of manifest.representation.clientScopes ?? []) {
    const name = scope.name ?? '';
    if (scope.protocol) out[name] = scope.protocol;
    else out[name] ??= BUILT_IN_SCOPE_PROTOCOLS[name] ?? DEFAULT_PROTOCOL;
  }
  return out;
}

function clientDiagnostics(
  object: DesiredObject<ClientValue, ClientKey>,
  live: readonly LiveObject<ClientValue, ClientKey>[],
  facts: ClientFacts | undefined,
): PlanDiagnostic[] {
  const addr = address('client', object.key);
  const at = (inner?: string): Omit<PlanDiagnostic, 'severity' | 'summary'> => ({
    address: addr,
    ...(object.origin.file ? { file: object.origin.file } : {}),
    ...(object.origin.line ? { line: object.origin.line } : {}),
    path: inner ? `${object.origin.path}.${inner}` : object.origin.path,
  });
  const client = object.value;
  const notes = client[NOTES];
  const current = live.find((candidate) => candidate.key[0] === object.key[0]);
  const protocol = client.protocol ?? current?.value.protocol ?? DEFAULT_PROTOCOL;
  const out: PlanDiagnostic[] = [];
  for (const field of notes?.ignored ?? []) {
    out.push({ severity: 'warning', summary: `${addr}: ${IGNORED_FIELDS[field]}`, ...at(field) });
  }
  const authenticator = client.clientAuthenticatorType;
  const authenticators = facts?.clientAuthenticators;
  if (authenticator !== undefined && authenticators && !authenticators.ids.includes(authenticator)) {
    out.push({
      severity: 'error',
      summary: `${addr}: clientAuthenticatorType "${authenticator}" is not a client authenticator ${authenticators.server} has (it has: ${unknownNameHint(authenticators.ids)})`,
      ...at('clientAuthenticatorType'),
    });
  }
  const dropped = notes?.dropped ?? [];
  if (notes?.protocolAssumed && protocol !== DEFAULT_PROTOCOL && dropped.length > 0) {
    // `desired` assumed openid-connect and left out the wrong scopes.
    out.push({
      severity: 'error',
      summary: `${addr} declares no protocol and is ${withArticle(protocol)} client in Keycloak: declare \`protocol\` so that its client scope lists can be checked`,
      ...at('protocol'),
    });
  } else {
    for (const drop of dropped) {
      out.push({
        severity: 'warning',
        summary: `${addr}: client scope "${drop.name}" is ${withArticle(drop.protocol)} scope, which Keycloak silently skips on ${withArticle(protocol)} client; it is left out of ${drop.field}`,
        ...at(`${drop.field}[${drop.index}]`),
      });
    }
  }
  // What `desired` could not know (a scope only the live realm has, a client whose protocol is
  // only in Keycloak): an error, since the list would never converge.
  for (const field of SCOPE_LISTS) {
    for (const name of client[field] ?? []) {
      const other = facts?.scopeProtocols[name] ?? BUILT_IN_SCOPE_PROTOCOLS[name];
      if (other === undefined || other === protocol) continue;
      out.push({
        severity: 'error',
        summary: `${addr}: client scope "${name}" is ${withArticle(other)} scope, which Keycloak silently skips on ${withArticle(protocol)} client; remove it from ${field}`,
        ...at(field),
      });
    }
  }
  out.push(...unknownFlowIdDiagnostics(addr, client.authenticationFlowBindingOverrides, facts?.flowIds, at));
  out.push(...unknownMapperTypes(addr, object, protocol, facts?.mapperTypes));
  return out;
}

function liveValue(
  client: ClientRepresentation,
  declaredOverrides: OverrideValues | undefined,
  flows: readonly AuthenticationFlowRepresentation[],
  serverOwned: (mapper: Mapper) => boolean,
): ClientValue {
  const value: ClientValue = withoutKeys(client, [...NOT_SETTINGS, 'secret']);
  value.authenticationFlowBindingOverrides = liveFlowOverrides(
    client.authenticationFlowBindingOverrides,
    declaredOverrides,
    flows,
  );
  // Keycloak leaves the flag out when it is off; `false` in a manifest must compare equal.
  value.authorizationServicesEnabled = client.authorizationServicesEnabled ?? false;
  value.protocolMappers = (client.protocolMappers ?? [])
    .filter((mapper) => !serverOwned(mapper))
    .map(mapperValue);
  return value;
}

function protocolOf(client: ClientValue): string {
  return client.protocol ?? DEFAULT_PROTOCOL;
}

/** "an openid-connect", "a saml". */
function withArticle(protocol: string): string {
  return `${/^[aeiou]/i.test(protocol) ? 'an' : 'a'} ${protocol}`;
}

/** `protocolMappers`, `protocolMappers["x"].config` … but not `protocolMappersFoo`. */
function underField(path: string, field: string): boolean {
  return path === field || path.startsWith(`${field}[`) || path.startsWith(`${field}.`);
}

/**
 * The declared settings, ready to send: no sub-resources, no secret, string-valued maps, no flow
 * overrides (aliases: the callers resolve them to ids).
 */
function settingsPayload(client: ClientValue): ClientRepresentation {
  const payload: ClientRepresentation = withoutKeys(client, [
    ...SUB_RESOURCES,
    'secret',
    'authenticationFlowBindingOverrides',
  ]);
  const attributes = stringMap(client.attributes);
  if (attributes) payload.attributes = attributes;
  return payload;
}

/**
 * Read-modify-write: a client PUT resets what it leaves out. Attributes and flow overrides merge
 * key by key (undeclared keys are "don't care"); a declared `""`/null override unbinds. The
 * secret is never changed here: the current one is sent back (the GET returns it in clear to a
 * full admin; a masked one is left out, which keeps it).
 */
async function putSettings(ctx: KindContext, id: string, client: ClientValue): Promise<void> {
  const current = await ctx.admin.getClient(id);
  const next: ClientRepresentation = {
    ...withoutKeys(current, [...SUB_RESOURCES, 'access', 'authorizationSettings']),
    ...settingsPayload(client),
    id,
  };
  if (client.attributes) next.attributes = { ...current.attributes, ...stringMap(client.attributes) };
  if (client.authenticationFlowBindingOverrides) {
    // Declared keys only; "" unbinds (an empty map would keep every override).
    next.authenticationFlowBindingOverrides = {
      ...current.authenticationFlowBindingOverrides,
      ...(await resolveFlowOverrides(ctx, client.authenticationFlowBindingOverrides)),
    };
  }
  if (next.secret === SECRET_MASK) delete next.secret;
  await ctx.admin.updateClient(id, next);
}

async function syncClientMappers(ctx: KindContext, id: string, client: ClientValue): Promise<void> {
  // The mappers Keycloak adds to a service-account client stay unless declared.
  const serverMapper = await serverCreatedTest(ctx, SERVER_CREATED.serviceAccountMappers);
  await syncMappers(
    client.protocolMappers ?? [],
    {
      list: () => ctx.admin.getMappersFromClient(id),
      add: (mapper: Mapper) => ctx.admin.addMapperToClient(id, mapper),
      update: (mapperId, mapper) => ctx.admin.updateClientMapper(id, mapperId, mapper),
      remove: (mapperId) => ctx.admin.removeClientMapper(id, mapperId),
    },
    protocolOf(client),
    (mapper) => serverMapper(mapper.name ?? ''),
  );
}
