// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${env:…}` here is manifest syntax, not a template.
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, hasErrors, loadManifests } from '../../src/model/index.js';
import { lines, writeTree } from './helpers.js';

async function load(files: Record<string, string>, env: Record<string, string> = {}) {
  const cwd = await writeTree(files);
  return loadManifests(['.'], { cwd, env });
}

function errors(result: Awaited<ReturnType<typeof load>>) {
  return result.diagnostics.filter((d) => d.severity === 'error');
}

describe('loading YAML and JSON', () => {
  it('reads a YAML file with several documents, one realm each', async () => {
    const result = await load({
      'realms.yaml': lines('realm: a', 'enabled: true', '---', 'realm: b', '---', '# empty'),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.realms.map((r) => r.realm)).toEqual(['a', 'b']);
    expect(result.realms[1]!.representation).toEqual({ realm: 'b' });
  });

  it('reads JSON with the same parser, line numbers included', async () => {
    const result = await load({
      'realm.json': lines(
        '{',
        '  "realm": "a",',
        '  "clients": [',
        '    { "clientId": "web", "enabeld": true }',
        '  ]',
        '}',
      ),
    });
    expect(errors(result)).toEqual([
      {
        severity: 'error',
        summary: 'unknown key `enabeld`, did you mean `enabled`?',
        file: 'realm.json',
        line: 4,
        column: 26,
        path: 'clients[0].enabeld',
      },
    ]);
  });

  it('reports YAML syntax errors with file and line, and keeps loading other files', async () => {
    const result = await load({
      '1.yaml': lines('realm: a', 'clients:', '  - clientId: web', ' bad: [1'),
      '2.yaml': lines('realm: b'),
    });
    const [error] = errors(result);
    expect(error).toMatchObject({
      severity: 'error',
      file: '1.yaml',
      summary: expect.stringMatching(/^syntax error: /),
    });
    expect(error!.line).toBeGreaterThanOrEqual(3);
    expect(result.realms.map((r) => r.realm)).toEqual(['b']);
  });

  it('names the real place of a JSON syntax error', async () => {
    const result = await load({
      'r.json': lines('{', '  "realm": "a",', '  "enabled": true', '  "x": 1', '}'),
    });
    expect(errors(result)).toEqual([
      {
        severity: 'error',
        summary: expect.stringMatching(/^syntax error: Expected ','/),
        file: 'r.json',
        line: 4,
        column: 3,
      },
    ]);
  });

  it('rejects duplicate keys in one mapping', async () => {
    const result = await load({ 'r.yaml': lines('realm: a', 'enabled: true', 'enabled: false') });
    expect(errors(result)[0]).toMatchObject({
      file: 'r.yaml',
      line: 3,
      summary: expect.stringMatching(/unique/),
    });
  });

  it('requires a realm name and an object document', async () => {
    const result = await load({ 'a.yaml': lines('enabled: true'), 'b.yaml': lines('- realm: x') });
    expect(errors(result).map(formatDiagnostic)).toEqual([
      'a.yaml:1: error: missing required key `realm` (at realm)',
      'b.yaml:1: error: a manifest document must be an object (a realm representation), got a list',
    ]);
  });

  it('supports YAML anchors and merge keys', async () => {
    const result = await load({
      'r.yaml': lines(
        'realm: a',
        'users:',
        '  - username: u1',
        '    attributes: &common',
        '      team: [ops]',
        '  - username: u2',
        '    attributes:',
        '      <<: *common',
        '      level: [2]',
      ),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.realms[0]!.representation.users?.[1]?.attributes).toEqual({ team: ['ops'], level: ['2'] });
    expect(result.realms[0]!.locate(['users', 1, 'attributes', 'team'])).toMatchObject({ line: 5 });
  });
});

describe('validation', () => {
  const cases: { name: string; yaml: string[]; summary: string; line: number; path: string }[] = [
    {
      name: 'unknown key with a hint',
      yaml: ['realm: a', 'displayname: A'],
      summary: 'unknown key `displayname`, did you mean `displayName`?',
      line: 2,
      path: 'displayname',
    },
    {
      name: 'unknown key without a close match',
      yaml: ['realm: a', 'clients:', '  - clientId: web', '    flavour: vanilla'],
      summary: 'unknown key `flavour`',
      line: 4,
      path: 'clients[0].flavour',
    },
    {
      name: 'wrong type',
      yaml: ['realm: a', 'clients:', '  - clientId: web', '    redirectUris: https://x'],
      summary: 'expected a list, got the string "https://x"',
      line: 4,
      path: 'clients[0].redirectUris',
    },
    {
      name: 'boolean that is not one',
      yaml: ['realm: a', 'enabled: yes'],
      summary: 'expected a boolean, got the string "yes"',
      line: 2,
      path: 'enabled',
    },
    {
      name: 'number that is not an integer',
      yaml: ['realm: a', 'accessTokenLifespan: 1.5'],
      summary: 'expected an integer, got the number 1.5',
      line: 2,
      path: 'accessTokenLifespan',
    },
    {
      name: 'missing natural key',
      yaml: ['realm: a', 'groups:', '  - name: ops', '    subGroups:', '      - path: /ops/x'],
      summary: 'missing required key `name`',
      line: 5,
      path: 'groups[0].subGroups[0].name',
    },
    {
      name: 'enum value',
      yaml: [
        'realm: a',
        'authenticationFlows:',
        '  - alias: f',
        '    authenticationExecutions:',
        '      - requirement: SOMETIMES',
      ],
      summary: 'expected one of REQUIRED, CONDITIONAL, ALTERNATIVE, DISABLED; got the string "SOMETIMES"',
      line: 5,
      path: 'authenticationFlows[0].authenticationExecutions[0].requirement',
    },
    {
      name: 'nested component',
      yaml: [
        'realm: a',
        'components:',
        '  org.keycloak.storage.UserStorageProvider:',
        '    - name: ldap',
        '      subComponents:',
        '        org.keycloak.storage.ldap.mappers.LDAPStorageMapper:',
        '          - name: m',
        '            confg: {}',
      ],
      summary: 'unknown key `confg`, did you mean `config`?',
      line: 8,
      path: 'components["org.keycloak.storage.UserStorageProvider"][0].subComponents["org.keycloak.storage.ldap.mappers.LDAPStorageMapper"][0].confg',
    },
  ];

  it.each(cases)('$name', async ({ yaml, summary, line, path }) => {
    const result = await load({ 'r.yaml': lines(...yaml) });
    expect(errors(result)).toEqual([
      { severity: 'error', summary, file: 'r.yaml', line, column: expect.any(Number), path },
    ]);
  });

  it('reports every error of every file at once', async () => {
    const result = await load({
      'a.yaml': lines('realm: a', 'enabeld: true', 'clients:', '  - clientId: 1'),
      'b.json': '{ "realm": "b", "smtpServr": {} }',
    });
    expect(errors(result).map(formatDiagnostic)).toEqual([
      'a.yaml:2: error: unknown key `enabeld`, did you mean `enabled`? (at enabeld)',
      'a.yaml:4: error: expected a string, got the integer 1 (at clients[0].clientId)',
      'b.json:1: error: unknown key `smtpServr`, did you mean `smtpServer`? (at smtpServr)',
    ]);
  });

  it('accepts what Jackson accepts: string booleans and numbers, scalars in string maps, one value for a list', async () => {
    const result = await load({
      'r.yaml': lines(
        'realm: a',
        "enabled: 'true'",
        "accessTokenLifespan: '300'",
        'smtpServer: { port: 587, ssl: true }',
        'attributes: { frontendUrl: https://x }',
        'users:',
        '  - username: u',
        '    attributes: { team: ops }',
      ),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.realms[0]!.representation).toMatchObject({
      enabled: true,
      accessTokenLifespan: 300,
      smtpServer: { port: '587', ssl: 'true' },
      users: [{ username: 'u', attributes: { team: ['ops'] } }],
    });
  });

  it('accepts a client known by name only (keycloak-config-cli), not one with neither', async () => {
    const result = await load({
      'r.yaml': lines('realm: a', 'clients:', '  - name: by-name', '  - description: none'),
    });
    expect(errors(result).map(formatDiagnostic)).toEqual([
      'r.yaml:4: error: missing required key `clientId` (or `name`, which keycloak-config-cli accepts in its place) (at clients[1].clientId)',
    ]);
  });

  it('rejects a username other than the email when the realm uses emails as usernames, across files', async () => {
    const result = await load({
      '1.yaml': lines('realm: a', 'registrationEmailAsUsername: true'),
      '2.yaml': lines(
        'realm: a',
        'users:',
        '  - { username: ann@x.de, email: Ann@X.de }',
        '  - { email: bob@x.de }',
        '  - username: carl',
        '    email: carl@x.de',
      ),
    });
    expect(errors(result).map(formatDiagnostic)).toEqual([
      '2.yaml:5: error: the realm has registrationEmailAsUsername on, so Keycloak makes the username the email ("carl@x.de"): a user named "carl" would never exist. Write the email as username, or leave username out. (at users[2].username)',
    ]);
  });

  it('accepts realm-level keys and the fields newer Keycloaks export (old and new realm files)', async () => {
    const result = await load({
      'r.yaml': lines(
        'realm: a',
        'privateKey: MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
        'publicKey: MIIBIjANBgkqhkiG9w0BAQEFAAOC',
        'certificate: MIICnTCCAYUCBgGiSAJ3PjANBgkq',
        'maxSecondaryAuthFailures: 0',
        'webAuthnPolicyResidentKey: not specified',
        'webAuthnPolicyPasswordlessResidentKey: required',
        'scimApiEnabled: false',
        'adminPermissionsClient: { id: 7b6c, clientId: admin-permissions }',
        'identityProviders: [{ alias: idp, providerId: oidc, types: [USER_AUTHENTICATION] }]',
      ),
    });
    expect(errors(result).map(formatDiagnostic)).toEqual([]);
  });

  it('rejects an authenticator config that no execution names (it would never be created)', async () => {
    const result = await load({
      'r.yaml': lines(
        'realm: a',
        'authenticationFlows:',
        '  - alias: f',
        '    topLevel: true',
        '    authenticationExecutions:',
        '      - { authenticator: identity-provider-redirector, authenticatorConfig: used, requirement: ALTERNATIVE }',
        'authenticatorConfig:',
        '  - { alias: used, config: { defaultProvider: a } }',
        '  - { alias: orphan, config: { defaultProvider: b } }',
      ),
      'only-configs.yaml': lines('realm: b', 'authenticatorConfig:', '  - alias: alone'),
    });
    expect(errors(result).map(formatDiagnostic)).toEqual([
      'only-configs.yaml:3: error: authenticator config "alone" is not named by any execution (`authenticatorConfig` of an execution in authenticationFlows), so it would never be created: name it in the execution it configures, or remove it. (at authenticatorConfig[0])',
      'r.yaml:9: error: authenticator config "orphan" is not named by any execution (`authenticatorConfig` of an execution in authenticationFlows), so it would never be created: name it in the execution it configures, or remove it. (at authenticatorConfig[1])',
    ]);
  });

  it('rejects values longer than the 255-character columns Keycloak stores them in (a 500 otherwise)', async () => {
    const long = 'x'.repeat(256);
    const fits = 'y'.repeat(255);
    const result = await load({
      'r.yaml': lines(
        'realm: a',
        `loginTheme: ${long}`,
        'clients:',
        `  - { clientId: web, description: ${long}, redirectUris: [${fits}, ${long}] }`,
        `  - { clientId: ok, name: ${fits}, protocolMappers: [{ name: ${long} }] }`,
        `roles: { realm: [{ name: ${long} }], client: { web: [{ name: r, description: ${long} }] } }`,
        `groups: [{ name: ${long} }]`,
        `clientScopes: [{ name: s, description: ${long} }]`,
      ),
    });
    expect(errors(result).map((d) => `${d.path}: ${d.summary}`)).toEqual([
      'loginTheme: too long: at most 255 characters (the size of the Keycloak database column)',
      'clients[0].description: too long: at most 255 characters (the size of the Keycloak database column)',
      'clients[0].redirectUris[1]: too long: at most 255 characters (the size of the Keycloak database column)',
      'clients[1].protocolMappers[0].name: too long: at most 255 characters (the size of the Keycloak database column)',
      'roles.realm[0].name: too long: at most 255 characters (the size of the Keycloak database column)',
      'roles.client.web[0].description: too long: at most 255 characters (the size of the Keycloak database column)',
      'groups[0].name: too long: at most 255 characters (the size of the Keycloak database column)',
      'clientScopes[0].description: too long: at most 255 characters (the size of the Keycloak database column)',
    ]);
  });
});

describe('variables while loading', () => {
  it('substitutes before validation and coerces whole-scalar variables to the field type', async () => {
    const result = await load(
      {
        'secret.txt': 'top-secret\n',
        'r.yaml': lines(
          'realm: ${env:REALM}',
          'enabled: ${env:ENABLED}',
          'accessTokenLifespan: $(env:LIFESPAN)',
          'displayName: ${env:ENABLED}',
          'browserSecurityHeaders: ${env:HEADERS}',
          'clients:',
          '  - clientId: web',
          '    secret: ${file:secret.txt}',
          '    rootUrl: https://${env:HOST:-localhost}:$(env:PORT:8443)',
        ),
      },
      { REALM: 'shop', ENABLED: 'false', LIFESPAN: '600', HEADERS: '{"xFrameOptions":"DENY"}' },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.realms[0]!.representation).toEqual({
      realm: 'shop',
      enabled: false,
      accessTokenLifespan: 600,
      displayName: 'false',
      browserSecurityHeaders: { xFrameOptions: 'DENY' },
      clients: [{ clientId: 'web', secret: 'top-secret', rootUrl: 'https://localhost:8443' }],
    });
  });

  it('reads keycloak-config-cli JSON with bare variables', async () => {
    const result = await load(
      {
        'r.json': lines(
          '{',
          '  "realm": "r",',
          '  "verifyEmail": ${sys:VERIFY},',
          '  "notBefore": $(sys:NB)',
          '}',
        ),
      },
      { VERIFY: 'true', NB: '1200' },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.realms[0]!.representation).toEqual({ realm: 'r', verifyEmail: true, notBefore: 1200 });
  });

  it('reports a missing variable with file, line and path, once', async () => {
    const result = await load({
      'r.yaml': lines('realm: a', 'clients:', '  - clientId: web', '    enabled: ${env:WEB_ENABLED}'),
    });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'r.yaml:4: error: variable `env:WEB_ENABLED` is not set (in `${env:WEB_ENABLED}`; give a default with `:-`) (at clients[0].enabled)',
    ]);
    expect(hasErrors(result.diagnostics)).toBe(true);
  });

  it('reports each refused or failed lookup with file, line, path and the expression', async () => {
    const result = await load({
      'r.json': lines(
        '{',
        '  "realm": "a",',
        '  "displayName": "$(java:version)",',
        '  "notBefore": $(sys:java.version),',
        '  "smtpServer": { "password": "$(file:UTF-8:/nonexistent/secret)" }',
        '}',
      ),
    });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'r.json:3: error: `$(java:version)`: the `java` lookup is not supported: it describes the Java runtime, and realmform runs on Node.js (at displayName)',
      'r.json:4: error: `$(sys:java.version)`: `java.version` is a property of the Java runtime, and realmform runs on Node.js; pass the value with `$(env:NAME)` (at notBefore)',
      'r.json:5: error: `$(file:UTF-8:/nonexistent/secret)`: cannot read /nonexistent/secret (ENOENT) (at smtpServer.password)',
    ]);
    expect(result.realms).toEqual([]);
  });

  it('applies the substitution settings it is given', async () => {
    const files = {
      'r.yaml': lines('realm: a', 'displayName: $(env:TITLE)', 'displayNameHtml: $(sys:kcc.unset)'),
    };
    const off = await loadManifests(['.'], {
      cwd: await writeTree(files),
      env: { TITLE: 'T' },
      substitution: { enabled: false, prefix: '$(', suffix: ')', nested: true, undefinedIsError: true },
    });
    expect(off.diagnostics.map(formatDiagnostic)).toEqual([
      'r.yaml:2: warning: `$(env:TITLE)` is kept as written: variable substitution is off (IMPORT_VARSUBSTITUTION_ENABLED=false) (at displayName)',
      'r.yaml:3: warning: `$(sys:kcc.unset)` is kept as written: variable substitution is off (IMPORT_VARSUBSTITUTION_ENABLED=false) (at displayNameHtml)',
    ]);
    expect(off.realms[0]!.representation.displayName).toBe('$(env:TITLE)');

    const lenient = await loadManifests(['.'], {
      cwd: await writeTree(files),
      env: { TITLE: 'T' },
      substitution: { enabled: true, prefix: '$(', suffix: ')', nested: true, undefinedIsError: false },
    });
    expect(lenient.diagnostics.map(formatDiagnostic)).toEqual([
      'r.yaml:3: warning: variable `sys:kcc.unset` is not set; `$(sys:kcc.unset)` is kept as written (undefined-is-error is off) (at displayNameHtml)',
    ]);
    expect(lenient.realms[0]!.representation).toMatchObject({
      displayName: 'T',
      displayNameHtml: '$(sys:kcc.unset)',
    });
  });

  it('reads keycloak-config-cli file paths from the working directory, and properties it is given', async () => {
    const cwd = await writeTree({
      'secrets/db.txt': 'pa55\n',
      'realms/r.yaml': lines(
        'realm: a',
        'displayName: $(file:UTF-8:secrets/db.txt)',
        'displayNameHtml: $(app.title)',
      ),
    });
    const result = await loadManifests(['realms'], {
      cwd,
      env: {},
      property: (name) => (name === 'app.title' ? 'from a --app.title= argument' : undefined),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.realms[0]!.representation).toMatchObject({
      displayName: 'pa55',
      displayNameHtml: 'from a --app.title= argument',
    });
  });

  it('reports an unreadable file variable', async () => {
    const result = await load({ 'r.yaml': lines('realm: a', 'displayName: ${file:missing.txt}') });
    expect(errors(result)).toEqual([
      expect.objectContaining({
        file: 'r.yaml',
        line: 2,
        path: 'displayName',
        summary: expect.stringMatching(/ENOENT/),
      }),
    ]);
  });
});

