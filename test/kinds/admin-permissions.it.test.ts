/**
 * A realm with fine-grained admin permissions v2 (`adminPermissionsEnabled`, Keycloak 26.2+):
 * Keycloak creates the `admin-permissions` client with its resource types and scopes. realmform
 * treats that client as built in and does not manage its authorization settings yet.
 */
import { expect, it } from 'vitest';
import { applyManifest } from '../../src/engine/converge.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { describeWithKeycloak, masterAdmin, randomName, useTestRealm } from '../support/keycloak.js';
import { actionsOf, apply, manifestOf } from '../support/realmform.js';

describeWithKeycloak('the admin-permissions client (admin permissions v2)', () => {
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

  it('refuses its authorizationSettings at plan time and leaves its resource types alone', async () => {
    const before = await adminPermissions();
    const result = await applyManifest(
      realm.admin,
      manifestOf({
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
      }),
      ALL_KINDS,
    );
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        address: 'authz-settings["admin-permissions"]',
        path: 'clients[1].authorizationSettings',
        summary: expect.stringContaining('fine-grained admin permissions v2'),
      }),
    ]);
    expect(result.report.applied).toEqual([]);
    const after = await adminPermissions();
    expect(after.resources.map((resource) => resource.name).sort()).toEqual(
      before.resources.map((resource) => resource.name).sort(),
    );
    expect(before.resources.length).toBeGreaterThan(0);
    expect(after.policies).toEqual([]);
  });

  it('refuses them also for a realm the same apply creates with adminPermissionsEnabled', async () => {
    const name = randomName('kadminperm-new');
    const admin = masterAdmin(name);
    try {
      const result = await applyManifest(
        admin,
        manifestOf({
          realm: name,
          adminPermissionsEnabled: true,
          clients: [{ clientId: 'admin-permissions', authorizationSettings: { policies: [] } }],
        }),
        ALL_KINDS,
      );
      expect(result.plan.diagnostics.filter((d) => d.severity === 'error').map((d) => d.address)).toEqual([
        'authz-settings["admin-permissions"]',
      ]);
      expect(result.report.applied).toEqual([]);
      expect((await admin.getRealms()).some((candidate) => candidate.realm === name)).toBe(false);
    } finally {
      await admin.deleteRealm(name).catch(() => undefined);
      await admin.close();
    }
  });
});
