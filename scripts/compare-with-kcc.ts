/**
 * keycloak-config-cli and realmform, side by side: the same realm files, the same environment,
 * applied by each tool to the same throwaway Keycloak one after the other (the realms are deleted
 * in between), then both realms read back and compared.
 *
 *   node --import tsx scripts/compare-with-kcc.ts --jar /path/to/keycloak-config-cli.jar
 *
 * keycloak-config-cli is not on Maven Central; build its jar from its source (outside this
 * repository), against the Keycloak version compared here:
 *
 *   git clone https://github.com/adorsys/keycloak-config-cli /tmp/kcc && cd /tmp/kcc
 *   JAVA_HOME=<a JDK 21+> mvn -B -q -DskipTests -Dkeycloak.version=26.5.6 \
 *     -Dmaven.gitcommitid.skip=true -Dcheckstyle.skip=true package
 *   # → target/keycloak-config-cli.jar
 *
 * Options: `--jar <file>` (or KCC_JAR), `--java-home <dir>` (a JDK 21+ for the jar), `--keycloak
 * <version>` (default 26.5.6), `--out <file>` (the comparison as JSON), `--env NAME=VALUE`
 * (repeatable: a setting given to both tools in every job), `--kcc-env NAME=VALUE` (to
 * keycloak-config-cli only, e.g. IMPORT_USERS_MERGEGROUPS=true, which realmform refuses).
 * Not part of `npm test`: it needs the jar and takes a few minutes.
 *
 * Each job is a set of files with the environment a pipeline would give both tools. A realm is
 * compared by its partial export (ids, timestamps and each tool's own bookkeeping attributes left
 * out, lists keyed by name), its users (fields, groups, role mappings, credential types) and the
 * hash of each client secret. Then realmform plans the files against keycloak-config-cli's realm:
 * "No changes" means realmform would leave that realm as it is.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { KeycloakAdmin } from '../src/client/index.js';
import { normalizeExport } from '../src/export/minimize.js';
import { type KeycloakServer, provideKeycloak } from '../src/local/provide-keycloak.js';

const ROOT = resolve(import.meta.dirname, '..');
const HERE = join(ROOT, 'scripts', 'compare-with-kcc');

interface Job {
  name: string;
  files: string[];
  env: Record<string, string>;
}

/** The jobs: the project's example (realmform's `${…}` spelling) and files written in keycloak-config-cli's. */
const JOBS: Job[] = [
  {
    name: 'examples/realms',
    files: [join(ROOT, 'examples', 'realms', 'shop.yaml')],
    // The example uses `${env:NAME:-default}`: keycloak-config-cli reads it with this prefix.
    env: { IMPORT_VARSUBSTITUTION_PREFIX: '${', IMPORT_VARSUBSTITUTION_SUFFIX: '}' },
  },
  {
    name: 'scripts/compare-with-kcc/realms',
    files: [join(HERE, 'realms', '10-library.json'), join(HERE, 'realms', '20-clinic.yaml')],
    env: { COMPARE_SECRETS: join(HERE, 'secrets'), LIBRARY_TITLE: 'City library (compared)' },
  },
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Attributes each tool keeps for itself: keycloak-config-cli's remote state, realmform's record and lock. */
function isBookkeeping(attribute: string): boolean {
  return attribute.startsWith('de.adorsys.keycloak.config') || attribute.startsWith('realmform.');
}

const KEYS = ['name', 'alias', 'clientId', 'username', 'flowAlias', 'authenticator', 'providerId', 'subType'];

/** A list's identity for each item, when every item has one (else the order is kept: it may matter). */
function keyOf(item: Json): string | undefined {
  if (typeof item === 'string') return item;
  if (!isObject(item)) return undefined;
  const parts = KEYS.map((key) => item[key]).filter((value) => typeof value === 'string');
  return parts.length > 0 ? parts.join('/') : undefined;
}

function canonical(value: Json, key?: string): Json {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item));
    if (key === 'authenticationExecutions') return items;
    const keys = items.map(keyOf);
    if (keys.every((k) => k !== undefined))
      return items
        .map((item, index) => ({ item, k: keys[index] as string }))
        .sort((a, b) => a.k.localeCompare(b.k))
        .map(({ item }) => item);
    return items;
  }
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const field of Object.keys(value).sort()) {
    if (key === 'attributes' && isBookkeeping(field)) continue;
    out[field] = canonical(value[field] as Json, field);
  }
  return out;
}

