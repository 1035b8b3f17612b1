import { bool, definitions, str, strict, stringMap, strings } from './primitives.js';

export const identityProviderSchema = strict({
  alias: str,
  displayName: str.optional(),
  internalId: str.optional(),
  providerId: str.optional(),
  enabled: bool.optional(),
  updateProfileFirstLoginMode: str.optional(),
  /** Deprecated (Keycloak < 4). */
  updateProfileFirstLogin: bool.optional(),
  trustEmail: bool.optional(),
  storeToken: bool.optional(),
  addReadTokenRoleOnCreate: bool.optional(),
  authenticateByDefault: bool.optional(),
  linkOnly: bool.optional(),
  hideOnLogin: bool.optional(),
  firstBrokerLoginFlowAlias: str.optional(),
  postBrokerLoginFlowAlias: str.optional(),
  organizationId: str.optional(),
  /** Exported by 26.7, not by 26.2: what the provider can be used for, computed from its type (never written). */
  types: strings.optional(),
  config: stringMap.optional(),
}).register(definitions, { id: 'IdentityProvider' });

export const identityProviderMapperSchema = strict({
  id: str.optional(),
  name: str,
  identityProviderAlias: str,
  identityProviderMapper: str.optional(),
  config: stringMap.optional(),
}).register(definitions, { id: 'IdentityProviderMapper' });
