/**
 * A throwaway LDAP server for tests: UnboundID's in-memory directory server, fetched from Maven
 * Central into the same cache as the Keycloak distribution and run on the JDK the suite needs
 * anyway (no system package). A few users and a group are seeded from a generated LDIF file; the
 * server listens on 127.0.0.1 only and runs as its own process group, so stop() takes it down.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from '../../src/local/cache-dir.js';
import { findJava, type JavaRuntime } from '../../src/local/java.js';
import { stopProcessGroup } from '../../src/local/keycloak-process.js';
import { artifactFileName, ensureArtifact, type MavenArtifact } from '../../src/local/maven-artifact.js';

/** The LDAP SDK whose in-memory server the tests run (its client tools serve the harness's own test). */
export const LDAP_SDK: MavenArtifact = {
  groupId: 'com.unboundid',
  artifactId: 'unboundid-ldapsdk',
  version: '7.0.5',
  extension: 'jar',
  sha256: '463f0ee93f8046c6f72766f111fc27b18ab4727541968b9fa72699023e1b0ff0',
  label: 'UnboundID LDAP SDK 7.0.5',
};

const LAUNCHER = join(import.meta.dirname, 'ldap-server-main.java');
const LAUNCHER_CLASS = 'LdapServerMain';
const READY = /LDAP server ready on 127\.0\.0\.1:(\d+)/;

export interface LdapUser {
  uid: string;
  dn: string;
  givenName: string;
  sn: string;
  cn: string;
  mail: string;
  password: string;
}

export interface LdapGroup {
  cn: string;
  dn: string;
  /** Member uids. */
  members: string[];
}

export interface LdapServer {
  /** `ldap://127.0.0.1:<port>` */
  url: string;
  /** The administrator's DN (may read and write everything). */
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  /** `ou=people,<baseDn>`: the seeded users (inetOrgPerson, RDN `uid`). */
  usersDn: string;
  /** `ou=groups,<baseDn>`: the seeded groups (groupOfNames). */
  groupsDn: string;
  users: readonly LdapUser[];
  groups: readonly LdapGroup[];
  pid: number;
  stop(): Promise<void>;
}

export interface LdapServerOptions {
  /** Default `dc=realmform,dc=test`. */
  baseDn?: string;
  /** The administrator's password. Default: a random one. */
  bindPassword?: string;
  /** Users to seed instead of alice, bob and carol (password `<uid>-password`, mail `<uid>@realmform.test`). */
  users?: readonly { uid: string; givenName: string; sn: string }[];
  /** Give up waiting for the server after this long. Default 60 s. */
  readyTimeoutMs?: number;
}

const SEED_USERS = [
  { uid: 'alice', givenName: 'Alice', sn: 'Archer' },
  { uid: 'bob', givenName: 'Bob', sn: 'Baker' },
  { uid: 'carol', givenName: 'Carol', sn: 'Cooper' },
];

/** The SDK's jar in the cache, downloaded and verified on first use. */
export function ldapSdkJar(): Promise<string> {
  return ensureArtifact(LDAP_SDK, join(cacheDir(), 'ldap', artifactFileName(LDAP_SDK)));
}

/**
 * The launcher, compiled once per source and SDK version into the cache: starting from the
 * compiled class takes a second less than Java's single-file source launcher.
 */
async function compiledLauncher(runtime: JavaRuntime, jar: string): Promise<string> {
  const source = readFileSync(LAUNCHER);
  const digest = createHash('sha256').update(source).update(LDAP_SDK.version).digest('hex').slice(0, 16);
  const classes = join(cacheDir(), 'ldap', `launcher-${digest}`);
  if (existsSync(join(classes, `${LAUNCHER_CLASS}.class`))) return classes;
  const staging = `${classes}.${process.pid}.tmp`;
  const javac = join(runtime.home, 'bin', 'javac');
  if (!existsSync(javac))
    throw new Error(`The LDAP test server needs a JDK (javac); ${runtime.home} has none`);
  // --release 17: the class runs on any JDK that runs Keycloak, whichever compiled it.
  await promisify(execFile)(javac, ['--release', '17', '-cp', jar, '-d', staging, LAUNCHER]);
  // Another test file may have compiled it meanwhile: either copy will do.
  await rename(staging, classes).catch(() => rm(staging, { recursive: true, force: true }));
  return classes;
}

