import * as z from 'zod';
import type { ResourceRepresentation, ScopeRepresentation } from '../../representations/index.js';
import { bool, definitions, json, multiMap, str, strict, stringMap, strings } from './primitives.js';

const decisionStrategy = z.enum(['AFFIRMATIVE', 'UNANIMOUS', 'CONSENSUS']);

const roleRef = strict({ id: str, required: bool.optional() });

export const policySchema = strict({
  id: str.optional(),
  name: str.optional(),
  description: str.optional(),
  type: str.optional(),
  policies: strings.optional(),
  resources: strings.optional(),
  scopes: strings.optional(),
  logic: z.enum(['POSITIVE', 'NEGATIVE']).optional(),
  decisionStrategy: decisionStrategy.optional(),
  owner: str.optional(),
  resourceType: str.optional(),
  config: stringMap.optional(),
  // Type-specific fields, accepted by the policy endpoints and found in hand-written files.
  roles: z.array(roleRef).optional(),
  groups: z
    .array(strict({ id: str.optional(), path: str.optional(), extendChildren: bool.optional() }))
    .optional(),
  groupsClaim: str.optional(),
  clients: strings.optional(),
  users: strings.optional(),
  clientScopes: z.array(roleRef).optional(),
  fetchRoles: bool.optional(),
  code: str.optional(),
}).register(definitions, { id: 'Policy' });

// Scopes and resources refer to each other: getters build the cycle lazily, and the explicit
// types let TypeScript follow it.
export const authzScopeSchema: z.ZodType<ScopeRepresentation> = strict({
  id: str.optional(),
  name: str.optional(),
  iconUri: str.optional(),
  displayName: str.optional(),
  get policies() {
    return z.array(policySchema).optional();
  },
  get resources() {
    return z.array(resourceSchema).optional();
  },
}).register(definitions, { id: 'AuthorizationScope' });

export const resourceSchema: z.ZodType<ResourceRepresentation> = strict({
  _id: str.optional(),
  name: str.optional(),
  uris: strings.optional(),
  /** Deprecated single-URI form. */
  uri: str.optional(),
  type: str.optional(),
  get scopes() {
    return z.array(authzScopeSchema).optional();
  },
  /** The scopes under their UMA protection API name (what Jackson reads besides `scopes`). */
  get resource_scopes() {
    return z.array(authzScopeSchema).optional();
  },
  icon_uri: str.optional(),
  owner: z.union([str, strict({ id: str.optional(), name: str.optional() })]).optional(),
  ownerManagedAccess: bool.optional(),
  displayName: str.optional(),
  attributes: multiMap.optional(),
}).register(definitions, { id: 'AuthorizationResource' });

export const resourceServerSchema = strict({
  id: str.optional(),
  clientId: str.optional(),
  name: str.optional(),
  allowRemoteResourceManagement: bool.optional(),
  policyEnforcementMode: z.enum(['ENFORCING', 'PERMISSIVE', 'DISABLED']).optional(),
  resources: z.array(resourceSchema).optional(),
  policies: z.array(policySchema).optional(),
  scopes: z.array(authzScopeSchema).optional(),
  decisionStrategy: decisionStrategy.optional(),
  /** Fine-grained admin permissions v2 resource types: shape owned by Keycloak, kept as JSON. */
  authorizationSchema: json.optional(),
}).register(definitions, { id: 'ResourceServer' });
