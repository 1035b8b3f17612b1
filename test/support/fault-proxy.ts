/**
 * A fault-injecting HTTP proxy on loopback, in front of a real Keycloak: each request may be
 * answered 503 or 429 (with Retry-After) without reaching Keycloak, have its connection reset
 * before it is forwarded or after Keycloak answered (the answer is lost: Keycloak did apply
 * it), be delayed, or be held while the proxy is paused. Faults are drawn from a seeded
 * generator, so a failing run can be repeated with its seed. Counters say what happened.
 *
 * The Host header is forwarded as received, so Keycloak builds its URLs (and token issuers)
 * from the proxy's address and every request through the proxy sees one consistent server.
 * Bounded: the proxy closes itself after `lifetimeMs`, and a paused request waits at most
 * until the pause ends.
 */
import { Agent, createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FaultPlan {
  /** Share of requests (0..1) answered 503 without being forwarded. */
  unavailable?: number;
  /** Share answered 429 with `Retry-After: retryAfterSeconds`, not forwarded. */
  tooMany?: number;
  /** Default 1. */
  retryAfterSeconds?: number;
  /** Share whose connection is reset after the request (body included) arrived, before forwarding. */
  resetBeforeForward?: number;
  /** Share forwarded to Keycloak, whose answer is then dropped with a connection reset. */
  resetAfterForward?: number;
  /** Delay added before each forward, ms. */
  latencyMs?: number;
  /** Which requests may be faulted. Default: all. */
  applies?: (request: { method: string; path: string }) => boolean;
  /** Faults for the next requests that `applies` to, in order (undefined: none), before any draw. */
  script?: readonly (FaultKind | undefined)[];
}

export type FaultKind = 'unavailable' | 'tooMany' | 'resetBeforeForward' | 'resetAfterForward';

export interface FaultCounters {
  requests: number;
  forwarded: number;
  unavailable: number;
  tooMany: number;
  resetBeforeForward: number;
  resetAfterForward: number;
  /** Requests that arrived during a pause and were held. */
  held: number;
  /** Forwards that failed (Keycloak unreachable): answered 502. */
  upstreamErrors: number;
  /** Per method, faults included. */
  byMethod: Record<string, number>;
}

export interface FaultProxy {
  readonly url: string;
  readonly seed: number;
  readonly counters: FaultCounters;
  /** Faults injected so far (the four kinds together). */
  readonly faults: number;
  setFaults(plan: FaultPlan): void;
  /** Holds every request arriving in the next `ms` until the pause ends (Keycloak "frozen"). */
  pause(ms: number): void;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  /** Keycloak's base URL (http only). */
  target: string;
  faults?: FaultPlan;
  /** Default: random (printed in the counters' summary). */
  seed?: number;
  /** The proxy closes itself after this long. Default 15 minutes. */
  lifetimeMs?: number;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:') throw new Error('The fault proxy forwards to http:// only');
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = mulberry32(seed);
  let plan: FaultPlan = options.faults ?? {};
  let script = [...(plan.script ?? [])];
  let pausedUntil = 0;
  const counters: FaultCounters = {
    requests: 0,
    forwarded: 0,
    unavailable: 0,
    tooMany: 0,
    resetBeforeForward: 0,
    resetAfterForward: 0,
    held: 0,
    upstreamErrors: 0,
    byMethod: {},
  };
  const upstream = new Agent({ keepAlive: true, maxSockets: 32 });
  const sockets = new Set<Socket>();

  const pick = (method: string, path: string): FaultKind | undefined => {
    if (plan.applies && !plan.applies({ method, path })) return undefined;
    if (script.length > 0) return script.shift();
    // One draw per request: the kinds share the unit interval, so rates add up as configured.
    const draw = random();
    let edge = 0;
    for (const kind of ['unavailable', 'tooMany', 'resetBeforeForward', 'resetAfterForward'] as const) {
      edge += plan[kind] ?? 0;
      if (draw < edge) return kind;
    }
    return undefined;
  };

  const server: Server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    counters.requests++;
    counters.byMethod[method] = (counters.byMethod[method] ?? 0) + 1;
    const body = await readBody(req);
    const wait = pausedUntil - Date.now();
    if (wait > 0) {
      counters.held++;
      await sleep(wait);
    }
    const fault = pick(method, path);
    if (fault === 'unavailable') {
      counters.unavailable++;
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable (fault proxy)');
      return;
    }
    if (fault === 'tooMany') {
      counters.tooMany++;
      res
        .writeHead(429, { 'retry-after': String(plan.retryAfterSeconds ?? 1), 'content-type': 'text/plain' })
        .end('Too Many Requests (fault proxy)');
      return;
    }
    if (fault === 'resetBeforeForward') {
      counters.resetBeforeForward++;
      req.socket.resetAndDestroy();
      return;
    }
    if (plan.latencyMs) await sleep(plan.latencyMs);
    let answer: { status: number; headers: IncomingHttpHeaders; body: Buffer };
    try {
      answer = await forward(target, upstream, method, path, req.headers, body);
    } catch (error) {
      counters.upstreamErrors++;
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`Bad Gateway: ${(error as Error).message}`);
      return;
    }
    counters.forwarded++;
    if (fault === 'resetAfterForward') {
      counters.resetAfterForward++;
      req.socket.resetAndDestroy();
      return;
    }
    res.writeHead(answer.status, withoutHopByHop(answer.headers)).end(answer.body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      for (const socket of sockets) socket.destroy();
      upstream.destroy();
      server.close(() => resolve());
    });
    return closed;
  };
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 15 * 60_000);
  lifetime.unref();

  return {
    url,
    seed,
    counters,
    get faults() {
      return (
        counters.unavailable + counters.tooMany + counters.resetBeforeForward + counters.resetAfterForward
      );
    },
    setFaults(next) {
      plan = next;
      script = [...(next.script ?? [])];
    },
    pause(ms) {
      pausedUntil = Date.now() + ms;
    },
    close,
  };
}

function forward(
  target: URL,
  agent: Agent,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        agent,
        headers: { ...withoutHopByHop(headers), 'content-length': String(body.length) },
        timeout: 120_000,
      },
      (response) => {
        readBody(response).then(
          (data) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: data }),
          reject,
        );
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('upstream timeout')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-connection',
  'upgrade',
  'te',
]);

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

function readBody(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** A small seeded PRNG (mulberry32): the same seed draws the same faults. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One line for test output: `seed 123: 840 requests, 41 faults (503: 20, 429: 9, …)`. */
export function describeFaults(proxy: FaultProxy): string {
  const c = proxy.counters;
  return (
    `seed ${proxy.seed}: ${c.requests} requests, ${c.forwarded} forwarded, ${proxy.faults} faults ` +
    `(503: ${c.unavailable}, 429: ${c.tooMany}, reset before forward: ${c.resetBeforeForward}, ` +
    `reset after forward: ${c.resetAfterForward}), ${c.held} held by a pause`
  );
}