describe('paths', () => {
  it('loads directories recursively in numeric-aware order, skipping other files', async () => {
    const cwd = await writeTree({
      'm/10_c.yaml': lines('realm: r10'),
      'm/9_b.yml': lines('realm: r9'),
      'm/1_a.json': '{"realm": "r1"}',
      'm/sub/2_x.yaml': lines('realm: sub2'),
      'm/README.md': '# not a manifest',
      'm/.hidden.yaml': lines('realm: hidden'),
      'm/17.1_e.yaml': lines('realm: r17.1'),
      'm/17_d.yaml': lines('realm: r17'),
    });
    const result = await loadManifests(['m'], { cwd, env: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.realms.map((r) => r.realm)).toEqual(['r1', 'r9', 'r10', 'r17', 'r17.1', 'sub2']);
    expect(result.realms[0]!.sources).toEqual(['m/1_a.json']);
  });

  it('keeps the order of explicit paths, reads an explicit file whatever its extension, and reads it once', async () => {
    const cwd = await writeTree({ 'b.yaml': lines('realm: b'), 'a.txt': lines('realm: a') });
    const result = await loadManifests(['b.yaml', 'a.txt', 'b.yaml'], { cwd, env: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.realms.map((r) => r.realm)).toEqual(['b', 'a']);
  });

  it('reports missing paths and empty directories without throwing', async () => {
    const cwd = await writeTree({ 'empty/notes.txt': 'x' });
    const result = await loadManifests(['nope.yaml', 'empty'], { cwd, env: {} });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'nope.yaml: error: cannot read manifest path (ENOENT)',
      'empty: error: no *.yaml, *.yml or *.json files in this directory',
    ]);
    expect(result.realms).toEqual([]);
  });
});

