/**
 * The client against a real Keycloak behind the fault proxy (test/support/fault-proxy.ts): for
 * each class of fault, a workload of creates (POST, including components, whose names are not
 * unique), updates, idempotent POSTs, deletes and reads succeeds, and the realm then holds each
 * object exactly once. Rates are high so every class is met many times in a few seconds.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KeycloakAdmin, type RetryEvent } from '../../src/client/index.js';
import { describeFaults, type FaultPlan, type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { describeWithKeycloak, serverInfo, useTestRealm } from '../support/keycloak.js';

describeWithKeycloak('client under injected faults', () => {
  const realm = useTestRealm('faults');
  let proxy: FaultProxy;
  let realmId = '';

  beforeAll(async () => {
    proxy = await startFaultProxy({ target: serverInfo().url, lifetimeMs: 10 * 60_000 });
    realmId = (await realm.admin.getRealm(realm.name)).id ?? '';
  });
  afterAll(async () => {
    await proxy?.close();
  });

  /** An admin client that reaches Keycloak only through the proxy. */
  function proxiedAdmin(events: RetryEvent[]): KeycloakAdmin {
    const info = serverInfo();
    return new KeycloakAdmin({
      serverUrl: proxy.url,
      username: info.username,
      password: info.password,
      realmName: realm.name,
      userRealmName: 'master',
      retry: { onRetry: (event) => events.push(event) },
    });
  }

  /** Creates, updates, links and deletes objects named `tag-…`; returns nothing on success. */
  async function workload(admin: KeycloakAdmin, tag: string): Promise<void> {
    for (const index of [0, 1, 2, 3]) await admin.createRealmRole({ name: `${tag}-role-${index}` });
    for (const index of [0, 1]) await admin.createClient({ clientId: `${tag}-app-${index}` });
    for (const index of [0, 1]) await admin.createGroup({ name: `${tag}-group-${index}` });
    await admin.createComponent({
      name: `${tag}-key`,
      providerId: 'rsa-generated',
      providerType: 'org.keycloak.keys.KeyProvider',
      parentId: realmId,
      config: { priority: ['10'] },
    });
    await admin.updateRealmRole(`${tag}-role-0`, { name: `${tag}-role-0`, description: 'updated' });
    const composite = await admin.getRealmRole(`${tag}-role-1`);
    await admin.addCompositeRealmRolesToRole(`${tag}-role-0`, [composite]);
    await admin.addCompositeRealmRolesToRole(`${tag}-role-0`, [composite]);
    await admin.deleteRealmRole(`${tag}-role-3`);
    await admin.getRealmRoles();
  }

  /** Every object the workload leaves, counted by natural key through a direct (fault-free) client. */
  async function countsOf(tag: string): Promise<Record<string, number>> {
    const admin = realm.admin;
    const counts: Record<string, number> = {};
    const add = (key: string) => {
      counts[key] = (counts[key] ?? 0) + 1;
    };
    for (const role of await admin.getRealmRoles({ searchText: tag }))
      if (role.name?.startsWith(tag)) add(`role ${role.name}`);
    for (const client of await admin.getClients())
      if (client.clientId?.startsWith(tag)) add(`client ${client.clientId}`);
    for (const group of await admin.getGroups()) if (group.name?.startsWith(tag)) add(`group ${group.name}`);
    for (const component of await admin.getComponents({ parent: realmId }))
      if (component.name?.startsWith(tag)) add(`component ${component.name}`);
    const role0 = await admin.getRealmRole(`${tag}-role-0`);
    if (role0.description === 'updated') add('role 0 updated');
    for (const composite of await admin.getCompositeRealmRolesOfRole(`${tag}-role-0`))
      add(`composite ${composite.name}`);
    return counts;
  }

  const expected = (tag: string) => ({
    [`role ${tag}-role-0`]: 1,
    [`role ${tag}-role-1`]: 1,
    [`role ${tag}-role-2`]: 1,
    [`client ${tag}-app-0`]: 1,
    [`client ${tag}-app-1`]: 1,
    [`group ${tag}-group-0`]: 1,
    [`group ${tag}-group-1`]: 1,
    [`component ${tag}-key`]: 1,
    'role 0 updated': 1,
    [`composite ${tag}-role-1`]: 1,
  });

  // Each class starts with one fault of its kind (`script`), then draws: a short workload can draw
  // none at these rates (seen: no 429 in a run), and a case without a fault proves nothing.
  const classes: [string, FaultPlan][] = [
    ['503', { unavailable: 0.3, script: ['unavailable'] }],
    ['429', { tooMany: 0.2, retryAfterSeconds: 1, script: ['tooMany'] }],
    ['reset-before', { resetBeforeForward: 0.3, script: ['resetBeforeForward'] }],
    ['reset-after', { resetAfterForward: 0.3, script: ['resetAfterForward'] }],
    ['latency', { latencyMs: 200 }],
  ];

  for (const [tag, plan] of classes) {
    it(`survives ${tag} and leaves every object exactly once`, async () => {
      const events: RetryEvent[] = [];
      const admin = proxiedAdmin(events);
      const before = proxy.faults;
      proxy.setFaults(plan);
      try {
        await workload(admin, tag);
      } finally {
        proxy.setFaults({});
        await admin.close();
      }
      const injected = proxy.faults - before;
      if (tag !== 'latency') {
        expect(injected, describeFaults(proxy)).toBeGreaterThan(0);
        // Each fault is a retry, except a create whose answer was lost and whose look-up found it.
        expect(events.length).toBeGreaterThan(0);
      }
      expect(await countsOf(tag)).toEqual(expected(tag));
    });
  }

  it('waits through a pause (requests held for 3 s) and goes on', async () => {
    const events: RetryEvent[] = [];
    const admin = proxiedAdmin(events);
    await admin.getRealmRoles();
    proxy.pause(3000);
    const started = Date.now();
    try {
      await workload(admin, 'pause');
    } finally {
      await admin.close();
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(await countsOf('pause')).toEqual(expected('pause'));
  });

  it('waits for an answer as long as the request asks (`timeout`), beyond the connection’s', async () => {
    const info = serverInfo();
    const admin = new KeycloakAdmin({
      serverUrl: proxy.url,
      username: info.username,
      password: info.password,
      realmName: realm.name,
      userRealmName: 'master',
      timeout: 1,
    });
    const users = (tag: string) => ({ users: [{ username: `timeout-${tag}`, enabled: true }] });
    try {
      await admin.getRealmRoles();
      // Held 2.5 s: longer than the connection's 1 s, shorter than the request's own 10 s.
      proxy.pause(2500);
      const result = await admin.partialImportRealm(realm.name, users('own'), { timeout: 10 });
      expect(result.added).toBe(1);
      proxy.pause(2500);
      await expect(admin.partialImportRealm(realm.name, users('default'))).rejects.toThrow(/timeout/i);
    } finally {
      await admin.close();
    }
  });

  it('retries failures of the token request', async () => {
    const events: RetryEvent[] = [];
    const admin = proxiedAdmin(events);
    const tokenCalls = () => proxy.counters.byMethod.POST ?? 0;
    const before = tokenCalls();
    // The token endpoint meets each fault once, in order; everything else passes.
    proxy.setFaults({
      retryAfterSeconds: 1,
      script: ['unavailable', 'tooMany', 'resetBeforeForward', 'resetAfterForward'],
      applies: ({ path }) => path.endsWith('/protocol/openid-connect/token'),
    });
    try {
      for (let grant = 0; grant < 3; grant++) {
        await admin.getToken();
        await admin.getRealmRoles();
      }
    } finally {
      proxy.setFaults({});
      await admin.close();
    }
    const tokenRetries = events.filter((event) => event.path.endsWith('/token'));
    expect(tokenRetries.map((event) => event.reason)).toEqual([
      'HTTP 503',
      'HTTP 429',
      expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET/),
      expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET/),
    ]);
    expect(tokenCalls() - before).toBe(3 + 4);
    expect(admin.tokenRequestCount).toBe(3);
  });
});
