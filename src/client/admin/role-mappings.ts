/**
 * Role mappings of users and groups, and scope mappings of clients and client scopes. Roles are
 * sent as representations that carry their `id` (Keycloak looks them up by id; a role given only
 * by name is answered with 404 "Role not found").
 */
import type { RoleRepresentation } from '../types/representations.js';
import type { MappingsRepresentation, RoleInput } from '../types/roles.js';
import { AdminBase } from './admin-base.js';
import { roleList } from './roles.js';

const USER_MAPPINGS = '/admin/realms/{realm}/users/{id}/role-mappings';
const USER_REALM = '/admin/realms/{realm}/users/{id}/role-mappings/realm';
const USER_REALM_AVAILABLE = '/admin/realms/{realm}/users/{id}/role-mappings/realm/available';
const USER_REALM_COMPOSITE = '/admin/realms/{realm}/users/{id}/role-mappings/realm/composite';
const USER_CLIENT = '/admin/realms/{realm}/users/{id}/role-mappings/clients/{clientId}';
const USER_CLIENT_AVAILABLE = '/admin/realms/{realm}/users/{id}/role-mappings/clients/{clientId}/available';
const USER_CLIENT_COMPOSITE = '/admin/realms/{realm}/users/{id}/role-mappings/clients/{clientId}/composite';
const GROUP_MAPPINGS = '/admin/realms/{realm}/groups/{id}/role-mappings';
const GROUP_REALM = '/admin/realms/{realm}/groups/{id}/role-mappings/realm';
const GROUP_CLIENT = '/admin/realms/{realm}/groups/{id}/role-mappings/clients/{clientId}';
const GROUP_CLIENT_COMPOSITE = '/admin/realms/{realm}/groups/{id}/role-mappings/clients/{clientId}/composite';
const CLIENT_SCOPE_REALM = '/admin/realms/{realm}/clients/{id}/scope-mappings/realm';
const CLIENT_SCOPE_CLIENT = '/admin/realms/{realm}/clients/{id}/scope-mappings/clients/{ownerId}';
const SCOPE_REALM = '/admin/realms/{realm}/client-scopes/{id}/scope-mappings/realm';
const SCOPE_CLIENT = '/admin/realms/{realm}/client-scopes/{id}/scope-mappings/clients/{ownerId}';

// Adding a mapping that exists answers 204 and changes nothing, so the adding POSTs are
// `idempotent`: retried like PUTs after a lost connection.
export class RoleMappingsApi extends AdminBase {
  // --- users ---------------------------------------------------------------------------------

  /** All direct role mappings of a user in one answer: realm roles and, per clientId, client roles. */
  getUserRoleMappings(userId: string): Promise<MappingsRepresentation> {
    return this.get<MappingsRepresentation>(USER_MAPPINGS, { params: { id: userId } });
  }

  /** Maps realm roles to a user. */
  async assignRealmRoles(userId: string, roles: RoleInput): Promise<void> {
    await this.post(USER_REALM, roleList(roles), { idempotent: true, params: { id: userId } });
  }

  /** Removes realm role mappings of a user (roles not mapped are ignored). */
  async deleteRealmRolesOfUser(userId: string, roles: RoleInput): Promise<void> {
    await this.delete(USER_REALM, { params: { id: userId }, body: roleList(roles) });
  }

