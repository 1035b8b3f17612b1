/**
 * Identity providers (`identityProviders[]`, key alias): OIDC, SAML and social providers, every
 * setting and the declared `config` keys (undeclared keys are left alone). Mappers are the
 * identity-provider-mapper kind's; users' links to providers are not managed.
 *
 * - `config.clientSecret` is sensitive and compared only as "set or not" (Keycloak shows the
 *   mask): set on create, written again only when the server has none or when the run rotates
 *   secrets (`ctx.options.rotateSecrets`). See IDP_SECRET_PATHS.
 * - The alias is the key (Keycloak refuses to change it); `providerId` cannot change in place
 *   (a PUT answers 204 and keeps the old one): a change replaces the provider, carrying its
 *   mappers over.
 * - Flows are named by alias and checked as references to `auth-flow` (built-in flows excepted).
 * - Providers that belong to an organization are not deleted when left out (organizations own
 *   them), unless the manifest's organizations let go of them: their organization is left out
 *   of a declared `organizations` (deleted), or declares `identityProviders` without them.
 * Read: `/identity-provider/instances`, one request per 100 providers.
 */
import { randomBytes } from 'node:crypto';
import type {
  IdentityProviderMapperRepresentation,
  IdentityProviderRepresentation,
} from '../client/types/index.js';
import type { PlanDiagnostic } from '../core/diagnostics.js';
import { FailedWithWrites, WriteJournal } from '../core/undo.js';
import {
  address,
  type DesiredObject,
  defineKind,
  type KindContext,
  type LiveObject,
  type ManifestView,
  type Reference,
} from './kind.js';
import {
  declaredConfig,
  IDP_SECRET_PATHS,
  isVaultReference,
  locationOf,
  mergeConfig,
  originOf,
  ROTATE_MARK,
  readLiveProviders,
  rotateSecretsRequested,
  SECRET_MASK,
  withoutNulls,
} from './shared/federation/identity-providers.js';
import {
  declaredOrganizations,
  liveOrganizations,
  organizationKey,
} from './shared/federation/organizations.js';
import { BUILT_IN_FLOWS } from './shared/flows/flows.js';
import { withoutKeys } from './shared/server/reads.js';
import {
  identityProviderTypes,
  readServerInfo,
  serverHas,
  serverName,
  unknownNameHint,
} from './shared/server/server-info.js';

/** Server-made: never compared, never sent from a manifest. */
const SERVER_FIELDS = ['internalId', 'types'] as const;
/** Declared but not applied by these endpoints: each is a plan warning. */
const IGNORED_FIELDS: Readonly<Record<string, string>> = {
  updateProfileFirstLoginMode:
    'Keycloak 26 accepts and drops `updateProfileFirstLoginMode` (profile review is configured in the first broker login flow); it is ignored',
  organizationId:
    "an identity provider joins an organization through the organization's `identityProviders` (by alias); `organizationId` (an id) is ignored",
};
/** Keycloak leaves these out when false. */
const FLAGS = [
  'trustEmail',
  'storeToken',
  'addReadTokenRoleOnCreate',
  'authenticateByDefault',
  'linkOnly',
  'hideOnLogin',
] as const;
const FLOW_FIELDS = ['firstBrokerLoginFlowAlias', 'postBrokerLoginFlowAlias'] as const;
/** Top-level text fields where "" means "unset" (Keycloak keeps no empty value). */
const CLEARABLE = ['displayName', ...FLOW_FIELDS] as const;
const SECRET_PATH = 'config.clientSecret';

/** The declared secret, kept off the compared value (a symbol: invisible to compare and JSON). */
const SECRET = Symbol('identity provider secret');
/** Declared fields that are not applied, for `diagnose`. */
const IGNORED = Symbol('ignored fields');

type Clearable = (typeof CLEARABLE)[number];

/** A provider as compared: no server fields; "" in a clearable field is null (unset). */
type IdpValue = Omit<
  IdentityProviderRepresentation,
  (typeof SERVER_FIELDS)[number] | 'organizationId' | 'config' | Clearable
> &
  Partial<Record<Clearable, string | null>> & {
    config?: Record<string, string | null>;
    [SECRET]?: string;
    [IGNORED]?: string[];
  };
type IdpKey = readonly [alias: string];

interface IdpState {
  organizationId: string | undefined;
  /** The alias of that organization (when it has one). */
  organizationAlias: string | undefined;
}

