/**
 * `realmform apply` against a real Keycloak behind the fault proxy (test/support/fault-proxy.ts),
 * as an operator runs it (the CLI as a child process):
 * - a realm with every kind through 5% 503, 2% 429 (Retry-After) and 2% + 2% connection resets
 *   before and after forwarding: it converges, and no object is duplicated (counted by natural key);
 * - Ctrl-C mid-apply: no new change starts, the report is exact, the lock is released, exit 130,
 *   and a rerun converges;
 * - SIGKILL mid-apply: the lock stays, and a rerun on this host breaks it with a notice and
 *   converges;
 * - a lock release that fails names `realmform force-unlock`, which removes the lock.
 * The long cases (a slow realm, latency, a pause) are in apply-faults-long.it.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRealmLock } from '../../src/lock/realm-lock.js';
import { type CliResult, runCli } from '../cli/run-cli.js';
import { spawnCli } from '../support/cli-process.js';
import { EVERY_KIND_ENV, everyKindManifest, usersManifest } from '../support/fault-manifests.js';
import { describeFaults, type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { describeWithKeycloak, masterAdmin, randomName, serverHas, serverInfo } from '../support/keycloak.js';
import { useLdapServer } from '../support/ldap.js';
import { duplicates, realmCensus } from '../support/realm-census.js';

const USERS = 60;
/** At least 10 of the users' creates have started (an NDJSON event: piped output has no progress line). */
const STARTED = new RegExp(`"type":"change-start".*"index":(1\\d|[2-9]\\d),"total":${USERS}`);

/** The `apply-done` event of an `apply --json` run. */
function applyDone(stdout: string): { applied: number; notAttempted: number } {
  const done = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string; applied?: number; notAttempted?: number })
    .findLast((event) => event.type === 'apply-done');
  if (!done) throw new Error(`no apply-done event in:\n${stdout}`);
  return { applied: done.applied ?? 0, notAttempted: done.notAttempted ?? 0 };
}

