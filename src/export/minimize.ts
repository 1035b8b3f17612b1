/**
 * The pure half of `realmform export`: turns Keycloak's partial export of a realm into a minimal
 * manifest by removing ids and every value equal to what the same server gives a fresh realm
 * (built-ins left untouched are dropped whole) or a freshly created object of the same kind.
 * No I/O: the baseline is read by export-realm.ts from a scratch realm on the same server.
 */

import { isRealmLockObject } from '../lock/realm-lock.js';
import { EXPORT_COLLECTIONS } from '../model/realm-fields.js';
import { isOwnedStateAttribute } from '../ownership/owned-state.js';

export type Json = unknown;
export type Obj = Record<string, unknown>;

/** Server-assigned fields that never belong in a manifest. */
const SERVER_FIELDS = new Set([
  'id',
  '_id',
  'containerId',
  'internalId',
  'createdTimestamp',
  'keycloakVersion',
  'autheticatorFlow',
  'access',
  'disableableCredentialTypes',
  'totp',
  'notBefore',
  'parentId',
  // Cluster nodes that registered with a client, and when: runtime state.
  'registeredNodes',
  // The realm's fine-grained admin permissions client, as a reference (the client is exported).
  'adminPermissionsClient',
]);

/**
 * Attributes Keycloak writes by itself (bookkeeping, not configuration): when a client secret was
 * generated or rotated, and the rotated-out secret itself. A manifest that carried them would
 * pin a timestamp, and a clone would copy another realm's history.
 */
const SERVER_ATTRIBUTES = new Set([
  'client.secret.creation.time',
  'client.secret.expiration.time',
  'client.secret.rotated',
  'client.secret.rotated.creation.time',
  'client.secret.rotated.expiration.time',
]);

/**
 * Fields equal to what Keycloak assumes when they are absent, in objects that are not compared
 * with a fresh object of their kind (mappers, flows and their executions, configs …): writing
 * them adds nothing. `description: ""` anywhere is the same as no description.
 */
const ABSENT_DEFAULTS: Readonly<Record<string, unknown>> = {
  consentRequired: false,
  consentText: '',
  description: '',
  userSetupAllowed: false,
};

/** String lists whose order means nothing: sorted so output and comparison are stable. */
const SET_FIELDS = new Set([
  'redirectUris',
  'webOrigins',
  'defaultClientScopes',
  'optionalClientScopes',
  'realmRoles',
  'groups',
  'defaultDefaultClientScopes',
  'defaultOptionalClientScopes',
  'defaultGroups',
  'eventsListeners',
  'enabledEventTypes',
  'supportedLocales',
  'roles',
]);

/** Plain maps compared key by key (only differing keys are written). */
const MAP_FIELDS = new Set(['attributes', 'config', 'browserSecurityHeaders', 'smtpServer']);

export function isPlainObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

/**
 * Removes server ids and read-only fields everywhere, maps flow ids in client overrides to
 * aliases, and sorts set-like string lists.
 */
export function normalizeExport(exported: Obj): Obj {
  const flowAliases = new Map<string, string>();
  for (const flow of (exported.authenticationFlows as Obj[] | undefined) ?? [])
    if (typeof flow.id === 'string' && typeof flow.alias === 'string') flowAliases.set(flow.id, flow.alias);
  const clean = (value: unknown, key?: string, parentKey?: string): unknown => {
    if (Array.isArray(value)) {
      const items = value.map((item) => clean(item));
      const sortable =
        items.every((item) => typeof item === 'string') &&
        (SET_FIELDS.has(key ?? '') || parentKey === 'clientRoles' || parentKey === 'client');
      return sortable ? [...(items as string[])].sort() : items;
    }
    if (!isPlainObject(value)) return value;
    const out: Obj = {};
    for (const [field, inner] of Object.entries(value)) {
      if (SERVER_FIELDS.has(field) && !(key === 'config' || key === 'attributes')) continue;
      if (field === 'authenticationFlowBindingOverrides' && isPlainObject(inner)) {
        const overrides: Obj = {};
        for (const [binding, flowId] of Object.entries(inner))
          overrides[binding] = typeof flowId === 'string' ? (flowAliases.get(flowId) ?? flowId) : flowId;
        out[field] = overrides;
        continue;
      }
      out[field] = clean(inner, field, key);
    }
    return out;
  };
  return clean(exported) as Obj;
}

/** Replaces every occurrence of `from` in strings and keys (used to align the scratch realm). */
export function replaceEverywhere<T>(value: T, from: string, to: string): T {
  if (!from || from === to) return value;
  return JSON.parse(JSON.stringify(value).split(from).join(to)) as T;
}

