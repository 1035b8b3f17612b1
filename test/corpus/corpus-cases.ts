/**
 * Which corpus folders run, which files must fail, what realmform deliberately does not support,
 * and what needs a server feature or version.
 */

import { FEATURES, type Feature, hasFeature, parseKeycloakVersion } from '../../src/server/versions.js';
import type { LdapServerOptions } from '../support/ldap-server.js';

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

const FGAP_V1_BASE =
  "realm-management's `authorizationSettings` are fine-grained admin permissions v1 (feature admin-fine-grained-authz:v1), which Keycloak 26.2+ replaces with v2 and leaves off by default (off on the server under test); realmform refuses them at plan time";
const CLIENTS_V1_SKIPPED = "keycloak-config-cli's ImportClientsIT skips these files on 26.2+";
const FGAP_V1 = `${FGAP_V1_BASE}. ${CLIENTS_V1_SKIPPED}`;
const fgapV1 = (detail: string) => `${FGAP_V1_BASE} (${detail}). ${CLIENTS_V1_SKIPPED}`;
const FGAP_V1_501 = `${FGAP_V1_BASE}. keycloak-config-cli applies this file by catching the HTTP 501 of every v1 call and logging a warning`;
const FLOW_IN_USE =
  'declares `authenticationFlows` without "my custom first login flow", which identity provider "saml-with-custom-flow" (created by 66a; this file declares no identity providers) still uses as its first broker login flow: keycloak-config-cli silently keeps a flow that is in use; realmform deletes the flows a declared list leaves out and refuses at plan time to delete one still in use (declare it, or rebind the provider)';
const SHARED_CONFIG =
  'flow "with-two-ids" has two executions naming authenticator config "id1": Keycloak 26.1+ keeps one config per alias and its admin API cannot share a config between executions (a second config of one alias answers 409, an execution pointing at an existing config 500), so realmform refuses the declaration at plan time (test/kinds/auth-flows.it.test.ts); keycloak-config-cli\'s test accepts that only one "id1" config exists afterwards';
const UNDECLARED_ATTRIBUTE =
  "which this realm's user profile (Keycloak 26's default, without an unmanagedAttributePolicy) does not declare: Keycloak silently drops such attributes (keycloak-config-cli sends them anyway); realmform refuses at plan time an attribute that could never be stored. realmform manages `userProfile`, but this file declares none";
const LOCALE_DROPPED =
  'declares user attribute `locale` for myuser in a realm without `internationalizationEnabled`, where Keycloak 26 drops it (measured: it is kept only with internationalization on): keycloak-config-cli sends it and Keycloak silently discards it; realmform refuses at plan time an attribute that could never be stored (ImportOrganizationsIT asserts only the organizations)';

/**
 * `folder/file` (or `folder/` for a whole folder) → why realmform does not run it. Each entry is a
 * decision, not a failure hidden: the reason says what differs.
 */
