/** Types for server info, keys, events and brute-force detection (src/client/admin/server.ts). */

/** A point in time for event filters: a `Date`, epoch milliseconds, or a `yyyy-MM-dd` string. */
export type EventDate = Date | number | string;

/** Paging shared by the event lists. */
export interface EventPaging {
  /** Offset. With `first` or `max` exactly one page is fetched, otherwise all pages. */
  first?: number;
  max?: number;
  /** Client-side page size when all pages are fetched (not sent). Default 100. */
  pageSize?: number;
  /** Sort by time: newest first (`desc`, the server's default) or oldest first. */
  direction?: 'asc' | 'desc';
}

/** Filters of `GET /events` (user events). */
export interface EventsQuery extends EventPaging {
  /** Event types such as `LOGIN`, `LOGIN_ERROR`; several are OR-ed. */
  type?: string | readonly string[];
  /** The client's `clientId`. */
  client?: string;
  /** User id. */
  user?: string;
  ipAddress?: string;
  /** Inclusive lower bound. */
  dateFrom?: EventDate;
  /** Inclusive upper bound (a bare date means the whole day). */
  dateTo?: EventDate;
}

/** Admin event operation types. */
export type AdminOperationType = 'CREATE' | 'UPDATE' | 'DELETE' | 'ACTION';

/** Filters of `GET /admin-events`. */
export interface AdminEventsQuery extends EventPaging {
  operationTypes?: AdminOperationType | readonly AdminOperationType[];
  /** Resource types such as `REALM_ROLE`, `CLIENT`, `USER`; several are OR-ed. */
  resourceTypes?: string | readonly string[];
  /** Path below the realm, e.g. `clients/<id>`; `*` is a wildcard (`roles/*`). */
  resourcePath?: string;
  /** Internal id of the realm the acting admin authenticated in. */
  authRealm?: string;
  /** Internal id of the client the acting admin used. */
  authClient?: string;
  /** Id of the acting admin user. */
  authUser?: string;
  authIpAddress?: string;
  dateFrom?: EventDate;
  dateTo?: EventDate;
}

/**
 * `GET /attack-detection/brute-force/users/{id}`. Keycloak answers 200 with zeros even for an
 * unknown user id.
 */
export interface BruteForceStatus {
  numFailures?: number;
  /** Temporarily (or permanently) locked right now. */
  disabled?: boolean;
  /** `"n/a"` when there was no failure. */
  lastIPFailure?: string;
  /** Epoch ms of the last failure, 0 when none. */
  lastFailure?: number;
  /** Epoch seconds until which logins are refused. */
  failedLoginNotBefore?: number;
  numTemporaryLockouts?: number;
  numSecondaryAuthFailures?: number;
}
