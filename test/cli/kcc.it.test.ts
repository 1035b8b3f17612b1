/**
 * A keycloak-config-cli pipeline run by realmform against the real server: a JSON realm file with
 * `$(file:UTF-8:…)`, `$(env:…:-default)`, base64 and URL lookups, nesting, an escape and a bare
 * typed variable; logged in with KEYCLOAK_CLIENTID / KEYCLOAK_CLIENTSECRET (a service account),
 * the files found by IMPORT_FILES_LOCATIONS, the server awaited by the availability check. Then the
 * same with `--keycloak.*=` / `--import.*=` arguments, and what is refused before any request.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import { describeWithKeycloak, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { runCli } from './run-cli.js';

describeWithKeycloak('a keycloak-config-cli pipeline, run by realmform', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-kcc-'));
  const realm = randomName('kcc');
  const ciClient = randomName('kcc-ci');
  const ciSecret = randomBytes(16).toString('hex');
  const apiSecret = `api-${randomBytes(8).toString('hex')}`;
  let admin: KeycloakAdmin;
  let ciClientUuid = '';

  /** The environment of the pipeline: nothing inherited that could log in another way. */
  const pipeline = (extra: Record<string, string> = {}) => ({
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: '',
    KEYCLOAK_PASSWORD: '',
    KEYCLOAK_CLIENT_ID: '',
    KEYCLOAK_CLIENT_SECRET: '',
    KEYCLOAK_CLIENTID: ciClient,
    KEYCLOAK_CLIENTSECRET: ciSecret,
    KEYCLOAK_AVAILABILITYCHECK_ENABLED: 'true',
    KEYCLOAK_AVAILABILITYCHECK_TIMEOUT: '60s',
    IMPORT_FILES_LOCATIONS: join(dir, 'config', '*.json'),
    IMPORT_VARSUBSTITUTION_ENABLED: 'true',
    KCC_IT_REALM: realm,
    KCC_IT_HOST: 'shop.example.com',
    KCC_IT_VERIFY: 'true',
    KCC_IT_GREETING: Buffer.from('Welcome to the shop').toString('base64'),
    ...extra,
  });

  beforeAll(async () => {
    admin = masterAdmin();
    // The CI login: a confidential client of master whose service account is an admin.
    ciClientUuid = await admin.createClient({
      clientId: ciClient,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      secret: ciSecret,
    });
    const account = await admin.getClientServiceAccountUser(ciClientUuid);
    await admin.assignRealmRoles(account.id ?? '', await admin.getRealmRole('admin'));

    mkdirSync(join(dir, 'config'));
    mkdirSync(join(dir, 'secrets'));
    writeFileSync(join(dir, 'secrets', 'api-secret'), `${apiSecret}\n`);
    writeFileSync(join(dir, 'config', 'README.md.bak'), 'not a realm file, and not matched by *.json');
    writeFileSync(
      join(dir, 'config', '10_realm.json'),
      `{
  "realm": "$(env:KCC_IT_REALM)",
  "enabled": true,
  "displayName": "$(env:KCC_IT_TITLE:-Shop, from a default)",
  "displayNameHtml": "<b>$(base64Decoder:$(env:KCC_IT_GREETING))</b>",
  "verifyEmail": $(env:KCC_IT_VERIFY),
  "roles": {
    "realm": [
      { "name": "reader", "description": "next=$(urlEncoder:a b&c), literally $$(env:KCC_IT_HOST)" }
    ]
  },
  "clients": [
    {
      "clientId": "api",
      "publicClient": false,
      "secret": "$(file:UTF-8:${join(dir, 'secrets', 'api-secret')})",
      "redirectUris": ["https://$(env:KCC_IT_HOST)/*"]
    }
  ]
}
`,
    );
  });

  afterAll(async () => {
    if (!admin) return;
    await admin.deleteRealm(realm).catch(() => undefined);
    if (ciClientUuid) await admin.deleteClient(ciClientUuid).catch(() => undefined);
    await admin.close();
  });

  it('applies the files with no path argument, logged in as the service account', async () => {
    const result = await runCli(['apply', '--auto-approve'], pipeline());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Realm ${realm} converged`);
    expect(result.stdout + result.stderr).not.toContain(apiSecret);
    expect(result.stdout + result.stderr).not.toContain(ciSecret);

    const live = await admin.getRealm(realm);
    expect(live).toMatchObject({
      displayName: 'Shop, from a default',
      displayNameHtml: '<b>Welcome to the shop</b>',
      verifyEmail: true,
    });
    const view = admin.withRealm(realm);
    expect((await view.getRealmRole('reader')).description).toBe(
      'next=a+b%26c, literally $(env:KCC_IT_HOST)',
    );
    const api = await view.getClientByClientId('api');
    expect(api?.redirectUris).toEqual(['https://shop.example.com/*']);
    // The file's content without its trailing newline, never the `$(file:…)` text.
    expect((await view.getClientSecrets(api?.id ?? '')).value).toBe(apiSecret);
  });

  it('plans no changes with the settings given as --keycloak.* / --import.* arguments', async () => {
    const result = await runCli(
      [
        'plan',
        '--detailed-exitcode',
        `--keycloak.url=${serverInfo().url}`,
        `--keycloak.client-id=${ciClient}`,
        `--import.files.locations=${join(dir, 'config', '*.json')}`,
        '--import.var-substitution.enabled=true',
      ],
      pipeline({ KEYCLOAK_URL: '', KEYCLOAK_CLIENTID: '', IMPORT_FILES_LOCATIONS: '' }),
    );
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('No changes.');
  });

  it('plans the change when a variable changes, and applies it', async () => {
    const env = pipeline({ KCC_IT_TITLE: 'Shop, from the pipeline' });
    const plan = await runCli(['plan', '--detailed-exitcode'], env);
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(
      /displayName: "Shop, from a default" → "Shop, from the pipeline"|Shop, from the pipeline/,
    );
    expect((await runCli(['apply', '--auto-approve'], env)).code).toBe(0);
    expect((await admin.getRealm(realm)).displayName).toBe('Shop, from the pipeline');
  });

  it('refuses conflicting client id spellings in one line, before any request', async () => {
    const result = await runCli(['plan'], pipeline({ KEYCLOAK_CLIENT_ID: 'someone-else' }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Error: Conflicting settings: KEYCLOAK_CLIENTID and KEYCLOAK_CLIENT_ID are both set, to different values; keep one',
    );
  });

  it('refuses a lookup realmform does not support, naming file, line and lookup; nothing reaches Keycloak', async () => {
    const other = randomName('kcc-refused');
    mkdirSync(join(dir, 'refused'));
    const file = join(dir, 'refused', 'realm.json');
    writeFileSync(
      file,
      `{\n  "realm": "${other}",\n  "displayName": "$(java:version)",\n  "smtpServer": { "password": "$(dns:address|example.com)" }\n}\n`,
    );
    const result = await runCli(['apply', '--auto-approve'], pipeline({ IMPORT_FILES_LOCATIONS: file }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${file}:3: error: \`$(java:version)\`: the \`java\` lookup is not supported: it describes the Java runtime`,
    );
    expect(result.stderr).toContain(
      `${file}:4: error: \`$(dns:address|example.com)\`: the \`dns\` lookup is not supported`,
    );
    expect((await admin.getRealms()).some((r) => r.realm === other)).toBe(false);
  });

  it('waits for the server only as long as KEYCLOAK_AVAILABILITYCHECK_TIMEOUT says', async () => {
    // A port that accepts nothing: a listener, closed again.
    const port = await new Promise<number>((done) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => done(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const started = Date.now();
    const result = await runCli(
      ['plan'],
      pipeline({
        KEYCLOAK_URL: `http://127.0.0.1:${port}`,
        KEYCLOAK_AVAILABILITYCHECK_TIMEOUT: '3s',
        KEYCLOAK_AVAILABILITYCHECK_RETRYDELAY: '500ms',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Waiting for Keycloak at http://127.0.0.1:${port}`);
    expect(result.stderr).toMatch(/did not answer within 3 s \(KEYCLOAK_AVAILABILITYCHECK_TIMEOUT\); last: /);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
  });
});
