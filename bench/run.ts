/**
 * Benchmark, side by side on one Keycloak, scenarios alternated round by round, medians and
 * ratios. A generated realm (default: 200 clients, 1,000 roles, 500 groups, 2,000 users with
 * group and role mappings) is
 *   - applied by realmform to a new realm (plan → apply → plan again, as `realmform apply`),
 *   - created by Keycloak alone in one POST of the whole realm, then read raw once (cold),
 *   - imported by Keycloak alone into an empty realm with one partialImport;
 * then, on realmform's realm, a no-op plan against a raw read of the same data (partial export,
 * every user, the members of every group and the holders of every realm role, 16 requests at a
 * time), a small change (one user's name, one client's description) applied, and users added
 * to it (a quarter of its size) through partialImport batches and per object, alternated.
 *
 *   npm run bench                             # full size, 3 rounds, throwaway local Keycloak (or KEYCLOAK_URL)
 *   npm run bench -- --scale 5 --rounds 1     # 10,000 users, 2,500 groups
 *   --read-pairs N: no-op plans and raw reads per round, alternated (default 3)
 */
import { parseArgs } from 'node:util';
import type { KeycloakAdmin as Admin } from '../src/client/index.js';
import type { RealmRepresentation } from '../src/client/types/index.js';
import { applyManifest } from '../src/engine/converge.js';
import { planRealm } from '../src/engine/plan-realm.js';
import { ALL_KINDS } from '../src/kinds/index.js';
import { hasChanges } from '../src/planner/plan.js';
import { benchServer } from './bench-server.js';
import { addedUsers, FULL_SIZE, generateRealm, scaled } from './generate-realm.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    'read-pairs': { type: 'string', default: '3' },
  },
});
const size = scaled(FULL_SIZE, Number(values.scale));
const rounds = Math.max(1, Number(values.rounds));
/** No-op plans and raw reads per round, alternated: reads are short, so more samples are cheap. */
const readPairs = Math.max(1, Number(values['read-pairs']));
const { server, admin } = await benchServer();

interface Sample {
  seconds: number;
  requests: number;
  note?: string;
}
const samples = new Map<string, Sample[]>();

