import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import type {
  AuthenticationFlowRepresentation,
  ClientRepresentation,
  ProtocolMapperRepresentation,
  RealmRepresentation,
} from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { planRealm } from '../../src/engine/plan-realm.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { FRESH_REALM_CLIENT_SCOPES, SERVER_CREATED } from '../../src/kinds/shared/server/built-ins.js';
import { corpusPath, describeWithKeycloakAndCorpus } from '../support/corpus.js';
import { freshRealm } from '../support/fresh-realm.js';
import {
  describeWithKeycloak,
  keycloakInfo,
  masterAdmin,
  randomName,
  serverHas,
  serverInfo,
  type TestRealm,
  useTestRealm,
} from '../support/keycloak.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

/** Every kind, so that flows declared with the clients are planned too. */
const KINDS = ALL_KINDS;

const BUILT_INS = [
  'account',
  'account-console',
  'admin-cli',
  'broker',
  'realm-management',
  'security-admin-console',
];

/**
 * The client scopes this server creates with every realm (read from a fresh realm: the list
 * differs between versions). Each must be in src's built-in list, which is never deleted.
 */
let BUILT_IN_SCOPES: string[] = [];
/** Mapper names without the ones versions up to 26.0 add to a service-account client themselves. */
const ownMappers = (mappers: { name?: string }[]): string[] =>
  mappers
    .map((m) => m.name ?? '')
    .filter(
      (name) =>
        !serverHas('serviceAccountMappers') ||
        !(SERVER_CREATED.serviceAccountMappers.names as readonly string[]).includes(name),
    )
    .sort();
/** `service_account` where this version has it (26.1+; a plan error before, see test/server). */
const SERVICE_ACCOUNT = serverHas('serviceAccountClientScope') ? ['service_account'] : [];
beforeAll(async () => {
  if (!keycloakInfo()) return;
  BUILT_IN_SCOPES = (await freshRealm()).clientScopes;
  expect(BUILT_IN_SCOPES.filter((name) => !FRESH_REALM_CLIENT_SCOPES.has(name))).toEqual([]);
});

function runner(realm: TestRealm) {
  return async (representation: RealmRepresentation) => {
    const result = await applyManifest(
      realm.admin,
      manifestOf({ ...representation, realm: realm.name }),
      KINDS,
    );
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    return result;
  };
}

async function client(realm: TestRealm, clientId: string): Promise<ClientRepresentation> {
  const found = await realm.admin.getClientByClientId(clientId);
  if (!found) throw new Error(`no client ${clientId}`);
  return found;
}

async function scopeNames(
  realm: TestRealm,
  clientId: string,
): Promise<{ defaults: string[]; optionals: string[] }> {
  const id = (await client(realm, clientId)).id as string;
  const names = (list: { name?: string }[]) => list.map((scope) => scope.name ?? '').sort();
  return {
    defaults: names(await realm.admin.getClientDefaultClientScopes(id)),
    optionals: names(await realm.admin.getClientOptionalClientScopes(id)),
  };
}

/** A manifest mapper; the YAML-style boolean in config must compare equal to Keycloak's "true". */
const mapper = (
  name: string,
  claim: string,
  extra: Record<string, string> = {},
): ProtocolMapperRepresentation => ({
  name,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-usermodel-attribute-mapper',
  consentRequired: false,
  config: {
    'user.attribute': claim,
    'claim.name': claim,
    'access.token.claim': true as unknown as string,
    ...extra,
  },
});

