/**
 * keycloak-config-cli's connection, file and deletion settings through the CLI against the real
 * server, each one changing what happens: the login realm and user, the grant type, TLS
 * verification (through a local TLS front with a self-signed certificate), an HTTP proxy, the
 * timeouts, file excludes and hidden files, and `IMPORT_MANAGED_*` / `IMPORT_REMOTESTATE_ENABLED`
 * as ownership modes, next to the manifest's `realmform.ownership` and `--ownership`.
 * (kcc.it.test.ts covers KEYCLOAK_URL, KEYCLOAK_CLIENTID/SECRET, the availability check and
 * IMPORT_FILES_LOCATIONS.)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KeycloakError } from '../../src/client/index.js';
import { findJava } from '../../src/local/java.js';
import { describeWithKeycloak, randomName, serverInfo, useTestRealm } from '../support/keycloak.js';
import { runCli } from './run-cli.js';

/** No credentials or files inherited from the machine: each test says how it logs in. */
const clean = {
  KEYCLOAK_USER: '',
  KEYCLOAK_PASSWORD: '',
  KEYCLOAK_CLIENT_ID: '',
  KEYCLOAK_CLIENT_SECRET: '',
  KEYCLOAK_CLIENTID: '',
  KEYCLOAK_CLIENTSECRET: '',
  KEYCLOAK_LOGINREALM: '',
  KEYCLOAK_AUTH_REALM: '',
  KEYCLOAK_GRANTTYPE: '',
  IMPORT_FILES_LOCATIONS: '',
};

function asAdmin(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...clean,
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
    ...extra,
  };
}

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)),
  );
}

function close(server: Server | ReturnType<typeof createTcpServer> | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  if ('closeAllConnections' in server) server.closeAllConnections();
  return new Promise((done) => server.close(() => done()));
}

