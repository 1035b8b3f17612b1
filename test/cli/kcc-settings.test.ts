/** keycloak-config-cli's settings, row by row: each spelling, each effect, each refusal. */
import { describe, expect, it } from 'vitest';
import {
  KCC_MANAGED_COLLECTIONS,
  type KccSettings,
  parseSpringDuration,
  resolveKccSettings,
  type SettingSources,
} from '../../src/cli/kcc-settings.js';
import { takeSpringArguments } from '../../src/cli/spring-properties.js';

function resolve(env: Record<string, string>, argv: string[] = [], extra: Partial<SettingSources> = {}) {
  return resolveKccSettings({ env, args: takeSpringArguments(argv).properties, ...extra });
}

describe('each setting, from its environment variable and from its Spring argument', () => {
  const rows: { env: Record<string, string>; arg: string; expected: Partial<KccSettings> }[] = [
    {
      env: { KEYCLOAK_URL: 'https://kc' },
      arg: '--keycloak.url=https://kc',
      expected: { url: 'https://kc' },
    },
    {
      env: { KEYCLOAK_LOGINREALM: 'ops' },
      arg: '--keycloak.login-realm=ops',
      expected: { loginRealm: 'ops' },
    },
    { env: { KEYCLOAK_USER: 'root' }, arg: '--keycloak.user=root', expected: { user: 'root' } },
    { env: { KEYCLOAK_PASSWORD: 'pw' }, arg: '--keycloak.password=pw', expected: { password: 'pw' } },
    { env: { KEYCLOAK_CLIENTID: 'ci' }, arg: '--keycloak.client-id=ci', expected: { clientId: 'ci' } },
    {
      env: { KEYCLOAK_CLIENTSECRET: 's' },
      arg: '--keycloak.client-secret=s',
      expected: { clientSecret: 's' },
    },
    {
      env: { KEYCLOAK_GRANTTYPE: 'client_credentials' },
      arg: '--keycloak.grant-type=client_credentials',
      expected: { grantType: 'client_credentials' },
    },
    {
      env: { KEYCLOAK_SSLVERIFY: 'false' },
      arg: '--keycloak.ssl-verify=false',
      expected: { sslVerify: false },
    },
    {
      env: { KEYCLOAK_HTTPPROXY: 'http://proxy:3128' },
      arg: '--keycloak.http-proxy=http://proxy:3128',
      expected: { httpProxy: 'http://proxy:3128' },
    },
    {
      env: { KEYCLOAK_CONNECTTIMEOUT: '5s' },
      arg: '--keycloak.connect-timeout=5s',
      expected: { connectTimeoutMs: 5_000 },
    },
    {
      env: { KEYCLOAK_READTIMEOUT: 'PT1M' },
      arg: '--keycloak.read-timeout=PT1M',
      expected: { readTimeoutMs: 60_000 },
    },
    {
      env: {
        KEYCLOAK_AVAILABILITYCHECK_ENABLED: 'true',
        KEYCLOAK_AVAILABILITYCHECK_TIMEOUT: '30s',
        KEYCLOAK_AVAILABILITYCHECK_RETRYDELAY: '500ms',
      },
      arg: '--keycloak.availability-check.enabled=true',
      expected: { availabilityCheck: { enabled: true, timeoutMs: 30_000, retryDelayMs: 500 } },
    },
    {
      env: { IMPORT_FILES_LOCATIONS: 'a/*.json, b/**/*.yaml' },
      arg: '--import.files.locations=a/*.json,b/**/*.yaml',
      expected: {
        files: { locations: ['a/*.json', 'b/**/*.yaml'], excludes: [], includeHiddenFiles: false },
      },
    },
    {
      env: { IMPORT_FILES_EXCLUDES: '**/*.bak', IMPORT_FILES_INCLUDEHIDDENFILES: 'true' },
      arg: '--import.files.excludes=**/*.bak',
      expected: { files: { excludes: ['**/*.bak'], includeHiddenFiles: true } },
    },
    {
      env: {
        IMPORT_VARSUBSTITUTION_ENABLED: 'false',
        IMPORT_VARSUBSTITUTION_NESTED: 'false',
        IMPORT_VARSUBSTITUTION_UNDEFINEDISERROR: 'false',
        IMPORT_VARSUBSTITUTION_PREFIX: '${',
        IMPORT_VARSUBSTITUTION_SUFFIX: '}',
      },
      arg: '--import.var-substitution.enabled=false',
      expected: {
        substitution: { enabled: false, nested: false, undefinedIsError: false, prefix: '${', suffix: '}' },
      },
    },
    {
      env: {
        IMPORT_MANAGED_GROUP: 'no-delete',
        IMPORT_REMOTESTATE_ENABLED: 'false',
        IMPORT_MANAGED_CLIENTSCOPE: 'FULL',
        IMPORT_MANAGED_AUTHENTICATIONFLOW: 'NO_DELETE',
        IMPORT_USERS_MERGEGROUPS: 'false',
      },
      arg: '--import.managed.group=no-delete',
      expected: {
        ownership: {
          remoteState: false,
          managed: { group: 'no-delete', 'client-scope': 'full', 'authentication-flow': 'no-delete' },
        },
      },
    },
  ];

  it.each(rows)('$arg', ({ env, expected }) => {
    expect(resolve(env)).toMatchObject(expected);
  });

  it.each(rows)('$arg as an argument', ({ arg, env, expected }) => {
    const [key] = Object.keys(expected) as (keyof KccSettings)[];
    const fromArgument = resolve({}, [arg]);
    const fromEnv = resolve(Object.fromEntries(Object.entries(env).slice(0, 1)));
    expect(fromArgument[key as keyof KccSettings]).toEqual(fromEnv[key as keyof KccSettings]);
  });

  it('reads realmform names and the legacy Spring spellings too', () => {
    expect(
      resolve({ KEYCLOAK_CLIENT_ID: 'a', KEYCLOAK_CLIENT_SECRET: 'b', KEYCLOAK_AUTH_REALM: 'r' }),
    ).toMatchObject({
      clientId: 'a',
      clientSecret: 'b',
      loginRealm: 'r',
    });
    expect(resolve({ KEYCLOAK_LOGIN_REALM: 'r2', IMPORT_FILES_INCLUDE_HIDDEN_FILES: 'true' })).toMatchObject({
      loginRealm: 'r2',
      files: { includeHiddenFiles: true },
    });
  });

  it('has a row for every import.managed collection', () => {
    const env = Object.fromEntries(
      Object.keys(KCC_MANAGED_COLLECTIONS).map((name) => [
        `IMPORT_MANAGED_${name.replace(/-/g, '').toUpperCase()}`,
        'no-delete',
      ]),
    );
    expect(Object.keys(resolve(env).ownership.managed).sort()).toEqual(
      Object.keys(KCC_MANAGED_COLLECTIONS).sort(),
    );
  });

  it('has keycloak-config-cli defaults where nothing is set', () => {
    expect(resolve({})).toEqual({
      availabilityCheck: { enabled: false, timeoutMs: 120_000, retryDelayMs: 2_000 },
      files: { excludes: [], includeHiddenFiles: false },
      substitution: { enabled: true, prefix: '$(', suffix: ')', nested: true, undefinedIsError: true },
      ownership: { managed: {} },
      notes: [],
    });
  });
});