/** Rewrites realm-name-dependent values for a clone: `default-roles-a`, `/realms/a/`. */
export function renameRealm(manifest: Obj, from: string, to: string): Obj {
  if (from === to) return manifest;
  const rename = (text: string): string =>
    text
      .split(`default-roles-${from}`)
      .join(`default-roles-${to}`)
      .split(`/realms/${from}/`)
      .join(`/realms/${to}/`);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return rename(value);
    if (Array.isArray(value)) return value.map(walk);
    if (!isPlainObject(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [rename(key), walk(inner)]));
  };
  const renamed = walk(manifest) as Obj;
  renamed.realm = to;
  return renamed;
}

/**
 * The fields of `live` that differ from `base`; `keep` fields are always written. Maps
 * (attributes, config …) are compared key by key; anything else whole. Empty maps are dropped
 * (`{}` equals absent).
 */
export function diffObject(live: Obj, base: Obj | undefined, keep: readonly string[] = []): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(live)) {
    if (keep.includes(key)) {
      out[key] = value;
      continue;
    }
    const baseValue = base?.[key];
    if (base !== undefined && deepEqual(value, baseValue)) continue;
    if (MAP_FIELDS.has(key) && isPlainObject(value)) {
      const inner = diffObject(value, isPlainObject(baseValue) ? baseValue : base ? {} : undefined);
      if (Object.keys(inner).length > 0) out[key] = inner;
      continue;
    }
    if (isPlainObject(value) && Object.keys(value).length === 0) continue;
    out[key] = value;
  }
  return out;
}

/** Fresh-object defaults of each kind, read from objects created in the scratch realm. */
export interface FreshDefaults {
  client?: Obj;
  clientScope?: Obj;
  realmRole?: Obj;
  clientRole?: Obj;
  group?: Obj;
  identityProvider?: Obj;
  user?: Obj;
}

/**
 * A keyed list: objects unchanged from the baseline are dropped, changed ones keep their key and
 * the differing fields, new ones keep what differs from a fresh object of the kind.
 */
