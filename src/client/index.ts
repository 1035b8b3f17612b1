/**
 * realmform/client: a complete, typed Keycloak admin and OpenID client.
 */

export type { Created, ListQuery, PageOptions } from './admin/admin-base.js';
export { collect } from './admin/admin-base.js';
export type { KeycloakAdminOptions } from './admin/keycloak-admin.js';
export { KeycloakAdmin } from './admin/keycloak-admin.js';
export type {
  ConnectionOptions,
  RequestEvent,
  RequestOptions,
  RetryEvent,
  RetryOptions,
} from './connection.js';
export { ConnectionManager } from './connection.js';
export * from './errors.js';
export type { HttpResponse } from './http-response.js';
export * from './openid/index.js';
export { REDACTED, redactText, redactValue, withoutCredentials } from './redact.js';
export type { AdminGrant, TokenResponse, TokenSet } from './token-manager.js';
export { TokenManager } from './token-manager.js';
export type * from './types/index.js';
