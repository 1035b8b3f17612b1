/**
 * The long fault cases (`npm run test:faults`, or REALMFORM_FAULTS_LONG=1): a realm whose apply
 * takes well over 10 s (every kind plus 150 users) is applied
 * - through 200 ms latency with 5% 503, 2% 429 and 2% + 2% connection resets,
 * - while every request is held for 20 s (Keycloak frozen, as with SIGSTOP),
 * - twice at once (the lock serializes the runs),
 * - on a Keycloak with a file database and a 10 s master token lifespan, restarted mid-apply.
 * Each run finishes, or stops with a report and a rerun without special flags finishes; then the
 * realm holds exactly what a fault-free apply of the same manifests makes, counted by natural key
 * in every kind (mappers, executions, policies included): nothing lost, nothing duplicated.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeycloakAdmin } from '../../src/client/index.js';
import { type CliResult, runCli } from '../cli/run-cli.js';
import { spawnCli } from '../support/cli-process.js';
import { EVERY_KIND_ENV, everyKindManifest, usersManifest } from '../support/fault-manifests.js';
import { describeFaults, type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { keycloakInfo, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { type Census, censusDifference, duplicates, realmCensus } from '../support/realm-census.js';
import { startRestartableKeycloak } from '../support/restartable-keycloak.js';

/** An `apply --json` run started writing a user (the NDJSON `change-start` event). */
const USER_CHANGE_STARTED = /"type":"change-start".*"address":"user\[/;
const LONG = process.env.REALMFORM_FAULTS_LONG === '1';
const USERS = 150;
const MINUTES = 60_000;

