import { afterAll, expect, it } from 'vitest';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import type { KindDefinition } from '../../src/kinds/kind.js';
import { realmKind } from '../../src/kinds/realm.js';
import { BUILT_IN_REQUIRED_ACTIONS, requiredActionKind } from '../../src/kinds/required-action.js';
import { useFreshRealm } from '../support/fresh-realm.js';
import {
  describeWithKeycloak,
  masterAdmin,
  randomName,
  serverInfo,
  useTestRealm,
} from '../support/keycloak.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

const KINDS = [realmKind, requiredActionKind] as KindDefinition[];

describeWithKeycloak('required-action kind', () => {
  const realm = useTestRealm('kreqact');
  // What this version registers in a new realm (fewer before 26); all of them built-in in src.
  const fresh = useFreshRealm();
  const builtIns = () => {
    const registered = fresh.value.requiredActions;
    expect(registered.filter((alias) => !BUILT_IN_REQUIRED_ACTIONS.has(alias))).toEqual([]);
    return registered;
  };
  const run = (representation: RealmRepresentation) =>
    applyManifest(realm.admin, manifestOf({ ...representation, realm: realm.name }), KINDS);
  const action = async (alias: string) => realm.admin.getRequiredActionByAlias(alias);
  const aliases = async () => (await realm.admin.getRequiredActions()).map((a) => a.alias ?? '').sort();

  it('updates built-in actions (name, enabled, priority, config) and converges', async () => {
    const result = await run({
      requiredActions: [
        {
          alias: 'CONFIGURE_TOTP',
          name: 'Configure OTP',
          providerId: 'CONFIGURE_TOTP',
          enabled: false,
          defaultAction: false,
          priority: 42,
          config: { hello: 'world' },
        },
        { alias: 'TERMS_AND_CONDITIONS', name: 'Changed: Terms', enabled: true, priority: 1 },
      ],
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      'update required-action["CONFIGURE_TOTP"]',
      'update required-action["TERMS_AND_CONDITIONS"]',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await action('CONFIGURE_TOTP')).toEqual({
      alias: 'CONFIGURE_TOTP',
      name: 'Configure OTP',
      providerId: 'CONFIGURE_TOTP',
      enabled: false,
      defaultAction: false,
      priority: 42,
      config: { hello: 'world' },
    });
    expect(await action('TERMS_AND_CONDITIONS')).toMatchObject({
      name: 'Changed: Terms',
      enabled: true,
      priority: 1,
    });
    // Declared collection, but the other built-ins are kept.
    expect(await aliases()).toEqual(builtIns());
  });

  it('changes only declared fields: priority, name and config keys not declared are kept', async () => {
    const result = await run({
      requiredActions: [
        { alias: 'CONFIGURE_TOTP', enabled: true, config: { extra: 'x' } },
        { alias: 'TERMS_AND_CONDITIONS', priority: 1 },
      ],
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(['update required-action["CONFIGURE_TOTP"]']);
    expect(
      result.plan.changes.find((c) => c.address === 'required-action["CONFIGURE_TOTP"]')?.changedPaths,
    ).toEqual(['config.extra', 'enabled']);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await action('CONFIGURE_TOTP')).toMatchObject({
      name: 'Configure OTP',
      enabled: true,
      priority: 42,
      config: { hello: 'world', extra: 'x' },
    });
  });

  it('swaps priorities in one apply (Keycloak stores them as given)', async () => {
    const result = await run({
      requiredActions: [
        { alias: 'CONFIGURE_TOTP', priority: 1 },
        { alias: 'TERMS_AND_CONDITIONS', priority: 0 },
      ],
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect((await action('CONFIGURE_TOTP'))?.priority).toBe(1);
    expect((await action('TERMS_AND_CONDITIONS'))?.priority).toBe(0);
    const order = (await realm.admin.getRequiredActions()).map((a) => a.alias);
    expect(order.slice(0, 2)).toEqual(['TERMS_AND_CONDITIONS', 'CONFIGURE_TOTP']);
  });

  it('registers a deployed provider that is not registered, with the declared fields', async () => {
    await realm.admin.deleteRequiredAction('delete_account');
    expect(await action('delete_account')).toBeUndefined();
    const result = await run({
      requiredActions: [
        {
          alias: 'delete_account',
          name: 'Remove my account',
          enabled: false,
          defaultAction: false,
          priority: 5,
        },
      ],
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(['create required-action["delete_account"]']);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await action('delete_account')).toEqual({
      alias: 'delete_account',
      name: 'Remove my account',
      providerId: 'delete_account',
      enabled: false,
      defaultAction: false,
      priority: 5,
      config: {},
    });
  });

  it('unregisters an undeclared action that is not built-in; built-ins are never deleted', async () => {
    // A provider registered under another alias (an older tool renamed it) is not a built-in.
    await realm.admin.deleteRequiredAction('delete_account');
    await realm.admin.registerRequiredAction({ providerId: 'delete_account', name: 'Delete Account' });
    const registered = await action('delete_account');
    await realm.admin.updateRequiredAction('delete_account', { ...registered, alias: 'legacy-delete' });
    expect(await aliases()).toContain('legacy-delete');

    const result = await run({ requiredActions: [] });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(['delete required-action["legacy-delete"]']);
    expect(actionsOf(result.replan)).toEqual([]);
    const left = await aliases();
    expect(left).not.toContain('legacy-delete');
    expect(left).toEqual(builtIns().filter((a) => a !== 'delete_account'));
  });

  it('rejects at plan time an action no deployed provider offers, changing nothing', async () => {
    const before = await realm.admin.getRequiredActions();
    const result = await run({
      requiredActions: [{ alias: 'CONFIGURE_TOTP', enabled: false }, { alias: 'no-such-action' }],
    });
    expect(result.report.applied).toEqual([]);
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      address: 'required-action["no-such-action"]',
      path: 'requiredActions[1]',
    });
    expect(errors[0]?.summary).toContain(
      `not a required-action provider deployed on Keycloak ${serverInfo().version}`,
    );
    expect(await realm.admin.getRequiredActions()).toEqual(before);
  });

  it('rejects an alias that differs from its providerId', async () => {
    const result = await run({
      requiredActions: [{ alias: 'my-otp', providerId: 'CONFIGURE_TOTP', name: 'Invalid' }],
    });
    expect(result.report.applied).toEqual([]);
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        severity: 'error',
        address: 'required-action["my-otp"]',
        path: 'requiredActions[0].providerId',
      }),
    ]);
    expect(await action('my-otp')).toBeUndefined();
  });
});

describeWithKeycloak('required-action kind on a new realm', () => {
  const name = randomName('kreqnew');
  const admin = masterAdmin(name);
  afterAll(async () => {
    await admin.deleteRealm(name).catch(() => undefined);
    await admin.close();
  });

  it('creates the realm, then updates its built-in actions, and converges', async () => {
    const result = await applyManifest(
      admin,
      manifestOf({
        realm: name,
        enabled: true,
        requiredActions: [{ alias: 'CONFIGURE_TOTP', enabled: false, defaultAction: true, priority: 3 }],
      }),
      KINDS,
    );
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await admin.getRequiredActionByAlias('CONFIGURE_TOTP')).toMatchObject({
      enabled: false,
      defaultAction: true,
      priority: 3,
    });
  });
});
