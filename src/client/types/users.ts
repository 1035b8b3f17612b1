/** Types for the users area (src/client/admin/users.ts). */
import type { UserConsentRepresentation } from './representations.js';

/** Filters of `GET /users/count` (Keycloak 26). */
export interface UsersCountQuery {
  /** Substring of username, first/last name or email; `*` wildcards, `"quoted"` for exact. */
  search?: string;
  username?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  enabled?: boolean;
  emailVerified?: boolean;
  /**
   * Attribute search: `"key1:value1 key2:value2"`, or a record that is turned into that form.
   * Only attributes known to the user profile (or allowed as unmanaged) match.
   */
  q?: string | Readonly<Record<string, string>>;
}

/** Filters and paging of `GET /users`. */
export interface UsersQuery extends UsersCountQuery {
  /** `username`, `email`, `firstName`, `lastName` match exactly instead of as substrings. */
  exact?: boolean;
  /** Users linked to this identity provider alias. */
  idpAlias?: string;
  /** With `idpAlias`: the user id at the identity provider. */
  idpUserId?: string;
  /** Omit attributes and other details. */
  briefRepresentation?: boolean;
  /** Offset. With `first` or `max` exactly one page is fetched, otherwise all pages. */
  first?: number;
  max?: number;
  /** Client-side page size when all pages are fetched (not sent). Default 100. */
  pageSize?: number;
}

export interface GetUserOptions {
  /** Include the user-profile metadata (attribute definitions) in the answer. */
  userProfileMetadata?: boolean;
}

export interface UserGroupsOptions {
  /** Default `true`, as in python-keycloak: groups without attributes. */
  briefRepresentation?: boolean;
  /** Substring of the group name. */
  search?: string;
  /** With `first` or `max` exactly one page is fetched, otherwise all pages. */
  first?: number;
  max?: number;
  /** Client-side page size when all pages are fetched (not sent). Default 100. */
  pageSize?: number;
}

export interface SetUserPasswordOptions {
  /** The user must change the password at the next login. Default `true` (python-keycloak's default). */
  temporary?: boolean;
}

export interface ExecuteActionsEmailOptions {
  /** Client the link returns to (its `clientId`, not the internal id). */
  clientId?: string;
  /** Seconds the link stays valid. Default: the realm's action-token lifespan. */
  lifespan?: number;
  /** Where the user lands after the actions; must be a valid redirect URI of `clientId`. */
  redirectUri?: string;
}

export type VerifyEmailOptions = ExecuteActionsEmailOptions;

/**
 * A consent as `GET /users/{id}/consents` returns it: besides granted scopes, an offline token
 * shows up as an additional grant (`key: "Offline Token"`, `client` = the client's internal id).
 */
export interface UserConsent extends UserConsentRepresentation {
  additionalGrants?: { client?: string; key?: string }[];
}

/** One attribute of the user profile (`GET /users/profile`). */
export interface UserProfileAttribute {
  name: string;
  displayName?: string;
  validations?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  required?: { roles?: string[]; scopes?: string[] };
  permissions?: { view?: string[]; edit?: string[] };
  selector?: { scopes?: string[] };
  group?: string;
  multivalued?: boolean;
  defaultValue?: string;
}

/** The realm's user profile configuration (Keycloak's UPConfig). */
export interface UserProfileConfig {
  attributes?: UserProfileAttribute[];
  groups?: {
    name: string;
    displayHeader?: string;
    displayDescription?: string;
    annotations?: Record<string, unknown>;
  }[];
  /**
   * Attributes the profile does not declare: absent = dropped on write, `ADMIN_VIEW` = kept but
   * read-only for admins, `ADMIN_EDIT` = admins may write them, `ENABLED` = everyone may.
   */
  unmanagedAttributePolicy?: 'ENABLED' | 'ADMIN_VIEW' | 'ADMIN_EDIT';
}