describeWithKeycloak('client kind', () => {
  const realm = useTestRealm('kclients');
  const run = runner(realm);
  let browserFlowId = '';
  let directGrantFlowId = '';

  beforeAll(async () => {
    const flows = await realm.admin.getAuthenticationFlows();
    browserFlowId = flows.find((flow) => flow.alias === 'browser')?.id ?? '';
    directGrantFlowId = flows.find((flow) => flow.alias === 'direct grant')?.id ?? '';
  });

  const full = (): ClientRepresentation => ({
    clientId: 'full',
    name: 'Full client',
    description: 'every field',
    rootUrl: 'https://full.example',
    baseUrl: '/home',
    adminUrl: 'https://full.example/admin',
    redirectUris: ['https://full.example/cb', 'https://full.example/other/*'],
    webOrigins: ['https://full.example', '+'],
    enabled: true,
    publicClient: false,
    bearerOnly: false,
    standardFlowEnabled: true,
    implicitFlowEnabled: true,
    directAccessGrantsEnabled: true,
    serviceAccountsEnabled: true,
    authorizationServicesEnabled: false,
    consentRequired: true,
    fullScopeAllowed: false,
    protocol: 'openid-connect',
    frontchannelLogout: true,
    clientAuthenticatorType: 'client-secret',
    secret: 'first-secret',
    nodeReRegistrationTimeout: 30,
    alwaysDisplayInConsole: true,
    surrogateAuthRequired: false,
    notBefore: 0,
    attributes: {
      'pkce.code.challenge.method': 'S256',
      'post.logout.redirect.uris': 'https://full.example/bye',
      'access.token.lifespan': 600 as unknown as string,
      'use.refresh.tokens': true as unknown as string,
    },
    authenticationFlowBindingOverrides: { browser: browserFlowId },
    protocolMappers: [mapper('branch', 'branch'), mapper('team', 'team', { multivalued: 'true' })],
    defaultClientScopes: ['profile', 'email', ...SERVICE_ACCOUNT],
    optionalClientScopes: ['address'],
  });

  it('creates a client declared with only clientId and redirectUris, and converges', async () => {
    const result = await run({ clients: [{ clientId: 'minimal', redirectUris: ['https://min.example/*'] }] });
    expect(actionsOf(result.plan)).toEqual(['create client["minimal"]']);
    const created = await client(realm, 'minimal');
    expect(created.redirectUris).toEqual(['https://min.example/*']);
    // Keycloak filled in its defaults, among them the realm's default scopes.
    expect(created.protocol).toBe('openid-connect');
    expect((await scopeNames(realm, 'minimal')).defaults).toContain('profile');
  });

  it('creates a client with every setting, mappers, scopes and a secret that is never printed', async () => {
    const result = await run({ clients: [{ clientId: 'minimal' }, full()] });
    expect(actionsOf(result.plan)).toEqual(['create client["full"]']);
    expect(JSON.stringify(result.plan)).not.toContain('first-secret');
    const created = await client(realm, 'full');
    expect(created).toMatchObject({
      name: 'Full client',
      description: 'every field',
      rootUrl: 'https://full.example',
      baseUrl: '/home',
      adminUrl: 'https://full.example/admin',
      implicitFlowEnabled: true,
      directAccessGrantsEnabled: true,
      serviceAccountsEnabled: true,
      consentRequired: true,
      fullScopeAllowed: false,
      frontchannelLogout: true,
      nodeReRegistrationTimeout: 30,
      alwaysDisplayInConsole: true,
      authenticationFlowBindingOverrides: { browser: browserFlowId },
    });
    expect(created.redirectUris?.slice().sort()).toEqual([
      'https://full.example/cb',
      'https://full.example/other/*',
    ]);
    expect(created.attributes).toMatchObject({
      'pkce.code.challenge.method': 'S256',
      'access.token.lifespan': '600',
      'use.refresh.tokens': 'true',
    });
    expect((await realm.admin.getClientSecrets(created.id as string)).value).toBe('first-secret');
    const mappers = await realm.admin.getMappersFromClient(created.id as string);
    expect(ownMappers(mappers)).toEqual(['branch', 'team']);
    expect(mappers.find((m) => m.name === 'team')?.config).toMatchObject({
      multivalued: 'true',
      'claim.name': 'team',
    });
    expect(await scopeNames(realm, 'full')).toEqual({
      defaults: ['email', 'profile', ...SERVICE_ACCOUNT],
      optionals: ['address'],
    });
  });

  it('updates declared fields only: undeclared fields stay, the secret is never changed again', async () => {
    const { adminUrl: _adminUrl, secret: _secret, ...rest } = full();
    const result = await run({
      clients: [
        { clientId: 'minimal' },
        {
          ...rest,
          secret: 'second-secret',
          description: 'changed',
          redirectUris: ['https://full.example/other/*', 'https://full.example/cb'],
          attributes: { 'pkce.code.challenge.method': 'plain' },
          authenticationFlowBindingOverrides: { direct_grant: directGrantFlowId },
          protocolMappers: [mapper('team', 'teams', { multivalued: 'true' }), mapper('site', 'site')],
        },
      ],
    });
    expect(actionsOf(result.plan)).toEqual(['update client["full"]']);
    const change = result.plan.changes.find((c) => c.address === 'client["full"]');
    expect(change?.changedPaths).toEqual([
      'attributes["pkce.code.challenge.method"]',
      'authenticationFlowBindingOverrides.direct_grant',
      'description',
      'protocolMappers["team"].config["claim.name"]',
      'protocolMappers["team"].config["user.attribute"]',
      'protocolMappers["site"]',
      'protocolMappers["branch"]',
    ]);
    expect(JSON.stringify(result.plan)).not.toContain('second-secret');
    const updated = await client(realm, 'full');
    expect(updated.description).toBe('changed');
    expect(updated.adminUrl).toBe('https://full.example/admin');
    expect(updated.attributes).toMatchObject({
      'pkce.code.challenge.method': 'plain',
      'access.token.lifespan': '600',
    });
    expect(updated.authenticationFlowBindingOverrides).toEqual({
      browser: browserFlowId,
      direct_grant: directGrantFlowId,
    });
    expect((await realm.admin.getClientSecrets(updated.id as string)).value).toBe('first-secret');
    const mappers = await realm.admin.getMappersFromClient(updated.id as string);
    expect(ownMappers(mappers)).toEqual(['site', 'team']);
    expect(mappers.find((m) => m.name === 'team')?.config).toMatchObject({
      'claim.name': 'teams',
      multivalued: 'true',
    });
  });

  it('unbinds flow overrides declared as "" or null', async () => {
    const result = await run({
      clients: [
        { clientId: 'minimal' },
        {
          clientId: 'full',
          authenticationFlowBindingOverrides: { browser: '', direct_grant: null as unknown as string },
        },
      ],
    });
    expect(actionsOf(result.plan)).toEqual(['update client["full"]']);
    expect((await client(realm, 'full')).authenticationFlowBindingOverrides).toEqual({});
  });

  it('refuses at plan time an override naming no flow (alias or id), and changes nothing', async () => {
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const result = await applyManifest(
      realm.admin,
      manifestOf({
        realm: realm.name,
        clients: [
          { clientId: 'minimal', description: 'must not change' },
          {
            clientId: 'full',
            authenticationFlowBindingOverrides: { browser: 'no such flow', direct_grant: unknownId },
          },
        ],
      }),
      KINDS,
    );
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.address, d.path, d.summary])).toEqual([
      [
        'client["full"]',
        'clients[1].authenticationFlowBindingOverrides.direct_grant',
        `client["full"]: authenticationFlowBindingOverrides.direct_grant: no authentication flow of the realm has the id "${unknownId}" (name the flow by its alias)`,
      ],
      [
        'client["full"]',
        'clients[1].authenticationFlowBindingOverrides.browser',
        'client["full"] refers to auth-flow["no such flow"], which is neither declared nor present in Keycloak',
      ],
    ]);
    expect(result.report.applied).toEqual([]);
    expect((await client(realm, 'full')).authenticationFlowBindingOverrides).toEqual({});
    expect((await client(realm, 'minimal')).description).toBeUndefined();
  });

  it('moves scopes between default and optional, and only compares the lists when declared', async () => {
    await run({
      clients: [
        { clientId: 'minimal' },
        {
          clientId: 'full',
          defaultClientScopes: ['profile', 'address', ...SERVICE_ACCOUNT],
          optionalClientScopes: ['email'],
        },
      ],
    });
    expect(await scopeNames(realm, 'full')).toEqual({
      defaults: ['address', 'profile', ...SERVICE_ACCOUNT],
      optionals: ['email'],
    });
    // Only the default list declared: the optional one is left as it is.
    const result = await run({
      clients: [{ clientId: 'minimal' }, { clientId: 'full', defaultClientScopes: ['profile', 'email'] }],
    });
    expect(actionsOf(result.plan)).toEqual(['update client["full"]']);
    expect(await scopeNames(realm, 'full')).toEqual({ defaults: ['email', 'profile'], optionals: [] });
  });

  it('leaves mappers alone when protocolMappers is not declared, removes them all for []', async () => {
    const untouched = await run({
      clients: [{ clientId: 'minimal' }, { clientId: 'full', description: 'changed' }],
    });
    expect(actionsOf(untouched.plan)).toEqual([]);
    const id = (await client(realm, 'full')).id as string;
    // (Plus the service-account mappers versions up to 26.0 add by themselves: kept.)
    const serverMappers = serverHas('serviceAccountMappers')
      ? [...SERVER_CREATED.serviceAccountMappers.names]
      : [];
    expect((await realm.admin.getMappersFromClient(id)).length).toBe(2 + serverMappers.length);
    const cleared = await run({
      clients: [{ clientId: 'minimal' }, { clientId: 'full', protocolMappers: [] }],
    });
    expect(actionsOf(cleared.plan)).toEqual(['update client["full"]']);
    expect((await realm.admin.getMappersFromClient(id)).map((m) => m.name).sort()).toEqual(serverMappers);
  });

  it('turns a client public; enabling service accounts keeps the declared scope list', async () => {
    await run({
      clients: [
        { clientId: 'minimal', defaultClientScopes: ['profile'] },
        { clientId: 'full', publicClient: true },
      ],
    });
    expect((await client(realm, 'full')).publicClient).toBe(true);
    // Enabling service accounts attaches `service_account` on the server; the declared list wins,
    // on create as on update.
    await run({
      clients: [
        { clientId: 'minimal', defaultClientScopes: ['profile'] },
        { clientId: 'full' },
        { clientId: 'robot', serviceAccountsEnabled: true, defaultClientScopes: ['roles'] },
      ],
    });
    expect((await scopeNames(realm, 'robot')).defaults).toEqual(['roles']);
    const result = await run({
      clients: [
        { clientId: 'minimal', serviceAccountsEnabled: true, defaultClientScopes: ['profile'] },
        { clientId: 'full' },
      ],
    });
    expect(result.plan.changes.find((c) => c.address === 'client["minimal"]')?.changedPaths).toEqual([
      'serviceAccountsEnabled',
    ]);
    expect((await scopeNames(realm, 'minimal')).defaults).toEqual(['profile']);
  });

  it('updates a built-in client, deletes undeclared clients, never deletes built-ins', async () => {
    const result = await run({
      clients: [{ clientId: 'minimal' }, { clientId: 'account', attributes: { 'realmform.test': 'yes' } }],
    });
    expect(actionsOf(result.plan)).toEqual(['update client["account"]', 'delete client["full"]']);
    expect(await realm.admin.getClientByClientId('full')).toBeUndefined();
    expect((await client(realm, 'account')).attributes?.['realmform.test']).toBe('yes');
    const emptied = await run({ clients: [] });
    expect(actionsOf(emptied.plan)).toEqual(['delete client["minimal"]']);
    const left = (await realm.admin.getClients()).map((c) => c.clientId).sort();
    expect(left).toEqual(BUILT_INS);
  });

  it('reports a dangling scope reference at plan time with the address, and changes nothing', async () => {
    const result = await applyManifest(
      realm.admin,
      manifestOf({
        realm: realm.name,
        clients: [{ clientId: 'dangling', defaultClientScopes: ['profile', 'no-such-scope'] }],
      }),
      KINDS,
    );
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      address: 'client["dangling"]',
      path: 'clients[0].defaultClientScopes[1]',
    });
    expect(errors[0]?.summary).toContain('client-scope["no-such-scope"]');
    expect(result.report.applied).toEqual([]);
    expect(await realm.admin.getClientByClientId('dangling')).toBeUndefined();
  });
});

