import { describe, expect, it } from 'vitest';
import { applyPlan, dryRunExecutor } from '../../src/applier/applier.js';
import type { ApplyEvent } from '../../src/applier/events.js';
import type { KindContext, KindDefinition } from '../../src/kinds/kind.js';
import { computePlan } from '../../src/planner/planner.js';
import { have, state, testKind, want } from '../planner/fixtures.js';

const ctx = {} as KindContext;

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

  it('stops at the first failure and reports applied, failed and not attempted', async () => {
    const log: string[] = [];
    const kind = recordingKind('user', log);
    const events: ApplyEvent[] = [];
    const work = plan([state(kind, [want('a', {}), want('boom', {}), want('c', {})], [])]);
    const report = await applyPlan(work, [kind], ctx, { onEvent: (event) => events.push(event) });
    expect(report).toMatchObject({
      ok: false,
      applied: ['user["a"]'],
      failed: [{ address: 'user["boom"]', error: 'server said no' }],
      notAttempted: ['user["c"]'],
    });
    expect(events.map((event) => event.type)).toEqual([
      'apply-start',
      'change-start',
      'change-done',
      'change-start',
      'change-failed',
      'apply-done',
    ]);
  });

  it('runs independent changes of a kind concurrently, up to its limit', async () => {
    const log: string[] = [];
    const kind = recordingKind('user', log, { concurrency: 2 });
    const work = plan([state(kind, [want('a', {}), want('b', {}), want('c', {})], [])]);
    await applyPlan(work, [kind], ctx);
    expect(log.slice(0, 2)).toEqual(['start create user:a', 'start create user:b']);
    expect(log.indexOf('start create user:c')).toBeGreaterThan(log.indexOf('end create user:a'));
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
