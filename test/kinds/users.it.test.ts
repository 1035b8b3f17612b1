import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import type {
  GroupRepresentation,
  RealmRepresentation,
  UserProfileConfig,
  UserRepresentation,
} from '../../src/client/types/index.js';
import { applyRealm } from '../../src/engine/apply-realm.js';
import { applyManifest, type ConvergeResult } from '../../src/engine/converge.js';
import { planRealm } from '../../src/engine/plan-realm.js';
import { defineKind, type KindDefinition, type LiveObject, type ManifestView } from '../../src/kinds/kind.js';
import { realmKind } from '../../src/kinds/realm.js';
import type { Direction } from '../../src/kinds/shared/identities/members.js';
import { readPartialExport } from '../../src/kinds/shared/server/reads.js';
import { userKind } from '../../src/kinds/user.js';
import { makeUserGroupKind, userGroupKind } from '../../src/kinds/user-group.js';
import { makeUserRoleMappingKind, userRoleMappingKind } from '../../src/kinds/user-role-mapping.js';
import type { Plan } from '../../src/planner/plan.js';
import {
  describeWithKeycloak,
  masterAdmin,
  randomName,
  type TestRealm,
  useTestRealm,
} from '../support/keycloak.js';
import { canLogIn } from '../support/login.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

/**
 * Read-only stand-ins for other areas' kinds (group, realm-role, client-role, client) so that
 * references from memberships and mappings are checked at plan time: they declare nothing.
 */
function reader(kind: string, read: (rep: RealmRepresentation) => string[][]): KindDefinition {
  return defineKind({
    kind,
    dependsOn: ['realm'],
    desired: () => undefined,
    async read(ctx): Promise<LiveObject[]> {
      return read(await readPartialExport(ctx)).map((key) => ({ key, value: {} }));
    },
    create: () => Promise.reject(new Error('read-only')),
    update: () => Promise.reject(new Error('read-only')),
  }) as KindDefinition;
}

const groupPaths = (groups: GroupRepresentation[] = []): string[][] =>
  groups.flatMap((group) => [[group.path ?? ''], ...groupPaths(group.subGroups)]);

const READERS = [
  reader('group', (rep) => groupPaths(rep.groups)),
  reader('realm-role', (rep) => (rep.roles?.realm ?? []).map((role) => [role.name ?? ''])),
  reader('client-role', (rep) =>
    Object.entries(rep.roles?.client ?? {}).flatMap(([clientId, roles]) =>
      roles.map((role) => [clientId, role.name ?? '']),
    ),
  ),
  reader('client', (rep) => (rep.clients ?? []).map((client) => [client.clientId ?? ''])),
];
const KINDS = [realmKind, userKind, userGroupKind, userRoleMappingKind, ...READERS] as KindDefinition[];

type Manifest = Omit<RealmRepresentation, 'realm'>;

function converge(realm: TestRealm, rep: Manifest): Promise<ConvergeResult> {
  return applyManifest(realm.admin, manifestOf({ ...rep, realm: realm.name }), KINDS);
}

async function planOf(realm: TestRealm, rep: Manifest): Promise<Plan> {
  return (await planRealm(realm.admin, manifestOf({ ...rep, realm: realm.name }), KINDS, { sources: [] }))
    .work.plan;
}

async function applyOk(realm: TestRealm, rep: Manifest): Promise<ConvergeResult> {
  const result = await converge(realm, rep);
  expect(result.plan.diagnostics).toEqual([]);
  expect(result.report.failed).toEqual([]);
  expect(result.report.ok).toBe(true);
  expect(actionsOf(result.replan)).toEqual([]);
  return result;
}

async function user(admin: KeycloakAdmin, username: string): Promise<UserRepresentation | undefined> {
  const found = await admin.getUserByUsername(username);
  return found?.id ? admin.getUser(found.id) : undefined;
}

async function groupsOf(admin: KeycloakAdmin, username: string): Promise<string[]> {
  const id = (await user(admin, username))?.id ?? '';
  return (await admin.getUserGroups(id)).map((group) => group.path ?? '').sort();
}

async function rolesOf(
  admin: KeycloakAdmin,
  username: string,
): Promise<{ realm: string[]; client: Record<string, string[]> }> {
  const id = (await user(admin, username))?.id ?? '';
  const answer = await admin.getUserRoleMappings(id);
  const client: Record<string, string[]> = {};
  for (const [clientId, entry] of Object.entries(answer.clientMappings ?? {})) {
    client[clientId] = (entry.mappings ?? []).map((role) => role.name ?? '').sort();
  }
  return { realm: (answer.realmMappings ?? []).map((role) => role.name ?? '').sort(), client };
}