describeWithKeycloakAndCorpus('client kind with keycloak-config-cli realm files', () => {
  const realm = useTestRealm('kclientscorpus');
  const run = runner(realm);
  const corpus = (file: string): ClientRepresentation[] =>
    JSON.parse(readFileSync(corpusPath('clients', file), 'utf8')).clients;

  it.each([
    '00_create_realm_with_client.json',
    '01_update_realm__add_client.json',
    '02_update_realm__change_clients_properties.json',
    '03_update_realm__add_protocol-mapper.json',
    '04_update_realm__add_more_protocol-mapper.json',
    '05_update_realm__change_protocol-mapper.json',
    '06_update_realm__ignore_protocol-mapper.json',
    '08_update_realm__delete_protocol-mapper.json',
    '09_update_realm__delete_all_protocol-mapper.json',
  ])('applies the clients of %s and converges', async (file) => {
    const clients = corpus(file);
    await run({ clients });
    const live = await realm.admin.getClients();
    const declared = clients.map((c) => c.clientId ?? c.name).sort();
    const present = live
      .filter((c) => !BUILT_INS.includes(c.clientId ?? ''))
      .map((c) => (c.clientId === c.id ? c.name : c.clientId))
      .sort();
    expect(present).toEqual(declared);
    for (const declaredClient of clients) {
      const found = live.find(
        (c) =>
          c.clientId === declaredClient.clientId ||
          (!declaredClient.clientId && c.name === declaredClient.name),
      );
      expect(found?.redirectUris).toEqual(declaredClient.redirectUris);
      if (declaredClient.protocolMappers) {
        expect((found?.protocolMappers ?? []).map((m) => m.name).sort()).toEqual(
          declaredClient.protocolMappers.map((m) => m.name).sort(),
        );
      }
    }
  });
});