/** Mappers of providers deleted in this apply, re-added when the same alias is created (a replace). */
const carried = new WeakMap<object, Map<string, IdentityProviderMapperRepresentation[]>>();

export const identityProviderKind = defineKind<IdpValue, IdpKey, IdpState, IdpFacts>({
  kind: 'identity-provider',
  dependsOn: ['realm'],
  describe: 'alias',
  sensitive: IDP_SECRET_PATHS,
  replaceOn: ['providerId'],
  parallel: true,
  // What the provider can be used for: Keycloak (26.7's export) derives it from the provider type.
  computed: ['types'],
  desired(manifest) {
    return manifest.representation.identityProviders?.map((idp, index) => ({
      key: [idp.alias ?? ''],
      value: desiredValue(idp),
      origin: originOf(manifest, 'identityProviders', index),
    }));
  },
  authoritative: (manifest) => (live) => {
    const { state } = live;
    return !state?.organizationId || releasedByOrganizations(manifest, state, live.key[0]);
  },
  async read(ctx) {
    const rotate = rotateSecretsRequested(ctx);
    const providers = await readLiveProviders(ctx);
    // Organization aliases only when a provider belongs to one (one listing, memoized).
    const orgAliases = providers.some((idp) => idp.organizationId)
      ? new Map((await liveOrganizations(ctx)).organizations.map((org) => [org.id, organizationKey(org)]))
      : new Map<string | undefined, string>();
    return providers.map((idp) => ({
      key: [idp.alias ?? ''],
      value: liveValue(idp, rotate),
      id: idp.internalId,
      state: {
        organizationId: idp.organizationId,
        organizationAlias: orgAliases.get(idp.organizationId),
      },
    }));
  },
  // Server info (not realm-specific): the provider types the server has.
  async readFacts(ctx): Promise<IdpFacts> {
    const info = await readServerInfo(ctx);
    const types = identityProviderTypes(info);
    return types ? { providerTypes: { server: serverName(info), ids: types } } : {};
  },
  diagnose(desired, live, facts) {
    return desired.flatMap((object) => diagnostics(object, live, facts));
  },
  references(desired) {
    const refs: Reference[] = [];
    for (const field of FLOW_FIELDS) {
      const alias = desired.value[field];
      if (typeof alias === 'string' && alias && !BUILT_IN_FLOWS.has(alias)) {
        refs.push({ kind: 'auth-flow', key: [alias], path: field });
      }
    }
    return refs;
  },
  async create(ctx, desired) {
    const [alias] = desired.key;
    await createProvider(ctx, desired.value, alias);
    const mappers = carried.get(ctx)?.get(alias);
    carried.get(ctx)?.delete(alias);
    for (const mapper of mappers ?? []) {
      await ctx.admin.addMapperToIdp(alias, withoutKeys(mapper, ['id']));
    }
  },
  async replace(ctx, desired) {
    await replaceProvider(ctx, desired);
  },
  async update(ctx, desired, _live, changedPaths) {
    const [alias] = desired.key;
    // Read-modify-write: a PUT resets what it leaves out (a config without `clientSecret` drops
    // the secret; sending back the mask keeps it).
    const current = await ctx.admin.getIdp(alias);
    const next = { ...withoutKeys(current, ['types']), ...settings(desired.value), alias };
    const declared = { ...configOf(desired.value) };
    if (desired.value[SECRET] !== undefined) delete declared.clientSecret;
    const config = mergeConfig(current.config, declared);
    const secret = desired.value[SECRET];
    if (secret !== undefined && changedPaths.includes(SECRET_PATH)) config.clientSecret = secret;
    await ctx.admin.updateIdp(alias, await legacyHideOnLogin(ctx, withoutNulls({ ...next, config })));
  },
  async delete(ctx, live) {
    const [alias] = live.key;
    // Kept for a create of the same alias later in this apply (a replace): Keycloak deletes a
    // provider's mappers with it.
    const mappers = await ctx.admin.getIdpMappers(alias);
    const byAlias = carried.get(ctx) ?? new Map<string, IdentityProviderMapperRepresentation[]>();
    byAlias.set(alias, mappers);
    carried.set(ctx, byAlias);
    await ctx.admin.deleteIdp(alias);
  },
});