describeWithKeycloak('apply under injected faults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-faults-'));
  const admin = masterAdmin();
  const realms: string[] = [];
  let proxy: FaultProxy;
  // The every-kind fixture's LDAP provider needs a directory that answers: up to 26.4 Keycloak
  // fails user creates and searches when a federation provider is unreachable.
  const ldap = useLdapServer({
    bindPassword: EVERY_KIND_ENV.EK_LDAP_BIND_PASSWORD,
    users: [{ uid: 'dana', givenName: 'Dana', sn: 'Directory' }],
  });

  const connection = (url: string) => ({
    KEYCLOAK_URL: url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
  });
  const direct = () => connection(serverInfo().url);
  const proxied = () => connection(proxy.url);
  const newRealm = async (prefix: string, create: boolean) => {
    const name = randomName(prefix);
    realms.push(name);
    if (create) await admin.createRealm({ realm: name, enabled: true });
    return name;
  };
  const appliedCount = (stdout: string) =>
    Number(/: (\d+) change\(s\) applied/.exec(stdout)?.[1] ?? Number.NaN);

  beforeAll(async () => {
    proxy = await startFaultProxy({ target: serverInfo().url, lifetimeMs: 15 * 60_000 });
  });
  afterAll(async () => {
    await proxy?.close();
    for (const realm of realms) await admin.deleteRealm(realm).catch(() => undefined);
    const broker = await admin.getClientId('broker');
    for (const realm of realms)
      if (broker) await admin.deleteClientRole(broker, `realmform-lock.${realm}`).catch(() => undefined);
    await admin.close();
  });

  // The every-kind fixture uses organizations and admin permissions v2: a plan error before 26.2
  // (test/server/feature-plans.it.test.ts), as in test/cli/export-corpus.it.test.ts.
  it.runIf(serverHas('adminPermissionsV2'))(
    'applies every kind through 503s, 429s and resets: converges, nothing duplicated',
    async () => {
      const realm = await newRealm('faults-ek', false);
      const file = everyKindManifest(dir, realm);
      const before = proxy.faults;
      proxy.setFaults({
        unavailable: 0.05,
        tooMany: 0.02,
        retryAfterSeconds: 1,
        resetBeforeForward: 0.02,
        resetAfterForward: 0.02,
      });
      const runs: CliResult[] = [];
      try {
        // A run may stop only where a create without a natural key (an execution) lost its answer;
        // the next run continues from there.
        for (let run = 0; run < 3; run++) {
          const result = await runCli(['apply', file, '--auto-approve', '--json'], {
            ...proxied(),
            ...EVERY_KIND_ENV,
            EK_LDAP_URL: ldap.server.url,
            EK_LDAP_USERS_DN: ldap.server.usersDn,
            EK_LDAP_BIND_DN: ldap.server.bindDn,
          });
          runs.push(result);
          if (result.code === 0) break;
          expect(result.stdout, result.stderr).toContain('may have applied');
        }
      } finally {
        proxy.setFaults({});
      }
      const last = runs.at(-1) as CliResult;
      expect(last.code, `${describeFaults(proxy)}\n${last.stdout}\n${last.stderr}`).toBe(0);
      const events = runs.flatMap((run) =>
        run.stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { type: string; reason?: string }),
      );
      expect(proxy.faults - before, describeFaults(proxy)).toBeGreaterThan(0);
      expect(events.filter((event) => event.type === 'http-retry').length).toBeGreaterThan(0);
      expect(last.stderr).not.toMatch(/at .*\.ts:\d+|looks like a bug/);

      // Exit 0 includes convergence: apply plans again and fails if anything remains.
      const census = await realmCensus(admin.withRealm(realm));
      expect(census.size).toBeGreaterThan(100);
      expect(duplicates(census)).toEqual([]);
    },
  );

  it('a user import batch whose answer is lost is looked up, not sent again, and the apply converges', async () => {
    const realm = await newRealm('faults-import', true);
    const file = usersManifest(dir, realm, 60);
    const before = proxy.counters.resetAfterForward;
    proxy.setFaults({
      applies: ({ method, path }) => method === 'POST' && path.endsWith('/partialImport'),
      script: ['resetAfterForward'],
    });
    try {
      const result = await runCli(['apply', file, '--auto-approve', '--import-users'], proxied());
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("60 of these were written by Keycloak's import");
      expect(result.stdout).toContain(`Realm ${realm} converged`);
    } finally {
      proxy.setFaults({});
    }
    expect(proxy.counters.resetAfterForward - before).toBe(1);
    expect(await admin.withRealm(realm).usersCount()).toBe(60);
  });

  it('Ctrl-C: no new change starts, the report is exact, the lock is released, exit 130; a rerun converges', async () => {
    const realm = await newRealm('faults-int', true);
    const file = usersManifest(dir, realm, USERS);
    proxy.setFaults({ latencyMs: 60 });
    // Per object: an import batch would write every user before the signal comes.
    const cli = spawnCli(['apply', file, '--auto-approve', '--json', '--per-object'], proxied());
    try {
      await cli.waitFor(STARTED);
      cli.child.kill('SIGINT');
    } finally {
      proxy.setFaults({});
    }
    const result = await cli.exited;
    expect(result.code, result.stdout + result.stderr).toBe(130);
    expect(result.stderr).toContain('Interrupted (SIGINT): no new change starts');
    const done = applyDone(result.stdout);
    expect(done.notAttempted).toBeGreaterThan(0);
    const applied = done.applied;
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(USERS);
    // The report is exact: the users it counts are the users that exist.
    expect(await admin.withRealm(realm).usersCount()).toBe(applied);
    expect(await readRealmLock(admin, realm)).toBeUndefined();

    const rerun = await runCli(['apply', file, '--auto-approve'], direct());
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(appliedCount(rerun.stdout)).toBe(USERS - applied);
    expect(rerun.stdout).toContain(`Realm ${realm} converged`);
    expect(await admin.withRealm(realm).usersCount()).toBe(USERS);
  });

  it('SIGKILL: the lock stays; a rerun on this host breaks it with a notice and converges', async () => {
    const realm = await newRealm('faults-kill', true);
    const file = usersManifest(dir, realm, USERS);
    proxy.setFaults({ latencyMs: 60 });
    // Per object: an import batch would write every user before the signal comes.
    const cli = spawnCli(['apply', file, '--auto-approve', '--json', '--per-object'], proxied());
    try {
      await cli.waitFor(STARTED);
      cli.child.kill('SIGKILL');
      expect((await cli.exited).signal).toBe('SIGKILL');
    } finally {
      proxy.setFaults({});
    }
    const left = await readRealmLock(admin, realm);
    expect(left?.info).toMatchObject({ pid: cli.pid, host: hostname(), operation: 'apply' });

    const rerun = await runCli(['apply', file, '--auto-approve'], direct());
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(
      new RegExp(
        `Notice: removing the lock of realm "${realm}" held by .*\\(pid ${cli.pid}, apply\\).*no longer exists`,
      ),
    );
    expect(rerun.stdout).toContain(`Realm ${realm} converged`);
    expect(await admin.withRealm(realm).usersCount()).toBe(USERS);
    expect(await readRealmLock(admin, realm)).toBeUndefined();
  });

  it('a release that fails names force-unlock, which removes the lock after confirmation', async () => {
    const realm = await newRealm('faults-release', true);
    const file = usersManifest(dir, realm, 1);
    // Every DELETE of a role by id (the lock's release) answers 503 until the budget is spent.
    proxy.setFaults({
      unavailable: 1,
      applies: ({ method, path }) => method === 'DELETE' && path.includes('/roles-by-id/'),
    });
    let result: CliResult;
    try {
      result = await runCli(['apply', file, '--auto-approve', '--retry-budget', '2s'], proxied());
    } finally {
      proxy.setFaults({});
    }
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain(`could not release the lock of realm "${realm}"`);
    expect(result.stderr).toContain(`To remove it now, run: realmform force-unlock ${realm}`);
    expect((await readRealmLock(admin, realm))?.info?.pid).toBeGreaterThan(0);

    const refused = await runCli(['force-unlock', realm], direct());
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      new RegExp(`Lock of realm "${realm}" held by .*@${hostname()} \\(pid \\d+, apply\\)`),
    );
    expect(refused.stderr).toContain('Pass --yes');
    expect(await readRealmLock(admin, realm)).toBeDefined();

    const removed = await runCli(['force-unlock', realm, '--yes'], direct());
    expect(removed.code, removed.stdout + removed.stderr).toBe(0);
    expect(removed.stdout).toContain(`Removed the lock of realm "${realm}" held by`);
    expect(await readRealmLock(admin, realm)).toBeUndefined();
  });
});
