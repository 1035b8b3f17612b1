import { expect, it } from 'vitest';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { type RunResult, runApply } from '../../src/engine/run.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import type { ManifestView } from '../../src/kinds/kind.js';
import type { OwnershipSettings } from '../../src/ownership/modes.js';
import { OWNED_ATTRIBUTE_PREFIX } from '../../src/ownership/owned-state.js';
import type { Plan } from '../../src/planner/plan.js';
import { describeWithKeycloak, type TestRealm, useTestRealm } from '../support/keycloak.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

type Manifest = Omit<RealmRepresentation, 'realm'>;

function manifest(
  realm: TestRealm,
  rep: Manifest,
  ownership?: OwnershipSettings,
): ManifestView & { sources: string[] } {
  return { ...manifestOf({ ...rep, realm: realm.name }), ...(ownership ? { ownership } : {}), sources: [] };
}

function planOf(result: RunResult): Plan {
  const [plan] = result.plans;
  if (!plan) throw new Error('no plan');
  return plan;
}

async function groupNames(realm: TestRealm): Promise<string[]> {
  return (await realm.admin.getGroups()).map((group) => group.name ?? '').sort();
}

async function clientIds(realm: TestRealm): Promise<string[]> {
  return (await realm.admin.getClients()).map((client) => client.clientId ?? '');
}

describeWithKeycloak('ownership modes', () => {
  const realm = useTestRealm('own');

  it('owned-only: a first plan on a realm full of hand-made objects deletes nothing; what realmform created and then dropped is deleted', async () => {
    await realm.admin.createGroup({ name: 'made-by-hand' });
    await realm.admin.createClient({ clientId: 'hand-client' });
    const owned: OwnershipSettings = { groups: 'owned-only', clients: 'owned-only' };

    const first = await runApply(
      realm.admin,
      [
        manifest(
          realm,
          { groups: [{ name: 'ops' }, { name: 'dev' }], clients: [{ clientId: 'app' }] },
          owned,
        ),
      ],
      {
        lock: false,
      },
    );
    expect(first.status).toBe('applied');
    expect(actionsOf(planOf(first))).toEqual([
      'create client["app"]',
      'create group["/dev"]',
      'create group["/ops"]',
    ]);
    expect(first.plans[0]?.ownership).toMatchObject({ groups: 'owned-only', clients: 'owned-only' });
    expect(first.reports[0]?.bookkeeping).toHaveLength(1);
    expect(await groupNames(realm)).toEqual(['dev', 'made-by-hand', 'ops']);
    const attributes = (await realm.admin.getRealm(realm.name)).attributes ?? {};
    expect(JSON.parse(attributes[`${OWNED_ATTRIBUTE_PREFIX}group`] ?? '[]')).toEqual([['/dev'], ['/ops']]);

    // `dev` leaves the manifest: it is deleted; the hand-made group and client stay.
    const second = await runApply(
      realm.admin,
      [manifest(realm, { groups: [{ name: 'ops' }], clients: [{ clientId: 'app' }] }, owned)],
      {
        lock: false,
      },
    );
    expect(second.status).toBe('applied');
    expect(actionsOf(planOf(second))).toEqual(['delete group["/dev"]']);
    expect(await groupNames(realm)).toEqual(['made-by-hand', 'ops']);
    expect(await clientIds(realm)).toContain('hand-client');
    const after = (await realm.admin.getRealm(realm.name)).attributes ?? {};
    expect(JSON.parse(after[`${OWNED_ATTRIBUTE_PREFIX}group`] ?? '[]')).toEqual([['/ops']]);
  });

  it('additive never deletes; authoritative (the default) deletes what the files leave out', async () => {
    await realm.admin.createGroup({ name: 'extra' });
    const additive = await runApply(
      realm.admin,
      [manifest(realm, { groups: [{ name: 'ops' }] }, { '*': 'additive' })],
      {
        lock: false,
      },
    );
    expect(additive.plans[0]?.ownership).toMatchObject({ groups: 'additive' });
    expect(actionsOf(planOf(additive)).filter((action) => action.startsWith('delete'))).toEqual([]);
    expect(await groupNames(realm)).toContain('extra');

    const result = await applyManifest(
      realm.admin,
      manifestOf({ realm: realm.name, groups: [{ name: 'ops' }] }),
      ALL_KINDS,
    );
    expect(actionsOf(result.plan)).toContain('delete group["/extra"]');
    expect(await groupNames(realm)).toEqual(['ops']);
  });

  it('the command line overrides the manifest', async () => {
    await realm.admin.createGroup({ name: 'kept' });
    const result = await runApply(
      realm.admin,
      [manifest(realm, { groups: [{ name: 'ops' }] }, { groups: 'authoritative' })],
      {
        lock: false,
        dryRun: true,
        kindOptions: { ownership: { groups: 'additive' } },
      },
    );
    expect(result.plans[0]?.ownership).toMatchObject({ groups: 'additive' });
    expect(result.status).toBe('in-sync');
  });
});