describeWithKeycloakAndCorpus('client scope bindings with keycloak-config-cli realm files 20-26', () => {
  const realm = useTestRealm('kclientbindings');
  const run = runner(realm);

  it.each([
    '20_update_realm__create_client_add_default_scope.json',
    '21_update_realm__update_client_update_default_scope.json',
    '22_update_realm__update_client_skip_default_scope.json',
    '23_update_realm__update_client_remove_default_scope.json',
    '24_update_realm__update_client_add_custom_default_scope.json',
    '25_update_realm__update_client_update_custom_default_scope.json',
    '26_update_realm__update_client_remove_custom_default_scope.json',
  ])('applies clients, scopes and realm scope lists of %s and converges', async (file) => {
    const source: RealmRepresentation = JSON.parse(readFileSync(corpusPath('clients', file), 'utf8'));
    const before = await scopeNames(realm, 'default-client-scope-client').catch(() => undefined);
    await run({
      // Roles and flows too: the files' authorization policies and overrides refer to them.
      roles: source.roles,
      authenticationFlows: source.authenticationFlows,
      clients: source.clients,
      clientScopes: source.clientScopes,
      defaultDefaultClientScopes: source.defaultDefaultClientScopes,
      defaultOptionalClientScopes: source.defaultOptionalClientScopes,
    });
    const declared = source.clients?.find((c) => c.clientId === 'default-client-scope-client');
    const live = await scopeNames(realm, 'default-client-scope-client');
    expect(live.defaults).toEqual(declared?.defaultClientScopes?.slice().sort() ?? before?.defaults);
    expect(live.optionals).toEqual(declared?.optionalClientScopes?.slice().sort() ?? before?.optionals);
    // Undeclared custom scopes are deleted; the built-ins stay, declared or not.
    const declaredScopes = (source.clientScopes ?? []).map((s) => s.name ?? '');
    expect((await realm.admin.getClientScopes()).map((s) => s.name).sort()).toEqual(
      [...new Set([...BUILT_IN_SCOPES, ...declaredScopes])].sort(),
    );
    // The declared realm lists are exact (built-ins left out of them are unbound, not deleted).
    const listNames = (list: { name?: string }[]) => list.map((s) => s.name ?? '').sort();
    expect(listNames(await realm.admin.getDefaultDefaultClientScopes())).toEqual(
      source.defaultDefaultClientScopes?.slice().sort(),
    );
    expect(listNames(await realm.admin.getDefaultOptionalClientScopes())).toEqual(
      source.defaultOptionalClientScopes?.slice().sort(),
    );
  });
});