/** Forwards a request to the Keycloak under test, as a reverse proxy or TLS front would. */
function forward(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
  const target = new URL(req.url ?? '/', serverInfo().url);
  const upstream = httpRequest(
    target,
    { method: req.method, headers: { ...req.headers, host: req.headers.host ?? target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

describeWithKeycloak('keycloak-config-cli connection settings, against the real server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-kcc-connection-'));
  const opsPassword = `Ops-${randomBytes(8).toString('hex')}`;
  const realm = useTestRealm('kcc-conn', {
    users: [
      {
        username: 'ops',
        enabled: true,
        email: 'ops@example.com',
        emailVerified: true,
        firstName: 'Ops',
        lastName: 'Team',
        credentials: [{ type: 'password', value: opsPassword, temporary: false }],
        clientRoles: { 'realm-management': ['realm-admin'] },
      },
    ],
  });
  let manifest = '';
  let tls: Server | undefined;
  let tlsUrl = '';
  let proxy: Server | undefined;
  let proxied = 0;
  let proxyPort = 0;
  let silentPort = 0;
  let silent: ReturnType<typeof createTcpServer> | undefined;
  const silentSockets: Socket[] = [];

  beforeAll(async () => {
    manifest = join(dir, 'realm.yaml');
    writeFileSync(manifest, `realm: ${realm.name}\nenabled: true\ndisplayName: Reached\n`);

    // A TLS front for the server, with a self-signed certificate nobody trusts.
    const keytool = join((await findJava()).home, 'bin', 'keytool');
    const store = join(dir, 'tls.p12');
    execFileSync(keytool, [
      ...['-genkeypair', '-alias', 'tls', '-keyalg', 'RSA', '-keysize', '2048'],
      ...['-dname', 'CN=127.0.0.1', '-ext', 'SAN=IP:127.0.0.1', '-validity', '2'],
      ...['-storetype', 'PKCS12', '-keystore', store, '-storepass', 'changeit'],
    ]);
    tls = createHttpsServer({ pfx: readFileSync(store), passphrase: 'changeit' }, forward);
    tlsUrl = `https://127.0.0.1:${await listen(tls)}`;

    // A forward proxy: absolute-form requests and CONNECT tunnels, counted.
    proxy = createHttpServer((req, res) => {
      proxied++;
      forward(req, res);
    });
    proxy.on('connect', (req, client: Socket, head) => {
      proxied++;
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    proxyPort = await listen(proxy);

    // A server that accepts connections and never answers.
    silent = createTcpServer((socket) => silentSockets.push(socket));
    silentPort = await listen(silent);
  });

  afterAll(async () => {
    for (const socket of silentSockets) socket.destroy();
    await Promise.all([close(tls), close(proxy), close(silent)]);
  });

  it('KEYCLOAK_LOGINREALM + KEYCLOAK_USER/PASSWORD: a realm administrator of another realm logs in there', async () => {
    const result = await runCli(['apply', '--auto-approve', manifest], {
      ...clean,
      KEYCLOAK_URL: serverInfo().url,
      KEYCLOAK_LOGINREALM: realm.name,
      KEYCLOAK_USER: 'ops',
      KEYCLOAK_PASSWORD: opsPassword,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(opsPassword);
    expect((await realm.admin.getRealm(realm.name)).displayName).toBe('Reached');

    // The same user in master does not exist: the login realm is what made it work.
    const master = await runCli(['plan', manifest], {
      ...clean,
      KEYCLOAK_URL: serverInfo().url,
      KEYCLOAK_USER: 'ops',
      KEYCLOAK_PASSWORD: opsPassword,
    });
    expect(master.code).toBe(1);
    expect(master.stderr).toMatch(/user "ops".*master|master.*user "ops"/);
  });

  it('KEYCLOAK_GRANTTYPE=client_credentials picks the client secret when a password is set too', async () => {
    const clientId = randomName('kcc-grant');
    const secret = randomBytes(16).toString('hex');
    const view = realm.admin.withRealm(realm.name);
    const uuid = await view.createClient({
      clientId,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      secret,
    });
    const account = await view.getClientServiceAccountUser(uuid);
    const realmManagement = (await view.getClientByClientId('realm-management'))?.id ?? '';
    const realmAdmin = await view.getClientRole(realmManagement, 'realm-admin');
    const assign = () => view.assignClientRole(account.id ?? '', realmManagement, realmAdmin);
    // Setup only: Keycloak 26.7's role cache has answered this write 500 once (a
    // NullPointerException in its DefaultLazyLoader); the same mapping again is harmless.
    await assign().catch((error: unknown) =>
      error instanceof KeycloakError && error.responseCode === 500 ? assign() : Promise.reject(error),
    );
    const env = {
      ...clean,
      KEYCLOAK_URL: serverInfo().url,
      KEYCLOAK_LOGINREALM: realm.name,
      KEYCLOAK_USER: 'ops',
      KEYCLOAK_PASSWORD: 'not-the-password',
      KEYCLOAK_CLIENTID: clientId,
      KEYCLOAK_CLIENTSECRET: secret,
    };
    const ambiguous = await runCli(['plan', manifest], env);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('set KEYCLOAK_GRANTTYPE=password');

    const asClient = await runCli(['plan', manifest], {
      ...env,
      KEYCLOAK_GRANTTYPE: 'client_credentials',
    });
    expect(asClient.code, asClient.stderr).toBe(0);
    expect(asClient.stdout + asClient.stderr).not.toContain(secret);

    const asUser = await runCli(['plan', manifest], { ...env, KEYCLOAK_GRANTTYPE: 'password' });
    expect(asUser.code).toBe(1);
  });

  it('KEYCLOAK_SSLVERIFY=false reaches a server behind a self-signed certificate; without it, the TLS check fails', async () => {
    const refused = await runCli(['plan', manifest], asAdmin({ KEYCLOAK_URL: tlsUrl }));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/self-signed/);

    const result = await runCli(
      ['plan', '--detailed-exitcode', manifest],
      asAdmin({ KEYCLOAK_URL: tlsUrl, KEYCLOAK_SSLVERIFY: 'false' }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Warning: TLS certificate verification is disabled');
  });

  it('KEYCLOAK_HTTPPROXY sends every request through the proxy', async () => {
    const before = proxied;
    const result = await runCli(
      ['plan', '--detailed-exitcode', manifest],
      asAdmin({ KEYCLOAK_HTTPPROXY: `http://127.0.0.1:${proxyPort}` }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(proxied).toBeGreaterThan(before);

    const dead = await runCli(['plan', manifest], asAdmin({ KEYCLOAK_HTTPPROXY: 'http://127.0.0.1:9' }));
    expect(dead.code).toBe(1);
  });

  it('KEYCLOAK_READTIMEOUT bounds the wait for an answer; KEYCLOAK_CONNECTTIMEOUT is accepted on a live server', async () => {
    const live = await runCli(
      ['plan', '--detailed-exitcode', manifest],
      asAdmin({ KEYCLOAK_CONNECTTIMEOUT: '5s', KEYCLOAK_READTIMEOUT: 'PT30S' }),
    );
    expect(live.code, live.stderr).toBe(0);

    const started = Date.now();
    const result = await runCli(
      ['plan', '--retry-budget', '1s', manifest],
      asAdmin({ KEYCLOAK_URL: `http://127.0.0.1:${silentPort}`, KEYCLOAK_READTIMEOUT: '2s' }),
    );
    const elapsed = Date.now() - started;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Keycloak at http://127.0.0.1:${silentPort} did not answer in time`);
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(30_000);
  });
});

describeWithKeycloak('keycloak-config-cli file settings, against the real server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-kcc-files-'));
  const names = {
    kept: randomName('kcc-kept'),
    hidden: randomName('kcc-hidden'),
    skipped: randomName('kcc-skip'),
  };

  beforeAll(() => {
    mkdirSync(join(dir, 'realms'));
    writeFileSync(join(dir, 'realms', '10_kept.yaml'), `realm: ${names.kept}\n`);
    writeFileSync(join(dir, 'realms', '.20_hidden.yaml'), `realm: ${names.hidden}\n`);
    writeFileSync(join(dir, 'realms', 'skip-30.yaml'), `realm: ${names.skipped}\n`);
  });

  const plan = (extra: Record<string, string>) =>
    runCli(['plan'], asAdmin({ IMPORT_FILES_LOCATIONS: join(dir, 'realms', '*.yaml'), ...extra }));

  it('IMPORT_FILES_EXCLUDES leaves files out; hidden files only with IMPORT_FILES_INCLUDEHIDDENFILES', async () => {
    const all = await plan({});
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain(names.kept);
    expect(all.stdout).toContain(names.skipped);
    expect(all.stdout).not.toContain(names.hidden);

    const excluded = await plan({ IMPORT_FILES_EXCLUDES: '**/skip-*' });
    expect(excluded.code, excluded.stderr).toBe(0);
    expect(excluded.stdout).toContain(names.kept);
    expect(excluded.stdout).not.toContain(names.skipped);

    const hidden = await plan({ IMPORT_FILES_INCLUDEHIDDENFILES: 'true' });
    expect(hidden.code, hidden.stderr).toBe(0);
    expect(hidden.stdout).toContain(names.hidden);
  });
});

describeWithKeycloak(
  'IMPORT_MANAGED_* and IMPORT_REMOTESTATE_ENABLED as ownership modes, through the CLI',
  () => {
    const realm = useTestRealm('kcc-own');
    const dir = mkdtempSync(join(tmpdir(), 'realmform-kcc-own-'));
    const file = (name: string, groups: string[], extra = '') => {
      const path = join(dir, name);
      writeFileSync(
        path,
        `realm: ${realm.name}\n${extra}groups:\n${groups.map((group) => `  - name: ${group}\n`).join('')}`,
      );
      return path;
    };
    const groupNames = async () => (await realm.admin.getGroups()).map((group) => group.name).sort();

    beforeAll(async () => {
      await realm.admin.createGroup({ name: 'by-hand' });
    });

    const cases: {
      name: string;
      env: Record<string, string>;
      args: string[];
      mode: string;
      destroy: number;
    }[] = [
      { name: 'nothing set: realmform’s default', env: {}, args: [], mode: 'authoritative', destroy: 1 },
      {
        name: 'IMPORT_REMOTESTATE_ENABLED=true (keycloak-config-cli’s default)',
        env: { IMPORT_REMOTESTATE_ENABLED: 'true' },
        args: [],
        mode: 'owned-only',
        destroy: 0,
      },
      {
        name: 'IMPORT_MANAGED_GROUP=no-delete',
        env: { IMPORT_MANAGED_GROUP: 'no-delete' },
        args: [],
        mode: 'additive',
        destroy: 0,
      },
      {
        name: 'IMPORT_REMOTESTATE_ENABLED=false, IMPORT_MANAGED_GROUP=full',
        env: { IMPORT_REMOTESTATE_ENABLED: 'false', IMPORT_MANAGED_GROUP: 'full' },
        args: [],
        mode: 'authoritative',
        destroy: 1,
      },
      {
        name: '--ownership groups=additive over IMPORT_MANAGED_GROUP=full',
        env: { IMPORT_REMOTESTATE_ENABLED: 'false', IMPORT_MANAGED_GROUP: 'full' },
        args: ['--ownership', 'groups=additive'],
        mode: 'additive',
        destroy: 0,
      },
    ];
    it.each(cases)('$name: groups $mode, $destroy to destroy', async ({ env, args, mode, destroy }) => {
      const result = await runCli(['plan', file('plan.yaml', ['ops']), ...args], asAdmin(env));
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`Ownership: groups ${mode}`);
      expect(result.stdout).toContain(`Plan: 1 to add, 0 to change, ${destroy} to destroy.`);
      expect(result.stdout.includes('by-hand')).toBe(destroy > 0);
    });

    it('the manifest’s realmform.ownership is honoured from a file too', async () => {
      const result = await runCli(
        ['plan', file('manifest-mode.yaml', ['ops'], 'realmform:\n  ownership:\n    groups: additive\n')],
        asAdmin(),
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Ownership: groups additive');
      expect(result.stdout).toContain('0 to destroy.');
    });

    it('IMPORT_USERS_MERGEGROUPS=true is refused before any request: realmform would remove what keycloak-config-cli keeps', async () => {
      const result = await runCli(
        ['apply', '--auto-approve', file('merge.yaml', ['ops'])],
        asAdmin({ IMPORT_USERS_MERGEGROUPS: 'true' }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(
        /^Error: IMPORT_USERS_MERGEGROUPS=true is not supported: .*listed groups exact/,
      );
      expect(await groupNames()).not.toContain('ops');
    });

    it('with the remote state on, what realmform created and then dropped is deleted; the hand-made group stays', async () => {
      const env = asAdmin({ IMPORT_REMOTESTATE_ENABLED: 'true' });
      const first = await runCli(['apply', '--auto-approve', file('first.yaml', ['ops', 'dev'])], env);
      expect(first.code, first.stderr).toBe(0);
      expect(await groupNames()).toEqual(['by-hand', 'dev', 'ops']);

      const second = await runCli(['apply', '--auto-approve', file('second.yaml', ['ops'])], env);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain('dev');
      expect(await groupNames()).toEqual(['by-hand', 'ops']);
    });
  },
);
