/**
 * When a request is sent again, and after how long. Pure functions, so the policy is tested
 * without a server; ConnectionManager runs the loop.
 *
 * - 429 and 503 mean "not processed": every method is retried, POST included.
 * - 502 and 504 come from a gateway that may have forwarded the request, and a connection that
 *   broke after the request went out (reset, closed, timeout) may have been processed: both are
 *   retried for idempotent requests; for a POST they are *ambiguous* (the caller may look the
 *   object up by its natural key before sending again).
 * - A connection that was never made (refused, unknown host, connect timeout) is retried for
 *   every method.
 * - Until the server has answered once, network failures are retried only briefly
 *   (firstContactBudgetMs): a wrong URL or port fails in seconds, while a server that answered
 *   before and stopped is probably restarting and gets the whole budget. A connection that was
 *   made and then lost gets longer than one never made: something listens there.
 * - 500 is retried only for reads and for writes that add to or remove from a set (role
 *   mappings, composites; see ConnectionManager): Keycloak answers 500 to many deterministic
 *   mistakes in other writes (a bad PEM, a mapper PUT without id) and repeating them only delays
 *   the error.
 * - A read whose answer broke while Keycloak wrote it is retried like a 500 (brokenReadAnswer).
 * - Everything else (other statuses, TLS failures) is final.
 */

export interface RetryOptions {
  /**
   * How long one request may keep retrying, from its first attempt, in ms. Default 60 000:
   * longer than a Keycloak restart.
   */
  budgetMs?: number;
  /** At most this many further attempts. Default: as many as the budget allows. */
  retries?: number;
  /** First backoff in ms, doubled each attempt, with jitter. Default 250. */
  baseDelayMs?: number;
  /** Upper bound for one backoff (not for a server's Retry-After). Default 5000. */
  maxDelayMs?: number;
  /** Called before each wait for a retry. */
  onRetry?: (event: RetryEvent) => void;
}

/** One retry about to happen: the CLI shows it in --verbose and as an NDJSON event. */
export interface RetryEvent {
  method: string;
  /** Path template (or path) of the request. */
  path: string;
  /** 1 for the first retry. */
  retry: number;
  /** `HTTP 503`, `ECONNRESET` … */
  reason: string;
  status?: number;
  code?: string;
  /** Wait before the next attempt, ms. */
  delayMs: number;
  /** Since the first attempt, ms. */
  elapsedMs: number;
  budgetMs: number;
  /** The earlier attempt may have been applied (a POST: looked up by natural key first). */
  ambiguous?: boolean;
}

export const DEFAULT_RETRY_BUDGET_MS = 60_000;
/** Until the server has answered once, a connection never made is retried this long. */
export const FIRST_CONTACT_BUDGET_MS = 3_000;
/**
 * Until the server has answered once, a connection made and then lost (reset, closed) is retried
 * this long: 3 s allowed only four attempts, and four resets in a row on a lossy path (30% in the
 * fault tests) failed a first login now and then.
 */
export const FIRST_CONTACT_LOST_BUDGET_MS = 15_000;

/** How long a request may retry before the server has ever answered, given the failure. */
export function firstContactBudgetMs(code: string | undefined): number {
  return code !== undefined && MAYBE_SENT.has(code) ? FIRST_CONTACT_LOST_BUDGET_MS : FIRST_CONTACT_BUDGET_MS;
}

export type RetryVerdict =
  /** Final: return the response or throw the error. */
  | 'final'
  /** Send again. */
  | 'retry'
  /** The request may have been applied: idempotent requests are sent again, others recovered. */
  | 'ambiguous';

/** The request could not even be sent: nothing reached the server. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
]);
/** The connection broke after the request may have gone out. */
const MAYBE_SENT = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

export function verdictForStatus(status: number, readOnly: boolean): RetryVerdict {
  if (status === 429 || status === 503) return 'retry';
  if (status === 502 || status === 504) return 'ambiguous';
  if (status === 500 && readOnly) return 'retry';
  return 'final';
}

/**
 * Keycloak streams a JSON list while it reads it; when an object in it disappears meanwhile (a
 * realm deleted while `GET /admin/realms` is written, measured on 26.7.3), its error handler answers
 * 400 `Cannot parse the JSON` — about its own output, since a read sends none — or, once the
 * status line has gone out, appends that error to a cut-off 200 body. Both are transient.
 */
export function brokenReadAnswer(status: number, contentType: string | undefined, text: string): boolean {
  if (status === 400) return /"error_description"\s*:\s*"Cannot parse the JSON"/.test(text);
  if (status < 200 || status >= 300 || text.length === 0 || !contentType?.includes('json')) return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

export function verdictForError(code: string | undefined): RetryVerdict {
  if (code === undefined) return 'final';
  if (NOT_SENT.has(code)) return 'retry';
  if (MAYBE_SENT.has(code)) return 'ambiguous';
  return 'final';
}

/** The code of a network error (`ECONNREFUSED`, `UND_ERR_SOCKET`, `CERT_HAS_EXPIRED` …), also when wrapped. */
export function networkErrorCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const found = networkErrorCode(inner, depth + 1);
      if (found) return found;
    }
  }
  return networkErrorCode((error as { cause?: unknown }).cause, depth + 1);
}

/**
 * `Retry-After` in ms: delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent
 * or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random): spreads concurrent
 * callers without ever retrying at once. A server's Retry-After is honoured as a minimum.
 */
export function backoffMs(
  retry: number,
  options: { baseDelayMs: number; maxDelayMs: number },
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.baseDelayMs * 2 ** (retry - 1), options.maxDelayMs);
  const jittered = ceiling / 2 + (random() * ceiling) / 2;
  if (retryAfterMs === undefined) return Math.round(jittered);
  // A small random addition keeps callers told the same date from arriving together.
  return Math.round(retryAfterMs + random() * Math.min(250, options.baseDelayMs));
}
