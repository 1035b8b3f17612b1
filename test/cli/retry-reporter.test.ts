import { describe, expect, it } from 'vitest';
import { retryReporter } from '../../src/cli/retry-reporter.js';
import type { RetryEvent } from '../../src/client/index.js';

const event = (retry: number, elapsedMs: number): RetryEvent => ({
  method: 'POST',
  path: '/admin/realms/{realm}/clients',
  retry,
  reason: 'HTTP 503',
  status: 503,
  delayMs: 800,
  elapsedMs,
  budgetMs: 60_000,
});

function capture(display: 'ndjson' | 'verbose' | 'quiet', events: RetryEvent[], times: number[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  let tick = 0;
  const report = retryReporter(
    display,
    { out: (line) => out.push(line), err: (line) => err.push(line) },
    () => times[tick++] ?? 0,
  );
  for (const e of events) report(e);
  return { out, err };
}

describe('retryReporter', () => {
  it('prints NDJSON events on stdout for apply --json', () => {
    const { out, err } = capture('ndjson', [event(1, 0)]);
    expect(err).toEqual([]);
    expect(JSON.parse(out[0] ?? '')).toEqual({ type: 'http-retry', ...event(1, 0) });
  });

  it('prints every retry with --verbose', () => {
    const { err } = capture('verbose', [event(1, 0), event(2, 900)]);
    expect(err).toEqual([
      'retry 1 of POST /admin/realms/{realm}/clients in 0.8 s: HTTP 503 (0.0 s of the 60 s retry budget used)',
      'retry 2 of POST /admin/realms/{realm}/clients in 0.8 s: HTTP 503 (0.9 s of the 60 s retry budget used)',
    ]);
  });

  it('otherwise says nothing about blips and one line per 10 s about outages', () => {
    const { err } = capture(
      'quiet',
      [event(1, 0), event(5, 2500), event(6, 3500), event(9, 14_000)],
      [0, 1000, 12_000],
    );
    expect(err).toHaveLength(2);
    expect(err[0]).toContain('HTTP 503 on POST /admin/realms/{realm}/clients; retrying for up to 60 s');
  });
});
