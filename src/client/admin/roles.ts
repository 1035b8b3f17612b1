import { KeycloakError } from '../errors.js';
import type {
  GroupRepresentation,
  RealmRepresentation,
  RoleRepresentation,
  UserRepresentation,
} from '../types/representations.js';
import type { GetRolesOptions, RoleGroupsOptions, RoleInput, RoleMembersOptions } from '../types/roles.js';
import { AdminBase, type ListQuery, type PageOptions } from './admin-base.js';

const REALM_ROLES = '/admin/realms/{realm}/roles';
const REALM_ROLE = '/admin/realms/{realm}/roles/{roleName}';
const REALM_ROLE_USERS = '/admin/realms/{realm}/roles/{roleName}/users';
const REALM_ROLE_GROUPS = '/admin/realms/{realm}/roles/{roleName}/groups';
const REALM_ROLE_COMPOSITES = '/admin/realms/{realm}/roles/{roleName}/composites';
const CLIENT_ROLES = '/admin/realms/{realm}/clients/{id}/roles';
const CLIENT_ROLE = '/admin/realms/{realm}/clients/{id}/roles/{roleName}';
const CLIENT_ROLE_USERS = '/admin/realms/{realm}/clients/{id}/roles/{roleName}/users';
const CLIENT_ROLE_GROUPS = '/admin/realms/{realm}/clients/{id}/roles/{roleName}/groups';
const CLIENT_ROLE_COMPOSITES = '/admin/realms/{realm}/clients/{id}/roles/{roleName}/composites';
const ROLE_BY_ID = '/admin/realms/{realm}/roles-by-id/{roleId}';
const ROLE_BY_ID_COMPOSITES = '/admin/realms/{realm}/roles-by-id/{roleId}/composites';
const ROLE_BY_ID_CLIENT_COMPOSITES =
  '/admin/realms/{realm}/roles-by-id/{roleId}/composites/clients/{clientId}';

/** python-keycloak accepts one role or a list wherever roles are sent; Keycloak wants a list. */
export function roleList(roles: RoleInput): RoleRepresentation[] {
  return Array.isArray(roles) ? [...(roles as readonly RoleRepresentation[])] : [roles as RoleRepresentation];
}

function rolesQuery(options: GetRolesOptions): ListQuery {
  return {
    briefRepresentation: options.briefRepresentation ?? true,
    search: options.searchText || undefined,
    ...options.query,
  };
}

export class RolesApi extends AdminBase {
  /** Realm roles (all pages unless `query` has `first`/`max`). */
  getRealmRoles(options: GetRolesOptions = {}): Promise<RoleRepresentation[]> {
    return this.list<RoleRepresentation>(REALM_ROLES, {
      query: rolesQuery(options),
      pageSize: options.pageSize,
    });
  }

  /** Pages through the realm roles. */
  iterRealmRoles(options: GetRolesOptions = {}): AsyncGenerator<RoleRepresentation, void, undefined> {
    return this.paginate<RoleRepresentation>(REALM_ROLES, {
      query: rolesQuery(options),
      pageSize: options.pageSize,
    });
  }

  /** Users that hold a realm role directly (not through groups or composites). */
  getRealmRoleMembers(roleName: string, options: RoleMembersOptions = {}): Promise<UserRepresentation[]> {
    return this.list<UserRepresentation>(REALM_ROLE_USERS, {
      params: { roleName },
      query: options.query,
      pageSize: options.pageSize,
    });
  }

  iterRealmRoleMembers(
    roleName: string,
    options: RoleMembersOptions = {},
  ): AsyncGenerator<UserRepresentation, void, undefined> {
    return this.paginate<UserRepresentation>(REALM_ROLE_USERS, {
      params: { roleName },
      query: options.query,
      pageSize: options.pageSize,
    });
  }

  /** Groups that hold a realm role directly (brief unless `briefRepresentation: false`). */
  getRealmRoleGroups(roleName: string, options: RoleGroupsOptions = {}): Promise<GroupRepresentation[]> {
    return this.list<GroupRepresentation>(REALM_ROLE_GROUPS, {
      params: { roleName },
      query: { briefRepresentation: options.briefRepresentation ?? true, ...options.query },
      pageSize: options.pageSize,
    });
  }

  iterRealmRoleGroups(
    roleName: string,
    options: RoleGroupsOptions = {},
  ): AsyncGenerator<GroupRepresentation, void, undefined> {
    return this.paginate<GroupRepresentation>(REALM_ROLE_GROUPS, {
      params: { roleName },
      query: { briefRepresentation: options.briefRepresentation ?? true, ...options.query },
      pageSize: options.pageSize,
    });
  }

  /** Roles of a client (`clientId` is the client's uuid). */
  getClientRoles(clientId: string, options: GetRolesOptions = {}): Promise<RoleRepresentation[]> {
    return this.list<RoleRepresentation>(CLIENT_ROLES, {
      params: { id: clientId },
      query: rolesQuery(options),
      pageSize: options.pageSize,
    });
  }

