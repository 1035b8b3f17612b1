/**
 * Produces the export fixtures of test/fixtures/exports/<version>/ with real Keycloak
 * distributions: `node --import tsx scripts/make-export-fixtures.ts [version …]`.
 *
 * For each version: unpack the distribution (from ~/.cache/realmform/keycloak, downloaded from
 * Maven Central when missing) into a scratch directory, start it in dev mode with a file
 * database, build a realm with every kind through the admin API (Keycloak's own realm import of
 * test/cli/fixtures/every-kind.yaml, plus the parts an import cannot carry), stop it, run
 * `kc.sh export` (Keycloak's full export, master included), and write both realms with every
 * secret replaced by a `${env:…}` placeholder (see scrub-export.ts). Nothing realmform reads
 * or plans is involved in producing the files: they are what Keycloak writes.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KeycloakAdmin } from '../src/client/index.js';
import type { RealmRepresentation } from '../src/client/types/index.js';
import { freePort } from '../src/local/free-port.js';
import { stopProcessGroup, tail } from '../src/local/keycloak-process.js';
import { startLdapServer } from '../test/support/ldap-server.js';
import { ensureArchive, type FixtureVersion, parseVersion, REALM_NAME } from './export-fixtures/common.js';
import { everyKindImport, type FixtureLdap, readBuiltIns } from './export-fixtures/every-kind-import.js';
import { scrubExport } from './export-fixtures/scrub-export.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'test/fixtures/exports');
const SCRATCH = process.env.REALMFORM_FIXTURE_SCRATCH ?? '/tmp/realmform-export-fixtures';
const DEFAULT_VERSIONS = ['22.0.5', '23.0.7', '24.0.5', '26.0.8', '26.7.3'];
const ADMIN = { username: 'admin', password: 'fixture-admin-password' };

async function main(): Promise<void> {
  const versions = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT_VERSIONS;
  for (const version of versions) {
    const started = Date.now();
    console.log(`== Keycloak ${version}`);
    const written = await makeFixtures(parseVersion(version));
    console.log(`   wrote ${written.join(', ')} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

async function makeFixtures(version: FixtureVersion): Promise<string[]> {
  const home = await unpack(version.text);
  const data = join(home, 'data');
  rmSync(data, { recursive: true, force: true });
  const exportDir = join(SCRATCH, `export-${version.text}`);
  rmSync(exportDir, { recursive: true, force: true });
  mkdirSync(exportDir, { recursive: true });
  // The user federation's LDAP server: some versions query it while exporting users.
  const ldap = await startLdapServer({
    bindPassword: 'fixture-ldap-password',
    users: [{ uid: 'dana', givenName: 'Dana', sn: 'Directory' }],
  });
  try {
    const server = await start(home, version);
    try {
      const admin = new KeycloakAdmin({ serverUrl: server.url, ...ADMIN, realmName: 'master' });
      try {
        await buildRealm(admin, version, ldap);
      } finally {
        await admin.close();
      }
    } finally {
      await stopProcessGroup(server.process.pid);
    }
    await run(
      join(home, 'bin/kc.sh'),
      ['export', '--db=dev-file', `--dir=${exportDir}`, '--users=realm_file'],
      { cwd: home, env: javaEnv(version), maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
    ).catch((error: { stdout?: string }) => {
      throw new Error(`kc.sh export failed:\n${(error.stdout ?? '').split('\n').slice(-15).join('\n')}`);
    });
  } finally {
    await ldap.stop();
  }
  const target = join(OUT, version.text);
  mkdirSync(target, { recursive: true });
  const written: string[] = [];
  for (const realm of ['master', REALM_NAME]) {
    const file = join(exportDir, `${realm}-realm.json`);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as RealmRepresentation;
    const out = join(target, `${realm}-realm.json`);
    writeFileSync(out, `${JSON.stringify(scrubExport(exported), null, 2)}\n`);
    written.push(out.slice(ROOT.length + 1));
  }
  // The repository's formatter has the last word on committed JSON.
  await run(join(ROOT, 'node_modules/.bin/biome'), ['format', '--write', ...written], { cwd: ROOT });
  return written;
}

/** A private copy of the distribution (the cache's unpacked copies belong to the harness). */
async function unpack(version: string): Promise<string> {
  const home = join(SCRATCH, `keycloak-${version}`);
  if (existsSync(join(home, 'bin/kc.sh'))) return home;
  const archive = await ensureArchive(version);
  mkdirSync(SCRATCH, { recursive: true });
  await run('tar', ['-xzf', archive, '-C', SCRATCH]);
  return home;
}

