/**
 * Every kind realmform manages. The planner and applier are generic over this list; a kind
 * missing here is an error ("No handler for kind X"), never a silent skip. Collections no kind
 * manages yet are listed in not-yet-managed.ts and reported as warnings in every plan.
 */
import { clientKind } from './client.js';
import { clientRoleKind } from './client-role.js';
import { clientScopeKind } from './client-scope.js';
import { defaultGroupKind } from './default-group.js';
import { groupKind } from './group.js';
import { groupRoleMappingKind } from './group-role-mapping.js';
import type { KindDefinition } from './kind.js';
import { realmKind } from './realm.js';
import { realmDefaultClientScopeKind, realmOptionalClientScopeKind } from './realm-client-scope-lists.js';
import { realmRoleKind } from './realm-role.js';
import { roleCompositeKind } from './role-composite.js';
import { userKind } from './user.js';
import { userGroupKind } from './user-group.js';
import { userRoleMappingKind } from './user-role-mapping.js';

export const ALL_KINDS: readonly KindDefinition[] = [
  realmKind,
  clientScopeKind,
  realmDefaultClientScopeKind,
  realmOptionalClientScopeKind,
  clientKind,
  realmRoleKind,
  clientRoleKind,
  roleCompositeKind,
  groupKind,
  groupRoleMappingKind,
  defaultGroupKind,
  userKind,
  userGroupKind,
  userRoleMappingKind,
] as KindDefinition[];

export type {
  DesiredObject,
  KindContext,
  KindDefinition,
  LiveObject,
  ManifestView,
  Reference,
} from './kind.js';
export { address, defineKind } from './kind.js';
