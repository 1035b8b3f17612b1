/**
 * How long no-op plans take right after Keycloak imported a large realm: one POST of a generated
 * realm, then three plans in a row, each with its read time and request count.
 *
 *   node --import tsx bench/plan-after-import.ts [scale]     # scale 2.5 = 5,000 users
 */
import { planRealm } from '../src/engine/plan-realm.js';
import { ALL_KINDS } from '../src/kinds/index.js';
import { benchServer } from './bench-server.js';
import { FULL_SIZE, generateRealm, scaled } from './generate-realm.js';

const { server, admin } = await benchServer();
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
try {
  const realm = `plan-after-import-${Date.now()}`;
  const representation = generateRealm(realm, scaled(FULL_SIZE, Number(process.argv[2] ?? '1')));
  let started = performance.now();
  await admin.createRealm(representation);
  console.log(`one POST of ${representation.users?.length ?? 0} users: ${seconds(started)} s`);
  const manifest = { realm, representation, locate: () => undefined };
  for (let round = 1; round <= 3; round++) {
    started = performance.now();
    const requestsBefore = admin.connection.requestCount;
    let readMs = 0;
    const { work } = await planRealm(admin, manifest, ALL_KINDS, {
      sources: [],
      onEvent: (event) => {
        if (event.type === 'read-done') readMs = event.durationMs;
      },
    });
    const changes = work.plan.changes.filter((change) => change.actions[0] !== 'no-op').length;
    console.log(
      `plan ${round}: ${seconds(started)} s, reads ${(readMs / 1000).toFixed(1)} s, ${admin.connection.requestCount - requestsBefore} requests, ${changes} changes`,
    );
  }
  await admin.deleteRealm(realm);
} finally {
  await admin.close();
  await server.stop();
}
