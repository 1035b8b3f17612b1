/**
 * keycloak-config-cli's settings (`--keycloak.*` / `KEYCLOAK_*`, `--import.*` / `IMPORT_*`), one
 * row each: what realmform does with it. A row is honoured, passed on (ownership, for the engine),
 * noted as without effect here (with why), or refused when set to something realmform cannot do.
 * Two spellings of one setting with different values are an error, never a silent choice.
 */
import { DEFAULT_SUBSTITUTION, type SubstitutionSettings } from '../model/index.js';
import { type CommandLineProperty, canonicalName, envNamesOf } from './spring-properties.js';
import { UserError } from './user-error.js';

/** keycloak-config-cli's `import.managed.*` collections, and the manifest field each one governs. */
export const KCC_MANAGED_COLLECTIONS = {
  'required-action': 'requiredActions',
  group: 'groups',
  'sub-group': 'groups[].subGroups',
  'client-scope': 'clientScopes',
  'scope-mapping': 'scopeMappings',
  'client-scope-mapping': 'clientScopeMappings',
  component: 'components',
  'sub-component': 'components[].subComponents',
  'authentication-flow': 'authenticationFlows',
  'identity-provider': 'identityProviders',
  'identity-provider-mapper': 'identityProviderMappers',
  role: 'roles',
  client: 'clients',
  'client-authorization-resources': 'clients[].authorizationSettings.resources',
  'client-authorization-policies': 'clients[].authorizationSettings.policies',
  'client-authorization-scopes': 'clients[].authorizationSettings.scopes',
  'message-bundles': 'messageBundles',
  organization: 'organizations',
  workflow: 'workflows',
} as const;

export type KccManagedCollection = keyof typeof KCC_MANAGED_COLLECTIONS;
export type KccManagedMode = 'full' | 'no-delete';

/**
 * keycloak-config-cli's own defaults (its application.properties): `full`, except client scopes
 * and scope mappings, which it never deletes unless told to.
 */
export const KCC_MANAGED_DEFAULTS: Readonly<Partial<Record<KccManagedCollection, KccManagedMode>>> = {
  'client-scope': 'no-delete',
  'scope-mapping': 'no-delete',
};

/** Deletion settings as the user gave them (absent: not set), for the engine to map onto ownership modes. */
export interface KccOwnership {
  managed: Partial<Record<KccManagedCollection, KccManagedMode>>;
  /** `import.remote-state.enabled` (keycloak-config-cli's default: true, delete only what it created). */
  remoteState?: boolean;
}

export interface KccSettings {
  url?: string;
  loginRealm?: string;
  user?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
  grantType?: 'password' | 'client_credentials';
  sslVerify?: boolean;
  caFile?: string;
  httpProxy?: string;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  availabilityCheck: { enabled: boolean; timeoutMs: number; retryDelayMs: number };
  files: { locations?: string[]; excludes: string[]; includeHiddenFiles: boolean };
  substitution: SubstitutionSettings;
  ownership: KccOwnership;
  /** Settings that were given but change nothing here, each saying why. */
  notes: string[];
}

/** The realmform flags that say the same as a setting. */
export interface RealmformFlags {
  url?: string;
  user?: string;
  clientId?: string;
  authRealm?: string;
  caFile?: string;
  insecure?: boolean;
}

interface SettingRow {
  /** As keycloak-config-cli documents it (`keycloak.client-id`); env names follow from it. */
  property: string;
  /** Environment names realmform read before it knew keycloak-config-cli's. */
  aliases?: readonly string[];
  /** realmform's flag for the same setting, and its value in keycloak-config-cli's terms. */
  flag?: { written: string; value(flags: RealmformFlags): string | undefined };
  /** Applies a value; `name` is where it came from (`KEYCLOAK_SSLVERIFY`), for messages. */
  apply(value: string, settings: KccSettings, name: string): void;
}

function parseBoolean(value: string, name: string): boolean {
  const lower = value.trim().toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(lower)) return true;
  if (['false', 'off', 'no', '0'].includes(lower)) return false;
  throw new UserError(`${name}: "${value}" is not true or false`);
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** A Spring duration: `10s`, `500ms`, `2m`, ISO-8601 `PT1M30S`; a bare number is milliseconds. */
export function parseSpringDuration(value: string, name: string): number {
  const text = value.trim();
  const simple = /^(\d+)(ns|us|ms|s|m|h|d)?$/i.exec(text);
  if (simple) return Number(simple[1]) * (DURATION_UNITS[(simple[2] ?? 'ms').toLowerCase()] as number);
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
  if (iso && text.length > 1 && !/T$/i.test(text))
    return Math.round(
      Number(iso[1] ?? 0) * 86_400_000 +
        Number(iso[2] ?? 0) * 3_600_000 +
        Number(iso[3] ?? 0) * 60_000 +
        Number(iso[4] ?? 0) * 1_000,
    );
  throw new UserError(`${name}: "${value}" is not a duration (e.g. 10s, 500ms, 2m, PT30S)`);
}

