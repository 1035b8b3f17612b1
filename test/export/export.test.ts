// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${env:…}` here is manifest syntax, not a template.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  diffObject,
  dropBookkeeping,
  minimize,
  normalizeExport,
  renameRealm,
  replaceEverywhere,
  userEntry,
} from '../../src/export/minimize.js';
import { orderManifest, splitManifest, toYaml } from '../../src/export/render.js';
import { MASK, passwordPlaceholder, placeSecrets, variableName } from '../../src/export/secrets.js';

describe('export: normalize', () => {
  it('drops ids everywhere, maps override flow ids to aliases and sorts set-like lists', () => {
    const normalized = normalizeExport({
      id: 'r1',
      realm: 'a',
      authenticationFlows: [{ id: 'f1', alias: 'my browser' }],
      clients: [
        {
          id: 'c1',
          clientId: 'web',
          redirectUris: ['https://b/*', 'https://a/*'],
          authenticationFlowBindingOverrides: { browser: 'f1' },
          protocolMappers: [{ id: 'm1', name: 'x', config: { id: 'kept' } }],
        },
      ],
      groups: [{ id: 'g', name: 'x', subGroups: [{ id: 's', parentId: 'g', name: 'y' }] }],
    });
    expect(normalized).toEqual({
      realm: 'a',
      authenticationFlows: [{ alias: 'my browser' }],
      clients: [
        {
          clientId: 'web',
          redirectUris: ['https://a/*', 'https://b/*'],
          authenticationFlowBindingOverrides: { browser: 'my browser' },
          protocolMappers: [{ name: 'x', config: { id: 'kept' } }],
        },
      ],
      groups: [{ name: 'x', subGroups: [{ name: 'y' }] }],
    });
  });
});

describe('export: no bookkeeping', () => {
  const scratch = normalizeExport({ realm: 'a', enabled: true, clients: [] });
  const fresh = { client: { enabled: true, publicClient: false, consentRequired: false } };

  it('leaves out the timestamps Keycloak records and values equal to their absent default', () => {
    const live = normalizeExport({
      realm: 'a',
      enabled: true,
      clients: [
        {
          clientId: 'api',
          enabled: true,
          publicClient: false,
          consentRequired: false,
          description: '',
          registeredNodes: { 'node-1': 1767225600 },
          attributes: {
            'client.secret.creation.time': '1767225600',
            'client.secret.rotated': 'the-previous-secret',
            'client.secret.rotated.creation.time': '1767225000',
            'pkce.code.challenge.method': 'S256',
            description: '',
          },
          protocolMappers: [
            {
              name: 'tenant',
              protocol: 'openid-connect',
              protocolMapper: 'oidc-hardcoded-claim-mapper',
              consentRequired: false,
              consentText: '',
              config: { 'claim.name': 'tenant', consentRequired: false },
            },
          ],
        },
      ],
      authenticationFlows: [
        {
          alias: 'mine',
          description: '',
          providerId: 'basic-flow',
          authenticationExecutions: [{ authenticator: 'auth-cookie', userSetupAllowed: false, priority: 10 }],
        },
      ],
    });
    const manifest = minimize({ live, scratch, fresh });
    expect(manifest.clients).toEqual([
      {
        clientId: 'api',
        attributes: { 'pkce.code.challenge.method': 'S256', description: '' },
        protocolMappers: [
          {
            name: 'tenant',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-hardcoded-claim-mapper',
            // A map's entries are configuration, whatever their name.
            config: { 'claim.name': 'tenant', consentRequired: false },
          },
        ],
      },
    ]);
    expect(manifest.authenticationFlows).toEqual([
      {
        alias: 'mine',
        providerId: 'basic-flow',
        authenticationExecutions: [{ authenticator: 'auth-cookie', priority: 10 }],
      },
    ]);
  });

  it('keeps values that differ from the default', () => {
    expect(
      dropBookkeeping({
        realm: 'a',
        clients: [{ clientId: 'x', consentRequired: true, description: 'Web' }],
      }),
    ).toEqual({ realm: 'a', clients: [{ clientId: 'x', consentRequired: true, description: 'Web' }] });
  });
});

