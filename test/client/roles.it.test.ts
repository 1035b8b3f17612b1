import { beforeAll, expect, it } from 'vitest';
import {
  collect,
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakPostError,
  KeycloakPutError,
} from '../../src/client/index.js';
import type { ClientRepresentation } from '../../src/client/types/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak, useTestRealm } from '../support/keycloak.js';

const UNKNOWN_ID = '00000000-0000-0000-0000-000000000000';

describeWithKeycloak('roles', () => {
  const realm = useTestRealm('roles', {
    clients: [{ clientId: 'app-one' }, { clientId: 'app-two' }],
    roles: {
      realm: [{ name: 'held-role' }],
      client: { 'app-one': [{ name: 'held-client-role' }, { name: 'spare-client-role' }] },
    },
    users: [
      {
        username: 'holder-1',
        enabled: true,
        realmRoles: ['held-role'],
        clientRoles: { 'app-one': ['held-client-role'] },
      },
      {
        username: 'holder-2',
        enabled: true,
        realmRoles: ['held-role'],
        clientRoles: { 'app-one': ['held-client-role'] },
      },
      { username: 'holder-3', enabled: true, realmRoles: ['held-role'] },
      { username: 'bystander', enabled: true },
    ],
    groups: [
      { name: 'holders-a', realmRoles: ['held-role'], clientRoles: { 'app-one': ['held-client-role'] } },
      { name: 'holders-b', realmRoles: ['held-role'] },
      { name: 'others' },
    ],
  });
  let appOne = '';
  let appTwo = '';

  beforeAll(async () => {
    const clients = (await realm.admin.rawGet(`/admin/realms/${realm.name}/clients`)).json<
      ClientRepresentation[]
    >();
    appOne = clients.find((client) => client.clientId === 'app-one')?.id ?? '';
    appTwo = clients.find((client) => client.clientId === 'app-two')?.id ?? '';
    expect(appOne).not.toBe('');
    expect(appTwo).not.toBe('');
  });

  it('creates, reads, updates and deletes realm roles', async () => {
    const admin = realm.admin;
    await expect(admin.createRealmRole({ name: 'crud role', description: 'first' })).resolves.toBe(
      'crud role',
    );
    const role = await admin.getRealmRole('crud role');
    expect(role).toMatchObject({
      name: 'crud role',
      description: 'first',
      composite: false,
      clientRole: false,
    });
    await expect(admin.getRoleById(role.id as string)).resolves.toMatchObject({ name: 'crud role' });

    const conflict = await failure(admin.createRealmRole({ name: 'crud role' }));
    expect(conflict).toBeInstanceOf(KeycloakPostError);
    expect((conflict as KeycloakPostError).responseCode).toBe(409);
    expect((conflict as KeycloakPostError).serverMessage).toBe('Role with name crud role already exists');
    await expect(admin.createRealmRole({ name: 'crud role' }, { skipExists: true })).resolves.toBe(
      'crud role',
    );

    await admin.updateRealmRole('crud role', {
      ...role,
      description: 'second',
      attributes: { level: ['3'] },
    });
    const updated = await admin.getRealmRole('crud role');
    expect(updated).toMatchObject({ id: role.id, description: 'second', attributes: { level: ['3'] } });

    await admin.deleteRealmRole('crud role');
    const gone = await failure(admin.getRealmRole('crud role'));
    expect(gone).toBeInstanceOf(KeycloakGetError);
    expect((gone as KeycloakGetError).responseCode).toBe(404);
    expect((gone as KeycloakGetError).serverMessage).toBe('Could not find role');
    const goneById = await failure(admin.getRoleById(role.id as string));
    expect((goneById as KeycloakGetError).responseCode).toBe(404);
    const deleteAgain = await failure(admin.deleteRealmRole('crud role'));
    expect(deleteAgain).toBeInstanceOf(KeycloakDeleteError);
    expect((deleteAgain as KeycloakDeleteError).responseCode).toBe(404);
    const updateMissing = await failure(admin.updateRealmRole('crud role', { name: 'crud role' }));
    expect(updateMissing).toBeInstanceOf(KeycloakPutError);
    expect((updateMissing as KeycloakPutError).responseCode).toBe(404);
  });

  it('lists and pages realm roles', async () => {
    const admin = realm.admin;
    for (const name of ['list-a', 'list-b', 'list-c']) {
      await admin.createRealmRole({ name, attributes: { origin: ['test'] } });
    }
    const all = await admin.getRealmRoles();
    const names = all.map((role) => role.name);
    expect(names).toEqual(
      expect.arrayContaining(['list-a', 'list-b', 'list-c', 'held-role', 'offline_access']),
    );
    expect(names).toContain(`default-roles-${realm.name}`);
    expect(all.find((role) => role.name === 'list-a')?.attributes).toBeUndefined();
    const full = await admin.getRealmRoles({ briefRepresentation: false });
    expect(full.find((role) => role.name === 'list-a')?.attributes).toEqual({ origin: ['test'] });

    const searched = await admin.getRealmRoles({ searchText: 'list-' });
    expect(searched.map((role) => role.name).sort()).toEqual(['list-a', 'list-b', 'list-c']);
    expect(await admin.getRealmRoles({ query: { first: 0, max: 2 } })).toHaveLength(2);
    const iterated = await collect(admin.iterRealmRoles({ pageSize: 2 }));
    expect(iterated.map((role) => role.name).sort()).toEqual([...names].sort());
    const iteratedSearch = await collect(admin.iterRealmRoles({ searchText: 'list-', pageSize: 1 }));
    expect(iteratedSearch).toHaveLength(3);
  });

  it('manages realm role composites', async () => {
    const admin = realm.admin;
    await admin.createRealmRole({ name: 'comp-parent' });
    await admin.createRealmRole({ name: 'comp-child' });
    const child = await admin.getRealmRole('comp-child');
    const clientChild = await admin.getClientRole(appOne, 'spare-client-role');

    await admin.addCompositeRealmRolesToRole('comp-parent', [child, clientChild]);
    expect((await admin.getRealmRole('comp-parent')).composite).toBe(true);
    const composites = await admin.getCompositeRealmRolesOfRole('comp-parent');
    expect(composites.map((role) => role.name).sort()).toEqual(['comp-child', 'spare-client-role']);
    const parentId = (await admin.getRealmRole('comp-parent')).id as string;
    const clientLevel = await admin.getRoleClientLevelChildren(appOne, parentId);
    expect(clientLevel.map((role) => role.name)).toEqual(['spare-client-role']);
    await expect(admin.getRoleClientLevelChildren(appTwo, parentId)).resolves.toEqual([]);

    await admin.removeCompositeRealmRolesToRole('comp-parent', child);
    const remaining = await admin.getCompositeRealmRolesOfRole('comp-parent');
    expect(remaining.map((role) => role.name)).toEqual(['spare-client-role']);

    // Keycloak resolves composites by id: a role given by name alone is refused.
    const byName = await failure(admin.addCompositeRealmRolesToRole('comp-parent', { name: 'comp-child' }));
    expect(byName).toBeInstanceOf(KeycloakPostError);
    expect((byName as KeycloakPostError).responseCode).toBe(404);
    expect((byName as KeycloakPostError).serverMessage).toBe('Could not find composite role');
    const missing = await failure(admin.getCompositeRealmRolesOfRole('no-such-role'));
    expect((missing as KeycloakGetError).responseCode).toBe(404);
  });

  it('creates, reads, updates and deletes client roles', async () => {
    const admin = realm.admin;
    await expect(admin.createClientRole(appTwo, { name: 'crole', description: 'one' })).resolves.toBe(
      'crole',
    );
    const role = await admin.getClientRole(appTwo, 'crole');
    expect(role).toMatchObject({ name: 'crole', description: 'one', clientRole: true, containerId: appTwo });
    await expect(admin.getClientRoleId(appTwo, 'crole')).resolves.toBe(role.id);

    const conflict = await failure(admin.createClientRole(appTwo, { name: 'crole' }));
    expect(conflict).toBeInstanceOf(KeycloakPostError);
    expect((conflict as KeycloakPostError).responseCode).toBe(409);
    expect((conflict as KeycloakPostError).serverMessage).toBe('Role with name crole already exists');
    await expect(admin.createClientRole(appTwo, { name: 'crole' }, { skipExists: true })).resolves.toBe(
      'crole',
    );
    // The same name in another client is another role.
    await expect(admin.createClientRole(appOne, { name: 'crole' }, { skipExists: true })).resolves.toBe(
      'crole',
    );
    expect(await admin.getClientRoleId(appOne, 'crole')).not.toBe(role.id);

    await admin.updateClientRole(appTwo, 'crole', { ...role, description: 'two' });
    expect((await admin.getClientRole(appTwo, 'crole')).description).toBe('two');

    for (const name of ['crole-b', 'crole-c']) await admin.createClientRole(appTwo, { name });
    const roles = await admin.getClientRoles(appTwo);
    expect(roles.map((r) => r.name).sort()).toEqual(['crole', 'crole-b', 'crole-c']);
    const iterated = await collect(admin.iterClientRoles(appTwo, { pageSize: 2 }));
    expect(iterated.map((r) => r.name).sort()).toEqual(['crole', 'crole-b', 'crole-c']);
    expect(await admin.getClientRoles(appTwo, { searchText: 'crole-' })).toHaveLength(2);
    expect(await admin.getClientRoles(appTwo, { query: { first: 1, max: 1 } })).toHaveLength(1);

    await admin.deleteClientRole(appTwo, 'crole-c');
    const gone = await failure(admin.getClientRole(appTwo, 'crole-c'));
    expect(gone).toBeInstanceOf(KeycloakGetError);
    expect((gone as KeycloakGetError).responseCode).toBe(404);
    expect((gone as KeycloakGetError).serverMessage).toBe('Could not find role');
    const deleteAgain = await failure(admin.deleteClientRole(appTwo, 'crole-c'));
    expect(deleteAgain).toBeInstanceOf(KeycloakDeleteError);
    const unknownClient = await failure(admin.getClientRoles(UNKNOWN_ID));
    expect(unknownClient).toBeInstanceOf(KeycloakGetError);
    expect((unknownClient as KeycloakGetError).responseCode).toBe(404);
    expect((unknownClient as KeycloakGetError).serverMessage).toBe('Could not find client');
    const updateMissing = await failure(admin.updateClientRole(appTwo, 'nope', { name: 'nope' }));
    expect(updateMissing).toBeInstanceOf(KeycloakPutError);
  });

  it('manages client role composites', async () => {
    const admin = realm.admin;
    await admin.createClientRole(appTwo, { name: 'bundle' });
    await admin.createClientRole(appTwo, { name: 'part' });
    await admin.createRealmRole({ name: 'realm-part' });
    const part = await admin.getClientRole(appTwo, 'part');
    const realmPart = await admin.getRealmRole('realm-part');
    const foreign = await admin.getClientRole(appOne, 'spare-client-role');

    await admin.addCompositeClientRolesToRole(appTwo, 'bundle', [part, realmPart, foreign]);
    const bundle = await admin.getClientRole(appTwo, 'bundle');
    expect(bundle.composite).toBe(true);
    const all = await admin.getCompositeClientRolesOfRole(appTwo, 'bundle');
    expect(all.map((role) => role.name).sort()).toEqual(['part', 'realm-part', 'spare-client-role']);
    const ofAppTwo = await admin.getRoleClientLevelChildren(appTwo, bundle.id as string);
    expect(ofAppTwo.map((role) => role.name)).toEqual(['part']);
    const ofAppOne = await admin.getRoleClientLevelChildren(appOne, bundle.id as string);
    expect(ofAppOne.map((role) => role.name)).toEqual(['spare-client-role']);

    await admin.removeCompositeClientRolesFromRole(appTwo, 'bundle', [part, foreign]);
    const left = await admin.getCompositeClientRolesOfRole(appTwo, 'bundle');
    expect(left.map((role) => role.name)).toEqual(['realm-part']);

    const unknownRole = await failure(admin.getRoleClientLevelChildren(appTwo, UNKNOWN_ID));
    expect(unknownRole).toBeInstanceOf(KeycloakGetError);
    expect((unknownRole as KeycloakGetError).responseCode).toBe(404);
  });

  it('lists the users and groups that hold a role', async () => {
    const admin = realm.admin;
    const members = await admin.getRealmRoleMembers('held-role');
    expect(members.map((user) => user.username).sort()).toEqual(['holder-1', 'holder-2', 'holder-3']);
    const memberPage = await admin.getRealmRoleMembers('held-role', { query: { first: 0, max: 2 } });
    expect(memberPage).toHaveLength(2);
    const iteratedMembers = await collect(admin.iterRealmRoleMembers('held-role', { pageSize: 2 }));
    expect(iteratedMembers.map((user) => user.username).sort()).toEqual(['holder-1', 'holder-2', 'holder-3']);

    const groups = await admin.getRealmRoleGroups('held-role');
    expect(groups.map((group) => group.name).sort()).toEqual(['holders-a', 'holders-b']);
    const iteratedGroups = await collect(admin.iterRealmRoleGroups('held-role', { pageSize: 1 }));
    expect(iteratedGroups.map((group) => group.name).sort()).toEqual(['holders-a', 'holders-b']);

    const clientMembers = await admin.getClientRoleMembers(appOne, 'held-client-role');
    expect(clientMembers.map((user) => user.username).sort()).toEqual(['holder-1', 'holder-2']);
    expect(await admin.getClientRoleMembers(appOne, 'held-client-role', { first: 1, max: 5 })).toHaveLength(
      1,
    );
    const iteratedClientMembers = await collect(
      admin.iterClientRoleMembers(appOne, 'held-client-role', {}, { pageSize: 1 }),
    );
    expect(iteratedClientMembers.map((user) => user.username).sort()).toEqual(['holder-1', 'holder-2']);

    const clientGroups = await admin.getClientRoleGroups(appOne, 'held-client-role');
    expect(clientGroups.map((group) => group.name)).toEqual(['holders-a']);
    const iteratedClientGroups = await collect(
      admin.iterClientRoleGroups(appOne, 'held-client-role', { max: 10 }),
    );
    expect(iteratedClientGroups.map((group) => group.name)).toEqual(['holders-a']);
    await expect(admin.getClientRoleGroups(appOne, 'spare-client-role')).resolves.toEqual([]);

    for (const call of [
      () => admin.getRealmRoleMembers('no-such-role'),
      () => admin.getRealmRoleGroups('no-such-role'),
      () => admin.getClientRoleMembers(appOne, 'no-such-role'),
      () => admin.getClientRoleGroups(appOne, 'no-such-role'),
    ]) {
      const error = await failure(call());
      expect(error).toBeInstanceOf(KeycloakGetError);
      expect((error as KeycloakGetError).responseCode).toBe(404);
      expect((error as KeycloakGetError).serverMessage).toBe('Could not find role');
    }
  });
});
