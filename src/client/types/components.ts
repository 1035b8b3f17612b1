/** Types for components (`/components`) and user-storage sync. */

/** Filters of `GET /components`; all optional, combined with AND. */
export interface ComponentQuery {
  /** Parent id (the realm id for top-level components such as key providers and LDAP). */
  parent?: string;
  /** Provider type, e.g. `org.keycloak.keys.KeyProvider`. */
  type?: string;
  /** Exact component name. */
  name?: string;
}

/** What `POST /user-storage/{id}/sync` triggers. */
export type UserStorageSyncAction = 'triggerFullSync' | 'triggerChangedUsersSync';

/** The outcome of a user-storage sync. */
export interface SynchronizationResultRepresentation {
  ignored?: boolean;
  added?: number;
  updated?: number;
  removed?: number;
  failed?: number;
  /** Summary such as `0 imported users, 0 updated users`. */
  status?: string;
}
