import { expect, it } from 'vitest';
import type { KeycloakError } from '../../src/client/index.js';
import { KeycloakPutError } from '../../src/client/index.js';
import { describeWithKeycloak, useTestRealm } from '../support/keycloak.js';

describeWithKeycloak('user profile', () => {
  const realm = useTestRealm('uprofile');

  it('replaces the whole profile and returns it as stored', async () => {
    const admin = realm.admin;
    const before = await admin.getUserProfile();
    expect(before.groups?.map((group) => group.name)).toEqual(['user-metadata']);
    const stored = await admin.updateUserProfile({
      attributes: [
        { name: 'username' },
        { name: 'email' },
        { name: 'department', displayName: 'Department', permissions: { view: ['admin'], edit: ['admin'] } },
      ],
      unmanagedAttributePolicy: 'ADMIN_VIEW',
    });
    // Keycloak adds `multivalued: false` and an empty group list; firstName/lastName are gone.
    expect(stored.attributes?.map((attribute) => attribute.name)).toEqual([
      'username',
      'email',
      'department',
    ]);
    expect(stored.attributes?.[2]).toEqual({
      name: 'department',
      displayName: 'Department',
      permissions: { view: ['admin'], edit: ['admin'] },
      multivalued: false,
    });
    expect(stored.groups).toEqual([]);
    expect(await admin.getUserProfile()).toEqual(stored);
    // Left out, the policy is removed.
    const { unmanagedAttributePolicy: _policy, ...rest } = stored;
    expect((await admin.updateUserProfile(rest)).unmanagedAttributePolicy).toBeUndefined();
    await admin.updateUserProfile(before);
  });

  it('refuses to remove username or email', async () => {
    const error = (await realm.admin.updateUserProfile({ attributes: [{ name: 'username' }] }).then(
      () => undefined,
      (e: unknown) => e,
    )) as KeycloakError | undefined;
    expect(error).toBeInstanceOf(KeycloakPutError);
    expect(error?.responseCode).toBe(400);
    expect(error?.serverMessage).toContain("The attribute 'email' can not be removed");
  });
});
