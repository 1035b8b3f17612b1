/** Which login the settings make (no server needed: the client logs in on its first request). */
import { describe, expect, it } from 'vitest';
import { adminFrom } from '../../src/cli/connection-options.js';
import { resolveKccSettings } from '../../src/cli/kcc-settings.js';

function admin(env: Record<string, string>) {
  return adminFrom(resolveKccSettings({ env: { KEYCLOAK_URL: 'https://kc.example.com', ...env } }));
}

describe('the login the settings make', () => {
  const logins: {
    name: string;
    env: Record<string, string>;
    expected: { username?: string; clientId: string; clientSecretKey?: string; userRealmName: string };
  }[] = [
    {
      name: 'user and password',
      env: { KEYCLOAK_USER: 'root', KEYCLOAK_PASSWORD: 'pw' },
      expected: { username: 'root', clientId: 'admin-cli', userRealmName: 'master' },
    },
    {
      name: "a password alone logs in as keycloak-config-cli's default user",
      env: { KEYCLOAK_PASSWORD: 'pw' },
      expected: { username: 'admin', clientId: 'admin-cli', userRealmName: 'master' },
    },
    {
      name: 'client credentials, keycloak-config-cli names',
      env: { KEYCLOAK_CLIENTID: 'ci', KEYCLOAK_CLIENTSECRET: 's', KEYCLOAK_LOGINREALM: 'ops' },
      expected: { clientId: 'ci', clientSecretKey: 's', userRealmName: 'ops' },
    },
    {
      name: 'client credentials, realmform names',
      env: { KEYCLOAK_CLIENT_ID: 'ci', KEYCLOAK_CLIENT_SECRET: 's', KEYCLOAK_AUTH_REALM: 'ops' },
      expected: { clientId: 'ci', clientSecretKey: 's', userRealmName: 'ops' },
    },
    {
      name: 'a password and a client secret, grant type password',
      env: {
        KEYCLOAK_PASSWORD: 'pw',
        KEYCLOAK_CLIENTID: 'ci',
        KEYCLOAK_CLIENTSECRET: 's',
        KEYCLOAK_GRANTTYPE: 'password',
      },
      expected: { username: 'admin', clientId: 'ci', clientSecretKey: 's', userRealmName: 'master' },
    },
    {
      name: 'a password and a client secret, grant type client_credentials',
      env: {
        KEYCLOAK_USER: 'admin',
        KEYCLOAK_PASSWORD: 'pw',
        KEYCLOAK_CLIENTID: 'ci',
        KEYCLOAK_CLIENTSECRET: 's',
        KEYCLOAK_GRANTTYPE: 'client_credentials',
      },
      expected: { clientId: 'ci', clientSecretKey: 's', userRealmName: 'master' },
    },
  ];

  it.each(logins)('$name', async ({ env, expected }) => {
    const client = admin(env);
    try {
      expect({
        username: client.username,
        clientId: client.clientId,
        clientSecretKey: client.clientSecretKey,
        userRealmName: client.userRealmName,
      }).toEqual({ username: undefined, clientSecretKey: undefined, ...expected });
    } finally {
      await client.close();
    }
  });

  it('turns TLS verification off with KEYCLOAK_SSLVERIFY=false', async () => {
    const client = admin({ KEYCLOAK_USER: 'a', KEYCLOAK_PASSWORD: 'b', KEYCLOAK_SSLVERIFY: 'false' });
    expect(client.verify).toBe(false);
    await client.close();
  });

  it('takes the read timeout in seconds', async () => {
    const client = admin({ KEYCLOAK_USER: 'a', KEYCLOAK_PASSWORD: 'b', KEYCLOAK_READTIMEOUT: '2500ms' });
    expect(client.connection.timeout).toBe(2.5);
    await client.close();
  });

  const mistakes: { env: Record<string, string>; error: string }[] = [
    {
      env: {},
      error:
        'No credentials: set KEYCLOAK_USER and KEYCLOAK_PASSWORD, or KEYCLOAK_CLIENTID and KEYCLOAK_CLIENTSECRET',
    },
    { env: { KEYCLOAK_USER: 'root' }, error: 'KEYCLOAK_PASSWORD is not set for the admin user' },
    {
      env: {
        KEYCLOAK_USER: 'root',
        KEYCLOAK_PASSWORD: 'pw',
        KEYCLOAK_CLIENTID: 'ci',
        KEYCLOAK_CLIENTSECRET: 's',
      },
      error: 'Both KEYCLOAK_PASSWORD and KEYCLOAK_CLIENTSECRET are set: set KEYCLOAK_GRANTTYPE=password',
    },
    {
      env: { KEYCLOAK_GRANTTYPE: 'client_credentials', KEYCLOAK_CLIENTSECRET: 's' },
      error: 'Logging in as a client needs KEYCLOAK_CLIENTID and KEYCLOAK_CLIENTSECRET',
    },
  ];
  it.each(mistakes)('$error', ({ env, error }) => {
    expect(() => admin(env)).toThrow(error);
  });

  it('needs a URL', () => {
    expect(() =>
      adminFrom(resolveKccSettings({ env: { KEYCLOAK_USER: 'a', KEYCLOAK_PASSWORD: 'b' } })),
    ).toThrow('No Keycloak URL: pass --url or set KEYCLOAK_URL');
  });
});
