// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${env:…}` here is manifest syntax, not a template.
import { describe, expect, it } from 'vitest';
import { quoteBareVariables, substituteString, substituteVariables } from '../../src/model/variables.js';

const env = { HOST: 'sso.example.com', EMPTY: '', PORT: '8443', FLAG: 'true' };
const files: Record<string, string> = {
  '/manifests/secret.txt': 's3cr3t\n',
  '/manifests/two-lines.txt': 'a\nb\n\n',
  '/abs/cert.pem': '-----BEGIN-----\r\n',
};
const sources = {
  env,
  baseDir: '/manifests',
  readFile: (path: string) => {
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    return content;
  },
};

describe('substituteString', () => {
  const cases: { input: string; value: string; whole?: boolean }[] = [
    { input: 'https://${env:HOST}/x', value: 'https://sso.example.com/x' },
    { input: '${env:HOST}', value: 'sso.example.com', whole: true },
    { input: '${env:MISSING:-fallback}', value: 'fallback', whole: true },
    { input: '${env:EMPTY:-fallback}', value: 'fallback', whole: true },
    { input: '${env:EMPTY}', value: '', whole: true },
    { input: '${env:MISSING:-}', value: '', whole: true },
    { input: '${env:HOST:-unused}', value: 'sso.example.com', whole: true },
    { input: '${env:MISSING:-a:b-c}', value: 'a:b-c', whole: true },
    { input: '$(env:HOST)', value: 'sso.example.com', whole: true },
    { input: '$(env:MISSING:fallback)', value: 'fallback', whole: true },
    { input: '$(env:MISSING:-fallback)', value: 'fallback', whole: true },
    { input: '$(sys:PORT)', value: '8443', whole: true },
    { input: '${sys:PORT}', value: '8443', whole: true },
    { input: '${file:secret.txt}', value: 's3cr3t', whole: true },
    { input: '${file:two-lines.txt}', value: 'a\nb\n', whole: true },
    { input: '${file:/abs/cert.pem}', value: '-----BEGIN-----', whole: true },
    { input: '$${env:HOST}', value: '${env:HOST}' },
    { input: '$$(env:HOST)', value: '$(env:HOST)' },
    { input: 'Keycloak - $${role_uma_authorization}', value: 'Keycloak - ${role_uma_authorization}' },
    { input: '${role_offline-access}', value: '${role_offline-access}' },
    { input: '${client_account}', value: '${client_account}' },
    { input: '$(document).ready()', value: '$(document).ready()' },
    { input: '$(kcc.junit.from.spring-boot.property)', value: '$(kcc.junit.from.spring-boot.property)' },
    { input: '${env:HOST}:${env:PORT}', value: 'sso.example.com:8443' },
    { input: 'no variables', value: 'no variables' },
  ];

  it.each(cases)('$input → $value', ({ input, value, whole = false }) => {
    const result = substituteString(input, sources);
    expect(result.errors).toEqual([]);
    expect(result.value).toBe(value);
    expect(result.whole).toBe(whole);
  });

  const failures: { input: string; error: RegExp }[] = [
    { input: '${env:MISSING}', error: /variable `env:MISSING` is not set/ },
    { input: '$(env:MISSING)', error: /variable `env:MISSING` is not set/ },
    { input: '$(sys:kcc.missing)', error: /variable `sys:kcc.missing` is not set/ },
    {
      input: '${file:nope.txt}',
      error: /cannot read `\$\{file:nope.txt\}` \(\/manifests\/nope.txt: ENOENT\)/,
    },
    { input: '${env:}', error: /has no name/ },
    { input: '${env:X:default}', error: /write a default as/ },
  ];

  it.each(failures)('$input is an error', ({ input, error }) => {
    const result = substituteString(input, sources);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(error);
  });

  it('warns about an unknown source instead of guessing', () => {
    const result = substituteString('${evn:HOST}', sources);
    expect(result.value).toBe('${evn:HOST}');
    expect(result.warnings[0]).toMatch(/not a variable realmform knows/);
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
  it('quotes variables outside JSON strings, keeping line breaks', () => {
    const text = '{\n  "a": ${sys:X},\n  "b": "${env:Y}",\n  "c": $(sys:Z)\n}';
    expect(quoteBareVariables(text)).toBe('{\n  "a": "${sys:X}",\n  "b": "${env:Y}",\n  "c": "$(sys:Z)"\n}');
  });

  it('leaves YAML untouched', () => {
    const text = 'realm: x\nenabled: ${env:X}\n';
    expect(quoteBareVariables(text)).toBe(text);
  });
});
