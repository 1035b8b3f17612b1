/**
 * A new realm in one request (src/applier/bulk-realm.ts): the same plan, the same end state as
 * per object, every bulk-written change reported, and per object as the fallback.
 */
import { afterAll, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { describeWithKeycloak, masterAdmin, randomName } from '../support/keycloak.js';
import { canLogIn } from '../support/login.js';
import { actionsOf, apply } from '../support/realmform.js';
import { usersState } from '../support/user-state.js';

function manifest(realm: string): RealmRepresentation & { realm: string } {
  return {
    realm,
    enabled: true,
    defaultGroups: ['/everyone'],
    roles: {
      realm: [{ name: 'viewer', description: 'Sees things' }, { name: 'editor' }],
      client: { web: [{ name: 'read' }, { name: 'write' }], mapped: [{ name: 'use' }] },
    },
    clients: [
      {
        clientId: 'web',
        publicClient: true,
        directAccessGrantsEnabled: true,
        redirectUris: ['https://web/*'],
      },
      // Protocol mappers are written per object: the client, its roles and whoever holds them too.
      {
        clientId: 'mapped',
        publicClient: true,
        protocolMappers: [
          {
            name: 'dept',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-hardcoded-claim-mapper',
            config: { 'claim.name': 'dept', 'claim.value': 'eng', 'access.token.claim': 'true' },
          },
        ],
      },
    ],
    groups: [
      { name: 'everyone' },
      {
        name: 'staff',
        attributes: { site: ['north'] },
        realmRoles: ['viewer'],
        clientRoles: { web: ['read'] },
        subGroups: [{ name: 'ops', realmRoles: ['editor'] }],
      },
      { name: 'tools', clientRoles: { mapped: ['use'] } },
    ],
    users: [
      {
        username: 'alice',
        email: 'alice@example.com',
        firstName: 'Alice',
        lastName: 'Liddell',
        enabled: true,
        credentials: [{ type: 'password', value: 'alice-pass-1', temporary: false }],
        groups: ['/staff/ops'],
        realmRoles: ['viewer'],
        clientRoles: { web: ['write'], account: ['manage-account'] },
      },
      { username: 'bob', enabled: true, realmRoles: ['offline_access'] },
      { username: 'carol', enabled: true, groups: ['/tools'], clientRoles: { mapped: ['use'] } },
    ],
  };
}

/** What a realm holds for the manifest's users and groups, realm name replaced. */
async function stateOf(admin: KeycloakAdmin, realm: string): Promise<string> {
  const view = admin.withRealm(realm);
  const users = await usersState(view, ['alice', 'bob', 'carol']);
  const staff = await view.getGroupByPath('/staff');
  const clients = await view.getClients();
  const mapped = clients.find((client) => client.clientId === 'mapped');
  return JSON.stringify({
    users,
    staff: { attributes: staff?.attributes },
    mappers: (mapped?.protocolMappers ?? []).map((mapper) => mapper.name),
    defaultGroups: (await view.getRealm(realm)).defaultGroups,
  }).replaceAll(realm, 'REALM');
}

describeWithKeycloak('a new realm in one request', () => {
  const admin = masterAdmin();
  const realms: string[] = [];
  const newRealm = (prefix: string) => {
    const name = randomName(prefix);
    realms.push(name);
    return name;
  };
  afterAll(async () => {
    for (const realm of realms) await admin.deleteRealm(realm).catch(() => undefined);
    await admin.close();
  });

  it('creates what import does right in one POST, the rest per object, to the same end state', async () => {
    const bulkRealm = newRealm('bulk');
    const requests: string[] = [];
    const stop = admin.connection.onRequest((event) => {
      if (event.attempt <= 1 && event.method !== 'GET') requests.push(`${event.method} ${event.path}`);
    });
    const bulk = await apply(admin, manifest(bulkRealm)).finally(stop);
    expect(bulk.report.failed).toEqual([]);
    expect(bulk.report.ok).toBe(true);
    expect(actionsOf(bulk.replan)).toEqual([]);
    // The plan is the same; the report lists every change, bulk-written ones included.
    const planned = bulk.plan.changes.filter((change) => change.actions[0] !== 'no-op');
    expect([...bulk.report.applied].sort()).toEqual(planned.map((change) => change.address).sort());
    expect(bulk.report.bulk?.request).toBe('POST /admin/realms');
    expect(bulk.report.bulk?.fallback).toBeUndefined();
    expect([...(bulk.report.bulk?.created ?? [])].sort()).toEqual(
      [
        'client["web"]',
        'client-role["web"]["read"]',
        'client-role["web"]["write"]',
        'group["/everyone"]',
        'group["/staff"]',
        'group["/staff/ops"]',
        'group["/tools"]',
        'group-role-mapping["/staff"]',
        'group-role-mapping["/staff/ops"]',
        'realm-role["editor"]',
        'realm-role["viewer"]',
        'user["alice"]',
        'user["bob"]',
        'user["carol"]',
        'user-group["alice"]',
        // carol's group went in, her role of `mapped` (per object) did not.
        'user-group["carol"]',
        'user-role-mapping["alice"]',
        'user-role-mapping["bob"]',
      ].sort(),
    );
    // No per-object create for what went in bulk.
    expect(requests.filter((line) => line === 'POST /admin/realms')).toHaveLength(1);
    expect(requests.filter((line) => line.endsWith('/users') || line.endsWith('/groups'))).toEqual([]);

    const perObjectRealm = newRealm('per-object');
    const perObject = await apply(admin, manifest(perObjectRealm), { bulk: false });
    expect(perObject.report.ok).toBe(true);
    expect(perObject.report.bulk).toBeUndefined();
    expect(actionsOf(perObject.replan)).toEqual([]);
    expect(await stateOf(admin, bulkRealm)).toEqual(await stateOf(admin, perObjectRealm));

    // Imported users have what a POST gives every new user: default-roles and default groups.
    const state = JSON.parse(await stateOf(admin, bulkRealm));
    expect(state.users.bob.realm).toEqual(['default-roles-REALM', 'offline_access']);
    expect(state.users.alice.groups).toEqual(['/everyone', '/staff/ops']);
    expect(await canLogIn(bulkRealm, 'web', 'alice', 'alice-pass-1')).toBe(true);
    expect(await canLogIn(perObjectRealm, 'web', 'alice', 'alice-pass-1')).toBe(true);
  });

  it('sends users beyond the one request in partialImport batches, to the same end state', async () => {
    const realm = newRealm('bulk-batches');
    const requests: string[] = [];
    const stop = admin.connection.onRequest((event) => {
      if (event.attempt <= 1 && event.method !== 'GET') requests.push(`${event.method} ${event.path}`);
    });
    // One user per request: alice goes with the realm, bob and carol in a partialImport each.
    const batched = await apply(admin, manifest(realm), { bulk: { usersPerRequest: 1 } }).finally(stop);
    expect(batched.report.failed).toEqual([]);
    expect(actionsOf(batched.replan)).toEqual([]);
    expect(batched.report.bulk?.request).toBe('POST /admin/realms and 2 partialImport(s) of users');
    expect(batched.report.bulk?.created).toEqual(expect.arrayContaining(['user["bob"]', 'user["carol"]']));
    expect(requests.filter((line) => line.endsWith('/partialImport'))).toHaveLength(2);
    expect(requests.filter((line) => line.endsWith('/users'))).toEqual([]);

    const perObjectRealm = newRealm('batches-per-object');
    await apply(admin, manifest(perObjectRealm), { bulk: false });
    expect(await stateOf(admin, realm)).toEqual(await stateOf(admin, perObjectRealm));
    expect(await canLogIn(realm, 'web', 'alice', 'alice-pass-1')).toBe(true);
  });

  it('falls back to per object when Keycloak refuses the one request, and says so', async () => {
    const realm = newRealm('bulk-refused');
    // Import refuses two users with one email in one transaction; per object, the second fails alone.
    const rep: RealmRepresentation & { realm: string } = {
      realm,
      enabled: true,
      users: [
        { username: 'first', email: 'same@example.com', enabled: true },
        { username: 'second', email: 'same@example.com', enabled: true },
      ],
    };
    const result = await apply(admin, rep);
    expect(result.report.bulk?.fallback).toBeTruthy();
    expect(result.report.bulk?.created).toEqual([]);
    // Per object: the realm and one user were created, the other failed alone, and a new
    // realm's failed first apply leaves nothing behind.
    expect(result.report.applied).toContain(`realm[${JSON.stringify(realm)}]`);
    expect(result.report.applied.filter((address) => address.startsWith('user['))).toHaveLength(1);
    expect(result.report.failed.map((failure) => failure.address)).toHaveLength(1);
    expect(result.report.failed[0]?.address).toMatch(/^user\["(first|second)"\]$/);
    expect(result.report.discardedRealm).toBe(realm);
  });
});