  /** Realm roles mapped to the user directly. */
  getRealmRolesOfUser(userId: string): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(USER_REALM, { params: { id: userId } });
  }

  /** Realm roles that could still be mapped to the user. */
  getAvailableRealmRolesOfUser(userId: string): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(USER_REALM_AVAILABLE, { params: { id: userId } });
  }

  /** Effective realm roles of the user: direct, through composites and through groups. */
  getCompositeRealmRolesOfUser(
    userId: string,
    options: { briefRepresentation?: boolean } = {},
  ): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(USER_REALM_COMPOSITE, {
      params: { id: userId },
      query: { briefRepresentation: options.briefRepresentation ?? true },
    });
  }

  /** Maps roles of client `clientId` (uuid) to a user. */
  async assignClientRole(userId: string, clientId: string, roles: RoleInput): Promise<void> {
    await this.post(USER_CLIENT, roleList(roles), { idempotent: true, params: { id: userId, clientId } });
  }

  /** Roles of client `clientId` mapped to the user directly. */
  getClientRolesOfUser(userId: string, clientId: string): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(USER_CLIENT, { params: { id: userId, clientId } });
  }

  /** Roles of client `clientId` that could still be mapped to the user. */
  getAvailableClientRolesOfUser(userId: string, clientId: string): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(USER_CLIENT_AVAILABLE, { params: { id: userId, clientId } });
  }

  /** Effective roles of client `clientId` for the user (direct, composites, groups). */
  getCompositeClientRolesOfUser(
    userId: string,
    clientId: string,
    options: { briefRepresentation?: boolean } = {},
  ): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(USER_CLIENT_COMPOSITE, {
      params: { id: userId, clientId },
      query: { briefRepresentation: options.briefRepresentation ?? false },
    });
  }

  /** Removes mappings of roles of client `clientId` from a user. */
  async deleteClientRolesOfUser(userId: string, clientId: string, roles: RoleInput): Promise<void> {
    await this.delete(USER_CLIENT, { params: { id: userId, clientId }, body: roleList(roles) });
  }

  // --- groups --------------------------------------------------------------------------------

  /** All direct role mappings of a group in one answer. */
  getGroupRoleMappings(groupId: string): Promise<MappingsRepresentation> {
    return this.get<MappingsRepresentation>(GROUP_MAPPINGS, { params: { id: groupId } });
  }

  async assignGroupRealmRoles(groupId: string, roles: RoleInput): Promise<void> {
    await this.post(GROUP_REALM, roleList(roles), { idempotent: true, params: { id: groupId } });
  }

  async deleteGroupRealmRoles(groupId: string, roles: RoleInput): Promise<void> {
    await this.delete(GROUP_REALM, { params: { id: groupId }, body: roleList(roles) });
  }

  /** Realm roles mapped to the group directly. */
  getGroupRealmRoles(
    groupId: string,
    options: { briefRepresentation?: boolean } = {},
  ): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(GROUP_REALM, {
      params: { id: groupId },
      query: { briefRepresentation: options.briefRepresentation ?? true },
    });
  }

  async assignGroupClientRoles(groupId: string, clientId: string, roles: RoleInput): Promise<void> {
    await this.post(GROUP_CLIENT, roleList(roles), { idempotent: true, params: { id: groupId, clientId } });
  }

  /** Roles of client `clientId` mapped to the group directly. */
  getGroupClientRoles(groupId: string, clientId: string): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(GROUP_CLIENT, { params: { id: groupId, clientId } });
  }

  async deleteGroupClientRoles(groupId: string, clientId: string, roles: RoleInput): Promise<void> {
    await this.delete(GROUP_CLIENT, { params: { id: groupId, clientId }, body: roleList(roles) });
  }

  /** Effective roles of client `clientId` for the group (mapped roles and their composites). Note the argument order. */
  getCompositeClientRolesOfGroup(
    clientId: string,
    groupId: string,
    options: { briefRepresentation?: boolean } = {},
  ): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(GROUP_CLIENT_COMPOSITE, {
      params: { id: groupId, clientId },
      query: { briefRepresentation: options.briefRepresentation ?? true },
    });
  }

  // --- scope mappings of a client (python's "client scope" methods take a client uuid) -------

  /** Adds realm roles to the scope of client `clientId` (uuid): roles its tokens may carry. */
  async assignRealmRolesToClientScope(clientId: string, roles: RoleInput): Promise<void> {
    await this.post(CLIENT_SCOPE_REALM, roleList(roles), { idempotent: true, params: { id: clientId } });
  }

  async deleteRealmRolesOfClientScope(clientId: string, roles: RoleInput): Promise<void> {
    await this.delete(CLIENT_SCOPE_REALM, { params: { id: clientId }, body: roleList(roles) });
  }

  getRealmRolesOfClientScope(clientId: string): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(CLIENT_SCOPE_REALM, { params: { id: clientId } });
  }

  /** Adds roles of client `clientRolesOwnerId` to the scope of client `clientId` (both uuids). */
  async assignClientRolesToClientScope(
    clientId: string,
    clientRolesOwnerId: string,
    roles: RoleInput,
  ): Promise<void> {
    await this.post(CLIENT_SCOPE_CLIENT, roleList(roles), {
      idempotent: true,
      params: { id: clientId, ownerId: clientRolesOwnerId },
    });
  }

  async deleteClientRolesOfClientScope(
    clientId: string,
    clientRolesOwnerId: string,
    roles: RoleInput,
  ): Promise<void> {
    await this.delete(CLIENT_SCOPE_CLIENT, {
      params: { id: clientId, ownerId: clientRolesOwnerId },
      body: roleList(roles),
    });
  }

  getClientRolesOfClientScope(clientId: string, clientRolesOwnerId: string): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(CLIENT_SCOPE_CLIENT, {
      params: { id: clientId, ownerId: clientRolesOwnerId },
    });
  }

  // --- scope mappings of a client scope (`/client-scopes/{id}`; not in python-keycloak) ------

  /** Adds realm roles to the scope mappings of the client scope `clientScopeId`. */
  async addClientScopeRealmScopeMappings(clientScopeId: string, roles: RoleInput): Promise<void> {
    await this.post(SCOPE_REALM, roleList(roles), { idempotent: true, params: { id: clientScopeId } });
  }

  async deleteClientScopeRealmScopeMappings(clientScopeId: string, roles: RoleInput): Promise<void> {
    await this.delete(SCOPE_REALM, { params: { id: clientScopeId }, body: roleList(roles) });
  }

  getClientScopeRealmScopeMappings(clientScopeId: string): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(SCOPE_REALM, { params: { id: clientScopeId } });
  }

  /** Adds roles of client `clientRolesOwnerId` to the scope mappings of a client scope. */
  async addClientScopeClientScopeMappings(
    clientScopeId: string,
    clientRolesOwnerId: string,
    roles: RoleInput,
  ): Promise<void> {
    await this.post(SCOPE_CLIENT, roleList(roles), {
      idempotent: true,
      params: { id: clientScopeId, ownerId: clientRolesOwnerId },
    });
  }

  async deleteClientScopeClientScopeMappings(
    clientScopeId: string,
    clientRolesOwnerId: string,
    roles: RoleInput,
  ): Promise<void> {
    await this.delete(SCOPE_CLIENT, {
      params: { id: clientScopeId, ownerId: clientRolesOwnerId },
      body: roleList(roles),
    });
  }

  getClientScopeClientScopeMappings(
    clientScopeId: string,
    clientRolesOwnerId: string,
  ): Promise<RoleRepresentation[]> {
    return this.get<RoleRepresentation[]>(SCOPE_CLIENT, {
      params: { id: clientScopeId, ownerId: clientRolesOwnerId },
    });
  }
}
