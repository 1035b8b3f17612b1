/**
 * Which corpus folders run, which files must fail, what realmform deliberately does not support,
 * and what needs a server feature or version.
 */
import type { LdapServerOptions } from '../../src/local/ldap-server.js';

export const CORPUS_FOLDERS = [
  'simple-realm',
  'clients',
  'roles',
  'groups',
  'users',
  'client-scopes',
  'default-groups',
  'service-account',
  'users-merge',
  'managed-clients',
  'managed-no-delete',
  'realm-file-type',
  'realm-substitution',
  'auth-flows',
  'required-actions',
  'identity-providers',
  'components',
  'user-federation',
  'client-policies',
  'user-profile',
  'message-bundles',
  'organizations',
  'fgap-v2-compatibility',
  'realm-passkeys',
  'workflows',
] as const;

/** The corpus README's rule: files whose names say so must fail. */
const EXPECTED_FAILURE = /try-to|try_to|raise_error|cannot|invalid|syntax-error/;

/**
 * `folder/file` → why it must fail although its name does not say so. Each is a file
 * keycloak-config-cli's own tests expect to fail (assertThrows); realmform must fail it before
 * anything changes.
 */
export const EXPECTED_TO_FAIL: Readonly<Record<string, string>> = {
  'roles/15.2_update_realm__add_non_existing_composite_client_to_realm_role.json':
    'a composite names client role "non_exists", which exists nowhere (ImportRolesIT order 15)',
  'roles/19.2_update_realm__add_non_existing_client_role_composite_to_client_role.json':
    'a composite names client role "non_exists", which exists nowhere (ImportRolesIT order 19)',
  'default-groups/96_update_realm_add_non_exists_default_subgroup.json':
    'default group "/not-exist" is neither declared nor in Keycloak (ImportDefaultGroupsIT order 96)',
  'realm-substitution/3_update_realm.json':
    'uses variables that are never set, e.g. `$(sys:kcc.junit.missingVariable)` (ImportRealmSubstitutionIT order 3)',
};

/**
 * `folder/file` → why it must succeed although its name says it should fail.
 */
export const EXPECTED_TO_SUCCEED: Readonly<Record<string, string>> = {
  'clients/91.0_update_realm__try-to-update-client.json':
    'sets up 91.1 (a client without the over-long description); ImportClientsIT order 91 imports it successfully',
  'required-actions/01_update_realm__try_adding_invalid_required-action.json':
    'adds TERMS_AND_CONDITIONS, whose alias and providerId are equal (only its name says "Invalid"); ImportRequiredActionsIT order 1 imports it successfully',
};

export function expectedFailure(folder: string, file: string): boolean {
  const id = `${folder}/${file}`;
  if (id in EXPECTED_TO_SUCCEED) return false;
  return id in EXPECTED_TO_FAIL || EXPECTED_FAILURE.test(file);
}

@@CONSTS@@export const UNSUPPORTED: Readonly<Record<string, string>> = {
  'managed-no-delete/':
    "runs with keycloak-config-cli's `import.managed.*=no-delete` options (declared collections are additive: nothing undeclared is deleted); realmform has no additive mode in this version, and the files also declare authentication flows, required actions, identity providers, components and scope mappings (issue 4)",
  'realm-file-type/yaml/3_update_realm_anchors.yaml':
    "declares user attributes attr1–attr4, which this realm's user profile (Keycloak 26's default, without an unmanagedAttributePolicy) drops: keycloak-config-cli sends them and Keycloak silently discards them; realmform refuses at plan time an attribute that could never be stored, and declaring them in the user profile needs user-profile management (issue 4). The YAML anchors and merge keys themselves load (test/model/corpus.test.ts)",
  'realm-file-type/invalid/0_create_realm':
    'tests keycloak-config-cli\'s `import.file-type=auto`, which refuses a file without a .json/.yaml/.yml extension ("Unknown file extension"); realmform deliberately reads a file named explicitly whatever its extension (directories contribute only *.json, *.yaml, *.yml)',
  'users/15.0_update_realm_change_clientusers_password.json':
    "declares user attribute modifiedAt, which this realm's user profile (Keycloak 26's default, without an unmanagedAttributePolicy) drops: keycloak-config-cli sends it and Keycloak silently discards it; realmform refuses at plan time an attribute that could never be stored, and declaring it in the user profile needs user-profile management (issue 4)",
  'users/15.1_update_realm_change_clientusers_password.json':
    "declares user attribute modifiedAt, which this realm's user profile (Keycloak 26's default, without an unmanagedAttributePolicy) drops: keycloak-config-cli sends it and Keycloak silently discards it; realmform refuses at plan time an attribute that could never be stored, and declaring it in the user profile needs user-profile management (issue 4)",
  'users/16.1_update_realm_change_users_username.json':
    'renames user myuser (created by 00) to jake: keycloak-config-cli finds the user by email and renames it; realmform keys users by username, so jake is planned as a new user and Keycloak refuses the duplicate email (409)',
  'users/16.2_update_realm_change_users_username.json':
    'renames user jake to john123: keycloak-config-cli finds the user by email and renames it; realmform keys users by username, so john123 is planned as a new user and Keycloak refuses the duplicate email (409)',
  'realm-substitution/extended/0_update_realm.json':
    "runs with keycloak-config-cli's `import.var-substitution-undefined-throws-exceptions=false`, which keeps an unset variable as written; realmform has no such mode: an unset variable is always a load error (give a default with `:-`)",
};

