import { describe, expect, it } from 'vitest';
import { SENSITIVE_MARK } from '../../src/core/mask.js';
import { computePlan, type PlanInput } from '../../src/planner/planner.js';
import { have, state, testKind, want } from './fixtures.js';

const role = testKind('realm-role', { dependsOn: ['realm'] });
const realm = testKind('realm', { delete: undefined });
const client = testKind('client', { dependsOn: ['realm'], writeOnly: ['secret'], sets: ['redirectUris'] });
const composite = testKind('role-composite', {
  dependsOn: ['realm-role'],
  references: (object) =>
    ((object.value.realm as string[] | undefined) ?? []).map((name, i) => ({
      kind: 'realm-role',
      key: [name],
      path: `realm[${i}]`,
    })),
});

function input(kinds: PlanInput['kinds']): PlanInput {
  return {
    realm: 'shop',
    server: 'http://kc',
    sources: ['realm.yaml'],
    kinds,
    liveFingerprint: 'sha256:l',
    desiredFingerprint: 'sha256:d',
  };
}

function actions(kinds: PlanInput['kinds']): string[] {
  return computePlan(input(kinds)).steps.map(
    (step) => `${step.change.actions.join('+')} ${step.change.address}`,
  );
}

describe('computePlan', () => {
  it('creates, updates, keeps and deletes', () => {
    expect(
      actions([
        state(
          role,
          [
            want('new', { name: 'new' }),
            want('changed', { name: 'changed', description: 'b' }),
            want('same', { name: 'same' }),
          ],
          [
            have('changed', { name: 'changed', description: 'a' }),
            have('same', { name: 'same' }),
            have('gone', { name: 'gone' }),
          ],
        ),
      ]),
    ).toEqual([
      'update realm-role["changed"]',
      'create realm-role["new"]',
      'no-op realm-role["same"]',
      'delete realm-role["gone"]',
    ]);
  });

  it('leaves an undeclared collection untouched', () => {
    expect(actions([state(role, undefined, [have('x', { name: 'x' })])])).toEqual([]);
  });

  it('never deletes built-ins, and deletes nothing for a non-authoritative kind', () => {
    expect(
      actions([state(role, [], [have('offline_access', { name: 'offline_access' }, { builtIn: true })])]),
    ).toEqual([]);
    expect(actions([state(role, [], [have('x', { name: 'x' })], false)])).toEqual([]);
  });

  it('orders creates by dependency and deletes in reverse', () => {
    const steps = actions([
      state(composite, [want('admin', { realm: ['viewer'] })], []),
      state(role, [want('viewer', { name: 'viewer' })], [have('old', { name: 'old' })]),
      state(realm, [want('shop', { enabled: true })], []),
      state(client, [], [have('legacy', { clientId: 'legacy' })]),
    ]);
    expect(steps).toEqual([
      'create realm["shop"]',
      'create realm-role["viewer"]',
      'create role-composite["admin"]',
      'delete realm-role["old"]',
      'delete client["legacy"]',
    ]);
  });

  it('replaces when a replaceOn field changes', () => {
    const kind = testKind('group', { replaceOn: ['parent'] });
    expect(actions([state(kind, [want('/a', { parent: 'x' })], [have('/a', { parent: 'y' })])])).toEqual([
      'delete+create group["/a"]',
    ]);
    const { plan } = computePlan(
      input([state(kind, [want('/a', { parent: 'x' })], [have('/a', { parent: 'y' })])]),
    );
    expect(plan.summary).toEqual({ add: 1, change: 0, destroy: 1, replace: 1 });
  });

  it('reports a dangling reference with its address, file and path', () => {
    const { plan } = computePlan(
      input([
        state(composite, [want('admin', { realm: ['ghost'] }, 'roles.realm[0]')], []),
        state(role, [], []),
      ]),
    );
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        address: 'role-composite["admin"]',
        file: 'realm.yaml',
        line: 3,
        path: 'roles.realm[0].realm[0]',
        summary: expect.stringContaining('realm-role["ghost"]'),
      }),
    ]);
  });

  it('accepts a reference to a declared or live object, but not to one being deleted', () => {
    const declared = computePlan(
      input([state(composite, [want('a', { realm: ['r'] })], []), state(role, [want('r', {})], [])]),
    );
    expect(declared.plan.diagnostics).toEqual([]);
    const live = computePlan(
      input([state(composite, [want('a', { realm: ['r'] })], []), state(role, undefined, [have('r', {})])]),
    );
    expect(live.plan.diagnostics).toEqual([]);
    const deleted = computePlan(
      input([state(composite, [want('a', { realm: ['r'] })], []), state(role, [], [have('r', {})])]),
    );
    expect(deleted.plan.diagnostics).toHaveLength(1);
  });

  it('adds the diagnostics of a kind’s diagnose hook, given its desired and live objects and facts', () => {
    const seen: unknown[] = [];
    const checked = testKind('user', {
      diagnose: (desired, live, facts) => {
        seen.push({ desired: desired.map((o) => o.key[0]), live: live.map((o) => o.key[0]), facts });
        return desired
          .filter((object) => object.value.bad === true)
          .map((object) => ({
            severity: 'error' as const,
            summary: 'bad',
            address: `user["${object.key[0]}"]`,
            path: object.origin.path,
          }));
      },
    });
    const { plan } = computePlan(
      input([
        {
          ...state(checked, [want('a', { bad: true }, 'users[0]'), want('b', {})], [have('b', {})]),
          facts: { policy: 'x' },
        },
      ]),
    );
    expect(seen).toEqual([{ desired: ['a', 'b'], live: ['b'], facts: { policy: 'x' } }]);
    expect(plan.diagnostics).toEqual([
      { severity: 'error', summary: 'bad', address: 'user["a"]', path: 'users[0]' },
    ]);
    // An undeclared collection is not diagnosed.
    seen.length = 0;
    computePlan(input([state(checked, undefined, [have('b', {})])]));
    expect(seen).toEqual([]);
  });

  it('reports an object declared twice', () => {
    const { plan } = computePlan(input([state(role, [want('x', {}), want('x', {}, 'roles.realm[4]')], [])]));
    expect(plan.diagnostics[0]?.summary).toContain('declared twice');
  });

  it('never lets a secret into the plan, but still creates with it', () => {
    const work = computePlan(
      input([state(client, [want('api', { clientId: 'api', secret: 's3cr3t-value' })], [])]),
    );
    expect(JSON.stringify(work.plan)).not.toContain('s3cr3t-value');
    expect(work.plan.changes[0]?.after).toEqual({ clientId: 'api', secret: SENSITIVE_MARK });
    expect(work.plan.changes[0]?.sensitivePaths).toEqual(['secret']);
    expect(work.steps[0]?.desired?.value.secret).toBe('s3cr3t-value');
  });

  it('neither compares nor writes computed and ignored paths, and warns when an ignored one differs', () => {
    const settings = testKind('realm', {
      computed: ['adminPermissionsClient'],
      ignored: { otpSupportedApplications: 'Keycloak computes it from the OTP policy' },
      sets: ['otpSupportedApplications'],
    });
    const declared = {
      realm: 'shop',
      displayName: 'Shop',
      adminPermissionsClient: { id: 'exported-id', clientId: 'admin-permissions' },
      otpSupportedApplications: ['totpAppFreeOTPName'],
    };
    const live = {
      realm: 'shop',
      displayName: 'Old',
      adminPermissionsClient: { id: 'live-id', clientId: 'admin-permissions' },
      otpSupportedApplications: ['totpAppGoogleName'],
    };
    const work = computePlan(input([state(settings, [want('shop', declared)], [have('shop', live)])]));
    expect(work.plan.changes[0]?.changedPaths).toEqual(['displayName']);
    // What is written leaves them out; a create too.
    expect(work.steps[0]?.desired?.value).toEqual({ realm: 'shop', displayName: 'Shop' });
    expect(work.plan.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        address: 'realm["shop"]',
        summary:
          'realm["shop"]: otpSupportedApplications is declared as ["totpAppFreeOTPName"] but Keycloak has ["totpAppGoogleName"]; it is not applied: Keycloak computes it from the OTP policy',
      }),
    ]);
    const created = computePlan(input([state(settings, [want('shop', declared)], [])]));
    expect(created.steps[0]?.desired?.value).toEqual({ realm: 'shop', displayName: 'Shop' });
    // Equal values: no warning.
    const same = computePlan(
      input([
        state(
          settings,
          [want('shop', { ...declared, otpSupportedApplications: ['totpAppGoogleName'] })],
          [have('shop', live)],
        ),
      ]),
    );
    expect(same.plan.diagnostics).toEqual([]);
  });

  it('leaves out what one live object cannot change (unmanaged), with a warning when it differs', () => {
    const flows = testKind('auth-flow', { keyedArrays: { executions: 'execution' } });
    const declared = want('browser', {
      alias: 'browser',
      executions: [
        { execution: 'auth-cookie', requirement: 'ALTERNATIVE' },
        { execution: 'old-otp', requirement: 'CONDITIONAL' },
      ],
    });
    const live = have(
      'browser',
      { alias: 'browser', executions: [{ execution: 'auth-cookie', requirement: 'DISABLED' }] },
      { unmanaged: [{ path: ['executions', '["old-otp"]'], reason: 'built in here without it' }] },
    );
    const work = computePlan(input([state(flows, [declared], [live])]));
    expect(work.plan.changes[0]?.changedPaths).toEqual(['executions["auth-cookie"].requirement']);
    expect(work.plan.diagnostics.map((d) => `${d.severity}: ${d.summary}`)).toEqual([
      'warning: auth-flow["browser"]: executions["old-otp"] is declared as {"execution":"old-otp","requirement":"CONDITIONAL"} but Keycloak has nothing; it is not applied: built in here without it',
    ]);
  });

  it('sorts JSON changes by address and summarizes', () => {
    const { plan } = computePlan(input([state(role, [want('b', {}), want('a', {})], [have('c', {})])]));
    expect(plan.changes.map((c) => c.address)).toEqual([
      'realm-role["a"]',
      'realm-role["b"]',
      'realm-role["c"]',
    ]);
    expect(plan.summary).toEqual({ add: 2, change: 0, destroy: 1, replace: 0 });
    expect(plan.format_version).toBe('1');
    expect(plan.live_fingerprint).toBe('sha256:l');
  });
});