function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function warnIfOnCommandLine(settings: KccSettings, name: string): void {
  if (name.startsWith('--'))
    settings.notes.push(
      `${name} on the command line is visible to other users of the machine; prefer the environment`,
    );
}

const flag = (written: string, value: (flags: RealmformFlags) => string | undefined) => ({ written, value });

/** Without effect here: a note, so that nobody believes it did something. */
const noEffect =
  (why: string) =>
  (_value: string, settings: KccSettings, name: string): void => {
    settings.notes.push(`${name} has no effect in realmform: ${why}`);
  };

/** Accepted at its harmless value(s); any other value is refused, with what to do instead. */
const refusedUnless =
  (accepted: (value: string, name: string) => boolean, why: string) =>
  (value: string, _settings: KccSettings, name: string): void => {
    if (!accepted(value, name)) throw new UserError(`${name}=${value} is not supported: ${why}`);
  };

const isFalse = (value: string, name: string) => !parseBoolean(value, name);

// Object.keys loses the key type; the object literal above is the one list of names.
const MANAGED_NAMES = Object.keys(KCC_MANAGED_COLLECTIONS) as KccManagedCollection[];

const MANAGED_ROWS: SettingRow[] = MANAGED_NAMES.map((collection) => ({
  property: `import.managed.${collection}`,
  apply(value, settings, name) {
    const mode = value.trim().toLowerCase().replace(/_/g, '-');
    if (mode !== 'full' && mode !== 'no-delete')
      throw new UserError(`${name}: "${value}" is not full or no-delete`);
    settings.ownership.managed[collection] = mode;
  },
}));

