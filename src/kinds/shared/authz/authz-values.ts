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
} from '../../../client/types/index.js';
import type { ValueObject } from '../../kind.js';
import { groupPath } from '../identities/users.js';

/** Policy types that are permissions (the authz-permission kind); every other type is a policy. */
export const PERMISSION_TYPES: ReadonlySet<string> = new Set(['resource', 'scope']);

export function isPermission(policy: PolicyRepresentation): boolean {
  return PERMISSION_TYPES.has(policy.type ?? '');
}

/** The resource server's own settings (its lists are kinds of their own). */
export function settingsValue(settings: ResourceServerRepresentation): ValueObject {
  const out: ValueObject = {};
  for (const field of [
    'allowRemoteResourceManagement',
    'policyEnforcementMode',
    'decisionStrategy',
  ] as const) {
    if (settings[field] !== undefined) out[field] = settings[field];
  }
  return out;
}

export function scopeValue(scope: ScopeRepresentation): ValueObject {
  return pick(scope as ValueObject, ['name', 'displayName', 'iconUri']);
}

/**
 * A resource: `uri` (the deprecated single form) becomes `uris`, scopes are names
 * (`[{ name }]`), attribute values lists, and the owner `{ name }` (a username, or the client's
 * clientId when the client itself owns it, which is what the export leaves out).
 */
export function resourceValue(resource: ResourceRepresentation, ownClientId?: string): ValueObject {
  const value = pick(resource as ValueObject, [
    'name',
    'displayName',
    'type',
    'uris',
    'icon_uri',
    'ownerManagedAccess',
    'attributes',
    'scopes',
    'owner',
  ]);
  if (resource.uri !== undefined && resource.uris === undefined) value.uris = [resource.uri];
  if (resource.scopes) value.scopes = resource.scopes.map((scope) => ({ name: nameOf(scope) }));
  if (resource.attributes) {
    value.attributes = Object.fromEntries(
      Object.entries(resource.attributes as Record<string, unknown>).map(([key, entry]) => [
        key,
        (Array.isArray(entry) ? entry : [entry]).map(String),
      ]),
    );
  }
  const owner = ownerName(resource.owner) ?? ownClientId;
  if (owner !== undefined) value.owner = { name: owner };
  else delete value.owner;
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
export function policyValue(policy: PolicyRepresentation, declared = false): ValueObject {
  const value = pick(policy as ValueObject, ['name', 'description', 'type', 'logic', 'decisionStrategy']);
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
export function policyPayload(value: ValueObject): PolicyRepresentation {
  const payload = pick(value, [
    'name',
    'description',
    'type',
    'logic',
    'decisionStrategy',
  ]) as PolicyRepresentation;
  const config: Record<string, string> = {};
  for (const [key, entry] of Object.entries((value.config as Record<string, unknown> | undefined) ?? {})) {
    if (entry === null || entry === undefined) continue;
    config[key] = Array.isArray(entry) ? JSON.stringify(entry) : String(entry);
  }
  // Always the generic form: the client sends a payload with `config` to `/policy`.
  payload.config = config;
  return payload;
}

/** Names a policy's config refers to, by config key (`applyPolicies`, `resources` …). */
export function configList(value: ValueObject, key: string): unknown[] {
  const config = value.config as Record<string, unknown> | undefined;
  const list = config?.[key];
  return Array.isArray(list) ? list : [];
}

/** Live value overlaid with the declared one; config merged key by key (null removes a key). */
export function mergePolicy(live: ValueObject, desired: ValueObject): ValueObject {
  const merged: ValueObject = { ...live, ...desired };
  if (desired.config !== undefined) {
    merged.config = { ...(live.config as object | undefined), ...(desired.config as object) };
  }
  return merged;
}

function nameOf(scope: ScopeRepresentation | string): string {
  return typeof scope === 'string' ? scope : (scope.name ?? '');
}

function pick(source: ValueObject, fields: readonly string[]): ValueObject {
  const out: ValueObject = {};
  for (const field of fields) if (source[field] !== undefined) out[field] = source[field];
  return out;
}
