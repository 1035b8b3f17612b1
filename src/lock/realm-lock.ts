/**
 * An advisory lock per realm, kept in Keycloak itself, so that two applies on the same realm
 * never interleave, from one machine or many.
 *
 * The lock is a client role of the realm's built-in `broker` client, named `realmform-lock`,
 * whose attribute `realmform.lock` holds `{id, owner, host, pid, operation, acquiredAt,
 * expiresAt}` (JSON). Why that object:
 * - Creating it is atomic: Keycloak answers 409 to the second POST of a role name, so of two
 *   concurrent acquirers exactly one wins (no read-modify-write race as with realm attributes).
 * - No kind ever deletes or plans it: roles of built-in clients are never deleted, and
 *   plan-realm.ts drops lock roles from what kinds read (`isRealmLockObject`), so neither plans
 *   nor the saved plan's live fingerprint see it. (`broker` rather than `realm-management`:
 *   Keycloak 26 refuses any change to the roles of the admin clients.)
 * - A role can be deleted by id (`roles-by-id/<id>`), which is a compare-and-delete: taking over
 *   an expired lock deletes that lock's id; of two processes that both saw it expired, the second
 *   delete answers 404, so it cannot remove the first one's fresh lock.
 *
 * A realm that does not exist yet has no `broker` client: its lock is a role of the master
 * realm's `broker` client named `realmform-lock.<realm>` (also the lock of master itself). The
 * apply that creates the realm holds that one; whoever locks the realm in the realm afterwards
 * checks it too and backs off while it is held, so the two places never both count as free.
 *
 * Expiry: a lock expires `ttlMs` (default 10 min) after it was taken or last renewed; a holder
 * renews it every `ttlMs / 3`, so only a run that died leaves a lock behind, and that lock is
 * taken over once expired. Clocks of the machines involved are assumed to agree within minutes.
 * A lock whose holder ran on this host (same host name and, on Linux, the same pid namespace, so
 * that containers sharing a host name never judge each other's processes) and whose process no
 * longer exists is broken at once, with a notice. A release that fails leaves the lock until it
 * expires; `realmform force-unlock REALM` removes it (`findRealmLocks` + `removeRealmLock`).
 */
import { randomUUID } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type { KeycloakAdmin } from '../client/index.js';
import { isNotFound, KeycloakError } from '../client/index.js';
import type { RoleRepresentation } from '../client/types/index.js';

export const LOCK_CLIENT = 'broker';
export const LOCK_ROLE = 'realmform-lock';
export const LOCK_ATTRIBUTE = 'realmform.lock';
export const DEFAULT_LOCK_TTL_MS = 10 * 60_000;
const MASTER = 'master';

/** What the lock role holds. */
export interface LockInfo {
  /** Random per acquisition: tells this holder's lock from a later one. */
  id: string;
  owner: string;
  host: string;
  pid: number;
  operation: string;
  acquiredAt: string;
  expiresAt: string;
  /** Linux pid namespace of the holder (`pid:[4026531836]`): pids compare only within one. */
  pidNamespace?: string;
}

export interface RealmLockOptions {
  /** How long a lock lives without renewal. Default 10 minutes. */
  ttlMs?: number;
  /** How long to wait for a held lock. Default 0: fail at once. */
  timeoutMs?: number;
  /** Recorded in the lock ("apply"). */
  operation?: string;
  /** Called whenever a wait starts or the holder changes. */
  onWait?: (realm: string, holder: LockInfo | undefined) => void;
  /** Called before a lock left by a process that no longer exists (on this host) is removed. */
  onBreak?: (realm: string, holder: LockInfo) => void;
  /** Stops a wait for a held lock (Ctrl-C): the acquire fails with RealmLockError. */
  signal?: AbortSignal;
  /** Renew the lock while held (every ttl / 3). Default true. */
  renew?: boolean;
  /** Override the recorded owner (tests). */
  owner?: Partial<Pick<LockInfo, 'owner' | 'host' | 'pid'>>;
  /** Clock (tests). */
  now?: () => number;
}

