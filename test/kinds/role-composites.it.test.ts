import { beforeAll, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import type { RealmRepresentation, RoleRepresentation } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { clientRoleKind } from '../../src/kinds/client-role.js';
import type { KindDefinition } from '../../src/kinds/kind.js';
import { realmKind } from '../../src/kinds/realm.js';
import { realmRoleKind } from '../../src/kinds/realm-role.js';
import { roleCompositeKind } from '../../src/kinds/role-composite.js';
import { describeWithKeycloak, masterAdmin, randomName, useTestRealm } from '../support/keycloak.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

// biome-ignore lint/suspicious/noTemplateCurlyInString: Keycloak's message key, not a template.
const DEFAULT_ROLES_DESCRIPTION = '${role_default-roles}';

const KINDS = [realmKind, realmRoleKind, clientRoleKind, roleCompositeKind] as KindDefinition[];

/** Composite names as `name` (realm) or `clientId/name`, sorted. */
async function compositesOf(admin: KeycloakAdmin, roles: RoleRepresentation[]): Promise<string[]> {
  const clients = new Map((await admin.getClients()).map((client) => [client.id, client.clientId]));
  return roles
    .map((role) => (role.clientRole ? `${clients.get(role.containerId)}/${role.name}` : `${role.name}`))
    .sort();
}

const realmComposites = async (admin: KeycloakAdmin, role: string) =>
  compositesOf(admin, await admin.getCompositeRealmRolesOfRole(role));

const clientComposites = async (admin: KeycloakAdmin, clientId: string, role: string) =>
  compositesOf(
    admin,
    await admin.getCompositeClientRolesOfRole((await admin.getClientId(clientId)) ?? '', role),
  );

/** keycloak-config-cli's roles/15.1 shape: composites across clients, on realm and client roles. */
function rolesManifest(overrides: {
  compositeRealm?: RoleRepresentation['composites'];
  compositeClient?: RoleRepresentation['composites'];
  extraRealm?: RoleRepresentation[];
}): RealmRepresentation {
  return {
    roles: {
      realm: [
        { name: 'my_realm_role', composite: false, clientRole: false },
        { name: 'my_other_realm_role' },
        {
          name: 'my_composite_realm_role',
          composite: true,
          composites: overrides.compositeRealm ?? { realm: ['my_realm_role', 'my_other_realm_role'] },
        },
        ...(overrides.extraRealm ?? []),
      ],
      client: {
        'moped-client': [
          { name: 'my_client_role' },
          { name: 'my_other_client_role' },
          {
            name: 'my_composite_moped_client_role',
            composites: overrides.compositeClient ?? {
              realm: ['my_other_realm_role'],
              client: { 'second-moped-client': ['my_second_client_role'] },
            },
          },
        ],
        'second-moped-client': [{ name: 'my_second_client_role' }, { name: 'my_other_second_client_role' }],
      },
    },
  };
}

describeWithKeycloak('role-composite kind', () => {
  const realm = useTestRealm('kcomp');
  const run = (representation: RealmRepresentation) =>
    applyManifest(realm.admin, manifestOf({ ...representation, realm: realm.name }), KINDS);
  const defaultRole = () => `default-roles-${realm.name}`;

  beforeAll(async () => {
    await realm.admin.createClient({ clientId: 'moped-client' });
    await realm.admin.createClient({ clientId: 'second-moped-client' });
  });

  it('creates roles first, then composites across clients in the same run, and converges', async () => {
    const result = await run(
      rolesManifest({
        compositeRealm: {
          realm: ['my_realm_role', 'my_other_realm_role'],
          client: {
            'moped-client': ['my_client_role'],
            'second-moped-client': ['my_other_second_client_role'],
          },
        },
      }),
    );
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(
      expect.arrayContaining([
        'create realm-role["my_composite_realm_role"]',
        'create role-composite["realm"]["my_composite_realm_role"]',
        'create role-composite["client"]["moped-client"]["my_composite_moped_client_role"]',
      ]),
    );
    // Roles that say nothing about composites (or only `composite: false`) get no composite object.
    expect(
      actionsOf(result.plan).filter((a) => a.includes('role-composite["realm"]["my_realm_role"]')),
    ).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await realmComposites(realm.admin, 'my_composite_realm_role')).toEqual([
      'moped-client/my_client_role',
      'my_other_realm_role',
      'my_realm_role',
      'second-moped-client/my_other_second_client_role',
    ]);
    expect(await clientComposites(realm.admin, 'moped-client', 'my_composite_moped_client_role')).toEqual([
      'my_other_realm_role',
      'second-moped-client/my_second_client_role',
    ]);
  });

  it('treats declared composites as authoritative: a missing realm list removes the realm composites', async () => {
    // keycloak-config-cli roles/72.3: only client composites declared now.
    const result = await run(
      rolesManifest({
        compositeRealm: { client: { 'moped-client': ['my_client_role', 'my_other_client_role'] } },
        compositeClient: { client: { 'second-moped-client': ['my_other_second_client_role'] } },
      }),
    );
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      'update role-composite["client"]["moped-client"]["my_composite_moped_client_role"]',
      'update role-composite["realm"]["my_composite_realm_role"]',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await realmComposites(realm.admin, 'my_composite_realm_role')).toEqual([
      'moped-client/my_client_role',
      'moped-client/my_other_client_role',
    ]);
    expect(await clientComposites(realm.admin, 'moped-client', 'my_composite_moped_client_role')).toEqual([
      'second-moped-client/my_other_second_client_role',
    ]);
    // Role updates (description) keep the composites: the role PUT does not touch them.
    const described = rolesManifest({
      compositeRealm: { client: { 'moped-client': ['my_client_role', 'my_other_client_role'] } },
      compositeClient: { client: { 'second-moped-client': ['my_other_second_client_role'] } },
    });
    const composite = described.roles?.realm?.[2];
    if (composite) composite.description = 'now described';
    const again = await run(described);
    expect(actionsOf(again.plan)).toEqual(['update realm-role["my_composite_realm_role"]']);
    expect(actionsOf(again.replan)).toEqual([]);
    expect(await realmComposites(realm.admin, 'my_composite_realm_role')).toHaveLength(2);
  });

  it('leaves composites of roles that declare nothing about them; `composites: {}` removes them', async () => {
    const other = await realm.admin.getRealmRole('my_realm_role');
    await realm.admin.addCompositeRealmRolesToRole('my_other_realm_role', [other]);
    const untouched = await run(
      rolesManifest({
        compositeRealm: { client: { 'moped-client': ['my_client_role', 'my_other_client_role'] } },
      }),
    );
    expect(actionsOf(untouched.plan).filter((a) => a.includes('my_other_realm_role'))).toEqual([]);
    expect(await realmComposites(realm.admin, 'my_other_realm_role')).toEqual(['my_realm_role']);

    await realm.admin.addCompositeRealmRolesToRole('my_realm_role', [
      await realm.admin.getRealmRole('offline_access'),
    ]);
    const clearing = rolesManifest({
      compositeRealm: { client: { 'moped-client': ['my_client_role', 'my_other_client_role'] } },
    });
    const plain = clearing.roles?.realm?.[0];
    if (plain) plain.composites = {};
    const cleared = await run(clearing);
    expect(actionsOf(cleared.plan)).toEqual(['update role-composite["realm"]["my_realm_role"]']);
    expect(actionsOf(cleared.replan)).toEqual([]);
    expect(await realmComposites(realm.admin, 'my_realm_role')).toEqual([]);
  });

  it('reports a composite naming a missing role at plan time, with its path, and changes nothing', async () => {
    // keycloak-config-cli roles/15.2: `non_exists` among existing client roles.
    const result = await run(
      rolesManifest({
        compositeRealm: {
          realm: ['my_realm_role'],
          client: { 'moped-client': ['non_exists', 'my_client_role'] },
        },
        extraRealm: [{ name: 'not-created' }],
      }),
    );
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      address: 'role-composite["realm"]["my_composite_realm_role"]',
      path: 'roles.realm[2].composites.client["moped-client"][0]',
    });
    expect(errors[0]?.summary).toContain('client-role["moped-client"]["non_exists"]');
    expect(result.report.applied).toEqual([]);
    expect((await realm.admin.getRealmRoles()).map((r) => r.name)).not.toContain('not-created');
    expect(await realmComposites(realm.admin, 'my_composite_realm_role')).toEqual([
      'moped-client/my_client_role',
      'moped-client/my_other_client_role',
    ]);
  });

  it('refuses at plan time to change composites of realm-management roles (Keycloak answers 403)', async () => {
    const current = await clientComposites(realm.admin, 'realm-management', 'view-users');
    expect(current).toEqual(['realm-management/query-groups', 'realm-management/query-users']);
    const same = await run({
      roles: {
        client: {
          'realm-management': [
            {
              name: 'view-users',
              composites: { client: { 'realm-management': ['query-users', 'query-groups'] } },
            },
          ],
        },
      },
    });
    expect(same.report.failed).toEqual([]);
    expect(actionsOf(same.plan)).toEqual([]);
    const result = await run({
      roles: {
        client: {
          'realm-management': [{ name: 'view-users', composites: { realm: ['offline_access'] } }],
        },
      },
    });
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary)).toEqual([
      'role-composite["client"]["realm-management"]["view-users"] cannot be changed: client "realm-management" is managed by Keycloak: the admin API refuses any change to it (403), so it can only be declared as it is (differs in client.realm-management, realm)',
    ]);
    expect(result.report.applied).toEqual([]);
    expect(await clientComposites(realm.admin, 'realm-management', 'view-users')).toEqual(current);
  });

  it('manages the default role by its declared composites (roles.realm entry) and never deletes it', async () => {
    const manifest = rolesManifest({});
    manifest.roles?.realm?.push({
      name: defaultRole(),
      description: DEFAULT_ROLES_DESCRIPTION,
      composite: true,
      composites: { realm: ['offline_access', 'my_realm_role'], client: { account: ['view-profile'] } },
    });
    const result = await run(manifest);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toContain(`update role-composite["realm"]["${defaultRole()}"]`);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await realmComposites(realm.admin, defaultRole())).toEqual([
      'account/view-profile',
      'my_realm_role',
      'offline_access',
    ]);

    // Not declared any more: neither the role nor its composites are touched.
    const omitted = await run(rolesManifest({}));
    expect(actionsOf(omitted.plan)).toEqual([]);
    expect(await realmComposites(realm.admin, defaultRole())).toHaveLength(3);
  });

  it('manages the default role through `defaultRole.composites` as well', async () => {
    const result = await run({
      ...rolesManifest({}),
      defaultRole: {
        name: defaultRole(),
        composites: {
          realm: ['offline_access', 'uma_authorization'],
          client: { account: ['view-profile', 'manage-account'] },
        },
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([`update role-composite["realm"]["${defaultRole()}"]`]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await realmComposites(realm.admin, defaultRole())).toEqual([
      'account/manage-account',
      'account/view-profile',
      'offline_access',
      'uma_authorization',
    ]);
  });

  it('deletes a composite role that is no longer declared (composites go with it)', async () => {
    const manifest = rolesManifest({});
    manifest.roles?.realm?.splice(2, 1);
    const result = await run(manifest);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(['delete realm-role["my_composite_realm_role"]']);
    expect(actionsOf(result.replan)).toEqual([]);
    expect((await realm.admin.getRealmRoles()).map((r) => r.name)).not.toContain('my_composite_realm_role');
  });

  it('converges a new realm whose default role names built-in and new roles (roles/71.1)', async () => {
    const name = randomName('RoleNew');
    const admin = masterAdmin(name);
    try {
      const representation: RealmRepresentation & { realm: string } = {
        realm: name,
        enabled: true,
        roles: {
          realm: [
            {
              name: 'subscription_user',
              composite: true,
              composites: { client: { fe: ['subscription_user'] } },
            },
            {
              name: `default-roles-${name}`,
              description: DEFAULT_ROLES_DESCRIPTION,
              composite: true,
              composites: {
                realm: ['offline_access', 'subscription_user', 'uma_authorization'],
                client: { account: ['view-profile', 'manage-account'] },
              },
            },
          ],
          client: { fe: [{ name: 'subscription_user', description: 'subscription_user' }] },
        },
      };
      // The client comes from the client kind in a full run; here it is made between plan and apply.
      const plan = await applyManifest(admin, manifestOf(representation), KINDS, {
        executor: {
          dryRun: false,
          run: async (step, work) => {
            if (step.change.address === 'client-role["fe"]["subscription_user"]')
              await admin.createClient({ clientId: 'fe' });
            await work();
          },
        },
      });
      expect(plan.plan.diagnostics).toEqual([]);
      expect(plan.report.failed).toEqual([]);
      expect(actionsOf(plan.replan)).toEqual([]);
      const lower = `default-roles-${name.toLowerCase()}`;
      expect(await realmComposites(admin, lower)).toEqual([
        'account/manage-account',
        'account/view-profile',
        'offline_access',
        'subscription_user',
        'uma_authorization',
      ]);
      expect(await realmComposites(admin, 'subscription_user')).toEqual(['fe/subscription_user']);
    } finally {
      await admin.deleteRealm(name).catch(() => undefined);
      await admin.close();
    }
  });
});