export function diffList(
  live: readonly Obj[],
  base: readonly Obj[],
  keyOf: (object: Obj) => string,
  keep: readonly string[],
  fresh?: Obj,
  prepare: (object: Obj, isNew: boolean) => Obj = (object) => object,
): Obj[] {
  const baseline = new Map(base.map((object) => [keyOf(object), object]));
  const out: Obj[] = [];
  for (const object of live) {
    const known = baseline.get(keyOf(object));
    const diff = known
      ? diffObject(prepare(object, false), prepare(known, false), keep)
      : diffObject(prepare(object, true), fresh ?? {}, keep);
    if (known && Object.keys(diff).every((key) => keep.includes(key))) continue;
    out.push(diff);
  }
  return out.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

/** `uma_protection`, which Keycloak creates with a client's authorization services. */
function isPlainUmaRole(role: Obj): boolean {
  const { name, composite, clientRole, attributes, ...rest } = role;
  return (
    name === 'uma_protection' &&
    composite !== true &&
    Object.keys(rest).length === 0 &&
    (!isPlainObject(attributes) || Object.keys(attributes).length === 0)
  );
}

const byName = (object: Obj): string => String(object.name ?? '');
const byAlias = (object: Obj): string => String(object.alias ?? '');

function list(value: unknown): Obj[] {
  return Array.isArray(value) ? (value.filter(isPlainObject) as Obj[]) : [];
}

function map(value: unknown): Obj {
  return isPlainObject(value) ? value : {};
}

function sortedByName(objects: Obj[]): Obj[] {
  return [...objects].sort((a, b) => byName(a).localeCompare(byName(b)));
}

function withSortedMappers(object: Obj): Obj {
  return Array.isArray(object.protocolMappers)
    ? { ...object, protocolMappers: sortedByName(list(object.protocolMappers)) }
    : object;
}

function groupDiff(group: Obj, fresh: Obj | undefined): Obj {
  const subGroups = list(group.subGroups).map((sub) => groupDiff(sub, fresh));
  const { subGroups: _, path: __, subGroupCount: ___, ...rest } = group;
  const diff = diffObject(rest, fresh, ['name']);
  if (subGroups.length > 0) diff.subGroups = sortedByName(subGroups);
  return diff;
}

/** Everything a minimal manifest needs from the live export, the scratch export and defaults. */
export interface MinimizeInput {
  /** The live realm's partial export, normalized (normalizeExport). */
  live: Obj;
  /** The scratch realm's partial export, normalized and renamed to the live realm's name. */
  scratch: Obj;
  fresh: FreshDefaults;
  /** Clients of the scratch realm that exist only to learn defaults (left out of comparisons). */
  scratchOnly?: { clients?: string[]; realmRoles?: string[]; clientScopes?: string[]; groups?: string[] };
}

const COLLECTIONS = EXPORT_COLLECTIONS;

/** The minimal manifest (without users, which export-realm.ts adds). */
export function minimize(input: MinimizeInput): Obj {
  const { live, scratch, fresh } = input;
  const skip = input.scratchOnly ?? {};
  const out: Obj = { realm: live.realm };

  // Realm settings: scalars and maps that differ from a fresh realm.
  const settings: Obj = {};
  const scratchSettings: Obj = {};
  for (const [key, value] of Object.entries(live)) if (!COLLECTIONS.has(key)) settings[key] = value;
  for (const [key, value] of Object.entries(scratch)) if (!COLLECTIONS.has(key)) scratchSettings[key] = value;
  // Realm attributes that mirror a top-level field (clientSessionIdleTimeout …) are written once;
  // realmform's own record of what it created is bookkeeping, not configuration.
  for (const object of [settings, scratchSettings])
    if (isPlainObject(object.attributes))
      object.attributes = Object.fromEntries(
        Object.entries(object.attributes).filter(
          ([key]) => !(key in live) && !(key in scratch) && !isOwnedStateAttribute(key),
        ),
      );
  Object.assign(out, diffObject(settings, scratchSettings, ['realm', 'enabled']));

  const put = (key: string, value: unknown): void => {
    if (Array.isArray(value) ? value.length > 0 : isPlainObject(value) && Object.keys(value).length > 0)
      out[key] = value;
  };
  for (const key of ['defaultDefaultClientScopes', 'defaultOptionalClientScopes', 'defaultGroups'])
    if (live[key] !== undefined && !deepEqual(live[key], scratch[key])) out[key] = live[key];
  if (isPlainObject(live.defaultRole) && !deepEqual(live.defaultRole, scratch.defaultRole))
    out.defaultRole = live.defaultRole;

  // Clients: the secret of a new confidential client is kept (it becomes a placeholder later).
  const scratchClients = list(scratch.clients).filter(
    (client) => !(skip.clients ?? []).includes(String(client.clientId)),
  );
  const freshClient = fresh.client ? withSortedMappers(fresh.client) : undefined;
  if (freshClient) delete freshClient.secret;
  const clients = diffList(
    list(live.clients),
    scratchClients,
    (client) => String(client.clientId ?? ''),
    ['clientId'],
    freshClient,
    (client) => withSortedMappers(client),
  );
  for (const client of clients)
    if (isPlainObject(client.authorizationSettings))
      client.authorizationSettings = sortedAuthorization(client.authorizationSettings);
  // A client created with one scope list gets no realm defaults in the other (Keycloak adds them
  // only when both are absent): one written means both are.
  const liveClients = new Map(list(live.clients).map((client) => [String(client.clientId ?? ''), client]));
  for (const client of clients) {
    const source = liveClients.get(String(client.clientId ?? ''));
    if (!source || (client.defaultClientScopes === undefined && client.optionalClientScopes === undefined))
      continue;
    for (const key of ['defaultClientScopes', 'optionalClientScopes'])
      if (client[key] === undefined) client[key] = source[key] ?? [];
  }
  put('clients', clients);

  // Roles.
  const roles: Obj = {};
  const scratchRoles = map(scratch.roles);
  const realmRoles = diffList(
    list(map(live.roles).realm),
    list(scratchRoles.realm).filter((role) => !(skip.realmRoles ?? []).includes(byName(role))),
    byName,
    ['name'],
    fresh.realmRole,
  );
  if (realmRoles.length > 0) roles.realm = realmRoles;
  const clientRoles: Obj = {};
  for (const [clientId, clientRoleList] of Object.entries(map(map(live.roles).client))) {
    const own = list(clientRoleList).filter(
      (role) => !isRealmLockObject('client-role', [clientId, byName(role)]) && !isPlainUmaRole(role),
    );
    const diff = diffList(own, list(map(scratchRoles.client)[clientId]), byName, ['name'], fresh.clientRole);
    if (diff.length > 0) clientRoles[clientId] = diff;
  }
  if (Object.keys(clientRoles).length > 0)
    roles.client = Object.fromEntries(Object.entries(clientRoles).sort(([a], [b]) => a.localeCompare(b)));
  put('roles', roles);

  // Client scopes.
  put(
    'clientScopes',
    diffList(
      list(live.clientScopes),
      list(scratch.clientScopes).filter((scope) => !(skip.clientScopes ?? []).includes(byName(scope))),
      byName,
      // Keycloak refuses a client scope without a protocol.
      ['name', 'protocol'],
      fresh.clientScope ? withSortedMappers(fresh.clientScope) : undefined,
      (scope) => withSortedMappers(scope),
    ),
  );

  // Scope mappings: a mentioned target is exact in both lists, so both are written whole.
  // Keycloak lists them in no stable order: sorted by client / client scope (and by role client).
  const liveScopeMappings = sortedMappings(list(live.scopeMappings));
  const liveClientScopeMappings = Object.fromEntries(
    Object.entries(map(live.clientScopeMappings))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([clientId, mappings]) => [clientId, sortedMappings(list(mappings))]),
  );
  const scratchClientScopeMappings = Object.fromEntries(
    Object.entries(map(scratch.clientScopeMappings))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([clientId, mappings]) => [clientId, sortedMappings(list(mappings))]),
  );
  const scopeMappingsDiffer =
    !deepEqual(liveScopeMappings, sortedMappings(list(scratch.scopeMappings))) ||
    !deepEqual(liveClientScopeMappings, scratchClientScopeMappings);
  if (scopeMappingsDiffer) {
    put('scopeMappings', liveScopeMappings);
    put('clientScopeMappings', liveClientScopeMappings);
  }

  // Groups: none are built in.
  put('groups', sortedByName(list(live.groups).map((group) => groupDiff(group, fresh.group))));

  // Authentication.
  put(
    'authenticationFlows',
    diffList(list(live.authenticationFlows), list(scratch.authenticationFlows), byAlias, ['alias']),
  );
  put(
    'authenticatorConfig',
    diffList(list(live.authenticatorConfig), list(scratch.authenticatorConfig), byAlias, ['alias']),
  );
  put(
    'requiredActions',
    diffList(list(live.requiredActions), list(scratch.requiredActions), byAlias, ['alias']),
  );

  // Identity providers and their mappers (none are built in).
  const freshIdp = fresh.identityProvider;
  put(
    'identityProviders',
    list(live.identityProviders)
      .map((idp) => {
        const { types: _, ...rest } = idp;
        return diffObject(rest, freshIdp && freshIdp.providerId === idp.providerId ? freshIdp : undefined, [
          'alias',
          'providerId',
        ]);
      })
      .sort((a, b) => byAlias(a).localeCompare(byAlias(b))),
  );
  put(
    'identityProviderMappers',
    list(live.identityProviderMappers)
      .map((mapper) => diffObject(mapper, undefined))
      .sort((a, b) =>
        `${a.identityProviderAlias}/${a.name}`.localeCompare(`${b.identityProviderAlias}/${b.name}`),
      ),
  );

  // Components, per provider type.
  const components: Obj = {};
  const componentKey = (component: Obj): string =>
    `${component.name ?? ''}|${component.subType ?? ''}|${component.providerId ?? ''}`;
  for (const [providerType, componentList] of Object.entries(map(live.components))) {
    // The user profile is exported as `userProfile` (see export-realm.ts).
    if (providerType === USER_PROFILE_PROVIDER) continue;
    const diff = diffList(
      list(componentList),
      list(map(scratch.components)[providerType]),
      componentKey,
      ['name', 'providerId', 'subType'],
      undefined,
      prepareComponent,
    );
    if (diff.length > 0) components[providerType] = diff;
  }
  put('components', components);
  return dropBookkeeping(out) as Obj;
}

