/**
 * Exports written by real Keycloak distributions (test/fixtures/exports/<version>/, made by
 * scripts/make-export-fixtures.ts: Keycloak's own `kc.sh export` of a realm with every kind, and
 * of master) applied as new realms on this run's server: the apply succeeds and the next plan is
 * "No changes." (warnings allowed: they name what an older export declares that this server
 * computes, ignores or builds differently). Master's export is applied under another name.
 *
 * An export from a newer Keycloak than this run's server may use what this server lacks (a
 * feature of the version table, a mapper type, a required action): then the plan has errors, each
 * naming this server's version, and nothing is written (no realm). Which newer export does which
 * is measured in test/fixtures/exports/README.md.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { compareLine, parseKeycloakVersion } from '../../src/server/versions.js';
import { EXPORT_SECRET_VARIABLES, exportFixtures, exportSecretValues } from '../support/export-fixtures.js';
import { describeWithKeycloak, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { useLdapServer } from '../support/ldap.js';
import { runCli } from './run-cli.js';

const fixtures = exportFixtures();

/** Whether the export's Keycloak is of a newer release line than this run's server. */
function exportIsNewer(exportVersion: string): boolean {
  const server = parseKeycloakVersion(serverInfo().version);
  return server !== undefined && compareLine(server, exportVersion.split('.').slice(0, 2).join('.')) < 0;
}

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
    'the export %s applies as a new realm and plans "No changes." (a newer one may be refused at plan time)',
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
      // Secrets stay out of the output on every path.
      for (const secret of Object.values(secrets))
        expect(applied.stdout + applied.stderr).not.toContain(secret);
      if (applied.code !== 0 && exportIsNewer(fixture.version)) {
        // Refused at plan time, by design: every error names this server's version, nothing was written.
        const output = applied.stdout + applied.stderr;
        const errors = output.split('\n').filter((line) => /: Error: /.test(line));
        expect(errors.length, output).toBeGreaterThan(0);
        for (const error of errors) expect(error, output).toContain(`Keycloak ${serverInfo().version}`);
        expect(output).toMatch(/error\(s\) in the plan of realm "[^"]+": nothing can be applied/);
        expect(await admin.realmExists(realm)).toBe(false);
        // For the fixtures README: what each newer export meets on this server.
        console.log(
          `[exports] ${fixture.version} ${fixture.realm} on ${serverInfo().version}: refused at plan time\n${errors.join('\n')}`,
        );
        return;
      }
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
