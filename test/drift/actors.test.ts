import { describe, expect, it } from 'vitest';
import { adminEventFilters, DRIFT_ACTOR_KINDS, idIndex } from '../../src/drift/actors.js';
import type { PlannedStep } from '../../src/planner/plan.js';

function step(kind: string, key: string[], id?: string, state?: unknown): PlannedStep {
  return {
    change: {
      address: `${kind}${key.map((k) => `[${JSON.stringify(k)}]`).join('')}`,
      kind,
      key,
      actions: ['no-op'],
      before: null,
      after: null,
      changedPaths: [],
      sensitivePaths: [],
    },
    ...(id ? { live: { key, value: {}, id, ...(state ? { state } : {}) } } : {}),
    changedPaths: [],
  };
}

const ids = idIndex([
  step('client', ['web'], 'client-uuid'),
  step('realm-role', ['reader'], 'role-uuid'),
  step('client-role', ['web', 'viewer'], 'client-role-uuid'),
  step('group', ['/ops'], 'group-uuid'),
  step('user', ['alice'], 'user-uuid'),
  step('client-scope', ['orders'], 'scope-uuid'),
]);
const paths = (kind: string, key: string[], live?: { id?: string; state?: unknown }) =>
  adminEventFilters(kind, key, live, ids).map((filter) => filter.resourcePath ?? filter.resourceTypes);

describe('admin-event resource paths of drifted objects', () => {
  it('maps objects to the paths Keycloak records their changes under', () => {
    expect(paths('realm', ['shop'], { id: 'realm-uuid' })).toEqual([['REALM']]);
    expect(paths('client', ['web'], { id: 'c1' })).toEqual([
      'clients/c1',
      'clients/c1/protocol-mappers/*',
      'clients/c1/default-client-scopes/*',
      'clients/c1/optional-client-scopes/*',
    ]);
    expect(paths('realm-role', ['reader'], { id: 'r1' })).toEqual(['roles/reader', 'roles-by-id/r1']);
    expect(paths('client-role', ['web', 'viewer'], { id: 'cr1', state: { clientUuid: 'c9' } })).toEqual([
      'clients/c9/roles/viewer',
      'roles-by-id/cr1',
    ]);
    expect(paths('group', ['/ops'], { id: 'g1' })).toEqual(['groups/g1']);
    expect(paths('user', ['alice'], { id: 'u1' })).toEqual(['users/u1']);
    expect(paths('identity-provider', ['google'])).toEqual(['identity-provider/instances/google']);
  });

  it('finds the owner ids of relationship kinds in the plan', () => {
    expect(paths('client-role', ['web', 'viewer'], { id: 'cr1' })).toEqual([
      'clients/client-uuid/roles/viewer',
      'roles-by-id/cr1',
    ]);
    expect(paths('role-composite', ['realm', 'reader'])).toEqual([
      'roles/reader/composites*',
      'roles-by-id/role-uuid/composites*',
    ]);
    expect(paths('role-composite', ['client', 'web', 'viewer'])).toEqual([
      'clients/client-uuid/roles/viewer/composites*',
      'roles-by-id/client-role-uuid/composites*',
    ]);
    expect(paths('group-role-mapping', ['/ops'])).toEqual(['groups/group-uuid/role-mappings/*']);
    expect(paths('user-group', ['alice'])).toEqual(['users/user-uuid/groups/*']);
    expect(paths('realm-default-client-scope', ['orders'])).toEqual([
      'default-default-client-scopes/scope-uuid',
    ]);
    expect(paths('realm-optional-client-scope', ['email'])).toEqual(['default-optional-client-scopes/*']);
  });

  it('gives nothing for objects without an id or kinds it does not cover', () => {
    expect(paths('client', ['new'])).toEqual([]);
    expect(paths('user', ['bob'])).toEqual([]);
    expect(paths('auth-flow', ['browser'], { id: 'f1' })).toEqual([]);
    expect(DRIFT_ACTOR_KINDS).not.toContain('auth-flow');
  });
});