describeWithKeycloak('client kind: what Keycloak ignores or refuses', () => {
  const realm = useTestRealm('kclientsquirks');
  const run = runner(realm);
  const planOf = (representation: RealmRepresentation) =>
    applyManifest(realm.admin, manifestOf({ ...representation, realm: realm.name }), KINDS);
  const messages = (result: Awaited<ReturnType<typeof planOf>>, severity: 'error' | 'warning') =>
    result.plan.diagnostics
      .filter((d) => d.severity === severity && d.address)
      .map((d) => `${d.path}: ${d.summary}`);

  it('leaves out, with a warning, what Keycloak drops: defaultRoles and scopes of the other protocol', async () => {
    const clients: ClientRepresentation[] = [
      // keycloak-config-cli roles/70: Keycloak 26 accepts a client's defaultRoles and drops them.
      { clientId: 'app', defaultRoles: ['USER'], defaultClientScopes: ['role_list', 'profile'] },
      {
        clientId: 'urn:sp',
        protocol: 'saml',
        defaultClientScopes: ['role_list', 'profile'],
        optionalClientScopes: ['email'],
      },
    ];
    const result = await run({ clients });
    expect(messages(result, 'warning')).toEqual([
      expect.stringMatching(
        /^clients\[0\]\.defaultRoles: client\["app"\]: Keycloak has ignored a client's `defaultRoles` since version 13/,
      ),
      'clients[0].defaultClientScopes[0]: client["app"]: client scope "role_list" is a saml scope, which Keycloak silently skips on an openid-connect client; it is left out of defaultClientScopes',
      'clients[1].defaultClientScopes[1]: client["urn:sp"]: client scope "profile" is an openid-connect scope, which Keycloak silently skips on a saml client; it is left out of defaultClientScopes',
      'clients[1].optionalClientScopes[0]: client["urn:sp"]: client scope "email" is an openid-connect scope, which Keycloak silently skips on a saml client; it is left out of optionalClientScopes',
    ]);
    expect(await scopeNames(realm, 'app')).toMatchObject({ defaults: ['profile'] });
    expect(await scopeNames(realm, 'urn:sp')).toEqual({ defaults: ['role_list'], optionals: [] });
    // The second apply of the same manifest has nothing to do (runner checks the re-plan).
    expect(actionsOf((await run({ clients })).plan)).toEqual([]);
  });

  it('refuses a scope list that could never converge: a SAML client declared without its protocol', async () => {
    const result = await planOf({
      clients: [{ clientId: 'urn:sp', defaultClientScopes: ['role_list', 'profile'] }],
    });
    expect(messages(result, 'error')).toEqual([
      'clients[0].protocol: client["urn:sp"] declares no protocol and is a saml client in Keycloak: declare `protocol` so that its client scope lists can be checked',
      'clients[0].defaultClientScopes: client["urn:sp"]: client scope "profile" is an openid-connect scope, which Keycloak silently skips on a saml client; remove it from defaultClientScopes',
    ]);
    expect(result.report.applied).toEqual([]);
  });

  it('refuses at plan time a protocol mapper type the server does not provide', async () => {
    const result = await planOf({
      clients: [
        { clientId: 'app', description: 'must not change' },
        {
          clientId: 'urn:sp',
          protocol: 'saml',
          protocolMappers: [{ name: 'x', protocolMapper: 'oidc-full-name-mapper' }],
        },
      ],
    });
    expect(messages(result, 'error')).toEqual([
      `clients[1].protocolMappers[0].protocolMapper: client["urn:sp"]: protocol mapper "x" has type "oidc-full-name-mapper", which Keycloak ${serverInfo().version} does not provide for saml (it would answer 404 "ProtocolMapper provider not found")`,
    ]);
    expect(result.report.applied).toEqual([]);
    expect((await client(realm, 'app')).description).toBeUndefined();
  });

  it('never deletes realm-management, and refuses at plan time to change it (Keycloak answers 403)', async () => {
    const management = await client(realm, 'realm-management');
    // Declared as it is (an export does that): nothing to do.
    const same = await run({
      clients: [
        { clientId: 'app' },
        { clientId: 'urn:sp', protocol: 'saml' },
        { clientId: 'realm-management', bearerOnly: management.bearerOnly, secret: 'write-only' },
      ],
    });
    expect(actionsOf(same.plan)).toEqual([]);
    const changed = await planOf({
      clients: [
        { clientId: 'app', description: 'must not change' },
        { clientId: 'urn:sp', protocol: 'saml' },
        { clientId: 'realm-management', publicClient: true, defaultClientScopes: ['profile'] },
      ],
    });
    expect(messages(changed, 'error')).toEqual([
      'clients[2]: client["realm-management"] cannot be changed: client "realm-management" is managed by Keycloak: the admin API refuses any change to it (403), so it can only be declared as it is (differs in defaultClientScopes, publicClient)',
    ]);
    expect(changed.report.applied).toEqual([]);
    // Undeclared: built-in, never deleted (all the others are).
    const emptied = await run({ clients: [] });
    expect(actionsOf(emptied.plan)).toEqual(['delete client["app"]', 'delete client["urn:sp"]']);
    expect((await realm.admin.getClients()).map((c) => c.clientId).sort()).toEqual(BUILT_INS);
  });

  it("treats master's <realm>-realm clients as built-in: a master plan never deletes them", async () => {
    const master = masterAdmin();
    try {
      // Plan only (never applied: the master realm is shared).
      const plan = await planRealm(master, manifestOf({ realm: 'master', clients: [] }), KINDS, {
        sources: [],
      });
      const deletions = actionsOf(plan.work.plan).filter((action) => action.startsWith('delete'));
      expect(deletions).not.toContain('delete client["master-realm"]');
      expect(deletions).not.toContain(`delete client["${realm.name}-realm"]`);
      const changed = await planRealm(
        master,
        manifestOf({ realm: 'master', clients: [{ clientId: `${realm.name}-realm`, description: 'x' }] }),
        KINDS,
        { sources: [] },
      );
      expect(
        changed.work.plan.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary),
      ).toEqual([
        `client["${realm.name}-realm"] cannot be changed: client "${realm.name}-realm" is managed by Keycloak: the admin API refuses any change to it (403), so it can only be declared as it is (differs in description)`,
      ]);
    } finally {
      await master.close();
    }
  });
});