/** Lets the realm store attributes the user profile does not declare. */
async function allowUnmanagedAttributes(realm: TestRealm): Promise<void> {
  const path = `/admin/realms/${realm.name}/users/profile`;
  const profile = (await realm.admin.rawGet(path)).json<Record<string, unknown>>();
  const answer = await realm.admin.rawPut(path, { ...profile, unmanagedAttributePolicy: 'ENABLED' });
  expect(answer.status).toBe(200);
}

/** Roles, clients and groups belong to other kinds: created through the client. */
async function seed(realm: TestRealm): Promise<void> {
  const admin = realm.admin;
  await allowUnmanagedAttributes(realm);
  await admin.createRealmRole({ name: 'viewer' });
  await admin.createRealmRole({ name: 'editor' });
  const app = await admin.createClient({
    clientId: 'app',
    publicClient: true,
    directAccessGrantsEnabled: true,
  });
  await admin.createClientRole(app, { name: 'read' });
  await admin.createClientRole(app, { name: 'write' });
  const tool = await admin.createClient({ clientId: 'tool', publicClient: true });
  await admin.createClientRole(tool, { name: 'use' });
  await admin.createClient({ clientId: 'svc', publicClient: false, serviceAccountsEnabled: true });
  const staff = await admin.createGroup({ name: 'staff' });
  await admin.createGroup({ name: 'ops' }, { parent: staff });
  await admin.createGroup({ name: 'guests' });
  await admin.createUser({ username: 'bystander', enabled: true });
}

/** Manifests may write a lone attribute value (the schema reads it as a list of one). */
function attrs(values: Record<string, string | string[]>): Record<string, string[]> {
  return values as Record<string, string[]>;
}

const ALICE: UserRepresentation = {
  username: 'Alice',
  email: 'Alice@Example.com',
  firstName: 'Alice',
  lastName: 'Liddell',
  enabled: true,
  emailVerified: true,
  attributes: attrs({ dept: 'eng', tags: ['b', 'a'] }),
  credentials: [{ type: 'password', value: 'first-Secret-1', temporary: false }],
  groups: ['/staff', 'staff/ops'],
  realmRoles: ['viewer'],
  clientRoles: { app: ['read'] },
};

