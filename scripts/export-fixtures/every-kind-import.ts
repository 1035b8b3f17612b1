/**
 * test/cli/fixtures/every-kind.yaml as Keycloak's own realm import takes it (POST /admin/realms),
 * for one Keycloak version: what that version lacks is left out, and what an import cannot carry
 * (the user profile, admin permissions v2) is returned to be written through its own endpoint.
 * A few things real realms have and every-kind.yaml does not are added: a SAML client with a
 * mapper, a second generated RSA key.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { KeycloakAdmin } from '../../src/client/index.js';
import type {
  AuthenticationFlowRepresentation,
  AuthenticatorConfigRepresentation,
  ClientRepresentation,
  ClientScopeRepresentation,
  ComponentExportRepresentation,
  RealmRepresentation,
  UserProfileConfig,
  UserRepresentation,
} from '../../src/client/types/index.js';
import { loadManifests } from '../../src/model/index.js';
import { atLeast, type FixtureVersion, REALM_NAME } from './common.js';

const FIXTURE = join(import.meta.dirname, '../../test/cli/fixtures/every-kind.yaml');

/** The LDAP server the realm's user federation points at (it must run until the export is made). */
export interface FixtureLdap {
  url: string;
  usersDn: string;
  bindDn: string;
  bindPassword: string;
}

/** Values for every-kind.yaml's variables: throwaway, and scrubbed from the export anyway. */
function variables(ldap: FixtureLdap): Record<string, string> {
  return {
    EK_CLIENT_SECRET: 'fixture-client-secret',
    EK_IDP_SECRET: 'fixture-idp-secret',
    EK_SMTP_PASSWORD: 'fixture-smtp-password',
    EK_PASSWORD: 'Fixture-password-1',
    EK_LDAP_URL: ldap.url,
    EK_LDAP_USERS_DN: ldap.usersDn,
    EK_LDAP_BIND_DN: ldap.bindDn,
    EK_LDAP_BIND_PASSWORD: ldap.bindPassword,
  };
}

export interface EveryKindImport {
  representation: RealmRepresentation;
  userProfile: UserProfileConfig | undefined;
  localizationTexts: Record<string, Record<string, string>>;
  /** Writes admin permissions v2 (Keycloak 26.2+), after the import. */
  adminPermissions: ((admin: KeycloakAdmin) => Promise<void>) | undefined;
}

/** What a realm made through the admin console has and an import of every-kind.yaml would not. */
export interface BuiltIns {
  /** The built-in client scopes (an import that declares `clientScopes` gets only those). */
  clientScopes: ClientScopeRepresentation[];
  /** The generated key providers (an import that declares key providers gets only those). */
  keyProviders: ComponentExportRepresentation[];
  /** The built-in flows and their configs (before 24, an import that declares flows gets only those). */
  flows: AuthenticationFlowRepresentation[];
  authenticatorConfig: AuthenticatorConfigRepresentation[];
}

/** The built-ins of a fresh realm of this server (a scratch realm, deleted afterwards). */
export async function readBuiltIns(master: KeycloakAdmin): Promise<BuiltIns> {
  const name = 'fixture-scratch';
  await master.createRealm({ realm: name, enabled: true });
  try {
    const scratch = master.withRealm(name);
    const exported = await scratch.exportRealm();
    const keys = await scratch.getComponents({ type: 'org.keycloak.keys.KeyProvider' });
    return {
      clientScopes: (exported.clientScopes ?? []).map(({ id: _id, ...scope }) => ({
        ...scope,
        protocolMappers: scope.protocolMappers?.map(({ id: _mapperId, ...mapper }) => mapper),
      })),
      flows: (exported.authenticationFlows ?? []).map(({ id: _id, ...flow }) => flow),
      authenticatorConfig: (exported.authenticatorConfig ?? []).map(({ id: _id, ...config }) => config),
      keyProviders: keys.map(({ name: keyName, providerId, subType, config }) => ({
        name: keyName,
        providerId,
        ...(subType ? { subType } : {}),
        config: config as Record<string, string[]>,
      })),
    };
  } finally {
    await master.deleteRealm(name);
  }
}