describeWithKeycloak('SAML clients', () => {
  const realm = useTestRealm('kclientssaml');
  const run = runner(realm);

  it('creates a SAML client whose mappers take the client protocol, and converges', async () => {
    await run({
      clients: [
        {
          clientId: 'urn:sp:example',
          protocol: 'saml',
          redirectUris: ['https://sp.example/saml'],
          attributes: {
            'saml.signature.algorithm': 'RSA_SHA256',
            saml_force_name_id_format: false as unknown as string,
          },
          protocolMappers: [
            {
              name: 'roles',
              protocolMapper: 'saml-role-list-mapper',
              config: { single: true as unknown as string, 'attribute.name': 'Role' },
            },
          ],
          defaultClientScopes: ['role_list'],
        },
      ],
    });
    const saml = await client(realm, 'urn:sp:example');
    expect(saml.protocol).toBe('saml');
    expect(saml.protocolMappers?.map((m) => [m.name, m.protocol, m.config?.single])).toEqual([
      ['roles', 'saml', 'true'],
    ]);
    expect(await scopeNames(realm, 'urn:sp:example')).toEqual({ defaults: ['role_list'], optionals: [] });
  });
});

describeWithKeycloak('client kind in a realm created by the same apply', () => {
  const name = randomName('kclientsnew');
  const admin = masterAdmin(name);
  afterAll(async () => {
    await admin.deleteRealm(name).catch(() => undefined);
    await admin.close();
  });

  it('creates the realm, updates built-in clients and binds built-in scopes in one apply', async () => {
    const result = await applyManifest(
      admin,
      manifestOf({
        realm: name,
        enabled: true,
        clients: [
          {
            clientId: 'app',
            redirectUris: ['https://app.example/*'],
            defaultClientScopes: ['profile', 'roles'],
          },
          { clientId: 'admin-cli', description: 'declared built-in' },
        ],
      }),
      KINDS,
    );
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      'create client["admin-cli"]',
      'create client["app"]',
      `create realm["${name}"]`,
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect((await admin.getClientByClientId('admin-cli'))?.description).toBe('declared built-in');
    const appId = (await admin.getClientId('app')) as string;
    expect((await admin.getClientDefaultClientScopes(appId)).map((s) => s.name).sort()).toEqual([
      'profile',
      'roles',
    ]);
  });
});