describeWithKeycloak('user kinds', () => {
  const realm = useTestRealm('kind-user');

  beforeAll(() => seed(realm));

  it('creates users with their password, groups and roles, and converges', async () => {
    const result = await applyOk(realm, { users: [ALICE, { username: 'bob', enabled: true }] });
    expect(actionsOf(result.plan)).toEqual([
      'create user-group["alice"]',
      'create user-role-mapping["alice"]',
      'create user["alice"]',
      'create user["bob"]',
    ]);
    // The password never shows in the plan.
    expect(JSON.stringify(result.plan)).not.toContain('first-Secret-1');
    const alice = await user(realm.admin, 'alice');
    expect(alice).toMatchObject({
      email: 'alice@example.com',
      firstName: 'Alice',
      lastName: 'Liddell',
      enabled: true,
      emailVerified: true,
    });
    expect(alice?.attributes?.dept).toEqual(['eng']);
    expect([...(alice?.attributes?.tags ?? [])].sort()).toEqual(['a', 'b']);
    expect(await groupsOf(realm.admin, 'alice')).toEqual(['/staff', '/staff/ops']);
    expect(await rolesOf(realm.admin, 'alice')).toEqual({
      realm: [`default-roles-${realm.name}`, 'viewer'].sort(),
      client: { app: ['read'] },
    });
    expect(await canLogIn(realm.name, 'app', 'alice', 'first-Secret-1')).toBe(true);
    expect((await user(realm.admin, 'bob'))?.enabled).toBe(true);
  });

  it('updates declared fields and leaves undeclared ones alone', async () => {
    const { lastName: _lastName, ...rest } = ALICE;
    await applyOk(realm, {
      users: [{ ...rest, firstName: 'Alicia', attributes: attrs({ dept: ['research'], level: '3' }) }],
    });
    const alice = await user(realm.admin, 'alice');
    expect(alice?.firstName).toBe('Alicia');
    expect(alice?.lastName).toBe('Liddell');
    expect(alice?.email).toBe('alice@example.com');
    // Declared attributes change; attributes the manifest no longer lists stay.
    expect(alice?.attributes?.dept).toEqual(['research']);
    expect(alice?.attributes?.level).toEqual(['3']);
    expect(alice?.attributes?.tags).toBeDefined();
  });

  it('changes memberships and role mappings, keeping default-roles', async () => {
    const result = await applyOk(realm, {
      users: [
        {
          username: 'alice',
          groups: ['/guests', '/staff'],
          realmRoles: ['editor'],
          clientRoles: { app: ['write'] },
        },
      ],
    });
    expect(actionsOf(result.plan)).toEqual([
      'update user-group["alice"]',
      'update user-role-mapping["alice"]',
    ]);
    expect(await groupsOf(realm.admin, 'alice')).toEqual(['/guests', '/staff']);
    expect(await rolesOf(realm.admin, 'alice')).toEqual({
      realm: [`default-roles-${realm.name}`, 'editor'].sort(),
      client: { app: ['write'] },
    });
  });

  it('sets credentials on create only: a changed password survives later applies', async () => {
    const alice = await user(realm.admin, 'alice');
    await realm.admin.setUserPassword(alice?.id ?? '', 'changed-Secret-2', { temporary: false });
    const before = await realm.admin.getCredentials(alice?.id ?? '');
    const result = await applyOk(realm, {
      users: [{ username: 'alice', lastName: 'Hargreaves', credentials: ALICE.credentials }],
    });
    expect(actionsOf(result.plan)).toEqual(['update user["alice"]']);
    expect(result.plan.changes.find((c) => c.address === 'user["alice"]')?.changedPaths).toEqual([
      'lastName',
    ]);
    expect(await realm.admin.getCredentials(alice?.id ?? '')).toEqual(before);
    expect(await canLogIn(realm.name, 'app', 'alice', 'changed-Secret-2')).toBe(true);
    expect(await canLogIn(realm.name, 'app', 'alice', 'first-Secret-1')).toBe(false);
  });

  it('manages required actions and clears an attribute declared empty', async () => {
    await applyOk(realm, {
      users: [
        {
          username: 'bob',
          requiredActions: ['VERIFY_EMAIL', 'UPDATE_PASSWORD'],
          attributes: attrs({ note: 'x' }),
        },
      ],
    });
    expect((await user(realm.admin, 'bob'))?.requiredActions?.sort()).toEqual([
      'UPDATE_PASSWORD',
      'VERIFY_EMAIL',
    ]);
    await applyOk(realm, {
      users: [{ username: 'bob', requiredActions: ['VERIFY_EMAIL'], attributes: attrs({ note: [] }) }],
    });
    const bob = await user(realm.admin, 'bob');
    expect(bob?.requiredActions).toEqual(['VERIFY_EMAIL']);
    expect(bob?.attributes?.note).toBeUndefined();
    expect(bob?.enabled).toBe(true);
  });

  it('clears a name declared empty', async () => {
    await applyOk(realm, { users: [{ username: 'bob', firstName: 'Robert' }] });
    expect((await user(realm.admin, 'bob'))?.firstName).toBe('Robert');
    await applyOk(realm, { users: [{ username: 'bob', firstName: '' }] });
    expect((await user(realm.admin, 'bob'))?.firstName ?? '').toBe('');
  });

  it('leaves memberships and mappings alone when a user does not declare them', async () => {
    const result = await applyOk(realm, { users: [{ username: 'alice', lastName: 'Hargreaves' }] });
    expect(actionsOf(result.plan)).toEqual([]);
    expect(await groupsOf(realm.admin, 'alice')).toEqual(['/guests', '/staff']);
    expect((await rolesOf(realm.admin, 'alice')).realm).toContain('editor');
  });

  it('removes roles of undeclared clients but keeps built-in clients unless listed', async () => {
    const admin = realm.admin;
    const id = (await user(admin, 'alice'))?.id ?? '';
    const tool = (await admin.getClientId('tool')) ?? '';
    const account = (await admin.getClientId('account')) ?? '';
    await admin.assignClientRole(id, tool, await admin.getClientRole(tool, 'use'));
    await admin.assignClientRole(id, account, await admin.getClientRole(account, 'view-profile'));
    await applyOk(realm, { users: [{ username: 'alice', clientRoles: { app: ['write'] } }] });
    expect((await rolesOf(admin, 'alice')).client).toEqual({ app: ['write'], account: ['view-profile'] });
    await applyOk(realm, { users: [{ username: 'alice', clientRoles: { app: ['write'], account: [] } }] });
    expect((await rolesOf(admin, 'alice')).client).toEqual({ app: ['write'] });
  });

  it('maps roles of a service-account user without creating it', async () => {
    const sa = {
      username: 'service-account-svc',
      enabled: true,
      serviceAccountClientId: 'svc',
      realmRoles: ['viewer'],
      clientRoles: { 'realm-management': ['view-users'] },
    };
    const result = await applyOk(realm, { users: [sa] });
    expect(actionsOf(result.plan)).toEqual(['update user-role-mapping["service-account-svc"]']);
    expect(await rolesOf(realm.admin, 'service-account-svc')).toEqual({
      realm: [`default-roles-${realm.name}`, 'viewer'].sort(),
      client: { 'realm-management': ['view-users'] },
    });
  });

  it('fails clearly when a service-account user does not exist', async () => {
    await realm.admin.createClient({ clientId: 'nosvc', publicClient: true });
    const result = await converge(realm, {
      users: [{ username: 'service-account-nosvc', serviceAccountClientId: 'nosvc', realmRoles: ['viewer'] }],
    });
    expect(actionsOf(result.plan)).toEqual(['create user-role-mapping["service-account-nosvc"]']);
    expect(result.report.ok).toBe(false);
    expect(result.report.failed[0]?.error).toContain('serviceAccountsEnabled');
    expect(await user(realm.admin, 'service-account-nosvc')).toBeUndefined();
  });

  it('reports dangling references at plan time and changes nothing', async () => {
    const result = await converge(realm, {
      users: [
        {
          username: 'carol',
          groups: ['/nope'],
          realmRoles: ['ghost'],
          clientRoles: { app: ['ghost'] },
        },
        { username: 'service-account-nobody', serviceAccountClientId: 'nobody', realmRoles: ['viewer'] },
      ],
    });
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.address, d.path]).sort()).toEqual([
      ['user-group["carol"]', 'users[0].groups[0]'],
      ['user-role-mapping["carol"]', 'users[0].clientRoles["app"][0]'],
      ['user-role-mapping["carol"]', 'users[0].realmRoles[0]'],
      ['user-role-mapping["service-account-nobody"]', 'users[1].serviceAccountClientId'],
    ]);
    expect(errors[0]?.summary).toContain('group["/nope"]');
    expect(result.report.applied).toEqual([]);
    expect(await user(realm.admin, 'carol')).toBeUndefined();
  });

  it('never deletes undeclared users', async () => {
    const result = await applyOk(realm, { users: [] });
    expect(actionsOf(result.plan)).toEqual([]);
    for (const name of ['alice', 'bob', 'bystander']) expect(await user(realm.admin, name)).toBeDefined();
  });
});

