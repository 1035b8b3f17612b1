import { expect, it } from 'vitest';
import type { GroupRepresentation, RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest, type ConvergeResult } from '../../src/engine/converge.js';
import { planRealm } from '../../src/engine/plan-realm.js';
import { defaultGroupKind } from '../../src/kinds/default-group.js';
import { groupKind } from '../../src/kinds/group.js';
import { groupRoleMappingKind } from '../../src/kinds/group-role-mapping.js';
import { defineKind, type KindDefinition } from '../../src/kinds/kind.js';
import { realmKind } from '../../src/kinds/realm.js';
import { describeWithKeycloak, serverHas, type TestRealm, useTestRealm } from '../support/keycloak.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

const KINDS = [realmKind, groupKind, groupRoleMappingKind, defaultGroupKind] as KindDefinition[];

/**
 * Stands in for the realm-role kind (another area's) so references to realm roles are checked:
 * it only reads the live roles and declares nothing.
 */
const realmRoleReader = defineKind({
  kind: 'realm-role',
  dependsOn: ['realm'],
  desired: () => undefined,
  async read(ctx) {
    return (await ctx.admin.getRealmRoles()).map((role) => ({ key: [role.name ?? ''], value: {} }));
  },
  create: () => Promise.reject(new Error('read-only')),
  update: () => Promise.reject(new Error('read-only')),
});

type Manifest = Omit<RealmRepresentation, 'realm'>;

function converge(realm: TestRealm, rep: Manifest, kinds: KindDefinition[] = KINDS): Promise<ConvergeResult> {
  return applyManifest(realm.admin, manifestOf({ ...rep, realm: realm.name }), kinds);
}

async function applyOk(realm: TestRealm, rep: Manifest): Promise<ConvergeResult> {
  const result = await converge(realm, rep);
  expect(result.plan.diagnostics).toEqual([]);
  expect(result.report.failed).toEqual([]);
  expect(result.report.ok).toBe(true);
  expect(actionsOf(result.replan)).toEqual([]);
  return result;
}

async function group(realm: TestRealm, path: string): Promise<GroupRepresentation | undefined> {
  const found = await realm.admin.getGroupByPath(path, { searchInSubgroups: true });
  return found?.id ? realm.admin.getGroup(found.id) : undefined;
}

async function paths(realm: TestRealm): Promise<string[]> {
  const walk = (groups: GroupRepresentation[]): string[] =>
    groups.flatMap((g) => [g.path ?? '', ...walk(g.subGroups ?? [])]);
  return walk(await realm.admin.getGroups({ fullHierarchy: true })).sort();
}

async function defaultGroups(realm: TestRealm): Promise<string[]> {
  const response = await realm.admin.rawGet(`/admin/realms/${realm.name}/default-groups`);
  return response
    .json<GroupRepresentation[]>()
    .map((g) => g.path ?? '')
    .sort();
}

async function mappings(
  realm: TestRealm,
  path: string,
): Promise<{ realm: string[]; client: Record<string, string[]> }> {
  const id = (await group(realm, path))?.id ?? '';
  const answer = await realm.admin.getGroupRoleMappings(id);
  const client: Record<string, string[]> = {};
  for (const [clientId, entry] of Object.entries(answer.clientMappings ?? {})) {
    client[clientId] = (entry.mappings ?? []).map((role) => role.name ?? '').sort();
  }
  return { realm: (answer.realmMappings ?? []).map((role) => role.name ?? '').sort(), client };
}

/** A group description where the server has them (26+; a plan error before, see test/server). */
const described = (description: string): { description?: string } =>
  serverHas('groupDescription') ? { description } : {};

