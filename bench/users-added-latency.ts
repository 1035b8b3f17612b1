/**
 * Users added to an existing realm, through partialImport batches (`importUsers`) and per object,
 * with every request of realmform delayed by a proxy (test/support/fault-proxy.ts): where each
 * request crosses a slower link than loopback, do the requests import saves count? Alternated,
 * each run a new set of a quarter of the realm's users.
 *
 *   node --import tsx bench/users-added-latency.ts [scale] [latency ms] [rounds]
 */
import { KeycloakAdmin } from '../src/client/index.js';
import { applyManifest } from '../src/engine/converge.js';
import { ALL_KINDS } from '../src/kinds/index.js';
import { hasChanges } from '../src/planner/plan.js';
import { startFaultProxy } from '../test/support/fault-proxy.js';
import { benchServer } from './bench-server.js';
import { addedUsers, FULL_SIZE, generateRealm, scaled } from './generate-realm.js';

const [scale = 1, latencyMs = 20, rounds = 2] = process.argv.slice(2).map(Number);
const { server, admin } = await benchServer();
const proxy = await startFaultProxy({ target: server.url, faults: { latencyMs }, lifetimeMs: 3_600_000 });
const delayed = new KeycloakAdmin({
  serverUrl: proxy.url,
  username: server.username,
  password: server.password,
  timeout: 900,
});
try {
  const size = scaled(FULL_SIZE, scale);
  const realm = `users-added-${Date.now()}`;
  const representation = generateRealm(realm, size);
  await admin.createRealm(representation, { timeout: 900 });
  const added = Math.round(size.users / 4);
  let users = representation.users ?? [];
  let batch = 0;
  const add = async (importUsers: boolean) => {
    batch++;
    users = [...users, ...addedUsers(realm, size, added, batch)];
    const before = delayed.connection.requestCount;
    const started = performance.now();
    const result = await applyManifest(
      delayed,
      { realm, representation: { ...representation, users }, locate: () => undefined },
      ALL_KINDS,
      { bulk: { importUsers } },
    );
    const ok = result.report.ok && !hasChanges(result.replan);
    console.log(
      `${added} users added, ${importUsers ? 'imported  ' : 'per object'}: ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
        `${delayed.connection.requestCount - before} requests${ok ? '' : ' (failed or did not converge)'}`,
    );
  };
  console.log(`every request delayed ${latencyMs} ms; realm of ${size.users} users`);
  for (let round = 0; round < rounds; round++)
    for (const importUsers of round % 2 ? [false, true] : [true, false]) await add(importUsers);
  await admin.deleteRealm(realm);
} finally {
  await delayed.close();
  await admin.close();
  await proxy.close();
  await server.stop();
}
