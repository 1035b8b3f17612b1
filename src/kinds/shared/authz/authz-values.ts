/**
 * Authorization objects in the shape realmform compares, the same for manifest and server:
 * Keycloak's export form (names, never ids), with the JSON strings of a policy's `config`
 * (`"roles": "[{\"id\":\"admin\"}]"`) parsed, so lists compare as sets and plans read well, and
 * serialized back on write. Defaults the server adds (`required: false`, `extendChildren: false`)
 * are filled in on both sides.
 */
import type {
  PolicyRepresentation,
  ResourceRepresentation,
  ResourceServerRepresentation,
  ScopeRepresentation,
} from '../../../representations/index.js';
import { groupPath } from '../identities/users.js';
import { definedFields } from '../server/reads.js';

const SETTINGS_FIELDS = [
  'allowRemoteResourceManagement',
  'policyEnforcementMode',
  'decisionStrategy',
] as const;
const SCOPE_FIELDS = ['name', 'displayName', 'iconUri'] as const;
const RESOURCE_FIELDS = ['name', 'displayName', 'type', 'uris', 'icon_uri', 'ownerManagedAccess'] as const;
const POLICY_FIELDS = ['name', 'description', 'type', 'logic', 'decisionStrategy'] as const;

/** A resource server's own settings as compared. */
export type AuthzSettingsValue = Partial<
  Pick<ResourceServerRepresentation, (typeof SETTINGS_FIELDS)[number]>
>;
/** An authorization scope as compared. */
export type AuthzScopeValue = Partial<Pick<ScopeRepresentation, (typeof SCOPE_FIELDS)[number]>>;
/** A resource as compared: scopes and owner by name, attribute values as lists. */
export type ResourceValue = Partial<Pick<ResourceRepresentation, (typeof RESOURCE_FIELDS)[number]>> & {
  attributes?: Record<string, string[]>;
  scopes?: { name: string }[];
  owner?: { name: string };
};
/**
 * A policy's config parsed: lists of names, usernames, `{ id, required }` or `{ path,
 * extendChildren }`; other entries strings (null: declared absent).
 */
export type PolicyConfig = Record<string, unknown>;
/** A policy or permission as compared. */
export type PolicyValue = Partial<Pick<PolicyRepresentation, (typeof POLICY_FIELDS)[number]>> & {
  config?: PolicyConfig;
};

/** Policy types that are permissions (the authz-permission kind); every other type is a policy. */
export const PERMISSION_TYPES: ReadonlySet<string> = new Set(['resource', 'scope']);

export function isPermission(policy: PolicyRepresentation): boolean {
  return PERMISSION_TYPES.has(policy.type ?? '');
}

/** The resource server's own settings (its lists are kinds of their own). */
export function settingsValue(settings: ResourceServerRepresentation): AuthzSettingsValue {
  return definedFields(settings, SETTINGS_FIELDS);
}

export function scopeValue(scope: ScopeRepresentation): AuthzScopeValue {
  return definedFields(scope, SCOPE_FIELDS);
}

/**
 * A resource: `uri` (the deprecated single form) becomes `uris`, scopes are names
 * (`[{ name }]`), attribute values lists, and the owner `{ name }` (a username, or the client's
 * clientId when the client itself owns it, which is what the export leaves out).
 */
export function resourceValue(resource: ResourceRepresentation, ownClientId?: string): ResourceValue {
  const value: ResourceValue = definedFields(resource, RESOURCE_FIELDS);
  if (resource.uri !== undefined && resource.uris === undefined) value.uris = [resource.uri];
  if (resource.attributes) {
    // A manifest may give a single value where Keycloak keeps a list.
    const attributes: Record<string, unknown> = resource.attributes;
    value.attributes = Object.fromEntries(
      Object.entries(attributes).map(([key, entry]) => [
        key,
        (Array.isArray(entry) ? entry : [entry]).map(String),
      ]),
    );
  }
  if (resource.scopes) value.scopes = resource.scopes.map((scope) => ({ name: nameOf(scope) }));
  const owner = ownerName(resource.owner) ?? ownClientId;
  if (owner !== undefined) value.owner = { name: owner };
  return value;
}

export function ownerName(owner: ResourceRepresentation['owner']): string | undefined {
  if (typeof owner === 'string') return owner;
  return owner?.name ?? owner?.id;
}