/** The lock could not be taken (held by another run, or Keycloak refused the request). */
export class RealmLockError extends Error {
  constructor(
    message: string,
    readonly realm: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Another run holds the lock (and did not release it within the wait). */
export class RealmLockedError extends RealmLockError {
  constructor(
    realm: string,
    readonly holder: LockInfo | undefined,
    readonly where: LockLocation,
    waitedMs: number,
  ) {
    super(lockedMessage(realm, holder, where, waitedMs), realm);
  }
}

/** Where a realm's lock lives. */
export interface LockLocation {
  /** Realm holding the lock role (the realm itself, or master for a realm not created yet). */
  realm: string;
  /** uuid of that realm's `broker` client. */
  clientUuid: string;
  roleName: string;
  /** For a lock inside the realm: the master lock of a run that is creating the realm. */
  guard?: LockLocation;
}

export interface RealmLock {
  readonly realm: string;
  readonly info: LockInfo;
  readonly location: LockLocation;
  /** True once a renewal found the lock gone (expired and taken over, or deleted by hand). */
  readonly lost: boolean;
  /** Why the release failed (the lock stays until it expires), if it did. */
  readonly releaseError: string | undefined;
  /** Deletes the lock (only this holder's: by role id). Idempotent; never throws. */
  release(): Promise<void>;
}

/** Whether a live object read by a kind is a realm lock (plans never show or count them). */
export function isRealmLockObject(kind: string, key: readonly string[]): boolean {
  if (kind === 'client-role') return key[0] === LOCK_CLIENT && isLockRoleName(key[1]);
  if (kind === 'role-composite')
    return key[0] === 'client' && key[1] === LOCK_CLIENT && isLockRoleName(key[2]);
  return false;
}

function isLockRoleName(name: string | undefined): boolean {
  return name === LOCK_ROLE || (name?.startsWith(`${LOCK_ROLE}.`) ?? false);
}

/**
 * Takes the lock of one realm, waiting up to `timeoutMs` while another run holds it. Throws
 * RealmLockedError (held) or RealmLockError (Keycloak refused, e.g. 403).
 */
export async function acquireRealmLock(
  admin: KeycloakAdmin,
  realm: string,
  options: RealmLockOptions = {},
): Promise<RealmLock> {
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + (options.timeoutMs ?? 0);
  let pause = 250;
  let reported: string | undefined;
  for (;;) {
    const attempt = await tryAcquire(admin, realm, options);
    if ('lock' in attempt) return attempt.lock;
    const remaining = deadline - now();
    if (options.signal?.aborted)
      throw new RealmLockError(`Stopped waiting for the lock of realm "${realm}" (interrupted)`, realm);
    if (remaining <= 0)
      throw new RealmLockedError(
        realm,
        attempt.holder,
        attempt.where,
        options.timeoutMs ? now() - started : 0,
      );
    const holderId = attempt.holder?.id ?? 'unknown';
    if (reported !== holderId) {
      reported = holderId;
      options.onWait?.(realm, attempt.holder);
    }
    await sleep(Math.min(remaining, pause * (0.75 + Math.random() / 2)), options.signal);
    pause = Math.min(pause * 1.5, 5_000);
  }
}

export interface HeldRealmLocks {
  readonly locks: readonly RealmLock[];
  /** Releases every lock (in reverse order); returns warnings for locks lost while held. */
  release(): Promise<string[]>;
}

/**
 * Locks several realms, in name order so that two multi-realm runs cannot wait for each other
 * forever. On failure, the locks already taken are released.
 */
export async function acquireRealmLocks(
  admin: KeycloakAdmin,
  realms: readonly string[],
  options: RealmLockOptions = {},
): Promise<HeldRealmLocks> {
  const locks: RealmLock[] = [];
  const release = async () => {
    const warnings: string[] = [];
    for (const lock of [...locks].reverse()) {
      await lock.release();
      if (lock.releaseError)
        warnings.push(
          `could not release the lock of realm "${lock.realm}" (${lock.releaseError}); it expires by itself at ` +
            `${lock.info.expiresAt}. To remove it now, run: realmform force-unlock ${lock.realm}`,
        );
      else if (lock.lost)
        warnings.push(
          `the lock of realm "${lock.realm}" was lost while this run held it (it expired or was deleted): ` +
            'another run may have changed the realm at the same time',
        );
    }
    locks.length = 0;
    return warnings;
  };
  try {
    for (const realm of [...new Set(realms)].sort())
      locks.push(await acquireRealmLock(admin, realm, options));
  } catch (error) {
    await release();
    throw error;
  }
  return { locks: [...locks], release };
}

/** Runs `fn` while holding the locks of `realms`; releases them however `fn` ends. */
export async function withRealmLocks<T>(
  admin: KeycloakAdmin,
  realms: readonly string[],
  options: RealmLockOptions,
  fn: (held: HeldRealmLocks) => Promise<T>,
): Promise<T> {
  const held = await acquireRealmLocks(admin, realms, options);
  try {
    return await fn(held);
  } finally {
    await held.release();
  }
}

/** The lock of a realm as it is now (undefined: free). For status displays and tests. */
export async function readRealmLock(
  admin: KeycloakAdmin,
  realm: string,
): Promise<{ location: LockLocation; roleId: string; info: LockInfo | undefined } | undefined> {
  const location = await locate(admin, realm);
  const current = await readLock(admin, location);
  return current && { location, ...current };
}

type Attempt = { lock: RealmLock } | { holder: LockInfo | undefined; where: LockLocation };

async function tryAcquire(admin: KeycloakAdmin, realm: string, options: RealmLockOptions): Promise<Attempt> {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  const location = await locate(admin, realm);
  // Bounded: each round either wins, finds a live holder, or removes an expired or vanished one.
  for (let round = 0; round < 5; round++) {
    const info = newInfo(options, now(), ttl);
    let conflict = false;
    try {
      await admin.withRealm(location.realm).createClientRole(location.clientUuid, lockRole(location, info));
    } catch (error) {
      // 409: someone holds it. A 5xx is ambiguous (Keycloak answers 500 when two creates of one
      // name race in the database): never retry blindly, read back below and see who won.
      const status = error instanceof KeycloakError ? (error.responseCode ?? 0) : 0;
      if (status !== 409 && status < 500) throw refused(realm, error);
      conflict = true;
    }
    // Read back: proves the role is ours (also after an ambiguous POST) and gives its id.
    const current = await readLock(admin, location);
    if (!current) continue; // released in between: try again
    if (current.info?.id !== info.id) {
      if (!conflict || !isStale(current.info, now(), realm, options))
        return { holder: current.info, where: location };
      await deleteRole(admin, location.realm, current.roleId); // a 404 means someone else took it over
      continue;
    }
    if (location.guard) {
      const guard = await readLock(admin, location.guard).catch(() => undefined);
      if (guard && guard.info?.id !== info.id) {
        if (!isStale(guard.info, now(), realm, options)) {
          await deleteRole(admin, location.realm, current.roleId);
          return { holder: guard.info, where: location.guard };
        }
        await deleteRole(admin, location.guard.realm, guard.roleId);
      }
    }
    return { lock: holdLock(admin, realm, location, current.roleId, info, options) };
  }
  const current = await readLock(admin, location);
  return { holder: current?.info, where: location };
}

function holdLock(
  admin: KeycloakAdmin,
  realm: string,
  location: LockLocation,
  roleId: string,
  first: LockInfo,
  options: RealmLockOptions,
): RealmLock {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  let info = first;
  let lost = false;
  let released = false;
  let releaseError: string | undefined;
  const base = `/admin/realms/${encodeURIComponent(location.realm)}/roles-by-id/${encodeURIComponent(roleId)}`;
  const renew = async () => {
    const next = { ...info, expiresAt: new Date(now() + ttl).toISOString() };
    try {
      const response = await admin.rawPut(base, lockRole(location, next));
      if (response.status === 404) lost = true;
      else if (response.ok) info = next;
    } catch {
      // A failed renewal is retried at the next tick; the lock stays valid until it expires.
    }
  };
  const timer =
    options.renew === false ? undefined : setInterval(() => void renew(), Math.max(ttl / 3, 1_000));
  timer?.unref();
  return {
    realm,
    location,
    get info() {
      return info;
    },
    get lost() {
      return lost;
    },
    get releaseError() {
      return releaseError;
    },
    async release() {
      if (released) return;
      released = true;
      if (timer) clearInterval(timer);
      try {
        const response = await admin.rawDelete(base);
        if (response.status === 404) lost = true;
        else if (!response.ok) releaseError = `HTTP ${response.status}`;
      } catch (error) {
        // Not deleted: it expires by itself, or force-unlock removes it.
        releaseError = error instanceof Error ? error.message : String(error);
      }
    },
  };
}

async function locate(admin: KeycloakAdmin, realm: string): Promise<LockLocation> {
  const masterLock = async (): Promise<LockLocation> => ({
    realm: MASTER,
    clientUuid: await brokerOf(admin, MASTER, realm),
    roleName: `${LOCK_ROLE}.${realm}`,
  });
  if (realm === MASTER) return masterLock();
  let clientUuid: string | undefined;
  try {
    clientUuid = await admin.withRealm(realm).getClientId(LOCK_CLIENT);
  } catch (error) {
    if (!isNotFound(error)) throw refused(realm, error);
  }
  if (!clientUuid) return masterLock();
  // The guard cannot be read without rights in master (an admin of this realm only): then no
  // run of that admin can create the realm either, so there is nothing to guard against.
  const guard = await masterLock().catch(() => undefined);
  return { realm, clientUuid, roleName: LOCK_ROLE, ...(guard ? { guard } : {}) };
}

async function brokerOf(admin: KeycloakAdmin, inRealm: string, forRealm: string): Promise<string> {
  let uuid: string | undefined;
  try {
    uuid = await admin.withRealm(inRealm).getClientId(LOCK_CLIENT);
  } catch (error) {
    throw refused(forRealm, error);
  }
  if (!uuid)
    throw new RealmLockError(
      `Cannot lock realm "${forRealm}": realm "${inRealm}" has no broker client`,
      forRealm,
    );
  return uuid;
}

async function readLock(
  admin: KeycloakAdmin,
  location: LockLocation,
): Promise<{ roleId: string; info: LockInfo | undefined } | undefined> {
  let role: RoleRepresentation;
  try {
    role = await admin.withRealm(location.realm).getClientRole(location.clientUuid, location.roleName);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw refused(location.realm, error);
  }
  return { roleId: role.id ?? '', info: parseInfo(role.attributes?.[LOCK_ATTRIBUTE]?.[0]) };
}

async function deleteRole(admin: KeycloakAdmin, realm: string, roleId: string): Promise<void> {
  const response = await admin.rawDelete(
    `/admin/realms/${encodeURIComponent(realm)}/roles-by-id/${encodeURIComponent(roleId)}`,
  );
  if (!response.ok && response.status !== 404)
    throw new RealmLockError(
      `Cannot remove an expired lock in realm "${realm}": HTTP ${response.status}`,
      realm,
    );
}

function lockRole(location: LockLocation, info: LockInfo): RoleRepresentation {
  return {
    name: location.roleName,
    description: `realmform ${info.operation} lock held by ${info.owner}@${info.host} (pid ${info.pid}) since ${info.acquiredAt}; expires ${info.expiresAt} unless renewed. Deleted when the run ends.`,
    attributes: { [LOCK_ATTRIBUTE]: [JSON.stringify(info)] },
  };
}

function newInfo(options: RealmLockOptions, at: number, ttl: number): LockInfo {
  return {
    id: randomUUID(),
    owner: options.owner?.owner ?? currentUser(),
    host: options.owner?.host ?? hostname(),
    pid: options.owner?.pid ?? process.pid,
    operation: options.operation ?? 'apply',
    acquiredAt: new Date(at).toISOString(),
    expiresAt: new Date(at + ttl).toISOString(),
    ...pidNamespaceField(),
  };
}

function pidNamespaceField(): { pidNamespace?: string } {
  const namespace = localPidNamespace();
  return namespace ? { pidNamespace: namespace } : {};
}

function localPidNamespace(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

/**
 * Whether the holder ran on this host, in this pid namespace, and its process is gone. Only a
 * definite "no such process" counts: a process of another user (EPERM) is alive, and a pid
 * reused by an unrelated process keeps the lock until it expires.
 */
export function holderIsDead(holder: LockInfo | undefined): boolean {
  if (!holder || holder.host !== hostname() || holder.pidNamespace !== localPidNamespace()) return false;
  if (!Number.isInteger(holder.pid) || holder.pid <= 0 || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Expired, or left by a dead process on this host (announced through `onBreak`). */
function isStale(
  holder: LockInfo | undefined,
  at: number,
  realm: string,
  options: RealmLockOptions,
): boolean {
  if (isExpired(holder, at)) return true;
  if (!holder || !holderIsDead(holder)) return false;
  options.onBreak?.(realm, holder);
  return true;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

function parseInfo(text: string | undefined): LockInfo | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<LockInfo>;
    return typeof parsed.id === 'string' && typeof parsed.expiresAt === 'string'
      ? (parsed as LockInfo)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A lock without readable info (made by hand?) never expires: it must be deleted by hand. */
function isExpired(info: LockInfo | undefined, at: number): boolean {
  if (!info) return false;
  const expires = Date.parse(info.expiresAt);
  return Number.isFinite(expires) && expires <= at;
}

function refused(realm: string, error: unknown): Error {
  if (error instanceof RealmLockError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RealmLockError(
    `Cannot take the lock of realm "${realm}" (a role of its "${LOCK_CLIENT}" client): ${message}`,
    realm,
    { cause: error },
  );
}

function lockedMessage(
  realm: string,
  holder: LockInfo | undefined,
  where: LockLocation,
  waitedMs: number,
): string {
  const by = holder
    ? `${holder.owner}@${holder.host} (pid ${holder.pid}, ${holder.operation}) since ${holder.acquiredAt}, until ${holder.expiresAt} unless renewed`
    : 'an unknown holder (the lock role has no readable lock information)';
  const waited = waitedMs > 0 ? ` Waited ${formatDuration(waitedMs)}.` : '';
  return (
    `Realm "${realm}" is locked by another realmform run: ${by}.${waited} ` +
    'Try again when it has finished, or pass --lock-timeout <duration> to wait for it. ' +
    `A lock left by a run that died expires by itself; to remove it now, run: realmform force-unlock ${realm} ` +
    `(it deletes the role "${where.roleName}" of the client "${LOCK_CLIENT}" in realm "${where.realm}").`
  );
}

function formatDuration(ms: number): string {
  return ms < 60_000
    ? `${Math.round(ms / 1000)}s`
    : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A lock as stored: where it lives, its role id (for a compare-and-delete) and its holder. */
export interface HeldLock {
  location: LockLocation;
  roleId: string;
  info: LockInfo | undefined;
}

/**
 * Every lock that keeps runs out of a realm now: the realm's own and, for a realm being
 * created, its lock in master. For `realmform force-unlock`.
 */
export async function findRealmLocks(admin: KeycloakAdmin, realm: string): Promise<HeldLock[]> {
  const location = await locate(admin, realm);
  const found: HeldLock[] = [];
  const own = await readLock(admin, location);
  if (own) found.push({ location, ...own });
  if (location.guard) {
    const guard = await readLock(admin, location.guard).catch(() => undefined);
    if (guard) found.push({ location: location.guard, ...guard });
  }
  return found;
}

/** Deletes one lock by role id: a lock taken since it was read is left alone. True if it was deleted. */
export async function removeRealmLock(admin: KeycloakAdmin, lock: HeldLock): Promise<boolean> {
  const response = await admin.rawDelete(
    `/admin/realms/${encodeURIComponent(lock.location.realm)}/roles-by-id/${encodeURIComponent(lock.roleId)}`,
  );
  if (response.status === 404) return false;
  if (!response.ok)
    throw new RealmLockError(
      `Cannot remove the lock role "${lock.location.roleName}" in realm "${lock.location.realm}": HTTP ${response.status}`,
      lock.location.realm,
    );
  return true;
}

/** `ops@ci-7 (pid 4242, apply) since 2025-…`: who holds a lock, for messages. */
export function describeHolder(info: LockInfo | undefined): string {
  return info
    ? `${info.owner}@${info.host} (pid ${info.pid}, ${info.operation}) since ${info.acquiredAt}`
    : 'an unknown holder (the lock role has no readable lock information)';
}
