import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApplyEvent } from '../../src/applier/events.js';
import { LiveLine, printError, RunProgress } from '../../src/cli/progress.js';
import type { Action, Plan } from '../../src/planner/plan.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return {
    writes,
    stream: { isTTY, columns: 200, write: (text: string) => writes.push(text) > 0 },
    /** What the terminal shows on the live row now. */
    shown: () => (writes.at(-1) ?? '').replace('\r\u001b[2K', ''),
  };
}

const plan = (realm: string, summary: Plan['summary']) => ({ realm, summary }) as Plan;

describe('progress line', () => {
  let clock = 0;
  let requests = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
    requests = 0;
  });
  afterEach(() => vi.useRealTimers());

  function setup(isTTY = true) {
    const terminal = fakeStream(isTTY);
    const progress = new RunProgress(
      () => requests,
      () => clock,
    );
    const line = new LiveLine(terminal.stream, () => progress.text());
    const send = (event: ApplyEvent) => {
      progress.onEvent(event);
      line.update();
    };
    return { terminal, progress, line, send };
  }

  it('writes nothing at all when stderr is not a terminal', () => {
    const { terminal, line, send } = setup(false);
    send({ type: 'read-start', realm: 'shop' });
    send({ type: 'read-kind', realm: 'shop', kind: 'client', objects: 3 });
    vi.advanceTimersByTime(5000);
    line.log('  failed x');
    line.stop();
    expect(terminal.writes.filter((text) => text !== '  failed x\n')).toEqual([]);
    expect(line.enabled).toBe(false);
  });

  it('while reading shows requests and objects per kind, and is redrawn every second', () => {
    const { terminal, line, send } = setup();
    send({ type: 'read-start', realm: 'shop' });
    requests = 42;
    send({ type: 'read-kind', realm: 'shop', kind: 'client', objects: 3 });
    send({ type: 'read-kind', realm: 'shop', kind: 'user', objects: 1200 });
    vi.advanceTimersByTime(150);
    expect(terminal.shown()).toBe('Reading realm "shop" · user 1200, client 3 · 42 requests · 0s');
    const before = terminal.writes.length;
    clock = 2500;
    vi.advanceTimersByTime(2500);
    // Never silent for two seconds: the ticker redrew at least twice without any event.
    expect(terminal.writes.length - before).toBeGreaterThanOrEqual(2);
    expect(terminal.shown()).toMatch(/ · 2s$/);
    send({ type: 'read-done', realm: 'shop', objects: 1203, durationMs: 2500 });
    vi.advanceTimersByTime(150);
    expect(terminal.writes.at(-1)).toBe('\r\u001b[2K');
    line.stop();
  });

  it('while applying counts towards the plan summary with the right verbs', () => {
    const { terminal, progress, line, send } = setup();
    progress.setPlans([plan('shop', { add: 2, change: 1, destroy: 2, replace: 1 })]);
    send({ type: 'apply-start', realm: 'shop', total: 4, dryRun: false });
    const start = (index: number, address: string, actions: Action[]) =>
      send({ type: 'change-start', realm: 'shop', address, actions, index, total: 4 });
    start(1, 'client["web"]', ['create']);
    vi.advanceTimersByTime(150);
    expect(terminal.shown()).toBe(
      'Applying realm "shop" 1/4 · creating client["web"] · added 0/2, changed 0/1, destroyed 0/2 · 0 requests · 0s',
    );
    send({
      type: 'change-done',
      realm: 'shop',
      address: 'client["web"]',
      actions: ['create'],
      durationMs: 5,
    });
    start(2, 'group["/ops"]', ['delete', 'create']);
    start(3, 'client["api"]', ['update']);
    vi.advanceTimersByTime(150);
    expect(terminal.shown()).toContain('3/4 · updating client["api"] (+1 more) · added 1/2, changed 0/1');
    send({
      type: 'change-done',
      realm: 'shop',
      address: 'group["/ops"]',
      actions: ['delete', 'create'],
      durationMs: 5,
    });
    send({
      type: 'change-done',
      realm: 'shop',
      address: 'client["api"]',
      actions: ['update'],
      durationMs: 5,
    });
    start(4, 'client["legacy"]', ['delete']);
    vi.advanceTimersByTime(150);
    expect(terminal.shown()).toContain(
      '4/4 · deleting client["legacy"] · added 2/2, changed 1/1, destroyed 1/2',
    );
    start(4, 'group["/x"]', ['delete', 'create']);
    vi.advanceTimersByTime(150);
    expect(terminal.shown()).toContain('replacing group["/x"]');
    send({
      type: 'apply-done',
      realm: 'shop',
      applied: 4,
      failed: 0,
      skipped: 0,
      notAttempted: 0,
      dryRun: false,
    });
    send({ type: 'converge-start', realm: 'shop' });
    vi.advanceTimersByTime(150);
    expect(terminal.shown()).toMatch(/^Checking that realm "shop" converged/);
    line.stop();
    expect(terminal.writes.at(-1)).toBe('\r\u001b[2K');
  });

  it('prints permanent lines above the live line and keeps one row', () => {
    const { terminal, line, send, progress } = setup();
    progress.startExport('shop', 'reading users (1234) with a very long description '.repeat(10));
    line.update();
    vi.advanceTimersByTime(150);
    expect(terminal.shown().length).toBeLessThanOrEqual(199);
    line.log('  failed client["x"]: boom');
    expect(terminal.writes.slice(-3)).toEqual([
      '\r\u001b[2K',
      '  failed client["x"]: boom\n',
      terminal.writes.at(-1),
    ]);
    expect(terminal.shown()).toMatch(/^Exporting realm "shop"/);
    // Other stderr lines (a retry notice) go above the live line too, while it is shown.
    printError('Keycloak: 503 on GET /admin/realms; retrying');
    expect(terminal.writes.slice(-2)[0]).toBe('Keycloak: 503 on GET /admin/realms; retrying\n');
    expect(terminal.shown()).toMatch(/^Exporting realm "shop"/);
    send({ type: 'read-start', realm: 'other' });
    line.stop();
  });
});