/** What the server under test offers (from `GET /admin/serverinfo`). */
export interface ServerFacts {
  version: string;
  /** Names of the enabled features (`ORGANIZATION`, `ADMIN_FINE_GRAINED_AUTHZ_V2` …). */
  features: ReadonlySet<string>;
}

export interface Requirement {
  /** A Keycloak feature that must be enabled. */
  feature?: string;
  /** The oldest Keycloak version that has what the file uses. */
  minVersion?: string;
  /** What the file needs it for. */
  why: string;
}

/**
 * `folder/file` (or `folder/` for a whole folder) → what the server must offer. A file whose
 * requirement the server does not meet is skipped with the reason, never silently.
 */
export const REQUIREMENTS: Readonly<Record<string, Requirement>> = {
  'organizations/': { feature: 'ORGANIZATION', minVersion: '26', why: 'organizations' },
  'client-policies/': { feature: 'CLIENT_POLICIES', why: 'client policies and profiles' },
  'realm-passkeys/': {
    feature: 'PASSKEYS',
    why: 'the realm setting `webAuthnPolicyPasswordlessPasskeysEnabled`',
  },
  'user-profile/08_create_realm_with_default_value.json': {
    minVersion: '26.4',
    why: "a user-profile attribute's `defaultValue`",
  },
  'fgap-v2-compatibility/': {
    feature: 'ADMIN_FINE_GRAINED_AUTHZ_V2',
    minVersion: '26.2',
    why: 'fine-grained admin permissions v2 (`adminPermissionsEnabled`)',
  },
  'workflows/': { feature: 'WORKFLOWS', why: 'workflows' },
};

export function unmetRequirement(folder: string, file: string, server: ServerFacts): string | undefined {
  const requirement = REQUIREMENTS[`${folder}/${file}`] ?? REQUIREMENTS[`${folder}/`];
  if (!requirement) return undefined;
  if (requirement.feature && !server.features.has(requirement.feature))
    return `needs Keycloak feature ${requirement.feature} for ${requirement.why}; it is not enabled on this server (${server.version})`;
  if (requirement.minVersion && compareVersions(server.version, requirement.minVersion) < 0)
    return `needs Keycloak ${requirement.minVersion}+ for ${requirement.why}; this server is ${server.version}`;
  return undefined;
}

function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Folders that need an LDAP server, with the directory keycloak-config-cli's tests seed
 * (`embedded-ldap.ldif`: base dc=example,dc=org, bind cn=admin with admin123, users jbrown and
 * bwilson). The folder's files reach it through `$(sys:JUNIT_LDAP_HOST)` / `$(sys:JUNIT_LDAP_PORT)`.
 */
export const LDAP_SERVERS: Readonly<Record<string, LdapServerOptions>> = {
  'user-federation': {
    baseDn: 'dc=example,dc=org',
    bindPassword: 'admin123',
    users: [
      { uid: 'jbrown', givenName: 'James', sn: 'Brown' },
      { uid: 'bwilson', givenName: 'Bruce', sn: 'Wilson' },
    ],
  },
};

export function unsupportedReason(folder: string, file: string): string | undefined {
  return UNSUPPORTED[`${folder}/${file}`] ?? UNSUPPORTED[`${folder}/`];
}