describeWithKeycloak('group kind', () => {
  const realm = useTestRealm('kind-group');

  // Names that collate around `/` and `"`: parents must still be created before children.
  const tree: GroupRepresentation[] = [
    {
      name: 'ops',
      ...described('Operations'),
      attributes: { team: ['ops'], tags: ['a', 'b'] },
      subGroups: [
        {
          name: 'oncall',
          ...described('On call'),
          subGroups: [{ name: 'night shift', attributes: { tz: ['UTC'] } }],
        },
        { name: 'bots' },
      ],
    },
    { name: 'ops team', subGroups: [{ name: 'x' }] },
    { name: 'a.b', subGroups: [{ name: 'c' }] },
    { name: 'Ärger "quoted" & co', subGroups: [{ name: '-dash', subGroups: [{ name: '_under' }] }] },
    // Keycloak joins names unescaped, so a `/` in a name shows in the path as is.
    { name: 'x/y', subGroups: [{ name: 'z' }] },
  ];

  it('creates the tree, parents first, and converges', async () => {
    const result = await applyOk(realm, { groups: tree });
    const created = result.report.applied.filter((address) => address.startsWith('group['));
    expect(created).toHaveLength(13);
    const order = created.map((address) => JSON.parse(address.slice('group['.length, -1)) as string);
    for (const [index, path] of order.entries()) {
      const ancestors = order.filter((other) => path.startsWith(`${other}/`));
      for (const ancestor of ancestors) expect(order.indexOf(ancestor)).toBeLessThan(index);
    }
    expect(await paths(realm)).toEqual(
      [
        '/ops',
        '/ops/oncall',
        '/ops/oncall/night shift',
        '/ops/bots',
        '/ops team',
        '/ops team/x',
        '/a.b',
        '/a.b/c',
        '/Ärger "quoted" & co',
        '/Ärger "quoted" & co/-dash',
        '/Ärger "quoted" & co/-dash/_under',
        '/x/y',
        '/x/y/z',
      ].sort(),
    );
    const ops = await group(realm, '/ops');
    expect(ops?.description).toBe(described('Operations').description);
    expect(ops?.attributes).toEqual({ team: ['ops'], tags: ['a', 'b'] });
    expect((await group(realm, '/ops/oncall/night shift'))?.attributes).toEqual({ tz: ['UTC'] });
  });

  it('updates declared fields only, keeps undeclared attributes, removes an attribute set to []', async () => {
    const ops = await group(realm, '/ops');
    await realm.admin.updateGroup(ops?.id ?? '', {
      ...ops,
      attributes: { ...ops?.attributes, manual: ['kept'] },
    });
    const changed = structuredClone(tree);
    changed[0] = { ...changed[0], ...described('Ops people'), attributes: { team: ['sre'], tags: [] } };
    const result = await applyOk(realm, { groups: changed });
    expect(actionsOf(result.plan)).toEqual(['update group["/ops"]']);
    const after = await group(realm, '/ops');
    expect(after?.description).toBe(described('Ops people').description);
    expect(after?.attributes).toEqual({ team: ['sre'], manual: ['kept'] });
    tree[0] = changed[0] as GroupRepresentation;
  });

  it('compares attribute values as sets', async () => {
    const reordered = structuredClone(tree);
    reordered[0] = { ...reordered[0], attributes: { team: ['sre'], manual: ['kept'] } };
    const plan = (
      await planRealm(realm.admin, manifestOf({ realm: realm.name, groups: reordered }), KINDS, {
        sources: [],
      })
    ).work.plan;
    expect(actionsOf(plan)).toEqual([]);
  });

  it('deletes undeclared groups with their subtrees; children show as deleted too', async () => {
    const trimmed = structuredClone(tree);
    // `/ops/oncall` loses its subGroups, `/ops team` goes with its child.
    trimmed[0] = {
      ...trimmed[0],
      subGroups: [{ name: 'oncall', ...described('On call') }, { name: 'bots' }],
    };
    trimmed.splice(1, 1);
    const result = await applyOk(realm, { groups: trimmed });
    expect(actionsOf(result.plan).sort()).toEqual([
      'delete group["/ops team"]',
      'delete group["/ops team/x"]',
      'delete group["/ops/oncall/night shift"]',
    ]);
    expect(await paths(realm)).not.toContain('/ops team');
    expect(await paths(realm)).not.toContain('/ops team/x');
    expect(await paths(realm)).not.toContain('/ops/oncall/night shift');
    expect(await paths(realm)).toContain('/ops/oncall');
  });

  it('moves a group as delete + create', async () => {
    const result = await applyOk(realm, {
      groups: [{ name: 'ops', subGroups: [{ name: 'bots' }] }, { name: 'oncall' }],
    });
    expect(actionsOf(result.plan)).toContain('create group["/oncall"]');
    expect(actionsOf(result.plan)).toContain('delete group["/ops/oncall"]');
    expect(await paths(realm)).toEqual(['/oncall', '/ops', '/ops/bots']);
  });

  it('reads more than one page of children (12 under one parent)', async () => {
    const kids = Array.from({ length: 12 }, (_, i) => ({ name: `kid-${i}` }));
    await applyOk(realm, { groups: [{ name: 'many', subGroups: kids }] });
    expect((await paths(realm)).filter((p) => p.startsWith('/many/'))).toHaveLength(12);
  });

  it('leaves groups alone when the manifest has no groups collection, deletes all for groups: []', async () => {
    const untouched = await applyOk(realm, {});
    expect(actionsOf(untouched.plan)).toEqual([]);
    expect(await paths(realm)).toHaveLength(13);
    await applyOk(realm, { groups: [] });
    expect(await paths(realm)).toEqual([]);
  });
});

