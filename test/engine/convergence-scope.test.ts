import { describe, expect, it } from 'vitest';
import type { WrittenChange } from '../../src/applier/applier.js';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { convergenceScope } from '../../src/engine/convergence-scope.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { defineKind, type ManifestView, registerKind } from '../../src/kinds/kind.js';

const representation: RealmRepresentation & { realm: string } = {
  realm: 'shop',
  registrationEmailAsUsername: false,
  clients: [{ clientId: 'web' }],
  users: [
    { username: 'Alice', firstName: 'Alice', groups: ['/staff'] },
    { username: 'bob', realmRoles: ['viewer'] },
    { username: 'carol' },
  ],
};
const lines: Record<string, number> = { 'users.0': 10, 'users.1': 20, 'users.2': 30 };
const manifest: ManifestView = {
  realm: 'shop',
  representation,
  locate: (path) => {
    const line = lines[path.slice(0, 2).join('.')];
    return line === undefined ? undefined : { line };
  },
};
const kindsOf = (scope: { kinds: readonly { kind: string }[] }) =>
  scope.kinds.map((kind) => kind.kind).sort();
const update = (kind: string, ...key: string[]): WrittenChange => ({ kind, key, actions: ['update'] });

describe('the convergence check plans again', () => {
  it('only the kinds written, with the same manifest, when no user was written', () => {
    const scope = convergenceScope('written', manifest, ALL_KINDS, [update('client', 'web')]);
    expect(kindsOf(scope)).toEqual(['client']);
    expect(scope.manifest).toBe(manifest);
    expect(scope.objects).toBe(1);
  });

  it('the kinds that write the same server document too', () => {
    const scope = convergenceScope('written', manifest, ALL_KINDS, [update('realm')]);
    const sharing = ALL_KINDS.filter((kind) => kind.exclusive === 'realm-representation').map(
      (kind) => kind.kind,
    );
    expect(sharing.length).toBeGreaterThan(1);
    expect(kindsOf(scope)).toEqual([...sharing].sort());
  });

  it('of the users only those written, their places in the file kept', () => {
    const scope = convergenceScope('written', manifest, ALL_KINDS, [
      update('user', 'alice'),
      { kind: 'user-role-mapping', key: ['carol'], actions: ['create'] },
    ]);
    expect(kindsOf(scope)).toEqual(['user', 'user-role-mapping']);
    expect(scope.manifest.representation.users?.map((user) => user.username)).toEqual(['Alice', 'carol']);
    expect(scope.manifest.locate(['users', 1, 'realmRoles'])).toEqual({ line: 30 });
    expect(scope.objects).toBe(2);
  });

  it('users that another checked object refers to stay declared', () => {
    const policy = registerKind(
      defineKind({
        kind: 'user-policy',
        dependsOn: ['user'],
        desired: () => [{ key: ['p'], value: {}, origin: { path: 'policies[0]' } }],
        references: () => [{ kind: 'user', key: ['bob'], path: 'users[0]' }],
        read: async () => [],
        create: async () => {},
        update: async () => {},
      }),
    );
    const scope = convergenceScope(
      'written',
      manifest,
      [...ALL_KINDS, policy],
      [update('user', 'alice'), update('user-policy', 'p')],
    );
    expect(scope.manifest.representation.users?.map((user) => user.username)).toEqual(['Alice', 'bob']);
  });

  it('the whole realm after a delete or a replace, or when asked', () => {
    const everything = (written: WrittenChange[], check: 'written' | 'all' = 'written') => {
      const scope = convergenceScope(check, manifest, ALL_KINDS, written);
      return { kinds: scope.kinds.length, same: scope.manifest === manifest, objects: scope.objects };
    };
    const whole = { kinds: ALL_KINDS.length, same: true, objects: undefined };
    expect(
      everything([update('user', 'alice'), { kind: 'group', key: ['/old'], actions: ['delete'] }]),
    ).toEqual(whole);
    expect(everything([{ kind: 'client', key: ['web'], actions: ['delete', 'create'] }])).toEqual(whole);
    expect(everything([update('user', 'alice')], 'all')).toEqual(whole);
    expect(convergenceScope('written', manifest, ALL_KINDS, undefined).objects).toBeUndefined();
  });

  it('nothing when nothing was written since the last full read', () => {
    const scope = convergenceScope('written', manifest, ALL_KINDS, []);
    expect(scope.kinds).toEqual([]);
    expect(scope.objects).toBe(0);
  });
});
