/**
 * The apply lock against the real server: exactly one of concurrent acquirers wins, waiting
 * works, an expired lock is taken over (and only once), a realm not created yet is locked in
 * master, plans never see the lock, and two CLI applies of one realm do not interleave.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  acquireRealmLock,
  isRealmLockObject,
  LOCK_CLIENT,
  LOCK_ROLE,
  type LockInfo,
  RealmLockedError,
  readRealmLock,
} from '../../src/engine/realm-lock.js';
import { runCli } from '../cli/run-cli.js';
import {
  describeWithKeycloak,
  masterAdmin,
  randomName,
  serverInfo,
  useTestRealm,
} from '../support/keycloak.js';
import { apply, plan } from '../support/realmform.js';

describe('isRealmLockObject', () => {
  it('recognises lock roles of the broker client only', () => {
    expect(isRealmLockObject('client-role', ['broker', 'realmform-lock'])).toBe(true);
    expect(isRealmLockObject('client-role', ['broker', 'realmform-lock.shop'])).toBe(true);
    expect(isRealmLockObject('role-composite', ['client', 'broker', 'realmform-lock'])).toBe(true);
    expect(isRealmLockObject('client-role', ['broker', 'read-token'])).toBe(false);
    expect(isRealmLockObject('client-role', ['web', 'realmform-lock'])).toBe(false);
    expect(isRealmLockObject('realm-role', ['realmform-lock'])).toBe(false);
  });
});

describeWithKeycloak('realm lock', () => {
  const realm = useTestRealm('lock');
  const admin = masterAdmin();
  const notYetCreated: string[] = [];
  const as = (owner: string) => ({ owner: { owner, host: 'test-host', pid: 1 } });

  afterAll(async () => {
    // Nothing may be left behind in master: sweep lock roles of the realms this file named.
    const broker = await admin.getClientId(LOCK_CLIENT);
    for (const name of notYetCreated) {
      await admin.deleteRealm(name).catch(() => undefined);
      if (broker) await admin.deleteClientRole(broker, `${LOCK_ROLE}.${name}`).catch(() => undefined);
    }
    await admin.close();
  });

  it('lets exactly one of several concurrent acquirers win', async () => {
    const attempts = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((owner) => acquireRealmLock(realm.admin, realm.name, as(owner))),
    );
    const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
    const lost = attempts.filter((attempt) => attempt.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(3);
    const lock = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireRealmLock>>>).value;
    for (const failure of lost) {
      const error = failure.reason as RealmLockedError;
      expect(error).toBeInstanceOf(RealmLockedError);
      expect(error.holder?.owner).toBe(lock.info.owner);
      expect(error.message).toContain(`Realm "${realm.name}" is locked by another realmform run`);
      expect(error.message).toContain(
        `${lock.info.owner}@test-host (pid 1, apply) since ${lock.info.acquiredAt}`,
      );
      expect(error.message).toContain('--lock-timeout');
    }
    expect((await readRealmLock(realm.admin, realm.name))?.info?.id).toBe(lock.info.id);
    await lock.release();
    expect(await readRealmLock(realm.admin, realm.name)).toBeUndefined();
    expect(lock.lost).toBe(false);
  });

  it('waits for a held lock and gets it after release; gives up after the timeout', async () => {
    const first = await acquireRealmLock(realm.admin, realm.name, as('first'));
    const short = await acquireRealmLock(realm.admin, realm.name, {
      ...as('impatient'),
      timeoutMs: 600,
    }).catch((error: unknown) => error);
    expect(short).toBeInstanceOf(RealmLockedError);
    expect((short as Error).message).toMatch(/Waited \ds\./);

    const waits: (LockInfo | undefined)[] = [];
    const second = acquireRealmLock(realm.admin, realm.name, {
      ...as('second'),
      timeoutMs: 30_000,
      onWait: (_realm, holder) => waits.push(holder),
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await first.release();
    const lock = await second;
    expect(lock.info.owner).toBe('second');
    expect(waits.map((holder) => holder?.owner)).toEqual(['first']);
    await lock.release();
  });

  it('takes over an expired lock, and the old holder cannot remove the new one', async () => {
    const stale = await acquireRealmLock(realm.admin, realm.name, {
      ...as('crashed'),
      ttlMs: 1_000,
      renew: false,
    });
    await expect(acquireRealmLock(realm.admin, realm.name, as('early'))).rejects.toBeInstanceOf(
      RealmLockedError,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    // Two runs see the same expired lock: one takes it over, the other finds the new holder.
    const attempts = await Promise.allSettled([
      acquireRealmLock(realm.admin, realm.name, as('x')),
      acquireRealmLock(realm.admin, realm.name, as('y')),
    ]);
    const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const lock = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireRealmLock>>>).value;
    await stale.release(); // deletes by id: the new lock survives
    expect(stale.lost).toBe(true);
    expect((await readRealmLock(realm.admin, realm.name))?.info?.id).toBe(lock.info.id);
    await lock.release();
  });

  it('renews a held lock so that it does not expire while the run goes on', async () => {
    const lock = await acquireRealmLock(realm.admin, realm.name, { ...as('long'), ttlMs: 3_000 });
    const firstExpiry = lock.info.expiresAt;
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await expect(acquireRealmLock(realm.admin, realm.name, as('other'))).rejects.toBeInstanceOf(
      RealmLockedError,
    );
    expect(Date.parse(lock.info.expiresAt)).toBeGreaterThan(Date.parse(firstExpiry));
    await lock.release();
    expect(lock.lost).toBe(false);
  });

  it('locks a realm that does not exist yet in master, and guards the realm once created', async () => {
    const name = randomName('lock-new');
    notYetCreated.push(name);
    const creating = await acquireRealmLock(admin, name, as('creator'));
    expect(creating.location).toMatchObject({ realm: 'master', roleName: `${LOCK_ROLE}.${name}` });
    await expect(acquireRealmLock(admin, name, as('second'))).rejects.toThrow(
      /locked by another realmform run/,
    );

    // The creator makes the realm; a run that now finds it must still wait for the creator.
    await admin.createRealm({ realm: name, enabled: true });
    const blocked = await acquireRealmLock(admin, name, as('late')).catch((error: unknown) => error);
    expect(blocked).toBeInstanceOf(RealmLockedError);
    expect((blocked as RealmLockedError).holder?.owner).toBe('creator');
    expect(await readRealmLock(admin, name)).toBeUndefined(); // the late run backed off

    await creating.release();
    const after = await acquireRealmLock(admin, name, as('late'));
    expect(after.location).toMatchObject({ realm: name, roleName: LOCK_ROLE });
    await after.release();
    const broker = (await admin.getClientId(LOCK_CLIENT)) as string;
    const left = await admin.getClientRoles(broker);
    expect(left.map((role) => role.name)).not.toContain(`${LOCK_ROLE}.${name}`);
  });

  it('is invisible to plans: same fingerprint and no changes while held', async () => {
    const representation = {
      realm: realm.name,
      clients: [{ clientId: 'app' }],
      roles: { client: { app: [{ name: 'viewer' }], broker: [{ name: 'read-token' }] } },
    };
    const applied = await apply(realm.admin, representation);
    expect(applied.report.ok, JSON.stringify(applied.report.failed)).toBe(true);
    const before = await plan(realm.admin, representation);
    const lock = await acquireRealmLock(realm.admin, realm.name, as('planner'));
    try {
      const during = await plan(realm.admin, representation);
      expect(during.live_fingerprint).toBe(before.live_fingerprint);
      expect(during.changes.filter((change) => change.actions[0] !== 'no-op')).toEqual([]);
      expect(JSON.stringify(during)).not.toContain(LOCK_ROLE);
    } finally {
      await lock.release();
    }
  });
});

describeWithKeycloak('realmform apply holds the realm lock', () => {
  const admin = masterAdmin();
  const dir = mkdtempSync(join(tmpdir(), 'realmform-lock-'));
  const realms: string[] = [];
  const env = () => ({
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
  });
  const manifestFile = (realm: string, description: string) => {
    realms.push(realm);
    const file = join(dir, `${realm}.yaml`);
    writeFileSync(
      file,
      `realm: ${realm}\nenabled: true\nroles:\n  realm:\n    - name: reader\n      description: ${description}\nclients:\n  - clientId: web\n    publicClient: true\n`,
    );
    return file;
  };

  afterAll(async () => {
    const broker = await admin.getClientId(LOCK_CLIENT);
    for (const realm of realms) {
      await admin.deleteRealm(realm).catch(() => undefined);
      if (broker) await admin.deleteClientRole(broker, `${LOCK_ROLE}.${realm}`).catch(() => undefined);
    }
    await admin.close();
  });

  it('fails at once, naming the holder, or waits with --lock-timeout', async () => {
    const realm = randomName('lock-cli');
    const file = manifestFile(realm, 'Reads');
    const held = await acquireRealmLock(admin, realm, {
      owner: { owner: 'deployer', host: 'ci-7', pid: 42 },
    });
    try {
      const refused = await runCli(['apply', file, '--auto-approve'], env());
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `Realm "${realm}" is locked by another realmform run: deployer@ci-7 (pid 42, apply) since ${held.info.acquiredAt}`,
      );
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      expect((await admin.getRealms()).some((r) => r.realm === realm)).toBe(false);

      const waiting = runCli(['apply', file, '--auto-approve', '--lock-timeout', '60s'], env());
      // Long enough for the CLI to start, read the server version and meet the lock on a busy machine.
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      expect((await admin.getRealms()).some((r) => r.realm === realm)).toBe(false);
      await held.release();
      const applied = await waiting;
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stderr).toContain(
        `Waiting for the lock of realm "${realm}", held by deployer@ci-7 (pid 42)`,
      );
      expect(applied.stdout).toContain(`Realm ${realm} converged`);
    } finally {
      await held.release();
    }
    // The apply released its lock.
    expect(await readRealmLock(admin, realm)).toBeUndefined();
  });

  it('two concurrent applies of one realm do not interleave', async () => {
    const realm = randomName('lock-race');
    const file = manifestFile(realm, 'Reads');
    const [one, two] = await Promise.all([
      runCli(['apply', file, '--auto-approve'], env()),
      runCli(['apply', file, '--auto-approve'], env()),
    ]);
    const results = [one, two].filter((result) => result !== undefined);
    // Either they overlapped (one refused with a clear message) or they ran one after the other.
    for (const result of results.filter((r) => r.code !== 0)) {
      expect(result.stderr).toContain(`Realm "${realm}" is locked by another realmform run`);
    }
    expect(results.filter((r) => r.code === 0).length).toBeGreaterThanOrEqual(1);

    // With a wait, both succeed, one after the other: the second finds nothing left to do.
    const changed = manifestFile(realm, 'Reads more');
    const [three, four] = await Promise.all([
      runCli(['apply', changed, '--auto-approve', '--lock-timeout', '2m'], env()),
      runCli(['apply', changed, '--auto-approve', '--lock-timeout', '2m'], env()),
    ]);
    expect(three?.code, three?.stderr).toBe(0);
    expect(four?.code, four?.stderr).toBe(0);
    const noChanges = [three, four].filter((result) => result?.stdout.includes('No changes.'));
    expect(noChanges).toHaveLength(1);
    expect((await admin.withRealm(realm).getRealmRole('reader')).description).toBe('Reads more');
    expect(await readRealmLock(admin, realm)).toBeUndefined();
  });
});
