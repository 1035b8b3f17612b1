/**
 * The LDAP test server, checked with an LDAP client that is not the harness: the SDK's own
 * `ldapsearch` tool, run on the same JDK (one JVM per search).
 */
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/local/keycloak-process.js';
import { type LdapServer, ldapJava, ldapSdkJar, startLdapServer } from './ldap-server.js';

const run = promisify(execFile);
const LDAP_INVALID_CREDENTIALS = 49;

// Outside CI a machine without a JDK skips (saying why); in CI the JDK is mandatory.
const noJava = await ldapJava().then(
  () => undefined,
  (error: Error) => error.message,
);
if (noJava && process.env.CI === 'true') throw new Error(noJava);
const describeWithJava = describe.skipIf(Boolean(noJava));
if (noJava) describe.skip(`LDAP test server: skipped, ${noJava}`, () => {});

interface SearchResult {
  /** The LDAP result code (0 success, 49 invalid credentials). */
  code: number;
  entries: { dn: string; attributes: Record<string, string[]> }[];
}

/** One search through the SDK's ldapsearch tool, bound as `bindDn`. */
async function search(
  server: LdapServer,
  bind: { dn: string; password: string },
  filter: string,
  attributes: string[],
): Promise<SearchResult> {
  const java = join((await ldapJava()).home, 'bin', 'java');
  const { port } = new URL(server.url);
  const args = [
    '-cp',
    await ldapSdkJar(),
    'com.unboundid.ldap.sdk.unboundidds.tools.LDAPSearch',
    ...['--hostname', '127.0.0.1', '--port', port],
    ...['--bindDN', bind.dn, '--bindPassword', bind.password],
    ...['--baseDN', server.baseDn, '--scope', 'sub', '--outputFormat', 'json', '--terse'],
    filter,
    ...attributes,
  ];
  const { code, stdout } = await run(java, args, { timeout: 30_000 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
  );
  // The tool prints one JSON object per entry, each starting on a new line.
  const entries = stdout
    .split(/\n(?=\{)/)
    .filter((text) => text.trim())
    .map((text) => JSON.parse(text) as { dn: string; attributes: { name: string; values: string[] }[] })
    .map((entry) => ({
      dn: entry.dn,
      attributes: Object.fromEntries(entry.attributes.map((a) => [a.name, a.values])),
    }));
  return { code, entries };
}

function refused(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** An IPv4 address of this machine that is not loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

describeWithJava('LDAP test server (UnboundID in-memory, from Maven Central)', () => {
  it('checks passwords, serves the seeded users and group, and stops its process', async () => {
    const server = await startLdapServer();
    const port = Number(new URL(server.url).port);
    const admin = { dn: server.bindDn, password: server.bindPassword };
    try {
      expect(server.url).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+$/);
      expect(server.baseDn).toBe('dc=realmform,dc=test');

      const people = await search(server, admin, '(objectClass=inetOrgPerson)', ['uid', 'mail', 'entryUUID']);
      expect(people.code).toBe(0);
      expect(people.entries.map((entry) => entry.dn).sort()).toEqual(
        server.users.map((user) => user.dn).sort(),
      );
      const alice = people.entries.find((entry) => entry.attributes.uid?.[0] === 'alice');
      expect(alice?.attributes.mail).toEqual(['alice@realmform.test']);
      // Keycloak's LDAP provider identifies users by entryUUID.
      expect(alice?.attributes.entryUUID?.[0]).toMatch(/^[0-9a-f-]{36}$/);

      const group = await search(server, admin, '(cn=developers)', ['member']);
      expect(group.entries[0]?.dn).toBe(`cn=developers,${server.groupsDn}`);
      expect(group.entries[0]?.attributes.member).toEqual(server.users.slice(0, 2).map((user) => user.dn));

      const wrong = await search(server, { dn: server.bindDn, password: 'wrong' }, '(uid=alice)', ['uid']);
      expect(wrong).toEqual({ code: LDAP_INVALID_CREDENTIALS, entries: [] });

      const seeded = server.users.find((user) => user.uid === 'bob');
      if (!seeded) throw new Error('bob is not seeded');
      const asBob = await search(server, { dn: seeded.dn, password: seeded.password }, '(uid=bob)', ['cn']);
      expect(asBob.code).toBe(0);
      expect(asBob.entries[0]?.attributes.cn).toEqual(['Bob Baker']);

      const elsewhere = externalAddress();
      if (elsewhere) expect(await refused(port, elsewhere), `listening on ${elsewhere}`).toBe(true);
      expect(isAlive(server.pid)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(isAlive(server.pid)).toBe(false);
    expect(await refused(port, '127.0.0.1')).toBe(true);
  }, 120_000);

  it('runs two servers side by side with their own base DN, users and password', async () => {
    const [a, b] = await Promise.all([
      startLdapServer(),
      startLdapServer({
        baseDn: 'dc=other,dc=test',
        bindPassword: 'other-secret',
        users: [{ uid: 'dana', givenName: 'Dana', sn: 'Directory' }],
      }),
    ]);
    try {
      expect(a.url).not.toBe(b.url);
      expect(a.bindPassword).not.toBe(b.bindPassword);
      expect(b.usersDn).toBe('ou=people,dc=other,dc=test');
      const found = await search(b, { dn: b.bindDn, password: 'other-secret' }, '(uid=*)', ['uid']);
      expect(found.entries.map((entry) => entry.attributes.uid?.[0])).toEqual(['dana']);
      const crossed = await search(a, { dn: a.bindDn, password: 'other-secret' }, '(uid=*)', ['uid']);
      expect(crossed.code).toBe(LDAP_INVALID_CREDENTIALS);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 120_000);
});