export async function everyKindImport(
  version: FixtureVersion,
  ldap: FixtureLdap,
  builtIns: BuiltIns,
): Promise<EveryKindImport> {
  const loaded = await loadManifests([FIXTURE], { env: variables(ldap) });
  const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const manifest = loaded.realms[0];
  if (!manifest || errors.length > 0)
    throw new Error(`${FIXTURE}: ${errors.map((error) => error.summary).join('; ')}`);
  const {
    userProfile,
    localizationTexts,
    adminPermissionsEnabled: _adminPermissionsEnabled,
    organizationsEnabled,
    organizations,
    clients = [],
    users = [],
    ...rest
  } = structuredClone(manifest.representation) as RealmRepresentation & {
    userProfile?: UserProfileConfig;
  };
  const withFgap = atLeast(version, 26, 2);
  // An import names a client's flow overrides by flow id (realmform resolves aliases itself).
  const flowIds = new Map<string, string>();
  for (const flow of rest.authenticationFlows ?? []) {
    flow.id = randomUUID();
    flowIds.set(flow.alias ?? '', flow.id);
  }
  for (const client of clients) {
    const overrides = client.authenticationFlowBindingOverrides;
    for (const [binding, alias] of Object.entries(overrides ?? {}))
      if (overrides) overrides[binding] = flowIds.get(alias) ?? alias;
  }
  const representation: RealmRepresentation = {
    ...rest,
    realm: REALM_NAME,
    ...(version.major >= 26 ? { organizationsEnabled, organizations } : {}),
    ...(withFgap ? { adminPermissionsEnabled: true } : {}),
    clients: [...clients.filter((client) => client.clientId !== 'admin-permissions'), SAML_CLIENT],
    users: users.map(serviceAccountOf),
  };
  // The built-ins a realm made in the console has, and the version's default scope lists.
  const declaredScopes = new Set((representation.clientScopes ?? []).map((scope) => scope.name));
  representation.clientScopes = [
    ...(representation.clientScopes ?? []),
    ...builtIns.clientScopes.filter((scope) => !declaredScopes.has(scope.name)),
  ];
  const scopes = new Set(representation.clientScopes.map((scope) => scope.name));
  for (const list of ['defaultDefaultClientScopes', 'defaultOptionalClientScopes'] as const)
    representation[list] = representation[list]?.filter((name) => scopes.has(name));
  for (const client of representation.clients ?? [])
    for (const list of ['defaultClientScopes', 'optionalClientScopes'] as const)
      if (client[list]) client[list] = client[list].filter((name) => scopes.has(name));
  const flowAliases = new Set((representation.authenticationFlows ?? []).map((flow) => flow.alias));
  representation.authenticationFlows = [
    ...(representation.authenticationFlows ?? []),
    ...builtIns.flows.filter((flow) => !flowAliases.has(flow.alias)),
  ];
  const configAliases = new Set((representation.authenticatorConfig ?? []).map((config) => config.alias));
  representation.authenticatorConfig = [
    ...(representation.authenticatorConfig ?? []),
    ...builtIns.authenticatorConfig.filter((config) => !configAliases.has(config.alias)),
  ];
  const keys = representation.components?.['org.keycloak.keys.KeyProvider'];
  if (keys) {
    const named = new Set(keys.map((key) => key.name));
    keys.push(...builtIns.keyProviders.filter((key) => !named.has(key.name)), {
      name: 'ek-rsa',
      providerId: 'rsa-generated',
      config: { priority: ['50'], keySize: ['2048'], algorithm: ['RS256'] },
    });
  }
  return {
    representation,
    userProfile,
    // Not a realm field before Keycloak 23 (22 refuses the import): written through its endpoint.
    localizationTexts: localizationTexts ?? {},
    adminPermissions: withFgap ? addAdminPermissions : undefined,
  };
}

/** The import creates no service-account user by itself: the export names its client. */
function serviceAccountOf(user: UserRepresentation): UserRepresentation {
  if (user.username !== 'service-account-ek-api') return user;
  return { ...user, enabled: true, serviceAccountClientId: 'ek-api' };
}

const SAML_CLIENT: ClientRepresentation = {
  clientId: 'urn:every-kind:saml',
  name: 'Every kind SAML',
  protocol: 'saml',
  enabled: true,
  frontchannelLogout: true,
  redirectUris: ['https://saml.example.com/acs'],
  attributes: {
    'saml.signature.algorithm': 'RSA_SHA256',
    saml_name_id_format: 'username',
    'saml.force.name.id.format': 'true',
  },
  protocolMappers: [
    {
      name: 'role list',
      protocol: 'saml',
      protocolMapper: 'saml-role-list-mapper',
      consentRequired: false,
      config: { single: 'true', 'attribute.nameformat': 'Basic', 'attribute.name': 'Role' },
    },
  ],
};

/** every-kind.yaml's admin permission: editors manage and view ek-web. */
async function addAdminPermissions(admin: KeycloakAdmin): Promise<void> {
  const uuid = await admin.getClientId('admin-permissions');
  const web = await admin.getClientId('ek-web');
  if (!uuid || !web) throw new Error('admin-permissions or ek-web is missing after the import');
  const policy = await admin.createClientAuthzRoleBasedPolicy(uuid, {
    name: 'ek-editors',
    logic: 'POSITIVE',
    decisionStrategy: 'UNANIMOUS',
    roles: [{ id: (await admin.getRealmRole('editor')).id ?? '', required: true }],
  });
  await admin.createClientAuthzScopePermission(
    {
      name: 'ek-editors manage ek-web',
      resourceType: 'Clients',
      resources: [web],
      scopes: ['manage', 'view'],
      policies: [policy.id ?? ''],
      decisionStrategy: 'UNANIMOUS',
    },
    uuid,
  );
}
