/**
 * Counterparts of python-keycloak's realm, connection and token scenarios
 * (tests/test_keycloak_admin.py), run against the real server. Titles name the scenario.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConnectionManager,
  KeycloakAdmin,
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakOpenIDConnection,
  KeycloakPostError,
  KeycloakPutError,
} from '../../src/client/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak, randomName, serverInfo } from '../support/keycloak.js';
import { adminFor, useScenarioRealm } from './support-python/fixtures.js';

describeWithKeycloak('python-keycloak admin scenarios: realms, connection, tokens', () => {
  it('admin/test_keycloak_admin_init: the connection holds server, realm, credentials and token', async () => {
    const { url, username, password } = serverInfo();
    const admin = new KeycloakAdmin({ serverUrl: url, username, password, poolMaxsize: 5 });
    const connection = admin.connection;
    expect(connection).toBeInstanceOf(ConnectionManager);
    expect(connection).toBeInstanceOf(KeycloakOpenIDConnection);
    expect(connection.serverUrl).toBe(url);
    expect(connection.realmName).toBe('master');
    expect(connection.clientId).toBe('admin-cli');
    expect(connection.clientSecretKey).toBeUndefined();
    expect(connection.verify).toBe(true);
    expect(connection.username).toBe(username);
    expect(connection.password).toBe(password);
    expect(connection.totp).toBeUndefined();
    expect(connection.token).toBeUndefined();
    expect(connection.userRealmName).toBeUndefined();
    expect(connection.customHeaders).toBeUndefined();
    expect(connection.poolMaxsize).toBe(5);
    expect(connection.grantType).toBe('password');
    await admin.close();

    // No realm, the user's realm given or not: no token until the first call.
    const noRealm = new KeycloakAdmin({
      serverUrl: url,
      username,
      password,
      realmName: undefined,
      userRealmName: 'master',
    });
    expect(noRealm.connection.token).toBeUndefined();
    await noRealm.close();
    const plain = new KeycloakAdmin({ serverUrl: url, username, password, realmName: undefined });
    expect(plain.connection.token).toBeUndefined();
    expect((await plain.getRealms()).some((realm) => realm.realm === 'master')).toBe(true);
    const token = plain.connection.token;
    expect(token?.access_token).toBeTypeOf('string');

    // A token obtained elsewhere is used as given.
    const withToken = new KeycloakAdmin({ serverUrl: url, token, realmName: undefined });
    expect(withToken.connection.token).toEqual(token);

    // A client-credentials admin in another realm.
    const authzRealm = randomName('authz');
    await plain.createRealm({ realm: authzRealm, enabled: true });
    try {
      plain.connection.realmName = authzRealm;
      const clientUuid = await plain.createClient({
        name: 'authz-client',
        clientId: 'authz-client',
        authorizationServicesEnabled: true,
        serviceAccountsEnabled: true,
        clientAuthenticatorType: 'client-secret',
        directAccessGrantsEnabled: false,
        enabled: true,
        implicitFlowEnabled: false,
        publicClient: false,
      });
      expect(await plain.getClientId('authz-client')).toBe(clientUuid);
      const secret = await plain.generateClientSecrets(clientUuid);
      const serviceAdmin = new KeycloakAdmin({
        serverUrl: url,
        userRealmName: authzRealm,
        clientId: 'authz-client',
        clientSecretKey: secret.value,
      });
      expect(serviceAdmin.connection.grantType).toBe('client_credentials');
      await serviceAdmin.connection.refreshToken();
      expect(serviceAdmin.connection.token?.access_token).toBeTypeOf('string');
      await serviceAdmin.close();
    } finally {
      await plain.deleteRealm(authzRealm);
    }
    await withToken.close();
    await plain.close();

    // Without any credentials the client is made; only calls fail.
    const anonymous = new KeycloakAdmin({ serverUrl: url, customHeaders: { custom: 'header' } });
    expect(anonymous.connection.token).toBeUndefined();
    expect(anonymous.connection.customHeaders).toEqual({ custom: 'header' });
    await anonymous.close();

    // A connection made first and handed to the admin.
    const shared = new KeycloakOpenIDConnection({
      serverUrl: url,
      username,
      password,
      realmName: 'master',
      clientId: 'admin-cli',
      verify: true,
    });
    const onShared = new KeycloakAdmin({ connection: shared });
    expect(onShared.connection).toBe(shared);
    await onShared.connection.getToken();
    expect(onShared.connection.token?.access_token).toBeTypeOf('string');
    // The connection's own raw calls carry the token (and renew it on a 401).
    const realms = await shared.rawGet('/admin/realms');
    expect(realms.status).toBe(200);
    shared.token = {
      ...(shared.token ?? { access_token: '', expires_in: 60, token_type: 'Bearer' }),
      access_token: 'x.y.z',
    };
    expect((await shared.rawGet('/admin/realms')).status).toBe(200);
    const posted = await shared.rawPost('/admin/realms', { realm: 'bad name/' });
    expect(posted.status).toBeGreaterThanOrEqual(400);
    expect((await shared.rawPut('/admin/realms/does-not-exist', {})).status).toBe(404);
    expect((await shared.rawDelete('/admin/realms/does-not-exist')).status).toBe(404);
    await shared.close();
  });

  it('admin/test_realms: creates, reads, updates and deletes realms with python’s errors', async () => {
    const admin = adminFor('master');
    const name = randomName('test');
    try {
      expect((await admin.getRealms()).some((realm) => realm.realm === 'master')).toBe(true);
      expect(await admin.createRealm({ realm: name })).toBe(name);

      const duplicate = await failure(admin.createRealm({ realm: name }));
      expect(duplicate).toBeInstanceOf(KeycloakPostError);
      expect(duplicate.responseCode).toBe(409);
      expect(duplicate.serverMessage).toMatch(/already exists|Conflict detected/);
      expect(await admin.createRealm({ realm: name }, { skipExists: true })).toBe(name);

      expect((await admin.getRealm(name)).realm).toBe(name);
      const missing = await failure(admin.getRealm('non-existent'));
      expect(missing).toBeInstanceOf(KeycloakGetError);
      expect(missing.responseCode).toBe(404);
      expect(missing.serverMessage).toMatch(/Realm not found/);

      expect(await admin.updateRealm(name, { accountTheme: 'test' })).toBeUndefined();
      const updated = await admin.getRealm(name);
      expect(updated.realm).toBe(name);
      expect(updated.accountTheme).toBe('test');
      const wrong = await failure(admin.updateRealm(name, { wrong: 'payload' } as never));
      expect(wrong).toBeInstanceOf(KeycloakPutError);
      expect(JSON.stringify(wrong.responseBody)).toMatch(/Unrecognized field/);

      const names = (await admin.getRealms()).map((realm) => realm.realm);
      expect(names).toEqual(expect.arrayContaining(['master', name]));

      // The realm's user profile, through python's names.
      const realmAdmin = admin.withRealm(name);
      const profile = await realmAdmin.getRealmUsersProfile();
      expect(profile.attributes).toBeInstanceOf(Array);
      profile.attributes?.push({
        name: 'surname',
        displayName: '',
        validations: {},
        annotations: {},
        permissions: { view: [], edit: ['admin'] },
        multivalued: false,
      });
      const stored = await realmAdmin.updateRealmUsersProfile(profile);
      expect(stored.attributes?.map((attribute) => attribute.name)).toContain('surname');

      expect(await admin.deleteRealm(name)).toBeUndefined();
      const gone = await failure(admin.getRealm(name));
      expect(gone).toBeInstanceOf(KeycloakGetError);
      expect(gone.serverMessage).toMatch(/Realm not found/);
      const deleteMissing = await failure(admin.deleteRealm('non-existent'));
      expect(deleteMissing).toBeInstanceOf(KeycloakDeleteError);
      expect(deleteMissing.responseCode).toBe(404);
    } finally {
      await admin.deleteRealm(name).catch(() => undefined);
      await admin.close();
    }
  });

  describe('in a fresh realm', () => {
    const scenario = useScenarioRealm();

    it('admin/test_changing_of_realms: the current realm can be changed', async () => {
      const admin = adminFor('master');
      try {
        expect(admin.getCurrentRealm()).toBe('master');
        admin.changeCurrentRealm(scenario.realm);
        expect(admin.getCurrentRealm()).toBe(scenario.realm);
        expect(admin.connection.realmName).toBe(scenario.realm);
        // Calls now work in that realm.
        expect((await admin.getRealmRoles()).map((role) => role.name)).toContain(
          `default-roles-${scenario.realm}`,
        );
        // A view keeps its own realm; changing it leaves the client alone.
        const view = admin.withRealm('master');
        view.changeCurrentRealm(scenario.realm);
        expect(view.getCurrentRealm()).toBe(scenario.realm);
        expect(admin.getCurrentRealm()).toBe(scenario.realm);
      } finally {
        await admin.close();
      }
    });

    it('admin/test_import_export_realms: an export imports again; an empty import fails', async () => {
      const admin = scenario.admin;
      const exported = await admin.exportRealm({ exportClients: true, exportGroupsAndRole: true });
      expect(exported.realm).toBe(scenario.realm);
      expect(exported.clients?.length).toBeGreaterThan(0);
      expect(exported.roles?.realm?.length).toBeGreaterThan(0);

      await admin.deleteRealm(scenario.realm);
      admin.changeCurrentRealm('master');
      expect(await admin.importRealm(exported)).toBe(scenario.realm);
      admin.changeCurrentRealm(scenario.realm);

      const bad = await failure(admin.importRealm({}));
      expect(bad).toBeInstanceOf(KeycloakPostError);
      expect([400, 500]).toContain(bad.responseCode);
    });

    it('admin/test_partial_import_realm: adds, skips and overwrites', async () => {
      const admin = scenario.admin;
      const role = randomUUID();
      const user = randomUUID();
      const clientId = randomUUID();
      const clientUuid = await admin.createClient({ name: clientId, clientId });
      const exported = await admin.exportRealm({ exportClients: true, exportGroupsAndRoles: false });
      const clientConfig = exported.clients?.find((client) => client.id === clientUuid);
      expect(clientConfig).toBeDefined();
      await admin.deleteClient(clientUuid);

      const payload = {
        ifResourceExists: 'SKIP' as const,
        id: exported.id,
        realm: scenario.realm,
        clients: clientConfig ? [clientConfig] : [],
        roles: { realm: [{ name: role }] },
        users: [{ username: user, email: `${user}@test.test` }],
      };
      expect((await admin.partialImportRealm(scenario.realm, payload)).added).toBe(3);
      expect((await admin.partialImportRealm(scenario.realm, payload)).skipped).toBe(3);
      const overwritten = await admin.partialImportRealm(scenario.realm, {
        ...payload,
        ifResourceExists: 'OVERWRITE',
      });
      expect(overwritten.overwritten).toBe(3);
    });

    it('admin/test_keys: the new realm’s active keys and their algorithms', async () => {
      const keys = await scenario.admin.getKeys();
      const active = Object.keys(keys.active ?? {}).sort();
      expect([
        ['AES', 'HS256', 'RS256', 'RSA-OAEP'],
        ['AES', 'HS512', 'RS256', 'RSA-OAEP'],
      ]).toContainEqual(active);
      const algorithms = [...new Set((keys.keys ?? []).map((key) => key.algorithm))].sort();
      expect(algorithms).toEqual(active);
    });

    it('admin/test_admin_events: none are stored while admin events are off', async () => {
      await scenario.admin.createClient({ name: 'test', clientId: 'test' });
      expect(await scenario.admin.getAdminEvents()).toEqual([]);
    });

    it('admin/test_user_events: event settings are validated and set; no user events yet', async () => {
      const admin = scenario.admin;
      expect(await admin.getEvents()).toEqual([]);
      const bad = await failure(admin.setEvents({ bad: 'conf' } as never));
      expect(bad).toBeInstanceOf(KeycloakPutError);
      expect(JSON.stringify(bad.responseBody)).toMatch(/Unrecognized field/);
      expect(
        await admin.setEvents({ adminEventsDetailsEnabled: true, adminEventsEnabled: true }),
      ).toBeUndefined();
      await admin.createClient({ name: 'test', clientId: 'test' });
      expect(await admin.getEvents()).toEqual([]);
    });

    it('admin/test_default_realm_role_present: a new realm has exactly one default role', async () => {
      const names = (await scenario.admin.getRealmRoles()).map((role) => role.name);
      expect(names.filter((name) => name === `default-roles-${scenario.realm}`)).toHaveLength(1);
    });

    it('admin/test_get_default_realm_role_id: the id of default-roles-<realm>', async () => {
      const roles = await scenario.admin.getRealmRoles();
      const expected = roles.find((role) => role.name === `default-roles-${scenario.realm}`)?.id;
      expect(await scenario.admin.getDefaultRealmRoleId()).toBe(expected);
    });

    it('admin/test_realm_default_roles: lists, removes and adds default roles', async () => {
      const admin = scenario.admin;
      const roles = await admin.getRealmDefaultRoles();
      expect(roles.map((role) => role.name).sort()).toEqual(['offline_access', 'uma_authorization']);

      const elsewhere = admin.withRealm('doesnotexist');
      const missingRealm = await failure(elsewhere.getRealmDefaultRoles());
      expect(missingRealm).toBeInstanceOf(KeycloakGetError);
      expect(missingRealm.serverMessage).toMatch(/Realm not found/);

      const [first] = roles;
      if (!first) throw new Error('no default role');
      expect(await admin.removeRealmDefaultRoles([first])).toBeUndefined();
      const afterRemove = await admin.getRealmDefaultRoles();
      expect(afterRemove.map((role) => role.id)).not.toContain(first.id);
      expect(afterRemove).toHaveLength(1);
      const badRemove = await failure(admin.removeRealmDefaultRoles([{ id: 'bad id' }]));
      expect(badRemove).toBeInstanceOf(KeycloakDeleteError);
      expect(badRemove.serverMessage).toMatch(/Could not find composite role/);

      expect(await admin.addRealmDefaultRoles([first])).toBeUndefined();
      const afterAdd = await admin.getRealmDefaultRoles();
      expect(afterAdd.map((role) => role.id)).toContain(first.id);
      expect(afterAdd).toHaveLength(2);
      const badAdd = await failure(admin.addRealmDefaultRoles([{ id: 'bad id' }]));
      expect(badAdd).toBeInstanceOf(KeycloakPostError);
      expect(badAdd.serverMessage).toMatch(/Could not find composite role/);
    });

    it('admin/test_clear_keys_cache: clears the keys cache', async () => {
      expect(await scenario.admin.clearKeysCache()).toBeUndefined();
    });

    it('admin/test_clear_realm_cache: clears the realm cache', async () => {
      expect(await scenario.admin.clearRealmCache()).toBeUndefined();
      // The realm is read again from the database afterwards.
      expect((await scenario.admin.getRealm(scenario.realm)).realm).toBe(scenario.realm);
    });

    it('admin/test_clear_user_cache: clears the user cache', async () => {
      expect(await scenario.admin.clearUserCache()).toBeUndefined();
    });

    it('admin/test_auto_refresh: renews an expired token before GET, POST, PUT and DELETE', async () => {
      const { url, username, password } = serverInfo();
      const clock = { now: Date.now() };
      const connection = new KeycloakOpenIDConnection({
        serverUrl: url,
        username,
        password,
        realmName: scenario.realm,
        userRealmName: 'master',
        now: () => clock.now,
      });
      const admin = new KeycloakAdmin({ connection });
      const minutes = (n: number) => n * 60_000;
      try {
        expect((await admin.getRealm(scenario.realm)).realm).toBe(scenario.realm);
        // A wrong Authorization among the custom headers does not win over the token.
        connection.customHeaders = { Authorization: 'Bearer bad', 'Content-Type': 'application/json' };
        expect((await admin.getRealm(scenario.realm)).realm).toBe(scenario.realm);

        expect(connection.expiresAt).toBeInstanceOf(Date);
        clock.now += minutes(5);
        expect(connection.expiresAt?.getTime()).toBeLessThan(clock.now);
        expect((await admin.getRealm(scenario.realm)).realm).toBe(scenario.realm);
        expect(connection.expiresAt?.getTime()).toBeGreaterThan(clock.now);

        // python raises KeycloakPostError invalid_grant for a bad refresh token; realmform
        // falls back to a new grant with the credentials (see docs/client.md).
        const current = connection.token;
        if (!current) throw new Error('no token');
        connection.token = { ...current, refresh_token: 'bad' };
        clock.now += minutes(5);
        expect((await admin.getRealm(scenario.realm)).realm).toBe(scenario.realm);
        expect(connection.token?.refresh_token).not.toBe('bad');
        await connection.getToken();

        const other = randomName('test-refresh');
        clock.now += minutes(5);
        expect(connection.expiresAt?.getTime()).toBeLessThan(clock.now);
        connection.token = undefined;
        expect(await admin.createRealm({ realm: other })).toBe(other);
        expect(connection.expiresAt?.getTime()).toBeGreaterThan(clock.now);

        clock.now += minutes(10);
        expect(connection.expiresAt?.getTime()).toBeLessThan(clock.now);
        connection.token = undefined;
        expect(await admin.updateRealm(other, { accountTheme: 'test' })).toBeUndefined();
        expect(connection.expiresAt?.getTime()).toBeGreaterThan(clock.now);

        clock.now += minutes(10);
        expect(connection.expiresAt?.getTime()).toBeLessThan(clock.now);
        connection.token = undefined;
        expect(await admin.deleteRealm(other)).toBeUndefined();
        expect(connection.expiresAt?.getTime()).toBeGreaterThan(clock.now);
      } finally {
        await admin.close();
      }
    });

    it('admin/test_refresh_token: refreshes even after the user’s sessions were ended', async () => {
      // python logs out the server's admin; a dedicated admin user keeps other tests' sessions alive.
      const { url } = serverInfo();
      const master = adminFor('master');
      const username = randomName('refresh-admin');
      const password = randomUUID();
      const userId = await master.createUser({
        username,
        enabled: true,
        credentials: [{ type: 'password', value: password, temporary: false }],
      });
      try {
        const adminRole = await master.getRealmRole('admin');
        await master.assignRealmRoles(userId, [adminRole]);
        const admin = new KeycloakAdmin({ serverUrl: url, username, password });
        await admin.getRealms();
        expect(admin.connection.token).toBeDefined();
        expect(admin.connection.username).toBe(username);
        const ownId = await admin.getUserId(username);
        expect(ownId).toBe(userId);
        await admin.userLogout(userId);
        await admin.connection.refreshToken();
        expect(admin.connection.token?.access_token).toBeTypeOf('string');
        expect((await admin.getRealms()).length).toBeGreaterThan(0);
        await admin.close();
      } finally {
        await master.deleteUser(userId);
        await master.close();
      }
    });
  });
});