async function measure(label: string, work: () => Promise<string | undefined>): Promise<void> {
  const requestsBefore = admin.connection.requestCount;
  const started = performance.now();
  let note: string | undefined;
  try {
    note = await work();
  } catch (error) {
    note = `failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const sample = {
    seconds: (performance.now() - started) / 1000,
    requests: admin.connection.requestCount - requestsBefore,
    ...(note ? { note } : {}),
  };
  samples.set(label, [...(samples.get(label) ?? []), sample]);
  console.error(
    `  ${label.padEnd(26)} ${sample.seconds.toFixed(1).padStart(7)} s ${String(sample.requests).padStart(7)} requests${note ? `  (${note})` : ''}`,
  );
}

const manifestOf = (representation: RealmRepresentation & { realm: string }) => ({
  realm: representation.realm,
  representation,
  locate: () => undefined,
});

/** The data a plan of this realm needs, read as directly as the API allows. */
async function rawRead(view: Admin): Promise<string> {
  const exported = await view.exportRealm({ exportClients: true, exportGroupsAndRoles: true });
  const users = await view.getUsers({ briefRepresentation: false, pageSize: 1000 });
  const groupIds: string[] = [];
  const walk = (groups: RealmRepresentation['groups']) => {
    for (const group of groups ?? []) {
      if (group.id) groupIds.push(group.id);
      walk(group.subGroups);
    }
  };
  walk(exported.groups);
  const reads = [
    ...groupIds.map(
      (id) => () => view.getGroupMembers(id, { query: { briefRepresentation: true }, pageSize: 1000 }),
    ),
    ...(exported.roles?.realm ?? []).map(
      (role) => () =>
        view.getRealmRoleMembers(role.name ?? '', { query: { briefRepresentation: true }, pageSize: 1000 }),
    ),
  ];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < reads.length) await reads[next++]?.();
    }),
  );
  return `${users.length} users`;
}

const scenarios: Record<string, (round: number) => Promise<void>> = {
  'one POST of the realm': async (round) => {
    const realm = `bench-post-${round}-${Date.now()}`;
    await measure('one POST of the realm', async () => {
      await admin.createRealm(generateRealm(realm, size));
      return undefined;
    });
    // What checking that POST's result costs: the first read of a realm just imported is slow
    // (Keycloak fills its caches), and realmform's apply must make it to verify what it wrote.
    await measure('raw read right after it', () => rawRead(admin.withRealm(realm)));
    await admin.deleteRealm(realm).catch(() => undefined);
  },
  partialImport: async (round) => {
    const realm = `bench-partial-${round}-${Date.now()}`;
    const { clients, roles, groups, users } = generateRealm(realm, size);
    await measure('partialImport', async () => {
      await admin.createRealm({ realm, enabled: true });
      const result = await admin.partialImportRealm(realm, {
        ifResourceExists: 'FAIL',
        ...(clients ? { clients } : {}),
        ...(roles ? { roles } : {}),
        ...(groups ? { groups } : {}),
        ...(users ? { users } : {}),
      });
      return `${result.added} added`;
    });
    await admin.deleteRealm(realm).catch(() => undefined);
  },
  'realmform apply': async (round) => {
    const realm = `bench-rf-${round}-${Date.now()}`;
    const representation = generateRealm(realm, size);
    await measure('realmform initial apply', async () => {
      const result = await applyManifest(admin, manifestOf(representation), ALL_KINDS);
      if (!result.report.ok) return `failed: ${JSON.stringify(result.report.failed.slice(0, 2))}`;
      if (hasChanges(result.replan)) return 'did not converge';
      return `${result.report.applied.length} changes, ${result.report.bulk?.created.length ?? 0} in the one POST`;
    });
    const view = admin.withRealm(realm);
    // No-op plan and raw read alternate too.
    const reads = [
      () =>
        measure('no-op plan', async () => {
          const again = await planRealm(admin, manifestOf(representation), ALL_KINDS, { sources: [] });
          return hasChanges(again.work.plan) ? 'HAS CHANGES' : undefined;
        }),
      () => measure('raw read', () => rawRead(view)),
    ];
    for (let pair = 0; pair < readPairs; pair++)
      for (const read of (round + pair) % 2 ? [...reads].reverse() : reads) await read();
    const changed = structuredClone(representation);
    const user = changed.users?.[1];
    if (user) user.firstName = `Changed ${round}`;
    const client = changed.clients?.[1];
    if (client) client.description = `changed in round ${round}`;
    await measure('small change', async () => {
      const result = await applyManifest(admin, manifestOf(changed), ALL_KINDS);
      return result.report.ok && !hasChanges(result.replan)
        ? `${result.report.applied.length} changes`
        : 'failed or did not converge';
    });
    // Users new to the existing realm (a quarter of its size): through partialImport batches, and
    // per object, alternated; each a new set of users, so both write the same amount.
    const added = Math.max(1, Math.round(size.users / 4));
    const addUsers = (label: string, bulk: boolean, batch: number) =>
      measure(label, async () => {
        const more = structuredClone(changed);
        more.users = [...(more.users ?? []), ...addedUsers(realm, size, added, batch)];
        const result = await applyManifest(admin, manifestOf(more), ALL_KINDS, {
          bulk: { importUsers: bulk },
        });
        changed.users = more.users;
        return result.report.ok && !hasChanges(result.replan)
          ? `${result.report.applied.length} changes, ${result.report.bulk?.created.length ?? 0} imported`
          : 'failed or did not converge';
      });
    const additions = [
      () => addUsers(`${added} users added, imported`, true, 1),
      () => addUsers(`${added} users added, per object`, false, 2),
    ];
    for (const addition of round % 2 ? [...additions].reverse() : additions) await addition();
    await admin.deleteRealm(realm).catch(() => undefined);
  },
};

const median = (numbers: number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

try {
  const version = (await admin.getServerInfo()).systemInfo?.version ?? server.version;
  console.error(`Keycloak ${version}; realm size ${JSON.stringify(size)}; ${rounds} round(s)`);
  const names = Object.keys(scenarios);
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no scenario always runs on a warm (or cold) server.
    const order = names.map((_, index) => names[(index + round) % names.length] as string);
    console.error(`round ${round + 1}: ${order.join(', ')}`);
    for (const name of order) await scenarios[name]?.(round);
  }
  const row = (label: string) => {
    const list = samples.get(label) ?? [];
    return {
      seconds: median(list.map((s) => s.seconds)),
      requests: median(list.map((s) => s.requests)),
      list,
    };
  };
  const ratio = (a: string, b: string) => (row(a).seconds / row(b).seconds).toFixed(2);
  console.log(`\nKeycloak ${version}, ${JSON.stringify(size)}, median of ${rounds} round(s)\n`);
  console.log('| scenario | median s | requests | runs (s) |');
  console.log('|---|---|---|---|');
  for (const label of samples.keys()) {
    const { seconds, requests, list } = row(label);
    const notes = [...new Set(list.flatMap((s) => (s.note ? [s.note] : [])))].join('; ');
    console.log(
      `| ${label} | ${seconds.toFixed(1)} | ${requests} | ${list.map((s) => s.seconds.toFixed(1)).join(', ')}${notes ? ` — ${notes}` : ''} |`,
    );
  }
  console.log('\n| ratio | value | target |');
  console.log('|---|---|---|');
  console.log(
    `| initial apply / one POST | ${ratio('realmform initial apply', 'one POST of the realm')} | ≤ 1.3 |`,
  );
  const postAndRead = row('one POST of the realm').seconds + row('raw read right after it').seconds;
  console.log(
    `| initial apply / (one POST + the raw read right after it) | ${(row('realmform initial apply').seconds / postAndRead).toFixed(2)} | — |`,
  );
  console.log(`| initial apply / partialImport | ${ratio('realmform initial apply', 'partialImport')} | — |`);
  console.log(`| no-op plan / raw read | ${ratio('no-op plan', 'raw read')} | ≤ 1.2 |`);
  console.log(`| small change / no-op plan | ${ratio('small change', 'no-op plan')} | ≤ 1.2 |`);
  const added = Math.max(1, Math.round(size.users / 4));
  console.log(
    `| ${added} users added: imported / per object | ${ratio(`${added} users added, imported`, `${added} users added, per object`)} | — |`,
  );
} finally {
  await admin.close();
  await server.stop();
}
