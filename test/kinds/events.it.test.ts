import { afterAll, expect, it } from 'vitest';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { EVENTS_CONFIG_FIELDS, eventsConfigKind } from '../../src/kinds/events-config.js';
import type { KindDefinition } from '../../src/kinds/kind.js';
import { describeWithKeycloak, masterAdmin, randomName, useTestRealm } from '../support/keycloak.js';
import { realmKindWithout } from '../support/realm-kind-without.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

/** The realm kind as the lead wires it: the events fields belong to events-config. */
const KINDS = [realmKindWithout(EVENTS_CONFIG_FIELDS), eventsConfigKind] as KindDefinition[];

describeWithKeycloak('events-config kind', () => {
  const realm = useTestRealm('kevents');
  const run = (representation: RealmRepresentation) =>
    applyManifest(realm.admin, manifestOf({ ...representation, realm: realm.name }), KINDS);
  const stored = async () => realm.admin.getRealm(realm.name);

  it('is untouched while the manifest declares none of its fields', async () => {
    const result = await run({ displayName: 'Events' });
    expect(result.report.failed).toEqual([]);
    expect(result.plan.changes.map((c) => c.kind)).not.toContain('events-config');
  });

  it('sets every events field and converges', async () => {
    const result = await run({
      eventsEnabled: true,
      eventsExpiration: 3600,
      eventsListeners: ['jboss-logging', 'email'],
      enabledEventTypes: ['LOGIN', 'LOGOUT'],
      adminEventsEnabled: true,
      adminEventsDetailsEnabled: true,
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([`update events-config["${realm.name}"]`]);
    expect(actionsOf(result.replan)).toEqual([]);
    const config = await realm.admin.getEventsConfig();
    expect(config).toMatchObject({
      eventsEnabled: true,
      eventsExpiration: 3600,
      adminEventsEnabled: true,
      adminEventsDetailsEnabled: true,
    });
    expect(config.eventsListeners?.slice().sort()).toEqual(['email', 'jboss-logging']);
    expect(config.enabledEventTypes?.slice().sort()).toEqual(['LOGIN', 'LOGOUT']);
  });

  it('changes only declared fields (the endpoint would reset eventsEnabled and eventsExpiration)', async () => {
    const result = await run({
      adminEventsDetailsEnabled: false,
      eventsListeners: ['email', 'jboss-logging'],
    });
    expect(result.report.failed).toEqual([]);
    expect(result.plan.changes.find((c) => c.kind === 'events-config')?.changedPaths).toEqual([
      'adminEventsDetailsEnabled',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    const config = await realm.admin.getEventsConfig();
    expect(config).toMatchObject({
      eventsEnabled: true,
      eventsExpiration: 3600,
      adminEventsEnabled: true,
      adminEventsDetailsEnabled: false,
    });
    expect(config.enabledEventTypes?.slice().sort()).toEqual(['LOGIN', 'LOGOUT']);
  });

  it('turns events off and clears the expiration (0), and converges', async () => {
    const result = await run({ eventsEnabled: false, eventsExpiration: 0 });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    const realmNow = await stored();
    expect(realmNow.eventsEnabled).toBe(false);
    expect(realmNow.eventsExpiration).toBeUndefined();
  });

  it('resets the recorded types to "all" with enabledEventTypes: []', async () => {
    const result = await run({ enabledEventTypes: [] });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([`update events-config["${realm.name}"]`]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect((await stored()).enabledEventTypes).toEqual([]);
    expect((await realm.admin.getEventsConfig()).enabledEventTypes).toContain('CLIENT_LOGIN');
  });

  it('rejects an unknown listener or event type at plan time, changing nothing', async () => {
    const before = await realm.admin.getEventsConfig();
    const result = await run({
      eventsEnabled: true,
      eventsListeners: ['jboss-logging', 'no-such-listener'],
      enabledEventTypes: ['LOGIN', 'LOGINN'],
    });
    expect(result.report.applied).toEqual([]);
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((e) => e.path)).toEqual(['eventsListeners[1]', 'enabledEventTypes[1]']);
    expect(errors[0]?.address).toBe(`events-config["${realm.name}"]`);
    expect(errors[0]?.summary).toContain('unknown event listener "no-such-listener"');
    expect(errors[1]?.summary).toContain('unknown event type "LOGINN"');
    expect(await realm.admin.getEventsConfig()).toEqual(before);
  });

  it('Keycloak quirk: PUT /events/config resets eventsEnabled and eventsExpiration left out', async () => {
    await realm.admin.setEvents({ eventsEnabled: true, eventsExpiration: 120, adminEventsEnabled: true });
    await realm.admin.setEvents({ enabledEventTypes: ['LOGIN'] });
    const config = await realm.admin.getEventsConfig();
    expect(config.eventsEnabled).toBe(false);
    expect(config.eventsExpiration).toBeUndefined();
    expect(config.adminEventsEnabled).toBe(true);
    expect(config.enabledEventTypes).toEqual(['LOGIN']);
  });

  it('leaves the events settings alone when the realm kind updates other settings', async () => {
    await run({ eventsEnabled: true, eventsExpiration: 60 });
    const result = await run({ displayName: 'Renamed' });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await realm.admin.getEventsConfig()).toMatchObject({ eventsEnabled: true, eventsExpiration: 60 });
  });
});

describeWithKeycloak('events-config kind on a new realm', () => {
  const name = randomName('keventsnew');
  const admin = masterAdmin(name);
  afterAll(async () => {
    await admin.deleteRealm(name).catch(() => undefined);
    await admin.close();
  });

  it('creates the realm, then writes its events settings, and converges', async () => {
    const result = await applyManifest(
      admin,
      manifestOf({
        realm: name,
        enabled: true,
        eventsEnabled: true,
        eventsListeners: ['jboss-logging', 'email'],
      }),
      KINDS,
    );
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    const config = await admin.getEventsConfig();
    expect(config.eventsEnabled).toBe(true);
    expect(config.eventsListeners?.slice().sort()).toEqual(['email', 'jboss-logging']);
  });
});
