/**
 * What the role kinds (realm-role, client-role, role-composite) share: built-in names, the
 * manifest → value mapping, and the realm's default role (whose name Keycloak lowercases).
 */

import { elementSegment, renderPath } from '../../../core/value-path.js';
import type { RealmRepresentation, RoleRepresentation } from '../../../representations/index.js';
import type { ManifestView } from '../../kind.js';

export { BUILT_IN_CLIENTS } from '../server/built-ins.js';

/**
 * Roles every new realm has (Keycloak 26). A plan for a realm that does not exist yet reads no
 * live roles, so references to these are not checked at plan time (they will exist as soon as
 * the realm does); anything else must be declared or present.
 */
const FRESH_REALM_ROLES: ReadonlySet<string> = new Set(['offline_access', 'uma_authorization']);
const FRESH_CLIENT_ROLES: Readonly<Record<string, ReadonlySet<string>>> = {
  account: new Set([
    'delete-account',
    'manage-account',
    'manage-account-links',
    'manage-consent',
    'view-applications',
    'view-consent',
    'view-groups',
    'view-profile',
  ]),
  broker: new Set(['read-token']),
  'realm-management': new Set([
    'create-client',
    'impersonation',
    'manage-authorization',
    'manage-clients',
    'manage-events',
    'manage-identity-providers',
    'manage-organizations',
    'manage-realm',
    'manage-users',
    'query-clients',
    'query-groups',
    'query-organizations',
    'query-realms',
    'query-users',
    'realm-admin',
    'view-authorization',
    'view-clients',
    'view-events',
    'view-identity-providers',
    'view-organizations',
    'view-realm',
    'view-users',
  ]),
};

/** `default-roles-<realm>` is recognized by its prefix: references do not know the realm. */
export function isFreshRealmRole(name: string): boolean {
  return FRESH_REALM_ROLES.has(name) || name.startsWith('default-roles-');
}

export function isFreshClientRole(clientId: string, name: string): boolean {
  // `uma_protection` appears on any client the moment its authorization services are enabled,
  // possibly in the same apply; a mapping to it on a client without them fails at apply instead.
  return name === UMA_PROTECTION || (FRESH_CLIENT_ROLES[clientId]?.has(name) ?? false);
}

const UMA_PROTECTION = 'uma_protection';

/** Fields of a role owned by the role-composite kind or by the server. */
const NOT_ROLE_FIELDS = ['id', 'containerId', 'clientRole', 'composite', 'composites'] as const;

/** `default-roles-<realm>`: Keycloak lowercases the realm name in it. */
export function defaultRoleName(realm: string, live?: RealmRepresentation): string {
  return live?.defaultRole?.name ?? `default-roles-${realm.toLowerCase()}`;
}

export function builtInRealmRoles(realm: string, live?: RealmRepresentation): ReadonlySet<string> {
  return new Set([defaultRoleName(realm, live), 'offline_access', 'uma_authorization']);
}

/**
 * A manifest may spell the default role with the realm's own case (`default-roles-myRealm`,
 * as exports of older servers and keycloak-config-cli files do): that is the realm's default
 * role, so its key is the name Keycloak really uses.
 */
export function realmRoleName(manifest: ManifestView, name: string): string {
  const canonical = defaultRoleName(manifest.realm);
  return name.toLowerCase() === canonical ? canonical : name;
}

/** The compared value of a role: everything but composites, ids and server flags. */
export type RoleValue = Omit<RoleRepresentation, (typeof NOT_ROLE_FIELDS)[number]>;

export function roleValue(role: RoleRepresentation, name: string): RoleValue {
  const value: RoleRepresentation = { ...role, name };
  for (const field of NOT_ROLE_FIELDS) delete value[field];
  return value;
}

/** The declared realm roles with their manifest paths (`roles.realm[3]`). */
export function declaredRealmRoles(
  manifest: ManifestView,
): { role: RoleRepresentation; name: string; path: (string | number)[] }[] | undefined {
  const list = manifest.representation.roles?.realm;
  if (!Array.isArray(list)) return undefined;
  return list.map((role, index) => ({
    role,
    name: realmRoleName(manifest, role.name ?? ''),
    path: ['roles', 'realm', index],
  }));
}

/** The declared client roles, per clientId, with their manifest paths. */
export function declaredClientRoles(
  manifest: ManifestView,
): { clientId: string; role: RoleRepresentation; name: string; path: (string | number)[] }[] | undefined {
  const byClient = manifest.representation.roles?.client;
  if (!byClient || typeof byClient !== 'object') return undefined;
  return Object.entries(byClient).flatMap(([clientId, roles]) =>
    (Array.isArray(roles) ? roles : []).map((role, index) => ({
      clientId,
      role,
      name: role.name ?? '',
      path: ['roles', 'client', clientId, index],
    })),
  );
}

/** `roles.client.web[0]` from `['roles', 'client', 'web', 0]`. */
export function manifestPath(path: readonly (string | number)[]): string {
  return renderPath(path.map((segment) => (typeof segment === 'number' ? elementSegment(segment) : segment)));
}

export function originOf(manifest: ManifestView, path: readonly (string | number)[]) {
  return { path: manifestPath(path), ...manifest.locate(path) };
}

/** The full current role with the declared fields laid over it; attributes merge by key. */
export function mergeRole(current: RoleRepresentation, wanted: RoleValue): RoleRepresentation {
  const next: RoleRepresentation = { ...current, ...wanted };
  if (wanted.attributes) next.attributes = { ...current.attributes, ...wanted.attributes };
  return next;
}
