import { describe, expect, it } from 'vitest';
import { applyPlan, dryRunExecutor } from '../../src/applier/applier.js';
import type { ApplyEvent } from '../../src/applier/events.js';
import type { KindContext, KindDefinition } from '../../src/kinds/kind.js';
import { computePlan } from '../../src/planner/planner.js';
import { have, state, testKind, want } from '../planner/fixtures.js';

const ctx = { wrote: () => {} } as unknown as KindContext;

function recordingKind(name: string, log: string[], extra: Partial<KindDefinition> = {}): KindDefinition {
  const record = (action: string) => async (_: KindContext, object: { key: readonly string[] }) => {
    log.push(`start ${action} ${name}:${object.key.join('/')}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (object.key[0] === 'boom') throw new Error('server said no');
    log.push(`end ${action} ${name}:${object.key.join('/')}`);
  };
  return testKind(name, {
    create: record('create'),
    update: async (c, desired) => record('update')(c, desired),
    delete: async (c, live) => record('delete')(c, live),
    ...extra,
  });
}

function plan(kinds: Parameters<typeof computePlan>[0]['kinds']) {
  return computePlan({
    realm: 'r',
    server: 's',
    sources: [],
    kinds,
    liveFingerprint: 'l',
    desiredFingerprint: 'd',
  });
}

describe('applyPlan', () => {
  it('runs creates in dependency order and deletes in reverse, one at a time by default', async () => {
    const log: string[] = [];
    const role = recordingKind('role', log);
    const mapping = recordingKind('mapping', log, { dependsOn: ['role'] });
    const work = plan([
      state(mapping, [want('m', {})], [have('old-m', {})]),
      state(role, [want('r', {})], [have('old-r', {})]),
    ]);
    const report = await applyPlan(work, [role, mapping], ctx);
    expect(report.ok).toBe(true);
    expect(log.filter((line) => line.startsWith('end'))).toEqual([
      'end create role:r',
      'end create mapping:m',
      'end delete mapping:old-m',
      'end delete role:old-r',
    ]);
    expect(log[1]).toBe('end create role:r');
  });

  it('goes on after a failure: skips only what requires the failed change', async () => {
    const log: string[] = [];
    const role = recordingKind('role', log);
    const mapping = recordingKind('mapping', log, {
      dependsOn: ['role'],
      references: (object) => [{ kind: 'role', key: [String(object.value.role)], path: 'role' }],
    });
    const events: ApplyEvent[] = [];
    const work = plan([
      state(role, [want('a', {}), want('boom', {}), want('c', {})], []),
      state(mapping, [want('m-boom', { role: 'boom' }), want('m-a', { role: 'a' })], []),
    ]);
    const report = await applyPlan(work, [role, mapping], ctx, { onEvent: (event) => events.push(event) });
    expect(report).toMatchObject({
      ok: false,
      applied: ['role["a"]', 'role["c"]', 'mapping["m-a"]'],
      failed: [{ address: 'role["boom"]', error: 'server said no' }],
      skipped: [{ address: 'mapping["m-boom"]', because: 'role["boom"]' }],
      notAttempted: [],
    });
    expect(events.filter((event) => event.type === 'change-skipped')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'apply-done', applied: 3, failed: 1, skipped: 1 });
  });

  it('reports the delete of a replace whose create failed (a kind without `replace`)', async () => {
    const log: string[] = [];
    const provider = testKind('provider', {
      replaceOn: ['type'],
      delete: async (_, live) => {
        log.push(`delete ${live.key[0]}`);
      },
      create: async () => {
        throw new Error('unknown type');
      },
      update: async () => {},
    });
    const work = plan([state(provider, [want('corp', { type: 'new' })], [have('corp', { type: 'old' })])]);
    const report = await applyPlan(work, [provider], ctx);
    expect(log).toEqual(['delete corp']);
    expect(report.failed).toEqual([
      {
        address: 'provider["corp"]',
        error: 'unknown type. NOT undone: provider["corp"] was deleted before the create failed',
        writes: ['deleted provider["corp"]'],
        undone: false,
      },
    ]);
  });

  it("uses the kind's `replace` and reports the writes it made and undid", async () => {
    const { FailedWithWrites } = await import('../../src/core/undo.js');
    const provider = testKind('provider', {
      replaceOn: ['type'],
      replace: async () => {
        throw new FailedWithWrites('refused. Undone: …', ['deleted x', 'restored x'], true);
      },
      create: async () => {},
      update: async () => {},
      delete: async () => {},
    });
    const work = plan([state(provider, [want('corp', { type: 'new' })], [have('corp', { type: 'old' })])]);
    const report = await applyPlan(work, [provider], ctx);
    expect(report.failed).toEqual([
      {
        address: 'provider["corp"]',
        error: 'refused. Undone: …',
        writes: ['deleted x', 'restored x'],
        undone: true,
      },
    ]);
    expect(report.applied).toEqual([]);
  });

  it('skips what transitively requires a failure, naming the root cause', async () => {
    const parent = recordingKind('client', []);
    const child = recordingKind('client-role', [], { dependsOn: ['client'] });
    const grandchild = recordingKind('composite', [], {
      dependsOn: ['client-role'],
      references: () => [{ kind: 'client-role', key: ['boom', 'viewer'], path: '' }],
    });
    const work = plan([
      state(parent, [want('boom', {})], []),
      state(child, [want(['boom', 'viewer'], {})], []),
      state(grandchild, [want('x', {})], []),
    ]);
    const report = await applyPlan(work, [parent, child, grandchild], ctx);
    expect(report.skipped).toEqual([
      { address: 'client-role["boom"]["viewer"]', because: 'client["boom"]' },
      { address: 'composite["x"]', because: 'client["boom"]' },
    ]);
  });

  it('writes the objects of a parallel kind all at once', async () => {
    const log: string[] = [];
    const kind = recordingKind('user', log, { parallel: true });
    const work = plan([state(kind, [want('a', {}), want('b', {}), want('c', {})], [])]);
    await applyPlan(work, [kind], ctx);
    expect(log.slice(0, 3)).toEqual(['start create user:a', 'start create user:b', 'start create user:c']);
  });

  it('keeps no more changes in flight than asked (the HTTP pool’s size by default)', async () => {
    let running = 0;
    let most = 0;
    const kind = recordingKind('user', [], {
      parallel: true,
      create: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running--;
      },
    });
    const work = plan([
      state(
        kind,
        Array.from({ length: 40 }, (_, i) => want(`u${i}`, {})),
        [],
      ),
    ]);
    const report = await applyPlan(work, [kind], ctx, { maxInFlight: 4 });
    expect(report.applied).toHaveLength(40);
    expect(most).toBe(4);
  });

  it('writes one kind at a time in plan order unless it is parallel', async () => {
    const log: string[] = [];
    const kind = recordingKind('group', log);
    const work = plan([state(kind, [want('/a', {}), want('/a/b', {})], [])]);
    await applyPlan(work, [kind], ctx);
    expect(log).toEqual([
      'start create group:/a',
      'end create group:/a',
      'start create group:/a/b',
      'end create group:/a/b',
    ]);
  });

  it('runs independent kinds side by side, but never two writers of one document', async () => {
    const log: string[] = [];
    const a = recordingKind('a', log);
    const b = recordingKind('b', log);
    const realm = recordingKind('realm-settings', log, { exclusive: 'realm' });
    const binding = recordingKind('flow-binding', log, { exclusive: 'realm' });
    const work = plan([
      state(a, [want('1', {})], []),
      state(b, [want('1', {})], []),
      state(realm, [want('r', {})], []),
      state(binding, [want('f', {})], []),
    ]);
    await applyPlan(work, [a, b, realm, binding], ctx);
    expect(log.slice(0, 2)).toEqual(['start create a:1', 'start create b:1']);
    const realmStart = log.indexOf('start create realm-settings:r');
    const bindingStart = log.indexOf('start create flow-binding:f');
    const [first, second] =
      realmStart < bindingStart
        ? ['realm-settings:r', 'flow-binding:f']
        : ['flow-binding:f', 'realm-settings:r'];
    expect(log.indexOf(`start create ${second}`)).toBeGreaterThan(log.indexOf(`end create ${first}`));
  });

  it('starts nothing new once interrupted, and lists what was not attempted', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const kind = recordingKind('user', log, {
      create: async (_, object) => {
        log.push(`create ${object.key[0]}`);
        controller.abort();
      },
    });
    const work = plan([state(kind, [want('a', {}), want('b', {})], [])]);
    const report = await applyPlan(work, [kind], ctx, { signal: controller.signal });
    expect(log).toEqual(['create a']);
    expect(report).toMatchObject({ ok: false, applied: ['user["a"]'], notAttempted: ['user["b"]'] });
  });

  it('dry-run walks the same steps without calling a handler', async () => {
    const log: string[] = [];
    const kind = recordingKind('user', log);
    const work = plan([state(kind, [want('a', {})], [have('x', {})])]);
    const report = await applyPlan(work, [kind], ctx, { executor: dryRunExecutor });
    expect(report).toMatchObject({ ok: true, dryRun: true, applied: ['user["a"]', 'user["x"]'] });
    expect(log).toEqual([]);
  });

  it('fails loudly when a step has no handler', async () => {
    const kind = recordingKind('user', []);
    const work = plan([state(kind, [want('a', {})], [])]);
    await expect(applyPlan(work, [], ctx)).rejects.toThrow('No handler for kind user');
  });
});