/** Paths where two values differ, each with both sides (shortened). */
function differences(a: Json | undefined, b: Json | undefined, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (isObject(a) && isObject(b)) {
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return fields.flatMap((field) => differences(a[field], b[field], path ? `${path}.${field}` : field));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const keysA = a.map(keyOf);
    const keysB = b.map(keyOf);
    if (keysA.every((k) => k !== undefined) && keysB.every((k) => k !== undefined)) {
      const all = [...new Set([...(keysA as string[]), ...(keysB as string[])])];
      return all.flatMap((k) =>
        differences(a[keysA.indexOf(k)], b[keysB.indexOf(k)], `${path}[${JSON.stringify(k)}]`),
      );
    }
    if (a.length === b.length)
      return a.flatMap((item, index) => differences(item, b[index], `${path}[${index}]`));
  }
  const show = (value: Json | undefined) =>
    value === undefined ? '(absent)' : JSON.stringify(value).slice(0, 160);
  return [`${path}: keycloak-config-cli ${show(a)} | realmform ${show(b)}`];
}

/** Identity-provider flags whose absence means false (Keycloak lists them only when set). */
const IDP_FALSE_FLAGS = [
  'addReadTokenRoleOnCreate',
  'authenticateByDefault',
  'hideOnLogin',
  'linkOnly',
  'storeToken',
];

/**
 * Differences that are not differences, each counted so that the report shows what was set
 * aside: an execution's priority becomes its rank in its flow (keycloak-config-cli numbers
 * executions itself, keeping their order); an identity-provider flag that is false is dropped
 * (one tool sends it, the other leaves it out); a realm attribute that mirrors a top-level realm
 * field is dropped (the field is compared).
 */
function setAside(exported: JsonObject, counts: Record<string, number>): JsonObject {
  const count = (what: string) => {
    counts[what] = (counts[what] ?? 0) + 1;
  };
  for (const flow of (exported.authenticationFlows ?? []) as JsonObject[]) {
    const executions = (flow.authenticationExecutions ?? []) as JsonObject[];
    executions.sort((a, b) => Number(a.priority ?? 0) - Number(b.priority ?? 0));
    executions.forEach((execution, rank) => {
      if (execution.priority !== rank && flow.builtIn !== true)
        count('execution priorities (flows of the files) compared as rank in the flow');
      execution.priority = rank;
    });
  }
  for (const provider of (exported.identityProviders ?? []) as JsonObject[])
    for (const flag of IDP_FALSE_FLAGS)
      if (provider[flag] === false) {
        delete provider[flag];
        count('identity-provider flags false ≡ absent');
      }
  const attributes = exported.attributes;
  if (isObject(attributes))
    for (const name of Object.keys(attributes))
      if (name in exported) {
        delete attributes[name];
        count('realm attributes mirroring a top-level realm field');
      }
  return exported;
}