describe.skipIf(!LONG || !keycloakInfo())('apply of a large realm under faults (long)', () => {
  const root = mkdtempSync(join(tmpdir(), 'realmform-faults-long-'));
  const admin = masterAdmin();
  const realms: string[] = [];
  let proxy: FaultProxy;
  let baseline: Census;

  const connection = (url: string, username = serverInfo().username, password = serverInfo().password) => ({
    KEYCLOAK_URL: url,
    KEYCLOAK_USER: username,
    KEYCLOAK_PASSWORD: password,
    ...EVERY_KIND_ENV,
  });
  /**
   * A directory with the manifests of one large realm (every kind, plus users), and the realm
   * created empty so that apply writes object by object (a new realm is one POST).
   */
  const largeRealm = async (prefix: string, on: KeycloakAdmin = admin) => {
    const realm = randomName(prefix);
    realms.push(realm);
    await on.createRealm({ realm, enabled: true });
    const dir = join(root, realm);
    mkdirSync(dir);
    everyKindManifest(dir, realm);
    usersManifest(dir, `${realm}`, USERS);
    return { realm, dir };
  };
  /** Reruns (same flags, no special one) until a run succeeds; each earlier run must end with a report. */
  const untilConverged = async (first: CliResult, again: () => Promise<CliResult>) => {
    const runs = [first];
    while ((runs.at(-1) as CliResult).code !== 0 && runs.length < 4) {
      const last = runs.at(-1) as CliResult;
      expect(last.stdout + last.stderr).toMatch(
        /FAILED|Not attempted|Cannot reach|closed the connection|"type":"change-failed"|"type":"apply-done"/,
      );
      expect(last.stderr).not.toMatch(/looks like a bug/);
      runs.push(await again());
    }
    const last = runs.at(-1) as CliResult;
    expect(last.code, `${last.stdout}\n${last.stderr}`).toBe(0);
    console.log(
      `  runs: ${runs.map((run) => `exit ${run.code}, ${/: (\d+) change\(s\) applied/.exec(run.stdout)?.[1] ?? '?'} applied`).join('; ')}`,
    );
    for (const run of runs)
      for (const line of run.stdout.split('\n').filter((text) => text.includes('FAILED')))
        console.log(`  ${line.trim()}`);
    return runs;
  };
  const expectSameAsBaseline = async (census: Census, expected = baseline) => {
    expect(duplicates(census)).toEqual([]);
    expect(censusDifference(expected, census)).toEqual({ missing: [], extra: [] });
  };

  beforeAll(async () => {
    proxy = await startFaultProxy({ target: serverInfo().url, lifetimeMs: 60 * MINUTES });
    const { realm, dir } = await largeRealm('long-base');
    const applied = await runCli(['apply', dir, '--auto-approve'], connection(serverInfo().url));
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    baseline = await realmCensus(admin.withRealm(realm));
    expect(baseline.size).toBeGreaterThan(USERS + 100);
  }, 10 * MINUTES);

  afterAll(async () => {
    await proxy?.close();
    for (const realm of realms) await admin.deleteRealm(realm).catch(() => undefined);
    await admin.close();
  });

  it(
    'runs over 10 s through 200 ms latency, 503s, 429s and resets; nothing lost or duplicated',
    async () => {
      const { realm, dir } = await largeRealm('long-mix');
      proxy.setFaults({
        latencyMs: 200,
        unavailable: 0.05,
        tooMany: 0.02,
        retryAfterSeconds: 1,
        resetBeforeForward: 0.02,
        resetAfterForward: 0.02,
      });
      const apply = () => runCli(['apply', dir, '--auto-approve'], connection(proxy.url));
      const started = Date.now();
      try {
        await untilConverged(await apply(), apply);
        // A run may stop early (a create without a natural key lost its answer); all together are long.
        expect(Date.now() - started).toBeGreaterThan(10_000);
      } finally {
        proxy.setFaults({});
      }
      console.log(`[long-mix] ${describeFaults(proxy)}, ${Math.round((Date.now() - started) / 1000)} s`);
      await expectSameAsBaseline(await realmCensus(admin.withRealm(realm)));
    },
    20 * MINUTES,
  );

  it(
    'waits through 20 s in which no request is answered (Keycloak frozen) mid-apply',
    async () => {
      const { realm, dir } = await largeRealm('long-pause');
      const cli = spawnCli(['apply', dir, '--auto-approve', '--json'], connection(proxy.url));
      await cli.waitFor(USER_CHANGE_STARTED, 5 * MINUTES);
      const paused = Date.now();
      proxy.pause(20_000);
      const result = await cli.exited;
      console.log(
        `[long-pause] ${describeFaults(proxy)}, exit ${result.code} ${Math.round((Date.now() - paused) / 1000)} s after the pause began`,
      );
      expect(Date.now() - paused).toBeGreaterThanOrEqual(20_000);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(proxy.counters.held).toBeGreaterThan(0);
      await expectSameAsBaseline(await realmCensus(admin.withRealm(realm)));
    },
    20 * MINUTES,
  );

  it(
    'serializes two applies started at once through 503s; both succeed',
    async () => {
      const { realm, dir } = await largeRealm('long-two');
      proxy.setFaults({ unavailable: 0.05 });
      try {
        const args = ['apply', dir, '--auto-approve', '--lock-timeout', '10m'];
        const [a, b] = await Promise.all([
          runCli(args, connection(proxy.url)),
          runCli(args, connection(proxy.url)),
        ]);
        for (const run of [a, b]) expect(run.code, run.stdout + run.stderr).toBe(0);
        // The second one waited for the first, then found nothing left to do.
        expect([a, b].filter((run) => run.stderr.includes('Waiting for the lock'))).toHaveLength(1);
        expect([a, b].filter((run) => run.stdout.includes('No changes.'))).toHaveLength(1);
      } finally {
        proxy.setFaults({});
      }
      await expectSameAsBaseline(await realmCensus(admin.withRealm(realm)));
    },
    20 * MINUTES,
  );

  it(
    'rides out a Keycloak restart mid-apply, with a 10 s master token lifespan',
    async () => {
      const server = await startRestartableKeycloak((line) => console.log(`[keycloak-file] ${line}`));
      const own = new KeycloakAdmin({
        serverUrl: server.url,
        username: server.username,
        password: server.password,
      });
      try {
        await own.updateRealm('master', { accessTokenLifespan: 10 });
        const env = connection(server.url, server.username, server.password);
        // Its own baseline: the same manifests applied without a fault, on this server.
        const base = await largeRealm('long-file-base', own);
        const clean = await runCli(['apply', base.dir, '--auto-approve'], env);
        expect(clean.code, clean.stdout + clean.stderr).toBe(0);
        const expected = await realmCensus(own.withRealm(base.realm));

        const { realm, dir } = await largeRealm('long-restart', own);
        // A restart on this machine can take longer than the default minute.
        const args = ['apply', dir, '--auto-approve', '--retry-budget', '4m'];
        // The first run's NDJSON events tell when users are being written (piped output has no
        // progress line); the reruns are plain.
        const cli = spawnCli([...args, '--json'], env);
        await cli.waitFor(USER_CHANGE_STARTED, 5 * MINUTES);
        const { downMs } = await server.restart();
        console.log(`[long-restart] Keycloak was down for ${Math.round(downMs / 1000)} s`);
        const first = await cli.exited;
        for (const line of first.stderr.split('\n').filter((text) => text.startsWith('Keycloak:')))
          console.log(`  ${line}`);
        await untilConverged({ code: first.code, stdout: first.stdout, stderr: first.stderr }, () =>
          runCli(args, env),
        );
        await expectSameAsBaseline(await realmCensus(own.withRealm(realm)), expected);
      } finally {
        await own.close();
        await server.stop();
      }
    },
    30 * MINUTES,
  );
});