export const KCC_SETTINGS: readonly SettingRow[] = [
  {
    property: 'keycloak.url',
    flag: flag('--url', (flags) => flags.url),
    apply: (value, settings) => {
      settings.url = value;
    },
  },
  {
    property: 'keycloak.login-realm',
    aliases: ['KEYCLOAK_AUTH_REALM'],
    flag: flag('--auth-realm', (flags) => flags.authRealm),
    apply: (value, settings) => {
      settings.loginRealm = value;
    },
  },
  {
    property: 'keycloak.user',
    flag: flag('--user', (flags) => flags.user),
    apply: (value, settings) => {
      settings.user = value;
    },
  },
  {
    property: 'keycloak.password',
    apply: (value, settings, name) => {
      settings.password = value;
      warnIfOnCommandLine(settings, name);
    },
  },
  {
    property: 'keycloak.client-id',
    flag: flag('--client-id', (flags) => flags.clientId),
    apply: (value, settings) => {
      settings.clientId = value;
    },
  },
  {
    property: 'keycloak.client-secret',
    apply: (value, settings, name) => {
      settings.clientSecret = value;
      warnIfOnCommandLine(settings, name);
    },
  },
  {
    property: 'keycloak.grant-type',
    apply: (value, settings, name) => {
      if (value !== 'password' && value !== 'client_credentials')
        throw new UserError(`${name}: "${value}" is not password or client_credentials`);
      settings.grantType = value;
    },
  },
  {
    property: 'keycloak.ssl-verify',
    flag: flag('--insecure', (flags) => (flags.insecure ? 'false' : undefined)),
    apply: (value, settings, name) => {
      settings.sslVerify = parseBoolean(value, name);
    },
  },
  {
    property: 'keycloak.http-proxy',
    apply: (value, settings) => {
      settings.httpProxy = value;
    },
  },
  {
    property: 'keycloak.connect-timeout',
    apply: (value, settings, name) => {
      settings.connectTimeoutMs = parseSpringDuration(value, name);
    },
  },
  {
    property: 'keycloak.read-timeout',
    apply: (value, settings, name) => {
      settings.readTimeoutMs = parseSpringDuration(value, name);
    },
  },
  {
    property: 'keycloak.availability-check.enabled',
    apply: (value, settings, name) => {
      settings.availabilityCheck.enabled = parseBoolean(value, name);
    },
  },
  {
    property: 'keycloak.availability-check.timeout',
    apply: (value, settings, name) => {
      settings.availabilityCheck.timeoutMs = parseSpringDuration(value, name);
    },
  },
  {
    property: 'keycloak.availability-check.retry-delay',
    apply: (value, settings, name) => {
      settings.availabilityCheck.retryDelayMs = parseSpringDuration(value, name);
    },
  },
  {
    property: 'keycloak.skip-server-info',
    apply: noEffect(
      'realmform reads the server info (version, providers) to plan; if the login may not, a plan says so',
    ),
  },
  // keycloak-config-cli's build-time Keycloak version; realmform asks the server. Silent: some
  // environments set KEYCLOAK_VERSION for other tools.
  { property: 'keycloak.version', apply: () => undefined },
  {
    property: 'keycloak.tls.truststore-path',
    apply: (value, _settings, name) => {
      throw new UserError(
        `${name}=${value} is not supported: realmform reads PEM, not Java trust stores; export the certificates (\`keytool -exportcert -rfc …\` or \`openssl pkcs12 -in … -nokeys\`) and pass them with --ca-file`,
      );
    },
  },
  {
    property: 'keycloak.tls.keystore-path',
    apply: (value, _settings, name) => {
      throw new UserError(
        `${name}=${value} is not supported: realmform does not log in with client certificates`,
      );
    },
  },
  // Without their paths, which are refused above, these say nothing.
  { property: 'keycloak.tls.truststore-password', apply: () => undefined },
  { property: 'keycloak.tls.truststore-type', apply: () => undefined },
  { property: 'keycloak.tls.keystore-password', apply: () => undefined },
  { property: 'keycloak.tls.keystore-type', apply: () => undefined },
  {
    property: 'import.files.locations',
    apply: (value, settings) => {
      settings.files.locations = parseList(value);
    },
  },
  {
    property: 'import.files.excludes',
    apply: (value, settings) => {
      settings.files.excludes = parseList(value);
    },
  },
  {
    property: 'import.files.include-hidden-files',
    apply: (value, settings, name) => {
      settings.files.includeHiddenFiles = parseBoolean(value, name);
    },
  },
  { property: 'import.files.code-point-limit', apply: () => undefined },
  {
    property: 'import.validate',
    apply: (value, settings, name) => {
      if (!parseBoolean(value, name)) noEffect('realmform always validates the files')(value, settings, name);
    },
  },
  { property: 'import.parallel', apply: () => undefined },
  {
    property: 'import.cache.enabled',
    apply: noEffect(
      'realmform keeps no cache of imported files; it compares them with the live realm on every run',
    ),
  },
  {
    property: 'import.cache.key',
    apply: noEffect(
      'realmform keeps no cache of imported files; it compares them with the live realm on every run',
    ),
  },
  {
    property: 'import.behaviors.checksum-with-cache-key',
    apply: noEffect('realmform keeps no checksums; it compares the files with the live realm on every run'),
  },
  {
    property: 'import.behaviors.checksum-changed',
    apply: refusedUnless(
      (value) => value.trim().toLowerCase() === 'continue',
      'realmform keeps no checksums; to stop when the files changed, run `realmform plan --detailed-exitcode`',
    ),
  },
  {
    property: 'import.behaviors.sync-user-federation',
    apply: refusedUnless(
      isFalse,
      "realmform does not start user federation syncs; use the provider's periodic sync",
    ),
  },
  {
    property: 'import.behaviors.remove-default-role-from-user',
    apply: refusedUnless(
      isFalse,
      'realmform never removes default-roles-<realm> from a user that does not list it',
    ),
  },
  {
    property: 'import.behaviors.skip-attributes-for-federated-user',
    apply: refusedUnless(isFalse, 'declare only the attributes the federation does not own'),
  },
  {
    property: 'import.behaviors.user-update-ignored-properties',
    apply: (value, _settings, name) => {
      throw new UserError(
        `${name}=${value} is not supported: realmform compares only the user fields a file declares, so leave out what it must not update`,
      );
    },
  },
  {
    property: 'import.var-substitution.enabled',
    apply: (value, settings, name) => {
      settings.substitution.enabled = parseBoolean(value, name);
    },
  },
  {
    property: 'import.var-substitution.nested',
    apply: (value, settings, name) => {
      settings.substitution.nested = parseBoolean(value, name);
    },
  },
  {
    property: 'import.var-substitution.undefined-is-error',
    apply: (value, settings, name) => {
      settings.substitution.undefinedIsError = parseBoolean(value, name);
    },
  },
  {
    property: 'import.var-substitution.prefix',
    apply: (value, settings, name) => {
      if (value === '') throw new UserError(`${name} is empty`);
      settings.substitution.prefix = value;
    },
  },
  {
    property: 'import.var-substitution.suffix',
    apply: (value, settings, name) => {
      if (value === '') throw new UserError(`${name} is empty`);
      settings.substitution.suffix = value;
    },
  },
  {
    property: 'import.var-substitution.script-evaluation-enabled',
    apply: refusedUnless(
      isFalse,
      'realmform does not evaluate JavaScript; compute the value in the pipeline and pass it with $(env:NAME)',
    ),
  },
  {
    property: 'import.remote-state.enabled',
    apply: (value, settings, name) => {
      settings.ownership.remoteState = parseBoolean(value, name);
    },
  },
  {
    property: 'import.remote-state.encryption-key',
    apply: noEffect('realmform records only the names of the objects it created, nothing worth encrypting'),
  },
  {
    property: 'import.remote-state.encryption-salt',
    apply: noEffect('realmform records only the names of the objects it created, nothing worth encrypting'),
  },
  // realmform's user entries are exact, as keycloak-config-cli's with merge off (its default):
  // merging would keep what a file no longer lists, which no ownership mode expresses.
  {
    property: 'import.users.merge-roles',
    apply: refusedUnless(
      isFalse,
      "realmform makes a user's listed realmRoles and clientRoles exact (roles not listed are removed, except default-roles-<realm> and uma_protection); list every role the user keeps, or leave realmRoles/clientRoles out of that user to leave its roles alone",
    ),
  },
  {
    property: 'import.users.merge-groups',
    apply: refusedUnless(
      isFalse,
      "realmform makes a user's listed groups exact (memberships not listed are removed, except default groups); list every group the user keeps, or leave groups out of that user to leave its memberships alone",
    ),
  },
  ...MANAGED_ROWS,
];

