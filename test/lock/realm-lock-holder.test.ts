/**
 * When a lock's holder counts as dead (src/lock/realm-lock.ts `holderIsDead`): only a process
 * of this host and pid namespace that definitely no longer exists. The lock itself is tested
 * against a real Keycloak in realm-lock.it.test.ts and apply-faults.it.test.ts.
 */
import { spawn } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { holderIsDead, type LockInfo } from '../../src/lock/realm-lock.js';

function pidNamespace(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

const holder = (pid: number, overrides: Partial<LockInfo> = {}): LockInfo => ({
  id: 'x',
  owner: 'ops',
  host: hostname(),
  pid,
  operation: 'apply',
  acquiredAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 600_000).toISOString(),
  ...(pidNamespace() ? { pidNamespace: pidNamespace() } : {}),
  ...overrides,
});

async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid ?? 0;
}

describe('holderIsDead', () => {
  it('is true only for a process of this host and pid namespace that no longer exists', async () => {
    const gone = await exitedPid();
    expect(holderIsDead(holder(gone))).toBe(true);
    expect(holderIsDead(holder(gone, { host: 'another-host' }))).toBe(false);
    expect(holderIsDead(holder(gone, { pidNamespace: 'pid:[1]' }))).toBe(false);
    expect(holderIsDead(undefined)).toBe(false);
  });

  it('is false for a live process, this process, and a pid that makes no sense', () => {
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      expect(holderIsDead(holder(alive.pid ?? 0))).toBe(false);
    } finally {
      alive.kill();
    }
    expect(holderIsDead(holder(process.pid))).toBe(false);
    expect(holderIsDead(holder(0))).toBe(false);
    expect(holderIsDead(holder(-1))).toBe(false);
  });
});
