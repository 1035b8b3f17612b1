/**
 * `realmform drift` end to end: exit codes, the drifted objects and fields it names, and who
 * changed them (admin events), in the human view and as JSON.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import type { DriftReport } from '../../src/drift/report.js';
import { describeWithKeycloak, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { apply } from '../support/realmform.js';
import { runCli } from './run-cli.js';

describeWithKeycloak('realmform drift', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-drift-'));
  const admin = masterAdmin();
  const audited = randomName('drift');
  const quiet = randomName('drift-quiet');
  const env = () => ({
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
  });

  const manifest = (realm: string, adminEvents: boolean): RealmRepresentation & { realm: string } => ({
    realm,
    enabled: true,
    adminEventsEnabled: adminEvents,
    adminEventsDetailsEnabled: adminEvents,
    roles: { realm: [{ name: 'reader', description: 'Reads' }] },
    groups: [{ name: 'staff' }],
    clients: [
      {
        clientId: 'web',
        publicClient: true,
        redirectUris: ['https://shop.example.com/*'],
        description: 'Storefront',
      },
    ],
  });
  const auditedFile = join(dir, 'audited.json');
  const quietFile = join(dir, 'quiet.json');

  beforeAll(async () => {
    for (const [realm, file, events] of [
      [audited, auditedFile, true],
      [quiet, quietFile, false],
    ] as const) {
      const representation = manifest(realm, events);
      writeFileSync(file, JSON.stringify(representation, null, 2));
      const result = await apply(admin, representation);
      expect(result.report.ok, JSON.stringify(result.report.failed)).toBe(true);
    }
  });

  afterAll(async () => {
    for (const realm of [audited, quiet]) await admin.deleteRealm(realm).catch(() => undefined);
    await admin.close();
  });

  it('exits 0 and says so when Keycloak matches the manifests', async () => {
    const result = await runCli(['drift', auditedFile, quietFile], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`No drift. Realm "${audited}" matches the manifests.`);
    expect(result.stdout).toContain(`No drift. Realm "${quiet}" matches the manifests.`);
  });

  it('names the drifted field and who changed it, when admin events are on', async () => {
    const view = admin.withRealm(audited);
    const uuid = (await view.getClientId('web')) as string;
    const changedAt = Date.now();
    const client = await view.getClient(uuid);
    await view.updateClient(uuid, { ...client, redirectUris: ['https://evil.example.com/*'] });

    const result = await runCli(['drift', auditedFile], env());
    expect(result.code, result.stderr).toBe(2);
    // Rendered as a plan renders an update: live value first, nothing cut.
    expect(result.stdout).toContain('client["web"]: differs (live -> declared):\n      ~ redirectUris = [\n');
    expect(result.stdout).toContain('          - "https://evil.example.com/*",\n');
    expect(result.stdout).toContain('          + "https://shop.example.com/*",\n');
    expect(result.stdout).toMatch(/last changed by admin at \S+ \(UPDATE\)/);
    // Undeclared fields are not drift.
    expect(result.stdout).not.toContain('description');

    const json = await runCli(['drift', auditedFile, '--json'], env());
    expect(json.code, json.stderr).toBe(2);
    const report = JSON.parse(json.stdout) as DriftReport;
    expect(report.format_version).toBe('1');
    const [realm] = report.realms;
    expect(realm).toMatchObject({ realm: audited, drifted: true, adminEventsEnabled: true });
    expect(realm?.changes).toHaveLength(1);
    const change = realm?.changes[0];
    expect(change).toMatchObject({
      address: 'client["web"]',
      kind: 'client',
      action: 'update',
      fields: [
        {
          path: 'redirectUris',
          live: ['https://evil.example.com/*'],
          declared: ['https://shop.example.com/*'],
        },
      ],
      lastChange: { by: serverInfo().username, operation: 'UPDATE' },
    });
    // The event of the change by hand, not of the apply before it (same machine, same clock).
    expect(Date.parse(change?.lastChange?.at ?? '')).toBeGreaterThanOrEqual(changedAt - 1_000);
  });

  it('reports missing and undeclared objects, and only the realms asked for', async () => {
    const view = admin.withRealm(audited);
    await view.deleteRealmRole('reader');
    await view.createGroup({ name: 'intruders' });

    const result = await runCli(['drift', auditedFile, quietFile, '--realm', audited], env());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toContain('realm-role["reader"]: missing in Keycloak');
    expect(result.stdout).toContain('group["/intruders"]: not declared (would be deleted)');
    expect(result.stdout).toMatch(
      /group\["\/intruders"\]: not declared \(would be deleted\)\n {2}last changed by admin at \S+ \(CREATE\)/,
    );
    expect(result.stdout).toMatch(
      /Drift: 3 objects \(1 missing in Keycloak, 1 differing, 1 not declared\)\./,
    );
    expect(result.stdout).not.toContain(quiet);
  });

  it('reports drift without actors when the realm records no admin events', async () => {
    await admin
      .withRealm(quiet)
      .updateRealmRole('reader', { name: 'reader', description: 'Changed by hand' });
    const result = await runCli(['drift', quietFile, '--no-color'], env());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toContain(
      'realm-role["reader"]: differs (live -> declared):\n      ~ description = "Changed by hand" -> "Reads"\n',
    );
    expect(result.stdout).not.toContain('last changed by');
    expect(result.stdout).toContain(`Admin events are off in realm "${quiet}"`);
  });

  it('exits 1 on errors', async () => {
    const missing = await runCli(['drift', join(dir, 'nope.yaml')], env());
    expect(missing.code).toBe(1);
    const unreachable = await runCli(['drift', auditedFile], {
      ...env(),
      KEYCLOAK_URL: 'http://127.0.0.1:9',
    });
    expect(unreachable.code).toBe(1);
  });
});
