import { describe, expect, it } from 'vitest';
import { computePlan, type PlanInput } from '../../src/planner/planner.js';
import { have, state, testKind, want } from './fixtures.js';

const realm = testKind('realm', { delete: undefined });
const role = testKind('realm-role', { dependsOn: ['realm'] });
const client = testKind('client', { dependsOn: ['realm'] });
const clientRole = testKind('client-role', { dependsOn: ['client'] });
const composite = testKind('role-composite', {
  dependsOn: ['realm-role', 'client-role'],
  references: (object) =>
    ((object.value.realm as string[] | undefined) ?? []).map((name, i) => ({
      kind: 'realm-role',
      key: [name],
      path: `realm[${i}]`,
    })),
});

function plan(targets: string[], realmExists = true) {
  const input: PlanInput = {
    realm: 'shop',
    server: 'http://kc',
    sources: ['realm.yaml'],
    liveFingerprint: 'sha256:l',
    desiredFingerprint: 'sha256:d',
    targets,
    kinds: [
      state(realm, [want('shop', { realm: 'shop' })], realmExists ? [have('shop', { realm: 'shop' })] : []),
      state(
        role,
        [
          want('reader', { name: 'reader' }),
          want('writer', { name: 'writer' }),
          want('admin', { name: 'admin' }),
        ],
        [have('old', { name: 'old' })],
      ),
      state(client, [want('web', { clientId: 'web' }), want('api', { clientId: 'api' })], []),
      state(clientRole, [want(['web', 'viewer'], { name: 'viewer' })], []),
      state(composite, [want('admin', { realm: ['reader', 'writer'] })], []),
    ],
  };
  return computePlan(input);
}

const addresses = (work: ReturnType<typeof plan>) => work.steps.map((step) => step.change.address);

describe('-target', () => {
  it('keeps the target and what it references, transitively, and nothing else', () => {
    const work = plan(['role-composite["admin"]']);
    expect(addresses(work).sort()).toEqual([
      'realm-role["reader"]',
      'realm-role["writer"]',
      'role-composite["admin"]',
    ]);
    expect(work.plan.targets).toEqual(['role-composite["admin"]']);
    expect(work.plan.summary).toEqual({ add: 3, change: 0, destroy: 0, replace: 0 });
    expect(work.plan.changes.map((change) => change.address)).not.toContain('realm-role["old"]');
  });

  it('brings the parent a key extends, and the realm when it is being created', () => {
    expect(addresses(plan(['client-role["web"]["viewer"]'])).sort()).toEqual([
      'client-role["web"]["viewer"]',
      'client["web"]',
    ]);
    expect(addresses(plan(['client["api"]'], false)).sort()).toEqual(['client["api"]', 'realm["shop"]']);
  });

  it('can target a delete, and says the plan is partial and which targets match nothing', () => {
    const work = plan(['realm-role["old"]', 'client["nope"]']);
    expect(work.steps.map((step) => `${step.change.actions.join('+')} ${step.change.address}`)).toEqual([
      'delete realm-role["old"]',
    ]);
    const warnings = work.plan.diagnostics.map((d) => `${d.severity}: ${d.summary}`);
    expect(warnings[0]).toMatch(
      /^warning: This plan is partial \(-target realm-role\["old"\], client\["nope"\]\)/,
    );
    expect(warnings).toContain(
      'warning: -target client["nope"] matches no object declared in or read from realm "shop"',
    );
  });

  it('without targets the plan is whole and has no targets field', () => {
    const work = plan([]);
    expect(work.plan.targets).toBeUndefined();
    expect(addresses(work)).toContain('realm-role["old"]');
    expect(work.plan.diagnostics).toEqual([]);
  });
});
