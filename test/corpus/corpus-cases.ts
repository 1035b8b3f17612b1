/** Which corpus folders run, which files must fail, and what realmform deliberately does not support. */
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
};

export function expectedFailure(folder: string, file: string): boolean {
  const id = `${folder}/${file}`;
  if (id in EXPECTED_TO_SUCCEED) return false;
  return id in EXPECTED_TO_FAIL || EXPECTED_FAILURE.test(file);
}

const AUTHZ = 'needs authorization services (issue 4)';
const FLOWS = 'needs authentication flows (issue 4)';

/**
 * `folder/file` (or `folder/` for a whole folder) → why realmform does not run it. Each entry is a
 * decision, not a failure hidden: the reason says what differs.
 */
export const UNSUPPORTED: Readonly<Record<string, string>> = {
  'clients/10.0_update_realm__raise_error_add_authorization_client_bearer_only.json': `${AUTHZ}: keycloak-config-cli refuses \`authorizationSettings\` on a bearer-only client; realmform does not manage authorization settings yet (it ignores them with a warning)`,
  'clients/10.1_update_realm__raise_error_add_authorization_client_public.json': `${AUTHZ}: keycloak-config-cli refuses \`authorizationSettings\` on a public client; realmform does not manage authorization settings yet (it ignores them with a warning)`,
  'clients/10.2_update_realm__raise_error_add_authorization_without_service_account_enabled.json': `${AUTHZ}: keycloak-config-cli refuses \`authorizationSettings\` on a client without service accounts; realmform does not manage authorization settings yet (it ignores them with a warning)`,
  'clients/11_update_realm__add_authorization.json': `${AUTHZ}: resources, scopes, policies and permissions of auth-moped-client; its service account is given \`uma_protection\`, the role Keycloak creates when authorization is enabled`,
  'clients/12_update_realm__update_authorization.json': `${AUTHZ}: changes authorization resources, policies and permissions`,
  'clients/13_update_realm__remove_authorization.json': `${AUTHZ}: removes authorization resources, policies and permissions`,
  'clients/14_update_realm__set_auth-flow-overrides.json': `${FLOWS}: the override names "custom flow" by alias, a flow declared in the same file's \`authenticationFlows\``,
  'clients/15_update_realm__change_auth-flow-overrides.json': `${FLOWS}: the override names "custom flow 2" by alias, a flow declared in the same file's \`authenticationFlows\``,
  'clients/16_update_realm__ignore_auth-flow-overrides.json': `${FLOWS}: the override names "custom flow 2" by alias, a flow declared in the same file's \`authenticationFlows\``,
  'clients/17_update_realm__update_id_auth-flow-overrides_when_flow_changed.json': `${FLOWS}: the override names "custom flow 2", whose flow the same file changes in \`authenticationFlows\``,
  'clients/41_update_realm_add_authz_policy_realm-management.json': `${AUTHZ}: realm-management permissions (fine-grained admin permissions v1)`,
  'clients/42_update_realm_update_authz_policy_realm-management.json': `${AUTHZ}: realm-management permissions (fine-grained admin permissions v1)`,
  'clients/43_update_realm_remove_client_and_authz_policy_realm-management.json': `${AUTHZ}: realm-management permissions (fine-grained admin permissions v1)`,
  'clients/44_update_realm_remove_authz_policy_realm-management.json': `${AUTHZ}: realm-management permissions (fine-grained admin permissions v1)`,
  'clients/45_update_realm_update_authz_policy_for_idp_realm-management.json': `${AUTHZ}: realm-management permissions for an identity provider`,
  'clients/46_update_realm_update_authz_policy_for_idp_with_placeholder_realm-management.json': `${AUTHZ}: realm-management permissions with keycloak-config-cli's \`$idp.id(…)\` placeholders`,
  'clients/47_update_realm_update_authz_policy_for_role_with_placeholder_realm-management.json': `${AUTHZ}: realm-management permissions with keycloak-config-cli's \`$role.id(…)\` placeholders`,
  'clients/48_update_realm_update_authz_policy_for_group_with_placeholder_realm-management.json': `${AUTHZ}: realm-management permissions with keycloak-config-cli's \`$group.id(…)\` placeholders`,
  'clients/49.0_update_realm_update_authz_policy_for_unknown_type_with_placeholder_realm-management.json': `${AUTHZ}: a realm-management permission placeholder of an unknown type must fail`,
  'clients/49.1_update_realm_update_authz_policy_for_client_with_error_placeholder_realm-management.json': `${AUTHZ}: a realm-management permission placeholder naming a missing client must fail`,
  'clients/49.2_update_realm_update_authz_policy_for_idp_with_error_placeholder_realm-management.json': `${AUTHZ}: a realm-management permission placeholder naming a missing identity provider must fail`,
  'clients/49.3_update_realm_update_authz_policy_for_role_with_error_placeholder_realm-management.json': `${AUTHZ}: a realm-management permission placeholder naming a missing role must fail`,
  'clients/49.4_update_realm_update_authz_policy_for_group_with_error_placeholder_realm-management.json': `${AUTHZ}: a realm-management permission placeholder naming a missing group must fail`,
  'clients/50.0_update_realm_update_authz_policy_for_unknown_type_with_id_realm-management.json': `${AUTHZ}: realm-management permissions for an object of unknown type, by id`,
  'clients/50.1_update_realm_update_authz_policy_for_client_with_bad_id_realm-management.json': `${AUTHZ}: realm-management permissions for a client id that does not exist`,
  'clients/50.2_update_realm_update_authz_policy_for_idp_with_bad_id_realm-management.json': `${AUTHZ}: realm-management permissions for an identity provider id that does not exist`,
  'clients/50.3_update_realm_update_authz_policy_for_role_with_bad_id_realm-management.json': `${AUTHZ}: realm-management permissions for a role id that does not exist`,
  'clients/50.4_update_realm_update_authz_policy_for_group_with_bad_id_realm-management.json': `${AUTHZ}: realm-management permissions for a group id that does not exist`,
  'clients/51_update_realm_with_client_with_more_than_100_roles_in_realm_management_authorization.json': `${AUTHZ}: realm-management authorization with more than 100 role permissions`,
  'clients/52_fix_authorization_import_order_scopes_before_resources.json': `${AUTHZ}: the order in which authorization scopes and resources are imported`,
  'clients/70_create_realm__with_client_with_auth-flow-overrides.json': `${FLOWS}: the override names "custom flow" by alias, a flow declared in the same file's \`authenticationFlows\``,
  'clients/71_update_realm__add_client_with_auth-flow-overrides.json': `${FLOWS}: the overrides name "custom flow" by alias, a flow declared in the same file's \`authenticationFlows\``,
  'clients/73_update_realm__set_auth-flow-overrides-with-id.json': `${FLOWS}: the override names by id the flow "custom exported flow", which the same file declares (with that id) in \`authenticationFlows\``,
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

export function unsupportedReason(folder: string, file: string): string | undefined {
  return UNSUPPORTED[`${folder}/${file}`] ?? UNSUPPORTED[`${folder}/`];
}