export interface SettingSources {
  /** Only the settings under this prefix (a command that does not connect reads only `import`). */
  scope?: 'keycloak' | 'import';
  flags?: RealmformFlags;
  env: Readonly<Record<string, string | undefined>>;
  /** `--keycloak.url=…` arguments, by canonical name. */
  args?: ReadonlyMap<string, CommandLineProperty>;
  /** Config-tree properties, by canonical name (lowest precedence, as in Spring). */
  configTree?: ReadonlyMap<string, string>;
}

interface Given {
  name: string;
  value: string;
}

/** One value from a set of spellings, or a conflict error when they disagree. */
function agree(given: readonly Given[]): Given | undefined {
  const [first, ...others] = given;
  const other = others.find((candidate) => candidate.value !== first?.value);
  if (first && other)
    throw new UserError(
      `Conflicting settings: ${first.name} and ${other.name} are both set, to different values; keep one`,
    );
  return first;
}

function settingValue(row: SettingRow, sources: SettingSources): Given | undefined {
  const key = canonicalName(row.property);
  const fromFlag = row.flag && sources.flags ? row.flag.value(sources.flags) : undefined;
  const argument = sources.args?.get(key);
  const commandLine = agree([
    ...(fromFlag === undefined || !row.flag ? [] : [{ name: row.flag.written, value: fromFlag }]),
    ...(argument ? [{ name: argument.written, value: argument.value }] : []),
  ]);
  if (commandLine) return commandLine;
  const names = [...new Set([...envNamesOf(row.property), ...(row.aliases ?? [])])];
  // An empty variable counts as unset (`KEYCLOAK_USER=` in a pipeline means "none").
  const fromEnv = agree(
    names.flatMap((name) => {
      const value = sources.env[name];
      return value === undefined || value === '' ? [] : [{ name, value }];
    }),
  );
  if (fromEnv) return fromEnv;
  const tree = sources.configTree?.get(key);
  return tree === undefined ? undefined : { name: `${row.property} (config tree)`, value: tree };
}

const KNOWN = new Set(KCC_SETTINGS.map((row) => canonicalName(row.property)));
const SPRING_ONLY = new Set(['spring.config.import']);

/** Reads every setting from flags, arguments, environment and config trees. */
export function resolveKccSettings(sources: SettingSources): KccSettings {
  const settings: KccSettings = {
    availabilityCheck: { enabled: false, timeoutMs: 120_000, retryDelayMs: 2_000 },
    files: { excludes: [], includeHiddenFiles: false },
    substitution: { ...DEFAULT_SUBSTITUTION },
    ownership: { managed: {} },
    notes: [],
  };
  if (sources.flags?.caFile) settings.caFile = sources.flags.caFile;
  for (const [key, argument] of sources.args ?? []) {
    if (KNOWN.has(key) || SPRING_ONLY.has(key)) continue;
    if (/^(keycloak|import)\./.test(key))
      throw new UserError(`${argument.written} is not a keycloak-config-cli setting realmform knows`);
    settings.notes.push(`${argument.written} has no effect in realmform`);
  }
  for (const row of KCC_SETTINGS) {
    if (sources.scope && !row.property.startsWith(`${sources.scope}.`)) continue;
    const given = settingValue(row, sources);
    if (given) row.apply(given.value, settings, given.name);
  }
  return settings;
}