describe('precedence and conflicts', () => {
  it('lets flags and arguments win over the environment, and the environment over config trees', () => {
    const configTree = new Map([
      ['keycloak.url', 'https://tree'],
      ['keycloak.password', 'from-tree'],
    ]);
    expect(resolve({ KEYCLOAK_URL: 'https://env' }, [], { flags: { url: 'https://flag' } }).url).toBe(
      'https://flag',
    );
    expect(resolve({ KEYCLOAK_URL: 'https://env' }, ['--keycloak.url=https://arg']).url).toBe('https://arg');
    expect(resolve({ KEYCLOAK_URL: 'https://env' }, [], { configTree })).toMatchObject({
      url: 'https://env',
      password: 'from-tree',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(resolve({ KEYCLOAK_USER: '', KEYCLOAK_PASSWORD: '' })).not.toHaveProperty('user');
  });

  const conflicts: {
    name: string;
    env: Record<string, string>;
    argv?: string[];
    flags?: object;
    error: string;
  }[] = [
    {
      name: 'two client id spellings',
      env: { KEYCLOAK_CLIENTID: 'a', KEYCLOAK_CLIENT_ID: 'b' },
      error:
        'Conflicting settings: KEYCLOAK_CLIENTID and KEYCLOAK_CLIENT_ID are both set, to different values; keep one',
    },
    {
      name: 'two secret spellings (values never shown)',
      env: { KEYCLOAK_CLIENTSECRET: 'secret-one', KEYCLOAK_CLIENT_SECRET: 'secret-two' },
      error:
        'Conflicting settings: KEYCLOAK_CLIENTSECRET and KEYCLOAK_CLIENT_SECRET are both set, to different values; keep one',
    },
    {
      name: 'two login realm spellings',
      env: { KEYCLOAK_LOGINREALM: 'a', KEYCLOAK_AUTH_REALM: 'b' },
      error:
        'Conflicting settings: KEYCLOAK_LOGINREALM and KEYCLOAK_AUTH_REALM are both set, to different values; keep one',
    },
    {
      name: 'a flag and an argument',
      env: {},
      flags: { url: 'https://a' },
      argv: ['--keycloak.url=https://b'],
      error: 'Conflicting settings: --url and --keycloak.url are both set, to different values; keep one',
    },
    {
      name: '--insecure and ssl-verify=true',
      env: {},
      flags: { insecure: true },
      argv: ['--keycloak.ssl-verify=true'],
      error:
        'Conflicting settings: --insecure and --keycloak.ssl-verify are both set, to different values; keep one',
    },
    {
      name: 'one argument twice',
      env: {},
      argv: ['--keycloak.url=https://a', '--keycloak.url=https://b'],
      error: 'Conflicting settings: --keycloak.url is given twice with different values; keep one',
    },
  ];
  it.each(conflicts)('$name is one clear error', ({ env, argv = [], flags, error }) => {
    expect(() => resolve(env, argv, flags ? { flags } : {})).toThrow(error);
  });

  it('accepts two spellings with the same value', () => {
    expect(resolve({ KEYCLOAK_CLIENTID: 'a', KEYCLOAK_CLIENT_ID: 'a' }).clientId).toBe('a');
  });
});

describe('settings realmform cannot honour', () => {
  const refused: { env: Record<string, string>; error: RegExp }[] = [
    { env: { KEYCLOAK_TLS_TRUSTSTOREPATH: '/t.p12' }, error: /reads PEM, not Java trust stores.*--ca-file/ },
    { env: { KEYCLOAK_TLS_KEYSTOREPATH: '/k.p12' }, error: /does not log in with client certificates/ },
    { env: { IMPORT_BEHAVIORS_SYNCUSERFEDERATION: 'true' }, error: /does not start user federation syncs/ },
    { env: { IMPORT_BEHAVIORS_REMOVEDEFAULTROLEFROMUSER: 'true' }, error: /never removes default-roles/ },
    {
      env: { IMPORT_BEHAVIORS_SKIPATTRIBUTESFORFEDERATEDUSER: 'true' },
      error: /declare only the attributes/,
    },
    { env: { IMPORT_BEHAVIORS_CHECKSUMCHANGED: 'fail' }, error: /plan --detailed-exitcode/ },
    {
      env: { IMPORT_BEHAVIORS_USERUPDATEIGNOREDPROPERTIES: 'email' },
      error: /compares only the user fields a file declares/,
    },
    {
      env: { IMPORT_USERS_MERGEROLES: 'true' },
      error: /listed realmRoles and clientRoles exact.*leave realmRoles\/clientRoles out/,
    },
    {
      env: { IMPORT_USERS_MERGEGROUPS: 'true' },
      error: /listed groups exact.*leave groups out of that user/,
    },
    {
      env: { IMPORT_VARSUBSTITUTION_SCRIPTEVALUATIONENABLED: 'true' },
      error: /does not evaluate JavaScript/,
    },
    {
      env: { KEYCLOAK_GRANTTYPE: 'implicit' },
      error: /KEYCLOAK_GRANTTYPE: "implicit" is not password or client_credentials/,
    },
    { env: { KEYCLOAK_SSLVERIFY: 'maybe' }, error: /KEYCLOAK_SSLVERIFY: "maybe" is not true or false/ },
    { env: { KEYCLOAK_READTIMEOUT: 'soon' }, error: /KEYCLOAK_READTIMEOUT: "soon" is not a duration/ },
    {
      env: { IMPORT_MANAGED_CLIENT: 'partial' },
      error: /IMPORT_MANAGED_CLIENT: "partial" is not full or no-delete/,
    },
  ];
  it.each(refused)('$env', ({ env, error }) => {
    expect(() => resolve(env)).toThrow(error);
  });

  it('refuses an empty prefix', () => {
    expect(() => resolve({}, ['--import.var-substitution.prefix='])).toThrow(
      '--import.var-substitution.prefix is empty',
    );
  });

  it('accepts the harmless values of refused behaviours', () => {
    expect(() =>
      resolve({
        IMPORT_BEHAVIORS_SYNCUSERFEDERATION: 'false',
        IMPORT_BEHAVIORS_CHECKSUMCHANGED: 'continue',
        IMPORT_VARSUBSTITUTION_SCRIPTEVALUATIONENABLED: 'false',
        KEYCLOAK_TLS_TRUSTSTORETYPE: 'PKCS12',
        IMPORT_FILES_CODEPOINTLIMIT: '1000',
        IMPORT_PARALLEL: 'true',
      }),
    ).not.toThrow();
  });

  it('notes settings without effect, and secrets on the command line', () => {
    const settings = resolve(
      {
        IMPORT_CACHE_ENABLED: 'false',
        IMPORT_REMOTESTATE_ENCRYPTIONKEY: 'k',
        KEYCLOAK_SKIPSERVERINFO: 'true',
      },
      ['--keycloak.password=pw', '--logging.level.root=debug'],
    );
    expect(settings.notes).toEqual([
      '--logging.level.root has no effect in realmform',
      expect.stringMatching(/^--keycloak.password on the command line is visible to other users/),
      expect.stringMatching(
        /^KEYCLOAK_SKIPSERVERINFO has no effect in realmform: realmform reads the server info/,
      ),
      expect.stringMatching(/^IMPORT_CACHE_ENABLED has no effect in realmform/),
      expect.stringMatching(/^IMPORT_REMOTESTATE_ENCRYPTIONKEY has no effect in realmform/),
    ]);
  });

  it('refuses an unknown --keycloak. or --import. argument', () => {
    expect(() => resolve({}, ['--keycloak.urll=https://kc'])).toThrow(
      '--keycloak.urll is not a keycloak-config-cli setting realmform knows',
    );
  });

  it('reads only the settings of its scope', () => {
    expect(() =>
      resolve({ KEYCLOAK_CLIENTID: 'a', KEYCLOAK_CLIENT_ID: 'b' }, [], { scope: 'import' }),
    ).not.toThrow();
  });
});

describe('Spring durations', () => {
  it.each([
    ['10s', 10_000],
    ['500ms', 500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['250', 250],
    ['PT30S', 30_000],
    ['PT1M30S', 90_000],
    ['P1DT1H', 90_000_000],
    ['PT0.5S', 500],
  ])('%s → %d ms', (text, ms) => {
    expect(parseSpringDuration(text, 'X')).toBe(ms);
  });

  it.each(['', 'P', 'PT', '10 seconds', '-1s'])('%s is not a duration', (text) => {
    expect(() => parseSpringDuration(text, 'X')).toThrow(/is not a duration/);
  });
});
