/**
 * ConnectionManager: one keep-alive undici pool per server, timeouts, proxy, custom CA, TLS
 * verification on by default, and retries with backoff and jitter over a time budget (the
 * policy is in retry-policy.ts). It knows HTTP, not Keycloak: it never throws on an HTTP status
 * (callers decide), only on network failure.
 */
import { readFileSync } from 'node:fs';
import { Agent, type Dispatcher, ProxyAgent, request } from 'undici';
import { hasUnsetSecret, unsetSecretsOf } from '../core/unset-secret.js';
import { KeycloakConnectionError } from './errors.js';
import { type HttpResponse, makeResponse } from './http-response.js';
import { buildQuery, type Query } from './path-template.js';
import { redactText, withoutCredentials } from './redact.js';
import {
  backoffMs,
  brokenReadAnswer,
  DEFAULT_RETRY_BUDGET_MS,
  firstContactBudgetMs,
  networkErrorCode,
  parseRetryAfter,
  type RetryEvent,
  type RetryOptions,
  verdictForError,
  verdictForStatus,
} from './retry-policy.js';

export type { RetryEvent, RetryOptions } from './retry-policy.js';

export interface ConnectionOptions {
  baseUrl: string;
  headers?: Record<string, string>;
  /** Seconds, as in python-keycloak. Default 60. */
  timeout?: number;
  /** Seconds to establish a connection. Default: `timeout`, at most 30. */
  connectTimeout?: number;
  /** `false` disables TLS verification (warns); a string is a CA bundle file path. */
  verify?: boolean | string;
  /** PEM CA certificate(s) to trust besides the system store. */
  ca?: string | Buffer | readonly (string | Buffer)[];
  /** Proxy URL, or python-style `{ http, https }` map (the one matching the server scheme wins). */
  proxies?: string | { http?: string; https?: string };
  retry?: RetryOptions;
  /** Max sockets to the server. Default 16. */
  connections?: number;
  /** python's `pool_maxsize`: the same as `connections`. */
  poolMaxsize?: number;
  /** python's `max_retries`: the same as `retry.retries`. */
  maxRetries?: number;
  /** Client certificate for mutual TLS: one PEM file holding certificate and key, or `[certFile, keyFile]`. */
  cert?: string | readonly [string, string];
}

export interface RequestOptions {
  query?: Query;
  /** JSON body; sent with `Content-Type: application/json`. */
  json?: unknown;
  /** Form body; sent url-encoded. */
  form?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Raw body with the caller's content type. */
  raw?: { body: string | Buffer; contentType: string };
  headers?: Record<string, string>;
  /** Overrides the method's default retry policy (e.g. a POST known to be idempotent). */
  idempotent?: boolean;
  /**
   * For a request that is not idempotent (a create): called after a failure that may have been
   * applied (connection lost after sending, 502, 504). Returns the response that stands for the
   * earlier attempt when the server did apply it (found by natural key), or undefined to send
   * the request again.
   */
  recover?: () => Promise<HttpResponse | undefined>;
  /** The request only reads (GET, or a read-only POST such as partial export): a 500 is retried too. */
  readOnly?: boolean;
  /** Shown in errors instead of the concrete path. */
  pathTemplate?: string;
  /**
   * Seconds to wait for this request's answer, instead of the connection's `timeout`: for a
   * request the server finishes even when the client stops waiting (a realm import), whose
   * answer is the only way to learn what it did.
   */
  timeout?: number;
}

