/**
 * Counterparts of python-keycloak's role and role-mapping scenarios
 * (tests/test_keycloak_admin.py), each in a fresh realm as python's fixtures give them.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakPostError,
  KeycloakPutError,
  type RoleRepresentation,
} from '../../src/client/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak } from '../support/keycloak.js';
import { useScenarioRealm } from './support-python/fixtures.js';

/** python passes `["bad"]` where role representations belong; Keycloak refuses it as unknown_error. */
const BAD_ROLES = ['bad'] as unknown as RoleRepresentation[];
const names = (roles: readonly RoleRepresentation[]) => roles.map((role) => role.name);

describeWithKeycloak('python-keycloak admin scenarios: roles', () => {
  const scenario = useScenarioRealm('roles');

  async function newClient(): Promise<string> {
    const clientId = randomUUID();
    return scenario.admin.createClient({ name: clientId, clientId });
  }

  async function expectUnknownError(
    call: Promise<unknown>,
    errorClass: typeof KeycloakPostError,
  ): Promise<void> {
    const error = await failure(call);
    expect(error).toBeInstanceOf(errorClass);
    // Keycloak 26.7 answers 400 (older versions 500), with python's "unknown_error" either way.
    expect([400, 500]).toContain(error.responseCode);
    expect(JSON.stringify(error.responseBody)).toMatch(/unknown_error/);
  }

  it('admin/test_realm_roles: realm roles, their users, groups and composites', async () => {
    const admin = scenario.admin;
    const initial = await admin.getRealmRoles();
    expect(initial).toHaveLength(3);
    expect(names(initial)).toEqual(expect.arrayContaining(['uma_authorization', 'offline_access']));
    const searched = names(await admin.getRealmRoles({ searchText: 'uma_a' }));
    expect(searched).toContain('uma_authorization');
    expect(searched).not.toContain('offline_access');

    const noRole = await failure(admin.getRealmRoleMembers('does-not-exist'));
    expect(noRole).toBeInstanceOf(KeycloakGetError);
    expect(noRole.serverMessage).toMatch(/Could not find role/);
    expect(await admin.getRealmRoleMembers('offline_access')).toEqual([]);

    const created = await admin.createRealmRole({ name: 'test-realm-role' }, { skipExists: true });
    expect(created).toBe('test-realm-role');
    const duplicate = await failure(admin.createRealmRole({ name: 'test-realm-role' }));
    expect(duplicate).toBeInstanceOf(KeycloakPostError);
    expect(duplicate.responseCode).toBe(409);
    expect(duplicate.serverMessage).toBe('Role with name test-realm-role already exists');
    expect(await admin.createRealmRole({ name: 'test-realm-role' }, { skipExists: true })).toBe(created);

    const roleId = (await admin.getRealmRole('test-realm-role')).id ?? '';
    expect((await admin.getRealmRoleById(roleId)).name).toBe('test-realm-role');

    expect(
      await admin.updateRealmRole('test-realm-role', { name: 'test-realm-role-update' }),
    ).toBeUndefined();
    const renamedAway = await failure(
      admin.updateRealmRole('test-realm-role', { name: 'test-realm-role-update' }),
    );
    expect(renamedAway).toBeInstanceOf(KeycloakPutError);
    expect(renamedAway.serverMessage).toMatch(/Could not find role/);

    const userId = await admin.createUser({ username: 'role-testing', email: 'test@test.test' });
    await expectUnknownError(admin.assignRealmRoles(userId, BAD_ROLES), KeycloakPostError);
    const offline = await admin.getRealmRole('offline_access');
    const updated = await admin.getRealmRole('test-realm-role-update');
    expect(await admin.assignRealmRoles(userId, [offline, updated])).toBeUndefined();
    const username = (await admin.getUser(userId)).username;
    expect((await admin.getRealmRoleMembers('offline_access')).map((user) => user.username)).toContain(
      username,
    );
    expect(
      (await admin.getRealmRoleMembers('test-realm-role-update')).map((user) => user.username),
    ).toContain(username);
    const userRoles = await admin.getRealmRolesOfUser(userId);
    expect(userRoles).toHaveLength(3);
    expect(names(userRoles)).toEqual(expect.arrayContaining(['offline_access', 'test-realm-role-update']));

    await expectUnknownError(admin.deleteRealmRolesOfUser(userId, BAD_ROLES), KeycloakDeleteError);
    expect(await admin.deleteRealmRolesOfUser(userId, [offline])).toBeUndefined();
    expect(await admin.getRealmRoleMembers('offline_access')).toEqual([]);
    const afterDelete = await admin.getRealmRolesOfUser(userId);
    expect(afterDelete).toHaveLength(2);
    expect(names(afterDelete)).not.toContain('offline_access');
    expect(names(afterDelete)).toContain('test-realm-role-update');
    const available = await admin.getAvailableRealmRolesOfUser(userId);
    expect(available).toHaveLength(2);
    expect(names(available)).toEqual(expect.arrayContaining(['offline_access', 'uma_authorization']));

    const groupId = await admin.createGroup({ name: 'test-group' });
    await expectUnknownError(admin.assignGroupRealmRoles(groupId, BAD_ROLES), KeycloakPostError);
    expect(await admin.assignGroupRealmRoles(groupId, [offline, updated])).toBeUndefined();
    const groupRoles = await admin.getGroupRealmRoles(groupId);
    expect(groupRoles).toHaveLength(2);
    expect(names(groupRoles)).toEqual(expect.arrayContaining(['offline_access', 'test-realm-role-update']));
    await expectUnknownError(admin.deleteGroupRealmRoles(groupId, BAD_ROLES), KeycloakDeleteError);
    expect(await admin.deleteGroupRealmRoles(groupId, [offline])).toBeUndefined();
    expect(names(await admin.getGroupRealmRoles(groupId))).toEqual(['test-realm-role-update']);

    const composite = await admin.createRealmRole({ name: 'test-composite-role' });
    await expectUnknownError(admin.addCompositeRealmRolesToRole(composite, BAD_ROLES), KeycloakPostError);
    expect(await admin.addCompositeRealmRolesToRole(composite, [updated])).toBeUndefined();
    const composites = await admin.getCompositeRealmRolesOfRole(composite);
    expect(names(composites)).toEqual(['test-realm-role-update']);
    const badComposite = await failure(admin.getCompositeRealmRolesOfRole('bad'));
    expect(badComposite).toBeInstanceOf(KeycloakGetError);
    expect(badComposite.serverMessage).toMatch(/Could not find role/);

    const effective = await admin.getCompositeRealmRolesOfUser(userId);
    expect(effective).toHaveLength(4);
    expect(names(effective)).toEqual(
      expect.arrayContaining(['offline_access', 'test-realm-role-update', 'uma_authorization']),
    );
    const badUser = await failure(admin.getCompositeRealmRolesOfUser('bad'));
    expect(badUser).toBeInstanceOf(KeycloakGetError);
    expect(badUser.serverMessage).toMatch(/User not found/);

    await expectUnknownError(
      admin.removeCompositeRealmRolesToRole(composite, BAD_ROLES),
      KeycloakDeleteError,
    );
    expect(await admin.removeCompositeRealmRolesToRole(composite, [updated])).toBeUndefined();
    expect(await admin.getCompositeRealmRolesOfRole(composite)).toEqual([]);

    const roleGroups = await admin.getRealmRoleGroups('test-realm-role-update');
    expect(roleGroups.map((group) => group.id)).toEqual([groupId]);
    const noGroups = await failure(admin.getRealmRoleGroups('non-existent-role'));
    expect(noGroups).toBeInstanceOf(KeycloakGetError);
    expect(noGroups.serverMessage).toMatch(/Could not find role/);
    expect(await admin.getRealmRoleGroups('test-realm-role-update', { query: { max: 1 } })).toHaveLength(1);

    expect(await admin.deleteRealmRole(composite)).toBeUndefined();
    const deletedTwice = await failure(admin.deleteRealmRole(composite));
    expect(deletedTwice).toBeInstanceOf(KeycloakDeleteError);
    expect(deletedTwice.serverMessage).toMatch(/Could not find role/);
  });

  it('admin/test_realm_roles_pagination: every page, or the page asked for', async () => {
    const admin = scenario.admin;
    const count = 100 + 50 - 3;
    await admin.partialImportRealm(scenario.realm, {
      roles: {
        realm: Array.from({ length: count }, (_, index) => ({
          name: `role_${String(index).padStart(3, '0')}`,
        })),
      },
    });
    expect(await admin.getRealmRoles()).toHaveLength(150);
    expect(await admin.getRealmRoles({ query: { first: 100, max: 20 } })).toHaveLength(20);
    expect(await admin.getRealmRoles({ query: { first: 120, max: 50 } })).toHaveLength(30);
  });

  it.each([
    ['brief True', { briefRepresentation: true }, false],
    ['brief False', { briefRepresentation: false }, true],
    ['default', {}, false],
  ] as const)(
    'admin/test_role_attributes (%s): attributes only in full representations',
    async (_, options, withAttributes) => {
      const admin = scenario.admin;
      const clientUuid = await newClient();
      const attributes = { attr1: ['val1'], attr2: ['val2-1', 'val2-2'] };
      const realmRole = await admin.createRealmRole(
        { name: 'test-realm-role-w-attr', attributes },
        { skipExists: true },
      );
      const clientRole = await admin.createClientRole(
        clientUuid,
        { name: 'test-realm-role-w-attr', attributes },
        { skipExists: true },
      );
      const expected = withAttributes ? attributes : undefined;
      const realmRoles = (await admin.getRealmRoles(options)).filter((role) => role.name === realmRole);
      expect(realmRoles).toHaveLength(1);
      expect(realmRoles[0]?.attributes).toEqual(expected);
      const clientRoles = (await admin.getClientRoles(clientUuid, options)).filter(
        (role) => role.name === clientRole,
      );
      expect(clientRoles).toHaveLength(1);
      expect(clientRoles[0]?.attributes).toEqual(expected);
      expect(await admin.deleteRealmRole('test-realm-role-w-attr')).toBeUndefined();
      expect(await admin.deleteClientRole(clientUuid, 'test-realm-role-w-attr')).toBeUndefined();
    },
  );

  it('admin/test_client_scope_realm_roles: a client’s realm-role scope mappings', async () => {
    const admin = scenario.admin;
    expect(await admin.getRealmRoles()).toHaveLength(3);
    expect(await admin.createRealmRole({ name: 'test-realm-role' }, { skipExists: true })).toBe(
      'test-realm-role',
    );
    const clientUuid = await admin.createClient({
      name: 'role-testing-client',
      clientId: 'role-testing-client',
    });
    await expectUnknownError(admin.assignRealmRolesToClientScope(clientUuid, BAD_ROLES), KeycloakPostError);
    const offline = await admin.getRealmRole('offline_access');
    const own = await admin.getRealmRole('test-realm-role');
    expect(await admin.assignRealmRolesToClientScope(clientUuid, [offline, own])).toBeUndefined();
    const mapped = names(await admin.getRealmRolesOfClientScope(clientUuid));
    expect(mapped.sort()).toEqual(['offline_access', 'test-realm-role']);
    await expectUnknownError(admin.deleteRealmRolesOfClientScope(clientUuid, BAD_ROLES), KeycloakDeleteError);
    expect(await admin.deleteRealmRolesOfClientScope(clientUuid, [offline])).toBeUndefined();
    expect(names(await admin.getRealmRolesOfClientScope(clientUuid))).toEqual(['test-realm-role']);
    expect(await admin.deleteRealmRolesOfClientScope(clientUuid, [own])).toBeUndefined();
    expect(await admin.getRealmRolesOfClientScope(clientUuid)).toEqual([]);
  });

  it('admin/test_client_scope_client_roles: a client’s scope mappings of another client’s roles', async () => {
    const admin = scenario.admin;
    const owner = await newClient();
    const clientUuid = await admin.createClient({
      name: 'role-testing-client',
      clientId: 'role-testing-client',
    });
    expect(await admin.getClientRolesOfClientScope(clientUuid, owner)).toEqual([]);
    expect(await admin.createClientRole(owner, { name: 'client-role-test' }, { skipExists: true })).toBe(
      'client-role-test',
    );
    await expectUnknownError(
      admin.assignClientRolesToClientScope(clientUuid, owner, BAD_ROLES),
      KeycloakPostError,
    );
    const role = await admin.getClientRole(owner, 'client-role-test');
    expect(await admin.assignClientRolesToClientScope(clientUuid, owner, [role])).toBeUndefined();
    expect(names(await admin.getClientRolesOfClientScope(clientUuid, owner))).toEqual(['client-role-test']);
    await expectUnknownError(
      admin.deleteClientRolesOfClientScope(clientUuid, owner, BAD_ROLES),
      KeycloakDeleteError,
    );
    expect(await admin.deleteClientRolesOfClientScope(clientUuid, owner, [role])).toBeUndefined();
    expect(await admin.getClientRolesOfClientScope(clientUuid, owner)).toEqual([]);
  });

  it('admin/test_client_scope_mapping_client_roles: a client scope’s mappings of client roles', async () => {
    const admin = scenario.admin;
    const owner = await newClient();
    const ownerName = (await admin.getClient(owner)).name ?? '';
    const scopeId = await admin.createClientScope(
      {
        name: 'test_client_scope',
        description: 'Test Client Scope',
        protocol: 'openid-connect',
        attributes: {},
      },
      { skipExists: false },
    );
    expect(await admin.getClientSpecificRolesOfClientScope(scopeId, owner)).toEqual([]);
    expect(Object.keys(await admin.getAllRolesOfClientScope(scopeId))).toHaveLength(0);
    expect(await admin.createClientRole(owner, { name: 'some-client-role' }, { skipExists: true })).toBe(
      'some-client-role',
    );
    await expectUnknownError(
      admin.addClientSpecificRolesToClientScope(scopeId, owner, BAD_ROLES),
      KeycloakPostError,
    );
    const role = await admin.getClientRole(owner, 'some-client-role');
    expect(await admin.addClientSpecificRolesToClientScope(scopeId, owner, [role])).toBeUndefined();
    expect(names(await admin.getClientSpecificRolesOfClientScope(scopeId, owner))).toEqual([
      'some-client-role',
    ]);
    const all = await admin.getAllRolesOfClientScope(scopeId);
    expect(all.clientMappings).toBeDefined();
    expect(Object.keys(all.clientMappings ?? {})).toContain(ownerName);
    expect(names(all.clientMappings?.[ownerName]?.mappings ?? [])).toContain('some-client-role');
    await expectUnknownError(
      admin.removeClientSpecificRolesOfClientScope(scopeId, owner, BAD_ROLES),
      KeycloakDeleteError,
    );
    expect(await admin.removeClientSpecificRolesOfClientScope(scopeId, owner, [role])).toBeUndefined();
    expect(Object.keys(await admin.getAllRolesOfClientScope(scopeId))).toHaveLength(0);
  });

  it('admin/test_client_roles: client roles, their users, groups, composites, and roles by id', async () => {
    const admin = scenario.admin;
    const client = await newClient();
    expect(await admin.getClientRoles(client)).toEqual([]);
    const badClient = await failure(admin.getClientRoles('bad'));
    expect(badClient).toBeInstanceOf(KeycloakGetError);
    expect(badClient.serverMessage).toMatch(/Could not find client/);

    const created = await admin.createClientRole(client, { name: 'client-role-test' }, { skipExists: true });
    const duplicate = await failure(admin.createClientRole(client, { name: 'client-role-test' }));
    expect(duplicate).toBeInstanceOf(KeycloakPostError);
    expect(duplicate.serverMessage).toBe('Role with name client-role-test already exists');
    expect(await admin.createClientRole(client, { name: 'client-role-test' }, { skipExists: true })).toBe(
      created,
    );

    const role = await admin.getClientRole(client, 'client-role-test');
    expect(role.name).toBe(created);
    const badRole = await failure(admin.getClientRole(client, 'bad'));
    expect(badRole).toBeInstanceOf(KeycloakGetError);
    expect(badRole.serverMessage).toMatch(/Could not find role/);
    expect(await admin.getClientRoleId(client, 'client-role-test')).toBe(role.id);
    const badRoleId = await failure(admin.getClientRoleId(client, 'bad'));
    expect(badRoleId).toBeInstanceOf(KeycloakGetError);
    expect(await admin.getClientRoles(client)).toHaveLength(1);

    expect(
      await admin.updateClientRole(client, 'client-role-test', { name: 'client-role-test-update' }),
    ).toBeUndefined();
    const renamedAway = await failure(
      admin.updateClientRole(client, 'client-role-test', { name: 'client-role-test-update' }),
    );
    expect(renamedAway).toBeInstanceOf(KeycloakPutError);
    expect(renamedAway.serverMessage).toMatch(/Could not find role/);

    expect(await admin.getClientRoleMembers(client, 'client-role-test-update')).toEqual([]);
    const badMembers = await failure(admin.getClientRoleMembers(client, 'bad'));
    expect(badMembers).toBeInstanceOf(KeycloakGetError);
    expect(badMembers.serverMessage).toMatch(/Could not find role/);

    const userId = await admin.createUser({ username: 'test', email: 'test@test.test' });
    await expectUnknownError(admin.assignClientRole(userId, client, BAD_ROLES), KeycloakPostError);
    const updated = await admin.getClientRole(client, 'client-role-test-update');
    expect(await admin.assignClientRole(userId, client, [updated])).toBeUndefined();
    expect(await admin.getClientRoleMembers(client, 'client-role-test-update')).toHaveLength(1);
    expect(await admin.getClientRolesOfUser(userId, client)).toHaveLength(1);
    const noClient = await failure(admin.getClientRolesOfUser(userId, 'bad'));
    expect(noClient).toBeInstanceOf(KeycloakGetError);
    expect(noClient.serverMessage).toMatch(/Client not found/);
    expect(await admin.getCompositeClientRolesOfUser(userId, client)).toHaveLength(1);
    const noClientComposite = await failure(admin.getCompositeClientRolesOfUser(userId, 'bad'));
    expect(noClientComposite).toBeInstanceOf(KeycloakGetError);
    expect(noClientComposite.serverMessage).toMatch(/Client not found/);
    expect(await admin.getAvailableClientRolesOfUser(userId, client)).toEqual([]);
    await expectUnknownError(admin.deleteClientRolesOfUser(userId, client, BAD_ROLES), KeycloakDeleteError);
    expect(await admin.deleteClientRolesOfUser(userId, client, [updated])).toBeUndefined();
    expect(await admin.getClientRolesOfUser(userId, client)).toEqual([]);

    expect(await admin.getClientRoleGroups(client, 'client-role-test-update')).toEqual([]);
    const badGroups = await failure(admin.getClientRoleGroups(client, 'bad'));
    expect(badGroups).toBeInstanceOf(KeycloakGetError);
    expect(badGroups.serverMessage).toMatch(/Could not find role/);
    const groupId = await admin.createGroup({ name: 'test-group' });
    expect(await admin.getGroupClientRoles(groupId, client)).toEqual([]);
    const groupNoClient = await failure(admin.getGroupClientRoles(groupId, 'bad'));
    expect(groupNoClient).toBeInstanceOf(KeycloakGetError);
    expect(groupNoClient.serverMessage).toMatch(/Client not found/);
    await expectUnknownError(admin.assignGroupClientRoles(groupId, client, BAD_ROLES), KeycloakPostError);
    expect(await admin.assignGroupClientRoles(groupId, client, [updated])).toBeUndefined();
    expect(await admin.getClientRoleGroups(client, 'client-role-test-update')).toHaveLength(1);
    expect(await admin.getGroupClientRoles(groupId, client)).toHaveLength(1);
    await expectUnknownError(admin.deleteGroupClientRoles(groupId, client, BAD_ROLES), KeycloakDeleteError);
    expect(await admin.deleteGroupClientRoles(groupId, client, [updated])).toBeUndefined();

    expect(await admin.getCompositeClientRolesOfRole(client, 'client-role-test-update')).toEqual([]);
    await expectUnknownError(
      admin.addCompositeClientRolesToRole(client, 'client-role-test-update', BAD_ROLES),
      KeycloakPostError,
    );
    const offline = await admin.getRealmRole('offline_access');
    expect(
      await admin.addCompositeClientRolesToRole(client, 'client-role-test-update', [offline]),
    ).toBeUndefined();
    expect((await admin.getClientRole(client, 'client-role-test-update')).composite).toBe(true);
    expect(await admin.getCompositeClientRolesOfRole(client, 'client-role-test-update')).toHaveLength(1);
    const badCompositeRole = await failure(admin.getCompositeClientRolesOfRole(client, 'bad'));
    expect(badCompositeRole).toBeInstanceOf(KeycloakGetError);
    expect(badCompositeRole.serverMessage).toMatch(/Could not find role/);
    await expectUnknownError(
      admin.removeCompositeClientRolesFromRole(client, 'client-role-test-update', BAD_ROLES),
      KeycloakDeleteError,
    );
    expect(
      await admin.removeCompositeClientRolesFromRole(client, 'client-role-test-update', [offline]),
    ).toBeUndefined();
    expect((await admin.getClientRole(client, 'client-role-test-update')).composite).toBe(false);

    expect(await admin.deleteClientRole(client, 'client-role-test-update')).toBeUndefined();
    const deletedTwice = await failure(admin.deleteClientRole(client, 'client-role-test-update'));
    expect(deletedTwice).toBeInstanceOf(KeycloakDeleteError);
    expect(deletedTwice.serverMessage).toMatch(/Could not find role/);

    // Roles by id.
    await admin.createClientRole(client, { name: 'client-role-by-id-test' }, { skipExists: true });
    const byIdRole = await admin.getClientRole(client, 'client-role-by-id-test');
    expect((await admin.getRoleById(byIdRole.id ?? '')).name).toBe('client-role-by-id-test');
    const badId = await failure(admin.getRoleById('bad'));
    expect(badId).toBeInstanceOf(KeycloakGetError);
    expect(badId.serverMessage).toMatch(/Could not find role with id/);
    expect(
      await admin.updateRoleById(byIdRole.id ?? '', { name: 'client-role-by-id-test-update' }),
    ).toBeUndefined();
    expect((await admin.getRoleById(byIdRole.id ?? '')).name).toBe('client-role-by-id-test-update');
    const badUpdate = await failure(admin.updateRoleById('bad', { name: 'client-role-by-id-test-update' }));
    expect(badUpdate).toBeInstanceOf(KeycloakPutError);
    expect(badUpdate.serverMessage).toMatch(/Could not find role with id/);
    expect(await admin.deleteRoleById(byIdRole.id ?? '')).toBeUndefined();
    const badDelete = await failure(admin.deleteRoleById('bad'));
    expect(badDelete).toBeInstanceOf(KeycloakDeleteError);
    expect(badDelete.serverMessage).toMatch(/Could not find role with id/);
  });

  it('admin/test_users_roles: all of a user’s role mappings at once', async () => {
    const admin = scenario.admin;
    const userId = await admin.createUser({ username: 'test', email: 'test@test.test' });
    const client = await admin.createClient({ name: 'test-client', clientId: 'test-client' });
    await admin.createClientRole(client, { name: 'test-role' });
    await admin.assignClientRole(userId, client, [await admin.getClientRole(client, 'test-role')]);
    const all = await admin.getAllRolesOfUser(userId);
    expect(all.realmMappings).toHaveLength(1);
    expect(Object.keys(all.clientMappings ?? {})).toHaveLength(1);
    const missing = await failure(admin.getAllRolesOfUser('non-existent-id'));
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect(missing.serverMessage).toMatch(/User not found/);
    await admin.deleteUser(userId);
    await admin.deleteClient(client);
  });

  /** python's `client`, `client_role` and `composite_client_role` fixtures. */
  async function compositeFixture(): Promise<{ client: string; child: string; parent: string }> {
    const admin = scenario.admin;
    const client = await newClient();
    const child = randomUUID();
    await admin.createClientRole(client, { name: child, composite: false });
    const parent = randomUUID();
    await admin.createClientRole(client, { name: parent, composite: true });
    await admin.addCompositeClientRolesToRole(client, parent, [await admin.getClientRole(client, child)]);
    return { client, child, parent };
  }

  it('admin/test_get_composite_client_roles_of_group: a group’s effective client roles', async () => {
    const admin = scenario.admin;
    const { client, parent } = await compositeFixture();
    const groupId = await admin.createGroup({ name: randomUUID() });
    const role = await admin.getClientRole(client, parent);
    await admin.assignGroupClientRoles(groupId, client, [role]);
    const effective = await admin.getCompositeClientRolesOfGroup(client, groupId);
    expect(effective.map((entry) => entry.id)).toContain(role.id);
  });

  it('admin/test_get_role_client_level_children: a composite role’s children of one client', async () => {
    const admin = scenario.admin;
    const { client, child, parent } = await compositeFixture();
    const childRole = await admin.getClientRole(client, child);
    const parentRole = await admin.getClientRole(client, parent);
    const children = await admin.getRoleClientLevelChildren(client, parentRole.id ?? '');
    expect(children.map((role) => role.id)).toContain(childRole.id);
  });

  it('admin/test_get_role_composites_by_id: a role’s composites by id, paged and searched', async () => {
    const admin = scenario.admin;
    const { client, child, parent } = await compositeFixture();
    const parentRole = await admin.getClientRole(client, parent);
    const childRole = await admin.getClientRole(client, child);
    const composites = await admin.getRoleCompositesById(parentRole.id ?? '');
    expect(composites.map((role) => role.id)).toContain(childRole.id);
    const paged = await admin.getRoleCompositesById(parentRole.id ?? '', { first: 0, max: 10 });
    expect(paged.map((role) => role.id)).toContain(childRole.id);
    const searched = await admin.getRoleCompositesById(parentRole.id ?? '', { search: child.slice(0, 3) });
    expect(searched.length).toBeGreaterThan(0);
  });
});