  iterClientRoles(
    clientId: string,
    options: GetRolesOptions = {},
  ): AsyncGenerator<RoleRepresentation, void, undefined> {
    return this.paginate<RoleRepresentation>(CLIENT_ROLES, {
      params: { id: clientId },
      query: rolesQuery(options),
      pageSize: options.pageSize,
    });
  }

  /** A client role by name, with attributes. */
  getClientRole(clientId: string, roleName: string): Promise<RoleRepresentation> {
    return this.get<RoleRepresentation>(CLIENT_ROLE, { params: { id: clientId, roleName } });
  }

  /** The uuid of a client role given by name. */
  async getClientRoleId(clientId: string, roleName: string): Promise<string> {
    return (await this.getClientRole(clientId, roleName)).id ?? '';
  }

  /**
   * Creates a client role and returns its name. With `skipExists`, an existing role of that
   * name is not an error. Composites in the payload are ignored by Keycloak: add them afterwards.
   */
  createClientRole(
    clientRoleId: string,
    payload: RoleRepresentation,
    options: { skipExists?: boolean } = {},
  ): Promise<string> {
    const lookup = () => roleNameIfExists(() => this.getClientRole(clientRoleId, payload.name ?? ''));
    return this.create(CLIENT_ROLES, payload, lookup, {
      params: { id: clientRoleId },
      existOk: options.skipExists,
    });
  }

  /** Adds composites (realm or client roles, each with its `id`) to a client role (again: a no-op). */
  async addCompositeClientRolesToRole(
    clientRoleId: string,
    roleName: string,
    roles: RoleInput,
  ): Promise<void> {
    await this.post(CLIENT_ROLE_COMPOSITES, roleList(roles), {
      idempotent: true,
      params: { id: clientRoleId, roleName },
    });
  }

  /** Removes composites from a client role. */
  async removeCompositeClientRolesFromRole(
    clientRoleId: string,
    roleName: string,
    roles: RoleInput,
  ): Promise<void> {
    await this.delete(CLIENT_ROLE_COMPOSITES, {
      params: { id: clientRoleId, roleName },
      body: roleList(roles),
    });
  }