export interface RequestEvent {
  method: string;
  path: string;
  status?: number;
  attempt: number;
  durationMs: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
let warnedInsecure = false;
/** How often a read (or a set write, below, or a create that can be looked up) that answered 500 is sent again. */
const READ_500_RETRIES = 3;
/**
 * Writes that add to or remove from a set (role mappings, composites): sending one again is
 * harmless, and Keycloak 26.7's role cache answers them 500 now and then (a NullPointerException
 * in its lazy loader; the same request passes a moment later). Retried like a read.
 */
const SET_WRITE = /\/(role-mappings|composites)(\/|$|\?)/;
/**
 * How often another write that sets a state (PUT, DELETE) is sent again after a 500: once.
 * Keycloak answers any request 500 now and then while another realm is deleted (resolving the
 * admin token's roles, before the request's own work: "Not found in database", seen on 26.2.5
 * and 26.4.7), and the same request passes a moment later; many write 500s are deterministic
 * (a flow in use), and one retry keeps their cost to one short wait.
 */
const WRITE_500_RETRIES = 1;

export class ConnectionManager {
  private _baseUrl: string;
  private readonly _headers: Record<string, string>;
  private _timeout: number;
  private _verify: boolean | string;
  private dispatcher: Dispatcher;
  /** What the pool was built from; python-style setters change it and rebuild the pool. */
  private readonly settings: ConnectionOptions;
  private readonly retry: Required<Omit<RetryOptions, 'onRetry' | 'retries'>> & { retries: number };
  private readonly listeners = new Set<(event: RequestEvent) => void>();
  private readonly retryListeners = new Set<(event: RetryEvent) => void>();
  /** Whether the server has answered once: until then a refused connection is retried only briefly. */
  private answered = false;
  /** Requests sent (every attempt counts); benchmarks and tests read it. */
  requestCount = 0;

  constructor(options: ConnectionOptions) {
    // Userinfo in the URL is never sent (undici ignores it) and must never be printed: drop it.
    this._baseUrl = withoutCredentials(options.baseUrl).replace(/\/+$/, '');
    this._headers = { ...(options.headers ?? {}) };
    this._timeout = options.timeout ?? 60;
    this._verify = options.verify ?? true;
    const { onRetry, ...retry } = options.retry ?? {};
    this.retry = {
      budgetMs: DEFAULT_RETRY_BUDGET_MS,
      baseDelayMs: 250,
      maxDelayMs: 5000,
      ...retry,
      retries: options.maxRetries ?? retry.retries ?? Number.POSITIVE_INFINITY,
    };
    if (onRetry) this.retryListeners.add(onRetry);
    this.settings = { ...options, connections: options.poolMaxsize ?? options.connections };
    this.dispatcher = createDispatcher(this._baseUrl, this.settings, this._timeout);
  }

  get baseUrl(): string {
    return this._baseUrl;
  }
  get timeout(): number {
    return this._timeout;
  }
  get verify(): boolean | string {
    return this._verify;
  }
  set baseUrl(value: string) {
    this._baseUrl = value.replace(/\/+$/, '');
    this.rebuild({ baseUrl: this._baseUrl });
  }
  set timeout(value: number) {
    this._timeout = value;
    this.rebuild({ timeout: value });
  }
  set verify(value: boolean | string) {
    this._verify = value;
    this.rebuild({ verify: value });
  }
  /** A copy of the default headers sent with every request. */
  get headers(): Record<string, string> {
    return { ...this._headers };
  }
  /** Replaces the default headers. */
  set headers(value: Record<string, string> | undefined) {
    this.cleanHeaders();
    Object.assign(this._headers, value ?? {});
  }
  get proxies(): ConnectionOptions['proxies'] {
    return this.settings.proxies;
  }
  set proxies(value: ConnectionOptions['proxies']) {
    this.rebuild({ proxies: value });
  }
  get cert(): ConnectionOptions['cert'] {
    return this.settings.cert;
  }
  set cert(value: ConnectionOptions['cert']) {
    this.rebuild({ cert: value });
  }
  /** Further attempts after a failed one (see RetryOptions.retries). */
  get maxRetries(): number {
    return this.retry.retries;
  }
  set maxRetries(value: number) {
    this.retry.retries = value;
  }
  /** Max sockets to the server. */
  get poolMaxsize(): number | undefined {
    return this.settings.connections;
  }
  set poolMaxsize(value: number | undefined) {
    this.rebuild({ connections: value });
  }