describe('export: minimize', () => {
  it('keeps only fields that differ, maps key by key', () => {
    expect(
      diffObject(
        { clientId: 'web', enabled: true, attributes: { a: '1', b: '2' }, webOrigins: [] },
        { enabled: true, attributes: { a: '1' }, webOrigins: [] },
        ['clientId'],
      ),
    ).toEqual({ clientId: 'web', attributes: { b: '2' } });
  });

  it('drops unchanged built-ins and defaults, keeps changes and new objects', () => {
    const scratch = normalizeExport({
      realm: 'a',
      enabled: true,
      accessTokenLifespan: 300,
      clients: [
        { clientId: 'account', enabled: true, baseUrl: '/realms/a/account/' },
        { clientId: 'broker', enabled: true },
        { clientId: 'fresh', enabled: true, publicClient: false, secret: MASK, attributes: { x: '1' } },
      ],
      roles: {
        realm: [{ name: 'offline_access', composite: false }],
        client: { broker: [{ name: 'read-token', composite: false }] },
      },
    });
    const live = normalizeExport({
      realm: 'a',
      enabled: true,
      accessTokenLifespan: 600,
      clients: [
        { clientId: 'account', enabled: true, baseUrl: '/realms/a/account/' },
        { clientId: 'broker', enabled: false },
        { clientId: 'api', enabled: true, publicClient: false, secret: MASK, attributes: { x: '1', y: '2' } },
      ],
      roles: {
        realm: [
          { name: 'offline_access', composite: false },
          { name: 'reader', composite: false, description: 'Reads' },
        ],
        client: {
          broker: [
            { name: 'read-token', composite: false },
            { name: 'realmform-lock', composite: false },
          ],
          api: [{ name: 'uma_protection', composite: false, clientRole: true }],
        },
      },
    });
    const manifest = minimize({
      live,
      scratch,
      fresh: {
        client: { enabled: true, publicClient: false, secret: MASK, attributes: { x: '1' } },
        realmRole: { composite: false },
      },
      scratchOnly: { clients: ['fresh'] },
    });
    expect(manifest).toEqual({
      realm: 'a',
      enabled: true,
      accessTokenLifespan: 600,
      clients: [
        { clientId: 'api', secret: MASK, attributes: { y: '2' } },
        { clientId: 'broker', enabled: false },
      ],
      roles: { realm: [{ name: 'reader', description: 'Reads' }] },
    });
  });

  it('aligns the scratch realm by name and renames clones', () => {
    expect(replaceEverywhere({ name: 'default-roles-s1' }, 's1', 'a')).toEqual({ name: 'default-roles-a' });
    expect(
      renameRealm(
        { realm: 'a', roles: { realm: [{ name: 'default-roles-a' }] }, baseUrl: '/realms/a/x' },
        'a',
        'b',
      ),
    ).toEqual({ realm: 'b', roles: { realm: [{ name: 'default-roles-b' }] }, baseUrl: '/realms/b/x' });
  });

  it('declares users by mappings without the default role or uma_protection', () => {
    expect(
      userEntry(
        {
          username: 'service-account-api',
          serviceAccountClientId: 'api',
          enabled: true,
          realmRoles: ['default-roles-a', 'reader'],
          clientRoles: { api: ['uma_protection', 'read'] },
          groups: [],
        },
        { enabled: true },
        'a',
      ),
    ).toEqual({ username: 'service-account-api', realmRoles: ['reader'], clientRoles: { api: ['read'] } });
  });
});

describe('export: secrets', () => {
  it('names variables in upper case with non-alphanumerics as _', () => {
    expect(variableName('my-realm', 'orders-api', 'secret')).toBe('REALMFORM_MY_REALM_ORDERS_API_SECRET');
  });

  it('replaces masked values with placeholders and escapes variable-like literals', () => {
    const manifest = {
      realm: 'shop',
      smtpServer: { host: 'mail', password: MASK },
      clients: [{ clientId: 'api', secret: MASK, description: 'uses ${env:HOME}' }],
      identityProviders: [{ alias: 'corp', config: { clientId: 'shop', clientSecret: MASK } }],
      components: { ldap: [{ name: 'ldap', config: { bindCredential: [MASK] } }] },
    };
    const variables = placeSecrets(manifest, 'shop');
    expect(variables.map((v) => v.name)).toEqual([
      'REALMFORM_SHOP_API_SECRET',
      'REALMFORM_SHOP_CORP_CLIENTSECRET',
      'REALMFORM_SHOP_LDAP_BINDCREDENTIAL',
      'REALMFORM_SHOP_SMTP_PASSWORD',
    ]);
    expect(manifest.clients[0]).toEqual({
      clientId: 'api',
      secret: '${env:REALMFORM_SHOP_API_SECRET}',
      description: 'uses $${env:HOME}',
    });
    expect(manifest.components.ldap[0]?.config.bindCredential).toEqual([
      '${env:REALMFORM_SHOP_LDAP_BINDCREDENTIAL}',
    ]);
    expect(passwordPlaceholder('shop', 'alice').entry.value).toBe('${env:REALMFORM_SHOP_ALICE_PASSWORD}');
  });
});

describe('export: render', () => {
  const manifest = {
    roles: { realm: [{ description: 'd', name: 'r' }] },
    displayName: 'A',
    realm: 'a',
    enabled: true,
    clients: [{ secret: 's', clientId: 'c' }],
  };

  it('writes the realm first, settings alphabetically, collections in a fixed order', () => {
    const text = toYaml(orderManifest(manifest));
    expect(text.split('\n').filter((line) => /^\S/.test(line))).toEqual([
      'realm: a',
      'enabled: true',
      'displayName: A',
      'roles:',
      'clients:',
    ]);
    expect(text).toContain('  - clientId: c\n    secret: s');
    expect(parse(text)).toEqual(manifest);
  });

  it('splits into one document per collection, each with realm', () => {
    const files = splitManifest(manifest);
    expect([...files.keys()].sort()).toEqual(['clients.yaml', 'realm.yaml', 'roles.yaml']);
    for (const document of files.values()) expect(document.realm).toBe('a');
    expect(files.get('realm.yaml')).toEqual({ realm: 'a', enabled: true, displayName: 'A' });
  });
});
