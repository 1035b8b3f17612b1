// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${env:…}` here is manifest syntax, not a template.
/**
 * The substitution language through substituteString: both spellings, every lookup, defaults,
 * escapes, nesting, recursion, the settings, and what is refused.
 */
import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../src/model/substitution/lookup.js';
import {
  DEFAULT_SUBSTITUTION,
  escapeLiteral,
  quoteBareVariables,
  type SubstitutionSettings,
  substituteString,
  substituteVariables,
} from '../../src/model/variables.js';

const env = {
  HOST: 'sso.example.com',
  EMPTY: '',
  PORT: '8443',
  FLAG: 'true',
  SECRET_FILE: 'secret.txt',
  WHO: 'HOST',
  INNER: '$(env:HOST)',
  LOOP_A: '$(env:LOOP_B)',
  LOOP_B: '$(env:LOOP_A)',
  DOLLAR: 'x$',
  KCC_JUNIT_FROM_SPRING_BOOT_PROPERTY: 'from env',
  'kcc.dotted': 'dotted as written',
  KEYCLOAK_URL: 'https://kc.example.com',
};
const files: Record<string, string | Buffer> = {
  '/manifests/secret.txt': 's3cr3t\n',
  '/manifests/two-lines.txt': 'a\nb\n\n',
  '/abs/cert.pem': '-----BEGIN-----\r\n',
  '/work/secret.txt': 'from the working directory\n',
  '/work/latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]),
  '/work/bom.txt': Buffer.from([0xef, 0xbb, 0xbf, 0x78]),
  '/work/app.properties': 'smtp.host = mail.example.com\nsmtp.port=25\n',
  '/manifests/app.properties': 'smtp.host=manifest-relative\n',
};
const host: HostFacts = {
  homedir: '/home/ci',
  username: 'ci',
  cwd: '/work',
  tmpdir: '/tmp',
  hostname: 'runner-7',
  platform: 'linux',
  arch: 'x64',
  release: '6.1.0-18-amd64',
  timeZone: 'UTC',
};
const sources = {
  env,
  baseDir: '/manifests',
  cwd: '/work',
  host: () => host,
  now: () => new Date('2024-03-05T14:07:09Z'),
  readFile: (path: string) => {
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    return content;
  },
};

function substitute(input: string, settings?: Partial<SubstitutionSettings>) {
  return substituteString(input, { ...sources, settings: { ...DEFAULT_SUBSTITUTION, ...settings } });
}

