/**
 * Exports written by real Keycloak distributions (test/fixtures/exports/<version>/, made by
 * scripts/make-export-fixtures.ts: Keycloak's own `kc.sh export` of a realm with every kind, and
 * of master) applied as new realms on this run's server: the apply succeeds and the next plan is
 * "No changes." (warnings allowed: they name what an older export declares that this server
 * computes, ignores or builds differently). Master's export is applied under another name.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { EXPORT_SECRET_VARIABLES, exportFixtures, exportSecretValues } from '../support/export-fixtures.js';
import { describeWithKeycloak, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { useLdapServer } from '../support/ldap.js';
import { runCli } from './run-cli.js';

const fixtures = exportFixtures();

describeWithKeycloak('Keycloak exports of several versions apply as new realms and converge', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-export-fixtures-'));
  const admin = masterAdmin();
  const secrets = exportSecretValues();
  // The exports' LDAP user federation binds with the planted credential.
  const ldap = useLdapServer({
    bindPassword: secrets[EXPORT_SECRET_VARIABLES.bindCredential] as string,
    users: [{ uid: 'dana', givenName: 'Dana', sn: 'Directory' }],
  });
  const created: string[] = [];
  const connection = () => ({
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
  });

  afterAll(async () => {
    for (const realm of created) await admin.deleteRealm(realm).catch(() => undefined);
    await admin.close();
  });

  it('has exports of several Keycloak versions, master included', () => {
    expect(new Set(fixtures.map((fixture) => fixture.version)).size).toBeGreaterThanOrEqual(3);
    expect(fixtures.some((fixture) => fixture.realm === 'master')).toBe(true);
  });

  it.each(fixtures.map((fixture) => [`${fixture.version} ${fixture.realm}`, fixture] as const))(
    'the export %s applies as a new realm, then plans "No changes."',
    async (_, fixture) => {
      const realm = randomName(`x${fixture.version.replace(/\./g, '')}-${fixture.realm}`);
      const exported = JSON.parse(readFileSync(fixture.file, 'utf8')) as Record<string, unknown>;
      const file = join(dir, `${realm}.json`);
      writeFileSync(file, JSON.stringify({ ...exported, realm }, null, 2));
      const variables = {
        ...connection(),
        ...secrets,
        [EXPORT_SECRET_VARIABLES.ldapUrl]: ldap.server.url,
      };
      created.push(realm);

      const applied = await runCli(['apply', file, '--auto-approve'], variables);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);

      const plan = await runCli(['plan', file, '--detailed-exitcode'], variables);
      expect(plan.stdout, plan.stdout + plan.stderr).toContain('No changes.');
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
      // No secret the run planted shows up in any output.
      for (const secret of Object.values(secrets))
        expect(applied.stdout + applied.stderr + plan.stdout + plan.stderr).not.toContain(secret);
    },
    600_000,
  );
});