async function createProvider(ctx: KindContext, value: IdpValue, alias: string): Promise<void> {
  const payload = withoutNulls(settings(value));
  const config = mergeConfig(undefined, configOf(value));
  const secret = value[SECRET];
  if (secret !== undefined) config.clientSecret = secret;
  await ctx.admin.createIdp(await legacyHideOnLogin(ctx, { ...payload, alias, config }));
}

/**
 * A providerId change without loss. The alias cannot change, so two providers of one alias
 * cannot exist at once: a trial copy under a temporary alias is created and deleted first (a
 * providerId or config Keycloak refuses fails there, before anything is deleted). Then the
 * provider and its mappers are captured, the provider deleted and created again with the
 * mappers; if that fails, the captured provider and mappers are restored.
 */
async function replaceProvider(ctx: KindContext, desired: DesiredObject<IdpValue, IdpKey>): Promise<void> {
  const [alias] = desired.key;
  const trial = `${alias}-realmform-trial-${randomBytes(4).toString('hex')}`;
  await createProvider(ctx, desired.value, trial);
  try {
    await ctx.admin.deleteIdp(trial);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FailedWithWrites(
      `the trial copy "${trial}" of identity provider "${alias}" could not be deleted (${reason}); delete it by hand. "${alias}" is unchanged`,
      [`created identity provider "${trial}" (a trial copy)`],
      false,
      { cause: error },
    );
  }
  const before = await ctx.admin.getIdp(alias);
  const mappers = await ctx.admin.getIdpMappers(alias);
  const journal = new WriteJournal();
  try {
    await ctx.admin.deleteIdp(alias);
    const secretLost = before.config?.clientSecret === SECRET_MASK;
    journal.wrote(`deleted identity provider "${alias}" and its ${mappers.length} mapper(s)`, {
      description: `restored identity provider "${alias}" and its ${mappers.length} mapper(s)${secretLost ? ' (its client secret could not be restored: Keycloak never shows it; set it again)' : ''}`,
      run: () => restoreProvider(ctx, before, mappers),
    });
    await createProvider(ctx, desired.value, alias);
    journal.wrote(`created identity provider "${alias}" (${String(desired.value.providerId)})`, {
      description: `deleted the new identity provider "${alias}"`,
      run: () => ctx.admin.deleteIdp(alias),
    });
    for (const mapper of mappers) {
      await ctx.admin.addMapperToIdp(alias, withoutKeys(mapper, ['id']));
      journal.wrote(`added mapper "${mapper.name}" to identity provider "${alias}"`);
    }
  } catch (error) {
    throw await journal.rollBack(error);
  }
}

/** Creates a captured provider again, as it was read (a masked secret left out), with its mappers. */
async function restoreProvider(
  ctx: KindContext,
  before: IdentityProviderRepresentation,
  mappers: readonly IdentityProviderMapperRepresentation[],
): Promise<void> {
  const config = { ...before.config };
  if (config.clientSecret === SECRET_MASK) delete config.clientSecret;
  await ctx.admin.createIdp({ ...withoutKeys(before, ['internalId', 'types']), config });
  for (const mapper of mappers)
    await ctx.admin.addMapperToIdp(before.alias as string, withoutKeys(mapper, ['id']));
}

function desiredValue(idp: IdentityProviderRepresentation): IdpValue {
  // IGNORED_FIELDS is keyed by plain strings: the type cannot follow which fields go.
  const value: IdpValue = withoutKeys(idp, [...SERVER_FIELDS, ...Object.keys(IGNORED_FIELDS)]);
  const ignored = Object.keys(IGNORED_FIELDS).filter(
    (field) => idp[field as keyof IdentityProviderRepresentation] !== undefined,
  );
  if (ignored.length > 0) value[IGNORED] = ignored;
  for (const field of CLEARABLE) if (value[field] === '') value[field] = null;
  const config = declaredConfig(idp.config);
  if (!config) return value;
  // Keycloak 26 moves the legacy `config.hideOnLoginPage` to `hideOnLogin`.
  if ('hideOnLoginPage' in config) {
    if (value.hideOnLogin === undefined && config.hideOnLoginPage !== null) {
      value.hideOnLogin = config.hideOnLoginPage === 'true';
    }
    delete config.hideOnLoginPage;
  }
  const secret = config.clientSecret;
  if (secret === SECRET_MASK) {
    // Copied from an export: says nothing about the secret.
    delete config.clientSecret;
  } else if (typeof secret === 'string' && !isVaultReference(secret)) {
    value[SECRET] = secret;
    config.clientSecret = SECRET_MASK;
  }
  value.config = config;
  return value;
}