export const UNSUPPORTED: Readonly<Record<string, string>> = {
  'clients/41_update_realm_add_authz_policy_realm-management.json': FGAP_V1,
  'clients/42_update_realm_update_authz_policy_realm-management.json': FGAP_V1,
  'clients/43_update_realm_remove_client_and_authz_policy_realm-management.json': FGAP_V1,
  'clients/44_update_realm_remove_authz_policy_realm-management.json': FGAP_V1,
  'clients/45_update_realm_update_authz_policy_for_idp_realm-management.json': fgapV1(
    'permissions for an identity provider',
  ),
  'clients/46_update_realm_update_authz_policy_for_idp_with_placeholder_realm-management.json': fgapV1(
    "it names objects with keycloak-config-cli's `$idp.id(…)` placeholders",
  ),
  'clients/47_update_realm_update_authz_policy_for_role_with_placeholder_realm-management.json': fgapV1(
    "it names objects with keycloak-config-cli's `$role.id(…)` placeholders",
  ),
  'clients/48_update_realm_update_authz_policy_for_group_with_placeholder_realm-management.json': fgapV1(
    "it names objects with keycloak-config-cli's `$group.id(…)` placeholders",
  ),
  'clients/49.0_update_realm_update_authz_policy_for_unknown_type_with_placeholder_realm-management.json':
    fgapV1('a placeholder of an unknown type, which keycloak-config-cli must reject'),
  'clients/49.1_update_realm_update_authz_policy_for_client_with_error_placeholder_realm-management.json':
    fgapV1('a placeholder naming a missing client, which keycloak-config-cli must reject'),
  'clients/49.2_update_realm_update_authz_policy_for_idp_with_error_placeholder_realm-management.json':
    fgapV1('a placeholder naming a missing identity provider, which keycloak-config-cli must reject'),
  'clients/49.3_update_realm_update_authz_policy_for_role_with_error_placeholder_realm-management.json':
    fgapV1('a placeholder naming a missing role, which keycloak-config-cli must reject'),
  'clients/49.4_update_realm_update_authz_policy_for_group_with_error_placeholder_realm-management.json':
    fgapV1('a placeholder naming a missing group, which keycloak-config-cli must reject'),
  'clients/50.0_update_realm_update_authz_policy_for_unknown_type_with_id_realm-management.json': fgapV1(
    'an object of unknown type, by id',
  ),
  'clients/50.1_update_realm_update_authz_policy_for_client_with_bad_id_realm-management.json': fgapV1(
    'a client id that does not exist',
  ),
  'clients/50.2_update_realm_update_authz_policy_for_idp_with_bad_id_realm-management.json': fgapV1(
    'an identity provider id that does not exist',
  ),
  'clients/50.3_update_realm_update_authz_policy_for_role_with_bad_id_realm-management.json': fgapV1(
    'a role id that does not exist',
  ),
  'clients/50.4_update_realm_update_authz_policy_for_group_with_bad_id_realm-management.json': fgapV1(
    'a group id that does not exist',
  ),
  'clients/51_update_realm_with_client_with_more_than_100_roles_in_realm_management_authorization.json':
    fgapV1('more than 100 role permissions'),
  'managed-no-delete/':
    "runs with keycloak-config-cli's `import.managed.*=no-delete` options (declared collections are additive: nothing undeclared is deleted); realmform has no additive mode in this version: a declared collection is authoritative",
  'realm-file-type/yaml/3_update_realm_anchors.yaml': `declares user attributes attr1–attr4, ${UNDECLARED_ATTRIBUTE}. The YAML anchors and merge keys themselves load (test/model/corpus.test.ts)`,
  'realm-file-type/invalid/0_create_realm':
    'tests keycloak-config-cli\'s `import.file-type=auto`, which refuses a file without a .json/.yaml/.yml extension ("Unknown file extension"); realmform deliberately reads a file named explicitly whatever its extension (directories contribute only *.json, *.yaml, *.yml)',
  'users/15.0_update_realm_change_clientusers_password.json': `declares user attribute modifiedAt, ${UNDECLARED_ATTRIBUTE}`,
  'users/15.1_update_realm_change_clientusers_password.json': `declares user attribute modifiedAt, ${UNDECLARED_ATTRIBUTE}`,
  'users/16.1_update_realm_change_users_username.json':
    'renames user myuser (created by 00) to jake: keycloak-config-cli finds the user by email and renames it; realmform keys users by username, so jake is planned as a new user and Keycloak refuses the duplicate email (409)',
  'users/16.2_update_realm_change_users_username.json':
    'renames user jake to john123: keycloak-config-cli finds the user by email and renames it; realmform keys users by username, so john123 is planned as a new user and Keycloak refuses the duplicate email (409)',
  'realm-substitution/extended/0_update_realm.json':
    "runs with keycloak-config-cli's `import.var-substitution.undefined-is-error=false`, which keeps an unset variable as written; realmform honours that setting too (test/model/corpus.test.ts loads the file so), but this run uses the defaults, where an unset variable is a load error",
  'auth-flows/31_update_realm__update_multiple_executions_with_same_authenticator.json': SHARED_CONFIG,
  'auth-flows/32_update_realm__update_multiple_executions_with_same_authenticator_with_config.json':
    SHARED_CONFIG,
  'auth-flows/67a_update_realm__create_and_set_as_default_each_flow.json': `${SHARED_CONFIG}. It also ${FLOW_IN_USE}`,
  'auth-flows/68_update_realm__set_first_broker_login_flow.json': FLOW_IN_USE,
  'auth-flows/875_01_update_realm__change_display_name_only_with_flows.json': FLOW_IN_USE,
  'user-federation/07_update_realm_with_federation_readonly_change_attributes.json':
    'runs with keycloak-config-cli\'s `import.behaviors.skip-attributes-for-federated-user=true`, which drops the declared attributes of users that come from a federation provider: the file sets LDAP_ID (the LDAP provider\'s own link attribute) and userCertificate to "" on LDAP user jbrown. realmform has no such option: it would overwrite them, and refuses at plan time attributes the user profile does not declare',
  'organizations/01_create_organization_empty.json': LOCALE_DROPPED,
  'organizations/03_add_organization_members.json':
    "adds as members the users that 01 creates (myuser, myclientuser, ceo@…, cto@…), which do not exist because 01 is not supported (see there); keycloak-config-cli's ImportOrganizationsIT never applies this file",
  'organizations/06_import_organizations_full_realm.json': LOCALE_DROPPED,
  'fgap-v2-compatibility/00_create_realm_with_authorization_fgap_v2.json': FGAP_V1_501,
  'fgap-v2-compatibility/01_update_realm_management_permissions_fgap_v2.json': FGAP_V1_501,
  'fgap-v2-compatibility/02_test_fgap_v2_501_error_handling.json': FGAP_V1_501,
  'fgap-v2-compatibility/02_update_realm_management_permissions_fgap_v2.json': FGAP_V1_501,
  'fgap-v2-compatibility/01_update_realm_authorization_fgap_v2.json':
    'role policy "Test Policy" names realm role "admin", which exists nowhere (no file of the folder creates it before): Keycloak stores such a policy without the role (measured: `roles: []`), so realmform refuses it at plan time as a dangling reference; keycloak-config-cli asserts only that the client exists',
  'workflows/':
    'declares `workflows` (Keycloak 26.4+ workflows, enabled on the server under test): realmform does not manage workflows in this version; a plan warns that they are ignored, which would make a pass prove nothing',
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
  /** A row of realmform's version table (src/server/versions.ts) the server's version must have. */
  versionFeature?: Feature;
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
  'organizations/': {
    feature: 'ORGANIZATION',
    versionFeature: 'organizationWithoutDomain',
    why: 'organizations, several without a domain (a plan error on 26.0–26.2, see test/server)',
  },
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
  'clients/27_update_realm__enable_standard_token_exchange.json': {
    versionFeature: 'standardTokenExchange',
    why: 'the client attribute `standard.token.exchange.enabled` (a plan error before, see test/server)',
  },
};

export function unmetRequirement(folder: string, file: string, server: ServerFacts): string | undefined {
  const requirement = REQUIREMENTS[`${folder}/${file}`] ?? REQUIREMENTS[`${folder}/`];
  if (!requirement) return undefined;
  if (requirement.feature && !server.features.has(requirement.feature))
    return `needs Keycloak feature ${requirement.feature} for ${requirement.why}; it is not enabled on this server (${server.version})`;
  const version = parseKeycloakVersion(server.version);
  if (requirement.versionFeature && version && !hasFeature(version, requirement.versionFeature))
    return `needs Keycloak ${FEATURES[requirement.versionFeature].since}+ for ${requirement.why}; this server is ${server.version}`;
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
