/**
 * Users new to an existing realm through partialImport batches when asked (`importUsers`;
 * src/applier/user-import.ts): the same plan and the same end state as per object (the default),
 * every change reported, and per object when Keycloak refuses a batch.
 */
import { afterAll, expect, it } from 'vitest';
import type { RealmRepresentation, UserRepresentation } from '../../src/client/types/index.js';
import { describeWithKeycloak, masterAdmin, randomName } from '../support/keycloak.js';
import { ldapProviderConfig, useLdapServer } from '../support/ldap.js';
import { canLogIn } from '../support/login.js';
import { actionsOf, apply } from '../support/realmform.js';
import { usersState } from '../support/user-state.js';

const USERS = 60;

function base(realm: string): RealmRepresentation & { realm: string } {
  return {
    realm,
    enabled: true,
    defaultGroups: ['/everyone'],
    roles: {
      realm: [{ name: 'viewer' }, { name: 'editor' }],
      client: { web: [{ name: 'read' }, { name: 'write' }] },
    },
    clients: [{ clientId: 'web', publicClient: true, directAccessGrantsEnabled: true }],
    groups: [{ name: 'everyone' }, { name: 'staff', subGroups: [{ name: 'ops' }] }],
  };
}

function user(index: number): UserRepresentation {
  return {
    username: `user-${index}`,
    email: `user-${index}@example.com`,
    firstName: `User ${index}`,
    // Keycloak's default user profile asks for both names at login.
    lastName: 'Imported',
    enabled: true,
    ...(index % 3 === 0 ? { groups: ['/staff/ops'] } : {}),
    ...(index % 2 === 0 ? { realmRoles: ['viewer'] } : {}),
    ...(index % 5 === 0 ? { clientRoles: { web: ['read', 'write'] } } : {}),
    ...(index === 1 ? { credentials: [{ type: 'password', value: 'user-1-pass', temporary: false }] } : {}),
  };
}

function withUsers(realm: string, users: UserRepresentation[]): RealmRepresentation & { realm: string } {
  // Roles and groups are new in the same apply: the batches wait for them.
  const representation = base(realm);
  representation.roles?.realm?.push({ name: 'auditor' });
  representation.groups?.push({ name: 'late' });
  return {
    ...representation,
    users: users.map((entry, index) =>
      index === 4 ? { ...entry, realmRoles: ['auditor'], groups: ['/late'] } : entry,
    ),
  };
}

describeWithKeycloak('users new to an existing realm, imported in batches', () => {
  const admin = masterAdmin();
  const ldap = useLdapServer();
  const realms: string[] = [];
  const existingRealm = async (prefix: string) => {
    const name = randomName(prefix);
    realms.push(name);
    const created = await apply(admin, base(name));
    expect(created.report.failed).toEqual([]);
    return name;
  };
  afterAll(async () => {
    for (const realm of realms) await admin.deleteRealm(realm).catch(() => undefined);
    await admin.close();
  });

  it('writes them in partialImport batches, to the same end state as per object', async () => {
    const imported = await existingRealm('import');
    const perObject = await existingRealm('per-object');
    const users = Array.from({ length: USERS }, (_, index) => user(index));
    const usernames = users.map((entry) => entry.username ?? '');

    const requests: string[] = [];
    const stop = admin.connection.onRequest((event) => {
      if (event.attempt <= 1 && event.method === 'POST') requests.push(event.path.replace(imported, 'REALM'));
    });
    const bulk = await apply(admin, withUsers(imported, users), {
      bulk: { importUsers: true, usersPerRequest: 25, minUsers: 1 },
    }).finally(stop);
    expect(bulk.report.failed).toEqual([]);
    expect(actionsOf(bulk.replan)).toEqual([]);
    const planned = bulk.plan.changes.filter((change) => change.actions[0] !== 'no-op');
    expect([...bulk.report.applied].sort()).toEqual(planned.map((change) => change.address).sort());
    expect(bulk.report.bulk?.request).toBe('3 partialImport(s) of new users');
    expect(bulk.report.bulk?.fallback).toBeUndefined();
    const userChanges = planned.filter((change) => change.kind.startsWith('user'));
    expect([...(bulk.report.bulk?.created ?? [])].sort()).toEqual(
      userChanges.map((change) => change.address).sort(),
    );
    expect(requests.filter((path) => path.endsWith('/partialImport'))).toHaveLength(3);
    expect(requests.filter((path) => /\/users(\/|$)/.test(path))).toEqual([]);

    // Not asked to import (the default): per object.
    const perObjectRequests: string[] = [];
    const stopPerObject = admin.connection.onRequest((event) => {
      if (event.method === 'POST') perObjectRequests.push(event.path);
    });
    const single = await apply(admin, withUsers(perObject, users)).finally(stopPerObject);
    expect(single.report.failed).toEqual([]);
    expect(single.report.bulk).toBeUndefined();
    expect(perObjectRequests.filter((path) => path.endsWith('/partialImport'))).toEqual([]);
    expect(perObjectRequests.filter((path) => path.endsWith('/users'))).toHaveLength(USERS);
    const stateOf = async (realm: string) =>
      JSON.stringify(await usersState(admin.withRealm(realm), usernames)).replaceAll(realm, 'REALM');
    expect(await stateOf(imported)).toEqual(await stateOf(perObject));
    expect(await canLogIn(perObject, 'web', 'user-1', 'user-1-pass')).toBe(true);
    expect(await canLogIn(imported, 'web', 'user-1', 'user-1-pass')).toBe(true);
  });

  it('writes users per object in a realm with user federation, and says why', async () => {
    const realm = await existingRealm('federated');
    const federated: RealmRepresentation & { realm: string } = {
      ...withUsers(realm, [user(1), user(2)]),
      components: {
        'org.keycloak.storage.UserStorageProvider': [
          {
            name: 'directory',
            providerId: 'ldap',
            subComponents: {},
            config: ldapProviderConfig(ldap.server),
          },
        ],
      },
    };
    // The directory first: users of the same apply do not wait for it, per object or imported.
    const directory = await apply(admin, { ...federated, users: [] });
    expect(directory.report.failed).toEqual([]);
    const result = await apply(admin, federated, { bulk: { importUsers: true, minUsers: 1 } });
    expect(result.report.failed).toEqual([]);
    expect(result.report.bulk?.created).toEqual([]);
    expect(result.report.bulk?.fallback).toMatch(/user federation/);
    expect(result.report.applied).toContain('user["user-2"]');
    expect(actionsOf(result.replan)).toEqual([]);
  });

  it('applies a refused batch per object: only the user Keycloak refuses fails', async () => {
    const realm = await existingRealm('refused');
    // Made by hand: the manifest's user "taken" has the same email, which Keycloak refuses.
    await admin.withRealm(realm).createUser({ username: 'owner', email: 'taken@example.com', enabled: true });
    const users = [
      ...Array.from({ length: 5 }, (_, index) => user(index)),
      { username: 'taken', email: 'taken@example.com', enabled: true, realmRoles: ['viewer'] },
    ];
    const result = await apply(admin, withUsers(realm, users), { bulk: { importUsers: true, minUsers: 1 } });
    expect(result.report.bulk?.created).toEqual([]);
    expect(result.report.bulk?.fallback).toMatch(/^partialImport failed/);
    expect(result.report.failed.map((failure) => failure.address)).toEqual(['user["taken"]']);
    expect(result.report.skipped.map((skipped) => skipped.address)).toEqual(['user-role-mapping["taken"]']);
    for (let index = 0; index < 5; index++)
      expect(await admin.withRealm(realm).getUserByUsername(`user-${index}`)).toBeDefined();
  });
});
