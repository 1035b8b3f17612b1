/** The realm kind: what it sends with the realm and what it leaves to others. */
import { expect, it } from 'vitest';
import { describeWithKeycloak, masterAdmin, randomName } from '../support/keycloak.js';
import { actionsOf, apply } from '../support/realmform.js';

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
});
