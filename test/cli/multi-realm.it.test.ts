/** A directory with several realms: plan and apply all of them, or pick some with --realm. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithKeycloak, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { runCli } from './run-cli.js';

describeWithKeycloak('several realms in one directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-multi-'));
  const realms = [randomName('multi-a'), randomName('multi-b')];
  const admin = masterAdmin();
  const env = () => ({
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
  });

  mkdirSync(join(dir, 'realms'));
  for (const [index, realm] of realms.entries()) {
    writeFileSync(
      join(dir, 'realms', `${index}-${realm}.yaml`),
      `realm: ${realm}\nenabled: true\nroles:\n  realm:\n    - name: reader-${index}\n`,
    );
  }

  afterAll(async () => {
    for (const realm of realms) await admin.deleteRealm(realm).catch(() => undefined);
    await admin.close();
  });

  it('plans every realm with a summary per realm and in total', async () => {
    const result = await runCli(['plan', join(dir, 'realms'), '--detailed-exitcode'], env());
    expect(result.code, result.stderr).toBe(2);
    for (const realm of realms) expect(result.stdout).toContain(`actions on realm "${realm}"`);
    expect(result.stdout).toMatch(
      /Total for 2 realms \(2 with changes\): 4 to add, 0 to change, 0 to destroy\./,
    );
  });

  it('applies only the realms picked with --realm, then all of them', async () => {
    const one = await runCli(
      ['apply', join(dir, 'realms'), '--auto-approve', '--realm', realms[0] as string],
      env(),
    );
    expect(one.code, one.stderr).toBe(0);
    const names = (await admin.getRealms()).map((realm) => realm.realm);
    expect(names).toContain(realms[0]);
    expect(names).not.toContain(realms[1]);

    const all = await runCli(['apply', join(dir, 'realms'), '--auto-approve'], env());
    expect(all.code, all.stderr).toBe(0);
    for (const realm of realms) expect(all.stdout).toContain(`Realm ${realm} converged`);
    const again = await runCli(['plan', join(dir, 'realms'), '--detailed-exitcode'], env());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      'Total for 2 realms (0 with changes): 0 to add, 0 to change, 0 to destroy.',
    );
  });
});