let java: Promise<JavaRuntime> | undefined;
/** The JDK that runs the server; looked up once per test file (each lookup runs every JDK found). */
export function ldapJava(): Promise<JavaRuntime> {
  java ??= findJava();
  return java;
}

export async function startLdapServer(options: LdapServerOptions = {}): Promise<LdapServer> {
  const baseDn = options.baseDn ?? 'dc=realmform,dc=test';
  const dc = /^dc=([^,]+)/i.exec(baseDn)?.[1];
  if (!dc) throw new Error(`The LDAP base DN must start with dc=…: ${baseDn}`);
  const bindDn = `cn=admin,${baseDn}`;
  const bindPassword = options.bindPassword ?? randomBytes(12).toString('hex');
  const usersDn = `ou=people,${baseDn}`;
  const groupsDn = `ou=groups,${baseDn}`;
  const users: LdapUser[] = (options.users ?? SEED_USERS).map((user) => ({
    ...user,
    dn: `uid=${user.uid},${usersDn}`,
    cn: `${user.givenName} ${user.sn}`,
    mail: `${user.uid}@realmform.test`,
    password: `${user.uid}-password`,
  }));
  // groupOfNames needs at least one member.
  const groups: LdapGroup[] = [
    { cn: 'developers', dn: `cn=developers,${groupsDn}`, members: users.slice(0, 2).map((user) => user.uid) },
  ].filter((group) => group.members.length > 0);

  const [jar, runtime] = await Promise.all([ldapSdkJar(), ldapJava()]);
  const classes = await compiledLauncher(runtime, jar);
  const dir = await mkdtemp(join(tmpdir(), 'realmform-ldap-'));
  const ldif = join(dir, 'seed.ldif');
  await writeFile(ldif, seedLdif(baseDn, dc, users, groups));
  const classPath = [jar, classes].join(delimiter);
  const child = spawn(
    join(runtime.home, 'bin', 'java'),
    ['-cp', classPath, LAUNCHER_CLASS, baseDn, bindDn, ldif],
    {
      cwd: dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LDAP_BIND_PASSWORD: bindPassword },
    },
  );
  const killOnExit = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopProcessGroup(child.pid, 5000);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    await rm(dir, { recursive: true, force: true });
  };

  let port: number;
  try {
    port = await waitUntilReady(child, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `ldap://127.0.0.1:${port}`,
    bindDn,
    bindPassword,
    baseDn,
    usersDn,
    groupsDn,
    users,
    groups,
    pid: child.pid ?? 0,
    stop,
  };
}

/** Resolves with the port once the launcher says a bind over its socket succeeded. */
function waitUntilReady(child: ReturnType<typeof spawn>, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`The LDAP test server ${why}\n--- its output ---\n${output.trim()}`));
    };
    const timer = setTimeout(() => fail(`was not ready within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = READY.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1]));
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('exit', (code, signal) =>
      fail(`exited during startup (code ${code ?? '-'}, signal ${signal ?? '-'})`),
    );
  });
}

function seedLdif(
  baseDn: string,
  dc: string,
  users: readonly LdapUser[],
  groups: readonly LdapGroup[],
): string {
  const entries: string[][] = [
    [`dn: ${baseDn}`, 'objectClass: dcObject', 'objectClass: organization', `dc: ${dc}`, `o: ${dc}`],
    [`dn: ou=people,${baseDn}`, 'objectClass: organizationalUnit', 'ou: people'],
    [`dn: ou=groups,${baseDn}`, 'objectClass: organizationalUnit', 'ou: groups'],
    ...users.map((user) => [
      `dn: ${user.dn}`,
      'objectClass: inetOrgPerson',
      `uid: ${user.uid}`,
      `cn: ${user.cn}`,
      `sn: ${user.sn}`,
      `givenName: ${user.givenName}`,
      `mail: ${user.mail}`,
      `userPassword: ${user.password}`,
    ]),
    ...groups.map((group) => [
      `dn: ${group.dn}`,
      'objectClass: groupOfNames',
      `cn: ${group.cn}`,
      ...group.members.map((uid) => `member: ${users.find((user) => user.uid === uid)?.dn ?? uid}`),
    ]),
  ];
  return `${entries.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