describeWithKeycloak('user groups in a realm with default groups', () => {
  const realm = useTestRealm('kind-user-defaults');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const admin = realm.admin;
    ids.customers = await admin.createGroup({ name: 'customers' });
    ids.partners = await admin.createGroup({ name: 'partners' });
    ids.staff = await admin.createGroup({ name: 'staff' });
    ids.admins = await admin.createGroup({ name: 'admins' }, { parent: ids.staff });
    const answer = await admin.rawPut(`/admin/realms/${realm.name}/default-groups/${ids.customers}`);
    expect(answer.status).toBe(204);
  });

  it('keeps the default group of a user who declares other groups, and converges', async () => {
    const result = await applyOk(realm, {
      users: [{ username: 'bob', enabled: true, groups: ['/staff/admins'] }],
    });
    expect(actionsOf(result.plan)).toEqual(['create user-group["bob"]', 'create user["bob"]']);
    expect(await groupsOf(realm.admin, 'bob')).toEqual(['/customers', '/staff/admins']);
    // The live membership in /customers is not part of the compared value.
    const plan = await planOf(realm, { users: [{ username: 'bob', groups: ['/staff/admins'] }] });
    expect(plan.changes.find((c) => c.address === 'user-group["bob"]')?.before).toEqual({
      groups: ['/staff/admins'],
    });
  });

  it('leaves memberships in the groups the manifest declares default alone', async () => {
    const bob = (await user(realm.admin, 'bob'))?.id ?? '';
    await realm.admin.groupUserAdd(bob, ids.partners ?? '');
    const users = [{ username: 'bob', groups: ['/staff/admins'] }];
    expect(actionsOf(await planOf(realm, { defaultGroups: ['/customers', 'partners'], users }))).toEqual([]);
    // Not a default group: the membership is removed as usual.
    expect(actionsOf(await planOf(realm, { users }))).toEqual(['update user-group["bob"]']);
    await applyOk(realm, { users });
    expect(await groupsOf(realm.admin, 'bob')).toEqual(['/customers', '/staff/admins']);
  });

  it('compares a default group the user lists like any other', async () => {
    await applyOk(realm, { users: [{ username: 'dave', enabled: true, groups: ['/customers', '/staff'] }] });
    expect(await groupsOf(realm.admin, 'dave')).toEqual(['/customers', '/staff']);
    const dave = (await user(realm.admin, 'dave'))?.id ?? '';
    await realm.admin.groupUserRemove(dave, ids.customers ?? '');
    const rep = { users: [{ username: 'dave', groups: ['/customers', '/staff'] }] };
    const result = await applyOk(realm, rep);
    expect(actionsOf(result.plan)).toEqual(['update user-group["dave"]']);
    expect(await groupsOf(realm.admin, 'dave')).toEqual(['/customers', '/staff']);
    // No longer listed: a default group is left alone again.
    await applyOk(realm, { users: [{ username: 'dave', groups: ['/staff'] }] });
    expect(await groupsOf(realm.admin, 'dave')).toEqual(['/customers', '/staff']);
  });
});

