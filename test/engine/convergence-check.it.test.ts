/**
 * The convergence check after an apply (src/engine/convergence-scope.ts): it reads again what
 * the apply wrote, finds a write that did not happen, costs less than a plan of the whole realm,
 * and plans the whole realm again after a delete.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ApplyEvent } from '../../src/applier/events.js';
import { KeycloakAdmin } from '../../src/client/index.js';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { describeWithKeycloak, masterAdmin, randomName } from '../support/keycloak.js';
import { actionsOf, apply, manifestOf, plan } from '../support/realmform.js';

const USERS = 60;
/** What the first test changes, and later ones keep. */
const changed = { firstName: 'Siebe', description: 'the new shop' };

function manifest(
  realm: string,
  change: { firstName?: string; description?: string; groups?: string[] } = {},
) {
  const representation: RealmRepresentation & { realm: string } = {
    realm,
    enabled: true,
    roles: { realm: [{ name: 'viewer' }, { name: 'editor' }] },
    clients: [{ clientId: 'web', publicClient: true, description: change.description ?? 'the shop' }],
    groups: (change.groups ?? ['staff', 'ops', 'sales']).map((name) => ({ name, realmRoles: ['viewer'] })),
    users: Array.from({ length: USERS }, (_, index) => ({
      username: `user-${index}`,
      enabled: true,
      firstName: index === 7 ? (change.firstName ?? 'Seven') : `User ${index}`,
      groups: ['/staff'],
      realmRoles: ['editor'],
    })),
  };
  return representation;
}

describeWithKeycloak('the convergence check', () => {
  const admin = masterAdmin();
  const realm = randomName('check');
  beforeAll(async () => {
    const created = await apply(admin, manifest(realm));
    expect(created.report.failed).toEqual([]);
    expect(actionsOf(created.replan)).toEqual([]);
  });
  afterAll(async () => {
    await admin.deleteRealm(realm).catch(() => undefined);
    await admin.close();
  });

  /** Requests sent between converge-start and converge-done, and the partial exports among them. */
  function checkRequests(): {
    onEvent: (event: ApplyEvent) => void;
    count: () => number;
    exports: () => unknown[][];
  } {
    let started = 0;
    let done = 0;
    const exports = vi.spyOn(KeycloakAdmin.prototype, 'exportRealm');
    let exportsFrom = 0;
    let exportsTo = 0;
    return {
      onEvent: (event) => {
        if (event.type === 'converge-start') {
          started = admin.connection.requestCount;
          exportsFrom = exports.mock.calls.length;
        }
        if (event.type === 'converge-done') {
          done = admin.connection.requestCount;
          exportsTo = exports.mock.calls.length;
        }
      },
      count: () => done - started,
      exports: () => exports.mock.calls.slice(exportsFrom, exportsTo),
    };
  }

  it('reads again only what was written, for fewer requests than a plan of the realm', async () => {
    const requests = checkRequests();
    const result = await applyManifest(admin, manifestOf(manifest(realm, changed)), ALL_KINDS, {
      onEvent: requests.onEvent,
    });
    expect(actionsOf(result.plan)).toEqual(['update client["web"]', 'update user["user-7"]']);
    expect(result.report.written?.map((change) => change.kind).sort()).toEqual(['client', 'user']);
    expect(result.checked).toBe(2);
    expect(actionsOf(result.replan)).toEqual([]);

    // The written client is read back from the export without groups and roles (at scale most
    // of the export's cost); a plan of the whole realm reads the whole export, once.
    expect(requests.exports()).toEqual([[{ exportClients: true, exportGroupsAndRoles: false }]]);
    const exports = vi.spyOn(KeycloakAdmin.prototype, 'exportRealm');
    const exportsBefore = exports.mock.calls.length;
    const before = admin.connection.requestCount;
    expect(actionsOf(await plan(admin, manifest(realm, changed)))).toEqual([]);
    const whole = admin.connection.requestCount - before;
    expect(exports.mock.calls.slice(exportsBefore)).toEqual([
      [{ exportClients: true, exportGroupsAndRoles: true }],
    ]);
    expect(requests.count()).toBeGreaterThan(0);
    expect(requests.count()).toBeLessThan(whole);
  });

  it('finds a write that did not happen', async () => {
    const result = await applyManifest(
      admin,
      manifestOf(manifest(realm, { ...changed, firstName: 'Sieben' })),
      ALL_KINDS,
      {
        // The report says applied, but the request never went out.
        executor: { dryRun: false, run: async () => {} },
      },
    );
    expect(result.report.applied).toEqual(['user["user-7"]']);
    expect(result.checked).toBe(1);
    expect(actionsOf(result.replan)).toEqual(['update user["user-7"]']);
  });

  it('plans the whole realm again after a delete', async () => {
    const result = await applyManifest(
      admin,
      manifestOf(manifest(realm, { ...changed, groups: ['staff', 'ops'] })),
      ALL_KINDS,
    );
    expect(actionsOf(result.plan)).toContain('delete group["/sales"]');
    expect(result.checked).toBeUndefined();
    expect(actionsOf(result.replan)).toEqual([]);
  });
});