function javaEnv(version: FixtureVersion): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, JAVA_OPTS_KC_HEAP: '-Xms256m -Xmx1536m' };
  // 26 reads the bootstrap admin from KC_BOOTSTRAP_ADMIN_*; older versions from KEYCLOAK_ADMIN*.
  if (version.major >= 26) {
    env.KC_BOOTSTRAP_ADMIN_USERNAME = ADMIN.username;
    env.KC_BOOTSTRAP_ADMIN_PASSWORD = ADMIN.password;
  } else {
    env.KEYCLOAK_ADMIN = ADMIN.username;
    env.KEYCLOAK_ADMIN_PASSWORD = ADMIN.password;
  }
  return env;
}

async function start(home: string, version: FixtureVersion): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const logFile = join(SCRATCH, `keycloak-${version.text}.log`);
  const log = openSync(logFile, 'w');
  // 24 has no separate management port; health is not needed: /realms/master answers when ready.
  const child = spawn(
    join(home, 'bin/kc.sh'),
    ['start-dev', '--db=dev-file', '--http-host=127.0.0.1', `--http-port=${port}`],
    { cwd: home, detached: true, stdio: ['ignore', log, log], env: javaEnv(version) },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`${url}/realms/master`, { signal: AbortSignal.timeout(5000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (ready && (await adminCanLogIn(url))) return { url, process: child };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await stopProcessGroup(child.pid);
  throw new Error(`Keycloak ${version.text} did not start:\n${tail(logFile, 30)}`);
}

/** Some versions answer before the bootstrap admin exists: ready means the admin can log in. */
async function adminCanLogIn(url: string): Promise<boolean> {
  const body = new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', ...ADMIN });
  return fetch(`${url}/realms/master/protocol/openid-connect/token`, { method: 'POST', body })
    .then((response) => response.ok)
    .catch(() => false);
}

/**
 * The realm of test/cli/fixtures/every-kind.yaml, created through the admin API: Keycloak's
 * realm import (POST /admin/realms) for what a representation carries, then the user profile,
 * a changed built-in flow requirement and, where the version has them, admin permissions v2.
 */
async function buildRealm(master: KeycloakAdmin, version: FixtureVersion, ldap: FixtureLdap): Promise<void> {
  const builtIns = await readBuiltIns(master);
  const { representation, userProfile, localizationTexts, adminPermissions } = await everyKindImport(
    version,
    ldap,
    builtIns,
  );
  await master.createRealm(representation);
  const admin = master.withRealm(REALM_NAME);
  for (const [locale, texts] of Object.entries(localizationTexts))
    await admin.updateRealmLocalizationTexts(locale, texts);
  if (version.major >= 24 && userProfile) await admin.updateUserProfile(userProfile);
  // A built-in flow as a user leaves it after one click: an optional OTP in direct grant.
  const executions = await admin.getAuthenticationFlowExecutions('direct grant').catch((error: Error) => {
    console.log(`   (no direct grant flow to change: ${error.message})`);
    return [];
  });
  const otp = executions.find((execution) => execution.displayName === 'Direct Grant - Conditional OTP');
  if (otp)
    await admin.updateAuthenticationFlowExecutions({ ...otp, requirement: 'DISABLED' }, 'direct grant');
  if (adminPermissions) await adminPermissions(admin);
}

await main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