describe('values', () => {
  const cases: { input: string; value: string; whole?: boolean }[] = [
    // realmform's own spelling
    { input: 'https://${env:HOST}/x', value: 'https://sso.example.com/x' },
    { input: '${env:HOST}', value: 'sso.example.com', whole: true },
    { input: '${env:EMPTY}', value: '', whole: true },
    { input: '${env:HOST}:${env:PORT}', value: 'sso.example.com:8443' },
    { input: '${sys:PORT}', value: '8443', whole: true },
    { input: '${file:secret.txt}', value: 's3cr3t', whole: true },
    { input: '${file:two-lines.txt}', value: 'a\nb\n', whole: true },
    { input: '${file:/abs/cert.pem}', value: '-----BEGIN-----', whole: true },
    { input: '${file:UTF-8:secret.txt}', value: 's3cr3t', whole: true },
    { input: '${base64Decoder:SGVsbG8=}', value: 'Hello', whole: true },
    // keycloak-config-cli's spelling: every supported lookup
    { input: '$(env:HOST)', value: 'sso.example.com', whole: true },
    { input: '$(ENV:HOST)', value: 'sso.example.com', whole: true },
    { input: '$(env:EMPTY)', value: '', whole: true },
    { input: '$(sys:PORT)', value: '8443', whole: true },
    { input: '$(sys:user.home)', value: '/home/ci', whole: true },
    { input: '$(sys:user.name)', value: 'ci', whole: true },
    { input: '$(sys:user.dir)', value: '/work', whole: true },
    { input: '$(sys:java.io.tmpdir)', value: '/tmp', whole: true },
    { input: '$(sys:os.name)/$(sys:os.arch)/$(sys:os.version)', value: 'Linux/amd64/6.1.0-18-amd64' },
    { input: '$(sys:file.separator)$(sys:path.separator)', value: '/:' },
    { input: '$(file:UTF-8:secret.txt)', value: 'from the working directory', whole: true },
    { input: '$(file:UTF-8:/manifests/secret.txt)', value: 's3cr3t', whole: true },
    { input: '$(file:ISO-8859-1:latin1.txt)', value: 'café', whole: true },
    { input: '$(file:utf-8:bom.txt)', value: 'x', whole: true },
    { input: '$(properties:app.properties::smtp.host)', value: 'mail.example.com', whole: true },
    { input: '${properties:app.properties::smtp.host}', value: 'manifest-relative', whole: true },
    { input: '$(base64Decoder:SGVsbG9Xb3JsZCE=)', value: 'HelloWorld!', whole: true },
    { input: '$(base64:SGVsbG8=)', value: 'Hello', whole: true },
    { input: '$(base64Encoder:HelloWorld!)', value: 'SGVsbG9Xb3JsZCE=', whole: true },
    { input: '$(urlDecoder:Hello%20World%21)', value: 'Hello World!', whole: true },
    { input: '$(urlEncoder:Hello World!)', value: 'Hello+World%21', whole: true },
    { input: '$(xmlEncoder:<a>)', value: '&lt;a&gt;', whole: true },
    { input: '$(xmlDecoder:&lt;a&gt;)', value: '<a>', whole: true },
    { input: '$(date:yyyy-MM-dd)', value: '2024-03-05', whole: true },
    { input: '$(date:HH:mm)', value: '14:07', whole: true },
    { input: '$(localhost:name)', value: 'runner-7', whole: true },
    // Spring properties: a name without a lookup, by relaxed names
    { input: '$(kcc.junit.from.spring-boot.property)', value: 'from env', whole: true },
    { input: '$(kcc.dotted)', value: 'dotted as written', whole: true },
    { input: '$(keycloak.url)', value: 'https://kc.example.com', whole: true },
    // a lookup that finds nothing falls back to the property of its key
    { input: '$(env:keycloak.url)', value: 'https://kc.example.com', whole: true },
    // Keycloak's own `${…}` keys and vault references pass through
    { input: '${role_offline-access}', value: '${role_offline-access}' },
    { input: '${client_account}', value: '${client_account}' },
    { input: '${vault.smtp_password}', value: '${vault.smtp_password}' },
    { input: '${profile.attributes.newsletter}', value: '${profile.attributes.newsletter}' },
    { input: 'no variables', value: 'no variables' },
    { input: 'a $( b', value: 'a $( b' },
  ];
  it.each(cases)('$input → $value', ({ input, value, whole = false }) => {
    const result = substitute(input);
    expect(result.errors).toEqual([]);
    expect(result.value).toBe(value);
    expect(result.whole).toBe(whole);
  });
});

describe('defaults', () => {
  const cases: { input: string; value: string }[] = [
    { input: '${env:MISSING:-fallback}', value: 'fallback' },
    { input: '${env:EMPTY:-fallback}', value: 'fallback' },
    { input: '${env:MISSING:-}', value: '' },
    { input: '${env:HOST:-unused}', value: 'sso.example.com' },
    { input: '${env:MISSING:-a:b-c}', value: 'a:b-c' },
    { input: '$(env:MISSING:-fallback)', value: 'fallback' },
    // keycloak-config-cli: a default replaces only an unset value, not an empty one
    { input: '$(env:EMPTY:-fallback)', value: '' },
    { input: '$(env:MISSING:fallback)', value: 'fallback' },
    { input: '$(sys:missing.property:-x)', value: 'x' },
    { input: '$(missing.property:-x)', value: 'x' },
    { input: '$(properties:app.properties::nope:-25)', value: '25' },
    // a default is substituted too
    { input: '$(env:MISSING:-$(env:HOST))', value: 'sso.example.com' },
    { input: '${env:MISSING:-${env:PORT}}', value: '8443' },
  ];
  it.each(cases)('$input → $value', ({ input, value }) => {
    const result = substitute(input);
    expect(result.errors).toEqual([]);
    expect(result.value).toBe(value);
  });
});

