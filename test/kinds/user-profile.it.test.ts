import { afterAll, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import type { RealmRepresentation, UserProfileConfig } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import type { KindDefinition } from '../../src/kinds/kind.js';
import { userProfileKind } from '../../src/kinds/user-profile.js';
import {
  describeWithKeycloak,
  masterAdmin,
  randomName,
  serverHas,
  useTestRealm,
} from '../support/keycloak.js';
import { realmKindWithout } from '../support/realm-kind-without.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

/** Wired as the lead will: the realm kind leaves `userProfile` alone, users come after the profile. */
const KINDS = [
  ...ALL_KINDS.map((kind) => {
    if (kind.kind === 'realm') return realmKindWithout(['userProfile']);
    if (kind.kind === 'user') return { ...kind, dependsOn: [...kind.dependsOn, 'user-profile'] };
    return kind;
  }),
  userProfileKind,
] as KindDefinition[];

type Manifest = RealmRepresentation & { userProfile?: UserProfileConfig };

/** Keycloak's message placeholder, `${key}` (a display name looked up in the theme). */
const message = (key: string) => `\${${key}}`;

const USERNAME = {
  name: 'username',
  displayName: message('username'),
  validations: { length: { min: 1, max: 20 }, 'username-prohibited-characters': {} },
};
const EMAIL = {
  name: 'email',
  displayName: message('email'),
  validations: { email: {}, length: { max: 255 } },
};
const DEPARTMENT = {
  name: 'department',
  displayName: 'Department',
  group: 'org',
  permissions: { view: ['admin', 'user'], edit: ['admin'] },
  validations: { options: { options: ['sales', 'it'] } },
  annotations: { inputType: 'select' },
};
const ORG = { name: 'org', displayHeader: 'Organisation' };

const names = async (admin: KeycloakAdmin) =>
  ((await admin.getUserProfile()).attributes ?? []).map((attribute) => attribute.name);

describeWithKeycloak('user-profile kind', () => {
  const realm = useTestRealm('kprofile');
  const run = (representation: Manifest) =>
    applyManifest(realm.admin, manifestOf({ ...representation, realm: realm.name }), KINDS);

  it('is untouched while the manifest does not declare userProfile', async () => {
    const before = await realm.admin.getUserProfile();
    const result = await run({ displayName: 'Profile' });
    expect(result.plan.changes.map((c) => c.kind)).not.toContain('user-profile');
    expect(await realm.admin.getUserProfile()).toEqual(before);
  });

  it('writes the declared profile, keeps the built-in attributes it leaves out, and converges', async () => {
    const result = await run({
      userProfile: {
        attributes: [USERNAME, EMAIL, DEPARTMENT],
        groups: [ORG],
        unmanagedAttributePolicy: 'ADMIN_VIEW',
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([`update user-profile["${realm.name}"]`]);
    expect(actionsOf(result.replan)).toEqual([]);
    const profile = await realm.admin.getUserProfile();
    expect(profile.attributes?.map((a) => a.name)).toEqual([
      'username',
      'email',
      'firstName',
      'lastName',
      'department',
    ]);
    expect(profile.attributes?.[0]).toEqual({ ...USERNAME, multivalued: false });
    expect(profile.attributes?.[4]).toEqual({ ...DEPARTMENT, multivalued: false });
    // firstName keeps Keycloak's settings.
    expect(profile.attributes?.[2]?.permissions).toEqual({
      view: ['admin', 'user'],
      edit: ['admin', 'user'],
    });
    expect(profile.groups).toEqual([ORG]);
    expect(profile.unmanagedAttributePolicy).toBe('ADMIN_VIEW');
  });

  it('compares a declared attribute in full; undeclared groups are kept; a left-out policy is removed', async () => {
    const result = await run({
      userProfile: {
        attributes: [{ ...USERNAME, validations: { length: { min: 1, max: 20 } } }, EMAIL, DEPARTMENT],
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(result.plan.changes.find((c) => c.kind === 'user-profile')?.changedPaths).toEqual([
      'attributes["username"].validations.username-prohibited-characters',
      'unmanagedAttributePolicy',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    const profile = await realm.admin.getUserProfile();
    expect(profile.attributes?.[0]?.validations).toEqual({ length: { min: 1, max: 20 } });
    expect(profile.groups).toEqual([ORG]);
    expect(profile.unmanagedAttributePolicy).toBeUndefined();
  });

  it('removes an undeclared attribute that is not built-in, and matches permissions as sets', async () => {
    const result = await run({
      userProfile: {
        attributes: [
          USERNAME,
          EMAIL,
          {
            name: 'firstName',
            displayName: message('firstName'),
            permissions: { view: ['user', 'admin'], edit: ['admin'] },
          },
        ],
        groups: [],
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await names(realm.admin)).toEqual(['username', 'email', 'firstName', 'lastName']);
    const profile = await realm.admin.getUserProfile();
    expect(profile.groups).toEqual([]);
    const firstName = profile.attributes?.[2];
    expect(firstName?.displayName).toBe(message('firstName'));
    expect(firstName?.permissions?.view?.slice().sort()).toEqual(['admin', 'user']);
    expect(firstName?.permissions?.edit).toEqual(['admin']);
    // Declared without validations or `required`: Keycloak's defaults for them are gone.
    expect(firstName?.validations).toBeUndefined();
    expect(firstName?.required).toBeUndefined();
  });

  it('an attribute in an undeclared group is a plan error, and nothing changes', async () => {
    const before = await realm.admin.getUserProfile();
    const result = await run({ userProfile: { attributes: [USERNAME, EMAIL, DEPARTMENT] } });
    expect(result.report.applied).toEqual([]);
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        address: `user-profile["${realm.name}"]`,
        path: 'userProfile.attributes[2].group',
      }),
    ]);
    expect(errors[0]?.summary).toContain('group "org"');
    expect(await realm.admin.getUserProfile()).toEqual(before);
  });

  it('users are checked against the declared profile and written after it', async () => {
    // Live, the profile allows any attribute; the manifest's profile does not, except "department".
    const live = await realm.admin.getUserProfile();
    await realm.admin.updateUserProfile({ ...live, unmanagedAttributePolicy: 'ENABLED' });
    const manifest: Manifest = {
      userProfile: {
        attributes: [
          USERNAME,
          EMAIL,
          // Without "admin" in permissions.edit, Keycloak drops the value an admin writes.
          { name: 'department', displayName: 'Department', permissions: { edit: ['admin'] } },
        ],
      },
      users: [{ username: 'ann', enabled: true, attributes: { department: ['it'], shoeSize: ['42'] } }],
    };
    const refused = await run(manifest);
    expect(refused.report.applied).toEqual([]);
    expect(refused.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({ address: 'user["ann"]', path: 'users[0].attributes.shoeSize' }),
    ]);

    const result = await run({
      ...manifest,
      users: [{ username: 'ann', attributes: { department: ['it'] } }],
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([`update user-profile["${realm.name}"]`, 'create user["ann"]']);
    expect(actionsOf(result.replan)).toEqual([]);
    const ann = await realm.admin.getUserByUsername('ann');
    expect(ann?.attributes?.department).toEqual(['it']);
  });
});

describeWithKeycloak('user-profile kind on a new realm', () => {
  const name = randomName('kprofnew');
  const admin = masterAdmin(name);
  afterAll(async () => {
    await admin.deleteRealm(name).catch(() => undefined);
    await admin.close();
  });

  it('creates the realm, its profile, then users with profile attributes, and converges', async () => {
    const result = await applyManifest(
      admin,
      manifestOf({
        realm: name,
        enabled: true,
        userProfile: {
          attributes: [
            USERNAME,
            EMAIL,
            {
              name: 'newsletter',
              displayName: 'Newsletter',
              ...(serverHas('userProfileDefaultValue') ? { defaultValue: 'false' } : {}),
              validations: { options: { options: ['true', 'false'] } },
              permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
            },
          ],
        },
        users: [{ username: 'bob', enabled: true, attributes: { newsletter: ['true'] } }],
      } as Manifest & { realm: string }),
      KINDS,
    );
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await names(admin)).toEqual(['username', 'email', 'firstName', 'lastName', 'newsletter']);
    expect((await admin.getUserByUsername('bob'))?.attributes?.newsletter).toEqual(['true']);
  });
});
