/**
 * The retry policy (src/client/retry-policy.ts) and how ConnectionManager and TokenManager apply
 * it, against a local HTTP server that misbehaves on purpose. HTTP behaviour only: what Keycloak
 * does behind a faulty network is tested through test/support/fault-proxy.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeResponse } from '../../src/client/http-response.js';
import {
  ConnectionManager,
  KeycloakAuthenticationError,
  KeycloakConnectionError,
} from '../../src/client/index.js';
import {
  backoffMs,
  firstContactBudgetMs,
  networkErrorCode,
  parseRetryAfter,
  type RetryEvent,
  verdictForError,
  verdictForStatus,
} from '../../src/client/retry-policy.js';
import { TokenManager } from '../../src/client/token-manager.js';

const servers: Server[] = [];

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
  port = 0,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => handler(req, res, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

afterEach(async () => {
  for (const server of servers.splice(0)) if (server.listening) await stop(server);
});

/** Drops the connection without an answer, after the request (and its body) arrived. */
function reset(res: ServerResponse): void {
  res.socket?.resetAndDestroy();
}

describe('retry policy', () => {
  it('retries 429 and 503 for every method, 502/504 only when idempotent, 500 only for reads', () => {
    expect(verdictForStatus(429, false)).toBe('retry');
    expect(verdictForStatus(503, false)).toBe('retry');
    expect(verdictForStatus(502, false)).toBe('ambiguous');
    expect(verdictForStatus(504, true)).toBe('ambiguous');
    expect(verdictForStatus(500, true)).toBe('retry');
    expect(verdictForStatus(500, false)).toBe('final');
    expect(verdictForStatus(400, true)).toBe('final');
    expect(verdictForStatus(409, false)).toBe('final');
  });

  it('tells a connection never made from one lost after sending, and TLS failures from both', () => {
    expect(verdictForError('ECONNREFUSED')).toBe('retry');
    expect(verdictForError('ENOTFOUND')).toBe('retry');
    expect(verdictForError('UND_ERR_CONNECT_TIMEOUT')).toBe('retry');
    expect(verdictForError('ECONNRESET')).toBe('ambiguous');
    expect(verdictForError('UND_ERR_SOCKET')).toBe('ambiguous');
    expect(verdictForError('UND_ERR_HEADERS_TIMEOUT')).toBe('ambiguous');
    expect(verdictForError('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('final');
    expect(verdictForError(undefined)).toBe('final');
  });

  it('before the first answer, retries a lost connection longer than one never made', () => {
    expect(firstContactBudgetMs('ECONNREFUSED')).toBe(3_000);
    expect(firstContactBudgetMs('ENOTFOUND')).toBe(3_000);
    expect(firstContactBudgetMs(undefined)).toBe(3_000);
    expect(firstContactBudgetMs('ECONNRESET')).toBe(15_000);
    expect(firstContactBudgetMs('UND_ERR_SOCKET')).toBe(15_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped, and honours Retry-After as a minimum', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(1, options, undefined, () => 0)).toBe(50);
    expect(backoffMs(1, options, undefined, () => 1)).toBe(100);
    expect(backoffMs(3, options, undefined, () => 1)).toBe(400);
    expect(backoffMs(10, options, undefined, () => 1)).toBe(1000);
    expect(backoffMs(1, options, 4000, () => 0)).toBe(4000);
    expect(backoffMs(1, options, 4000, () => 1)).toBeLessThanOrEqual(4100);
  });

  it('finds the code of wrapped network errors', () => {
    expect(networkErrorCode({ code: 'ECONNRESET' })).toBe('ECONNRESET');
    expect(networkErrorCode(new AggregateError([{ code: 'ECONNREFUSED' }]))).toBe('ECONNREFUSED');
    expect(networkErrorCode(new Error('x', { cause: { code: 'ENOTFOUND' } }))).toBe('ENOTFOUND');
    expect(networkErrorCode(new Error('x'))).toBeUndefined();
  });
});

describe('ConnectionManager retries', () => {
  it('honours a Retry-After of 429 on a POST and reports each retry', async () => {
    const arrivals: number[] = [];
    const { url } = await serve((_, res) => {
      arrivals.push(Date.now());
      if (arrivals.length === 1) res.writeHead(429, { 'retry-after': '1' }).end();
      else res.writeHead(201, { location: `${url}/things/42` }).end();
    });
    const events: RetryEvent[] = [];
    const connection = new ConnectionManager({
      baseUrl: url,
      retry: { baseDelayMs: 1, onRetry: (event) => events.push(event) },
    });
    const response = await connection.rawPost('/things', { name: 'a' }, { pathTemplate: '/things' });
    expect(response.status).toBe(201);
    expect(arrivals).toHaveLength(2);
    expect((arrivals[1] as number) - (arrivals[0] as number)).toBeGreaterThanOrEqual(950);
    expect(events).toEqual([
      expect.objectContaining({ method: 'POST', path: '/things', retry: 1, reason: 'HTTP 429', status: 429 }),
    ]);
    expect(events[0]?.delayMs).toBeGreaterThanOrEqual(1000);
    await connection.close();
  });

  it('gives up at once when Retry-After reaches beyond the budget', async () => {
    let calls = 0;
    const { url } = await serve((_, res) => {
      calls++;
      res.writeHead(429, { 'retry-after': '120' }).end();
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { budgetMs: 5_000 } });
    const started = Date.now();
    expect((await connection.rawGet('/x')).status).toBe(429);
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
    await connection.close();
  });

  it('retries within the time budget, then returns the last answer', async () => {
    let calls = 0;
    const { url } = await serve((_, res) => {
      calls++;
      res.writeHead(503).end();
    });
    const events: RetryEvent[] = [];
    const connection = new ConnectionManager({
      baseUrl: url,
      retry: { budgetMs: 600, baseDelayMs: 50, maxDelayMs: 100, onRetry: (e) => events.push(e) },
    });
    const started = Date.now();
    expect((await connection.rawPut('/x', {})).status).toBe(503);
    const took = Date.now() - started;
    expect(took).toBeLessThan(1500);
    expect(calls).toBeGreaterThan(3);
    expect(events).toHaveLength(calls - 1);
    expect(events.every((event) => event.elapsedMs + event.delayMs <= event.budgetMs)).toBe(true);
    expect(events.map((event) => event.retry)).toEqual(events.map((_, index) => index + 1));
    await connection.close();
  });

  it('sends a PUT or DELETE that answered 500 once more, never a POST it cannot look up', async () => {
    const calls: string[] = [];
    const { url } = await serve((req, res) => {
      calls.push(req.method ?? '');
      res.writeHead(500).end();
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { baseDelayMs: 1 } });
    expect((await connection.rawPost('/x', {})).status).toBe(500);
    expect((await connection.rawPut('/x', {})).status).toBe(500);
    expect((await connection.rawDelete('/x')).status).toBe(500);
    expect(calls).toEqual(['POST', 'PUT', 'PUT', 'DELETE', 'DELETE']);
    await connection.close();
  });

  it('takes a 404 after a DELETE that answered 500 as that DELETE done', async () => {
    let calls = 0;
    const { url } = await serve((_, res) => {
      calls++;
      res.writeHead(calls === 1 ? 500 : 404).end();
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { baseDelayMs: 1 } });
    expect((await connection.rawDelete('/x')).status).toBe(204);
    expect(calls).toBe(2);
    await connection.close();
  });

  it('after a create answered 500, looks up first and sends again a few times only', async () => {
    const arrived: string[] = [];
    const { url } = await serve((_, res, body) => {
      const name = (JSON.parse(body) as { name: string }).name;
      arrived.push(name);
      // "passes" fails once, "committed" fails after committing, "broken" always fails.
      const failing = name === 'broken' || arrived.filter((n) => n === name).length === 1;
      if (failing) res.writeHead(500).end('{"error":"unknown_error"}');
      else res.writeHead(201).end();
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { baseDelayMs: 1 } });
    let lookups = 0;
    const notThere = async () => {
      lookups++;
      return undefined;
    };
    expect((await connection.rawPost('/x', { name: 'passes' }, { recover: notThere })).status).toBe(201);
    expect([arrived, lookups]).toEqual([['passes', 'passes'], 1]);
    const found = await connection.rawPost(
      '/x',
      { name: 'committed' },
      { recover: async () => makeResponse(201, {}, '') },
    );
    expect(found.status).toBe(201);
    expect(arrived.filter((name) => name === 'committed')).toHaveLength(1);
    lookups = 0;
    expect((await connection.rawPost('/x', { name: 'broken' }, { recover: notThere })).status).toBe(500);
    expect(arrived.filter((name) => name === 'broken')).toHaveLength(4);
    expect(lookups).toBe(4);
    await connection.close();
  });

  it('treats 502 to a POST as ambiguous and 502 to a GET as retryable', async () => {
    let calls = 0;
    const { url } = await serve((req, res) => {
      calls++;
      res.writeHead(req.method === 'GET' && calls > 1 ? 200 : 502).end();
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { baseDelayMs: 1 } });
    expect((await connection.rawPost('/x', {})).status).toBe(502);
    expect(calls).toBe(1);
    calls = 0;
    expect((await connection.rawGet('/x')).status).toBe(200);
    expect(calls).toBe(2);
    await connection.close();
  });

  it('reports a DELETE whose first answer was lost and whose retry finds nothing as done', async () => {
    let calls = 0;
    const { url } = await serve((_, res) => {
      calls++;
      if (calls === 1) reset(res);
      else res.writeHead(404).end('{"error":"Could not find role"}');
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { baseDelayMs: 1 } });
    expect((await connection.rawDelete('/roles/x')).status).toBe(204);
    expect(calls).toBe(2);
    await connection.close();
  });

  it('rides out a server restart once it has answered, but fails fast on a server never reached', async () => {
    const first = await serve((_, res) => res.writeHead(200).end('{}'));
    const port = Number(new URL(first.url).port);
    const connection = new ConnectionManager({
      baseUrl: first.url,
      retry: { budgetMs: 20_000, baseDelayMs: 50, maxDelayMs: 200 },
    });
    expect((await connection.rawGet('/x')).status).toBe(200);
    await stop(first.server);
    // "Restart": the port refuses connections for 1.5 s, then the server is back.
    const back = new Promise<void>((resolve) =>
      setTimeout(
        () => void serve((_, res) => res.writeHead(200).end('{}'), port).then(() => resolve()),
        1500,
      ),
    );
    const started = Date.now();
    expect((await connection.rawPost('/x', { a: 1 })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    await back;
    await connection.close();

    const refused = await serve(() => {});
    await stop(refused.server);
    const fresh = new ConnectionManager({ baseUrl: refused.url, retry: { budgetMs: 20_000 } });
    const before = Date.now();
    const error = await fresh.rawGet('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeycloakConnectionError);
    expect((error as KeycloakConnectionError).code).toBe('ECONNREFUSED');
    expect(Date.now() - before).toBeLessThan(5_000);
    await fresh.close();
  });

  it('retries the token request like a read (500 too), and names who failed to log in', async () => {
    let calls = 0;
    const { url } = await serve((req, res, body) => {
      calls++;
      if (calls === 1) res.writeHead(503).end();
      else if (calls === 2) reset(res);
      // 24.0.5's role cache answered a password grant 500 while another realm was deleted.
      else if (calls === 3) res.writeHead(500).end();
      else if (body.includes('password=good'))
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ access_token: 't', expires_in: 60, token_type: 'Bearer' }));
      else
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"error":"invalid_grant","error_description":"Invalid user credentials"}');
      void req;
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { baseDelayMs: 1 } });
    const grant = { type: 'password' as const, username: 'ops', password: 'good', clientId: 'admin-cli' };
    const tokens = new TokenManager(connection, 'master', grant);
    expect(await tokens.accessToken()).toBe('t');
    expect(calls).toBe(4);
    const wrong = new TokenManager(connection, 'master', { ...grant, password: 'bad' });
    const error = await wrong.accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeycloakAuthenticationError);
    expect((error as Error).message).toContain('user "ops" (client "admin-cli") in realm "master"');
    expect((error as Error).message).not.toContain('bad');
    await connection.close();
  });
});
