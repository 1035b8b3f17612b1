import { expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import type {
  ClientRepresentation,
  PolicyRepresentation,
  RealmRepresentation,
  ResourceRepresentation,
  ResourceServerRepresentation,
} from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { authzPermissionKind } from '../../src/kinds/authz-permission.js';
import { authzPolicyKind } from '../../src/kinds/authz-policy.js';
import { authzResourceKind } from '../../src/kinds/authz-resource.js';
import { authzScopeKind } from '../../src/kinds/authz-scope.js';
import { authzSettingsKind } from '../../src/kinds/authz-settings.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import type { KindDefinition } from '../../src/kinds/kind.js';
import { describeWithKeycloak, serverHas, useTestRealm } from '../support/keycloak.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

/** The cross-area order the lead wires in src/kinds/index.ts: clients, roles, groups, users first. */
const wired = (kind: KindDefinition, extra: string[]): KindDefinition => ({
  ...kind,
  dependsOn: [...kind.dependsOn, ...extra],
});
const KINDS = [
  ...ALL_KINDS,
  wired(authzSettingsKind as KindDefinition, ['client']),
  authzScopeKind,
  // Resource owners may be users created in the same apply.
  wired(authzResourceKind as KindDefinition, ['user']),
  wired(authzPolicyKind as KindDefinition, ['realm-role', 'client-role', 'group', 'user', 'client-scope']),
  authzPermissionKind,
] as KindDefinition[];

const json = (value: unknown) => JSON.stringify(value);
/** A role policy names at least one role: 24 answers 500 to one without. */
const ADMINS_ROLES = { roles: json([{ id: 'admin' }]) };

const SCOPES = [
  { name: 'read', displayName: 'Read' },
  { name: 'write', iconUri: 'https://example.org/w.png' },
];
const RESOURCES: ResourceRepresentation[] = [
  { name: 'Docs', uri: '/docs/*', type: 'urn:app:docs', scopes: [{ name: 'read' }, { name: 'write' }] },
  {
    name: 'Reports',
    uris: ['/reports/*'],
    owner: { name: 'alice' },
    // A single string, as keycloak-config-cli files write it (Keycloak stores a list).
    attributes: { team: 'blue' } as unknown as Record<string, string[]>,
    scopes: [{ name: 'read' }],
  },
];
const POLICIES: PolicyRepresentation[] = [
  {
    name: 'Admins',
    type: 'role',
    config: { roles: json([{ id: 'admin' }, { id: 'other/viewer', required: true }]) },
  },
  {
    name: 'Oncall',
    type: 'group',
    config: { groups: json([{ path: '/ops/oncall', extendChildren: false }]) },
  },
  { name: 'Alice', type: 'user', config: { users: json(['alice']) } },
  { name: 'Other client', type: 'client', config: { clients: json(['other']) } },
  { name: 'Office hours', type: 'time', config: { hour: '8', hourEnd: '17' } },
  { name: 'Scoped', type: 'client-scope', config: { clientScopes: json([{ id: 'my-scope' }]) } },
  {
    name: 'Anyone',
    type: 'aggregate',
    decisionStrategy: 'AFFIRMATIVE',
    config: { applyPolicies: json(['Admins', 'Alice']) },
  },
  {
    name: 'Docs permission',
    type: 'resource',
    description: 'who may use the docs',
    config: { resources: json(['Docs']), applyPolicies: json(['Anyone']) },
  },
  {
    name: 'Write permission',
    type: 'scope',
    config: { resources: json(['Docs']), scopes: json(['write']), applyPolicies: json(['Admins']) },
  },
];
const SETTINGS: ResourceServerRepresentation = {
  policyEnforcementMode: 'ENFORCING',
  decisionStrategy: 'UNANIMOUS',
  scopes: SCOPES,
  resources: RESOURCES,
  policies: POLICIES,
};

describeWithKeycloak('authorization kinds (authz-settings, -scope, -resource, -policy, -permission)', () => {
  const realm = useTestRealm('kauthz');
  const app: ClientRepresentation = {
    clientId: 'app',
    publicClient: false,
    serviceAccountsEnabled: true,
    authorizationServicesEnabled: true,
  };
  /** A client with authorization that never declares `authorizationSettings`: left alone. */
  const plain: ClientRepresentation = { ...app, clientId: 'plain' };
  const manifest = (settings: ResourceServerRepresentation | undefined, extra: RealmRepresentation = {}) => ({
    realm: realm.name,
    roles: { realm: [{ name: 'admin' }, { name: 'user' }], client: { other: [{ name: 'viewer' }] } },
    groups: [{ name: 'ops', subGroups: [{ name: 'oncall' }] }],
    users: [
      { username: 'alice', enabled: true },
      { username: 'bob', enabled: true },
    ],
    clientScopes: [{ name: 'my-scope', protocol: 'openid-connect' }],
    clients: [settings ? { ...app, authorizationSettings: settings } : app, { clientId: 'other' }, plain],
    ...extra,
  });
  const run = (settings: ResourceServerRepresentation | undefined, extra: RealmRepresentation = {}) =>
    applyManifest(realm.admin, manifestOf(manifest(settings, extra)), KINDS);
  const uuidOf = async (clientId: string) => (await realm.admin.getClientId(clientId)) as string;
  const live = async (clientId = 'app') => realm.admin.getClientAuthzSettings(await uuidOf(clientId));
  const policy = async (name: string, clientId = 'app') =>
    (await live(clientId)).policies?.find((candidate) => candidate.name === name);
  const parsed = (value: string | undefined) => JSON.parse(value ?? '[]') as unknown[];

  it('creates settings, scopes, resources, every policy type and both permission types, and converges', async () => {
    const result = await run(SETTINGS);
    expect(result.report.failed).toEqual([]);
    const authz = actionsOf(result.plan).filter((action) => action.includes('authz'));
    expect(authz).toEqual([
      'create authz-permission["app"]["Docs permission"]',
      'create authz-permission["app"]["Write permission"]',
      'create authz-policy["app"]["Admins"]',
      'create authz-policy["app"]["Alice"]',
      'create authz-policy["app"]["Anyone"]',
      'create authz-policy["app"]["Office hours"]',
      'create authz-policy["app"]["Oncall"]',
      'create authz-policy["app"]["Other client"]',
      'create authz-policy["app"]["Scoped"]',
      'create authz-resource["app"]["Docs"]',
      'create authz-resource["app"]["Reports"]',
      'create authz-scope["app"]["read"]',
      'create authz-scope["app"]["write"]',
      'create authz-settings["app"]',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);

    const settings = await live();
    expect(settings.policyEnforcementMode).toBe('ENFORCING');
    // (24 lists the scopes' ids too.)
    expect(settings.scopes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'read', displayName: 'Read' }),
        expect.objectContaining({ name: 'write', iconUri: 'https://example.org/w.png' }),
      ]),
    );
    const docs = settings.resources?.find((resource) => resource.name === 'Docs');
    expect(docs?.uris).toEqual(['/docs/*']);
    expect(docs?.scopes?.map((scope) => scope.name).sort()).toEqual(['read', 'write']);
    const reports = settings.resources?.find((resource) => resource.name === 'Reports');
    expect(reports?.owner).toEqual({ name: 'alice' });
    expect(reports?.attributes).toEqual({ team: ['blue'] });
    expect(parsed((await policy('Admins'))?.config?.roles)).toEqual(
      expect.arrayContaining([
        { id: 'admin', required: false },
        { id: 'other/viewer', required: true },
      ]),
    );
    expect(parsed((await policy('Oncall'))?.config?.groups)).toEqual([
      { path: '/ops/oncall', extendChildren: false },
    ]);
    expect(parsed((await policy('Alice'))?.config?.users)).toEqual(['alice']);
    expect(parsed((await policy('Other client'))?.config?.clients)).toEqual(['other']);
    expect((await policy('Office hours'))?.config).toEqual({ hour: '8', hourEnd: '17' });
    expect(parsed((await policy('Scoped'))?.config?.clientScopes)).toEqual([
      { id: 'my-scope', required: false },
    ]);
    const anyone = await policy('Anyone');
    expect(anyone?.decisionStrategy).toBe('AFFIRMATIVE');
    expect(parsed(anyone?.config?.applyPolicies).sort()).toEqual(['Admins', 'Alice']);
    const docsPermission = await policy('Docs permission');
    expect(docsPermission?.description).toBe('who may use the docs');
    expect(parsed(docsPermission?.config?.resources)).toEqual(['Docs']);
    expect(parsed((await policy('Write permission'))?.config?.scopes)).toEqual(['write']);
  });

  it('updates every policy type, both permission types, resources, scopes and settings; undeclared fields stay', async () => {
    // Set by hand, never declared: must survive.
    const uuid = await uuidOf('app');
    // (Search by name finds only resources the client owns: list instead.)
    const reports = (await realm.admin.getClientAuthzResources(uuid)).find(
      (entry) => entry.name === 'Reports',
    );
    await realm.admin.updateClientAuthzResource(uuid, reports?._id as string, {
      ...reports,
      displayName: 'Set by hand',
    });
    const alice = await realm.admin.getClientAuthzPolicyByName(uuid, 'Alice');
    await realm.admin.updateClientAuthzPolicy(uuid, alice?.id as string, {
      ...alice,
      description: 'set by hand',
      config: { users: json(['alice']) },
    });

    const changed: ResourceServerRepresentation = {
      ...SETTINGS,
      policyEnforcementMode: 'PERMISSIVE',
      scopes: [{ name: 'read', displayName: 'Read it' }, SCOPES[1] as object],
      resources: [
        { ...RESOURCES[0], uri: undefined, uris: ['/docs/*', '/manuals/*'], scopes: [{ name: 'read' }] },
        { ...RESOURCES[1], attributes: { team: ['blue', 'green'] } },
      ],
      policies: [
        { name: 'Admins', type: 'role', config: { roles: json([{ id: 'admin', required: true }]) } },
        { name: 'Oncall', type: 'group', config: { groups: json([{ path: '/ops', extendChildren: true }]) } },
        { name: 'Alice', type: 'user', logic: 'NEGATIVE', config: { users: json(['alice', 'bob']) } },
        { name: 'Other client', type: 'client', config: { clients: json(['other', 'plain']) } },
        { name: 'Office hours', type: 'time', config: { hour: '9' } },
        {
          name: 'Scoped',
          type: 'client-scope',
          config: { clientScopes: json([{ id: 'my-scope', required: true }]) },
        },
        { name: 'Anyone', type: 'aggregate', config: { applyPolicies: json(['Admins', 'Oncall']) } },
        {
          name: 'Docs permission',
          type: 'resource',
          config: { resources: json(['Docs', 'Reports']), applyPolicies: json(['Anyone']) },
        },
        {
          name: 'Write permission',
          type: 'scope',
          decisionStrategy: 'AFFIRMATIVE',
          config: { scopes: json(['read', 'write']), applyPolicies: json(['Admins', 'Scoped']) },
        },
      ],
    };
    const result = await run(changed);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan).filter((action) => action.includes('authz'))).toEqual([
      'update authz-permission["app"]["Docs permission"]',
      'update authz-permission["app"]["Write permission"]',
      'update authz-policy["app"]["Admins"]',
      'update authz-policy["app"]["Alice"]',
      'update authz-policy["app"]["Anyone"]',
      'update authz-policy["app"]["Office hours"]',
      'update authz-policy["app"]["Oncall"]',
      'update authz-policy["app"]["Other client"]',
      'update authz-policy["app"]["Scoped"]',
      'update authz-resource["app"]["Docs"]',
      'update authz-resource["app"]["Reports"]',
      'update authz-scope["app"]["read"]',
      'update authz-settings["app"]',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);

    const settings = await live();
    expect(settings.policyEnforcementMode).toBe('PERMISSIVE');
    expect(settings.decisionStrategy).toBe('UNANIMOUS');
    expect(settings.scopes?.find((scope) => scope.name === 'read')?.displayName).toBe('Read it');
    const docs = settings.resources?.find((resource) => resource.name === 'Docs');
    expect(docs?.uris?.slice().sort()).toEqual(['/docs/*', '/manuals/*']);
    expect(docs?.scopes?.map((scope) => scope.name)).toEqual(['read']);
    const reportsNow = settings.resources?.find((resource) => resource.name === 'Reports');
    expect(reportsNow?.displayName).toBe('Set by hand');
    expect(reportsNow?.attributes?.team?.slice().sort()).toEqual(['blue', 'green']);
    expect(parsed((await policy('Admins'))?.config?.roles)).toEqual([{ id: 'admin', required: true }]);
    expect(parsed((await policy('Oncall'))?.config?.groups)).toEqual([
      { path: '/ops', extendChildren: true },
    ]);
    const alicePolicy = await policy('Alice');
    expect(alicePolicy?.logic).toBe('NEGATIVE');
    expect(alicePolicy?.description).toBe('set by hand');
    expect(parsed(alicePolicy?.config?.users).sort()).toEqual(['alice', 'bob']);
    expect(parsed((await policy('Other client'))?.config?.clients).sort()).toEqual(['other', 'plain']);
    // A declared time policy is exactly what it declares: hourEnd is gone.
    expect((await policy('Office hours'))?.config).toEqual({ hour: '9' });
    expect(parsed((await policy('Scoped'))?.config?.clientScopes)).toEqual([
      { id: 'my-scope', required: true },
    ]);
    const anyone = await policy('Anyone');
    expect(parsed(anyone?.config?.applyPolicies).sort()).toEqual(['Admins', 'Oncall']);
    // Not declared this time: kept.
    expect(anyone?.decisionStrategy).toBe('AFFIRMATIVE');
    const docsPermission = await policy('Docs permission');
    expect(docsPermission?.description).toBe('who may use the docs');
    expect(parsed(docsPermission?.config?.resources).sort()).toEqual(['Docs', 'Reports']);
    const write = await policy('Write permission');
    expect(write?.decisionStrategy).toBe('AFFIRMATIVE');
    expect(parsed(write?.config?.scopes).sort()).toEqual(['read', 'write']);
    // `resources` not declared: kept.
    expect(parsed(write?.config?.resources)).toEqual(['Docs']);
    expect(parsed(write?.config?.applyPolicies).sort()).toEqual(['Admins', 'Scoped']);
  });

  it('deletes undeclared objects of declaring clients only (defaults too, unless the server made them), and converges', async () => {
    // Up to 26.4 Keycloak creates these itself (kept: the server's own); on newer versions they
    // are what the admin console creates (deleted like any undeclared object).
    const serverDefaults = serverHas('defaultAuthorizationObjects');
    const uuid = await uuidOf('app');
    if (!serverDefaults) {
      await realm.admin.createClientAuthzResource(uuid, { name: 'Default Resource', uris: ['/*'] });
      await realm.admin
        .createClientAuthzPolicy(uuid, {
          name: 'Default Policy',
          type: 'js',
          config: { code: '$evaluation.grant();' },
        })
        .catch(() =>
          realm.admin.createClientAuthzPolicy(uuid, {
            name: 'Default Policy',
            type: 'user',
            config: { users: json(['bob']) },
          }),
        );
      await realm.admin.createClientAuthzPolicy(uuid, {
        name: 'Default Permission',
        type: 'resource',
        config: { resources: json(['Default Resource']), applyPolicies: json(['Default Policy']) },
      });
    }
    // On a client that does not declare authorizationSettings: untouched.
    const plainUuid = await uuidOf('plain');
    await realm.admin.createClientAuthzScopes(plainUuid, { name: 'kept' });
    await realm.admin.createClientAuthzPolicy(plainUuid, {
      name: 'kept',
      type: 'user',
      config: { users: json(['bob']) },
    });

    const result = await run({
      policyEnforcementMode: 'PERMISSIVE',
      scopes: [{ name: 'read' }],
      resources: [{ name: 'Docs', scopes: [{ name: 'read' }] }],
      policies: [
        { name: 'Admins', type: 'role' },
        {
          name: 'Docs permission',
          type: 'resource',
          config: { resources: json(['Docs']), applyPolicies: json(['Admins']) },
        },
      ],
    });
    expect(result.report.failed).toEqual([]);
    expect(
      actionsOf(result.plan)
        .filter((action) => action.includes('authz'))
        .sort(),
    ).toEqual(
      [
        'update authz-permission["app"]["Docs permission"]',
        'delete authz-permission["app"]["Write permission"]',
        'delete authz-policy["app"]["Alice"]',
        'delete authz-policy["app"]["Anyone"]',
        'delete authz-policy["app"]["Office hours"]',
        'delete authz-policy["app"]["Oncall"]',
        'delete authz-policy["app"]["Other client"]',
        'delete authz-policy["app"]["Scoped"]',
        'delete authz-resource["app"]["Reports"]',
        'delete authz-scope["app"]["write"]',
        ...(serverDefaults
          ? []
          : [
              'delete authz-permission["app"]["Default Permission"]',
              'delete authz-policy["app"]["Default Policy"]',
              'delete authz-resource["app"]["Default Resource"]',
            ]),
      ].sort(),
    );
    expect(actionsOf(result.replan)).toEqual([]);
    const defaults = (names: string[]) => (serverDefaults ? names : []);
    const settings = await live();
    expect(settings.scopes?.map((scope) => scope.name)).toEqual(['read']);
    expect(settings.resources?.map((resource) => resource.name).sort()).toEqual([
      ...defaults(['Default Resource']),
      'Docs',
    ]);
    expect(settings.policies?.map((entry) => entry.name).sort()).toEqual(
      ['Admins', 'Docs permission', ...defaults(['Default Permission', 'Default Policy'])].sort(),
    );
    const plainSettings = await live('plain');
    expect(plainSettings.scopes?.map((scope) => scope.name)).toEqual(['kept']);
    expect(plainSettings.policies?.map((entry) => entry.name).sort()).toEqual(
      [...defaults(['Default Permission', 'Default Policy']), 'kept'].sort(),
    );
  });

  it('creates aggregates after the policies they name, also aggregates of aggregates', async () => {
    const result = await run({
      scopes: [{ name: 'read' }],
      resources: [{ name: 'Docs', scopes: [{ name: 'read' }] }],
      policies: [
        { name: 'Admins', type: 'role' },
        { name: 'A outer', type: 'aggregate', config: { applyPolicies: json(['B inner', 'Admins']) } },
        { name: 'B inner', type: 'aggregate', config: { applyPolicies: json(['Z users']) } },
        { name: 'Z users', type: 'user', config: { users: json(['bob']) } },
        {
          name: 'Docs permission',
          type: 'resource',
          config: { resources: json(['Docs']), applyPolicies: json(['A outer']) },
        },
      ],
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(parsed((await policy('A outer'))?.config?.applyPolicies).sort()).toEqual(['Admins', 'B inner']);
    expect(parsed((await policy('B inner'))?.config?.applyPolicies)).toEqual(['Z users']);
    expect(parsed((await policy('Docs permission'))?.config?.applyPolicies)).toEqual(['A outer']);
  });

  it("changes a policy's type and a resource's owner without losing the permissions that depend on them", async () => {
    const before: ResourceServerRepresentation & { policies: PolicyRepresentation[] } = {
      scopes: [{ name: 'read' }],
      resources: [{ name: 'Docs', owner: { name: 'alice' }, scopes: [{ name: 'read' }] }],
      policies: [
        { name: 'Who', type: 'role', config: { roles: json([{ id: 'admin' }]) } },
        {
          name: 'Docs permission',
          type: 'resource',
          config: { resources: json(['Docs']), applyPolicies: json(['Who']) },
        },
        {
          name: 'Read permission',
          type: 'scope',
          config: { scopes: json(['read']), applyPolicies: json(['Who']) },
        },
      ],
    };
    const first = await run(before);
    expect(first.report.failed).toEqual([]);
    expect(actionsOf(first.replan)).toEqual([]);

    const result = await run({
      ...before,
      resources: [{ name: 'Docs', owner: { name: 'bob' }, scopes: [{ name: 'read' }] }],
      policies: [
        { name: 'Who', type: 'user', config: { users: json(['bob']) } },
        ...before.policies.slice(1),
      ],
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan).filter((action) => action.includes('authz'))).toEqual([
      'update authz-policy["app"]["Who"]',
      'update authz-resource["app"]["Docs"]',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    const who = await policy('Who');
    expect(who?.type).toBe('user');
    expect(parsed(who?.config?.users)).toEqual(['bob']);
    expect((await live()).resources?.find((resource) => resource.name === 'Docs')?.owner).toEqual({
      name: 'bob',
    });
    expect(parsed((await policy('Docs permission'))?.config?.resources)).toEqual(['Docs']);
    expect(parsed((await policy('Docs permission'))?.config?.applyPolicies)).toEqual(['Who']);
    expect(parsed((await policy('Read permission'))?.config?.applyPolicies)).toEqual(['Who']);
  });

  it('moves a name from a policy to a permission in one apply', async () => {
    const result = await run({
      scopes: [{ name: 'read' }],
      resources: [{ name: 'Docs', scopes: [{ name: 'read' }] }],
      policies: [
        { name: 'Admins', type: 'role', config: ADMINS_ROLES },
        {
          name: 'Who',
          type: 'resource',
          config: { resources: json(['Docs']), applyPolicies: json(['Admins']) },
        },
      ],
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect((await policy('Who'))?.type).toBe('resource');
  });

  it('keeps a permission whose only policy, resource or scope is deleted when it does not declare that list', async () => {
    const first = await run({
      scopes: [{ name: 'read' }, { name: 'gone-scope' }],
      resources: [{ name: 'Docs' }, { name: 'Gone' }],
      policies: [
        { name: 'Admins', type: 'role', config: ADMINS_ROLES },
        { name: 'Gone policy', type: 'user', config: { users: json(['bob']) } },
        {
          name: 'By resource',
          type: 'resource',
          config: { resources: json(['Gone']), applyPolicies: json(['Gone policy']) },
        },
        {
          name: 'By scope',
          type: 'scope',
          config: { scopes: json(['gone-scope']), applyPolicies: json(['Admins']) },
        },
      ],
    });
    expect(first.report.failed).toEqual([]);
    expect(actionsOf(first.replan)).toEqual([]);
    // Keycloak would delete both permissions with the last policy, resource or scope they name.
    const result = await run({
      scopes: [{ name: 'read' }],
      resources: [{ name: 'Docs' }],
      policies: [
        { name: 'Admins', type: 'role' },
        { name: 'By resource', type: 'resource', description: 'kept' },
        { name: 'By scope', type: 'scope', description: 'kept' },
      ],
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    const byResource = await policy('By resource');
    expect(byResource?.description).toBe('kept');
    expect(parsed(byResource?.config?.resources)).toEqual([]);
    expect(parsed(byResource?.config?.applyPolicies)).toEqual([]);
    const byScope = await policy('By scope');
    expect(byScope?.description).toBe('kept');
    expect(parsed(byScope?.config?.scopes)).toEqual([]);
  });

  it('reports dangling references at plan time with their address, and changes nothing', async () => {
    const before = await live();
    const result = await run({
      scopes: [{ name: 'read' }],
      resources: [
        { name: 'Docs', scopes: [{ name: 'read' }, { name: 'nope-scope' }] },
        { name: 'Owned', owner: { name: 'nobody' } },
      ],
      policies: [
        {
          name: 'Roles',
          type: 'role',
          config: { roles: json([{ id: 'missing-role' }, { id: 'other/missing' }]) },
        },
        { name: 'Groups', type: 'group', config: { groups: json([{ path: '/missing' }]) } },
        { name: 'Users', type: 'user', config: { users: json(['nobody']) } },
        { name: 'Clients', type: 'client', config: { clients: json(['missing-client']) } },
        { name: 'Scopes', type: 'client-scope', config: { clientScopes: json([{ id: 'missing-scope' }]) } },
        { name: 'Agg', type: 'aggregate', config: { applyPolicies: json(['missing-policy']) } },
        {
          name: 'Perm',
          type: 'scope',
          config: {
            resources: json(['missing-resource']),
            scopes: json(['missing']),
            applyPolicies: json(['Roles']),
          },
        },
      ],
    });
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    const at = (addr: string) => errors.filter((d) => d.address === addr).map((d) => d.path);
    // The declared `scopes` list is the list: a resource naming another scope is a typo.
    expect(at('authz-resource["app"]["Docs"]')).toEqual([
      'clients[0].authorizationSettings.resources[0].scopes[1]',
    ]);
    expect(at('authz-resource["app"]["Owned"]')).toEqual([
      'clients[0].authorizationSettings.resources[1].owner',
    ]);
    expect(at('authz-policy["app"]["Roles"]')).toEqual([
      'clients[0].authorizationSettings.policies[0].config.roles[0]',
      'clients[0].authorizationSettings.policies[0].config.roles[1]',
    ]);
    expect(at('authz-policy["app"]["Groups"]')).toEqual([
      'clients[0].authorizationSettings.policies[1].config.groups[0]',
    ]);
    expect(at('authz-policy["app"]["Users"]')).toEqual([
      'clients[0].authorizationSettings.policies[2].config.users[0]',
    ]);
    expect(at('authz-policy["app"]["Clients"]')).toEqual([
      'clients[0].authorizationSettings.policies[3].config.clients[0]',
    ]);
    expect(at('authz-policy["app"]["Scopes"]')).toEqual([
      'clients[0].authorizationSettings.policies[4].config.clientScopes[0]',
    ]);
    expect(at('authz-policy["app"]["Agg"]')).toEqual([
      'clients[0].authorizationSettings.policies[5].config.applyPolicies[0]',
    ]);
    expect(at('authz-permission["app"]["Perm"]')).toEqual([
      'clients[0].authorizationSettings.policies[6].config.resources[0]',
      'clients[0].authorizationSettings.policies[6].config.scopes[0]',
    ]);
    expect(result.report.applied).toEqual([]);
    expect(await live()).toEqual(before);
  });

  it('refuses a resource scope missing from a declared `scopes` list: a typo never becomes a new scope', async () => {
    const before = await live();
    const result = await run({
      scopes: [{ name: 'read' }],
      resources: [{ name: 'One', scopes: [{ name: 'read' }, { name: 'raed' }] }],
    });
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.summary)).toEqual([
      expect.stringContaining(
        'refers to authz-scope["app"]["raed"], which is neither declared nor present in Keycloak',
      ),
    ]);
    expect(await live()).toEqual(before);
  });

  it('creates the scopes resources name when `scopes` is not declared, as Keycloak does, and keeps them', async () => {
    // keycloak-config-cli files (fgap-v2-compatibility/04) declare resources without `scopes`.
    const settings: ResourceServerRepresentation = {
      resources: [
        { name: 'One', scopes: [{ name: 'read' }, { name: 'access' }] },
        { name: 'Two', scopes: [{ name: 'access' }, { name: 'write' }] },
      ],
    };
    const result = await run(settings);
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(
      expect.arrayContaining(['create authz-scope["app"]["access"]', 'create authz-scope["app"]["write"]']),
    );
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    const server = await live();
    expect(server.scopes?.map((scope) => scope.name).sort()).toEqual(['access', 'read', 'write']);
    const two = server.resources?.find((resource) => resource.name === 'Two');
    expect(two?.scopes?.map((scope) => scope.name).sort()).toEqual(['access', 'write']);
    // A scope no resource names any more is an undeclared scope again: deleted.
    const fewer = await run({ ...settings, resources: [{ name: 'One', scopes: [{ name: 'read' }] }] });
    expect(actionsOf(fewer.plan)).toEqual(
      expect.arrayContaining(['delete authz-scope["app"]["access"]', 'delete authz-scope["app"]["write"]']),
    );
    expect(actionsOf(fewer.replan)).toEqual([]);
    expect((await live()).scopes?.map((scope) => scope.name)).toEqual(['read']);
  });

  it('refuses authorizationSettings on clients that cannot have them, and on realm-management', async () => {
    const result = await applyManifest(
      realm.admin,
      manifestOf({
        realm: realm.name,
        clients: [
          {
            clientId: 'public-one',
            publicClient: true,
            authorizationSettings: { policyEnforcementMode: 'ENFORCING' },
          },
          { clientId: 'app', authorizationServicesEnabled: false, authorizationSettings: {} },
          { clientId: 'realm-management', authorizationSettings: { policies: [] } },
        ],
      }),
      KINDS,
    );
    const errors = result.plan.diagnostics
      .filter((d) => d.severity === 'error' && d.address?.startsWith('authz-settings'))
      .map((d) => d.summary);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/authz-settings\["public-one"\]: client "public-one" must be confidential/),
        expect.stringMatching(/authz-settings\["public-one"\]: .*serviceAccountsEnabled: true/),
        expect.stringMatching(/authz-settings\["public-one"\]: .*authorizationServicesEnabled: true/),
        expect.stringMatching(/authz-settings\["app"\]: .*authorizationServicesEnabled: true/),
        expect.stringMatching(/authz-settings\["realm-management"\]: .*fine-grained admin permissions v1/),
      ]),
    );
    expect(errors).toHaveLength(5);
    expect(result.report.applied).toEqual([]);
    expect(await realm.admin.getClientId('public-one')).toBeUndefined();
  });

  it('refuses a name declared both as a policy and as a permission', async () => {
    const result = await run({
      policies: [
        { name: 'Same', type: 'role' },
        { name: 'Same', type: 'resource' },
      ],
    });
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary)).toEqual([
      expect.stringContaining('"Same" is declared both as a policy and as a permission'),
    ]);
    expect(result.report.applied).toEqual([]);
  });

  it('applies a keycloak-config-cli authorization file to a new client in one run', async () => {
    const admin: KeycloakAdmin = realm.admin;
    const result = await run(SETTINGS, {
      clients: [
        { ...app, authorizationSettings: SETTINGS },
        { clientId: 'other' },
        plain,
        {
          clientId: 'fresh',
          publicClient: false,
          serviceAccountsEnabled: true,
          authorizationServicesEnabled: true,
          authorizationSettings: {
            allowRemoteResourceManagement: false,
            decisionStrategy: 'AFFIRMATIVE',
            scopes: [{ name: 'GET' }],
            resources: [
              {
                name: 'Default Resource',
                uris: ['/*'],
                owner: { name: 'service-account-fresh' },
                scopes: [{ name: 'GET' }],
              },
            ],
            policies: [
              {
                name: 'Admin Group Policy',
                type: 'group',
                config: { groups: json([{ path: '/ops', extendChildren: false }]) },
              },
              {
                name: 'Default Resource Permission',
                type: 'resource',
                config: {
                  defaultResourceType: 'urn:fresh:default',
                  applyPolicies: json(['Admin Group Policy']),
                },
              },
            ],
          },
        },
      ],
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    const fresh = await admin.getClientAuthzSettings((await admin.getClientId('fresh')) as string);
    expect(fresh.decisionStrategy).toBe('AFFIRMATIVE');
    expect(fresh.allowRemoteResourceManagement).toBe(false);
    expect(fresh.resources?.map((resource) => resource.owner)).toEqual([{ name: 'service-account-fresh' }]);
    expect(
      fresh.policies?.find((entry) => entry.name === 'Default Resource Permission')?.config
        ?.defaultResourceType,
    ).toBe('urn:fresh:default');
  });
});