describeWithKeycloak('group-role-mapping kind', () => {
  const realm = useTestRealm('kind-grm', {
    clients: [{ clientId: 'web' }, { clientId: 'api' }],
    roles: {
      realm: [{ name: 'reader' }, { name: 'writer' }, { name: 'admin' }],
      client: { web: [{ name: 'viewer' }, { name: 'editor' }], api: [{ name: 'call' }] },
    },
  });

  it('maps realm and client roles on create, also on subgroups', async () => {
    await applyOk(realm, {
      groups: [
        {
          name: 'staff',
          realmRoles: ['reader', 'writer'],
          clientRoles: { web: ['viewer'], api: ['call'] },
          subGroups: [{ name: 'leads', realmRoles: ['admin'] }],
        },
        { name: 'plain' },
      ],
    });
    expect(await mappings(realm, '/staff')).toEqual({
      realm: ['reader', 'writer'],
      client: { web: ['viewer'], api: ['call'] },
    });
    expect(await mappings(realm, '/staff/leads')).toEqual({ realm: ['admin'], client: {} });
    expect(await mappings(realm, '/plain')).toEqual({ realm: [], client: {} });
  });

  it('compares role lists as sets (no change for a reordered list)', async () => {
    const plan = (
      await planRealm(
        realm.admin,
        manifestOf({
          realm: realm.name,
          groups: [
            {
              name: 'staff',
              realmRoles: ['writer', 'reader'],
              clientRoles: { api: ['call'], web: ['viewer'] },
              subGroups: [{ name: 'leads', realmRoles: ['admin'] }],
            },
            { name: 'plain' },
          ],
        }),
        KINDS,
        { sources: [] },
      )
    ).work.plan;
    expect(actionsOf(plan)).toEqual([]);
  });

  it('adds and removes roles; a client left out of clientRoles loses its roles; absent lists are untouched', async () => {
    const plainId = (await group(realm, '/plain'))?.id ?? '';
    await realm.admin.assignGroupRealmRoles(plainId, [await realm.admin.getRealmRole('reader')]);
    const result = await applyOk(realm, {
      groups: [
        {
          name: 'staff',
          realmRoles: ['reader', 'admin'],
          clientRoles: { web: ['editor', 'viewer'] },
          subGroups: [{ name: 'leads' }],
        },
        { name: 'plain' },
      ],
    });
    expect(actionsOf(result.plan)).toEqual(['update group-role-mapping["/staff"]']);
    expect(
      [
        ...(result.plan.changes.find((c) => c.address === 'group-role-mapping["/staff"]')?.changedPaths ??
          []),
      ].sort(),
    ).toEqual(['clientRoles["api"]', 'clientRoles["web"].roles', 'realmRoles']);
    expect(await mappings(realm, '/staff')).toEqual({
      realm: ['admin', 'reader'],
      client: { web: ['editor', 'viewer'] },
    });
    // No realmRoles/clientRoles declared: mappings made outside the manifest stay.
    expect(await mappings(realm, '/staff/leads')).toEqual({ realm: ['admin'], client: {} });
    expect(await mappings(realm, '/plain')).toEqual({ realm: ['reader'], client: {} });
  });

  it('unmaps everything for empty lists', async () => {
    await applyOk(realm, {
      groups: [
        { name: 'staff', realmRoles: [], clientRoles: {}, subGroups: [{ name: 'leads', realmRoles: [] }] },
        { name: 'plain', realmRoles: [] },
        { name: 'fresh', realmRoles: [], clientRoles: { web: [] } },
      ],
    });
    expect(await mappings(realm, '/staff')).toEqual({ realm: [], client: {} });
    expect(await mappings(realm, '/staff/leads')).toEqual({ realm: [], client: {} });
    expect(await mappings(realm, '/plain')).toEqual({ realm: [], client: {} });
  });

  it('reports a dangling role at plan time with the address and changes nothing', async () => {
    const result = await converge(
      realm,
      {
        groups: [
          { name: 'staff' },
          { name: 'plain' },
          { name: 'fresh' },
          { name: 'new-one', realmRoles: ['reader', 'ghost'] },
        ],
      },
      [...KINDS, realmRoleReader as KindDefinition],
    );
    expect(result.plan.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        address: 'group-role-mapping["/new-one"]',
        path: 'groups[3].realmRoles[1]',
        summary: expect.stringContaining('realm-role["ghost"]'),
      }),
    ]);
    expect(result.report.applied).toEqual([]);
    expect(await group(realm, '/new-one')).toBeUndefined();
  });
});