describe('escapes', () => {
  const cases: { input: string; value: string }[] = [
    { input: '$${env:HOST}', value: '${env:HOST}' },
    { input: '$$(env:HOST)', value: '$(env:HOST)' },
    { input: '$$$(env:HOST)', value: '$$(env:HOST)' },
    { input: 'Keycloak - $${role_uma_authorization}', value: 'Keycloak - ${role_uma_authorization}' },
    { input: '$$(document).ready()', value: '$(document).ready()' },
    { input: 'costs $5', value: 'costs $5' },
    // only a `$` of the text escapes, not one that ends a value
    { input: '$(env:DOLLAR)$(env:PORT)', value: 'x$8443' },
    // an escaped outer variable leaves the inner one a variable
    { input: '$$(file:$(env:PORT))', value: '$(file:8443)' },
  ];
  it.each(cases)('$input → $value', ({ input, value }) => {
    const result = substitute(input);
    expect(result.errors).toEqual([]);
    expect(result.value).toBe(value);
  });
});

describe('nesting and recursion', () => {
  const cases: { input: string; value: string }[] = [
    { input: '$(file:UTF-8:/manifests/$(env:SECRET_FILE))', value: 's3cr3t' },
    { input: '${file:${env:SECRET_FILE}}', value: 's3cr3t' },
    { input: '$(env:$(env:WHO))', value: 'sso.example.com' },
    { input: '$(base64Decoder:$(base64Encoder:round trip))', value: 'round trip' },
    // keycloak-config-cli substitutes values again; realmform's spelling does not
    { input: '$(env:INNER)', value: 'sso.example.com' },
    { input: '${env:INNER}', value: '$(env:HOST)' },
  ];
  it.each(cases)('$input → $value', ({ input, value }) => {
    const result = substitute(input);
    expect(result.errors).toEqual([]);
    expect(result.value).toBe(value);
  });

  it('reports a cycle instead of looping', () => {
    const result = substitute('$(env:LOOP_A)');
    expect(result.errors).toEqual([
      '`$(env:LOOP_A)`: variables refer to each other in a cycle (env:LOOP_A → env:LOOP_B → env:LOOP_A)',
    ]);
  });

  it('without nesting, the first `)` ends a variable (keycloak-config-cli `nested=false`)', () => {
    const result = substitute('$(file:UTF-8:$(env:SECRET_FILE))', { nested: false });
    expect(result.errors).toEqual([
      expect.stringMatching(/^`\$\(file:UTF-8:\$\(env:SECRET_FILE\)`: cannot read/),
    ]);
  });
});

