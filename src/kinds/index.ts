/**
 * Every kind realmform manages. The planner and applier are generic over this list; a kind
 * missing here is an error ("No handler for kind X"), never a silent skip. Collections no kind
 * manages yet are marked `ignored` in src/model/realm-fields.ts and reported as warnings in every plan.
 */
import { adminPermissionKind } from './admin-permission.js';
import { authFlowKind } from './auth-flow.js';
import { authzPermissionKind } from './authz-permission.js';
import { authzPolicyKind } from './authz-policy.js';
import { authzResourceKind } from './authz-resource.js';
import { authzScopeKind } from './authz-scope.js';
import { authzSettingsKind } from './authz-settings.js';
import { clientKind } from './client.js';
import { clientPolicyKind } from './client-policy.js';
import { clientProfileKind } from './client-profile.js';
import { clientRoleKind } from './client-role.js';
import { clientScopeKind } from './client-scope.js';
import { componentKind } from './component.js';
import { defaultGroupKind } from './default-group.js';
import { eventsConfigKind } from './events-config.js';
import { flowBindingKind } from './flow-binding.js';
import { groupKind } from './group.js';
import { groupRoleMappingKind } from './group-role-mapping.js';
import { identityProviderKind } from './identity-provider.js';
import { identityProviderMapperKind } from './identity-provider-mapper.js';
import { type KindDefinition, registerKind } from './kind.js';
import { localizationTextKind } from './localization-text.js';
import { organizationKind } from './organization.js';
import { organizationMemberKind } from './organization-member.js';
import { realmKind } from './realm.js';
import { realmDefaultClientScopeKind, realmOptionalClientScopeKind } from './realm-client-scope-lists.js';
import { realmRoleKind } from './realm-role.js';
import { requiredActionKind } from './required-action.js';
import { roleCompositeKind } from './role-composite.js';
import { scopeMappingKind } from './scope-mapping.js';
import { subComponentKind } from './sub-component.js';
import { userKind } from './user.js';
import { userGroupKind } from './user-group.js';
import { userProfileKind } from './user-profile.js';
import { userRoleMappingKind } from './user-role-mapping.js';

export const ALL_KINDS: readonly KindDefinition[] = [
  registerKind(realmKind),
  registerKind(authFlowKind),
  registerKind(flowBindingKind),
  registerKind(clientScopeKind),
  registerKind(realmDefaultClientScopeKind),
  registerKind(realmOptionalClientScopeKind),
  registerKind(withDependencies(clientKind, ['auth-flow'])),
  registerKind(realmRoleKind),
  registerKind(clientRoleKind),
  registerKind(roleCompositeKind),
  registerKind(groupKind),
  registerKind(groupRoleMappingKind),
  registerKind(defaultGroupKind),
  registerKind(withDependencies(userKind, ['sub-component', 'user-profile'])),
  registerKind(userGroupKind),
  registerKind(userRoleMappingKind),
  registerKind(scopeMappingKind),
  registerKind(clientProfileKind),
  registerKind(clientPolicyKind),
  // Organizations link identity providers, which must exist first.
  registerKind(withDependencies(organizationKind, ['identity-provider'])),
  registerKind(organizationMemberKind),
  registerKind(withDependencies(identityProviderKind, ['auth-flow'])),
  registerKind(withDependencies(identityProviderMapperKind, ['group'])),
  registerKind(componentKind),
  registerKind(subComponentKind),
  registerKind(requiredActionKind),
  registerKind(eventsConfigKind),
  registerKind(localizationTextKind),
  registerKind(userProfileKind),
  registerKind(withDependencies(authzSettingsKind, ['client'])),
  registerKind(authzScopeKind),
  registerKind(withDependencies(authzResourceKind, ['user'])),
  registerKind(
    withDependencies(authzPolicyKind, ['realm-role', 'client-role', 'group', 'user', 'client-scope']),
  ),
  registerKind(authzPermissionKind),
  registerKind(
    withDependencies(adminPermissionKind, ['client', 'group', 'user', 'realm-role', 'client-role']),
  ),
];

/**
 * Cross-area ordering added at registration, so each kind module (and its tests) can be used
 * with only the kinds of its own area.
 */
function withDependencies<T extends { readonly dependsOn: readonly string[] }>(
  kind: T,
  extra: readonly string[],
): T {
  return { ...kind, dependsOn: [...new Set([...kind.dependsOn, ...extra])] };
}

export type {
  DesiredObject,
  KindContext,
  KindDefinition,
  LiveObject,
  ManifestView,
  Reference,
} from './kind.js';
export { address, defineKind } from './kind.js';
