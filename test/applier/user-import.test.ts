import { describe, expect, it } from 'vitest';
import { buildGraph, withUserImports } from '../../src/applier/graph.js';
import { userImports } from '../../src/applier/user-import.js';
import type { Action, PlannedStep } from '../../src/planner/plan.js';
import { testKind } from '../planner/fixtures.js';

function step(
  kind: string,
  key: string,
  value: Record<string, unknown>,
  action: Action = 'create',
): PlannedStep {
  return {
    change: {
      address: `${kind}["${key}"]`,
      kind,
      key: [key],
      actions: [action],
      before: null,
      after: value,
      changedPaths: [],
      sensitivePaths: [],
    },
    desired: { key: [key], value, origin: { path: 'users[0]' } },
    changedPaths: [],
  };
}

const newUser = (name: string, extra: Record<string, unknown> = {}) => [
  step('user', name, { username: name, ...extra }),
  step('user-group', name, { groups: ['/staff'] }),
  step('user-role-mapping', name, { realmRoles: ['viewer'] }),
];

describe('users imported into an existing realm', () => {
  it('batches the new users import writes like per object, each with its memberships and mappings', () => {
    const steps = [
      ...['a', 'b', 'c', 'd', 'e'].flatMap((name) => newUser(name)),
      ...newUser('with-attributes', { attributes: { dept: ['x'] } }),
      step('user', 'existing', { username: 'existing', firstName: 'Changed' }, 'update'),
      step('user-group', 'existing', { groups: ['/staff'] }, 'update'),
    ];
    const batches = userImports(steps, { usersPerRequest: 2, minUsers: 1 });
    expect(batches.map((batch) => batch.users)).toEqual([2, 2, 1]);
    expect(batches[0]?.steps.map((planned) => planned.change.address)).toEqual([
      'user["a"]',
      'user-group["a"]',
      'user-role-mapping["a"]',
      'user["b"]',
      'user-group["b"]',
      'user-role-mapping["b"]',
    ]);
    const batched = batches.flatMap((batch) => batch.steps.map((planned) => planned.change.key[0]));
    expect(batched).not.toContain('with-attributes');
    expect(batched).not.toContain('existing');
  });

  it('leaves fewer new users than the minimum to the per-object writes', () => {
    const steps = ['a', 'b'].flatMap((name) => newUser(name));
    expect(userImports(steps, { minUsers: 3 })).toEqual([]);
    expect(userImports(steps, { minUsers: 2 })).toHaveLength(1);
  });

  it('runs a batch after what its members need, its members settled by it', () => {
    const kinds = new Map(
      [
        testKind('group'),
        testKind('realm-role'),
        testKind('user', { dependsOn: ['group'], references: () => [] }),
        testKind('user-group', {
          dependsOn: ['user', 'group'],
          references: (desired) => [
            { kind: 'user', key: desired.key, path: 'username' },
            { kind: 'group', key: ['/staff'], path: 'groups[0]' },
          ],
        }),
        testKind('user-role-mapping', { dependsOn: ['user', 'realm-role'] }),
      ].map((kind) => [kind.kind, kind]),
    );
    const steps = [step('group', '/staff', { name: 'staff' }), ...newUser('a'), ...newUser('b')];
    const graph = withUserImports(buildGraph(steps, kinds), userImports(steps, { minUsers: 1 }));
    const batch = graph.nodes.find((node) => node.batch);
    expect([...(batch?.kind.dependsOn ?? [])].sort()).toEqual(['group', 'realm-role']);
    expect(batch?.requires.map((node) => node.step.change.address)).toEqual(['group["/staff"]']);
    expect(batch?.batch?.members).toHaveLength(6);
    expect(graph.nodes.filter((node) => node.inBatch === batch)).toHaveLength(6);
  });
});
