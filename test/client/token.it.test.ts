import { expect, it } from 'vitest';
import { KeycloakAdmin, KeycloakAuthenticationError } from '../../src/client/index.js';
import { describeWithKeycloak, serverInfo, useTestRealm } from '../support/keycloak.js';

const PASSWORD = 'token-test-password-1';
const LIFESPAN_SECONDS = 3;

describeWithKeycloak('admin tokens', () => {
  // A realm whose tokens live 3 s, with a user that administers it from inside the realm.
  const realm = useTestRealm('tokens', {
    accessTokenLifespan: LIFESPAN_SECONDS,
    users: [
      {
        username: 'realm-operator',
        enabled: true,
        email: 'operator@example.com',
        emailVerified: true,
        firstName: 'Realm',
        lastName: 'Operator',
        credentials: [{ type: 'password', value: PASSWORD, temporary: false }],
        clientRoles: { 'realm-management': ['realm-admin'] },
      },
    ],
  });

  function operatorClient(): KeycloakAdmin {
    return new KeycloakAdmin({
      serverUrl: serverInfo().url,
      username: 'realm-operator',
      password: PASSWORD,
      realmName: realm.name,
      refreshMarginMs: 500,
    });
  }

  it('renews once for ten concurrent calls that cross a token expiry', async () => {
    const admin = operatorClient();
    try {
      await admin.getRealm(realm.name);
      expect(admin.tokenRequestCount).toBe(1);
      const firstToken = admin.token?.accessToken;

      await new Promise((resolve) => setTimeout(resolve, LIFESPAN_SECONDS * 1000 + 200));
      const results = await Promise.all(Array.from({ length: 10 }, () => admin.getRealm(realm.name)));

      expect(results.every((r) => r.realm === realm.name)).toBe(true);
      expect(admin.tokenRequestCount).toBe(2);
      expect(admin.token?.accessToken).not.toBe(firstToken);
    } finally {
      await admin.close();
    }
  });

  it('retries once with a new token after a 401', async () => {
    const admin = operatorClient();
    try {
      await admin.getRealm(realm.name);
      const before = admin.tokenRequestCount;
      // End the operator's session server-side: its still-unexpired token is now rejected.
      const users = (
        await realm.admin.rawGet(`/admin/realms/${realm.name}/users`, {
          query: { username: 'realm-operator', exact: true },
        })
      ).json<{ id: string }[]>();
      const logout = await realm.admin.rawPost(`/admin/realms/${realm.name}/users/${users[0]?.id}/logout`);
      expect(logout.status).toBe(204);

      const fetched = await admin.getRealm(realm.name);
      expect(fetched.realm).toBe(realm.name);
      // The refresh token died with the session, so the client fell back to a new password grant.
      expect(admin.tokenRequestCount).toBeGreaterThan(before);
    } finally {
      await admin.close();
    }
  });

  it('shares one token between realm views', async () => {
    const admin = operatorClient();
    try {
      const view = admin.withRealm(realm.name);
      await Promise.all([admin.getRealm(realm.name), view.getRealm(realm.name)]);
      expect(admin.tokenRequestCount).toBe(1);
      expect(view.realmName).toBe(realm.name);
      await expect(admin.getToken()).resolves.toMatchObject({ refreshToken: expect.any(String) });
      const refreshed = await admin.refreshToken();
      expect(refreshed.accessToken).toMatch(/^eyJ/);
    } finally {
      await admin.close();
    }
  });

  it('reports bad credentials as an authentication error without leaking the password', async () => {
    const admin = new KeycloakAdmin({
      serverUrl: serverInfo().url,
      username: 'realm-operator',
      password: 'wrong-password-xyz',
      realmName: realm.name,
    });
    try {
      const error = await admin.getRealm(realm.name).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeycloakAuthenticationError);
      // 26.7 answers 400 invalid_grant; older releases 401.
      expect((error as KeycloakAuthenticationError).responseCode).toBeOneOf([400, 401]);
      expect((error as Error).message).toContain('Invalid user credentials');
      expect(JSON.stringify(error)).not.toContain('wrong-password-xyz');
      expect((error as Error).message).not.toContain('wrong-password-xyz');
    } finally {
      await admin.close();
    }
  });
});
