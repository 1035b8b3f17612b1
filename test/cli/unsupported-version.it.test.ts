/**
 * A Keycloak older than the supported range is refused in one line, exit 1, before anything is
 * written (no realm, no apply lock). The server is the run's real Keycloak behind a proxy that
 * reports an old version (test/support/version-proxy.ts); the refusal logic itself is unit-tested
 * over parsed versions in test/server/versions.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithKeycloak, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { startVersionProxy, type VersionProxy } from '../support/version-proxy.js';
import { runCli } from './run-cli.js';

describeWithKeycloak('an unsupported Keycloak version', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-old-'));
  const realm = randomName('old');
  const file = join(dir, 'realm.yaml');
  const admin = masterAdmin();
  let proxy: VersionProxy;
  const env = () => ({
    KEYCLOAK_URL: proxy.url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
  });

  beforeAll(async () => {
    proxy = await startVersionProxy(serverInfo().url, '23.0.7');
    writeFileSync(file, `realm: ${realm}\nenabled: true\nroles:\n  realm:\n    - name: reader\n`);
  });
  afterAll(async () => {
    await proxy.close();
    await admin.deleteRealm(realm).catch(() => undefined);
    await admin.close();
  });

  for (const command of [['plan'], ['apply', '--auto-approve'], ['drift']]) {
    it(`${command[0]}: one line naming the version and the range, exit 1, nothing written`, async () => {
      const result = await runCli([...command, file], env());
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        'Error: Keycloak 23.0.7 is not supported: realmform supports Keycloak 24.0 to 26.7. Upgrade the server, or use the Keycloak tools of that release',
      );
      expect(result.stdout).toBe('');
      expect(proxy.writes).toEqual([]);
      expect((await admin.getRealms()).map((r) => r.realm)).not.toContain(realm);
      // No apply lock was taken in master for the new realm either.
      const broker = await admin.getClientId('broker');
      const roles = await admin.getClientRoles(broker ?? '');
      expect(roles.map((role) => role.name)).not.toContain(`realmform-lock.${realm}`);
    });
  }

  it('export: one line, exit 1, no scratch realm created', async () => {
    const result = await runCli(['export', '--realm', 'master', '--out', join(dir, 'out')], env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^Error: Keycloak 23\.0\.7 is not supported: realmform supports Keycloak 24\.0 to /,
    );
    expect(proxy.writes).toEqual([]);
  });

  it('the same manifest plans against the real version', async () => {
    const result = await runCli(['plan', '--detailed-exitcode', file], {
      KEYCLOAK_URL: serverInfo().url,
      KEYCLOAK_USER: serverInfo().username,
      KEYCLOAK_PASSWORD: serverInfo().password,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`realm["${realm}"]`);
  });
});
