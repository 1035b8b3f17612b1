import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadManifests } from '../../src/model/index.js';
import { lines, writeTree } from './helpers.js';

async function load(files: Record<string, string>) {
  const cwd = await writeTree(files);
  return loadManifests(Object.keys(files), { cwd, env: {} });
}

describe('merging documents of one realm', () => {
  it('concatenates collections across files and documents', async () => {
    const result = await load({
      'base.yaml': lines(
        'realm: shop',
        'enabled: true',
        'clients: [{ clientId: web }]',
        'roles: { realm: [{ name: admin }], client: { web: [{ name: viewer }] } }',
        'components:',
        '  org.keycloak.keys.KeyProvider: [{ name: rsa }]',
        'attributes: { a: "1" }',
        'localizationTexts: { en: { hello: Hello } }',
      ),
      'more.yaml': lines(
        'realm: shop',
        'enabled: true',
        'clients: [{ clientId: api }]',
        'roles: { realm: [{ name: user }], client: { web: [{ name: editor }], api: [{ name: caller }] } }',
        'components:',
        '  org.keycloak.keys.KeyProvider: [{ name: hmac }]',
        'attributes: { b: "2" }',
        'localizationTexts: { en: { bye: Bye }, de: { hello: Hallo } }',
        '---',
        'realm: other',
      ),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.realms.map((r) => [r.realm, r.sources])).toEqual([
      ['shop', ['base.yaml', 'more.yaml']],
      ['other', ['more.yaml']],
    ]);
    expect(result.realms[0]!.representation).toEqual({
      realm: 'shop',
      enabled: true,
      clients: [{ clientId: 'web' }, { clientId: 'api' }],
      roles: {
        realm: [{ name: 'admin' }, { name: 'user' }],
        client: { web: [{ name: 'viewer' }, { name: 'editor' }], api: [{ name: 'caller' }] },
      },
      components: { 'org.keycloak.keys.KeyProvider': [{ name: 'rsa' }, { name: 'hmac' }] },
      attributes: { a: '1', b: '2' },
      localizationTexts: { en: { hello: 'Hello', bye: 'Bye' }, de: { hello: 'Hallo' } },
    });
  });

  const duplicates: { name: string; a: string[]; b: string[]; message: string }[] = [
    {
      name: 'client',
      a: ['realm: r', 'clients:', '  - clientId: web'],
      b: ['realm: r', 'clients:', '  - clientId: api', '  - clientId: web'],
      message: 'b.yaml:4: error: client `web` is declared twice: a.yaml:3 and b.yaml:4 (at clients[1])',
    },
    {
      name: 'user (usernames are case-insensitive)',
      a: ['realm: r', 'users: [{ username: Alice }]'],
      b: ['realm: r', 'users: [{ username: alice }]'],
      message: 'b.yaml:2: error: user `alice` is declared twice: a.yaml:2 and b.yaml:2 (at users[0])',
    },
    {
      name: 'user known by email only',
      a: ['realm: r', 'users: [{ email: a@x.io }]'],
      b: ['realm: r', 'users: [{ email: a@x.io }]'],
      message: 'b.yaml:2: error: user `a@x.io` is declared twice: a.yaml:2 and b.yaml:2 (at users[0])',
    },
    {
      name: 'client role',
      a: ['realm: r', 'roles:', '  client:', '    web:', '      - name: viewer'],
      b: ['realm: r', 'roles:', '  client:', '    web:', '      - name: viewer'],
      message:
        'b.yaml:5: error: role `viewer` of client `web` is declared twice: a.yaml:5 and b.yaml:5 (at roles.client.web[0])',
    },
    {
      name: 'group at the top level',
      a: ['realm: r', 'groups: [{ name: ops }]'],
      b: ['realm: r', 'groups: [{ name: ops }]'],
      message: 'b.yaml:2: error: group `ops` is declared twice: a.yaml:2 and b.yaml:2 (at groups[0])',
    },
    {
      name: 'identity provider',
      a: ['realm: r', 'identityProviders: [{ alias: google }]'],
      b: ['realm: r', 'identityProviders: [{ alias: google }]'],
      message:
        'b.yaml:2: error: identity provider `google` is declared twice: a.yaml:2 and b.yaml:2 (at identityProviders[0])',
    },
    {
      name: 'authentication flow',
      a: ['realm: r', 'authenticationFlows: [{ alias: my-browser }]'],
      b: ['realm: r', 'authenticationFlows: [{ alias: my-browser }]'],
      message:
        'b.yaml:2: error: authentication flow `my-browser` is declared twice: a.yaml:2 and b.yaml:2 (at authenticationFlows[0])',
    },
    {
      name: 'client scope',
      a: ['realm: r', 'clientScopes: [{ name: email }]'],
      b: ['realm: r', 'clientScopes: [{ name: email }]'],
      message:
        'b.yaml:2: error: client scope `email` is declared twice: a.yaml:2 and b.yaml:2 (at clientScopes[0])',
    },
    {
      name: 'required action',
      a: ['realm: r', 'requiredActions: [{ alias: VERIFY_EMAIL }]'],
      b: ['realm: r', 'requiredActions: [{ alias: VERIFY_EMAIL }]'],
      message:
        'b.yaml:2: error: required action `VERIFY_EMAIL` is declared twice: a.yaml:2 and b.yaml:2 (at requiredActions[0])',
    },
  ];

  it.each(duplicates)('a $name declared twice names both places', async ({ a, b, message }) => {
    const result = await load({ 'a.yaml': lines(...a), 'b.yaml': lines(...b) });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([message]);
    // The duplicate is dropped, so the merged collection holds the first declaration only.
    expect(result.realms).toHaveLength(1);
  });

  it('finds duplicates inside one file and among sub-groups', async () => {
    const result = await load({
      'a.yaml': lines(
        'realm: r',
        'groups:',
        '  - name: ops',
        '    subGroups:',
        '      - name: oncall',
        '      - name: oncall',
        'clients:',
        '  - clientId: web',
        '    protocolMappers: [{ name: m }, { name: m }]',
      ),
    });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'a.yaml:6: error: group `/ops/oncall` is declared twice: a.yaml:5 and a.yaml:6 (at groups[0].subGroups[1])',
      'a.yaml:9: error: protocol mapper `m` of client `web` is declared twice: a.yaml:9:23 and a.yaml:9:36 (at clients[0].protocolMappers[1])',
    ]);
  });

  it('allows the same name in different places: sub-groups of different parents, components of different sub-types', async () => {
    const result = await load({
      'a.yaml': lines(
        'realm: r',
        'groups:',
        '  - { name: a, subGroups: [{ name: x }] }',
        '  - { name: b, subGroups: [{ name: x }] }',
        'components:',
        '  org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy:',
        '    - { name: Trusted Hosts, subType: anonymous }',
        '    - { name: Trusted Hosts, subType: authenticated }',
      ),
    });
    expect(result.diagnostics).toEqual([]);
  });

  it('allows a scalar declared twice with the same value and rejects different values, naming both places', async () => {
    const result = await load({
      'a.yaml': lines('realm: r', 'enabled: true', 'displayName: Shop', 'smtpServer: { host: a }'),
      'b.yaml': lines('realm: r', 'enabled: true', 'displayName: Store', 'smtpServer: { host: b, port: 25 }'),
    });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'b.yaml:3: error: `displayName` is declared twice with different values: a.yaml:3 and b.yaml:3 (at displayName)',
      'b.yaml:4: error: `smtpServer.host` is declared twice with different values: a.yaml:4 and b.yaml:4 (at smtpServer.host)',
    ]);
  });

  it('treats a string list as one value', async () => {
    const result = await load({
      'a.yaml': lines('realm: r', 'defaultGroups: [/a]'),
      'b.yaml': lines('realm: r', 'defaultGroups: [/b]'),
    });
    expect(result.diagnostics.map((d) => d.summary)).toEqual([
      '`defaultGroups` is declared twice with different values: a.yaml:2 and b.yaml:2',
    ]);
  });
});
