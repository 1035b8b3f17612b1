/**
 * Client scopes (`clientScopes[]`, key name): name, description, protocol, attributes, and the
 * scope's `protocolMappers` (by name, authoritative when the scope declares them; kept here for
 * the same per-owner reason as a client's mappers). A declared collection is authoritative, except
 * for the scopes Keycloak creates with every realm (profile, email, basic …): those are built-in,
 * never deleted, but can be declared and changed. Keycloak 26.7 detaches a deleted scope from
 * clients and the realm lists itself.
 * Read: the partial export (one request, mappers included).
 */
import { KeycloakError } from '../client/index.js';
import type { ClientScopeRepresentation } from '../representations/index.js';
import { address, defineKind, type KindContext, liveId } from './kind.js';
import {
  DEFAULT_PROTOCOL,
  FRESH_REALM_CLIENT_SCOPES,
  findClientScopeId,
  forgetClientScopeIds,
  originOf,
} from './shared/clients/clients.js';
import {
  IGNORED_MAPPER_FIELDS,
  mapperPayload,
  mapperValue,
  readMapperTypes,
  stringMap,
  syncMappers,
  unknownMapperTypes,
} from './shared/clients/protocol-mappers.js';
import { readExportWithoutGroupsAndRoles, withoutKeys } from './shared/server/reads.js';

/** A client scope as compared: everything but its id; mappers without theirs. */
type ScopeValue = Omit<ClientScopeRepresentation, 'id'>;

export const clientScopeKind = defineKind<
  ScopeValue,
  readonly [name: string],
  unknown,
  Awaited<ReturnType<typeof readMapperTypes>>
>({
  kind: 'client-scope',
  dependsOn: ['realm'],
  describe: 'scope name',
  keyedArrays: { protocolMappers: 'name' },
  ignored: IGNORED_MAPPER_FIELDS,
  desired(manifest) {
    return manifest.representation.clientScopes?.map((scope, index) => ({
      key: [scope.name ?? ''],
      value: scopeValue(scope),
      origin: originOf(manifest, 'clientScopes', index),
    }));
  },
  async read(ctx) {
    const exported = await readExportWithoutGroupsAndRoles(ctx);
    const declared = new Map(
      (ctx.manifest.representation.clientScopes ?? []).map((scope) => [scope.name ?? '', scope]),
    );
    return Promise.all(
      (exported.clientScopes ?? []).map(async (scope) => {
        const wanted = declared.get(scope.name ?? '');
        const mappers =
          wanted && scope.id && hidesDeclaredConfig(scope, wanted)
            ? await ctx.admin.getMappersFromClientScope(scope.id)
            : (scope.protocolMappers ?? []);
        return {
          key: [scope.name ?? ''],
          value: { ...scopeValue(scope), protocolMappers: mappers.map(mapperValue) },
          id: scope.id,
          builtIn: FRESH_REALM_CLIENT_SCOPES.has(scope.name ?? ''),
        };
      }),
    );
  },
  // Mapper types the server provides (only when a declared scope has mappers).
  readFacts: (ctx) => readMapperTypes(ctx, ctx.manifest.representation.clientScopes),
  diagnose(desired, live, facts) {
    return desired.flatMap((object) => {
      const current = live.find((candidate) => candidate.key[0] === object.key[0]);
      const protocol = object.value.protocol ?? current?.value.protocol ?? DEFAULT_PROTOCOL;
      return unknownMapperTypes(address('client-scope', object.key), object, protocol, facts);
    });
  },
  async create(ctx, desired) {
    const scope = desired.value;
    // The realm's own scopes exist as soon as the realm does (also when it is new in this plan).
    const name = scope.name ?? '';
    const existing = FRESH_REALM_CLIENT_SCOPES.has(name) ? await findClientScopeId(ctx, name) : undefined;
    if (existing) {
      await putSettings(ctx, existing, scope);
      if (scope.protocolMappers) await syncScopeMappers(ctx, existing, scope);
      return;
    }
    const protocol = scope.protocol ?? DEFAULT_PROTOCOL;
    // Keycloak answers 400 "Unexpected protocol" to a scope without one.
    const payload: ClientScopeRepresentation = { ...settingsPayload(scope), protocol };
    if (scope.protocolMappers) {
      payload.protocolMappers = scope.protocolMappers.map((mapper) => mapperPayload(mapper, protocol));
    }
    await ctx.admin.createClientScope(payload);
    forgetClientScopeIds(ctx);
  },
  async update(ctx, desired, live, changedPaths) {
    const scope = desired.value;
    const id = liveId('client-scope', live);
    const mappers = (path: string) => path === 'protocolMappers' || path.startsWith('protocolMappers[');
    if (changedPaths.some((path) => !mappers(path))) await putSettings(ctx, id, scope);
    if (changedPaths.some(mappers)) {
      await syncScopeMappers(ctx, id, {
        ...scope,
        protocol: scope.protocol ?? live.value.protocol,
      });
    }
  },
  async delete(ctx, live) {
    try {
      await ctx.admin.deleteClientScope(liveId('client-scope', live));
    } catch (error) {
      if (error instanceof KeycloakError && error.serverMessage?.includes('delete all the client scopes')) {
        throw new Error(
          `Keycloak keeps at least one client scope in a realm (403 on the last one): declare one in clientScopes (${error.message})`,
        );
      }
      throw error;
    }
    forgetClientScopeIds(ctx);
  },
});

