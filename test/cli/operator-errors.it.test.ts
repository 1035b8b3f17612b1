/**
 * Operator mistakes against a real Keycloak, through the real CLI: each ends in one line that
 * says what is wrong and how to fix it (exit 1, no stack trace, no "bug" hint), and no secret
 * appears in the output. The TLS case uses a local https server with a self-signed certificate
 * made by the JDK's keytool (the suite needs nothing but Node and a JDK).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findJava } from '../../src/local/java.js';
import { describeWithKeycloak, masterAdmin, serverInfo } from '../support/keycloak.js';
import { type CliResult, runCli } from './run-cli.js';

const SECRET_IN_URL = 'url-secret-5f1e';
const WEAK_PASSWORD = 'weak-operator-pass-1';

describeWithKeycloak('operator errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-operator-'));
  // Planning an existing realm needs authenticated reads (a realm that does not exist needs none).
  const manifest = join(dir, 'master.yaml');
  writeFileSync(manifest, 'realm: master\nclients:\n  - clientId: admin-cli\n');
  const admin = masterAdmin();
  let weakUser = '';
  let tls: Server | undefined;
  let tlsUrl = '';

  const env = (overrides: Record<string, string | undefined> = {}) => ({
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
    KEYCLOAK_CLIENT_ID: undefined,
    KEYCLOAK_CLIENT_SECRET: undefined,
    ...overrides,
  });
  /** One line on stderr, exit 1, no stack trace, nothing secret. */
  const expectOneLine = (result: CliResult, pattern: RegExp) => {
    expect(result.code, result.stderr).toBe(1);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('Error: '));
    expect(errors, result.stderr).toHaveLength(1);
    expect(errors[0]).toMatch(pattern);
    expect(result.stderr).not.toMatch(/^\s+at |looks like a bug/m);
    expect(result.stdout + result.stderr).not.toContain(serverInfo().password);
    expect(result.stdout + result.stderr).not.toContain(SECRET_IN_URL);
  };

  beforeAll(async () => {
    weakUser = await admin.createUser({
      username: 'operator-without-roles',
      enabled: true,
      email: 'operator-without-roles@example.com',
      firstName: 'No',
      lastName: 'Roles',
      credentials: [{ type: 'password', value: WEAK_PASSWORD, temporary: false }],
    });
    // A self-signed certificate for 127.0.0.1, made by keytool.
    const keytool = join((await findJava()).home, 'bin', 'keytool');
    const store = join(dir, 'tls.p12');
    execFileSync(keytool, [
      '-genkeypair',
      '-alias',
      'tls',
      '-keyalg',
      'RSA',
      '-keysize',
      '2048',
      '-dname',
      'CN=127.0.0.1',
      '-ext',
      'SAN=IP:127.0.0.1',
      '-validity',
      '2',
      '-storetype',
      'PKCS12',
      '-keystore',
      store,
      '-storepass',
      'changeit',
    ]);
    tls = createServer({ pfx: readFileSync(store), passphrase: 'changeit' }, (_, res) => res.end('{}'));
    await new Promise<void>((resolve) => tls?.listen(0, '127.0.0.1', resolve));
    tlsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    if (weakUser) await admin.deleteUser(weakUser).catch(() => undefined);
    await admin.close();
    tls?.closeAllConnections();
    await new Promise((resolve) => (tls ? tls.close(resolve) : resolve(undefined)));
  });

  it('says which step failed and how to fix it, in one line', async () => {
    const url = serverInfo().url;
    const closedPort = 'http://127.0.0.1:1';
    const [password, applying, client, realm, auth, refused, secretUrl, certificate, forbidden] =
      await Promise.all([
        runCli(['plan', manifest], env({ KEYCLOAK_PASSWORD: 'wrong-password-7' })),
        runCli(['apply', manifest, '--auto-approve'], env({ KEYCLOAK_PASSWORD: 'wrong-password-7' })),
        runCli(['plan', manifest, '--client-id', 'no-such-client'], env()),
        runCli(['plan', manifest, '--auth-realm', 'no-such-realm'], env()),
        runCli(['plan', manifest, '--url', `${url}/auth`], env()),
        runCli(['plan', manifest, '--url', closedPort], env()),
        runCli(['plan', manifest], env({ KEYCLOAK_URL: `http://ops:${SECRET_IN_URL}@127.0.0.1:1` })),
        runCli(['plan', manifest, '--url', tlsUrl], env()),
        runCli(
          ['plan', manifest],
          env({ KEYCLOAK_USER: 'operator-without-roles', KEYCLOAK_PASSWORD: WEAK_PASSWORD }),
        ),
      ]);
    expectOneLine(
      password,
      /refused the credentials of user "admin" \(client "admin-cli"\) in realm "master".*KEYCLOAK_PASSWORD/,
    );
    expect(password.stderr).not.toContain('wrong-password-7');
    // apply meets the failure while taking the lock: the same line.
    expectOneLine(
      applying,
      /refused the credentials of user "admin" \(client "admin-cli"\) in realm "master"/,
    );
    expectOneLine(client, /refused user "admin" \(client "no-such-client"\) in realm "master".*--client-id/);
    expectOneLine(realm, /realm "no-such-realm" does not exist.*--auth-realm/);
    expectOneLine(
      auth,
      new RegExp(`${url}/auth has no Keycloak behind it but ${url} has.*Use --url ${url}\\.`),
    );
    expectOneLine(refused, /connection refused \(ECONNREFUSED\).*--url/);
    expectOneLine(secretUrl, /Cannot reach Keycloak at http:\/\/127\.0\.0\.1:1: connection refused/);
    expectOneLine(
      certificate,
      /TLS check of https:\/\/127\.0\.0\.1:\d+ failed: the certificate is self-signed.*--ca-file.*NODE_EXTRA_CA_CERTS/,
    );
    expectOneLine(
      forbidden,
      /user "operator-without-roles" .* lacks the admin role .*grant it the role view-\w+/,
    );
  });

  it('shows the stack only with --debug', async () => {
    const result = await runCli(
      ['plan', manifest, '--debug'],
      env({ KEYCLOAK_PASSWORD: 'wrong-password-7' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: Keycloak refused the credentials/m);
    expect(result.stderr).toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain('wrong-password-7');
  });

  it('never prints a value given at a sensitive path', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'realm: x\nclients:\n  - clientId: web\n    secret: 88001234567\n');
    const result = await runCli(['validate', bad], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(at clients[0].secret)');
    expect(result.stdout + result.stderr).not.toContain('8800');
  });
});
