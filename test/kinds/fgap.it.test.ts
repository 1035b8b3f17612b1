/**
 * Fine-grained admin permissions v2: scope permissions of the `admin-permissions` client
 * (admin-permission kind), their targets named by `$` placeholders and stored by id.
 */
import { expect, it } from 'vitest';
import type { PolicyRepresentation, RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { adminPermissionKind } from '../../src/kinds/admin-permission.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { describeWithFeature, useTestRealm } from '../support/keycloak.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

const KINDS = [
  ...ALL_KINDS,
  {
    ...adminPermissionKind,
    dependsOn: ['authz-policy', 'client', 'group', 'user', 'realm-role', 'client-role'],
  },
];

const rolePolicy: PolicyRepresentation = {
  name: 'admins',
  type: 'role',
  config: { roles: JSON.stringify([{ id: 'client-admin', required: true }]) },
};

function scopePermission(
  name: string,
  type: string,
  scopes: string[],
  resources?: string[],
  extra: PolicyRepresentation = {},
): PolicyRepresentation {
  return {
    name,
    type: 'scope',
    ...extra,
    config: {
      defaultResourceType: type,
      scopes: JSON.stringify(scopes),
      applyPolicies: JSON.stringify(['admins']),
      ...(resources ? { resources: JSON.stringify(resources) } : {}),
    },
  };
}

// Admin permissions v2 from 26.2 (before: a plan error, test/server/feature-plans.it.test.ts).
describeWithFeature('adminPermissionsV2')('admin permissions v2 (admin-permission)', () => {
  const realm = useTestRealm('kfgap', { adminPermissionsEnabled: true });
  const without = useTestRealm('kfgapoff');

  const manifest = (permissions: PolicyRepresentation[]): RealmRepresentation & { realm: string } => ({
    realm: realm.name,
    roles: { realm: [{ name: 'client-admin' }] },
    groups: [{ name: 'ops', subGroups: [{ name: 'oncall' }] }],
    users: [{ username: 'alice', enabled: true }],
    clients: [
      { clientId: 'app' },
      { clientId: 'api' },
      { clientId: 'admin-permissions', authorizationSettings: { policies: [rolePolicy, ...permissions] } },
    ],
  });
  const run = (rep: RealmRepresentation & { realm: string }, admin = realm.admin) =>
    applyManifest(admin, manifestOf(rep), KINDS);

  const server = async () => {
    const uuid = await realm.admin.getClientId('admin-permissions');
    if (!uuid) throw new Error('no admin-permissions client');
    const permissions = await realm.admin.getClientAuthzPermissions(uuid);
    const out: Record<string, { type?: string; description?: string; targets: string[]; scopes: string[] }> =
      {};
    for (const permission of permissions) {
      const id = permission.id ?? '';
      out[permission.name ?? ''] = {
        type: permission.resourceType,
        description: permission.description,
        targets: (await realm.admin.getClientAuthzPolicyResources(uuid, id)).map((r) => r.name ?? '').sort(),
        scopes: (await realm.admin.getClientAuthzPolicyScopes(uuid, id)).map((s) => s.name ?? '').sort(),
      };
    }
    return { uuid, permissions: out };
  };
  const ids = async () => ({
    app: (await realm.admin.getClientId('app')) ?? '',
    api: (await realm.admin.getClientId('api')) ?? '',
    oncall: (await realm.admin.getGroupByPath('/ops/oncall', { searchInSubgroups: true }))?.id ?? '',
    alice: (await realm.admin.getUserByUsername('alice'))?.id ?? '',
  });

  it('creates permissions for all users, specific clients and specific groups, and converges', async () => {
    const result = await run(
      manifest([
        scopePermission('all-users', 'Users', ['view']),
        scopePermission('some-clients', 'Clients', ['manage', 'view'], ['$app', '$api']),
        scopePermission('some-groups', 'Groups', ['view'], ['$/ops/oncall']),
        scopePermission('one-user', 'Users', ['view'], ['$alice']),
      ]),
    );
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(
      expect.arrayContaining([
        'create authz-policy["admin-permissions"]["admins"]',
        'create admin-permission["all-users"]',
        'create admin-permission["some-clients"]',
        'create admin-permission["some-groups"]',
        'create admin-permission["one-user"]',
      ]),
    );
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    const { permissions } = await server();
    const id = await ids();
    expect(permissions['all-users']).toEqual(
      expect.objectContaining({ type: 'Users', targets: ['Users'], scopes: ['view'] }),
    );
    expect(permissions['some-clients']).toEqual(
      expect.objectContaining({
        type: 'Clients',
        targets: [id.app, id.api].sort(),
        scopes: ['manage', 'view'],
      }),
    );
    expect(permissions['some-groups']?.targets).toEqual([id.oncall]);
    expect(permissions['one-user']?.targets).toEqual([id.alice]);
  });

  it('updates targets and scopes, leaving undeclared fields alone', async () => {
    const before = await server();
    const someClients = (await realm.admin.getClientAuthzPermissions(before.uuid)).find(
      (p) => p.name === 'some-clients',
    );
    const id = await ids();
    // Undeclared field changed behind realmform's back: an update must keep it.
    await realm.admin.updateClientAuthzScopePermission(
      {
        id: someClients?.id ?? '',
        name: 'some-clients',
        type: 'scope',
        description: 'kept',
        resourceType: 'Clients',
        resources: [id.app, id.api],
        scopes: ['manage', 'view'],
        policies: ['admins'],
      },
      before.uuid,
      someClients?.id ?? '',
    );
    const result = await run(
      manifest([
        scopePermission('all-users', 'Users', ['view', 'manage']),
        scopePermission('some-clients', 'Clients', ['view'], ['$app']),
        // Specific groups → all groups.
        scopePermission('some-groups', 'Groups', ['view']),
        scopePermission('one-user', 'Users', ['view'], ['$alice']),
      ]),
    );
    expect(actionsOf(result.plan).sort()).toEqual([
      'update admin-permission["all-users"]',
      'update admin-permission["some-clients"]',
      'update admin-permission["some-groups"]',
    ]);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    const { permissions } = await server();
    expect(permissions['all-users']?.scopes).toEqual(['manage', 'view']);
    expect(permissions['some-clients']).toEqual(
      expect.objectContaining({ targets: [id.app], scopes: ['view'], description: 'kept' }),
    );
    expect(permissions['some-groups']?.targets).toEqual(['Groups']);
  });

  it('deletes a permission the declared list leaves out', async () => {
    const result = await run(
      manifest([
        scopePermission('all-users', 'Users', ['view', 'manage']),
        scopePermission('some-clients', 'Clients', ['view'], ['$app']),
      ]),
    );
    expect(actionsOf(result.plan).sort()).toEqual([
      'delete admin-permission["one-user"]',
      'delete admin-permission["some-groups"]',
    ]);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(Object.keys((await server()).permissions).sort()).toEqual(['all-users', 'some-clients']);
  });

  it('reports dangling or id-named targets at plan time and changes nothing', async () => {
    const result = await run(
      manifest([
        scopePermission('all-users', 'Users', ['view', 'manage']),
        scopePermission('some-clients', 'Clients', ['view'], ['$app', '$missing']),
        scopePermission('ghost-user', 'Users', ['view'], ['$ghost']),
        scopePermission('by-id', 'Clients', ['view'], ['8d41cb9d-12d3-48f4-934e-f92191aff344']),
        scopePermission('bad-scope', 'Groups', ['fly']),
        scopePermission('affirmative', 'Groups', ['view'], undefined, { decisionStrategy: 'AFFIRMATIVE' }),
      ]),
    );
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.address, d.path])).toEqual(
      expect.arrayContaining([
        [
          'admin-permission["some-clients"]',
          'clients[2].authorizationSettings.policies[2].config.resources[1]',
        ],
        [
          'admin-permission["ghost-user"]',
          'clients[2].authorizationSettings.policies[3].config.resources[0]',
        ],
        ['admin-permission["by-id"]', 'clients[2].authorizationSettings.policies[4].config.resources[0]'],
        ['admin-permission["bad-scope"]', 'clients[2].authorizationSettings.policies[5].config.scopes[0]'],
        ['admin-permission["affirmative"]', 'clients[2].authorizationSettings.policies[6].decisionStrategy'],
      ]),
    );
    expect(errors).toHaveLength(5);
    expect(errors.find((d) => d.address === 'admin-permission["some-clients"]')?.summary).toContain(
      'client["missing"]',
    );
    expect(result.report.applied).toEqual([]);
    expect(Object.keys((await server()).permissions).sort()).toEqual(['all-users', 'some-clients']);
  });

  it('warns that declared settings and scopes of admin-permissions are ignored', async () => {
    const rep = manifest([
      scopePermission('all-users', 'Users', ['view', 'manage']),
      scopePermission('some-clients', 'Clients', ['view'], ['$app']),
    ]);
    const client = rep.clients?.[2];
    if (client?.authorizationSettings) {
      client.authorizationSettings.allowRemoteResourceManagement = false;
      client.authorizationSettings.scopes = [{ name: 'view' }];
    }
    const result = await run(rep);
    expect(result.plan.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.summary)).toEqual([
      expect.stringContaining('authorizationSettings.allowRemoteResourceManagement` is ignored'),
      expect.stringContaining('authorizationSettings.scopes` is ignored'),
    ]);
    expect(actionsOf(result.plan)).toEqual([]);
  });

  it('refuses admin permissions in a realm without adminPermissionsEnabled, naming the setting', async () => {
    const result = await run(
      {
        realm: without.name,
        clients: [
          {
            clientId: 'admin-permissions',
            authorizationSettings: { policies: [scopePermission('all-users', 'Users', ['view'])] },
          },
        ],
      },
      without.admin,
    );
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          address: 'client["admin-permissions"]',
          path: 'clients[0].authorizationSettings',
          summary: expect.stringContaining('adminPermissionsEnabled'),
        }),
      ]),
    );
    expect(result.report.applied).toEqual([]);
    expect(await without.admin.getClientId('admin-permissions')).toBeUndefined();
  });
});
