export { Authorization, Permission, Policy, Role } from './authorization.js';
export type {
  AuthUrlOptions,
  DecodeTokenOptions,
  ExchangeTokenOptions,
  FormExtra,
  IntrospectOptions,
  KeycloakOpenIDOptions,
  PkcePair,
  RefreshTokenOptions,
  TokenInfoOptions,
  TokenOptions,
  TokenVerificationKey,
  UmaPermissionsOptions,
} from './keycloak-openid.js';
export { createPkcePair, KeycloakOpenID } from './keycloak-openid.js';
export { generateCodeChallenge, generateCodeVerifier } from './pkce.js';
export type { PermissionsParam } from './uma-permissions.js';
export {
  AuthStatus,
  buildPermissionParam,
  Resource,
  Scope,
  UMAPermission,
} from './uma-permissions.js';