describeWithKeycloak('default-group kind', () => {
  const realm = useTestRealm('kind-dg');
  const groups: GroupRepresentation[] = [
    { name: 'My Group' },
    { name: 'My Added Group' },
    { name: 'Group with subgroup', subGroups: [{ name: 'My SubGroup' }] },
  ];

  it('adds default groups, also subgroups and paths without a leading slash', async () => {
    const result = await applyOk(realm, {
      groups,
      defaultGroups: ['/My Group', 'Group with subgroup/My SubGroup'],
    });
    expect(actionsOf(result.plan)).toContain('create default-group["/Group with subgroup/My SubGroup"]');
    expect(await defaultGroups(realm)).toEqual(['/Group with subgroup/My SubGroup', '/My Group']);
  });

  it('removes and adds; leaves the list alone when defaultGroups is absent', async () => {
    const result = await applyOk(realm, {
      groups,
      defaultGroups: ['/My Added Group', '/Group with subgroup/My SubGroup'],
    });
    expect(actionsOf(result.plan).sort()).toEqual([
      'create default-group["/My Added Group"]',
      'delete default-group["/My Group"]',
    ]);
    expect(await defaultGroups(realm)).toEqual(['/Group with subgroup/My SubGroup', '/My Added Group']);
    await applyOk(realm, { groups });
    expect(await defaultGroups(realm)).toEqual(['/Group with subgroup/My SubGroup', '/My Added Group']);
    // The groups themselves stay when they stop being default groups.
    expect(await paths(realm)).toContain('/My Group');
  });

  it('reports a default group that does not exist at plan time and changes nothing', async () => {
    const result = await converge(realm, {
      groups: [...groups, { name: 'brand new' }],
      defaultGroups: ['/My Group', '/not-exist'],
    });
    expect(result.plan.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        address: 'default-group["/not-exist"]',
        path: 'defaultGroups[1]',
      }),
    ]);
    expect(result.report.applied).toEqual([]);
    expect(await paths(realm)).not.toContain('/brand new');
  });

  it('refuses a default group whose group the same manifest deletes', async () => {
    const result = await converge(realm, {
      groups: [{ name: 'My Group' }],
      defaultGroups: ['/My Added Group'],
    });
    expect(result.plan.diagnostics.map((d) => d.address)).toEqual(['default-group["/My Added Group"]']);
  });

  it('removes all for defaultGroups: [], and groups: [] with it', async () => {
    await applyOk(realm, { groups: [], defaultGroups: [] });
    expect(await defaultGroups(realm)).toEqual([]);
    expect(await paths(realm)).toEqual([]);
  });
});
