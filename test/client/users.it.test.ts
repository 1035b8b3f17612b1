import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KeycloakError, UserRepresentation } from '../../src/client/index.js';
import {
  collect,
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakPostError,
  KeycloakPutError,
} from '../../src/client/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak, randomName, useTestRealm } from '../support/keycloak.js';
import { passwordGrant } from './support-users/login.js';
import { type SmtpSink, startSmtpSink } from './support-users/smtp-sink.js';

const PASSWORD = 'Initial-Secret-1';

/** The claims of the first action-token link in a mail. */
function actionToken(text: string, realmName: string): Record<string, unknown> {
  const match = new RegExp(
    `/realms/${realmName}/login-actions/action-token\\?key=([\\w-]+)\\.([\\w-]+)\\.`,
  ).exec(text);
  if (!match?.[2]) throw new Error('no action-token link in the mail');
  return JSON.parse(Buffer.from(match[2], 'base64url').toString('utf8')) as Record<string, unknown>;
}

describeWithKeycloak('users', () => {
  const realm = useTestRealm('users', {
    clients: [
      {
        clientId: 'pub',
        publicClient: true,
        directAccessGrantsEnabled: true,
        redirectUris: ['http://localhost:8000/*'],
      },
    ],
    groups: [{ name: 'ug-a' }, { name: 'ug-b' }, { name: 'ug-c' }],
    users: [
      {
        username: 'session-user',
        enabled: true,
        email: 'session-user@example.test',
        firstName: 'Session',
        lastName: 'User',
        credentials: [{ type: 'password', value: PASSWORD, temporary: false }],
        realmRoles: ['offline_access'],
        groups: ['/ug-a', '/ug-b', '/ug-c'],
      },
      {
        username: 'consent-user',
        enabled: true,
        clientConsents: [{ clientId: 'pub', grantedClientScopes: ['email', 'profile'] }],
      },
      {
        username: 'mail-user',
        enabled: true,
        email: 'mail-user@example.test',
        firstName: 'Mail',
        lastName: 'User',
      },
    ],
  });

  async function idOf(username: string): Promise<string> {
    const id = await realm.admin.getUserId(username);
    if (!id) throw new Error(`no user ${username}`);
    return id;
  }

  it('creates, finds, reads, updates and deletes a user', async () => {
    const admin = realm.admin;
    const id = await admin.createUser({
      username: 'Crud-User',
      email: 'crud@example.test',
      firstName: 'Crud',
      lastName: 'User',
      enabled: true,
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const user = await admin.getUser(id);
    expect(user.username).toBe('crud-user'); // Keycloak lowercases usernames
    expect(user.email).toBe('crud@example.test');
    expect(user.userProfileMetadata).toBeUndefined();
    const withMetadata = await admin.getUser(id, { userProfileMetadata: true });
    expect(withMetadata.userProfileMetadata?.attributes?.map((a) => a.name)).toContain('email');

    await expect(admin.getUserId('CRUD-USER')).resolves.toBe(id);
    expect((await admin.getUserByUsername('crud-user'))?.email).toBe('crud@example.test');
    await expect(admin.getUserId('crud')).resolves.toBeUndefined(); // exact match, not substring
    await expect(admin.getUserByUsername(randomName('nobody'))).resolves.toBeUndefined();

    expect(await admin.usersCount()).toBe(4);
    expect(await admin.usersCount({ search: 'crud' })).toBe(1);
    expect(await admin.usersCount({ email: 'crud@example.test' })).toBe(1);
    const found = await admin.getUsers({ username: 'crud-user', exact: true });
    expect(found.map((u) => u.id)).toEqual([id]);
    const brief = await admin.getUsers({ search: 'crud', briefRepresentation: true });
    expect(brief.map((u) => u.id)).toEqual([id]);

    await admin.updateUser(id, { firstName: 'Changed' });
    const updated = await admin.getUser(id);
    expect(updated.firstName).toBe('Changed');
    expect(updated.lastName).toBe('User'); // a user PUT keeps what it leaves out
    expect(updated.email).toBe('crud@example.test');

    await admin.disableUser(id);
    expect((await admin.getUser(id)).enabled).toBe(false);
    expect(await admin.usersCount({ enabled: false })).toBe(1);
    await admin.enableUser(id);
    expect((await admin.getUser(id)).enabled).toBe(true);

    await admin.deleteUser(id);
    const gone = await failure(admin.getUser(id));
    expect(gone).toBeInstanceOf(KeycloakGetError);
    expect(gone.responseCode).toBe(404);
    expect(gone.serverMessage).toBe('User not found');
    await expect(admin.getUserId('crud-user')).resolves.toBeUndefined();
  });

  it('reports a duplicate username, or returns the existing id with existOk', async () => {
    const admin = realm.admin;
    const id = await admin.createUser({ username: 'dup-user', email: 'dup@example.test', enabled: true });
    const conflict = await failure(admin.createUser({ username: 'dup-user', enabled: true }));
    expect(conflict).toBeInstanceOf(KeycloakPostError);
    expect(conflict.responseCode).toBe(409);
    expect(conflict.serverMessage).toBe('User exists with same username');
    await expect(admin.createUser({ username: 'DUP-user', enabled: true }, { existOk: true })).resolves.toBe(
      id,
    );

    // A clash on the email alone is not "the same user": existOk does not hide it.
    const emailClash = await failure(
      admin.createUser({ username: 'other-user', email: 'dup@example.test' }, { existOk: true }),
    );
    expect(emailClash.responseCode).toBe(409);
    expect(emailClash.serverMessage).toBe('User exists with same email');
    await admin.deleteUser(id);
  });

  it('reads the user profile configuration', async () => {
    const profile = await realm.admin.getUserProfile();
    const names = (profile.attributes ?? []).map((attribute) => attribute.name);
    expect(names).toEqual(expect.arrayContaining(['username', 'email', 'firstName', 'lastName']));
    // A new realm drops attributes the profile does not declare.
    expect(profile.unmanagedAttributePolicy).toBeUndefined();
    const answer = await realm.admin.rawPut(`/admin/realms/${realm.name}/users/profile`, {
      ...profile,
      unmanagedAttributePolicy: 'ADMIN_EDIT',
    });
    expect(answer.status).toBe(200);
    expect((await realm.admin.getUserProfile()).unmanagedAttributePolicy).toBe('ADMIN_EDIT');
    await realm.admin.rawPut(`/admin/realms/${realm.name}/users/profile`, profile);
  });

  it('gives typed 404 errors for an unknown user id', async () => {
    const admin = realm.admin;
    const unknown = '00000000-0000-0000-0000-000000000000';
    const checks: [() => Promise<unknown>, new (...args: never[]) => KeycloakError][] = [
      [() => admin.getUser(unknown), KeycloakGetError],
      [() => admin.getUserGroups(unknown), KeycloakGetError],
      [() => admin.getSessions(unknown), KeycloakGetError],
      [() => admin.getCredentials(unknown), KeycloakGetError],
      [() => admin.userConsents(unknown), KeycloakGetError],
      [() => admin.getUserSocialLogins(unknown), KeycloakGetError],
      [() => admin.updateUser(unknown, { firstName: 'x' }), KeycloakPutError],
      [() => admin.setUserPassword(unknown, 'Whatever-1'), KeycloakPutError],
      [() => admin.deleteUser(unknown), KeycloakDeleteError],
      [() => admin.userLogout(unknown), KeycloakPostError],
    ];
    for (const [call, errorClass] of checks) {
      const error = await failure(call());
      expect(error).toBeInstanceOf(errorClass);
      expect(error.responseCode).toBe(404);
      expect(error.serverMessage).toBe('User not found');
    }
    const missingArg = await failure(admin.getUser(''));
    expect(missingArg).toBeInstanceOf(KeycloakGetError);
    expect(missingArg.message).toContain("Missing required argument 'id'");
  });

  it('sets passwords and manages credentials', async () => {
    const admin = realm.admin;
    // Direct grants need a complete user profile (email, first and last name) since Keycloak 24.
    const id = await admin.createUser({
      username: 'pw-user',
      email: 'pw-user@example.test',
      firstName: 'Pass',
      lastName: 'Word',
      enabled: true,
    });
    expect(await admin.getCredentials(id)).toEqual([]);

    await admin.setUserPassword(id, 'Permanent-Secret-1', { temporary: false });
    const credentials = await admin.getCredentials(id);
    expect(credentials.map((c) => c.type)).toEqual(['password']);
    const login = await passwordGrant(realm.name, 'pub', 'pw-user', 'Permanent-Secret-1');
    expect(login.status).toBe(200);
    expect(login.body.access_token).toEqual(expect.any(String));

    // Temporary by default, as in python-keycloak: the password grant is refused until it is changed.
    await admin.setUserPassword(id, 'Temporary-Secret-1');
    const refused = await passwordGrant(realm.name, 'pub', 'pw-user', 'Temporary-Secret-1');
    expect(refused.status).toBe(400);
    expect(refused.body.error_description).toBe('Account is not fully set up');
    expect((await admin.getUser(id)).requiredActions).toContain('UPDATE_PASSWORD');

    const passwordId = (await admin.getCredentials(id))[0]?.id ?? '';
    await admin.deleteCredential(id, passwordId);
    expect(await admin.getCredentials(id)).toEqual([]);
    const again = await failure(admin.deleteCredential(id, passwordId));
    expect(again).toBeInstanceOf(KeycloakDeleteError);
    expect(again.responseCode).toBe(404);
    expect(again.serverMessage).toBe('Credential not found');
    await admin.deleteUser(id);
  });

  it('lists and pages the groups of a user', async () => {
    const admin = realm.admin;
    const id = await idOf('session-user');
    const groups = await admin.getUserGroups(id);
    expect(groups.map((g) => g.path).sort()).toEqual(['/ug-a', '/ug-b', '/ug-c']);
    expect(await admin.getUserGroups(id, { search: 'ug-b' })).toHaveLength(1);
    const page = await admin.getUserGroups(id, { first: 1, max: 1 });
    expect(page).toHaveLength(1);
    const iterated = await collect(admin.iterUserGroups(id, { pageSize: 2 }));
    expect(iterated.map((g) => g.id).sort()).toEqual(groups.map((g) => g.id).sort());
    const full = await admin.getUserGroups(id, { briefRepresentation: false });
    expect(full).toHaveLength(3);
    expect(full[0]?.attributes).toBeDefined();
  });

  it('shows online sessions and logs the user out', async () => {
    const admin = realm.admin;
    const id = await idOf('session-user');
    expect(await admin.getSessions(id)).toEqual([]);
    const login = await passwordGrant(realm.name, 'pub', 'session-user', PASSWORD);
    expect(login.status).toBe(200);
    const sessions = await admin.getSessions(id);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.userId).toBe(id);
    expect(Object.values(sessions[0]?.clients ?? {})).toEqual(['pub']);

    await admin.userLogout(id);
    expect(await admin.getSessions(id)).toEqual([]);
    const refresh = await fetch(`${admin.serverUrl}/realms/${realm.name}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'pub',
        refresh_token: String(login.body.refresh_token),
      }),
    });
    expect(refresh.status).toBe(400); // the session's refresh token is dead
  });

  it('shows offline sessions as consents and revokes them', async () => {
    const admin = realm.admin;
    const id = await idOf('session-user');
    const clients = (
      await admin.rawGet(`/admin/realms/${realm.name}/clients`, { query: { clientId: 'pub' } })
    ).json<{ id: string }[]>();
    const pubUuid = clients[0]?.id ?? '';
    const login = await passwordGrant(realm.name, 'pub', 'session-user', PASSWORD, 'offline_access');
    expect(login.status).toBe(200);
    const offline = await admin.getUserOfflineSessions(id, pubUuid);
    expect(offline).toHaveLength(1);
    expect(offline[0]?.userId).toBe(id);

    const consents = await admin.userConsents(id);
    expect(consents).toHaveLength(1);
    expect(consents[0]?.clientId).toBe('pub');
    expect(consents[0]?.additionalGrants).toEqual([{ client: pubUuid, key: 'Offline Token' }]);

    await admin.userLogout(id);
    expect(await admin.getUserOfflineSessions(id, pubUuid)).toHaveLength(1); // logout keeps offline sessions
    await admin.revokeUserConsent(id, 'pub');
    expect(await admin.getUserOfflineSessions(id, pubUuid)).toEqual([]);
    expect(await admin.userConsents(id)).toEqual([]);
  });

  it('lists and revokes granted consents', async () => {
    const admin = realm.admin;
    const id = await idOf('consent-user');
    const consents = await admin.userConsents(id);
    expect(consents).toHaveLength(1);
    expect(consents[0]?.clientId).toBe('pub');
    expect(consents[0]?.grantedClientScopes?.sort()).toEqual(['email', 'profile']);

    await admin.revokeUserConsent(id, 'pub');
    expect(await admin.userConsents(id)).toEqual([]);
    const again = await failure(admin.revokeUserConsent(id, 'pub'));
    expect(again).toBeInstanceOf(KeycloakDeleteError);
    expect(again.responseCode).toBe(404);
    expect(again.serverMessage).toBe('Consent nor offline token not found');
  });

  it('links, lists and unlinks social logins', async () => {
    const admin = realm.admin;
    const idp = await admin.rawPost(`/admin/realms/${realm.name}/identity-provider/instances`, {
      alias: 'gh',
      providerId: 'github',
      config: { clientId: 'id', clientSecret: 'secret' },
    });
    expect(idp.status).toBe(201);
    const id = await idOf('session-user');
    expect(await admin.getUserSocialLogins(id)).toEqual([]);

    await admin.addUserSocialLogin(id, 'gh', 'gh-123', 'session-gh');
    expect(await admin.getUserSocialLogins(id)).toEqual([
      { identityProvider: 'gh', userId: 'gh-123', userName: 'session-gh' },
    ]);
    expect((await admin.getUsers({ idpAlias: 'gh', idpUserId: 'gh-123' })).map((u) => u.id)).toEqual([id]);

    const duplicate = await failure(admin.addUserSocialLogin(id, 'gh', 'gh-456', 'other'));
    expect(duplicate).toBeInstanceOf(KeycloakPostError);
    expect(duplicate.responseCode).toBe(409);
    expect(duplicate.serverMessage).toBe('User is already linked with provider');

    await admin.deleteUserSocialLogin(id, 'gh');
    expect(await admin.getUserSocialLogins(id)).toEqual([]);
    const missing = await failure(admin.deleteUserSocialLogin(id, 'gh'));
    expect(missing).toBeInstanceOf(KeycloakDeleteError);
    expect(missing.responseCode).toBe(404);
    expect(missing.serverMessage).toBe('Link not found');
  });

  describeWithKeycloak('emails', () => {
    let sink: SmtpSink;
    beforeAll(async () => {
      sink = await startSmtpSink();
      const current = await realm.admin.getRealm(realm.name);
      await realm.admin.updateRealm(realm.name, {
        ...current,
        smtpServer: { host: '127.0.0.1', port: String(sink.port), from: 'keycloak@example.test' },
      });
    });
    afterAll(async () => {
      await sink?.close();
    });

    it('sends the required-actions email', async () => {
      const admin = realm.admin;
      const id = await idOf('mail-user');
      await admin.sendUpdateAccount(id, ['UPDATE_PASSWORD'], {
        clientId: 'pub',
        redirectUri: 'http://localhost:8000/done',
        lifespan: 600,
      });
      const mail = await sink.waitFor(
        (m) => m.to.includes('mail-user@example.test') && /Update Password/.test(m.decoded),
      );
      expect(mail.from).toBe('keycloak@example.test');
      const token = actionToken(mail.decoded, realm.name);
      expect(token.typ).toBe('execute-actions');
      expect(token.sub).toBe(id);
      expect(token.azp).toBe('pub');
      expect(token.rqac).toEqual(['UPDATE_PASSWORD']);
      expect(token.reduri).toBe('http://localhost:8000/done');
      expect(Number(token.exp) - Number(token.iat)).toBe(600);
    });

    it('sends the verify-email email', async () => {
      const admin = realm.admin;
      const id = await idOf('mail-user');
      const before = sink.mails.length;
      await admin.sendVerifyEmail(id, { clientId: 'pub', redirectUri: 'http://localhost:8000/verified' });
      const mail = await sink.waitFor(
        (m) => sink.mails.indexOf(m) >= before && m.to.includes('mail-user@example.test'),
      );
      expect(mail.decoded).toMatch(/Subject: .*[Vv]erify email/);
      const token = actionToken(mail.decoded, realm.name);
      expect(token.typ).toBe('verify-email');
      expect(token.sub).toBe(id);
      expect(token.reduri).toBe('http://localhost:8000/verified');
    });

    it('refuses to email a user without an email address', async () => {
      const admin = realm.admin;
      const id = await idOf('consent-user');
      const error = await failure(admin.sendVerifyEmail(id));
      expect(error).toBeInstanceOf(KeycloakPutError);
      expect(error.responseCode).toBe(400);
      expect(error.serverMessage).toBe('User email missing');
      const actions = await failure(admin.sendUpdateAccount(id, ['UPDATE_PASSWORD']));
      expect(actions.responseCode).toBe(400);
      expect(actions.serverMessage).toBe('User email missing');
    });
  });
});

describeWithKeycloak('users: paging and bulk changes', () => {
  const names = Array.from({ length: 120 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
  const realm = useTestRealm('users-bulk', {
    users: names.map((username): UserRepresentation => ({ username, enabled: true })),
  });

  it('returns every user, beyond the server default of 100', async () => {
    const admin = realm.admin;
    expect(await admin.usersCount()).toBe(120);
    const all = await admin.getUsers();
    expect(all.map((u) => u.username).sort()).toEqual(names);
    expect(await admin.getUsers({ max: 10 })).toHaveLength(10);
    expect((await admin.getUsers({ first: 115 })).map((u) => u.username)).toEqual(names.slice(115));
  });

  it('pages with iterUsers', async () => {
    const admin = realm.admin;
    const seen: string[] = [];
    for await (const user of admin.iterUsers({ pageSize: 50, briefRepresentation: true })) {
      seen.push(user.username ?? '');
    }
    expect(seen.sort()).toEqual(names);
    const some = await collect(admin.iterUsers({ search: 'bulk-01', pageSize: 3 }));
    expect(some.map((u) => u.username).sort()).toEqual(names.slice(10, 20));
    expect(await collect(admin.iterUsers({ first: 100, max: 7, pageSize: 3 }))).toHaveLength(7);
  });

  it('disables and enables all users', async () => {
    const admin = realm.admin;
    await admin.disableAllUsers();
    expect(await admin.usersCount({ enabled: true })).toBe(0);
    expect(await admin.getUsers({ enabled: false })).toHaveLength(120);
    await admin.enableAllUsers();
    expect(await admin.usersCount({ enabled: false })).toBe(0);
    expect(await admin.usersCount({ enabled: true })).toBe(120);
  });
});
