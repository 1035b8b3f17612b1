import { beforeAll, expect, it } from 'vitest';
import { KeycloakDeleteError, KeycloakGetError, KeycloakPostError } from '../../src/client/index.js';
import type {
  ClientRepresentation,
  ClientScopeRepresentation,
  GroupRepresentation,
  RoleRepresentation,
  UserRepresentation,
} from '../../src/client/types/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak, useTestRealm } from '../support/keycloak.js';

const UNKNOWN_ID = '00000000-0000-0000-0000-000000000000';

const names = (roles: RoleRepresentation[]): string[] => roles.map((role) => role.name ?? '').sort();

describeWithKeycloak('role mappings', () => {
  const realm = useTestRealm('rolemap', {
    clients: [{ clientId: 'owner-app' }, { clientId: 'consumer-app', fullScopeAllowed: false }],
    clientScopes: [{ name: 'mapped-scope', protocol: 'openid-connect' }],
    roles: {
      realm: [
        { name: 'r-plain' },
        { name: 'r-child' },
        { name: 'r-parent', composite: true, composites: { realm: ['r-child'] } },
        { name: 'r-group' },
      ],
      client: {
        'owner-app': [
          { name: 'c-plain' },
          { name: 'c-child' },
          { name: 'c-parent', composite: true, composites: { client: { 'owner-app': ['c-child'] } } },
        ],
      },
    },
    groups: [{ name: 'team' }, { name: 'lonely' }],
    users: [
      { username: 'mapped-user', enabled: true },
      { username: 'team-user', enabled: true, groups: ['/team'] },
    ],
  });
  const ids = { owner: '', consumer: '', scope: '', user: '', teamUser: '', team: '', lonely: '' };
  const realmRole = (name: string) => realm.admin.getRealmRole(name);
  const clientRole = (name: string) => realm.admin.getClientRole(ids.owner, name);

  beforeAll(async () => {
    const admin = realm.admin;
    const base = `/admin/realms/${realm.name}`;
    const clients = (await admin.rawGet(`${base}/clients`)).json<ClientRepresentation[]>();
    ids.owner = clients.find((client) => client.clientId === 'owner-app')?.id ?? '';
    ids.consumer = clients.find((client) => client.clientId === 'consumer-app')?.id ?? '';
    const scopes = (await admin.rawGet(`${base}/client-scopes`)).json<ClientScopeRepresentation[]>();
    ids.scope = scopes.find((scope) => scope.name === 'mapped-scope')?.id ?? '';
    const users = (await admin.rawGet(`${base}/users`)).json<UserRepresentation[]>();
    ids.user = users.find((user) => user.username === 'mapped-user')?.id ?? '';
    ids.teamUser = users.find((user) => user.username === 'team-user')?.id ?? '';
    const groups = (await admin.rawGet(`${base}/groups`)).json<GroupRepresentation[]>();
    ids.team = groups.find((group) => group.name === 'team')?.id ?? '';
    ids.lonely = groups.find((group) => group.name === 'lonely')?.id ?? '';
    for (const [key, value] of Object.entries(ids)) expect(value, key).not.toBe('');
  });

  it('maps realm roles to a user', async () => {
    const admin = realm.admin;
    // A user imported with the realm gets no default-roles mapping (only a created user does).
    expect(await admin.getRealmRolesOfUser(ids.user)).toEqual([]);
    const available = names(await admin.getAvailableRealmRolesOfUser(ids.user));
    expect(available).toEqual(expect.arrayContaining(['r-plain', 'r-parent']));

    await admin.assignRealmRoles(ids.user, await realmRole('r-plain')); // a single role
    await admin.assignRealmRoles(ids.user, [await realmRole('r-parent')]);
    expect(names(await admin.getRealmRolesOfUser(ids.user))).toEqual(['r-parent', 'r-plain']);
    const stillAvailable = names(await admin.getAvailableRealmRolesOfUser(ids.user));
    expect(stillAvailable).not.toContain('r-plain');
    expect(stillAvailable).toContain('r-group');

    const effective = await admin.getCompositeRealmRolesOfUser(ids.user);
    expect(names(effective)).toEqual(['r-child', 'r-parent', 'r-plain']);
    expect(effective.find((role) => role.name === 'r-plain')?.attributes).toBeUndefined();
    const effectiveFull = await admin.getCompositeRealmRolesOfUser(ids.user, { briefRepresentation: false });
    expect(effectiveFull.find((role) => role.name === 'r-plain')?.attributes).toEqual({});

    const all = await admin.getUserRoleMappings(ids.user);
    expect(names(all.realmMappings ?? [])).toEqual(['r-parent', 'r-plain']);

    await admin.deleteRealmRolesOfUser(ids.user, [await realmRole('r-plain'), await realmRole('r-parent')]);
    expect(await admin.getRealmRolesOfUser(ids.user)).toEqual([]);
    expect(names(await admin.getCompositeRealmRolesOfUser(ids.user))).not.toContain('r-child');
  });

  it('maps client roles to a user', async () => {
    const admin = realm.admin;
    expect(await admin.getClientRolesOfUser(ids.user, ids.owner)).toEqual([]);
    expect(names(await admin.getAvailableClientRolesOfUser(ids.user, ids.owner))).toEqual([
      'c-child',
      'c-parent',
      'c-plain',
    ]);

    await admin.assignClientRole(ids.user, ids.owner, await clientRole('c-parent'));
    expect(names(await admin.getClientRolesOfUser(ids.user, ids.owner))).toEqual(['c-parent']);
    // "Available" leaves out direct mappings only: c-child, implied by the composite, is still offered.
    expect(names(await admin.getAvailableClientRolesOfUser(ids.user, ids.owner))).toEqual([
      'c-child',
      'c-plain',
    ]);
    const effective = await admin.getCompositeClientRolesOfUser(ids.user, ids.owner);
    expect(names(effective)).toEqual(['c-child', 'c-parent']);
    expect(effective[0]?.attributes).toEqual({});
    const brief = await admin.getCompositeClientRolesOfUser(ids.user, ids.owner, {
      briefRepresentation: true,
    });
    expect(brief[0]?.attributes).toBeUndefined();

    const all = await admin.getUserRoleMappings(ids.user);
    expect(all.clientMappings?.['owner-app']).toMatchObject({ id: ids.owner, client: 'owner-app' });
    expect(names(all.clientMappings?.['owner-app']?.mappings ?? [])).toEqual(['c-parent']);

    await admin.deleteClientRolesOfUser(ids.user, ids.owner, [await clientRole('c-parent')]);
    expect(await admin.getClientRolesOfUser(ids.user, ids.owner)).toEqual([]);
    expect(await admin.getCompositeClientRolesOfUser(ids.user, ids.owner)).toEqual([]);
    expect((await admin.getUserRoleMappings(ids.user)).clientMappings).toBeUndefined();
  });

  it('maps realm and client roles to a group, inherited by its members', async () => {
    const admin = realm.admin;
    await admin.assignGroupRealmRoles(ids.team, [await realmRole('r-group'), await realmRole('r-parent')]);
    expect(names(await admin.getGroupRealmRoles(ids.team))).toEqual(['r-group', 'r-parent']);
    const fullRoles = await admin.getGroupRealmRoles(ids.team, { briefRepresentation: false });
    expect(names(fullRoles)).toEqual(['r-group', 'r-parent']);
    expect(names(await admin.getCompositeRealmRolesOfUser(ids.teamUser))).toEqual(
      expect.arrayContaining(['r-group', 'r-parent', 'r-child']),
    );

    await admin.assignGroupClientRoles(ids.team, ids.owner, await clientRole('c-parent'));
    expect(names(await admin.getGroupClientRoles(ids.team, ids.owner))).toEqual(['c-parent']);
    expect(names(await admin.getCompositeClientRolesOfGroup(ids.owner, ids.team))).toEqual([
      'c-child',
      'c-parent',
    ]);
    const fullComposite = await admin.getCompositeClientRolesOfGroup(ids.owner, ids.team, {
      briefRepresentation: false,
    });
    expect(fullComposite[0]?.attributes).toEqual({});
    expect(names(await admin.getCompositeClientRolesOfUser(ids.teamUser, ids.owner))).toEqual([
      'c-child',
      'c-parent',
    ]);
    await expect(admin.getCompositeClientRolesOfGroup(ids.owner, ids.lonely)).resolves.toEqual([]);

    const all = await admin.getGroupRoleMappings(ids.team);
    expect(names(all.realmMappings ?? [])).toEqual(['r-group', 'r-parent']);
    expect(names(all.clientMappings?.['owner-app']?.mappings ?? [])).toEqual(['c-parent']);

    await admin.deleteGroupRealmRoles(ids.team, await realmRole('r-parent'));
    expect(names(await admin.getGroupRealmRoles(ids.team))).toEqual(['r-group']);
    await admin.deleteGroupClientRoles(ids.team, ids.owner, [await clientRole('c-parent')]);
    expect(await admin.getGroupClientRoles(ids.team, ids.owner)).toEqual([]);
    expect(await admin.getCompositeClientRolesOfUser(ids.teamUser, ids.owner)).toEqual([]);
    expect(await admin.getGroupRoleMappings(ids.lonely)).toEqual({});
  });

  it("manages a client's scope mappings (python's client_scope methods)", async () => {
    const admin = realm.admin;
    expect(await admin.getRealmRolesOfClientScope(ids.consumer)).toEqual([]);
    await admin.assignRealmRolesToClientScope(ids.consumer, [
      await realmRole('r-plain'),
      await realmRole('r-group'),
    ]);
    expect(names(await admin.getRealmRolesOfClientScope(ids.consumer))).toEqual(['r-group', 'r-plain']);
    await admin.deleteRealmRolesOfClientScope(ids.consumer, await realmRole('r-group'));
    expect(names(await admin.getRealmRolesOfClientScope(ids.consumer))).toEqual(['r-plain']);

    await admin.assignClientRolesToClientScope(ids.consumer, ids.owner, [await clientRole('c-plain')]);
    expect(names(await admin.getClientRolesOfClientScope(ids.consumer, ids.owner))).toEqual(['c-plain']);
    const raw = await admin.rawGet(`/admin/realms/${realm.name}/clients/${ids.consumer}/scope-mappings`);
    expect(raw.json<{ clientMappings?: Record<string, unknown> }>().clientMappings).toHaveProperty(
      'owner-app',
    );
    await admin.deleteClientRolesOfClientScope(ids.consumer, ids.owner, [await clientRole('c-plain')]);
    expect(await admin.getClientRolesOfClientScope(ids.consumer, ids.owner)).toEqual([]);
    // The client scope of the same id space is untouched: these endpoints are the client's.
    expect(await admin.getClientScopeRealmScopeMappings(ids.scope)).toEqual([]);
  });

  it("manages a client scope's scope mappings", async () => {
    const admin = realm.admin;
    await admin.addClientScopeRealmScopeMappings(ids.scope, await realmRole('r-child'));
    expect(names(await admin.getClientScopeRealmScopeMappings(ids.scope))).toEqual(['r-child']);
    await admin.addClientScopeClientScopeMappings(ids.scope, ids.owner, [
      await clientRole('c-child'),
      await clientRole('c-plain'),
    ]);
    expect(names(await admin.getClientScopeClientScopeMappings(ids.scope, ids.owner))).toEqual([
      'c-child',
      'c-plain',
    ]);

    await admin.deleteClientScopeClientScopeMappings(ids.scope, ids.owner, await clientRole('c-child'));
    expect(names(await admin.getClientScopeClientScopeMappings(ids.scope, ids.owner))).toEqual(['c-plain']);
    await admin.deleteClientScopeRealmScopeMappings(ids.scope, [await realmRole('r-child')]);
    expect(await admin.getClientScopeRealmScopeMappings(ids.scope)).toEqual([]);

    const unknown = await failure(admin.getClientScopeRealmScopeMappings(UNKNOWN_ID));
    expect(unknown).toBeInstanceOf(KeycloakGetError);
    expect((unknown as KeycloakGetError).responseCode).toBe(404);
    expect((unknown as KeycloakGetError).serverMessage).toBe('Could not find client scope');
  });

  it('reports unknown users, groups, clients and roles', async () => {
    const admin = realm.admin;
    const noUser = await failure(admin.getRealmRolesOfUser(UNKNOWN_ID));
    expect(noUser).toBeInstanceOf(KeycloakGetError);
    expect((noUser as KeycloakGetError).responseCode).toBe(404);
    expect((noUser as KeycloakGetError).serverMessage).toBe('User not found');

    const noRole = await failure(admin.assignRealmRoles(ids.user, { id: UNKNOWN_ID, name: 'ghost' }));
    expect(noRole).toBeInstanceOf(KeycloakPostError);
    expect((noRole as KeycloakPostError).responseCode).toBe(404);
    expect((noRole as KeycloakPostError).serverMessage).toBe('Role not found');

    const noGroup = await failure(admin.getGroupRoleMappings(UNKNOWN_ID));
    expect(noGroup).toBeInstanceOf(KeycloakGetError);
    expect((noGroup as KeycloakGetError).responseCode).toBe(404);

    const noClient = await failure(admin.getClientRolesOfUser(ids.user, UNKNOWN_ID));
    expect(noClient).toBeInstanceOf(KeycloakGetError);
    expect((noClient as KeycloakGetError).responseCode).toBe(404);

    const noScopeClient = await failure(admin.deleteRealmRolesOfClientScope(UNKNOWN_ID, []));
    expect(noScopeClient).toBeInstanceOf(KeycloakDeleteError);
    expect((noScopeClient as KeycloakDeleteError).responseCode).toBe(404);
  });
});