/** Keycloak 24 and 25 have no top-level `hideOnLogin` (400): the same setting goes into the config. */
async function legacyHideOnLogin(
  ctx: KindContext,
  idp: IdentityProviderRepresentation,
): Promise<IdentityProviderRepresentation> {
  if (idp.hideOnLogin === undefined || (await serverHas(ctx, 'identityProviderHideOnLogin'))) return idp;
  const { hideOnLogin, ...rest } = idp;
  return { ...rest, config: { ...rest.config, hideOnLoginPage: String(hideOnLogin) } };
}

function liveValue(idp: IdentityProviderRepresentation, rotate: boolean): IdpValue {
  const value: IdpValue = withoutKeys(idp, [...SERVER_FIELDS, 'organizationId']);
  for (const flag of FLAGS) value[flag] = idp[flag] ?? false;
  const config: Record<string, string> = { ...idp.config };
  // Keycloak 24 and 25 keep it in the config (see legacyHideOnLogin).
  if ('hideOnLoginPage' in config) {
    value.hideOnLogin = config.hideOnLoginPage === 'true';
    delete config.hideOnLoginPage;
  }
  if (rotate && config.clientSecret === SECRET_MASK) config.clientSecret = ROTATE_MARK;
  value.config = config;
  return value;
}

function configOf(value: IdpValue): Record<string, string | null> {
  return value.config ?? {};
}

/** The declared top-level settings (no config, no alias). */
function settings(value: IdpValue): Omit<IdpValue, 'config' | 'alias'> {
  return withoutKeys(value, ['config', 'alias']);
}

interface IdpFacts {
  /** Identity provider types the server (`Keycloak 26.0.8`) has; absent when it lists none. */
  providerTypes?: { server: string; ids: string[] };
}

function diagnostics(
  object: DesiredObject<IdpValue, IdpKey>,
  live: readonly LiveObject<IdpValue, IdpKey>[],
  facts: IdpFacts | undefined,
): PlanDiagnostic[] {
  const addr = address('identity-provider', object.key);
  const current = live.find((candidate) => candidate.key[0] === object.key[0]);
  const out: PlanDiagnostic[] = [];
  const error = (summary: string, inner?: string) =>
    out.push({ severity: 'error', summary, address: addr, ...locationOf(object, inner) });
  if (!object.key[0]) error(`${object.origin.path}: an identity provider needs an alias`, 'alias');
  if (!object.value.providerId && !current) {
    error(`${addr} needs a providerId (oidc, keycloak-oidc, saml, github …) to be created`, 'providerId');
  }
  const providerId = object.value.providerId;
  const types = facts?.providerTypes;
  if (typeof providerId === 'string' && types && !types.ids.includes(providerId)) {
    error(
      `${addr}: providerId "${providerId}" is not an identity provider type ${types.server} has (it has: ${unknownNameHint(types.ids)})`,
      'providerId',
    );
  }
  for (const field of object.value[IGNORED] ?? []) {
    out.push({
      severity: 'warning',
      summary: `${addr}: ${IGNORED_FIELDS[field]}`,
      address: addr,
      ...locationOf(object, field),
    });
  }
  const before = current?.value.providerId;
  if (before !== undefined && object.value.providerId !== undefined && before !== object.value.providerId) {
    out.push({
      severity: 'warning',
      summary: `${addr}: providerId cannot change in place (${String(before)} → ${String(object.value.providerId)}): the provider is deleted and created again, which removes its users' links to it (its mappers are carried over)`,
      address: addr,
      ...locationOf(object, 'providerId'),
    });
  }
  return out;
}

/**
 * Whether the manifest's organizations unlink a provider that belongs to one: its organization
 * is left out of a declared `organizations` (deleted), or declares `identityProviders` without it.
 */
function releasedByOrganizations(manifest: ManifestView, state: IdpState, alias: string): boolean {
  const declared = declaredOrganizations(manifest);
  if (!declared || state.organizationAlias === undefined) return false;
  const org = declared.find((candidate) => candidate.key === state.organizationAlias);
  if (!org) return true;
  const linked = org.entry.identityProviders;
  return linked !== undefined && !linked.some((idp) => idp.alias === alias);
}
