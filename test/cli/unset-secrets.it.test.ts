// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${env:…}` here is manifest syntax, not a template.
/**
 * Secrets only when they must be written, end to end: with the secrets' variables unset,
 * validate, plan and drift of existing objects work; a plan of a new object says apply needs
 * the variable; apply of a new object (or of a rotation) stops before writing anything and names
 * the variable with file, line and path. No output ever carries a secret or a stand-in for one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithKeycloak, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { type CliResult, runCli } from './run-cli.js';

const SECRETS = {
  UNSET_TEST_API_SECRET: 'api-secret-4b1d9e',
  UNSET_TEST_SMTP_PASSWORD: 'smtp-password-77c2aa',
  UNSET_TEST_IDP_SECRET: 'idp-secret-0e9f31',
  UNSET_TEST_ALICE_PASSWORD: 'Alice-password-5d2c',
} as const;

/** The manifest: secrets by variable, line numbers as the assertions below count them. */
function manifest(realm: string, options: { smtpHost?: string; newClient?: boolean } = {}): string {
  return [
    `realm: ${realm}`, // 1
    'enabled: true', // 2
    'smtpServer:', // 3
    `  host: ${options.smtpHost ?? 'smtp.example.com'}`, // 4
    '  from: realm@example.com', // 5
    '  auth: "true"', // 6
    '  user: mailer', // 7
    '  password: ${env:UNSET_TEST_SMTP_PASSWORD}', // 8
    'clients:', // 9
    '  - clientId: api', // 10
    '    publicClient: false', // 11
    '    secret: ${env:UNSET_TEST_API_SECRET}', // 12
    ...(options.newClient
      ? [
          '  - clientId: billing', // 13
          '    publicClient: false', // 14
          '    secret: ${env:UNSET_TEST_BILLING_SECRET}', // 15
        ]
      : []),
    'identityProviders:',
    '  - alias: corp',
    '    providerId: oidc',
    '    config:',
    '      clientId: realmform',
    '      clientSecret: ${env:UNSET_TEST_IDP_SECRET}',
    '      authorizationUrl: https://idp.example.com/auth',
    '      tokenUrl: https://idp.example.com/token',
    'users:',
    '  - username: alice',
    '    enabled: true',
    '    credentials:',
    '      - type: password',
    '        value: ${env:UNSET_TEST_ALICE_PASSWORD}',
    '',
  ].join('\n');
}

function expectNoSecret(result: CliResult): void {
  const output = `${result.stdout}${result.stderr}`;
  for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
  // The stand-in for an unset secret is never printed either.
  expect(output).not.toContain('\uE000');
  expect(output).not.toMatch(/\n\s+at /);
}

