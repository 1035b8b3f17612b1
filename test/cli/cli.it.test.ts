/**
 * The command line end to end against the real server: exit codes, confirmation, dry-run, saved
 * and stale plans, partial failure and recovery, NDJSON events, and secrets kept out of output.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithKeycloak, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { runCli } from './run-cli.js';

const SECRET = 'cli-test-secret-7f3a9c';

function manifest(realm: string, description: string, extraClient = ''): string {
  return `realm: ${realm}
enabled: true
displayName: CLI test
roles:
  realm:
    - name: reader
      description: ${description}
clients:
  - clientId: api
    publicClient: false
    secret: \${env:CLI_TEST_SECRET}
    redirectUris: [https://api.example.com/*]
${extraClient}`;
}

describeWithKeycloak('realmform CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-cli-'));
  const realm = randomName('cli');
  const file = join(dir, 'realm.yaml');
  const admin = masterAdmin();
  const env = () => ({
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
    CLI_TEST_SECRET: SECRET,
  });
  const realmExists = async () => (await admin.getRealms()).some((r) => r.realm === realm);

  afterAll(async () => {
    await admin.deleteRealm(realm).catch(() => undefined);
    await admin.close();
  });

  it('validate reports every error with file, line and path, without a server', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'realm: x\nclients:\n  - clientId: a\n    redirectUri: [x]\n    enabled: maybe\n');
    const result = await runCli(['validate', bad], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:4`);
    expect(result.stderr).toContain('did you mean `redirectUris`');
    expect(result.stderr).toContain('clients[0].enabled');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('plans a new realm with exit code 2 and refuses to apply without confirmation', async () => {
    writeFileSync(file, manifest(realm, 'Reads things'));
    const plan = await runCli(['plan', file, '--detailed-exitcode'], env());
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(`+ realm["${realm}"]`);
    expect(plan.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
    expect(plan.stdout).toContain('(sensitive value)');
    expect(plan.stdout + plan.stderr).not.toContain(SECRET);

    const refused = await runCli(['apply', file], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Pass --auto-approve');
    expect(await realmExists()).toBe(false);
  });

  it('dry-run walks the plan and changes nothing', async () => {
    const result = await runCli(['apply', file, '--dry-run'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('would apply (dry run)');
    expect(await realmExists()).toBe(false);
  });

  it('applies a saved plan, converges, and then plans no changes', async () => {
    const planFile = join(dir, 'plan.json');
    const saved = await runCli(['plan', file, '--out', planFile], env());
    expect(saved.code).toBe(0);
    const applied = await runCli(['apply', planFile], env());
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Realm ${realm} converged`);
    expect(await realmExists()).toBe(true);
    const client = await admin.withRealm(realm).getClientByClientId('api');
    expect(client?.redirectUris).toEqual(['https://api.example.com/*']);
    const secret = await admin.withRealm(realm).getClientSecrets(client?.id ?? '');
    expect(secret.value).toBe(SECRET);

    const again = await runCli(['plan', file, '--detailed-exitcode'], env());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
  });

  it('refuses a saved plan when the live realm changed since', async () => {
    writeFileSync(file, manifest(realm, 'Reads more things'));
    const planFile = join(dir, 'stale.json');
    expect((await runCli(['plan', file, '--out', planFile], env())).code).toBe(0);
    const view = admin.withRealm(realm);
    await view.updateRealmRole('reader', { name: 'reader', description: 'changed by hand' });

    const result = await runCli(['apply', planFile], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is stale');
    expect((await view.getRealmRole('reader')).description).toBe('changed by hand');
  });

  it('reports a partial failure honestly, goes on with independent changes, and the next apply converges', async () => {
    // Valid for the schema and the planner; Keycloak itself refuses the URL scheme.
    const broken = `  - clientId: broken
    rootUrl: javascript:alert(1)
`;
    writeFileSync(file, manifest(realm, 'Reads more things', broken));
    const failed = await runCli(['apply', file, '--auto-approve'], env());
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FAILED client\["broken"\]: .*illegal scheme/i);
    expect(failed.stdout).toMatch(/Fix the failure and run apply again/);
    // The role does not depend on the broken client: it was applied anyway.
    expect((await admin.withRealm(realm).getRealmRole('reader')).description).toBe('Reads more things');

    writeFileSync(file, manifest(realm, 'Reads everything'));
    const fixed = await runCli(['apply', file, '--auto-approve', '--json'], env());
    expect(fixed.code, fixed.stderr).toBe(0);
    const events = fixed.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string });
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('read-start');
    expect(types.indexOf('apply-start')).toBeGreaterThan(types.indexOf('read-done'));
    expect(types.indexOf('apply-done')).toBeGreaterThan(types.indexOf('apply-start'));
    expect(types.at(-1)).toBe('converge-done');
    expect(fixed.stdout + fixed.stderr).not.toContain(SECRET);
    expect((await admin.withRealm(realm).getRealmRole('reader')).description).toBe('Reads everything');
    const again = await runCli(['plan', file, '--detailed-exitcode'], env());
    expect(again.code, again.stdout).toBe(0);
  });

  it('checks convergence by reading again what it wrote, or the whole realm with --check-all', async () => {
    writeFileSync(file, manifest(realm, 'Reads a little'));
    const narrow = await runCli(['apply', file, '--auto-approve'], env());
    expect(narrow.code, narrow.stderr).toBe(0);
    expect(narrow.stdout).toContain(`Realm ${realm} converged: the 1 written object read back as planned.`);
    writeFileSync(file, manifest(realm, 'Reads it all'));
    const whole = await runCli(['apply', file, '--auto-approve', '--check-all'], env());
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stdout).toContain(`Realm ${realm} converged: a new plan has no changes.`);
  });

  it('sends users new to the realm in a partialImport with --import-users, and says so', async () => {
    const users = Array.from(
      { length: 50 },
      (_, index) => `  - username: imported-${index}\n    enabled: true\n`,
    );
    writeFileSync(file, `${manifest(realm, 'Reads it all')}users:\n${users.join('')}`);
    const result = await runCli(['apply', file, '--auto-approve', '--import-users'], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "50 of these were written by Keycloak's import (1 partialImport(s) of new users).",
    );
    expect(result.stdout).toContain(`Realm ${realm} converged`);
    expect(await admin.withRealm(realm).getUserByUsername('imported-49')).toBeDefined();
  });

  it('fails with a clear message and no stack trace when credentials are missing', async () => {
    const result = await runCli(['plan', file], {
      KEYCLOAK_URL: serverInfo().url,
      KEYCLOAK_USER: '',
      KEYCLOAK_PASSWORD: '',
      CLI_TEST_SECRET: SECRET,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No credentials');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