/**
 * The partial export (like `GET /client-scopes`) leaves some stored mapper config out (26.7:
 * `userinfo.token.claim` of built-in mappers such as `groups` or `auth_time`), which the
 * scope's own mapper listing has. When a declared mapper names a config key the export lacks,
 * that scope's mappers are read from there (one request, only then).
 */
function hidesDeclaredConfig(live: ClientScopeRepresentation, declared: ClientScopeRepresentation): boolean {
  const liveByName = new Map((live.protocolMappers ?? []).map((mapper) => [mapper.name, mapper]));
  return (declared.protocolMappers ?? []).some((mapper) => {
    const current = liveByName.get(mapper.name);
    return (
      current !== undefined &&
      Object.keys(mapper.config ?? {}).some((key) => !(key in (current.config ?? {})))
    );
  });
}

function scopeValue(scope: ClientScopeRepresentation): ScopeValue {
  const value = withoutKeys(scope, ['id']);
  if (scope.protocolMappers) value.protocolMappers = scope.protocolMappers.map(mapperValue);
  return value;
}

function settingsPayload(scope: ClientScopeRepresentation): ClientScopeRepresentation {
  const payload = withoutKeys(scope, ['id', 'protocolMappers']);
  const attributes = stringMap(scope.attributes);
  if (attributes) payload.attributes = attributes;
  return payload;
}

/** Read-modify-write; attributes merge key by key (undeclared keys are "don't care"). */
async function putSettings(ctx: KindContext, id: string, scope: ClientScopeRepresentation): Promise<void> {
  const current = await ctx.admin.getClientScope(id);
  const next: ClientScopeRepresentation = {
    ...withoutKeys(current, ['protocolMappers']),
    ...settingsPayload(scope),
    id,
    attributes: { ...current.attributes, ...stringMap(scope.attributes) },
  };
  await ctx.admin.updateClientScope(id, next);
}

function syncScopeMappers(ctx: KindContext, id: string, scope: ClientScopeRepresentation): Promise<void> {
  return syncMappers(
    scope.protocolMappers ?? [],
    {
      list: () => ctx.admin.getMappersFromClientScope(id),
      add: (mapper) => ctx.admin.addMapperToClientScope(id, mapper),
      update: (mapperId, mapper) => ctx.admin.updateMapperInClientScope(id, mapperId, mapper),
      remove: (mapperId) => ctx.admin.deleteMapperFromClientScope(id, mapperId),
    },
    scope.protocol ?? DEFAULT_PROTOCOL,
  );
}
