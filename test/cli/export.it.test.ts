/**
 * `realmform export` end to end: the example realm is applied under a random name, exported,
 * and the export planned against the same realm (no changes); cloned with --realm-name into a
 * second realm (no changes after apply); no planted secret ever appears in output; the export
 * is minimal (no ids, no untouched built-ins).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { variableName } from '../../src/export/secrets.js';
import { describeWithKeycloak, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { type CliResult, runCli } from './run-cli.js';

const ROOT = join(import.meta.dirname, '../..');
const CLIENT_SECRET = 'export-client-secret-5d1e7a';
const IDP_SECRET = 'export-idp-secret-93b0c4';
const PASSWORD = 'Export-password-2026-8f2c';

describeWithKeycloak('realmform export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-export-'));
  const realm = randomName('exp');
  const clone = randomName('clone');
  const admin = masterAdmin();
  const connection = () => ({
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
  });
  /** The secrets a later apply needs, set to the real values under the export's names. */
  const secretsFor = (name: string) => ({
    [variableName(name, 'orders-api', 'secret')]: CLIENT_SECRET,
    [variableName(name, 'corporate', 'clientSecret')]: IDP_SECRET,
    [variableName(name, 'alice', 'password')]: PASSWORD,
  });
  /**
   * Scratch realms (`realmform-export-…`) still there after a while. Other test files export at
   * the same time, so a scratch realm seen now may be theirs and about to go: only one that
   * stays is a leak.
   */
  const lingeringScratchRealms = async (waitMs = 30_000): Promise<string[]> => {
    const scratch = async () =>
      (await admin.getRealms())
        .map((r) => r.realm ?? '')
        .filter((name) => name.startsWith('realmform-export-'));
    let left = await scratch();
    const deadline = Date.now() + waitMs;
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const now = new Set(await scratch());
      left = left.filter((name) => now.has(name));
    }
    return left;
  };
  const outputs: CliResult[] = [];
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const result = await runCli(args, { ...connection(), ...env });
    outputs.push(result);
    return result;
  };

  beforeAll(async () => {
    const source = readFileSync(join(ROOT, 'examples/realms/shop.yaml'), 'utf8').replace(
      /^realm: shop$/m,
      `realm: ${realm}`,
    );
    const file = join(dir, 'shop.yaml');
    writeFileSync(file, source);
    const applied = await runCli(['apply', file, '--auto-approve'], {
      ...connection(),
      ORDERS_API_SECRET: CLIENT_SECRET,
      CORPORATE_IDP_SECRET: IDP_SECRET,
      SHOP_DEMO_PASSWORD: PASSWORD,
    });
    expect(applied.code, applied.stderr).toBe(0);
  });

  afterAll(async () => {
    await admin.deleteRealm(realm).catch(() => undefined);
    await admin.deleteRealm(clone).catch(() => undefined);
    await admin.close();
  });

  it('exports a minimal manifest that plans as "No changes." against the same realm', async () => {
    const out = join(dir, 'single');
    const exported = await run(['export', '--realm', realm, '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const file = join(out, `${realm}.yaml`);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(new RegExp(`^realm: ${realm}$`, 'm'));
    expect(text).not.toMatch(/^\s*(- )?(id|containerId|internalId|_id):/m);
    expect(text).not.toContain('account-console');
    expect(text).not.toContain('realmform-fresh');
    expect(text).not.toContain('rsa-generated');
    // No bookkeeping: server timestamps and values equal to their absent default.
    expect(text).not.toContain('client.secret.creation.time');
    expect(text).not.toMatch(/consentRequired: false/);
    expect(text).not.toMatch(/description: ""/);
    expect(text).toContain('clientId: orders-api');
    expect(text).toContain(`\${env:${variableName(realm, 'orders-api', 'secret')}}`);
    expect(exported.stderr).toContain(variableName(realm, 'corporate', 'clientSecret'));

    const plan = await run(['plan', file, '--detailed-exitcode'], secretsFor(realm));
    expect(plan.stdout + plan.stderr).toContain('No changes.');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);

    // The scratch realm used to learn defaults is gone.
    expect(await lingeringScratchRealms()).toEqual([]);
  }, 120_000);

  it('clones the realm with --realm-name and --split: apply, then "No changes."', async () => {
    const out = join(dir, 'split');
    const exported = await run(['export', '--realm', realm, '--realm-name', clone, '--out', out, '--split']);
    expect(exported.code, exported.stderr).toBe(0);
    const files = readdirSync(join(out, clone)).sort();
    expect(files).toContain('realm.yaml');
    expect(files).toContain('clients.yaml');
    expect(files).toContain('roles.yaml');
    for (const file of files)
      expect(readFileSync(join(out, clone, file), 'utf8')).toMatch(new RegExp(`^realm: ${clone}$`, 'm'));
    const all = files.map((file) => readFileSync(join(out, clone, file), 'utf8')).join('\n');
    expect(all).not.toContain(realm);

    const applied = await run(['apply', join(out, clone), '--auto-approve'], secretsFor(clone));
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const plan = await run(['plan', join(out, clone), '--detailed-exitcode'], secretsFor(clone));
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });

  it('never writes secrets: client secret, IdP secret and user password become placeholders', async () => {
    const out = join(dir, 'users');
    const exported = await run(['export', '--realm', realm, '--out', out, '--include-users', '--split']);
    expect(exported.code, exported.stderr).toBe(0);
    const stdout = await run(['export', '--realm', realm, '--include-users']);
    expect(stdout.code, stdout.stderr).toBe(0);
    expect(stdout.stdout).toContain('username: alice');
    expect(stdout.stdout).toContain(`\${env:${variableName(realm, 'alice', 'password')}}`);
    const files = readdirSync(join(out, realm)).map((file) => readFileSync(join(out, realm, file), 'utf8'));
    const everything = [...files, ...outputs.flatMap((output) => [output.stdout, output.stderr])].join('\n');
    for (const secret of [CLIENT_SECRET, IDP_SECRET, PASSWORD]) expect(everything).not.toContain(secret);

    // With users, the export still plans clean (passwords are write-only).
    const plan = await run(['plan', join(out, realm), '--detailed-exitcode'], secretsFor(realm));
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });
});
