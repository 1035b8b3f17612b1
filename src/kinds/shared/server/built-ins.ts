/** Objects Keycloak creates with every realm (26.x). Built-ins are never deleted by realmform. */
import type { Feature } from '../../../server/versions.js';
import type { FeatureUse, KindContext } from '../../kind.js';
import { serverHas } from './server-info.js';

/**
 * The client that holds a realm's fine-grained admin permissions v2: Keycloak (26.2+) creates it
 * when the realm's `adminPermissionsEnabled` is on and refuses to delete it (400).
 */
export const ADMIN_PERMISSIONS = 'admin-permissions';

/**
 * Clients of every realm (and `admin-permissions` of realms with admin permissions v2): never
 * deleted, their roles never deleted; they can be declared and updated.
 */
export const BUILT_IN_CLIENTS: ReadonlySet<string> = new Set([
  'account',
  'account-console',
  'admin-cli',
  ADMIN_PERMISSIONS,
  'broker',
  'realm-management',
  'security-admin-console',
]);

const SAML_SCOPES: ReadonlySet<string> = new Set(['AuthnContextClassRef', 'role_list', 'saml_organization']);

/**
 * Client scopes every new Keycloak 26 realm has. Never deleted (as in keycloak-config-cli: a
 * declared `clientScopes` list that leaves out `profile` must not strip `sub` from tokens); and
 * a plan for a realm that does not exist yet does not check references to them.
 */
export const FRESH_REALM_CLIENT_SCOPES: ReadonlySet<string> = new Set([
  'acr',
  'address',
  'AuthnContextClassRef',
  'basic',
  'email',
  'microprofile-jwt',
  'offline_access',
  'organization',
  'phone',
  'profile',
  'role_list',
  'roles',
  'saml_organization',
  'service_account',
  'web-origins',
]);

/** Built-in scopes that only newer versions create, and the feature row that says from when. */
const VERSIONED_SCOPES: Readonly<Record<string, Feature>> = {
  AuthnContextClassRef: 'authnContextClassRefScope',
  basic: 'basicClientScope',
  organization: 'organizationClientScopes',
  saml_organization: 'organizationClientScopes',
  service_account: 'serviceAccountClientScope',
};

/**
 * The features a list of scope names relies on: a built-in scope this version does not create
 * is a plan error (names on every version are checked as references instead).
 */
export function builtInScopeNeeds(names: readonly string[] | undefined, path: string): FeatureUse[] {
  return (names ?? []).flatMap((name, index) => {
    const feature = VERSIONED_SCOPES[name];
    return feature ? [{ feature, path: path ? `${path}[${index}]` : '' }] : [];
  });
}

/** Whether this version creates the built-in scope `name` (true for those every version has). */
export function versionHasScope(name: string, has: (feature: Feature) => boolean): boolean {
  const feature = VERSIONED_SCOPES[name];
  return feature === undefined || has(feature);
}

/**
 * The protocol of each of those scopes (Keycloak 26). Keycloak silently skips a scope of another
 * protocol bound to a client (`role_list` on an OIDC client), so the client kind must know them
 * also for a realm that does not exist yet.
 */
export const BUILT_IN_SCOPE_PROTOCOLS: Readonly<Record<string, string>> = Object.fromEntries(
  [...FRESH_REALM_CLIENT_SCOPES].map((name) => [name, SAML_SCOPES.has(name) ? 'saml' : 'openid-connect']),
);

/** Objects some Keycloak versions create by themselves, by name, and which versions do. */
export interface ServerCreated {
  feature: Feature;
  names: readonly string[];
}

/**
 * What older versions add on their own (src/server/versions.ts says which): a client with
 * authorization services gets a default resource, policy and permission; a client with a service
 * account gets three protocol mappers. Where the server's version creates them they are built-in
 * (never planned for deletion; declared, they are managed like any other).
 * test/server/versions.it.test.ts checks these names against what each version creates.
 */
export const SERVER_CREATED = {
  authzResource: { feature: 'defaultAuthorizationObjects', names: ['Default Resource'] },
  authzPolicy: { feature: 'defaultAuthorizationObjects', names: ['Default Policy'] },
  authzPermission: { feature: 'defaultAuthorizationObjects', names: ['Default Permission'] },
  serviceAccountMappers: {
    feature: 'serviceAccountMappers',
    names: ['Client Host', 'Client ID', 'Client IP Address'],
  },
} as const satisfies Record<string, ServerCreated>;

/** A test for names this server creates by itself (always false where its version does not). */
export async function serverCreatedTest(
  ctx: KindContext,
  created: ServerCreated,
): Promise<(name: string) => boolean> {
  const creates = await serverHas(ctx, created.feature);
  return (name) => creates && created.names.includes(name);
}
