import type { ListQuery, PageOptions } from '../admin/admin-base.js';
import type { RoleRepresentation } from './representations.js';

/**
 * One role or a list of roles, as python-keycloak's role methods accept. Keycloak resolves each
 * role by its `id` (a role given only by name is answered with 404), so include the id.
 */
export type RoleInput = RoleRepresentation | readonly RoleRepresentation[];

/** Options of `getRealmRoles` / `getClientRoles` and their `iter` twins. */
export interface GetRolesOptions extends PageOptions {
  /** Omit role attributes. Default true. */
  briefRepresentation?: boolean;
  /** Only roles whose name contains this text. */
  searchText?: string;
  /** Further server query (`first`, `max`). */
  query?: ListQuery;
}

/** Options of role-member lists (users or groups holding a role). */
export interface RoleMembersOptions extends PageOptions {
  /** `first`, `max`, `briefRepresentation`. */
  query?: ListQuery;
}

/** Options of `getRealmRoleGroups`. */
export interface RoleGroupsOptions extends RoleMembersOptions {
  /** Groups without attributes. Default true. */
  briefRepresentation?: boolean;
}

/** The client part of a role-mapping answer: the client's roles mapped to the user, group or client. */
export interface ClientMappingsRepresentation {
  /** The client's uuid. */
  id?: string;
  /** The client's `clientId`. */
  client?: string;
  mappings?: RoleRepresentation[];
}

/**
 * `GET /users/{id}/role-mappings`, `/groups/{id}/role-mappings` and `…/scope-mappings`: realm
 * roles and, per `clientId`, client roles. Empty parts are left out by the server.
 */
export interface MappingsRepresentation {
  realmMappings?: RoleRepresentation[];
  clientMappings?: Record<string, ClientMappingsRepresentation>;
}