  /** All composites (realm and client roles) of a client role (`clientId`: the client's uuid). */
  getCompositeClientRolesOfRole(clientId: string, roleName: string): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(CLIENT_ROLE_COMPOSITES, { params: { id: clientId, roleName } });
  }

  /** Replaces a client role's name, description and attributes (attributes left out are dropped). */
  async updateClientRole(clientId: string, roleName: string, payload: RoleRepresentation): Promise<void> {
    await this.put(CLIENT_ROLE, payload, { params: { id: clientId, roleName } });
  }

  async deleteClientRole(clientRoleId: string, roleName: string): Promise<void> {
    await this.delete(CLIENT_ROLE, { params: { id: clientRoleId, roleName } });
  }

  /** Users that hold a client role directly. `query`: `first`, `max`, `briefRepresentation`. */
  getClientRoleMembers(
    clientId: string,
    roleName: string,
    query: ListQuery = {},
  ): Promise<UserRepresentation[]> {
    return this.list<UserRepresentation>(CLIENT_ROLE_USERS, { params: { id: clientId, roleName }, query });
  }

  iterClientRoleMembers(
    clientId: string,
    roleName: string,
    query: ListQuery = {},
    options: PageOptions = {},
  ): AsyncGenerator<UserRepresentation, void, undefined> {
    return this.paginate<UserRepresentation>(CLIENT_ROLE_USERS, {
      params: { id: clientId, roleName },
      query,
      pageSize: options.pageSize,
    });
  }

  /** Groups that hold a client role directly. `query`: `first`, `max`, `briefRepresentation`. */
  getClientRoleGroups(
    clientId: string,
    roleName: string,
    query: ListQuery = {},
  ): Promise<GroupRepresentation[]> {
    return this.list<GroupRepresentation>(CLIENT_ROLE_GROUPS, { params: { id: clientId, roleName }, query });
  }

  iterClientRoleGroups(
    clientId: string,
    roleName: string,
    query: ListQuery = {},
    options: PageOptions = {},
  ): AsyncGenerator<GroupRepresentation, void, undefined> {
    return this.paginate<GroupRepresentation>(CLIENT_ROLE_GROUPS, {
      params: { id: clientId, roleName },
      query,
      pageSize: options.pageSize,
    });
  }

  /**
   * Creates a realm role and returns its name. With `skipExists`, an existing role of that name
   * is not an error. Composites in the payload are ignored by Keycloak: add them afterwards.
   */
  createRealmRole(payload: RoleRepresentation, options: { skipExists?: boolean } = {}): Promise<string> {
    const lookup = () => roleNameIfExists(() => this.getRealmRole(payload.name ?? ''));
    return this.create(REALM_ROLES, payload, lookup, { existOk: options.skipExists });
  }

  getRealmRole(roleName: string): Promise<RoleRepresentation> {
    return this.get<RoleRepresentation>(REALM_ROLE, { params: { roleName } });
  }

  /** A realm or client role by its uuid. */
  getRoleById(roleId: string): Promise<RoleRepresentation> {
    return this.get<RoleRepresentation>(ROLE_BY_ID, { params: { roleId } });
  }

  /**
   * A role by its uuid (despite the name, client roles too).
   * @alias getRoleById
   */
  getRealmRoleById(roleId: string): Promise<RoleRepresentation> {
    return this.getRoleById(roleId);
  }

  /** Replaces a role (realm or client) given by uuid: name, description, attributes. */
  async updateRoleById(roleId: string, payload: RoleRepresentation): Promise<void> {
    await this.put(ROLE_BY_ID, payload, { params: { roleId } });
  }

  /** Deletes a role (realm or client) given by uuid. */
  async deleteRoleById(roleId: string): Promise<void> {
    await this.delete(ROLE_BY_ID, { params: { roleId } });
  }

  /**
   * The composites of a role given by uuid, realm and client roles alike (every page unless
   * `query` has `first`/`max`; `search` filters by name).
   */
  getRoleCompositesById(roleId: string, query: ListQuery = {}): Promise<RoleRepresentation[]> {
    return this.list<RoleRepresentation>(ROLE_BY_ID_COMPOSITES, { params: { roleId }, query });
  }

  /** The uuid of the realm's default role (`default-roles-<realm>`), read from the realm. */
  async getDefaultRealmRoleId(): Promise<string> {
    const realm = await this.get<RealmRepresentation>('/admin/realms/{realm}');
    const id = realm.defaultRole?.id;
    if (id) return id;
    // Realms read through an older API lack `defaultRole`: look the role up by its usual name.
    return (await this.getRealmRole(`default-roles-${this.realmName.toLowerCase()}`)).id ?? '';
  }

  /** The realm roles every new user gets (the realm-level composites of the default role). */
  async getRealmDefaultRoles(): Promise<RoleRepresentation[]> {
    const roleId = await this.getDefaultRealmRoleId();
    return this.get<RoleRepresentation[]>(`${ROLE_BY_ID_COMPOSITES}/realm`, { params: { roleId } });
  }

  /** Stops giving new users these roles (realm or client roles, each with its `id`). */
  async removeRealmDefaultRoles(payload: RoleInput): Promise<void> {
    const roleId = await this.getDefaultRealmRoleId();
    await this.delete(ROLE_BY_ID_COMPOSITES, { params: { roleId }, body: roleList(payload) });
  }

  /** Gives new users these roles too (realm or client roles, each with its `id`). */
  async addRealmDefaultRoles(payload: RoleInput): Promise<void> {
    const roleId = await this.getDefaultRealmRoleId();
    await this.post(ROLE_BY_ID_COMPOSITES, roleList(payload), { idempotent: true, params: { roleId } });
  }

  /** Replaces a realm role's name, description and attributes (attributes left out are dropped). */
  async updateRealmRole(roleName: string, payload: RoleRepresentation): Promise<void> {
    await this.put(REALM_ROLE, payload, { params: { roleName } });
  }

  async deleteRealmRole(roleName: string): Promise<void> {
    await this.delete(REALM_ROLE, { params: { roleName } });
  }

  /** Adds composites (realm or client roles, each with its `id`) to a realm role (again: a no-op). */
  async addCompositeRealmRolesToRole(roleName: string, roles: RoleInput): Promise<void> {
    await this.post(REALM_ROLE_COMPOSITES, roleList(roles), { idempotent: true, params: { roleName } });
  }

  /** Removes composites from a realm role. */
  async removeCompositeRealmRolesToRole(roleName: string, roles: RoleInput): Promise<void> {
    await this.delete(REALM_ROLE_COMPOSITES, { params: { roleName }, body: roleList(roles) });
  }

  /** All composites of a realm role: realm roles and client roles alike. */
  getCompositeRealmRolesOfRole(roleName: string): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(REALM_ROLE_COMPOSITES, { params: { roleName } });
  }

  /** The composites of the role `roleId` (realm or client role) that belong to client `clientId`. */
  getRoleClientLevelChildren(clientId: string, roleId: string): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(ROLE_BY_ID_CLIENT_COMPOSITES, { params: { roleId, clientId } });
  }
}

/** Natural-key lookup for role creates: the role's name, or undefined when it does not exist. */
async function roleNameIfExists(read: () => Promise<RoleRepresentation>): Promise<string | undefined> {
  try {
    return (await read()).name;
  } catch (error) {
    if (error instanceof KeycloakError && error.responseCode === 404) return undefined;
    throw error;
  }
}