describeWithKeycloak('user attributes and the user profile', () => {
  const realm = useTestRealm('kind-user-profile');
  const profilePath = () => `/admin/realms/${realm.name}/users/profile`;
  const manifest = (rep: Manifest): ManifestView => ({
    ...manifestOf({ ...rep, realm: realm.name }),
    locate: (path) =>
      path[0] === 'users' ? { file: 'shop.yaml', line: 10 * Number(path[1]) + 1 } : undefined,
  });

  async function setProfile(change: (profile: UserProfileConfig) => UserProfileConfig): Promise<void> {
    const answer = await realm.admin.rawPut(profilePath(), change(await realm.admin.getUserProfile()));
    expect(answer.status).toBe(200);
  }

  const USERS: UserRepresentation[] = [
    { username: 'alice', enabled: true, attributes: attrs({ note: [] }) },
    { username: 'bob', enabled: true, lastName: 'Builder', attributes: attrs({ customerNumber: 'C-1002' }) },
  ];

  it('reports an attribute the user profile would drop, and applies nothing', async () => {
    expect((await realm.admin.getUserProfile()).unmanagedAttributePolicy).toBeUndefined();
    const result = await applyManifest(realm.admin, manifest({ users: USERS }), KINDS);
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([
      {
        severity: 'error',
        address: 'user["bob"]',
        file: 'shop.yaml',
        line: 11,
        path: 'users[1].attributes.customerNumber',
        summary: expect.stringMatching(/customerNumber.*user profile.*unmanagedAttributePolicy/s),
      },
    ]);
    expect(result.report.applied).toEqual([]);
    expect(await user(realm.admin, 'alice')).toBeUndefined();
    expect(await user(realm.admin, 'bob')).toBeUndefined();
  });

  it('applies and converges once the profile allows unmanaged attributes', async () => {
    await setProfile((profile) => ({ ...profile, unmanagedAttributePolicy: 'ENABLED' }));
    await applyOk(realm, { users: USERS });
    expect((await user(realm.admin, 'bob'))?.attributes?.customerNumber).toEqual(['C-1002']);
  });

  it('accepts an attribute the profile declares, and reads the profile only for attributes', async () => {
    await setProfile(({ unmanagedAttributePolicy: _policy, ...profile }) => ({
      ...profile,
      attributes: [
        ...(profile.attributes ?? []),
        { name: 'tier', displayName: 'Tier', permissions: { view: ['admin'], edit: ['admin'] } },
      ],
    }));
    const carol = { username: 'carol', enabled: true, attributes: attrs({ tier: 'gold' }) };
    await applyOk(realm, { users: [carol] });
    expect((await user(realm.admin, 'carol'))?.attributes?.tier).toEqual(['gold']);
    const errors = (await planOf(realm, { users: [carol, USERS[1] as UserRepresentation] })).diagnostics;
    expect(errors.map((d) => d.path)).toEqual(['users[1].attributes.customerNumber']);
    const profileReads: string[] = [];
    const stop = realm.admin.connection.onRequest((event) => {
      if (event.path.endsWith('/users/profile')) profileReads.push(event.method);
    });
    try {
      await planOf(realm, { users: [{ username: 'carol', firstName: 'Carol' }] });
      expect(profileReads).toEqual([]);
      await planOf(realm, { users: [carol, { username: 'dan', attributes: attrs({ tier: 'silver' }) }] });
      expect(profileReads).toEqual(['GET']);
    } finally {
      stop();
    }
  });

  it('never flags the attributes Keycloak manages itself', () => {
    const desired = [
      {
        key: ['eve'] as const,
        value: { attributes: { firstName: ['Eve'], email: ['e@x'], username: ['eve'], lastName: ['X'] } },
        origin: { path: 'users[0]' },
      },
    ];
    expect(userKind.diagnose?.(desired, [], { profile: { attributes: [] }, federated: [] })).toEqual([]);
    expect(
      userKind.diagnose?.(desired, [], {
        profile: { attributes: [], unmanagedAttributePolicy: 'ADMIN_VIEW' },
        federated: [],
      }),
    ).toEqual([]);
  });
});

