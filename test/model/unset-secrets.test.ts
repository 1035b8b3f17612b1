// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${env:…}` here is manifest syntax, not a template.
/**
 * An unset variable in a secret is no load error: the loader leaves a placeholder that names
 * the variable and where it is written (the planner decides whether the secret is needed).
 * Anywhere else an unset variable is still an error.
 */
import { describe, expect, it } from 'vitest';
import { findUnsetSecrets } from '../../src/core/unset-secret.js';
import { loadManifests } from '../../src/model/index.js';
import { lines, writeTree } from './helpers.js';

async function load(text: string, env: Record<string, string> = {}) {
  const cwd = await writeTree({ 'r.yaml': text });
  return loadManifests(['.'], { cwd, env });
}

describe('unset variables in secrets', () => {
  it('loads a manifest whose secrets are not set, each a placeholder naming variable and place', async () => {
    const result = await load(
      lines(
        'realm: r',
        'smtpServer:',
        '  password: ${env:SMTP_PASSWORD}',
        'clients:',
        '  - clientId: api',
        '    secret: $(env:API_SECRET)',
        'users:',
        '  - username: a',
        '    credentials:',
        '      - type: password',
        '        value: pre-${env:A_PASSWORD}-${env:A_SUFFIX}',
      ),
    );
    expect(result.diagnostics).toEqual([]);
    const found = findUnsetSecrets(result.realms[0]?.representation).map(({ secret }) => secret);
    expect(found).toHaveLength(3);
    expect(found).toEqual(
      expect.arrayContaining([
        { variables: ['env:SMTP_PASSWORD'], file: 'r.yaml', line: 3, path: 'smtpServer.password' },
        { variables: ['env:API_SECRET'], file: 'r.yaml', line: 6, path: 'clients[0].secret' },
        {
          variables: ['env:A_PASSWORD', 'env:A_SUFFIX'],
          file: 'r.yaml',
          line: 11,
          path: 'users[0].credentials[0].value',
        },
      ]),
    );
  });

  it('substitutes secrets that are set, as before', async () => {
    const result = await load(lines('realm: r', 'clients:', '  - clientId: api', '    secret: ${env:S}'), {
      S: 'from-env',
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.realms[0]?.representation.clients?.[0]?.secret).toBe('from-env');
  });

  it('still reports an unset variable outside secrets, and other problems inside them', async () => {
    const result = await load(
      lines(
        'realm: r',
        'displayName: ${env:TITLE}',
        'clients:',
        '  - clientId: api',
        '    secret: ${file:missing-secret.txt}',
      ),
    );
    expect(result.diagnostics.map((d) => `${d.line} ${d.severity} ${d.summary.split(' (')[0]}`)).toEqual([
      '2 error variable `env:TITLE` is not set',
      expect.stringMatching(/^5 error `\$\{file:missing-secret\.txt\}`/),
    ]);
    expect(result.realms).toEqual([]);
  });

  it('treats a secret that comes out empty from its variables as not given (GitHub gives "" for a missing secret)', async () => {
    const result = await load(
      lines(
        'realm: r',
        'displayName: ${env:EMPTY}',
        'clients:',
        '  - clientId: a',
        '    secret: ${env:EMPTY}',
        '  - clientId: b',
        '    secret: $(env:EMPTY)',
        '  - clientId: c',
        '    secret: ${env:EMPTY:-fallback}',
      ),
      { EMPTY: '' },
    );
    expect(result.diagnostics).toEqual([]);
    const representation = result.realms[0]?.representation;
    expect(representation?.displayName).toBe('');
    expect(representation?.clients?.[2]?.secret).toBe('fallback');
    expect(findUnsetSecrets(representation).map(({ secret }) => secret)).toEqual([
      { variables: ['env:EMPTY'], empty: true, file: 'r.yaml', line: 5, path: 'clients[0].secret' },
      { variables: ['env:EMPTY'], empty: true, file: 'r.yaml', line: 7, path: 'clients[1].secret' },
    ]);
  });
});
