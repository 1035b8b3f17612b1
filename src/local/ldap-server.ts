/**
 * A throwaway OpenLDAP server (slapd) for tests: a generated slapd.conf with an mdb database in a
 * temp dir, a few seeded users and a group, on a free loopback port, run as its own process group
 * so that stop() takes everything down. Needs slapd installed (Debian:
 * `DEBIAN_FRONTEND=noninteractive apt-get install -y slapd ldap-utils`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './free-port.js';
import { stopProcessGroup } from './keycloak-process.js';
import { LDAP_SUCCESS, ldapSimpleBind } from './ldap-bind.js';

export const SLAPD_INSTALL_HINT = 'DEBIAN_FRONTEND=noninteractive apt-get install -y slapd ldap-utils';

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
  /** The root DN (may read and write everything). */
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
  /** The root DN's password. Default `admin-secret`. */
  bindPassword?: string;
  /** Users to seed instead of alice, bob and carol (password `<uid>-password`, mail `<uid>@realmform.test`). */
  users?: readonly { uid: string; givenName: string; sn: string }[];
  /** Give up waiting for the first successful bind after this long. Default 30 s. */
  readyTimeoutMs?: number;
}

const SCHEMAS = ['core', 'cosine', 'inetorgperson', 'nis'];
const SEED_USERS = [
  { uid: 'alice', givenName: 'Alice', sn: 'Archer' },
  { uid: 'bob', givenName: 'Bob', sn: 'Baker' },
  { uid: 'carol', givenName: 'Carol', sn: 'Cooper' },
];

export async function startLdapServer(options: LdapServerOptions = {}): Promise<LdapServer> {
  const install = findSlapdInstallation();
  const baseDn = options.baseDn ?? 'dc=realmform,dc=test';
  const dc = /^dc=([^,]+)/i.exec(baseDn)?.[1];
  if (!dc) throw new Error(`The LDAP base DN must start with dc=…: ${baseDn}`);
  const dir = await mkdtemp(join(tmpdir(), 'realmform-ldap-'));
  const bindDn = `cn=admin,${baseDn}`;
  const bindPassword = options.bindPassword ?? 'admin-secret';
  const usersDn = `ou=people,${baseDn}`;
  const groupsDn = `ou=groups,${baseDn}`;
  const users: LdapUser[] = (options.users ?? SEED_USERS).map((user) => ({
    ...user,
    dn: `uid=${user.uid},${usersDn}`,
    cn: `${user.givenName} ${user.sn}`,
    mail: `${user.uid}@realmform.test`,
    password: `${user.uid}-password`,
  }));
  const groups: LdapGroup[] = [
    { cn: 'developers', dn: `cn=developers,${groupsDn}`, members: users.slice(0, 2).map((user) => user.uid) },
  ];
  try {
    await mkdir(join(dir, 'data'));
    const config = join(dir, 'slapd.conf');
    await writeFile(config, slapdConfig(install, dir, baseDn, bindDn, bindPassword));
    await writeFile(join(dir, 'seed.ldif'), seedLdif(baseDn, dc, users, groups));
    // slapd in tool mode (slapadd) loads the seed offline, before the server starts.
    await run(install.slapd, ['-T', 'add', '-f', config, '-l', join(dir, 'seed.ldif')], dir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const logFile = join(dir, 'slapd.log');
  const log = openSync(logFile, 'a');
  // -d keeps slapd in the foreground (no fork), so the child's group is the server.
  const child = spawn(install.slapd, ['-d', '0', '-f', join(dir, 'slapd.conf'), '-h', `${url}/`], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopProcessGroup(child.pid, 5000);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilBound(child, url, bindDn, bindPassword, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    await stop();
    throw new Error(`${(error as Error).message}\n--- slapd log ---\n${tail}`);
  }
  return {
    url,
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

interface SlapdInstallation {
  slapd: string;
  schemaDir: string;
  /** Where back_mdb is a loadable module; undefined when it is built in. */
  moduleDir: string | undefined;
}

/** Finds slapd, its schema files and its module directory, or says how to install it. */
export function findSlapdInstallation(): SlapdInstallation {
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/sbin',
    '/usr/local/sbin',
    '/usr/libexec',
    '/usr/local/libexec',
    '/opt/homebrew/opt/openldap/libexec',
  ].filter(Boolean);
  const slapd = process.env.SLAPD ?? dirs.map((dir) => join(dir, 'slapd')).find((path) => existsSync(path));
  const schemaDir = [
    '/etc/ldap/schema',
    '/etc/openldap/schema',
    '/usr/local/etc/openldap/schema',
    '/opt/homebrew/etc/openldap/schema',
  ].find((dir) => existsSync(join(dir, 'core.schema')));
  if (!slapd || !schemaDir) {
    throw new Error(
      `OpenLDAP's slapd is not installed (needed for the LDAP user federation tests). On Debian/Ubuntu: ${SLAPD_INSTALL_HINT}`,
    );
  }
  const moduleDir = [
    '/usr/lib/ldap',
    '/usr/lib64/openldap',
    '/usr/lib/openldap',
    '/usr/local/lib/openldap',
  ].find((dir) => existsSync(dir) && readdirSync(dir).some((file) => file.startsWith('back_mdb')));
  return { slapd, schemaDir, moduleDir };
}

function slapdConfig(
  install: SlapdInstallation,
  dir: string,
  baseDn: string,
  bindDn: string,
  bindPassword: string,
): string {
  return [
    ...SCHEMAS.map((schema) => `include ${join(install.schemaDir, `${schema}.schema`)}`),
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    ...(install.moduleDir ? [`modulepath ${install.moduleDir}`, 'moduleload back_mdb'] : []),
    'database mdb',
    'maxsize 33554432',
    `suffix "${baseDn}"`,
    `rootdn "${bindDn}"`,
    `rootpw ${bindPassword}`,
    `directory ${join(dir, 'data')}`,
    'index objectClass eq',
    '',
  ].join('\n');
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

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output.trim()}`)),
    );
  });
}

async function waitUntilBound(
  child: ChildProcess,
  url: string,
  bindDn: string,
  bindPassword: string,
  timeoutMs: number,
): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `slapd exited during startup (code ${code ?? '-'}, signal ${signal ?? '-'})`;
  });
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (exited) throw new Error(exited);
    try {
      const code = await ldapSimpleBind(url, bindDn, bindPassword, 1000);
      if (code === LDAP_SUCCESS) return;
      last = `bind result code ${code}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`slapd at ${url} did not accept a bind within ${Math.round(timeoutMs / 1000)} s (${last})`);
}
