import { beforeAll, expect, it } from 'vitest';
import {
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakPostError,
  KeycloakPutError,
} from '../../src/client/index.js';
import type { UserStorageSyncAction } from '../../src/client/types/index.js';
import { freePort } from '../../src/local/free-port.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak, serverAtLeast, useTestRealm } from '../support/keycloak.js';

const KEY_PROVIDER = 'org.keycloak.keys.KeyProvider';
const USER_STORAGE = 'org.keycloak.storage.UserStorageProvider';

describeWithKeycloak('components', () => {
  const realm = useTestRealm('components');
  let realmId = '';

  beforeAll(async () => {
    realmId = (await realm.admin.getRealm(realm.name)).id ?? '';
    expect(realmId).toBeTruthy();
  });

  it('creates, queries, updates and deletes a key provider', async () => {
    const admin = realm.admin;
    const id = await admin.createComponent({
      name: 'rsa-test',
      providerId: 'rsa-generated',
      providerType: KEY_PROVIDER,
      parentId: realmId,
      config: { priority: ['42'], keySize: ['2048'], active: ['true'], enabled: ['true'] },
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const component = await admin.getComponent(id);
    expect(component).toMatchObject({ name: 'rsa-test', providerId: 'rsa-generated', parentId: realmId });
    expect(component.config?.priority).toEqual(['42']);
    // Generated key material is never returned.
    expect(component.config?.privateKey).toBeUndefined();

    const byName = await admin.getComponents({ parent: realmId, type: KEY_PROVIDER, name: 'rsa-test' });
    expect(byName.map((c) => c.id)).toEqual([id]);
    const keyProviders = await admin.getComponents({ type: KEY_PROVIDER });
    expect(keyProviders.map((c) => c.name)).toEqual(expect.arrayContaining(['rsa-test', 'rsa-generated']));
    expect((await admin.getComponents()).length).toBeGreaterThan(keyProviders.length);
    expect(await admin.getComponents({ name: 'no-such-component' })).toEqual([]);

    // Keycloak merges a component update: config keys left out stay, `[]` removes one. The
    // payload lacks providerId/providerType (Keycloak alone would answer 500).
    await admin.updateComponent(id, { name: 'rsa-renamed', config: { priority: ['7'], enabled: [] } });
    const updated = await admin.getComponent(id);
    expect(updated.name).toBe('rsa-renamed');
    expect(updated.providerId).toBe('rsa-generated');
    expect(updated.config?.priority).toEqual(['7']);
    expect(updated.config?.keySize).toEqual(['2048']);
    expect(updated.config?.enabled).toBeUndefined();

    // Names are not unique: a second create with the same name is another component.
    const twin = await admin.createComponent({
      name: 'rsa-renamed',
      providerId: 'rsa-generated',
      providerType: KEY_PROVIDER,
      parentId: realmId,
      config: { priority: ['1'] },
    });
    expect(twin).not.toBe(id);
    expect((await admin.getComponents({ name: 'rsa-renamed' })).map((c) => c.id).sort()).toEqual(
      [id, twin].sort(),
    );

    await admin.deleteComponent(twin);
    await admin.deleteComponent(id);
    const missing = await failure(admin.getComponent(id));
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect((missing as KeycloakGetError).responseCode).toBe(404);
    expect((missing as KeycloakGetError).serverMessage).toBe('Could not find component');
    const again = await failure(admin.deleteComponent(id));
    expect(again).toBeInstanceOf(KeycloakDeleteError);
    expect((again as KeycloakDeleteError).responseCode).toBe(404);
    const noUpdate = await failure(
      admin.updateComponent(id, { name: 'x', providerId: 'rsa-generated', providerType: KEY_PROVIDER }),
    );
    expect(noUpdate).toBeInstanceOf(KeycloakPutError);
    expect((noUpdate as KeycloakPutError).responseCode).toBe(404);
  });

  it('manages an LDAP provider: masked bind credential, default mappers, sync, cascade delete', async () => {
    const admin = realm.admin;
    // A loopback port nobody listens on (bound, then released).
    const port = await freePort();
    const ldapId = await admin.createComponent({
      name: 'ldap-test',
      providerId: 'ldap',
      providerType: USER_STORAGE,
      parentId: realmId,
      config: {
        enabled: ['true'],
        vendor: ['other'],
        connectionUrl: [`ldap://127.0.0.1:${port}`],
        usersDn: ['ou=people,dc=example,dc=org'],
        bindDn: ['cn=admin,dc=example,dc=org'],
        bindCredential: ['bind-secret'],
        authType: ['simple'],
        editMode: ['READ_ONLY'],
        usernameLDAPAttribute: ['uid'],
        rdnLDAPAttribute: ['uid'],
        uuidLDAPAttribute: ['entryUUID'],
        userObjectClasses: ['inetOrgPerson, organizationalPerson'],
        importEnabled: ['true'],
        syncRegistrations: ['false'],
      },
    });
    expect(ldapId).toBeTruthy();

    const ldap = await admin.getComponent(ldapId);
    expect(ldap.providerType).toBe(USER_STORAGE);
    expect(ldap.config?.bindCredential).toEqual(['**********']);
    expect(ldap.config?.connectionUrl).toEqual([`ldap://127.0.0.1:${port}`]);

    // Keycloak creates the default LDAP mappers as children.
    const mappers = await admin.getComponents({ parent: ldapId });
    expect(mappers.length).toBeGreaterThan(0);
    expect(
      mappers.every((m) => m.providerType === 'org.keycloak.storage.ldap.mappers.LDAPStorageMapper'),
    ).toBe(true);
    expect(mappers.map((m) => m.name)).toContain('username');

    // Writing the masked value back is accepted; it still reads back masked.
    await admin.updateComponent(ldapId, { ...ldap, config: { ...ldap.config, pagination: ['true'] } });
    const updated = await admin.getComponent(ldapId);
    expect(updated.config?.pagination).toEqual(['true']);
    expect(updated.config?.bindCredential).toEqual(['**********']);

    // Keycloak 26.7 does not report an unreachable LDAP server on sync: it answers 200 with
    // zero counts (no `failed`, not `ignored`). Up to 26.4 it answers 400 with the socket error.
    for (const action of ['triggerFullSync', 'triggerChangedUsersSync'] as const) {
      if (!serverAtLeast('26.5')) {
        const refused = await failure(admin.syncUsers(ldapId, action));
        expect(refused.responseCode).toBe(400);
        expect(refused.serverMessage).toMatch(/Socket|Connect/);
        continue;
      }
      const result = await admin.syncUsers(ldapId, action);
      expect(result).toEqual({
        ignored: false,
        added: 0,
        updated: 0,
        removed: 0,
        failed: 0,
        status: '0 imported users, 0 updated users',
      });
    }
    const badAction = await failure(admin.syncUsers(ldapId, 'fullSync' as UserStorageSyncAction));
    expect(badAction).toBeInstanceOf(KeycloakPostError);
    expect((badAction as KeycloakPostError).responseCode).toBe(400);
    expect((badAction as KeycloakPostError).serverMessage).toBe('Unknown action: fullSync');
    const unknown = await failure(admin.syncUsers('no-such-storage', 'triggerFullSync'));
    expect(unknown).toBeInstanceOf(KeycloakPostError);
    expect((unknown as KeycloakPostError).responseCode).toBe(404);
    expect((unknown as KeycloakPostError).serverMessage).toBe('Could not find component');

    await admin.deleteComponent(ldapId);
    expect(await admin.getComponents({ parent: ldapId })).toEqual([]);
    const gone = await failure(admin.getComponent(ldapId));
    expect(gone).toBeInstanceOf(KeycloakGetError);
    expect((gone as KeycloakGetError).responseCode).toBe(404);
  });
});
