import type { ListQuery, PageOptions } from '../admin/admin-base.js';

/** `GET /groups/count`. */
export interface GroupsCountRepresentation {
  count?: number;
}

/** Options of `getGroups` / `getGroupChildren`. */
export interface GetGroupsOptions extends PageOptions {
  /** Server query: `search`, `q` (attribute search `key:value`), `exact`, `briefRepresentation`, `first`, `max`. */
  query?: ListQuery;
  /**
   * Fill `subGroups` of every returned group with all of its descendants, read level by level
   * from `/groups/{id}/children` (Keycloak 23+ no longer nests them in `/groups`).
   */
  fullHierarchy?: boolean;
}

/** Options of `getGroupMembers` / `iterGroupMembers`. */
export interface GroupMembersOptions extends PageOptions {
  /** `first`, `max`, `briefRepresentation`. */
  query?: ListQuery;
}

/** Options of `getGroupsCount`. */
export interface GroupsCountOptions {
  /** Count only groups whose name contains this text. */
  search?: string;
  /** Count only top-level groups. */
  top?: boolean;
}
