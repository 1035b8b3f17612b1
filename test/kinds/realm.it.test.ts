/** The realm kind: what it sends with the realm and what it leaves to others. */
import { generateKeyPairSync } from 'node:crypto';
import { expect, it } from 'vitest';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { describeWithKeycloak, masterAdmin, randomName } from '../support/keycloak.js';
import { actionsOf, apply, plan } from '../support/realmform.js';

describeWithKeycloak('realm kind', () => {
  it('creates a realm whose manifest has `workflows` (ignored with a warning), never sending them', async () => {
    // Keycloak 26.7 refuses a realm representation with `workflows`, even `[]` (400).
    const name = randomName('krealm-workflows');
    const admin = masterAdmin(name);
    try {
      const workflows = [{ name: 'Delete inactive users', on: 'user-authenticated', steps: [] }];
      const result = await apply(admin, {
        realm: name,
        enabled: true,
        displayName: 'With workflows',
        workflows,
      } as Parameters<typeof apply>[1]);
      expect(result.plan.diagnostics).toContainEqual(
        expect.objectContaining({
          severity: 'warning',
          summary: expect.stringContaining('`workflows` (workflows) is not managed'),
        }),
      );
      expect(result.report.failed).toEqual([]);
      expect(actionsOf(result.replan)).toEqual([]);
      expect((await admin.getRealm(name)).displayName).toBe('With workflows');

      const emptied = await apply(admin, { realm: name, workflows: [] } as Parameters<typeof apply>[1]);
      expect(emptied.report.failed).toEqual([]);
      expect(actionsOf(emptied.replan)).toEqual([]);
    } finally {
      await admin.deleteRealm(name).catch(() => undefined);
      await admin.close();
    }
  });

  it('accepts realm-level keys of old realm files: used when the realm is created, a warning afterwards', async () => {
    const name = randomName('krealm-keys');
    const admin = masterAdmin(name);
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = (
      key: { export(options: { type: 'pkcs8' | 'spki'; format: 'der' }): Buffer },
      type: 'pkcs8' | 'spki',
    ) => key.export({ type, format: 'der' }).toString('base64');
    const keys = { privateKey: der(privateKey, 'pkcs8'), publicKey: der(publicKey, 'spki') };
    try {
      const result = await apply(admin, { realm: name, enabled: true, ...keys } as RealmRepresentation & {
        realm: string;
      });
      expect(result.report.failed).toEqual([]);
      expect(actionsOf(result.replan)).toEqual([]);
      // Keycloak made its rsa key provider of the declared key: the realm signs with it.
      const active = (await admin.getKeys()).keys?.find(
        (key) => key.providerId && key.use === 'SIG' && key.type === 'RSA',
      );
      expect(active?.publicKey).toBe(keys.publicKey);
      // No plan prints the key.
      expect(JSON.stringify(result.plan)).not.toContain(keys.privateKey);
      // The realm exists now: the keys are not applied again, and the plan says so.
      const again = await plan(admin, { realm: name, ...keys } as RealmRepresentation & { realm: string });
      expect(actionsOf(again)).toEqual([]);
      expect(again.diagnostics).toContainEqual(
        expect.objectContaining({
          severity: 'warning',
          summary: expect.stringContaining('privateKey, publicKey are used only when the realm is created'),
        }),
      );
    } finally {
      await admin.deleteRealm(name).catch(() => undefined);
      await admin.close();
    }
  });

  it('deletes a new realm again when its first apply fails after creating it (a plan error only the new realm shows)', async () => {
    const name = randomName('krealm-discard-plan');
    const admin = masterAdmin(name);
    try {
      // realm-management exists only once the realm does; Keycloak refuses any change to it.
      const result = await apply(admin, {
        realm: name,
        enabled: true,
        clients: [{ clientId: 'realm-management', publicClient: true }],
      });
      expect(result.report.ok).toBe(false);
      expect(result.report.failed).toEqual([
        expect.objectContaining({
          error: expect.stringContaining('client["realm-management"] cannot be changed'),
        }),
      ]);
      expect(result.report.discardedRealm).toBe(name);
      expect(await admin.realmExists(name)).toBe(false);
    } finally {
      await admin.deleteRealm(name).catch(() => undefined);
      await admin.close();
    }
  });

  it('deletes a new realm again when a change of its first apply fails on the server', async () => {
    const name = randomName('krealm-discard-apply');
    const admin = masterAdmin(name);
    try {
      // The password policy refuses the declared password: only the server can tell.
      const result = await apply(admin, {
        realm: name,
        enabled: true,
        passwordPolicy: 'length(40)',
        users: [
          { username: 'short', enabled: true, credentials: [{ type: 'password', value: 'Too-short-1' }] },
        ],
      });
      expect(result.report.ok).toBe(false);
      expect(result.report.failed).toEqual([expect.objectContaining({ address: 'user["short"]' })]);
      expect(result.report.discardedRealm).toBe(name);
      expect(await admin.realmExists(name)).toBe(false);
    } finally {
      await admin.deleteRealm(name).catch(() => undefined);
      await admin.close();
    }
  });
});
