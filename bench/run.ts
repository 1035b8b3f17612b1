/**
 * Benchmark: apply a generated realm (default: 200 clients, 1,000 roles, 500 groups, 2,000 users
 * with group and role mappings) to a real Keycloak, then plan it again (a no-op plan), and report
 * wall time and HTTP request counts for both.
 *
 *   npm run bench                 # full size, throwaway local Keycloak (or KEYCLOAK_URL)
 *   npm run bench -- --scale 0.1  # a tenth of it
 */
import { parseArgs } from 'node:util';
import { KeycloakAdmin } from '../src/client/index.js';
import { applyRealm } from '../src/engine/apply-realm.js';
import { planRealm } from '../src/engine/plan-realm.js';
import { ALL_KINDS } from '../src/kinds/index.js';
import { provideKeycloak } from '../src/local/provide-keycloak.js';
import { hasChanges } from '../src/planner/plan.js';
import { FULL_SIZE, generateRealm, scaled } from './generate-realm.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const size = scaled(FULL_SIZE, Number(values.scale));
const server = await provideKeycloak({ log: (line) => console.error(`[keycloak] ${line}`) });
const admin = new KeycloakAdmin({
  serverUrl: server.url,
  username: server.username,
  password: server.password,
});
const realm = `bench-${Date.now()}`;
const representation = generateRealm(realm, size);
const manifest = { realm, representation, locate: () => undefined };

async function measure<T>(label: string, work: () => Promise<T>): Promise<T> {
  const requestsBefore = admin.connection.requestCount;
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label.padEnd(22)} ${seconds.toFixed(1).padStart(7)} s ${String(admin.connection.requestCount - requestsBefore).padStart(7)} requests`,
  );
  return result;
}

try {
  console.log(`Keycloak ${server.version ?? '(external)'}; realm size ${JSON.stringify(size)}`);
  const first = await measure('plan (empty realm)', () =>
    planRealm(admin, manifest, ALL_KINDS, { sources: [] }),
  );
  const report = await measure('apply', () => applyRealm(admin, manifest, first, ALL_KINDS));
  if (!report.ok) console.log(`apply failed: ${JSON.stringify(report.failed)}`);
  const again = await measure('no-op plan', () => planRealm(admin, manifest, ALL_KINDS, { sources: [] }));
  console.log(
    `changes applied: ${report.applied.length}; re-plan has changes: ${hasChanges(again.work.plan)}`,
  );
} finally {
  await admin.deleteRealm(realm).catch(() => undefined);
  await admin.close();
  await server.stop();
}