describeWithKeycloak('user kinds in a realm created by the same plan', () => {
  const name = randomName('kind-user-new');
  const state: { admin?: KeycloakAdmin } = {};
  // Created lazily: without a server the describe is skipped but its body still runs.
  beforeAll(() => {
    state.admin = masterAdmin(name);
  });
  afterAll(async () => {
    await state.admin?.deleteRealm(name).catch(() => undefined);
    await state.admin?.close();
  });

  it('maps built-in roles without dangling-reference errors and converges', async () => {
    const admin = state.admin as KeycloakAdmin;
    const rep = {
      realm: name,
      enabled: true,
      users: [
        {
          username: 'eve',
          enabled: true,
          realmRoles: ['offline_access'],
          clientRoles: { 'realm-management': ['view-users'], account: ['view-profile'] },
        },
      ],
    };
    const result = await applyManifest(admin, manifestOf(rep), KINDS);
    expect(result.plan.diagnostics).toEqual([]);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await rolesOf(admin, 'eve')).toEqual({
      realm: [`default-roles-${name}`, 'offline_access'].sort(),
      client: { account: ['view-profile'], 'realm-management': ['view-users'] },
    });
  });

  it('reports attributes the default user profile of the new realm would drop', async () => {
    const admin = state.admin as KeycloakAdmin;
    const other = randomName('kind-user-never');
    const rep = { realm: other, users: [{ username: 'eve', attributes: attrs({ shoeSize: '42' }) }] };
    const { plan } = (await planRealm(admin, manifestOf(rep), KINDS, { sources: [] })).work;
    expect(plan.diagnostics.map((d) => [d.severity, d.address, d.path])).toEqual([
      ['error', 'user["eve"]', 'users[0].attributes.shoeSize'],
    ]);
    expect(plan.diagnostics[0]?.summary).toContain('new realm');
  });
});

describeWithKeycloak('user kinds in a large realm with email as username', () => {
  const realm = useTestRealm('kind-user-big', { registrationEmailAsUsername: true });

  beforeAll(async () => {
    // More users than one page (100): a manifest with few users looks them up one by one.
    const names = Array.from({ length: 120 }, (_, i) => `filler-${i}@example.com`);
    for (let i = 0; i < names.length; i += 10) {
      await Promise.all(
        names.slice(i, i + 10).map((email) => realm.admin.createUser({ email, enabled: true })),
      );
    }
  });

  it('keys users by email and reads only the declared ones', async () => {
    const rep = {
      registrationEmailAsUsername: true,
      users: [{ email: 'Dora@Example.com', firstName: 'Dora', enabled: true }],
    };
    const result = await applyOk(realm, rep);
    expect(actionsOf(result.plan)).toEqual(['create user["dora@example.com"]']);
    expect((await user(realm.admin, 'dora@example.com'))?.firstName).toBe('Dora');
    const connection = realm.admin.connection;
    const before = connection.requestCount;
    const plan = await planOf(realm, { users: rep.users });
    expect(actionsOf(plan)).toEqual([]);
    // realm lookup + count + one exact lookup (+ a token refresh at most): not 2 pages of users.
    expect(connection.requestCount - before).toBeLessThanOrEqual(5);
  });
});

