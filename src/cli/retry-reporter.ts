/**
 * How retries show: with `--json` on apply, one NDJSON event per retry on stdout (next to the
 * progress events); with `--verbose`, one line per retry on stderr; otherwise, once a request
 * has been retried for 2 seconds (an outage, not a blip), at most one line every 10 seconds, so
 * that a long outage is never a silent wait.
 */
import type { RetryEvent } from '../client/index.js';
import { printError } from './progress.js';

export type RetryDisplay = 'ndjson' | 'verbose' | 'quiet';

/** The NDJSON form: the client's event under `type: "http-retry"`. */
export type HttpRetryEvent = { type: 'http-retry' } & RetryEvent;

const QUIET_INTERVAL_MS = 10_000;
const QUIET_AFTER_MS = 2_000;

export function retryReporter(
  display: RetryDisplay,
  write: { out: (line: string) => void; err: (line: string) => void } = {
    out: (line) => console.log(line),
    err: (line) => printError(line),
  },
  now: () => number = Date.now,
): (event: RetryEvent) => void {
  let lastQuiet = Number.NEGATIVE_INFINITY;
  return (event) => {
    if (display === 'ndjson') {
      const ndjson: HttpRetryEvent = { type: 'http-retry', ...event };
      write.out(JSON.stringify(ndjson));
      return;
    }
    if (display === 'verbose') {
      write.err(
        `retry ${event.retry} of ${event.method} ${event.path} in ${seconds(event.delayMs)}: ${why(event)} ` +
          `(${seconds(event.elapsedMs)} of the ${seconds(event.budgetMs)} retry budget used)`,
      );
      return;
    }
    const at = now();
    if (event.elapsedMs < QUIET_AFTER_MS || at - lastQuiet < QUIET_INTERVAL_MS) return;
    lastQuiet = at;
    write.err(
      `Keycloak: ${why(event)} on ${event.method} ${event.path}; retrying for up to ${seconds(event.budgetMs)} ` +
        '(--retry-budget to change, --verbose to see each retry)',
    );
  };
}

function why(event: RetryEvent): string {
  const ambiguous = event.ambiguous ? ', looked up before sending again' : '';
  return `${event.reason}${ambiguous}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
