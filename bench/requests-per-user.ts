/**
 * Requests per new user in an existing realm (per object, no bulk): every user with two groups,
 * two realm roles and one client role. Counts the apply's requests only (not the plan's).
 *
 *   node --import tsx bench/requests-per-user.ts [users]   # default 20; KEYCLOAK_URL or a throwaway Keycloak
 */
import { KeycloakAdmin } from '../src/client/index.js';
import type { RealmRepresentation } from '../src/client/types/index.js';
import { applyRealm } from '../src/engine/apply-realm.js';
import { planRealm } from '../src/engine/plan-realm.js';
import { ALL_KINDS } from '../src/kinds/index.js';
import { provideKeycloak } from '../src/local/provide-keycloak.js';
import { hasChanges } from '../src/planner/plan.js';

const count = Number(process.argv[2] ?? 20);
const server = await provideKeycloak({ log: (line) => console.error(`[keycloak] ${line}`) });
const admin = new KeycloakAdmin({
  serverUrl: server.url,
  username: server.username,
  password: server.password,
});
const realm = `bench-per-user-${Date.now()}`;
const base: RealmRepresentation & { realm: string } = {
  realm,
  enabled: true,
  roles: { realm: [{ name: 'r1' }, { name: 'r2' }], client: { app: [{ name: 'read' }] } },
  clients: [{ clientId: 'app', publicClient: true }],
  groups: [{ name: 'g1', subGroups: [{ name: 'sub' }] }, { name: 'g2' }],
};
try {
  await admin.createRealm(base);
  const users = Array.from({ length: count }, (_, i) => ({
    username: `user-${i}`,
    enabled: true,
    email: `user-${i}@bench.example`,
    groups: ['/g1/sub', '/g2'],
    realmRoles: ['r1', 'r2'],
    clientRoles: { app: ['read'] },
  }));
  const manifest = { realm, representation: { ...base, users }, locate: () => undefined };
  const planning = await planRealm(admin, manifest, ALL_KINDS, { sources: [] });
  const before = admin.connection.requestCount;
  // Per object: 50 or more new users would otherwise go through partialImport (user-import.ts).
  const report = await applyRealm(admin, manifest, planning, ALL_KINDS, { bulk: false });
  const requests = admin.connection.requestCount - before;
  const again = await planRealm(admin, manifest, ALL_KINDS, { sources: [] });
  console.log(
    `${count} new users: ${requests} requests, ${(requests / count).toFixed(2)} per user; ok ${report.ok}; converged ${!hasChanges(again.work.plan)}`,
  );
} finally {
  await admin.deleteRealm(realm).catch(() => undefined);
  await admin.close();
  await server.stop();
}