describe('errors name the expression and the lookup, and never pass the text on', () => {
  const failures: { input: string; error: RegExp }[] = [
    { input: '${env:MISSING}', error: /^variable `env:MISSING` is not set \(in `\$\{env:MISSING\}`/ },
    { input: '$(env:MISSING)', error: /^variable `env:MISSING` is not set/ },
    { input: '$(sys:kcc.missing)', error: /^variable `sys:kcc.missing` is not set/ },
    { input: '$(document).ready()', error: /^variable `document` is not set/ },
    {
      input: '${file:nope.txt}',
      error: /^`\$\{file:nope.txt\}`: cannot read \/manifests\/nope.txt \(ENOENT\)/,
    },
    { input: '$(file:UTF-8:nope.txt)', error: /cannot read \/work\/nope.txt \(ENOENT\)/ },
    { input: '$(file:/run/secret)', error: /expected `file:ENCODING:path`/ },
    { input: '$(file:KLINGON:/run/secret)', error: /unknown encoding `KLINGON`/ },
    { input: '$(properties:app.properties)', error: /expected `properties:path::key`/ },
    { input: '${env:}', error: /has no name/ },
    { input: '${env:X:default}', error: /write a default as/ },
    { input: '$(base64Decoder:***)', error: /^`\$\(base64Decoder:\*\*\*\)`: not valid base64/ },
    { input: '$(urlDecoder:100%)', error: /escape/ },
    { input: '$(date:yyyy-bb)', error: /illegal pattern character `b`/ },
    { input: '$(sys:java.version)', error: /`java.version` is a property of the Java runtime/ },
    { input: '$(sys:user.timezone)', error: /property of the Java runtime/ },
    { input: '$(localhost:address)', error: /needs a DNS lookup/ },
    { input: '$(localhost:canonical-name)', error: /needs a DNS lookup/ },
    {
      input: '$(java:version)',
      error: /^`\$\(java:version\)`: the `java` lookup is not supported: it describes the Java runtime/,
    },
    { input: '$(const:java.awt.event.KeyEvent.VK_ESCAPE)', error: /the `const` lookup is not supported/ },
    {
      input: '$(resourceBundle:org.example.Bundle:key)',
      error: /the `resourceBundle` lookup is not supported/,
    },
    { input: '$(xml:doc.xml:/root/node)', error: /the `xml` lookup is not supported/ },
    {
      input: '$(dns:address|apache.org)',
      error: /the `dns` lookup is not supported: keycloak-config-cli does not enable it either/,
    },
    { input: '$(url:UTF-8:https://example.com)', error: /the `url` lookup is not supported/ },
    { input: '$(script:javascript:3 + 4)', error: /the `script` lookup is not supported/ },
    { input: '${java:version}', error: /the `java` lookup is not supported/ },
    {
      input: '$(evn:HOST)',
      error:
        /^`\$\(evn:HOST\)`: unknown lookup `evn` \(realmform knows env, sys, .*\); a literal `\$\(` is written `\$\$\(`/,
    },
    { input: '$(random.uuid)', error: /random values are not supported/ },
    { input: '$${javascript: 3 + 4}', error: /JavaScript evaluation .* is not supported/ },
  ];

  it.each(failures)('$input', ({ input, error }) => {
    const result = substitute(input);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(error);
    expect(result.value).toBe(input);
    expect(result.whole).toBe(false);
  });

  it('does not repeat a failed nested variable as a failure of its outer one', () => {
    const result = substitute('$(file:UTF-8:$(env:NOPE))');
    expect(result.errors).toEqual([expect.stringMatching(/^variable `env:NOPE` is not set/)]);
  });

  it('never shows a resolved value in a message', () => {
    const result = substitute('$(base64Decoder:$(env:HOST))');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).not.toContain('sso.example.com');
  });

  it('warns about an unknown `${name:…}` (it may be Keycloak text) and keeps it', () => {
    const result = substitute('${evn:HOST}');
    expect(result.value).toBe('${evn:HOST}');
    expect(result.errors).toEqual([]);
    expect(result.warnings[0]).toMatch(/not a variable realmform knows/);
  });

  it('refuses a variable without its closing suffix (it would reach Keycloak as text)', () => {
    const result = substitute('$(env:HOST');
    expect(result.errors).toEqual([
      '`$(env:HOST` has no closing `)`: close it (or write `$$(` to keep it as text)',
    ]);
    expect(result.warnings).toEqual([]);
  });
});

