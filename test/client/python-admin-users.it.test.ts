/**
 * Counterparts of python-keycloak's user, session, consent, brute-force, identity-provider and
 * organization scenarios (tests/test_keycloak_admin.py), each in a fresh realm.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakPostError,
  KeycloakPutError,
  type UserRepresentation,
} from '../../src/client/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak, serverHas } from '../support/keycloak.js';
import { oidWithCredentials, useScenarioRealm } from './support-python/fixtures.js';
import { eventually } from './support-users/login.js';
import { type SmtpSink, startSmtpSink } from './support-users/smtp-sink.js';

describeWithKeycloak('python-keycloak admin scenarios: users', () => {
  const scenario = useScenarioRealm('users');
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
  });

  /** python's `user` fixture (`enabled` for the mail scenario, whose python twin never sends). */
  async function newUser(enabled?: boolean): Promise<string> {
    const username = randomUUID();
    return scenario.admin.createUser({ username, email: `${username}@test.test`, enabled });
  }

  it('admin/test_users: creates, finds, counts, updates, enables and deletes users', async () => {
    const admin = scenario.admin;
    expect(await admin.getUsers()).toEqual([]);
    const userId = await admin.createUser({ username: 'test', email: 'test@test.test' });
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);
    const duplicate = await failure(admin.createUser({ username: 'test', email: 'test@test.test' }));
    expect(duplicate).toBeInstanceOf(KeycloakPostError);
    expect(duplicate.serverMessage).toMatch(/User exists with same/);
    expect(await admin.createUser({ username: 'test', email: 'test@test.test' }, { existOk: true })).toBe(
      userId,
    );

    const user = await admin.getUser(userId);
    expect(user.username).toBe('test');
    expect(user.email).toBe('test@test.test');
    expect(await admin.updateUser(userId, { firstName: 'Test' })).toBeUndefined();
    expect((await admin.getUser(userId)).firstName).toBe('Test');
    const wrong = await failure(admin.updateUser(userId, { wrong: 'payload' } as UserRepresentation));
    expect(wrong).toBeInstanceOf(KeycloakPutError);
    expect(JSON.stringify(wrong.responseBody)).toMatch(/Unrecognized field/);

    expect(await admin.disableUser(userId)).toBeUndefined();
    expect((await admin.getUser(userId)).enabled).toBe(false);
    expect(await admin.enableUser(userId)).toBeUndefined();
    expect((await admin.getUser(userId)).enabled).toBe(true);

    expect((await admin.getUsers()).map((entry) => entry.username)).toContain('test');
    expect(await admin.usersCount()).toBe(1);
    expect(await admin.usersCount({ username: 'notpresent' })).toBe(0);
    expect(await admin.getUserGroups(userId)).toEqual([]);
    const groupsOfNobody = await failure(admin.getUserGroups('does-not-exist'));
    expect(groupsOfNobody).toBeInstanceOf(KeycloakGetError);
    expect(groupsOfNobody.serverMessage).toMatch(/User not found/);

    expect(await admin.userLogout(userId)).toBeUndefined();
    const logoutNobody = await failure(admin.userLogout('non-existent-id'));
    expect(logoutNobody).toBeInstanceOf(KeycloakPostError);
    expect(logoutNobody.serverMessage).toMatch(/User not found/);
    expect(await admin.userConsents(userId)).toEqual([]);
    const consentsOfNobody = await failure(admin.userConsents('non-existent-id'));
    expect(consentsOfNobody).toBeInstanceOf(KeycloakGetError);
    expect(consentsOfNobody.serverMessage).toMatch(/User not found/);

    expect(await admin.deleteUser(userId)).toBeUndefined();
    const gone = await failure(admin.getUser(userId));
    expect(gone).toBeInstanceOf(KeycloakGetError);
    expect(gone.serverMessage).toMatch(/User not found/);
    const deleteNobody = await failure(admin.deleteUser('non-existent-id'));
    expect(deleteNobody).toBeInstanceOf(KeycloakDeleteError);
    expect(deleteNobody.serverMessage).toMatch(/User not found/);
  });

  it('admin/test_enable_disable_all_users: disables and enables every user', async () => {
    const admin = scenario.admin;
    const ids = await Promise.all(
      ['test', 'test2', 'test3'].map((username) =>
        admin.createUser({ username, email: `${username}@test.test`, enabled: true }),
      ),
    );
    for (const id of ids) expect((await admin.getUser(id)).enabled).toBe(true);
    await admin.disableAllUsers();
    for (const id of ids) expect((await admin.getUser(id)).enabled).toBe(false);
    await admin.enableAllUsers();
    for (const id of ids) expect((await admin.getUser(id)).enabled).toBe(true);
  });

  it('admin/test_users_pagination: every page, or the page asked for', async () => {
    const admin = scenario.admin;
    const users = Array.from({ length: 150 }, (_, index) => ({
      username: `user_${index}`,
      email: `user_${index}@test.test`,
    }));
    // One partial import instead of python's 150 creates: the pages are what is under test.
    await admin.partialImportRealm(scenario.realm, { users });
    expect(await admin.getUsers()).toHaveLength(150);
    expect(await admin.getUsers({ first: 100 })).toHaveLength(50);
    expect(await admin.getUsers({ max: 20 })).toHaveLength(20);
  });

  it('admin/test_user_groups_pagination: a user’s groups, every page or one', async () => {
    const admin = scenario.admin;
    const userId = await admin.createUser({ username: 'username_1', email: 'username_1@test.test' });
    for (let index = 0; index < 150; index++) {
      const groupId = await admin.createGroup({ name: `group_${index}` });
      await admin.groupUserAdd(userId, groupId);
    }
    expect(await admin.getUserGroups(userId)).toHaveLength(150);
    expect(await admin.getUserGroups(userId, { first: 100, max: -1, search: '' })).toHaveLength(50);
    expect(await admin.getUserGroups(userId, { max: 20, first: -1, search: '' })).toHaveLength(20);
  });

  it('admin/test_user_credentials: sets, lists and deletes a password', async () => {
    const admin = scenario.admin;
    const user = await newUser();
    expect(await admin.setUserPassword(user, 'booya', { temporary: true })).toBeUndefined();
    const nobody = await failure(admin.setUserPassword('does-not-exist', ''));
    expect(nobody).toBeInstanceOf(KeycloakPutError);
    expect(nobody.serverMessage).toMatch(/User not found/);
    const credentials = await admin.getCredentials(user);
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.type).toBe('password');
    const credentialsOfNobody = await failure(admin.getCredentials('does-not-exist'));
    expect(credentialsOfNobody).toBeInstanceOf(KeycloakGetError);
    expect(credentialsOfNobody.serverMessage).toMatch(/User not found/);
    expect(await admin.deleteCredential(user, credentials[0]?.id ?? '')).toBeUndefined();
    const noCredential = await failure(admin.deleteCredential(user, 'does-not-exist'));
    expect(noCredential).toBeInstanceOf(KeycloakDeleteError);
    expect(noCredential.serverMessage).toMatch(/Credential not found/);
  });

  it('admin/test_social_logins: links to providers that do not exist are stored but not listed', async () => {
    const admin = scenario.admin;
    const user = await newUser();
    expect(await admin.addUserSocialLogin(user, 'gitlab', 'test', 'test')).toBeUndefined();
    expect(await admin.addUserSocialLogin(user, 'github', 'test', 'test')).toBeUndefined();
    const nobody = await failure(
      admin.addUserSocialLogin('does-not-exist', 'does-not-exist', 'test', 'test'),
    );
    expect(nobody).toBeInstanceOf(KeycloakPostError);
    expect(nobody.serverMessage).toMatch(/User not found/);
    expect(await admin.getUserSocialLogins(user)).toEqual([]);
    const loginsOfNobody = await failure(admin.getUserSocialLogins('does-not-exist'));
    expect(loginsOfNobody).toBeInstanceOf(KeycloakGetError);
    expect(loginsOfNobody.serverMessage).toMatch(/User not found/);
    expect(await admin.deleteUserSocialLogin(user, 'gitlab')).toBeUndefined();
    expect(await admin.deleteUserSocialLogin(user, 'github')).toBeUndefined();
    const noLink = await failure(admin.deleteUserSocialLogin(user, 'instagram'));
    expect(noLink).toBeInstanceOf(KeycloakDeleteError);
    expect(noLink.serverMessage).toMatch(/Link not found/);
  });

  it('admin/test_email: without SMTP settings the server cannot send, and says so', async () => {
    const admin = scenario.admin;
    const user = await newUser();
    await admin.enableUser(user);
    const actions = await failure(admin.sendUpdateAccount(user, []));
    expect(actions).toBeInstanceOf(KeycloakPutError);
    expect(actions.responseCode).toBe(500);
    expect(actions.serverMessage).toMatch(/Failed to send execute actions email/);
    await admin.updateUser(user, { enabled: true });
    const verify = await failure(admin.sendVerifyEmail(user));
    expect(verify).toBeInstanceOf(KeycloakPutError);
    expect(verify.responseCode).toBe(500);
    expect(verify.serverMessage).toMatch(/Failed to send/);
  });

  it('admin/test_a_email_query_param_handling: client id and redirect URI reach the server', async () => {
    // python inspects the mocked HTTP call; here a local SMTP sink receives the real mails and
    // the action tokens in their links carry what the query parameters said.
    const admin = scenario.admin;
    await admin.updateRealm(scenario.realm, {
      smtpServer: { host: '127.0.0.1', port: String(sink.port), from: 'keycloak@example.test' },
    });
    await admin.createClient({
      clientId: 'update-account-client-id',
      publicClient: true,
      redirectUris: ['https://example.com/*', 'https://example.com'],
    });
    await admin.createClient({
      clientId: 'verify-client-id',
      publicClient: true,
      redirectUris: ['https://example.com/*', 'https://example.com'],
    });
    const user = await newUser(true);
    const email = (await admin.getUser(user)).email ?? '';
    await admin.sendUpdateAccount(user, ['UPDATE_PASSWORD'], {
      clientId: 'update-account-client-id',
      redirectUri: 'https://example.com',
    });
    const actions = await sink.waitFor(
      (mail) => mail.to.includes(email) && /execute-actions|action-token/.test(mail.decoded),
    );
    const actionsToken = tokenClaims(actions.decoded, scenario.realm);
    expect(actionsToken.azp).toBe('update-account-client-id');
    expect(actionsToken.reduri).toBe('https://example.com');
    const before = sink.mails.length;
    await admin.sendVerifyEmail(user, { clientId: 'verify-client-id', redirectUri: 'https://example.com' });
    const verify = await sink.waitFor(
      (mail) => sink.mails.indexOf(mail) >= before && mail.to.includes(email),
    );
    const verifyToken = tokenClaims(verify.decoded, scenario.realm);
    expect(verifyToken.azp).toBe('verify-client-id');
    expect(verifyToken.reduri).toBe('https://example.com');
  });

  it('admin/test_get_sessions: a logged-in user has a session; an unknown user is a 404', async () => {
    const admin = scenario.admin;
    const { oid, username, password } = await oidWithCredentials(admin, { directAccessGrantsEnabled: true });
    try {
      await oid.token(username, password);
      const userId = await admin.getUserId(username);
      expect(userId).toBeDefined();
      expect((await admin.getSessions(userId ?? '')).length).toBeGreaterThanOrEqual(1);
      const nobody = await failure(admin.getSessions('bad'));
      expect(nobody).toBeInstanceOf(KeycloakGetError);
      expect(nobody.serverMessage).toMatch(/User not found/);
    } finally {
      await oid.close();
    }
  });

  it('admin/test_consents: offline access as consent, listed and revoked', async () => {
    const admin = scenario.admin;
    const { oid, username, password } = await oidWithCredentials(admin, { directAccessGrantsEnabled: true });
    try {
      const offline = await oid.token(username, password, { scope: 'offline_access' });
      const userId = String((await oid.decodeToken(offline.access_token)).sub);
      const consents = await admin.userConsents(userId);
      expect(consents).toHaveLength(1);
      expect(consents[0]?.additionalGrants?.[0]?.key).toBe('Offline Token');

      const nobody = await failure(admin.userConsents('non-existent-id'));
      expect(nobody).toBeInstanceOf(KeycloakGetError);
      expect(nobody.serverMessage).toMatch(/User not found/);
      const revokeNobody = await failure(admin.revokeConsent('non-existent-id', oid.clientId));
      expect(revokeNobody).toBeInstanceOf(KeycloakDeleteError);
      expect(revokeNobody.serverMessage).toMatch(/User not found/);
      const revokeNoClient = await failure(admin.revokeConsent(userId, 'non-existent-client'));
      expect(revokeNoClient).toBeInstanceOf(KeycloakDeleteError);
      expect(revokeNoClient.serverMessage).toMatch(/Client not found/);

      expect(await admin.revokeConsent(userId, oid.clientId)).toBeUndefined();
      expect(await admin.userConsents(userId)).toEqual([]);
      const again = await failure(admin.revokeConsent(userId, oid.clientId));
      expect(again).toBeInstanceOf(KeycloakDeleteError);
      expect(again.serverMessage).toMatch(/Consent nor offline token not found/);
    } finally {
      await oid.close();
    }
  });

  async function failedLogin(): Promise<string> {
    const admin = scenario.admin;
    const { oid, username } = await oidWithCredentials(admin, { directAccessGrantsEnabled: true });
    try {
      await admin.updateRealm(scenario.realm, { bruteForceProtected: true });
      expect((await admin.getRealm(scenario.realm)).bruteForceProtected).toBe(true);
      await oid.token(username, 'wrongpassword').catch(() => undefined);
      const userId = (await admin.getUserId(username)) ?? '';
      const status = await eventually(
        () => admin.getBruteforceDetectionStatus(userId),
        (value) => value.numFailures === 1,
      );
      expect(status.numFailures).toBe(1);
      return userId;
    } finally {
      await oid.close();
    }
  }

  async function bruteForceOff(): Promise<void> {
    await scenario.admin.updateRealm(scenario.realm, { bruteForceProtected: false });
    expect((await scenario.admin.getRealm(scenario.realm)).bruteForceProtected).toBe(false);
  }

  it('admin/test_get_bruteforce_status_for_user: a failed login is counted', async () => {
    await failedLogin();
    await bruteForceOff();
  });

  it('admin/test_clear_bruteforce_attempts_for_user: the count of one user is cleared', async () => {
    const userId = await failedLogin();
    expect(await scenario.admin.clearBruteforceAttemptsForUser(userId)).toBeUndefined();
    expect((await scenario.admin.getBruteforceDetectionStatus(userId)).numFailures).toBe(0);
    await bruteForceOff();
  });

  it('admin/test_clear_bruteforce_attempts_for_all_users: every count is cleared', async () => {
    const userId = await failedLogin();
    expect(await scenario.admin.clearAllBruteforceAttempts()).toBeUndefined();
    expect((await scenario.admin.getBruteforceDetectionStatus(userId)).numFailures).toBe(0);
    await bruteForceOff();
  });

  it('admin/test_idps: identity providers and their mappers', async () => {
    const admin = scenario.admin;
    expect(
      await admin.createIdp({
        providerId: 'github',
        alias: 'github',
        config: { clientId: 'test', clientSecret: 'test' },
      }),
    ).toBe('github');
    const badProvider = await failure(admin.createIdp({ providerId: 'does-not-exist', alias: 'something' }));
    expect(badProvider).toBeInstanceOf(KeycloakPostError);
    expect(badProvider.serverMessage).toMatch(/Invalid identity provider id/);
    const idps = await admin.getIdps();
    expect(idps.map((idp) => idp.alias)).toEqual(['github']);
    const idp = await admin.getIdp('github');
    expect(idp.alias).toBe('github');
    expect(idp.config?.clientId).toBe('test');
    expect(idp.config?.clientSecret).toBe('**********');
    const missing = await failure(admin.getIdp('does-not-exist'));
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect(missing.responseCode).toBe(404);
    expect(await admin.updateIdp('github', idps[0] ?? {})).toBeUndefined();

    const mapperId = await admin.addMapperToIdp('github', {
      identityProviderAlias: 'github',
      identityProviderMapper: 'github-user-attribute-mapper',
      name: 'test',
    });
    expect(mapperId).toMatch(/^[0-9a-f-]{36}$/);
    const mapperOfNothing = await failure(admin.addMapperToIdp('does-no-texist', {}));
    expect(mapperOfNothing).toBeInstanceOf(KeycloakPostError);
    expect(mapperOfNothing.responseCode).toBe(404);
    const mappers = await admin.getIdpMappers('github');
    expect(mappers).toHaveLength(1);
    expect(
      await admin.updateMapperInIdp('github', mappers[0]?.id ?? '', {
        id: mappers[0]?.id,
        identityProviderAlias: 'github-alias',
        identityProviderMapper: 'github-user-attribute-mapper',
        name: 'test',
        config: mappers[0]?.config,
      }),
    ).toBeUndefined();
    expect(await admin.deleteIdp('github')).toBeUndefined();
    const deleteMissing = await failure(admin.deleteIdp('does-not-exist'));
    expect(deleteMissing).toBeInstanceOf(KeycloakDeleteError);
    expect(deleteMissing.responseCode).toBe(404);
  });

  // Organizations exist from 26.0 (24 and 25: no endpoint; the plan error is test/server/feature-plans).
  it.runIf(serverHas('organizations'))(
    'admin/test_organizations: organizations, members, identity providers, paging',
    async () => {
      const admin = scenario.admin;
      await admin.updateRealm(scenario.realm, { organizationsEnabled: true });
      const orgId = await admin.createOrganization({
        name: 'test-org01',
        alias: 'test-org01',
        domains: [{ name: 'org1.com' }],
      });
      const org = await admin.getOrganization(orgId);
      expect(org.name).toBe('test-org01');
      expect(org.alias).toBe('test-org01');
      expect(org.domains?.[0]?.name).toBe('org1.com');
      expect(await admin.updateOrganization(orgId, { ...org, name: 'test-org01-u' })).toBeUndefined();
      await admin.updateOrganization(orgId, { ...org, name: 'test-org01' });
      const orgs = await admin.getOrganizations();
      expect(orgs.map((entry) => entry.name)).toEqual(['test-org01']);

      const userId = await admin.createUser({ username: 'test', email: 'test@test.test' });
      expect(await admin.organizationUserAdd(userId, orgId)).toBeUndefined();
      const members = await admin.getOrganizationMembers(orgId);
      expect(members.map((member) => member.id)).toEqual([userId]);
      expect(await admin.getOrganizationMembersCount(orgId)).toBe(1);
      expect((await admin.getUserOrganizations(userId)).map((entry) => entry.name)).toEqual(['test-org01']);
      expect(await admin.organizationUserRemove(userId, orgId)).toBeUndefined();
      expect(await admin.getOrganizationMembers(orgId)).toEqual([]);
      expect(await admin.getOrganizationMembersCount(orgId)).toBe(0);

      const users = Array.from({ length: 150 }, (_, index) => ({
        username: `test-user${String(index).padStart(2, '0')}`,
        email: `test-user${String(index).padStart(2, '0')}@test.test`,
      }));
      await admin.partialImportRealm(scenario.realm, { users });
      for (const user of await admin.getUsers({ search: 'test-user' })) {
        await admin.organizationUserAdd(user.id ?? '', orgId);
      }
      expect(await admin.getOrganizationMembers(orgId)).toHaveLength(150);
      expect(await admin.getOrganizationMembers(orgId, { first: 100, max: -1, search: '' })).toHaveLength(50);
      expect(await admin.getOrganizationMembers(orgId, { max: 20, first: -1, search: '' })).toHaveLength(20);

      await admin.createIdp({
        providerId: 'github',
        alias: 'github',
        config: { clientId: 'test-client-id', clientSecret: 'test-client-secret' },
      });
      expect(await admin.organizationIdpAdd(orgId, 'github')).toBeUndefined();
      expect((await admin.getOrganizationIdps(orgId)).map((idp) => idp.alias)).toEqual(['github']);
      expect(await admin.organizationIdpRemove(orgId, 'github')).toBeUndefined();
      expect(await admin.getOrganizationIdps(orgId)).toEqual([]);

      expect(await admin.deleteOrganization(orgId)).toBeUndefined();
      expect(await admin.getOrganizations()).toEqual([]);

      for (let index = 0; index < 150; index++) {
        const suffix = String(index).padStart(2, '0');
        await admin.createOrganization({
          name: `test-org${suffix}`,
          alias: `org${suffix}`,
          domains: [{ name: `org${suffix}.com` }],
        });
      }
      expect(await admin.getOrganizations()).toHaveLength(150);
      expect(await admin.getOrganizations({ first: 100, max: -1, search: '' })).toHaveLength(50);
      expect(await admin.getOrganizations({ first: -1, max: 20, search: '' })).toHaveLength(20);
    },
    300_000,
  );
});

/** The claims of the first action-token link in a mail. */
function tokenClaims(text: string, realm: string): Record<string, unknown> {
  const match = new RegExp(`/realms/${realm}/login-actions/action-token\\?key=([\\w-]+)\\.([\\w-]+)\\.`).exec(
    text,
  );
  if (!match?.[2]) throw new Error('no action-token link in the mail');
  return JSON.parse(Buffer.from(match[2], 'base64url').toString('utf8')) as Record<string, unknown>;
}
