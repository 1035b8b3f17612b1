/**
 * Types for a client's authorization services (`/clients/{id}/authz/resource-server/...`).
 * The shared representations (ResourceServerRepresentation, ResourceRepresentation,
 * ScopeRepresentation, PolicyRepresentation) live in representations.ts.
 */
import type * as Keycloak from '../../representations/generated.js';
import type { PolicyRepresentation } from './representations.js';

/**
 * Policy types a 26.x server offers out of the box. `js` only works for policies deployed as
 * JAR scripts (uploads are disabled); other providers may add types.
 */
export type AuthzPolicyType =
  | 'aggregate'
  | 'client'
  | 'client-scope'
  | 'group'
  | 'js'
  | 'regex'
  | 'role'
  | 'time'
  | 'user'
  | 'resource'
  | 'scope'
  | (string & Record<never, never>);

/**
 * A policy or permission in either of Keycloak's two shapes: the generic one (type-specific
 * settings as strings in `config`, what `GET /policy` returns) or the typed one (settings as
 * top-level fields, what `/policy/{type}` accepts and returns).
 */
export interface AuthzPolicyRepresentation
  extends PolicyRepresentation,
    /** time policies */
    Omit<Keycloak.TimePolicyRepresentation, keyof PolicyRepresentation>,
    /** regex policies */
    Pick<Keycloak.RegexPolicyRepresentation, 'pattern' | 'targetClaim' | 'targetContextAttributes'>,
    /** js policies */
    Pick<Keycloak.JSPolicyRepresentation, 'code'> {}

/** Query of `GET /resource-server/resource`. */
export interface AuthzResourceQuery {
  name?: string;
  /** With `name`: match the whole name instead of a substring. */
  exactName?: boolean;
  uri?: string;
  matchingUri?: boolean;
  owner?: string;
  type?: string;
  scope?: string;
  /** Include owner and scope details (Keycloak's default: true). */
  deep?: boolean;
  first?: number;
  max?: number;
}

/** Query of `GET /resource-server/scope`. `name` matches a substring. */
export interface AuthzScopeQuery {
  name?: string;
  scopeId?: string;
  first?: number;
  max?: number;
}

/** Query of `GET /resource-server/policy` and `/permission`. `name` matches a substring. */
export interface AuthzPolicyQuery {
  name?: string;
  type?: string;
  resource?: string;
  resourceType?: string;
  scope?: string;
  /** `true`: permissions only, `false`: policies only, absent: both. */
  permission?: boolean;
  owner?: string;
  fields?: string;
  policyId?: string;
  first?: number;
  max?: number;
}
