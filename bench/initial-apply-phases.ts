/**
 * Where a large realm's initial apply spends its time: realmform's apply of a generated realm
 * (one POST, partialImport batches beyond its users, a fresh plan, the per-object rest, the
 * convergence check), split into those phases with their requests.
 *
 *   node --import tsx bench/initial-apply-phases.ts [scale] [users per request]     # scale 5 = 10,000 users
 */
import { applyManifest } from '../src/engine/converge.js';
import { ALL_KINDS } from '../src/kinds/index.js';
import { benchServer } from './bench-server.js';
import { FULL_SIZE, generateRealm, scaled } from './generate-realm.js';

const { server, admin } = await benchServer();
const seconds = (ms: number) => (ms / 1000).toFixed(1);
try {
  const realm = `initial-apply-${Date.now()}`;
  const representation = generateRealm(realm, scaled(FULL_SIZE, Number(process.argv[2] ?? '1')));
  const started = performance.now();
  const marks: { phase: string; at: number; requests: number }[] = [];
  const mark = (phase: string) =>
    marks.push({ phase, at: performance.now(), requests: admin.connection.requestCount });
  mark('start');
  // The bulk requests end a phase each: the one POST, then every partialImport batch.
  const stop = admin.connection.onRequest((event) => {
    if (event.method !== 'POST') return;
    if (event.path === '/admin/realms') mark('one POST');
    if (event.path.endsWith('/partialImport')) mark('partialImport batch');
  });
  const result = await applyManifest(admin, { realm, representation, locate: () => undefined }, ALL_KINDS, {
    onEvent: (event) => {
      if (event.type === 'apply-start') mark('plan');
      // The fresh plan of the new realm and the per-object rest end when the check starts.
      if (event.type === 'converge-start') mark('fresh plan + per-object writes');
      if (event.type === 'converge-done') mark('convergence check');
    },
    ...(process.argv[3] ? { bulk: { usersPerRequest: Number(process.argv[3]) } } : {}),
  }).finally(stop);
  const phases = marks.slice(1).map((entry, index) => {
    const before = marks[index] ?? entry;
    return `${entry.phase} ${seconds(entry.at - before.at)} s (${entry.requests - before.requests} requests)`;
  });
  console.log(
    `initial apply of ${representation.users?.length ?? 0} users: ${seconds(performance.now() - started)} s, ` +
      `${result.report.failed.length} failed, converged: ${result.replan.changes.every((change) => change.actions[0] === 'no-op')}`,
  );
  for (const phase of phases) console.log(`  ${phase}`);
  await admin.deleteRealm(realm);
} finally {
  await admin.close();
  await server.stop();
}