/** A top-level flow with the given alias (and id, as an export has it). */
const loginFlow = (alias: string, id?: string): AuthenticationFlowRepresentation => ({
  ...(id ? { id } : {}),
  alias,
  providerId: 'basic-flow',
  topLevel: true,
  builtIn: false,
  authenticationExecutions: [
    { authenticator: 'auth-cookie', authenticatorFlow: false, requirement: 'ALTERNATIVE', priority: 10 },
    {
      authenticator: 'auth-username-password-form',
      authenticatorFlow: false,
      requirement: 'ALTERNATIVE',
      priority: 20,
    },
  ],
});

/** The id of a flow on the server (the export lists every flow). */
async function flowId(admin: KeycloakAdmin, alias: string): Promise<string> {
  const flows = (await admin.exportRealm({})).authenticationFlows ?? [];
  const id = flows.find((flow) => flow.alias === alias && flow.topLevel)?.id;
  if (!id) throw new Error(`no flow ${alias}`);
  return id;
}

describeWithKeycloak('client flow overrides by flow alias', () => {
  const realm = useTestRealm('kclientflows');
  const run = runner(realm);
  const flows = [loginFlow('login a'), loginFlow('login b')];
  const overrides = async (clientId: string) =>
    (await client(realm, clientId)).authenticationFlowBindingOverrides;

  it('overrides browser with a flow declared in the same manifest, by alias, and converges', async () => {
    const result = await run({
      authenticationFlows: flows,
      clients: [{ clientId: 'app', authenticationFlowBindingOverrides: { browser: 'login a' } }],
    });
    expect(actionsOf(result.plan)).toEqual([
      'create auth-flow["login a"]',
      'create auth-flow["login b"]',
      'create client["app"]',
    ]);
    expect(await overrides('app')).toEqual({ browser: await flowId(realm.admin, 'login a') });
  });

  it('changes the override to another alias; undeclared bindings stay', async () => {
    const directGrant = await flowId(realm.admin, 'direct grant');
    await run({
      authenticationFlows: flows,
      clients: [{ clientId: 'app', authenticationFlowBindingOverrides: { direct_grant: 'direct grant' } }],
    });
    const result = await run({
      authenticationFlows: flows,
      clients: [{ clientId: 'app', authenticationFlowBindingOverrides: { browser: 'login b' } }],
    });
    expect(actionsOf(result.plan)).toEqual(['update client["app"]']);
    expect(result.plan.changes.find((c) => c.address === 'client["app"]')?.changedPaths).toEqual([
      'authenticationFlowBindingOverrides.browser',
    ]);
    expect(await overrides('app')).toEqual({
      browser: await flowId(realm.admin, 'login b'),
      direct_grant: directGrant,
    });
  });

  it('keeps overrides by id: of a live flow, and of a flow the manifest declares with its id', async () => {
    const browser = await flowId(realm.admin, 'browser');
    // An id from an export of another server: the flow is created under a new id.
    const exportedId = 'fbee9bfe-430a-48ac-8ef7-00dd17a1ab43';
    const result = await run({
      authenticationFlows: [...flows, loginFlow('exported', exportedId)],
      clients: [
        { clientId: 'app', authenticationFlowBindingOverrides: { browser } },
        { clientId: 'exported', authenticationFlowBindingOverrides: { browser: exportedId } },
      ],
    });
    expect(actionsOf(result.plan)).toEqual([
      'create auth-flow["exported"]',
      'update client["app"]',
      'create client["exported"]',
    ]);
    expect((await overrides('app'))?.browser).toBe(browser);
    expect(await overrides('exported')).toEqual({ browser: await flowId(realm.admin, 'exported') });
  });

  it('removes an override declared as "", then the flow it used', async () => {
    const result = await run({
      authenticationFlows: [loginFlow('login a')],
      clients: [
        { clientId: 'app', authenticationFlowBindingOverrides: { browser: '', direct_grant: '' } },
        { clientId: 'exported', authenticationFlowBindingOverrides: { browser: '' } },
      ],
    });
    expect(actionsOf(result.plan)).toEqual([
      'delete auth-flow["exported"]',
      'delete auth-flow["login b"]',
      'update client["app"]',
      'update client["exported"]',
    ]);
    expect(await overrides('app')).toEqual({});
    expect(await overrides('exported')).toEqual({});
  });

  it('refuses a dangling alias at plan time with the address and path, and changes nothing', async () => {
    const result = await applyManifest(
      realm.admin,
      manifestOf({
        realm: realm.name,
        authenticationFlows: [loginFlow('login a'), loginFlow('login c')],
        clients: [
          { clientId: 'app', authenticationFlowBindingOverrides: { browser: 'login a' } },
          { clientId: 'exported', authenticationFlowBindingOverrides: { direct_grant: 'login b' } },
        ],
      }),
      KINDS,
    );
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.address, d.path, d.summary])).toEqual([
      [
        'client["exported"]',
        'clients[1].authenticationFlowBindingOverrides.direct_grant',
        'client["exported"] refers to auth-flow["login b"], which is neither declared nor present in Keycloak',
      ],
    ]);
    expect(result.report.applied).toEqual([]);
    expect(await overrides('app')).toEqual({});
    expect((await realm.admin.exportRealm({})).authenticationFlows?.map((f) => f.alias)).not.toContain(
      'login c',
    );
  });
});

describeWithKeycloak('client flow overrides in a realm created by the same apply', () => {
  const name = randomName('kclientflowsnew');
  const admin = masterAdmin(name);
  afterAll(async () => {
    await admin.deleteRealm(name).catch(() => undefined);
    await admin.close();
  });

  it('creates the realm, a flow and a client overriding browser with it by alias, and converges', async () => {
    const result = await applyManifest(
      admin,
      manifestOf({
        realm: name,
        enabled: true,
        authenticationFlows: [loginFlow('login a')],
        clients: [{ clientId: 'app', authenticationFlowBindingOverrides: { browser: 'login a' } }],
      }),
      KINDS,
    );
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      'create auth-flow["login a"]',
      'create client["app"]',
      `create realm["${name}"]`,
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect((await admin.getClientByClientId('app'))?.authenticationFlowBindingOverrides).toEqual({
      browser: await flowId(admin, 'login a'),
    });
  });
});