/**
 * Removes what Keycloak records by itself (SERVER_ATTRIBUTES) and fields equal to their absent
 * default (ABSENT_DEFAULTS), at any depth. Realm settings are left to the scratch-realm
 * comparison (a realm's `description`-like fields are compared there).
 */
export function dropBookkeeping(value: unknown, key?: string, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((item) => dropBookkeeping(item, undefined, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Obj = {};
  for (const [field, inner] of Object.entries(value)) {
    if (key === 'attributes' && SERVER_ATTRIBUTES.has(field)) continue;
    const isMapEntry = key !== undefined && MAP_FIELDS.has(key);
    if (depth > 0 && !isMapEntry && field in ABSENT_DEFAULTS && inner === ABSENT_DEFAULTS[field]) continue;
    out[field] = dropBookkeeping(inner, field, depth + 1);
  }
  return out;
}

/**
 * Authorization scopes, resources (and their scopes) and policies by name: Keycloak lists them
 * in no stable order, and realmform matches them by name.
 */
function sortedAuthorization(settings: Obj): Obj {
  const out: Obj = { ...settings };
  for (const key of ['scopes', 'resources', 'policies'])
    if (Array.isArray(settings[key])) out[key] = sortedByName(list(settings[key]));
  if (Array.isArray(out.policies)) out.policies = list(out.policies).map(sortedPolicyConfig);
  if (Array.isArray(out.resources))
    out.resources = list(out.resources).map((resource) =>
      Array.isArray(resource.scopes)
        ? { ...resource, scopes: sortedByName(list(resource.scopes)) }
        : resource,
    );
  return out;
}

/** Name lists a policy's config holds as JSON text, which Keycloak writes in no stable order. */
const POLICY_NAME_LISTS = ['scopes', 'resources', 'applyPolicies'];

function sortedPolicyConfig(policy: Obj): Obj {
  if (!isPlainObject(policy.config)) return policy;
  const config = { ...policy.config };
  for (const key of POLICY_NAME_LISTS) {
    const text = config[key];
    if (typeof text !== 'string') continue;
    try {
      const names: unknown = JSON.parse(text);
      if (Array.isArray(names) && names.every((name) => typeof name === 'string'))
        config[key] = JSON.stringify([...names].sort());
    } catch {
      // Not JSON: written as it is.
    }
  }
  return { ...policy, config };
}

/** Scope mappings by target: clients first (by clientId), then client scopes (by name). */
function sortedMappings(mappings: Obj[]): Obj[] {
  const target = (mapping: Obj): string =>
    typeof mapping.client === 'string' ? `0${mapping.client}` : `1${String(mapping.clientScope ?? '')}`;
  return [...mappings].sort((a, b) => target(a).localeCompare(target(b)));
}

const USER_PROFILE_PROVIDER = 'org.keycloak.userprofile.UserProfileProvider';

/**
 * A component compared and written in a stable form: config lists sorted, empty maps dropped,
 * children (`subComponents`, listed by Keycloak in no stable order) prepared alike and sorted.
 */
function prepareComponent(component: Obj): Obj {
  const prepared = sortConfigLists(dropEmptyMaps(component));
  if (!isPlainObject(prepared.subComponents)) return prepared;
  const children = Object.fromEntries(
    Object.entries(prepared.subComponents)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, items]) => [
        type,
        list(items)
          .map(prepareComponent)
          .sort((a, b) => `${byName(a)}|${a.subType ?? ''}`.localeCompare(`${byName(b)}|${b.subType ?? ''}`)),
      ]),
  );
  return { ...prepared, subComponents: children };
}