describeWithKeycloak('secrets only when they must be written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-unset-'));
  const realm = randomName('unset');
  const fresh = randomName('unset-new');
  const file = join(dir, 'realm.yaml');
  const admin = masterAdmin();
  const server = () => ({
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
  });
  // Without the secrets: the variables are not set at all in the child process (undefined drops them).
  const withoutSecrets = () => ({
    ...server(),
    ...Object.fromEntries(Object.keys(SECRETS).map((name) => [name, undefined])),
  });
  const run = async (args: string[], env: Record<string, string | undefined>) => {
    const result = await runCli(args, env);
    expectNoSecret(result);
    return result;
  };

  beforeAll(async () => {
    writeFileSync(file, manifest(realm));
    const applied = await runCli(['apply', file, '--auto-approve'], { ...server(), ...SECRETS });
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
  });

  afterAll(async () => {
    for (const name of [realm, fresh]) await admin.deleteRealm(name).catch(() => undefined);
    await admin.close();
  });

  it('validates without the secrets', async () => {
    const result = await run(['validate', file], {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('not set');
  });

  it('plans and checks drift of existing objects without the secrets', async () => {
    const plan = await run(['plan', file, '--detailed-exitcode'], withoutSecrets());
    expect(plan.code, plan.stderr + plan.stdout).toBe(0);
    expect(plan.stdout).toContain(`No changes. Realm "${realm}" matches the manifests.`);
    expect(`${plan.stdout}${plan.stderr}`).not.toContain('not set');

    const drift = await run(['drift', file], withoutSecrets());
    expect(drift.code, drift.stderr + drift.stdout).toBe(0);
    expect(drift.stdout).toContain(`No drift. Realm "${realm}" matches the manifests.`);
  });

  it('applies a change that writes no secret, keeping the stored ones', async () => {
    writeFileSync(file, manifest(realm, { smtpHost: 'smtp2.example.com' }));
    const result = await run(['apply', file, '--auto-approve'], withoutSecrets());
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const live = await admin.withRealm(realm).getRealm(realm);
    expect(live.smtpServer?.host).toBe('smtp2.example.com');
    // Keycloak shows a stored password masked: still set, not the stand-in.
    expect(live.smtpServer?.password).toBe('**********');
    const uuid = (await admin.withRealm(realm).getClientId('api')) as string;
    expect((await admin.withRealm(realm).getClientSecrets(uuid)).value).toBe(SECRETS.UNSET_TEST_API_SECRET);
  });

  it('plans a new object that needs an unset secret, and says apply needs the variable', async () => {
    writeFileSync(file, manifest(realm, { smtpHost: 'smtp2.example.com', newClient: true }));
    const plan = await run(['plan', file, '--detailed-exitcode'], withoutSecrets());
    expect(plan.code, plan.stderr + plan.stdout).toBe(2);
    expect(plan.stdout).toContain('+ client["billing"]');
    expect(plan.stdout).toMatch(/secret\s+= \(sensitive value\)/);
    expect(plan.stdout).toContain(
      `${file}:15: Warning: client["billing"] will be created with a secret from variable \`env:UNSET_TEST_BILLING_SECRET\`, which is not set: apply will need it (at clients[1].secret)`,
    );
    expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');

    // GitHub Actions gives "" for a secret it does not have: that is no secret either.
    const empty = await run(['plan', file], { ...withoutSecrets(), UNSET_TEST_BILLING_SECRET: '' });
    expect(empty.code, empty.stderr + empty.stdout).toBe(0);
    expect(empty.stdout).toContain(
      'client["billing"] will be created with a secret from variable `env:UNSET_TEST_BILLING_SECRET`, which is empty: apply will need it',
    );
  });

  it('refuses to apply a new object whose secret is not set, before writing anything', async () => {
    writeFileSync(file, manifest(realm, { smtpHost: 'smtp3.example.com', newClient: true }));
    const result = await run(['apply', file, '--auto-approve'], withoutSecrets());
    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toContain(
      `${file}:15: Error: client["billing"] will be created with a secret from variable \`env:UNSET_TEST_BILLING_SECRET\`, which is not set: set it to apply (or give a default with \`:-\`) (at clients[1].secret)`,
    );
    const view = admin.withRealm(realm);
    expect(await view.getClientId('billing')).toBeUndefined();
    // Nothing else of the plan was written either.
    expect((await view.getRealm(realm)).smtpServer?.host).toBe('smtp2.example.com');
  });

  it('refuses a rotation whose secret is not set', async () => {
    writeFileSync(file, manifest(realm, { smtpHost: 'smtp2.example.com' }));
    const result = await run(['apply', file, '--auto-approve', '--rotate-secrets'], withoutSecrets());
    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toContain(
      'identity-provider["corp"] will be updated and writes its secret from variable `env:UNSET_TEST_IDP_SECRET`, which is not set',
    );
  });

  it('refuses to create a realm whose secrets are not set: no realm is left behind', async () => {
    const newFile = join(dir, 'new.yaml');
    writeFileSync(newFile, manifest(fresh));
    const result = await run(['apply', newFile, '--auto-approve'], withoutSecrets());
    expect(result.code).toBe(1);
    const output = `${result.stdout}${result.stderr}`;
    for (const [line, what, variable] of [
      [8, 'realm[REALM] will be created with a secret', 'UNSET_TEST_SMTP_PASSWORD'],
      [12, 'client["api"] will be created with a secret', 'UNSET_TEST_API_SECRET'],
      [18, 'identity-provider["corp"] will be created with a secret', 'UNSET_TEST_IDP_SECRET'],
      [26, 'user["alice"] will be created with a secret', 'UNSET_TEST_ALICE_PASSWORD'],
    ] as const)
      expect(output).toContain(
        `${newFile}:${line}: Error: ${what.replace('REALM', JSON.stringify(fresh))} from variable \`env:${variable}\``,
      );
    expect((await admin.getRealms()).some((r) => r.realm === fresh)).toBe(false);
  });
});