/** Config keys whose values are JSON lists, with the defaults Keycloak's export writes. */
const LIST_KEYS: Readonly<Record<string, 'names' | 'usernames' | 'refs' | 'groups'>> = {
  roles: 'refs',
  clientScopes: 'refs',
  groups: 'groups',
  users: 'usernames',
  clients: 'names',
  applyPolicies: 'names',
  resources: 'names',
  scopes: 'names',
};

/** Time policy settings: a declared time policy is exactly what it declares (others are absent). */
const TIME_KEYS = [
  'nbf',
  'noa',
  'dayMonth',
  'dayMonthEnd',
  'month',
  'monthEnd',
  'year',
  'yearEnd',
  'hour',
  'hourEnd',
  'minute',
  'minuteEnd',
] as const;

/** Typed-form fields (`roles: [...]` beside `config`) that mean a config key. */
const TYPED_FIELDS: Readonly<Record<string, string>> = {
  roles: 'roles',
  groups: 'groups',
  groupsClaim: 'groupsClaim',
  clients: 'clients',
  users: 'users',
  clientScopes: 'clientScopes',
  fetchRoles: 'fetchRoles',
  code: 'code',
  policies: 'applyPolicies',
  resources: 'resources',
  scopes: 'scopes',
};

/**
 * A policy or permission: name, description, type, logic, decisionStrategy and the parsed
 * config. `declared` marks a manifest value: a declared time policy then expects the time keys
 * it leaves out to be absent.
 */
export function policyValue(policy: PolicyRepresentation, declared = false): PolicyValue {
  const value: PolicyValue = definedFields(policy, POLICY_FIELDS);
  const raw: Record<string, unknown> = { ...policy.config };
  for (const [field, key] of Object.entries(TYPED_FIELDS)) {
    const typed = (policy as Record<string, unknown>)[field];
    if (typed !== undefined && raw[key] === undefined) raw[key] = typed;
  }
  if (Object.keys(raw).length === 0 && policy.config === undefined) return value;
  const config: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(raw)) config[key] = parseEntry(key, entry);
  if (declared && policy.type === 'time') {
    for (const key of TIME_KEYS) if (config[key] === undefined) config[key] = null;
  }
  value.config = config;
  return value;
}

function parseEntry(key: string, entry: unknown): unknown {
  const form = LIST_KEYS[key];
  if (!form) return entry === null || entry === undefined ? entry : String(entry);
  let list: unknown = entry;
  if (typeof entry === 'string') {
    try {
      list = JSON.parse(entry);
    } catch {
      return entry;
    }
  }
  if (!Array.isArray(list)) return entry;
  return list.map((item) => normalizeItem(form, item));
}

function normalizeItem(form: (typeof LIST_KEYS)[string], item: unknown): unknown {
  const object = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : undefined;
  switch (form) {
    case 'names':
      return String(object ? (object.name ?? object.id) : item);
    case 'usernames':
      return String(object ? (object.username ?? object.id) : item).toLowerCase();
    case 'refs':
      return { id: String(object ? object.id : item), required: object?.required === true };
    case 'groups': {
      const path = String(object ? (object.path ?? object.id) : item);
      return { path: groupPath(path), extendChildren: object?.extendChildren === true };
    }
  }
}

/** The generic (`config`) form Keycloak's policy endpoints take, lists as JSON strings. */
export function policyPayload(value: PolicyValue): PolicyRepresentation {
  const payload: PolicyRepresentation = definedFields(value, POLICY_FIELDS);
  const config: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value.config ?? {})) {
    if (entry === null || entry === undefined) continue;
    config[key] = Array.isArray(entry) ? JSON.stringify(entry) : String(entry);
  }
  // Always the generic form: the client sends a payload with `config` to `/policy`.
  payload.config = config;
  return payload;
}

/** Names a policy's config refers to, by config key (`applyPolicies`, `resources` …). */
export function configList(value: PolicyValue, key: string): unknown[] {
  const list = value.config?.[key];
  return Array.isArray(list) ? list : [];
}

/** Live value overlaid with the declared one; config merged key by key (null removes a key). */
export function mergePolicy(live: PolicyValue, desired: PolicyValue): PolicyValue {
  const merged: PolicyValue = { ...live, ...desired };
  if (desired.config !== undefined) merged.config = { ...live.config, ...desired.config };
  return merged;
}

function nameOf(scope: ScopeRepresentation | string): string {
  return typeof scope === 'string' ? scope : (scope.name ?? '');
}