/** Component config values are lists Keycloak returns in no stable order. */
function sortConfigLists(component: Obj): Obj {
  if (!isPlainObject(component.config)) return component;
  const config = Object.fromEntries(
    Object.entries(component.config).map(([key, value]) => [
      key,
      Array.isArray(value) && value.every((item) => typeof item === 'string') ? [...value].sort() : value,
    ]),
  );
  return { ...component, config };
}

function dropEmptyMaps(object: Obj): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(object)) {
    if (isPlainObject(value) && Object.keys(value).length === 0) continue;
    out[key] = isPlainObject(value) ? dropEmptyMaps(value) : value;
  }
  return out;
}

/**
 * A user as a manifest declares it: fields that differ from a fresh user, group paths, direct
 * role mappings (without the realm's default role, which Keycloak maps to every user).
 */
export function userEntry(user: Obj, fresh: Obj | undefined, realm: string): Obj {
  const {
    realmRoles,
    clientRoles,
    groups,
    credentials: _,
    serviceAccountClientId,
    federatedIdentities: __,
    ...rest
  } = user;
  const entry = diffObject(rest, fresh ?? {}, ['username']);
  delete entry.requiredActions;
  if (Array.isArray(rest.requiredActions) && rest.requiredActions.length > 0)
    entry.requiredActions = [...(rest.requiredActions as string[])].sort();
  const realmList = ((realmRoles as string[] | undefined) ?? []).filter(
    (role) => role !== `default-roles-${realm}`,
  );
  if (realmList.length > 0) entry.realmRoles = [...realmList].sort();
  const clients: Obj = {};
  for (const [clientId, names] of Object.entries(map(clientRoles))) {
    const kept = ((names as string[]) ?? []).filter(
      (name) => !(clientId === serviceAccountClientId && name === 'uma_protection'),
    );
    if (kept.length > 0) clients[clientId] = [...kept].sort();
  }
  if (Object.keys(clients).length > 0) entry.clientRoles = clients;
  if (Array.isArray(groups) && groups.length > 0) entry.groups = [...(groups as string[])].sort();
  return entry;
}
