/**
 * Identity provider mappers (`identityProviderMappers[]`, key [provider alias, mapper name]):
 * type and declared `config` keys (undeclared keys are left alone). Keycloak keeps names unique
 * per provider and changes a mapper's name and type in place.
 *
 * Ownership: a declared `identityProviderMappers` collection is authoritative for the providers
 * the manifest names, in `identityProviders` or in the mappers themselves: their undeclared
 * mappers are deleted (so `identityProviderMappers: []` next to a declared provider removes its
 * mappers, as keycloak-config-cli does); mappers of providers the manifest never names are kept.
 *
 * Writes find the mapper by name at write time (one list request): the provider may have been
 * replaced earlier in the same apply, which gives its mappers new ids.
 * Read: the partial export (shared; no request of its own). Plan-time facts: the providers
 * (`/identity-provider/instances`, shared with the identity-provider kind) and the mapper types
 * of each declared provider that exists (one request per such provider), since Keycloak accepts
 * a mapper of any type, also one that never runs.
 */
import type { PlanDiagnostic } from '../core/diagnostics.js';
import type { IdentityProviderMapperRepresentation } from '../representations/index.js';
import { address, type DesiredObject, defineKind, type KindContext, type LiveObject } from './kind.js';
import {
  declaredConfig,
  declaredIdpAliases,
  locationOf,
  mergeConfig,
  originOf,
  readLiveMappers,
  readLiveProviders,
} from './shared/federation/identity-providers.js';
import { readPartialExport } from './shared/server/reads.js';

type Mapper = IdentityProviderMapperRepresentation;
/** A mapper as compared: no id; a config value declared empty or null is null (removed). */
type MapperValue = Omit<Mapper, 'id' | 'config'> & { config?: Record<string, string | null> };
type MapperKey = readonly [alias: string, name: string];

interface MapperFacts {
  /** Mapper type ids each existing, declared provider accepts, by alias. */
  types: Record<string, string[]>;
  /**
   * Every role a mapper's `config.role` may name once the plan is applied: realm roles by name,
   * client roles as `clientId.role` (live and declared). Absent when no mapper names a role.
   */
  roles?: string[];
}

export const identityProviderMapperKind = defineKind<
  MapperValue,
  MapperKey,
  unknown,
  MapperFacts | undefined
>({
  kind: 'identity-provider-mapper',
  dependsOn: ['identity-provider'],
  describe: 'identity provider alias, mapper name',
  parallel: true,
  desired(manifest) {
    return manifest.representation.identityProviderMappers?.map((mapper, index) => ({
      key: [mapper.identityProviderAlias ?? '', mapper.name ?? ''],
      value: mapperValue(mapper, declaredConfig(mapper.config)),
      origin: originOf(manifest, 'identityProviderMappers', index),
    }));
  },
  authoritative(manifest) {
    const named = declaredIdpAliases(manifest);
    for (const mapper of manifest.representation.identityProviderMappers ?? []) {
      named.add(mapper.identityProviderAlias ?? '');
    }
    return (live) => named.has(live.key[0]);
  },
  async read(ctx) {
    const mappers = await readLiveMappers(ctx);
    return mappers.map((mapper) => ({
      key: [mapper.identityProviderAlias ?? '', mapper.name ?? ''] as const,
      value: mapperValue(mapper, mapper.config),
      id: mapper.id,
    }));
  },
  async readFacts(ctx, situation): Promise<MapperFacts | undefined> {
    if (!situation.realmExists) return undefined;
    const declaredMappers = ctx.manifest.representation.identityProviderMappers ?? [];
    const namesRole = declaredMappers.some(
      (mapper) => typeof mapper.config?.role === 'string' && mapper.config.role,
    );
    const providers = await readLiveProviders(ctx);
    const live = new Map(providers.map((idp) => [idp.alias ?? '', idp.providerId]));
    // A provider whose providerId changes is replaced: its current types say nothing.
    const replaced = new Set(
      (ctx.manifest.representation.identityProviders ?? [])
        .filter((idp) => idp.providerId !== undefined && idp.providerId !== live.get(idp.alias ?? ''))
        .map((idp) => idp.alias ?? ''),
    );
    const aliases = new Set(
      (ctx.manifest.representation.identityProviderMappers ?? [])
        .map((mapper) => mapper.identityProviderAlias ?? '')
        .filter((alias) => live.has(alias) && !replaced.has(alias)),
    );
    const entries = await Promise.all(
      [...aliases].map(
        async (alias) => [alias, Object.keys(await ctx.admin.getIdpMapperTypes(alias))] as const,
      ),
    );
    const types = Object.fromEntries(entries);
    return namesRole ? { types, roles: await knownRoles(ctx) } : { types };
  },
  diagnose(desired, live, facts) {
    return desired.flatMap((object) => diagnostics(object, live, facts));
  },
  references(desired) {
    const refs = [{ kind: 'identity-provider', key: [desired.key[0]], path: 'identityProviderAlias' }];
    // Group importers name a group by path; roles (`role`) are left out: `a.b.c` is ambiguous.
    const group = desired.value.config?.group;
    if (typeof group === 'string' && group) {
      refs.push({ kind: 'group', key: [group.startsWith('/') ? group : `/${group}`], path: 'config.group' });
    }
    return refs;
  },
  async create(ctx, desired) {
    const [alias, name] = desired.key;
    await ctx.admin.addMapperToIdp(alias, payload(undefined, desired.value, name));
  },
  async update(ctx, desired) {
    const [alias, name] = desired.key;
    const current = (await ctx.admin.getIdpMappers(alias)).find((mapper) => mapper.name === name);
    if (!current?.id) {
      await ctx.admin.addMapperToIdp(alias, payload(undefined, desired.value, name));
      return;
    }
    await ctx.admin.updateMapperInIdp(alias, current.id, payload(current, desired.value, name));
  },
  async delete(ctx, live) {
    const [alias, name] = live.key;
    const current = (await ctx.admin.getIdpMappers(alias)).find((mapper) => mapper.name === name);
    // Gone already when its provider was deleted.
    if (current?.id) await ctx.admin.deleteMapperFromIdp(alias, current.id);
  },
});