  /** Value of a default header. */
  paramHeaders(key: string): string | undefined {
    return this._headers[key];
  }
  cleanHeaders(): void {
    for (const key of Object.keys(this._headers)) delete this._headers[key];
  }
  existParamHeaders(key: string): boolean {
    return key in this._headers;
  }
  addParamHeaders(key: string, value: string): void {
    this._headers[key] = value;
  }
  delParamHeaders(key: string): void {
    delete this._headers[key];
  }

  /** Observe every attempt (method, path, status, timing). Returns an unsubscribe function. */
  onRequest(listener: (event: RequestEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Observe every retry before its wait (reason, delay, budget). Returns an unsubscribe function. */
  onRetry(listener: (event: RetryEvent) => void): () => void {
    this.retryListeners.add(listener);
    return () => this.retryListeners.delete(listener);
  }

  /** The retry budget of one request, ms. */
  get retryBudgetMs(): number {
    return this.retry.budgetMs;
  }

  rawGet(path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.send('GET', path, options);
  }
  rawPost(path: string, data?: unknown, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.send('POST', path, withBody(data, options));
  }
  rawPut(path: string, data?: unknown, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.send('PUT', path, withBody(data, options));
  }
  rawDelete(path: string, data?: unknown, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.send('DELETE', path, withBody(data, options));
  }

  /** Closes the pool. Further requests fail. */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** python's `aclose()`: the same as close(). */
  aclose(): Promise<void> {
    return this.close();
  }

  /** A changed setting takes effect for new requests; requests under way finish on the old pool. */
  private rebuild(change: Partial<ConnectionOptions>): void {
    Object.assign(this.settings, change);
    const previous = this.dispatcher;
    this.dispatcher = createDispatcher(this._baseUrl, this.settings, this._timeout);
    void previous.close().catch(() => undefined);
  }

  /** Sends a request; `path` is relative to the base URL (or absolute on the same server). */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const url = this.resolve(path) + buildQuery(options.query);
    const { body, contentType } = encodeBody(options);
    if (typeof body === 'string' && hasUnsetSecret(body)) {
      // The planner stops such writes first; this keeps a stand-in from ever becoming a secret.
      const names = [...new Set(unsetSecretsOf(body).flatMap((secret) => secret.variables))];
      throw new Error(
        `${method} ${options.pathTemplate ?? path} not sent: it would write a secret whose variable is not set (${names.join(', ')})`,
      );
    }
    // Header names are case-insensitive: a later `authorization` replaces a default `Authorization`.
    const headers = mergeHeaders(
      { accept: 'application/json, */*' },
      this._headers,
      contentType ? { 'content-type': contentType } : {},
      options.headers ?? {},
    );
    const idempotent = options.idempotent ?? options.readOnly ?? IDEMPOTENT.has(method);
    const readOnly = options.readOnly ?? (method === 'GET' || method === 'HEAD');
    // A 500 is sent again a few times for reads and writes that add to or remove from a set,
    // once for other PUTs and DELETEs (WRITE_500_RETRIES); a create that can be looked up is
    // handled below; any other POST's 500 is final.
    const setWrite = (method === 'POST' || method === 'DELETE') && SET_WRITE.test(path);
    const retriesOn500 =
      readOnly || setWrite
        ? READ_500_RETRIES
        : method === 'PUT' || method === 'DELETE'
          ? WRITE_500_RETRIES
          : 0;
    const retries500 = retriesOn500 > 0;
    const request: Attempted = {
      url,
      method,
      headers,
      body,
      shownPath: options.pathTemplate ?? path,
      ...(options.timeout === undefined ? {} : { timeoutMs: options.timeout * 1000 }),
    };
    const firstStarted = performance.now();
    // Whether an earlier attempt may have been applied (connection lost after sending, 502, 504).
    let mayHaveApplied = false;

    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(request, attempt);
      // A DELETE whose earlier attempt may have been applied, now answering 404, did its work.
      if (mayHaveApplied && method === 'DELETE' && 'response' in outcome && outcome.response.status === 404)
        return makeResponse(204, {}, '');
      // A DELETE that answered 500 may still have committed: a later 404 is then its own.
      if (method === 'DELETE' && 'response' in outcome && outcome.response.status === 500)
        mayHaveApplied = true;
      const broken =
        readOnly &&
        'response' in outcome &&
        brokenReadAnswer(
          outcome.response.status,
          outcome.response.headers['content-type'],
          outcome.response.text,
        );
      // A create that answered 500 (Keycloak's caches fail now and then while another realm is
      // deleted; the transaction may or may not have committed) is looked up by natural key and,
      // when not there, sent again a few times like a read: a deterministic 500 still surfaces.
      const create500 =
        !idempotent && options.recover && 'response' in outcome && outcome.response.status === 500;
      if (create500) {
        const recovered = await options.recover?.();
        if (recovered) return recovered;
      }
      const verdict =
        broken || create500
          ? 'retry'
          : 'response' in outcome
            ? verdictForStatus(outcome.response.status, retries500)
            : verdictForError(outcome.code);
      if (verdict === 'ambiguous') {
        mayHaveApplied = true;
        if (!idempotent) {
          if (!options.recover) return this.finish(outcome, request, true);
          const recovered = await options.recover();
          if (recovered) return recovered;
        }
      }
      const elapsed = performance.now() - firstStarted;
      // Until the server has answered once, a failing connection is a wrong URL more likely than
      // a restart: retried only briefly.
      const budget =
        'error' in outcome && !this.answered
          ? Math.min(firstContactBudgetMs(outcome.code), this.retry.budgetMs)
          : this.retry.budgetMs;
      const retryAfterMs =
        'response' in outcome ? parseRetryAfter(outcome.response.headers['retry-after']) : undefined;
      const delayMs = backoffMs(attempt + 1, this.retry, retryAfterMs);
      // A read answering 500 is retried a few times only: Keycloak's transient 500s (another realm
      // being created) pass within a second, a deterministic one must surface without a minute's wait.
      const retries =
        'response' in outcome && outcome.response.status === 500
          ? Math.min(create500 ? READ_500_RETRIES : retriesOn500, this.retry.retries)
          : broken
            ? Math.min(READ_500_RETRIES, this.retry.retries)
            : this.retry.retries;
      if (verdict === 'final' || attempt >= retries || elapsed + delayMs > budget)
        return this.finish(outcome, request, mayHaveApplied && !idempotent, attempt + 1, elapsed);
      this.emitRetry({
        method,
        path: request.shownPath,
        retry: attempt + 1,
        ...('response' in outcome
          ? {
              reason: `HTTP ${outcome.response.status}${broken ? ' with a broken body' : ''}`,
              status: outcome.response.status,
            }
          : { reason: outcome.code ?? 'network error', ...(outcome.code ? { code: outcome.code } : {}) }),
        delayMs,
        elapsedMs: Math.round(elapsed),
        budgetMs: budget,
        ...(verdict === 'ambiguous' && !idempotent ? { ambiguous: true } : {}),
      });
      await sleep(delayMs);
    }
  }