describeWithKeycloak('user kinds with more users than groups and roles', () => {
  const realm = useTestRealm('kind-user-many');
  const ids: Record<string, string> = {};
  const GROUPS = ['/red', '/red/dark', '/blue'];

  beforeAll(async () => {
    const admin = realm.admin;
    await admin.createRealmRole({ name: 'viewer' });
    await admin.createRealmRole({ name: 'editor' });
    const app = await admin.createClient({ clientId: 'app', publicClient: true });
    await admin.createClientRole(app, { name: 'read' });
    await admin.createClientRole(app, { name: 'write' });
    await admin.createClient({ clientId: 'svc', publicClient: false, serviceAccountsEnabled: true });
    ids.red = await admin.createGroup({ name: 'red' });
    ids.dark = await admin.createGroup({ name: 'dark' }, { parent: ids.red });
    ids.blue = await admin.createGroup({ name: 'blue' });
  });

  const defaultRole = () => `default-roles-${realm.name}`;
  const clientRolesOf = (i: number): Record<string, string[]> =>
    i === 1 ? { app: ['read'], account: [] } : { app: ['write'] };
  const manifest = (): Manifest => ({
    users: [
      ...Array.from({ length: 30 }, (_, i) => ({
        username: `member-${String(i).padStart(2, '0')}`,
        enabled: true,
        groups: i === 29 ? [] : [GROUPS[i % 3] as string],
        realmRoles: i === 0 ? ['viewer', defaultRole()] : [i % 2 ? 'viewer' : 'editor'],
        ...(i % 5 === 0 ? {} : { clientRoles: clientRolesOf(i) }),
      })),
      {
        username: 'service-account-svc',
        serviceAccountClientId: 'svc',
        groups: ['/blue'],
        realmRoles: ['editor'],
        clientRoles: { app: ['read'] },
      },
    ],
  });

  /** The user kinds with both reads forced one way. */
  const kindsGoing = (direction: Direction): KindDefinition[] =>
    [
      realmKind,
      userKind,
      makeUserGroupKind({ direction }),
      makeUserRoleMappingKind({ direction }),
      ...READERS,
    ] as KindDefinition[];

  /** Requests of a plan by what they read. */
  async function countedPlan(
    rep: Manifest,
    kinds = KINDS,
  ): Promise<{ plan: Plan; reads: Record<string, number> }> {
    const reads: Record<string, number> = {};
    const stop = realm.admin.connection.onRequest((event) => {
      const kind = /\/groups\/[^/]+\/members/.test(event.path)
        ? 'group-members'
        : /\/roles\/[^/]+\/users/.test(event.path)
          ? 'role-users'
          : /\/users\/[^/]+\/groups/.test(event.path)
            ? 'user-groups'
            : /\/users\/[^/]+\/role-mappings/.test(event.path)
              ? 'user-role-mappings'
              : undefined;
      if (kind && event.attempt <= 1) reads[kind] = (reads[kind] ?? 0) + 1;
    });
    try {
      const plan = (
        await planRealm(realm.admin, manifestOf({ ...rep, realm: realm.name }), kinds, { sources: [] })
      ).work.plan;
      return { plan, reads };
    } finally {
      stop();
    }
  }

  /** The live values of the membership and mapping kinds, lists sorted (they compare as sets). */
  function liveValues(plan: Plan): Record<string, unknown> {
    const sorted = (value: unknown): unknown =>
      Array.isArray(value)
        ? [...value].sort()
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([key, inner]) => [key, sorted(inner)]),
            )
          : value;
    return Object.fromEntries(
      plan.changes
        .filter((change) => /^user-(group|role-mapping)\[/.test(change.address))
        .map((change) => [change.address, sorted(change.before)]),
    );
  }

  it('converges with memberships and mappings of 30 users and a service account', async () => {
    await applyOk(realm, manifest());
    expect(await groupsOf(realm.admin, 'member-04')).toEqual(['/red/dark']);
    expect(await groupsOf(realm.admin, 'service-account-svc')).toEqual(['/blue']);
    expect(await rolesOf(realm.admin, 'member-01')).toEqual({
      realm: [defaultRole(), 'viewer'].sort(),
      client: { app: ['read'] },
    });
    expect(await rolesOf(realm.admin, 'service-account-svc')).toEqual({
      realm: [defaultRole(), 'editor'].sort(),
      client: { app: ['read'] },
    });
  });

  it('reads per group and per role: one request each instead of one per user', async () => {
    const exported = await realm.admin.exportRealm({ exportClients: true, exportGroupsAndRoles: true });
    // Every realm role (default-roles is listed by member-00), app's roles, and account's
    // (listed by member-01); other built-in clients' roles cannot be part of any value.
    const roles =
      (exported.roles?.realm ?? []).length +
      (exported.roles?.client?.app ?? []).length +
      (exported.roles?.client?.account ?? []).length;
    const { plan, reads } = await countedPlan(manifest());
    expect(actionsOf(plan)).toEqual([]);
    expect(reads).toEqual({ 'group-members': GROUPS.length, 'role-users': roles });
    // Per user: one request per user and kind.
    const perUser = await countedPlan(manifest(), kindsGoing('per-user'));
    expect(actionsOf(perUser.plan)).toEqual([]);
    expect(perUser.reads).toEqual({ 'user-groups': 31, 'user-role-mappings': 31 });
  });

  it('reads the same live values both ways, drift included', async () => {
    const admin = realm.admin;
    const idOf = async (name: string) => (await user(admin, name))?.id ?? '';
    const account = (await admin.getClientId('account')) ?? '';
    const app = (await admin.getClientId('app')) ?? '';
    await admin.groupUserAdd(await idOf('member-05'), ids.red ?? '');
    await admin.groupUserRemove(await idOf('member-06'), ids.red ?? '');
    await admin.groupUserAdd(await idOf('member-29'), ids.dark ?? '');
    await admin.assignRealmRoles(await idOf('member-07'), [await admin.getRealmRole('offline_access')]);
    await admin.deleteRealmRolesOfUser(await idOf('member-02'), [await admin.getRealmRole(defaultRole())]);
    for (const name of ['member-01', 'member-03', 'member-05']) {
      await admin.assignClientRole(
        await idOf(name),
        account,
        await admin.getClientRole(account, 'view-profile'),
      );
    }
    await admin.assignClientRole(await idOf('member-08'), app, await admin.getClientRole(app, 'read'));
    const perUser = liveValues((await countedPlan(manifest(), kindsGoing('per-user'))).plan);
    const perContainer = liveValues((await countedPlan(manifest(), kindsGoing('per-container'))).plan);
    expect(Object.keys(perUser)).toHaveLength(62);
    expect(perContainer).toEqual(perUser);
    expect(perUser['user-group["member-05"]']).toEqual({ groups: ['/blue', '/red'] });
    expect(perUser['user-role-mapping["member-01"]']).toEqual({
      realmRoles: ['viewer'],
      clientRoles: { account: ['view-profile'], app: ['read'] },
    });
    // The default plan picks per group / per role here and repairs the drift.
    const result = await applyOk(realm, manifest());
    expect(actionsOf(result.plan)).toEqual([
      'update user-group["member-05"]',
      'update user-group["member-06"]',
      'update user-group["member-29"]',
      'update user-role-mapping["member-01"]',
      'update user-role-mapping["member-07"]',
      'update user-role-mapping["member-08"]',
    ]);
    expect((await rolesOf(admin, 'member-03')).client.account).toEqual(['view-profile']);
    expect((await rolesOf(admin, 'member-01')).client.account).toBeUndefined();
  });
});