describe('symlinks', () => {
  it('follows symlinked files and directories (Kubernetes ConfigMap mounts), once each', async () => {
    const cwd = await writeTree({ 'data/realm.yaml': lines('realm: linked'), 'm/.keep': '' });
    await symlink(join(cwd, 'data/realm.yaml'), join(cwd, 'm/realm.yaml'));
    await symlink(join(cwd, 'm'), join(cwd, 'm/loop'));
    const result = await loadManifests(['m'], { cwd, env: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.realms.map((r) => [r.realm, r.sources])).toEqual([['linked', ['m/realm.yaml']]]);
  });
});

describe('what Keycloak would refuse or twist, refused before anything is sent', () => {
  const cases: [string, string[], RegExp][] = [
    ['a realm name with a newline', ['realm: "a\\nb"'], /realm name has the character U\+000A/],
    [
      'a realm name with a right-to-left override',
      ['realm: "ab\u202Ecd"'],
      /realm name has the character U\+202E/,
    ],
    ['a realm name with a slash', ['realm: "a%2Fb"'], /realm name has the character U\+0025/],
    ['a NUL byte in a value', ['realm: a', 'displayName: "x\\0y"'], /a NUL byte U\+0000 \(at displayName\)/],
    [
      'a negative token lifespan',
      ['realm: a', 'accessTokenLifespan: -5'],
      /accessTokenLifespan cannot be negative/,
    ],
    [
      'an unknown flow type',
      ['realm: a', 'authenticationFlows:', '  - alias: f', '    providerId: basic'],
      /providerId must be one of basic-flow, client-flow, form-flow/,
    ],
    [
      'an unknown sync mode',
      [
        'realm: a',
        'identityProviders:',
        '  - alias: x',
        '    providerId: oidc',
        '    config:',
        '      syncMode: SOMETIMES',
      ],
      /syncMode must be one of IMPORT, LEGACY, FORCE/,
    ],
    [
      'an unknown scope protocol',
      ['realm: a', 'clientScopes:', '  - name: s', '    protocol: openid'],
      /protocol must be one of openid-connect, saml, oid4vc/,
    ],
    [
      'an unknown sslRequired',
      ['realm: a', 'sslRequired: sometimes'],
      /sslRequired must be none, external or all/,
    ],
    ['a custom YAML tag', ['realm: a', 'displayName: !!js/function "function () {}"'], /no custom tags/],
  ];
  for (const [name, text, expected] of cases) {
    it(`rejects ${name}`, async () => {
      const result = await load({ 'r.yaml': lines(...text) });
      expect(hasErrors(result.diagnostics)).toBe(true);
      expect(errors(result).map(formatDiagnostic).join('\n')).toMatch(expected);
    });
  }

  it('keeps tabs and newlines in texts, and right-to-left marks in translations', async () => {
    const result = await load({
      'r.yaml': lines(
        'realm: a',
        'displayNameHtml: "<b>\\tA\\nB</b>"',
        'localizationTexts:',
        '  he:',
        '    hello: "\u200Fשלום"',
      ),
    });
    expect(errors(result)).toEqual([]);
  });
});