describe('settings', () => {
  it('with substitution off, keeps everything as written and says so', () => {
    const result = substitute('$(env:HOST) ${env:PORT} $$(x) ${role_x}', { enabled: false });
    expect(result.value).toBe('$(env:HOST) ${env:PORT} $$(x) ${role_x}');
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      '`$(env:HOST)` is kept as written: variable substitution is off (IMPORT_VARSUBSTITUTION_ENABLED=false)',
      '`${env:PORT}` is kept as written: variable substitution is off (IMPORT_VARSUBSTITUTION_ENABLED=false)',
    ]);
  });

  it('with undefined-is-error off, keeps an unset variable as written, with a warning', () => {
    const result = substitute('a $(sys:kcc.missing) b', { undefinedIsError: false });
    expect(result.value).toBe('a $(sys:kcc.missing) b');
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      'variable `sys:kcc.missing` is not set; `$(sys:kcc.missing)` is kept as written (undefined-is-error is off)',
    ]);
  });

  it('with an unsupported lookup, still fails when undefined-is-error is off', () => {
    expect(substitute('$(java:version)', { undefinedIsError: false }).errors).toHaveLength(1);
  });

  it('with the prefix `${`, keycloak-config-cli rules take `${…}` over (its 3.x default)', () => {
    const settings = { prefix: '${', suffix: '}' };
    expect(substitute('${sys:PORT}', settings).value).toBe('8443');
    expect(substitute('$${role_uma_authorization}', settings).value).toBe('${role_uma_authorization}');
    // a Keycloak key must then be escaped, as keycloak-config-cli documents
    expect(substitute('${role_uma_authorization}', settings).errors).toEqual([
      expect.stringMatching(/^variable `role_uma_authorization` is not set/),
    ]);
    // and `$(` is plain text
    expect(substitute('$(env:HOST)', settings).value).toBe('$(env:HOST)');
  });

  it('with another prefix and suffix, both spellings work', () => {
    const settings = { prefix: '%[', suffix: ']' };
    expect(substitute('%[env:HOST] ${env:PORT}', settings).value).toBe('sso.example.com 8443');
    expect(substitute('$%[env:HOST]', settings).value).toBe('%[env:HOST]');
  });
});

describe('substituteVariables', () => {
  it('walks nested values, reports paths, and marks whole-scalar variables', () => {
    const result = substituteVariables(
      {
        realm: 'r',
        enabled: '${env:FLAG}',
        clients: [{ clientId: 'web', rootUrl: 'https://${env:HOST}', secret: '${env:NOPE}' }],
      },
      sources,
    );
    expect(result.value).toEqual({
      realm: 'r',
      enabled: 'true',
      clients: [{ clientId: 'web', rootUrl: 'https://sso.example.com', secret: '${env:NOPE}' }],
    });
    expect(result.wholeVariablePaths).toEqual([['enabled']]);
    expect(result.problems).toEqual([
      { severity: 'error', summary: expect.stringMatching(/env:NOPE/), path: ['clients', 0, 'secret'] },
    ]);
  });

  it('leaves keys, numbers and booleans alone', () => {
    const input = { '${env:HOST}': 1, b: true, c: null };
    expect(substituteVariables(input, sources).value).toEqual(input);
  });
});

describe('quoteBareVariables', () => {
  it('quotes variables outside JSON strings, nested ones whole, keeping line breaks', () => {
    const text =
      '{\n  "a": ${sys:X},\n  "b": "${env:Y}",\n  "c": $(sys:Z),\n  "d": $(file:UTF-8:$(env:F))\n}';
    expect(quoteBareVariables(text)).toBe(
      '{\n  "a": "${sys:X}",\n  "b": "${env:Y}",\n  "c": "$(sys:Z)",\n  "d": "$(file:UTF-8:$(env:F))"\n}',
    );
  });

  it('follows a custom prefix, and does nothing with substitution off', () => {
    const text = '{\n  "a": %[env:X]\n}';
    expect(quoteBareVariables(text, { ...DEFAULT_SUBSTITUTION, prefix: '%[', suffix: ']' })).toBe(
      '{\n  "a": "%[env:X]"\n}',
    );
    expect(quoteBareVariables('{ "a": $(env:X) }', { ...DEFAULT_SUBSTITUTION, enabled: false })).toBe(
      '{ "a": $(env:X) }',
    );
  });

  it('leaves YAML untouched', () => {
    const text = 'realm: x\nenabled: ${env:X}\n';
    expect(quoteBareVariables(text)).toBe(text);
  });
});

describe('escapeLiteral', () => {
  const literals = [
    'plain',
    '$(document).ready()',
    'a $(env:HOST) b',
    '${env:HOST}',
    '$${role_x}',
    '$$(x)',
    '${evn:x}',
    '$${javascript: 1}',
    'price: $5 ${role_offline-access}',
  ];
  it.each(literals)('%s loads back as written', (text) => {
    const result = substitute(escapeLiteral(text));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.value).toBe(text);
  });

  it('leaves Keycloak keys readable', () => {
    expect(escapeLiteral('${role_offline-access}')).toBe('${role_offline-access}');
  });
});