describeWithKeycloak('requests of a new user', () => {
  const realm = useTestRealm('kind-user-new');
  beforeAll(() => seed(realm));

  it('writes a new user with its groups in one POST, its roles in one POST per endpoint, reading nothing back', async () => {
    const users = ['newbie-1', 'newbie-2', 'newbie-3'];
    const manifest = manifestOf({
      realm: realm.name,
      users: users.map((username) => ({
        username,
        enabled: true,
        groups: ['/staff/ops', '/guests'],
        realmRoles: ['viewer', 'editor'],
        clientRoles: { app: ['read'] },
      })),
    });
    const planning = await planRealm(realm.admin, manifest, KINDS, { sources: [] });
    const requests: string[] = [];
    const stop = realm.admin.connection.onRequest((event) => {
      if (event.attempt <= 1) requests.push(`${event.method} ${event.path}`);
    });
    const report = await applyRealm(realm.admin, manifest, planning, KINDS).finally(stop);
    expect(report.failed).toEqual([]);
    expect(report.applied).toHaveLength(users.length * 3);
    const writes = requests.filter((line) => !line.startsWith('GET')).sort();
    // POST /users (groups in the body), POST realm role mappings, POST app's role mappings.
    expect(writes).toEqual(
      users
        .flatMap(() => [
          'POST /admin/realms/{realm}/users',
          'POST /admin/realms/{realm}/users/{id}/role-mappings/clients/{clientId}',
          'POST /admin/realms/{realm}/users/{id}/role-mappings/realm',
        ])
        .sort(),
    );
    // No lookup by username (the id comes from Location), no read of what was just created;
    // the roles and the client are looked up once for all users.
    expect(requests.filter((line) => line.startsWith('GET') && line.includes('/users'))).toEqual([]);
    expect(requests.filter((line) => line.startsWith('GET')).length).toBeLessThanOrEqual(4);
    for (const username of users) {
      expect(await groupsOf(realm.admin, username)).toEqual(['/guests', '/staff/ops']);
      expect(await rolesOf(realm.admin, username)).toEqual({
        realm: [`default-roles-${realm.name}`, 'editor', 'viewer'].sort(),
        client: { app: ['read'] },
      });
    }
    expect(actionsOf(await planOf(realm, { users: manifest.representation.users }))).toEqual([]);
  });

  it('still creates the user when a group of its POST is missing; the membership change fails alone', async () => {
    const manifest = manifestOf({
      realm: realm.name,
      users: [{ username: 'newbie-lost', enabled: true, groups: ['/guests', '/missing'] }],
    });
    // The reference check would refuse the plan: apply a plan whose user-group change names a
    // group that is gone by apply time.
    await realm.admin.createGroup({ name: 'missing' });
    const planning = await planRealm(realm.admin, manifest, KINDS, { sources: [] });
    const missing = await realm.admin.getGroupByPath('/missing');
    await realm.admin.deleteGroup(missing?.id ?? '');
    const report = await applyRealm(realm.admin, manifest, planning, KINDS);
    expect(report.applied).toContain('user["newbie-lost"]');
    expect(report.failed.map((failure) => failure.address)).toEqual(['user-group["newbie-lost"]']);
    expect(await groupsOf(realm.admin, 'newbie-lost')).toEqual(['/guests']);
  });
});
