/**
 * The HTTP policy of ConnectionManager (retries, backoff, headers, bodies, timeouts) checked
 * against a local HTTP server. This is HTTP behaviour, not Keycloak behaviour: the admin API
 * itself is only ever tested against a real Keycloak.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionManager, KeycloakConnectionError } from '../../src/client/index.js';
import { unsetSecretPlaceholder } from '../../src/core/unset-secret.js';

let server: Server | undefined;

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

describe('ConnectionManager', () => {
  it('retries a GET on 503 and honours Retry-After', async () => {
    let calls = 0;
    const url = await serve((_, res) => {
      calls++;
      if (calls < 3) {
        res.writeHead(503, { 'retry-after': '0' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { baseDelayMs: 1 } });
    const response = await connection.rawGet('/x');
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ ok: true });
    expect(calls).toBe(3);
    expect(connection.requestCount).toBe(3);
    await connection.close();
  });

  it('retries a read on 500 a few times, a PUT once', async () => {
    let calls = 0;
    const url = await serve((req, res) => {
      calls++;
      if (req.method === 'GET' && calls === 1) {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(req.method === 'GET' ? 200 : 500).end();
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { retries: 3, baseDelayMs: 1 } });
    expect((await connection.rawGet('/x')).status).toBe(200);
    expect(calls).toBe(2);
    calls = 0;
    expect((await connection.rawPut('/x', {})).status).toBe(500);
    expect(calls).toBe(2);
    calls = 0;
    expect((await connection.rawPost('/export', undefined, { readOnly: true })).status).toBe(500);
    expect(calls).toBe(4);
    await connection.close();
  });

  it('retries a role-mapping or composite write on 500 (harmless to repeat), no other POST', async () => {
    const seen: string[] = [];
    const url = await serve((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      // Each path answers 500 the first time (Keycloak 26.7's role-cache race), then 204.
      const first = seen.filter((line) => line === `${req.method} ${req.url}`).length === 1;
      res.writeHead(first ? 500 : 204).end();
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { retries: 3, baseDelayMs: 1 } });
    expect((await connection.rawPost('/admin/realms/r/users/u/role-mappings/realm', [])).status).toBe(204);
    expect((await connection.rawPost('/admin/realms/r/roles-by-id/x/composites', [])).status).toBe(204);
    expect((await connection.rawPost('/admin/realms/r/users', {})).status).toBe(500);
    expect(seen).toEqual([
      'POST /admin/realms/r/users/u/role-mappings/realm',
      'POST /admin/realms/r/users/u/role-mappings/realm',
      'POST /admin/realms/r/roles-by-id/x/composites',
      'POST /admin/realms/r/roles-by-id/x/composites',
      'POST /admin/realms/r/users',
    ]);
    await connection.close();
  });

  it('reads again when Keycloak broke its answer while writing it (400 "Cannot parse the JSON", cut-off 200)', async () => {
    const seen: string[] = [];
    const broken = '{"error":"unknown_error","error_description":"Cannot parse the JSON"}';
    const url = await serve((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const attempt = seen.filter((line) => line === `${req.method} ${req.url}`).length;
      const json = { 'content-type': 'application/json' };
      if (req.url === '/list' && attempt === 1) res.writeHead(400, json).end(broken);
      else if (req.url === '/list' && attempt === 2) res.writeHead(200, json).end(`[{"realm":"ma${broken}`);
      else if (req.url === '/list') res.writeHead(200, json).end('[{"realm":"master"}]');
      // A write's 400 is about what it sent: final.
      else res.writeHead(400, json).end(broken);
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { baseDelayMs: 1 } });
    expect((await connection.rawGet('/list')).json()).toEqual([{ realm: 'master' }]);
    expect((await connection.rawPost('/create', {})).status).toBe(400);
    expect(seen).toEqual(['GET /list', 'GET /list', 'GET /list', 'POST /create']);
    await connection.close();
  });

  it('gives a read that keeps answering 500 three more tries only, not the whole retry budget', async () => {
    let calls = 0;
    const url = await serve((_, res) => {
      calls++;
      res.writeHead(500).end();
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { baseDelayMs: 1, budgetMs: 60_000 } });
    expect((await connection.rawGet('/broken')).status).toBe(500);
    expect(calls).toBe(4);
    await connection.close();
  });

  it('retries a POST on 503: the server did not process it', async () => {
    let calls = 0;
    const url = await serve((_, res) => {
      calls++;
      res.writeHead(calls < 3 ? 503 : 201).end();
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { baseDelayMs: 1 } });
    const response = await connection.rawPost('/x', { a: 1 });
    expect(response.status).toBe(201);
    expect(calls).toBe(3);
    await connection.close();
  });

  it('gives up after the configured retries and returns the last answer', async () => {
    let calls = 0;
    const url = await serve((_, res) => {
      calls++;
      res.writeHead(502).end('bad gateway');
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { retries: 2, baseDelayMs: 1 } });
    const response = await connection.rawDelete('/x');
    expect(response.status).toBe(502);
    expect(calls).toBe(3);
    await connection.close();
  });

  it('sends default and per-call headers, JSON and form bodies, and query strings', async () => {
    const seen: { headers: IncomingMessage['headers']; body: string; url?: string }[] = [];
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ headers: req.headers, body, url: req.url });
        res.writeHead(204).end();
      });
    });
    const connection = new ConnectionManager({ baseUrl: `${url}/`, headers: { 'x-team': 'iam' } });
    connection.addParamHeaders('x-extra', '1');
    expect(connection.existParamHeaders('x-extra')).toBe(true);
    expect(connection.paramHeaders('x-team')).toBe('iam');
    await connection.rawPut(
      '/json',
      { a: [1, 2] },
      { query: { first: 0, tags: ['a', 'b'], skip: undefined } },
    );
    await connection.rawPost('/form', undefined, {
      form: { grant_type: 'password', scope: ['openid', 'email'] },
    });
    connection.delParamHeaders('x-extra');
    connection.cleanHeaders();
    await connection.rawGet('/plain');
    expect(seen[0]?.url).toBe('/json?first=0&tags=a&tags=b');
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(seen[0]?.headers['x-team']).toBe('iam');
    expect(seen[0]?.headers['x-extra']).toBe('1');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ a: [1, 2] });
    expect(seen[1]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[1]?.body).toBe('grant_type=password&scope=openid&scope=email');
    expect(seen[2]?.headers['x-team']).toBeUndefined();
    await connection.close();
  });

  it('reports an unreachable server as KeycloakConnectionError after retrying', async () => {
    const url = await serve(() => {});
    const closing = server;
    server = undefined;
    await new Promise((resolve) => closing?.close(resolve));
    const connection = new ConnectionManager({ baseUrl: url, retry: { retries: 1, baseDelayMs: 1 } });
    const error = await connection.rawGet('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeycloakConnectionError);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(connection.requestCount).toBe(2);
    await connection.close();
  });

  it('times out a server that never answers', async () => {
    const url = await serve(() => {
      /* never respond */
    });
    const connection = new ConnectionManager({ baseUrl: url, timeout: 0.3, retry: { retries: 0 } });
    const error = await connection.rawGet('/slow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeycloakConnectionError);
    expect((error as Error).message).toMatch(/timeout|UND_ERR/i);
    await connection.close();
  });

  it('never sends a secret whose variable is not set (the stand-in for it)', async () => {
    let calls = 0;
    const url = await serve((_, res) => {
      calls++;
      res.writeHead(204).end();
    });
    const connection = new ConnectionManager({ baseUrl: url, retry: { baseDelayMs: 1 } });
    const secret = unsetSecretPlaceholder({ variables: ['env:API_SECRET'], path: 'clients[0].secret' });
    await expect(connection.rawPut('/clients/1', { clientId: 'api', secret })).rejects.toThrow(
      'PUT /clients/1 not sent: it would write a secret whose variable is not set (env:API_SECRET)',
    );
    expect(calls).toBe(0);
    expect((await connection.rawPut('/clients/1', { clientId: 'api', secret: 's3cret' })).status).toBe(204);
    await connection.close();
  });
});
