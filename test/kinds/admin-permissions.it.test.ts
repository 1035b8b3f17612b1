/**
 * A realm with fine-grained admin permissions v2 (`adminPermissionsEnabled`, Keycloak 26.2+):
 * Keycloak creates the `admin-permissions` client with its resource types and scopes. realmform
 * treats that client as built in; its policies are authz-policy objects, its permissions
 * admin-permission objects (test/kinds/fgap.it.test.ts), and its resource types are Keycloak's.
 */
import { expect, it } from 'vitest';
import { applyManifest } from '../../src/engine/converge.js';
import { adminPermissionKind } from '../../src/kinds/admin-permission.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { describeWithFeature, masterAdmin, randomName, useTestRealm } from '../support/keycloak.js';
import { actionsOf, apply, manifestOf } from '../support/realmform.js';

const KINDS = [...ALL_KINDS, adminPermissionKind];

// Admin permissions v2 from 26.2 (24 refuses `adminPermissionsEnabled` in a new realm: 400).
describeWithFeature('adminPermissionsV2')('the admin-permissions client (admin permissions v2)', () => {
  const realm = useTestRealm('kadminperm', { adminPermissionsEnabled: true });
  const adminPermissions = async () => {
    const uuid = await realm.admin.getClientId('admin-permissions');
    if (!uuid) throw new Error('no admin-permissions client');
    // Its settings export answers 400; the lists answer.
    return {
      resources: await realm.admin.getClientAuthzResources(uuid, { deep: false }),
      policies: await realm.admin.getClientAuthzPolicies(uuid),
    };
  };

  it('is never deleted when a declared client list leaves it out', async () => {
    const result = await apply(realm.admin, { realm: realm.name, clients: [{ clientId: 'app' }] });
    expect(actionsOf(result.plan)).toEqual(['create client["app"]']);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await realm.admin.getClientId('admin-permissions')).toBeDefined();
  });

  it('manages its policies and leaves its resource types alone', async () => {
    const before = await adminPermissions();
    const rep = {
      realm: realm.name,
      roles: { realm: [{ name: 'client-admin' }] },
      clients: [
        { clientId: 'app' },
        {
          clientId: 'admin-permissions',
          authorizationServicesEnabled: true,
          authorizationSettings: {
            policies: [
              {
                name: 'Domain managers',
                type: 'role',
                config: { roles: JSON.stringify([{ id: 'client-admin', required: true }]) },
              },
            ],
          },
        },
      ],
    };
    const result = await applyManifest(realm.admin, manifestOf(rep), KINDS);
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(actionsOf(result.plan).sort()).toEqual([
      'create authz-policy["admin-permissions"]["Domain managers"]',
      'create realm-role["client-admin"]',
    ]);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    const after = await adminPermissions();
    expect(after.resources.map((resource) => resource.name).sort()).toEqual(
      before.resources.map((resource) => resource.name).sort(),
    );
    expect(before.resources.length).toBeGreaterThan(0);
    expect(after.policies.map((policy) => policy.name)).toEqual(['Domain managers']);
  });

  it('applies them also for a realm the same apply creates with adminPermissionsEnabled', async () => {
    const name = randomName('kadminperm-new');
    const admin = masterAdmin(name);
    try {
      const result = await applyManifest(
        admin,
        manifestOf({
          realm: name,
          adminPermissionsEnabled: true,
          roles: { realm: [{ name: 'client-admin' }] },
          clients: [
            {
              clientId: 'admin-permissions',
              authorizationSettings: {
                policies: [
                  {
                    name: 'admins',
                    type: 'role',
                    config: { roles: JSON.stringify([{ id: 'client-admin', required: true }]) },
                  },
                  {
                    name: 'view-clients',
                    type: 'scope',
                    config: {
                      defaultResourceType: 'Clients',
                      scopes: '["view"]',
                      applyPolicies: '["admins"]',
                    },
                  },
                ],
              },
            },
          ],
        }),
        KINDS,
      );
      expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.report.failed).toEqual([]);
      expect(actionsOf(result.replan)).toEqual([]);
      const uuid = (await admin.getClientId('admin-permissions')) ?? '';
      expect((await admin.getClientAuthzPermissions(uuid)).map((p) => p.name)).toEqual(['view-clients']);
    } finally {
      await admin.deleteRealm(name).catch(() => undefined);
      await admin.close();
    }
  });
});
