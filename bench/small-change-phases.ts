/**
 * Where a small change's time goes on a large realm: one POST of a generated realm, a no-op plan
 * to warm Keycloak's caches, then small changes (one user's first name, one client's
 * description, as in run.ts), each split into plan, writes and convergence check with their
 * requests, and the check's slowest requests.
 *
 *   node --import tsx bench/small-change-phases.ts [scale] [changes]     # scale 5 = 10,000 users
 */
import type { ApplyEvent } from '../src/applier/events.js';
import { applyManifest } from '../src/engine/converge.js';
import { planRealm } from '../src/engine/plan-realm.js';
import { ALL_KINDS } from '../src/kinds/index.js';
import { benchServer } from './bench-server.js';
import { FULL_SIZE, generateRealm, scaled } from './generate-realm.js';

const { server, admin } = await benchServer();
const seconds = (ms: number) => (ms / 1000).toFixed(1);
try {
  const realm = `small-change-${Date.now()}`;
  const representation = generateRealm(realm, scaled(FULL_SIZE, Number(process.argv[2] ?? '1')));
  const manifest = { realm, representation, locate: () => undefined };
  let started = performance.now();
  await admin.createRealm(representation);
  console.log(
    `one POST of ${representation.users?.length ?? 0} users: ${seconds(performance.now() - started)} s`,
  );
  started = performance.now();
  await planRealm(admin, manifest, ALL_KINDS, { sources: [] });
  console.log(`no-op plan (warm-up): ${seconds(performance.now() - started)} s`);

  for (let round = 1; round <= Number(process.argv[3] ?? '2'); round++) {
    const changed = structuredClone(representation);
    const user = changed.users?.[1];
    if (user) user.firstName = `Changed ${round}`;
    const client = changed.clients?.[1];
    if (client) client.description = `changed in round ${round}`;
    const marks: { phase: string; at: number; requests: number }[] = [];
    const mark = (phase: string) =>
      marks.push({ phase, at: performance.now(), requests: admin.connection.requestCount });
    const checkRequests: { path: string; ms: number }[] = [];
    let checking = false;
    const stop = admin.connection.onRequest((event) => {
      if (checking) checkRequests.push({ path: `${event.method} ${event.path}`, ms: event.durationMs });
    });
    const onEvent = (event: ApplyEvent) => {
      if (event.type === 'apply-start') mark('plan');
      if (event.type === 'apply-done') mark('writes');
      if (event.type === 'converge-start') checking = true;
      if (event.type === 'converge-done') {
        checking = false;
        mark('check');
      }
    };
    mark('start');
    await applyManifest(admin, { ...manifest, representation: changed }, ALL_KINDS, { onEvent }).finally(
      stop,
    );
    const phases = marks
      .slice(1)
      .map((entry, index) => {
        const before = marks[index] ?? entry;
        return `${entry.phase} ${seconds(entry.at - before.at)} s (${entry.requests - before.requests} requests)`;
      })
      .join(', ');
    const slowest = [...checkRequests]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3)
      .map((request) => `${request.path} ${seconds(request.ms)} s`)
      .join('; ');
    console.log(`small change ${round}: ${phases}; slowest in the check: ${slowest}`);
  }
  await admin.deleteRealm(realm);
} finally {
  await admin.close();
  await server.stop();
}
