/**
 * A loopback HTTP proxy in front of the run's Keycloak that reports another server version in
 * `GET /admin/serverinfo` and passes everything else through unchanged. A real server of an
 * unsupported version cannot be started here; this shows what realmform does with one, and
 * records every request that is not a read so a test can check that nothing was written.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface VersionProxy {
  url: string;
  /** `METHOD path` of every request other than GET that reached the proxy, token requests left out. */
  writes: string[];
  close(): Promise<void>;
}

export async function startVersionProxy(target: string, reportedVersion: string): Promise<VersionProxy> {
  const writes: string[] = [];
  const server: Server = createServer((request, response) => {
    forward(target, request, reportedVersion, writes)
      .then(({ status, headers, body }) => {
        response.writeHead(status, headers);
        response.end(body);
      })
      .catch((error: Error) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(error.message);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    writes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function forward(
  target: string,
  request: IncomingMessage,
  reportedVersion: string,
  writes: string[],
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const path = request.url ?? '/';
  const method = request.method ?? 'GET';
  if (method !== 'GET' && !path.includes('/protocol/openid-connect/token')) writes.push(`${method} ${path}`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
      headers[name] = value;
  }
  const answer = await fetch(`${target}${path}`, {
    method,
    headers,
    ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
  });
  let body = Buffer.from(await answer.arrayBuffer());
  if (method === 'GET' && path.split('?')[0] === '/admin/serverinfo' && answer.ok) {
    const info = JSON.parse(body.toString('utf8')) as { systemInfo?: { version?: string } };
    info.systemInfo = { ...info.systemInfo, version: reportedVersion };
    body = Buffer.from(JSON.stringify(info));
  }
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name))
      out[name] = value;
  });
  return { status: answer.status, headers: out, body };
}
