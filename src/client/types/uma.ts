/**
 * Shapes of Keycloak's UMA 2.0 protection API (resource sets, permission tickets, user-managed
 * policies), as the 26.x server sends them. Not the admin API's authorization representations:
 * names and nesting differ (`resource_scopes`, policy `roles` as plain names …).
 */

/** `/.well-known/uma2-configuration`. */
export interface UmaConfiguration {
  issuer: string;
  token_endpoint: string;
  resource_registration_endpoint: string;
  permission_endpoint: string;
  policy_endpoint: string;
  introspection_endpoint?: string;
  [key: string]: unknown;
}

/** A resource as the protection API reads and writes it. */
export interface UmaResource {
  _id?: string;
  name?: string;
  displayName?: string;
  type?: string;
  uris?: string[];
  /** Scope names when writing; objects `{ name }` (or names) when reading. */
  scopes?: (string | { id?: string; name?: string; [key: string]: unknown })[];
  resource_scopes?: (string | { id?: string; name?: string; [key: string]: unknown })[];
  icon_uri?: string;
  owner?: string | { id?: string; name?: string };
  ownerManagedAccess?: boolean;
  attributes?: Record<string, string[]>;
  [key: string]: unknown;
}

/** A user-managed (UMA) policy on a resource. */
export interface UmaPolicy {
  id?: string;
  name?: string;
  description?: string;
  type?: string;
  scopes?: string[];
  /** Realm role names, or `clientId/role` for client roles. */
  roles?: string[];
  /** Group paths. */
  groups?: string[];
  /** clientIds. */
  clients?: string[];
  users?: string[];
  condition?: string;
  logic?: 'POSITIVE' | 'NEGATIVE';
  decisionStrategy?: 'AFFIRMATIVE' | 'UNANIMOUS' | 'CONSENSUS';
  owner?: string;
  [key: string]: unknown;
}

/** The permission endpoint's answer: a ticket to exchange for an RPT (UMA grant with `ticket`). */
export interface PermissionTicketResponse {
  ticket: string;
  [key: string]: unknown;
}