  /** One attempt: the whole response, or the network failure; observers see it either way. */
  private async attempt(req: Attempted, attempt: number): Promise<Outcome> {
    const started = performance.now();
    this.requestCount++;
    try {
      const res = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        dispatcher: this.dispatcher,
        ...(req.timeoutMs === undefined ? {} : { headersTimeout: req.timeoutMs, bodyTimeout: req.timeoutMs }),
      });
      const text = await res.body.text();
      this.answered = true;
      this.emit({
        method: req.method,
        path: req.shownPath,
        status: res.statusCode,
        attempt,
        durationMs: performance.now() - started,
      });
      return { response: makeResponse(res.statusCode, flattenHeaders(res.headers), text) };
    } catch (error) {
      this.emit({
        method: req.method,
        path: req.shownPath,
        attempt,
        durationMs: performance.now() - started,
      });
      return { error, code: networkErrorCode(error) };
    }
  }

  /** Returns the last response, or throws the network failure as a KeycloakConnectionError. */
  private finish(
    outcome: Outcome,
    req: Attempted,
    mayHaveApplied: boolean,
    attempts = 1,
    elapsedMs = 0,
  ): HttpResponse {
    if ('response' in outcome) return outcome.response;
    const { error, code } = outcome;
    const tried =
      attempts > 1 ? `; gave up after ${attempts} attempts in ${(elapsedMs / 1000).toFixed(1)} s` : '';
    const applied = mayHaveApplied ? ' (the server may have applied the request)' : '';
    const detail = (error as Error).message || code || String(error);
    throw new KeycloakConnectionError(
      redactText(
        `Cannot reach ${this._baseUrl}: ${code && !detail.includes(code) ? `${code} ` : ''}${detail}${tried}${applied}`,
      ),
      { method: req.method, path: req.shownPath, cause: error, code, answeredBefore: this.answered },
    );
  }

  private resolve(path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    return `${this._baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  private emit(event: RequestEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private emitRetry(event: RetryEvent): void {
    for (const listener of this.retryListeners) listener(event);
  }
}

/** A request as sent on each attempt. */
interface Attempted {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  /** Path template (or path) for events and errors. */
  shownPath: string;
  /** This request's answer timeout (RequestOptions.timeout); else the connection's. */
  timeoutMs?: number;
}

type Outcome = { response: HttpResponse } | { error: unknown; code: string | undefined };

function createDispatcher(baseUrl: string, options: ConnectionOptions, timeoutSeconds: number): Dispatcher {
  const verify = options.verify ?? true;
  if (verify === false && !warnedInsecure) {
    warnedInsecure = true;
    process.emitWarning('TLS certificate verification is disabled for Keycloak connections', {
      code: 'REALMFORM_INSECURE_TLS',
    });
  }
  const cas: (string | Buffer)[] = [];
  if (typeof verify === 'string') cas.push(readFileSync(verify));
  if (options.ca) cas.push(...(Array.isArray(options.ca) ? options.ca : [options.ca as string | Buffer]));
  const tls = {
    rejectUnauthorized: verify !== false,
    ...(cas.length ? { ca: cas } : {}),
    ...clientCertificate(options.cert),
  };
  const timeoutMs = timeoutSeconds * 1000;
  const common = {
    connections: options.connections ?? 16,
    keepAliveTimeout: 30_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connectTimeout:
      options.connectTimeout === undefined ? Math.min(timeoutMs, 30_000) : options.connectTimeout * 1000,
  };
  const proxy = pickProxy(baseUrl, options.proxies);
  if (proxy) return new ProxyAgent({ uri: proxy, requestTls: tls, ...common });
  return new Agent({ connect: tls, ...common });
}

function clientCertificate(cert: ConnectionOptions['cert']): { cert?: Buffer; key?: Buffer } {
  if (!cert) return {};
  if (typeof cert === 'string') {
    const pem = readFileSync(cert);
    return { cert: pem, key: pem };
  }
  return { cert: readFileSync(cert[0]), key: readFileSync(cert[1]) };
}

function mergeHeaders(...maps: Readonly<Record<string, string>>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const map of maps) for (const [key, value] of Object.entries(map)) out[key.toLowerCase()] = value;
  return out;
}

function pickProxy(baseUrl: string, proxies: ConnectionOptions['proxies']): string | undefined {
  if (!proxies) return undefined;
  if (typeof proxies === 'string') return proxies;
  return baseUrl.startsWith('https:') ? (proxies.https ?? proxies.http) : (proxies.http ?? proxies.https);
}

function withBody(data: unknown, options: RequestOptions): RequestOptions {
  if (data === undefined || options.form || options.raw) return options;
  return { ...options, json: data };
}

function encodeBody(options: RequestOptions): { body?: string | Buffer; contentType?: string } {
  if (options.raw) return { body: options.raw.body, contentType: options.raw.contentType };
  if (options.form) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(options.form)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) form.append(key, item);
      else form.append(key, value as string);
    }
    return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  if (options.json !== undefined)
    return { body: JSON.stringify(options.json), contentType: 'application/json' };
  return {};
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