/** What the comparison reads of one realm. */
async function snapshot(
  admin: KeycloakAdmin,
  realm: string,
  counts: Record<string, number>,
): Promise<JsonObject> {
  const view = admin.withRealm(realm);
  const exported = normalizeExport(
    (await view.exportRealm({ exportClients: true, exportGroupsAndRoles: true })) as Record<string, unknown>,
  ) as JsonObject;
  setAside(exported, counts);
  const users: JsonObject[] = [];
  for (const user of await view.getUsers({ briefRepresentation: false })) {
    const id = user.id ?? '';
    const mappings = await view.getUserRoleMappings(id);
    users.push({
      username: user.username ?? '',
      enabled: user.enabled ?? null,
      email: user.email ?? null,
      emailVerified: user.emailVerified ?? null,
      firstName: user.firstName ?? null,
      lastName: user.lastName ?? null,
      attributes: (user.attributes ?? {}) as Json,
      requiredActions: [...(user.requiredActions ?? [])].sort(),
      groups: (await view.getUserGroups(id)).map((group) => group.path ?? '').sort(),
      realmRoles: (mappings.realmMappings ?? []).map((role) => role.name ?? '').sort(),
      clientRoles: Object.fromEntries(
        Object.entries(mappings.clientMappings ?? {})
          .map(
            ([client, entry]) =>
              [client, (entry.mappings ?? []).map((role) => role.name ?? '').sort()] as const,
          )
          .sort(([x], [y]) => x.localeCompare(y)),
      ),
      credentials: (await view.getCredentials(id)).map((credential) => credential.type ?? '').sort(),
    });
  }
  // Secrets are masked in the export: compare a hash of each confidential client's secret.
  const secrets: JsonObject = {};
  for (const client of await view.getClients()) {
    if (client.publicClient || client.bearerOnly || !client.id) continue;
    const value = (await view.getClientSecrets(client.id)).value ?? '';
    secrets[client.clientId ?? ''] = createHash('sha256').update(value).digest('hex').slice(0, 16);
  }
  return canonical({ export: exported, users, clientSecretHashes: secrets }) as JsonObject;
}

interface Run {
  code: number;
  output: string;
}

function run(command: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done, fail) => {
    // An empty value unsets the variable (keycloak-config-cli refuses a blank client id).
    const merged = Object.fromEntries(
      Object.entries({ ...process.env, NO_COLOR: '1', ...env }).filter(([, value]) => value !== ''),
    );
    const child = spawn(command, args, { cwd: ROOT, env: merged });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, output }));
  });
}

function realmOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  const document = (file.endsWith('.json') ? null : parseYaml(text)) as { realm?: unknown } | null;
  const name = document?.realm ?? /"realm"\s*:\s*"([^"]+)"/.exec(text)?.[1];
  if (typeof name !== 'string') throw new Error(`${file}: no realm name`);
  return name;
}