function mapperValue(mapper: Mapper, config: Record<string, string | null> | undefined): MapperValue {
  const { id: _id, ...value } = mapper;
  return config ? { ...value, config } : value;
}

/** Read-modify-write: the current mapper with the declared fields over it (config by key). */
function payload(current: Mapper | undefined, value: MapperValue, name: string): Mapper {
  const { config, ...rest } = value;
  return { ...current, ...rest, name, config: mergeConfig(current?.config, config) };
}

function diagnostics(
  object: DesiredObject<MapperValue, MapperKey>,
  live: readonly LiveObject<MapperValue, MapperKey>[],
  facts: MapperFacts | undefined,
): PlanDiagnostic[] {
  const addr = address('identity-provider-mapper', object.key);
  const [alias, name] = object.key;
  const out: PlanDiagnostic[] = [];
  const error = (summary: string, inner: string) =>
    out.push({ severity: 'error', summary, address: addr, ...locationOf(object, inner) });
  if (!alias)
    error(`${object.origin.path}: a mapper needs an identityProviderAlias`, 'identityProviderAlias');
  if (!name) error(`${object.origin.path}: a mapper needs a name`, 'name');
  const type = object.value.identityProviderMapper;
  const exists = live.some((candidate) => candidate.key[0] === alias && candidate.key[1] === name);
  if (!type && !exists) {
    error(`${addr} needs an identityProviderMapper (its type) to be created`, 'identityProviderMapper');
  }
  const known = alias ? facts?.types[alias] : undefined;
  if (type && known && !known.includes(type)) {
    error(
      `${addr}: identity provider "${alias}" has no mapper type "${type}" (Keycloak would store the mapper and never run it)`,
      'identityProviderMapper',
    );
  }
  const role = object.value.config?.role;
  if (typeof role === 'string' && role && facts?.roles && !facts.roles.includes(role)) {
    error(
      `${addr}: config.role "${role}" names no realm role and no client role (\`clientId.role\`) of this realm or the manifest`,
      'config.role',
    );
  }
  return out;
}

/** Realm roles by name and client roles as `clientId.role`, live (partial export) and declared. */
async function knownRoles(ctx: KindContext): Promise<string[]> {
  const exported = await readPartialExport(ctx);
  const manifest = ctx.manifest.representation;
  const names = new Set<string>();
  for (const roles of [exported.roles?.realm, manifest.roles?.realm])
    for (const role of roles ?? []) if (role.name) names.add(role.name);
  for (const clients of [exported.roles?.client, manifest.roles?.client])
    for (const [clientId, roles] of Object.entries(clients ?? {}))
      for (const role of roles ?? []) if (role.name) names.add(`${clientId}.${role.name}`);
  return [...names].sort();
}
