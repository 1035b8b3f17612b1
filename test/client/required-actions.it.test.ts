import { expect, it } from 'vitest';
import {
  KeycloakDeleteError,
  type KeycloakError,
  KeycloakGetError,
  KeycloakPostError,
  KeycloakPutError,
} from '../../src/client/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak, serverAtLeast, serverHas, useTestRealm } from '../support/keycloak.js';

function expectError(
  error: KeycloakError,
  errorClass: abstract new (...args: never[]) => KeycloakError,
  code: number,
  message?: string,
) {
  expect(error).toBeInstanceOf(errorClass);
  expect(error.responseCode).toBe(code);
  if (message !== undefined) expect(error.serverMessage).toContain(message);
}

describeWithKeycloak('required actions', () => {
  const realm = useTestRealm('reqact');

  it('lists the registered required actions in priority order and finds one by alias', async () => {
    const admin = realm.admin;
    const actions = await admin.getRequiredActions();
    const aliases = actions.map((a) => a.alias);
    expect(aliases).toEqual(
      expect.arrayContaining([
        'CONFIGURE_TOTP',
        'TERMS_AND_CONDITIONS',
        'UPDATE_PASSWORD',
        'UPDATE_PROFILE',
        'VERIFY_EMAIL',
        'delete_account',
        'webauthn-register',
      ]),
    );
    const priorities = actions.map((a) => a.priority ?? 0);
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));

    const totp = await admin.getRequiredActionByAlias('CONFIGURE_TOTP');
    expect(totp).toEqual(actions.find((a) => a.alias === 'CONFIGURE_TOTP'));
    expect(totp).toMatchObject({
      providerId: 'CONFIGURE_TOTP',
      name: 'Configure OTP',
      enabled: true,
      defaultAction: false,
    });
    expect(await admin.getRequiredActionByAlias('NO_SUCH_ACTION')).toBeUndefined();
  });

  it('updates enabled, defaultAction and priority and reads them back', async () => {
    const admin = realm.admin;
    const terms = await admin.getRequiredActionByAlias('TERMS_AND_CONDITIONS');
    expect(terms?.enabled).toBe(false);
    await admin.updateRequiredAction('TERMS_AND_CONDITIONS', {
      ...terms,
      enabled: true,
      defaultAction: true,
      priority: 1,
    });
    const updated = await admin.getRequiredActionByAlias('TERMS_AND_CONDITIONS');
    expect(updated).toMatchObject({
      alias: 'TERMS_AND_CONDITIONS',
      name: terms?.name,
      enabled: true,
      defaultAction: true,
      priority: 1,
    });
    expect((await admin.getRequiredActions())[0]?.alias).toBe('TERMS_AND_CONDITIONS');

    await admin.updateRequiredAction('TERMS_AND_CONDITIONS', {
      ...updated,
      enabled: false,
      defaultAction: false,
    });
    expect(await admin.getRequiredActionByAlias('TERMS_AND_CONDITIONS')).toMatchObject({
      enabled: false,
      defaultAction: false,
      priority: 1,
    });

    expectError(
      await failure(admin.updateRequiredAction('NO_SUCH_ACTION', { alias: 'NO_SUCH_ACTION', enabled: true })),
      KeycloakPutError,
      404,
      'Failed to find required action',
    );
  });

  it('raises and lowers priorities by swapping with the neighbour', async () => {
    const admin = realm.admin;
    const before = await admin.getRequiredActions();
    const [first, second] = before.slice(1, 3);
    if (!first?.alias || !second?.alias) throw new Error('too few required actions');
    await admin.lowerRequiredActionPriority(first.alias);
    let after = await admin.getRequiredActions();
    expect(after.slice(1, 3).map((a) => [a.alias, a.priority])).toEqual([
      [second.alias, first.priority],
      [first.alias, second.priority],
    ]);
    await admin.raiseRequiredActionPriority(first.alias);
    after = await admin.getRequiredActions();
    expect(after.map((a) => [a.alias, a.priority])).toEqual(before.map((a) => [a.alias, a.priority]));
    expectError(
      await failure(admin.raiseRequiredActionPriority('NO_SUCH_ACTION')),
      KeycloakPostError,
      404,
      'Failed to find required action.',
    );
    expectError(await failure(admin.lowerRequiredActionPriority('NO_SUCH_ACTION')), KeycloakPostError, 404);
  });

  it('unregisters and registers a required action', async () => {
    const admin = realm.admin;
    expect(await admin.getUnregisteredRequiredActions()).toEqual([]);
    await admin.deleteRequiredAction('delete_account');
    expect(await admin.getRequiredActionByAlias('delete_account')).toBeUndefined();
    expect(await admin.getUnregisteredRequiredActions()).toEqual([
      { providerId: 'delete_account', name: 'Delete Account' },
    ]);

    await admin.registerRequiredAction({ providerId: 'delete_account', name: 'Account removal' });
    const registered = await admin.getRequiredActionByAlias('delete_account');
    expect(registered).toMatchObject({
      alias: 'delete_account',
      providerId: 'delete_account',
      name: 'Account removal',
      enabled: true,
      defaultAction: false,
    });
    const actions = await admin.getRequiredActions();
    expect(actions.at(-1)?.alias).toBe('delete_account');
    expect(await admin.getUnregisteredRequiredActions()).toEqual([]);

    expectError(
      await failure(admin.deleteRequiredAction('NO_SUCH_ACTION')),
      KeycloakDeleteError,
      404,
      'Failed to find required action.',
    );
    // 24 accepts an unknown provider (and registers nothing).
    if (serverAtLeast('25.0')) {
      expectError(
        await failure(admin.registerRequiredAction({ providerId: 'no-such-provider', name: 'x' })),
        KeycloakPostError,
        400,
        'Required Action Provider with given providerId not found',
      );
    }
  });

  it.runIf(serverHas('requiredActionConfigEndpoints'))(
    'reads, updates and resets a required action config',
    async () => {
      const admin = realm.admin;
      const description = await admin.getRequiredActionConfigDescription('UPDATE_PASSWORD');
      const maxAge = description.properties?.find((p) => p.name === 'max_auth_age');
      expect(maxAge).toMatchObject({ type: 'String', defaultValue: 300 });
      expect(await admin.getRequiredActionConfig('UPDATE_PASSWORD')).toEqual({ config: {} });

      await admin.updateRequiredActionConfig('UPDATE_PASSWORD', { config: { max_auth_age: '123' } });
      expect(await admin.getRequiredActionConfig('UPDATE_PASSWORD')).toEqual({
        config: { max_auth_age: '123' },
      });
      expect((await admin.getRequiredActionByAlias('UPDATE_PASSWORD'))?.config).toEqual({
        max_auth_age: '123',
      });

      const invalid = await failure(
        admin.updateRequiredActionConfig('UPDATE_PASSWORD', { config: { max_auth_age: 'abc' } }),
      );
      expectError(invalid, KeycloakPutError, 400, 'error-invalid-value');
      expect(invalid.responseBody).toMatchObject({ field: 'max_auth_age' });

      await admin.deleteRequiredActionConfig('UPDATE_PASSWORD');
      expect(await admin.getRequiredActionConfig('UPDATE_PASSWORD')).toEqual({ config: {} });

      expectError(
        await failure(admin.getRequiredActionConfigDescription('NO_SUCH_ACTION')),
        KeycloakGetError,
        404,
        'Could not find configurable RequiredAction provider',
      );
      // An unknown alias is a 400 here, not a 404.
      expectError(
        await failure(admin.getRequiredActionConfig('NO_SUCH_ACTION')),
        KeycloakGetError,
        400,
        'RequiredAction is not configurable',
      );
      expectError(
        await failure(admin.updateRequiredActionConfig('NO_SUCH_ACTION', { config: {} })),
        KeycloakPutError,
        400,
      );
      expectError(
        await failure(admin.deleteRequiredActionConfig('NO_SUCH_ACTION')),
        KeycloakDeleteError,
        400,
      );
    },
  );

  it('replaces the whole action on update: left-out fields are lost', async () => {
    const admin = realm.admin;
    // Without priority and name: priority becomes 0, the name is dropped.
    await admin.updateRequiredAction('VERIFY_EMAIL', { alias: 'VERIFY_EMAIL', enabled: true });
    const verify = await admin.getRequiredActionByAlias('VERIFY_EMAIL');
    expect(verify?.priority).toBe(0);
    expect(verify?.name).toBeUndefined();

    // The alias can be changed by the PUT…
    const locale = await admin.getRequiredActionByAlias('update_user_locale');
    await admin.updateRequiredAction('update_user_locale', { ...locale, alias: 'locale_renamed' });
    expect(await admin.getRequiredActionByAlias('update_user_locale')).toBeUndefined();
    expect((await admin.getRequiredActionByAlias('locale_renamed'))?.providerId).toBe('update_user_locale');

    // …and a body without alias leaves the action without one: it cannot be addressed any more.
    await admin.updateRequiredAction('locale_renamed', { enabled: true });
    expect(await admin.getRequiredActionByAlias('locale_renamed')).toBeUndefined();
    const orphan = (await admin.getRequiredActions()).find((a) => a.providerId === 'update_user_locale');
    expect(orphan).toBeDefined();
    expect(orphan?.alias).toBeUndefined();
  });
});
