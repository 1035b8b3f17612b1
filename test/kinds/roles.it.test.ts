import { beforeAll, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import type { RealmRepresentation, RoleRepresentation } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { clientRoleKind } from '../../src/kinds/client-role.js';
import { defineKind, type KindDefinition, type ValueObject } from '../../src/kinds/kind.js';
import { realmKind } from '../../src/kinds/realm.js';
import { realmRoleKind } from '../../src/kinds/realm-role.js';
import { describeWithKeycloak, useTestRealm } from '../support/keycloak.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

/** Read-only stand-in for the client kind (another area): lets the planner check client references. */
const clientLookupKind = defineKind<ValueObject>({
  kind: 'client',
  dependsOn: ['realm'],
  desired: () => undefined,
  read: async (ctx) =>
    (await ctx.admin.getClients()).map((client) => ({ key: [client.clientId ?? ''], value: {} })),
  create: async () => {
    throw new Error('not managed in this test');
  },
  update: async () => {},
});

const KINDS = [realmKind, realmRoleKind, clientRoleKind, clientLookupKind] as KindDefinition[];

describeWithKeycloak('realm-role and client-role kinds', () => {
  const realm = useTestRealm('kroles');
  const run = (representation: RealmRepresentation) =>
    applyManifest(realm.admin, manifestOf({ ...representation, realm: realm.name }), KINDS);
  const realmRoleNames = async (admin: KeycloakAdmin) =>
    (await admin.getRealmRoles()).map((r) => r.name).sort();
  let webUuid = '';
  let apiUuid = '';

  beforeAll(async () => {
    webUuid = await realm.admin.createClient({ clientId: 'web' });
    apiUuid = await realm.admin.createClient({ clientId: 'api' });
    // A role of a client the manifests never mention: must survive every apply.
    await realm.admin.createClientRole(apiUuid, { name: 'legacy', description: 'kept' });
  });

  it('creates realm roles with description and attributes, and converges', async () => {
    const result = await run({
      roles: {
        realm: [
          { name: 'app-user', description: 'App user', attributes: { team: ['a', 'b'], level: ['1'] } },
          { name: 'app-admin', composite: false, clientRole: false },
        ],
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      'create realm-role["app-admin"]',
      'create realm-role["app-user"]',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    const role = await realm.admin.getRealmRole('app-user');
    expect(role.description).toBe('App user');
    expect(role.attributes?.team?.slice().sort()).toEqual(['a', 'b']);
    expect(role.attributes?.level).toEqual(['1']);
  });

  it('updates declared fields only and leaves undeclared ones (description, other attributes) alone', async () => {
    const before = await realm.admin.getRealmRole('app-user');
    await realm.admin.updateRealmRole('app-user', {
      ...before,
      attributes: { ...before.attributes, external: ['set-by-hand'] },
    });
    const result = await run({
      roles: {
        realm: [{ name: 'app-user', attributes: { team: ['b', 'a', 'c'] } }, { name: 'app-admin' }],
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(['update realm-role["app-user"]']);
    expect(result.plan.changes.find((c) => c.address === 'realm-role["app-user"]')?.changedPaths).toEqual([
      'attributes.team',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    const role = await realm.admin.getRealmRole('app-user');
    expect(role.description).toBe('App user');
    expect(role.attributes?.team?.slice().sort()).toEqual(['a', 'b', 'c']);
    expect(role.attributes?.level).toEqual(['1']);
    expect(role.attributes?.external).toEqual(['set-by-hand']);
  });

  it('compares attribute values as sets', async () => {
    const result = await run({
      roles: { realm: [{ name: 'app-user', attributes: { team: ['c', 'b', 'a'] } }, { name: 'app-admin' }] },
    });
    expect(actionsOf(result.plan)).toEqual([]);
  });

  it('updates built-in roles when declared, by the realm-cased default role name too', async () => {
    const result = await run({
      roles: {
        realm: [
          { name: 'app-user' },
          { name: 'app-admin' },
          { name: `default-roles-${realm.name.toUpperCase()}`, description: 'Everyone' },
          { name: 'offline_access', attributes: { note: ['built-in'] } },
        ],
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      `update realm-role["default-roles-${realm.name}"]`,
      'update realm-role["offline_access"]',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect((await realm.admin.getRealmRole(`default-roles-${realm.name}`)).description).toBe('Everyone');
    expect((await realm.admin.getRealmRole('offline_access')).attributes?.note).toEqual(['built-in']);
    // The default role keeps its composites: a role PUT does not touch them.
    const composites = (await realm.admin.getCompositeRealmRolesOfRole(`default-roles-${realm.name}`)).map(
      (r) => r.name,
    );
    expect(composites).toEqual(
      expect.arrayContaining(['offline_access', 'uma_authorization', 'view-profile']),
    );
  });

  it('deletes undeclared realm roles but never the built-ins', async () => {
    const result = await run({ roles: { realm: [{ name: 'app-user' }] } });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(['delete realm-role["app-admin"]']);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await realmRoleNames(realm.admin)).toEqual(
      ['app-user', `default-roles-${realm.name}`, 'offline_access', 'uma_authorization'].sort(),
    );

    const emptied = await run({ roles: { realm: [] } });
    expect(actionsOf(emptied.plan)).toEqual(['delete realm-role["app-user"]']);
    expect(actionsOf(emptied.replan)).toEqual([]);
    expect(await realmRoleNames(realm.admin)).toEqual(
      [`default-roles-${realm.name}`, 'offline_access', 'uma_authorization'].sort(),
    );
  });

  it('leaves roles alone when the manifest does not declare roles', async () => {
    await realm.admin.createRealmRole({ name: 'hand-made' });
    const result = await run({ displayName: 'Roles' });
    expect(actionsOf(result.plan)).not.toContain('delete realm-role["hand-made"]');
    expect(await realmRoleNames(realm.admin)).toContain('hand-made');
    await realm.admin.deleteRealmRole('hand-made');
  });

  it('creates client roles with attributes and converges', async () => {
    const result = await run({
      roles: {
        client: {
          web: [
            { name: 'viewer', description: 'Can view', attributes: { scope: ['read'] } },
            { name: 'editor', clientRole: true, containerId: 'ignored', id: 'ignored' } as RoleRepresentation,
          ],
        },
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      'create client-role["web"]["editor"]',
      'create client-role["web"]["viewer"]',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    const viewer = await realm.admin.getClientRole(webUuid, 'viewer');
    expect(viewer.description).toBe('Can view');
    expect(viewer.attributes?.scope).toEqual(['read']);
  });

  it('updates a client role read-modify-write, keeping undeclared fields', async () => {
    const result = await run({
      roles: {
        client: { web: [{ name: 'viewer', attributes: { scope: ['read', 'list'] } }, { name: 'editor' }] },
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(['update client-role["web"]["viewer"]']);
    expect(actionsOf(result.replan)).toEqual([]);
    const viewer = await realm.admin.getClientRole(webUuid, 'viewer');
    expect(viewer.description).toBe('Can view');
    expect(viewer.attributes?.scope?.slice().sort()).toEqual(['list', 'read']);
  });

  it('deletes undeclared roles of declared clients only; other and built-in clients are untouched', async () => {
    const accountRolesBefore = (
      await realm.admin.getClientRoles((await realm.admin.getClientId('account')) ?? '')
    )
      .map((r) => r.name)
      .sort();
    const result = await run({ roles: { client: { web: [{ name: 'viewer' }], account: [] } } });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(['delete client-role["web"]["editor"]']);
    expect(actionsOf(result.replan)).toEqual([]);
    expect((await realm.admin.getClientRoles(webUuid)).map((r) => r.name)).toEqual(['viewer']);
    expect((await realm.admin.getClientRoles(apiUuid)).map((r) => r.name)).toEqual(['legacy']);
    const accountRolesAfter = (
      await realm.admin.getClientRoles((await realm.admin.getClientId('account')) ?? '')
    )
      .map((r) => r.name)
      .sort();
    expect(accountRolesAfter).toEqual(accountRolesBefore);
    expect(accountRolesAfter.length).toBeGreaterThan(0);
  });

  it('never deletes uma_protection, which Keycloak gives a client with authorization services', async () => {
    const rsUuid = await realm.admin.createClient({
      clientId: 'rs',
      serviceAccountsEnabled: true,
      authorizationServicesEnabled: true,
    });
    expect((await realm.admin.getClientRoles(rsUuid)).map((r) => r.name)).toEqual(['uma_protection']);
    const result = await run({ roles: { client: { rs: [{ name: 'reader' }] } } });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(['create client-role["rs"]["reader"]']);
    expect(actionsOf(result.replan)).toEqual([]);
    expect((await realm.admin.getClientRoles(rsUuid)).map((r) => r.name).sort()).toEqual([
      'reader',
      'uma_protection',
    ]);
  });

  it('refuses at plan time to add or change roles of realm-management (Keycloak answers 403)', async () => {
    const managementUuid = (await realm.admin.getClientId('realm-management')) ?? '';
    const viewUsers = await realm.admin.getClientRole(managementUuid, 'view-users');
    // Declared as they are: nothing to do.
    const same = await run({
      roles: { client: { 'realm-management': [{ name: 'view-users', description: viewUsers.description }] } },
    });
    expect(same.report.failed).toEqual([]);
    expect(actionsOf(same.plan)).toEqual([]);
    const result = await run({
      roles: {
        realm: [{ name: 'must-not-appear' }],
        client: {
          'realm-management': [{ name: 'view-users', description: 'changed' }, { name: 'extra' }],
        },
      },
    });
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.path, d.summary])).toEqual([
      [
        'roles.client.realm-management[0]',
        'client-role["realm-management"]["view-users"] cannot be changed: client "realm-management" is managed by Keycloak: the admin API refuses any change to it (403), so it can only be declared as it is (differs in description)',
      ],
      [
        'roles.client.realm-management[1]',
        'client-role["realm-management"]["extra"] cannot be changed: client "realm-management" is managed by Keycloak: the admin API refuses any change to it (403), so it can only be declared as it is (would be created)',
      ],
    ]);
    expect(result.report.applied).toEqual([]);
    expect(await realmRoleNames(realm.admin)).not.toContain('must-not-appear');
  });

  it('reports a role of a missing client at plan time, with its address and path, and changes nothing', async () => {
    const result = await run({
      roles: {
        realm: [{ name: 'must-not-appear' }],
        client: { web: [{ name: 'viewer' }], 'no-such-client': [{ name: 'ghost' }] },
      },
    });
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      address: 'client-role["no-such-client"]["ghost"]',
      path: 'roles.client.no-such-client[0]',
    });
    expect(errors[0]?.summary).toContain('client["no-such-client"]');
    expect(result.report.applied).toEqual([]);
    expect(await realmRoleNames(realm.admin)).not.toContain('must-not-appear');
  });
});