/** A JDK for keycloak-config-cli (it needs Java 21 or newer): JAVA_HOME, or one under /usr/lib/jvm. */
function kccJavaHome(): string {
  const major = (home: string) => {
    const release = join(home, 'release');
    if (!existsSync(release)) return 0;
    return Number(/JAVA_VERSION="(\d+)/.exec(readFileSync(release, 'utf8'))?.[1] ?? 0);
  };
  const roots = existsSync('/usr/lib/jvm')
    ? readdirSync('/usr/lib/jvm').map((entry) => join('/usr/lib/jvm', entry))
    : [];
  const found = [process.env.JAVA_HOME ?? '', ...roots].find((home) => home !== '' && major(home) >= 21);
  if (!found) throw new Error('keycloak-config-cli needs Java 21 or newer: pass --java-home');
  return found;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      jar: { type: 'string' },
      keycloak: { type: 'string' },
      out: { type: 'string' },
      'java-home': { type: 'string' },
      env: { type: 'string', multiple: true },
      'kcc-env': { type: 'string', multiple: true },
    },
  });
  const jar = values.jar ?? process.env.KCC_JAR;
  if (!jar || !existsSync(jar))
    throw new Error(
      'Pass --jar <keycloak-config-cli.jar> (or KCC_JAR); see the comment at the top of this script',
    );
  const version = values.keycloak ?? '26.5.6';
  const javaHome = values['java-home'] ?? kccJavaHome();
  const settings = (list: string[] | undefined) =>
    Object.fromEntries(
      (list ?? []).map((setting) => {
        const at = setting.indexOf('=');
        if (at < 1) throw new Error(`--env and --kcc-env take NAME=VALUE, not "${setting}"`);
        return [setting.slice(0, at), setting.slice(at + 1)];
      }),
    );
  const extra = settings(values.env);
  const kccOnly = settings(values['kcc-env']);

  // A throwaway server of its own, whatever KEYCLOAK_URL says.
  delete process.env.KEYCLOAK_URL;
  let server: KeycloakServer | undefined;
  const report: JsonObject = { keycloak: version, env: extra, kccEnv: kccOnly, jobs: [] };
  let different = 0;
  try {
    server = await provideKeycloak({
      version,
      noDocker: true,
      log: (line) => console.log(`[keycloak] ${line}`),
    });
    const admin = new KeycloakAdmin({
      serverUrl: server.url,
      username: server.username,
      password: server.password,
    });
    const connection = {
      KEYCLOAK_URL: server.url,
      KEYCLOAK_USER: server.username,
      KEYCLOAK_PASSWORD: server.password,
      KEYCLOAK_CLIENT_ID: '',
      KEYCLOAK_CLIENT_SECRET: '',
      KEYCLOAK_CLIENTID: '',
      KEYCLOAK_CLIENTSECRET: '',
      KEYCLOAK_AVAILABILITYCHECK_ENABLED: 'true',
      KEYCLOAK_AVAILABILITYCHECK_TIMEOUT: '60s',
      IMPORT_VARSUBSTITUTION_ENABLED: 'true',
    };
    const realmform = ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')];
    for (const job of JOBS) {
      const env = { ...connection, ...job.env, ...extra, IMPORT_FILES_LOCATIONS: job.files.join(',') };
      const realms = job.files.map(realmOf);
      console.log(`\n== ${job.name}: ${realms.join(', ')}`);
      const clean = async () => {
        for (const realm of realms) if (await admin.realmExists(realm)) await admin.deleteRealm(realm);
      };
      await clean();

      const kcc = await run(join(javaHome, 'bin', 'java'), ['-jar', jar], {
        ...env,
        ...kccOnly,
        JAVA_HOME: javaHome,
      });
      console.log(`keycloak-config-cli: exit ${kcc.code}`);
      if (kcc.code !== 0) throw new Error(`keycloak-config-cli failed:\n${kcc.output.slice(-4000)}`);
      const kccCounts: Record<string, number> = {};
      const realmformCounts: Record<string, number> = {};
      const fromKcc = new Map<string, JsonObject>();
      for (const realm of realms) fromKcc.set(realm, await snapshot(admin, realm, kccCounts));
      const planOnKcc = await run(process.execPath, [...realmform, 'plan', '--detailed-exitcode'], env);
      const planSummary = planOnKcc.output
        .split('\n')
        .filter((line) => /^(No changes|Plan:|Total:|Error)/.test(line.trim()))
        .join(' / ');
      console.log(`realmform plan on keycloak-config-cli's realms: exit ${planOnKcc.code} (${planSummary})`);
      await clean();

      const applied = await run(process.execPath, [...realmform, 'apply', '--auto-approve'], env);
      console.log(`realmform apply: exit ${applied.code}`);
      if (applied.code !== 0) throw new Error(`realmform apply failed:\n${applied.output.slice(-4000)}`);
      const jobReport: JsonObject = {
        name: job.name,
        kccExit: kcc.code,
        realmformPlanOnKccRealm: { exit: planOnKcc.code, summary: planSummary, output: planOnKcc.output },
        realmformExit: applied.code,
        realms: {},
      };
      for (const realm of realms) {
        const found = differences(fromKcc.get(realm), await snapshot(admin, realm, realmformCounts));
        different += found.length;
        (jobReport.realms as JsonObject)[realm] = found;
        console.log(`realm ${realm}: ${found.length === 0 ? 'the same' : `${found.length} difference(s)`}`);
        for (const line of found) console.log(`  ${line}`);
      }
      jobReport.setAside = { keycloakConfigCli: kccCounts, realmform: realmformCounts };
      console.log(`set aside (keycloak-config-cli's realms): ${JSON.stringify(kccCounts)}`);
      console.log(`set aside (realmform's realms): ${JSON.stringify(realmformCounts)}`);
      (report.jobs as Json[]).push(jobReport);
      await clean();
    }
    await admin.close();
  } finally {
    await server?.stop();
  }
  if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${different === 0 ? 'Same realms.' : `${different} difference(s).`}`);
  process.exitCode = different === 0 ? 0 : 2;
}

main().catch((error: Error) => {
  console.error(`Error: ${error.message}`);
  process.exitCode = 1;
});
