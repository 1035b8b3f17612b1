/** Types for identity providers (`/identity-provider/...`) beyond the shared representations. */
import type { ConfigPropertyRepresentation, IdentityProviderRepresentation } from './representations.js';

/** An identity provider as 26.x returns it: with the kinds of use it supports. */
export interface IdentityProviderInstanceRepresentation extends IdentityProviderRepresentation {
  /** E.g. `USER_AUTHENTICATION`, `CLIENT_ASSERTION`, `EXCHANGE_EXTERNAL_TOKEN` (read-only). */
  types?: string[];
}

/** Query of `GET /identity-provider/instances`. */
export interface IdentityProviderQuery {
  /** Alias filter: a prefix by default, `*x*` for a substring, `"x"` (in quotes) for an exact match. */
  search?: string;
  /** Only alias, display name, ids and flags; `config` comes back empty. */
  briefRepresentation?: boolean;
  /** Leave out the providers that belong to organizations. */
  realmOnly?: boolean;
  first?: number;
  max?: number;
}

/** One setting of an identity provider mapper type. */
export type IdentityProviderMapperConfigProperty = ConfigPropertyRepresentation;

/** A mapper type an identity provider accepts (`GET /instances/{alias}/mapper-types`). */
export interface IdentityProviderMapperTypeRepresentation {
  id?: string;
  name?: string;
  category?: string;
  helpText?: string;
  properties?: IdentityProviderMapperConfigProperty[];
}
