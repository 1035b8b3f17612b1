/**
 * Checks every row of the version table (src/server/versions.ts) against the running server: the
 * table says whether this version has the feature, the server shows whether it does. Run on each
 * supported release by `npm run test:matrix`, so the table is measured, not remembered.
 */
import { expect, it } from 'vitest';
import { KeycloakError } from '../../src/client/index.js';
import { KeycloakOpenID } from '../../src/client/openid/index.js';
import {
  FRESH_REALM_CLIENT_SCOPES,
  SERVER_CREATED,
  versionHasScope,
} from '../../src/kinds/shared/server/built-ins.js';
import { type Feature, hasFeature, requireSupported, TESTED_RELEASES } from '../../src/server/versions.js';
import { freshRealm } from '../support/fresh-realm.js';
import {
  describeWithKeycloak,
  masterAdmin,
  randomName,
  serverInfo,
  serverVersion,
  useTestRealm,
} from '../support/keycloak.js';

/** What the server does, as a yes/no per feature. */
const table = (feature: Feature): boolean => {
  const version = serverVersion();
  if (!version) throw new Error('the run has no server version');
  return hasFeature(version, feature);
};

const failsWith = async (call: Promise<unknown>): Promise<KeycloakError | undefined> =>
  call.then(
    () => undefined,
    (error: unknown) => {
      if (error instanceof KeycloakError) return error;
      throw error;
    },
  );

describeWithKeycloak('the version table matches the server', () => {
  const realm = useTestRealm('kver');

  it('the server reports a supported version', () => {
    const reported = serverInfo().version;
    expect(() => requireSupported(reported)).not.toThrow();
    // The harness runs the releases the table names; an external server may run another one.
    if (serverInfo().source === 'distribution') expect(TESTED_RELEASES).toContain(reported);
  });

  it('feature organizations: the organizations endpoint answers once they are enabled', async () => {
    const enabled = await failsWith(realm.admin.updateRealm(realm.name, { organizationsEnabled: true }));
    const listed = enabled ? enabled : await failsWith(realm.admin.getOrganizations());
    expect(listed === undefined).toBe(table('organizations'));
  });

  it('feature organizationWithoutDomain: an organization without a domain is accepted', async () => {
    if (!table('organizations')) return expect(table('organizationWithoutDomain')).toBe(false);
    await realm.admin.updateRealm(realm.name, { organizationsEnabled: true });
    const refused = await failsWith(realm.admin.createOrganization({ name: randomName('org') }));
    if (refused) expect(refused.responseCode).toBe(400);
    expect(refused === undefined).toBe(table('organizationWithoutDomain'));
  });

  it('feature organizationListAttributes: the full organization listing carries attributes', async () => {
    if (!table('organizations')) return expect(table('organizationListAttributes')).toBe(false);
    await realm.admin.updateRealm(realm.name, { organizationsEnabled: true });
    const name = randomName('attrs');
    await realm.admin.createOrganization({
      name,
      attributes: { a: ['1'] },
      domains: [{ name: `${name}.example` }],
    });
    const listed = (await realm.admin.getOrganizations({ briefRepresentation: false })).find(
      (org) => org.name === name,
    );
    expect(listed?.attributes !== undefined).toBe(table('organizationListAttributes'));
  });

  it('feature standardTokenExchange: the token endpoint knows the token-exchange grant', async () => {
    const clientId = randomName('tx');
    const secret = randomName('secret');
    await realm.admin.createClient({
      clientId,
      secret,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      attributes: { 'standard.token.exchange.enabled': 'true' },
    });
    const oidc = new KeycloakOpenID({
      serverUrl: serverInfo().url,
      realmName: realm.name,
      clientId,
      clientSecretKey: secret,
    });
    try {
      const { access_token: token } = await oidc.token('', '', { grantType: 'client_credentials' });
      const refused = await failsWith(
        oidc.exchangeToken(token, undefined, undefined, {
          requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
        }),
      );
      const unsupported = JSON.stringify(refused?.responseBody ?? '').includes('unsupported_grant_type');
      expect(!unsupported).toBe(table('standardTokenExchange'));
    } finally {
      await oidc.close();
    }
  });

  it('feature adminPermissionsV2: enabling admin permissions creates the admin-permissions client', async () => {
    const name = randomName('kverp');
    const admin = masterAdmin(name);
    try {
      await admin.createRealm({ realm: name, enabled: true });
      const refused = await failsWith(admin.updateRealm(name, { adminPermissionsEnabled: true }));
      const client = refused ? undefined : await admin.getClientByClientId('admin-permissions');
      expect(client !== undefined).toBe(table('adminPermissionsV2'));
    } finally {
      await admin.deleteRealm(name).catch(() => undefined);
      await admin.close();
    }
  });

  it('feature executionPriority: an execution created with a priority reads it back', async () => {
    const alias = randomName('flow');
    await realm.admin.createAuthenticationFlow({
      alias,
      providerId: 'basic-flow',
      topLevel: true,
      builtIn: false,
    });
    await realm.admin.createAuthenticationFlowExecution(
      { provider: 'auth-cookie', priority: 42 } as never,
      alias,
    );
    const [execution] = await realm.admin.getAuthenticationFlowExecutions(alias);
    expect(execution?.priority === 42).toBe(table('executionPriority'));
  });

  it('feature requiredActionConfigEndpoints: a required action has a config endpoint; its PUT keeps config anyway', async () => {
    const action = await realm.admin.getRequiredActionByAlias('UPDATE_PASSWORD');
    if (!action) throw new Error('UPDATE_PASSWORD is not registered');
    await realm.admin.updateRequiredAction('UPDATE_PASSWORD', { ...action, config: { max_auth_age: '123' } });
    const read = await realm.admin.getRequiredActionByAlias('UPDATE_PASSWORD');
    expect(read?.config?.max_auth_age).toBe('123');
    const endpoint = await failsWith(realm.admin.getRequiredActionConfig('UPDATE_PASSWORD'));
    expect(endpoint === undefined).toBe(table('requiredActionConfigEndpoints'));
  });

  it('features basicClientScope, organizationClientScopes, serviceAccountClientScope: the built-in scopes of a new realm', async () => {
    const fresh = (await freshRealm()).clientScopes;
    // Every scope this version creates is built-in in src, and src knows which versions create which.
    expect(fresh.filter((name) => !FRESH_REALM_CLIENT_SCOPES.has(name))).toEqual([]);
    const expected = [...FRESH_REALM_CLIENT_SCOPES].filter((name) => versionHasScope(name, table)).sort();
    expect(fresh).toEqual(expected);
  });

  it('feature identityProviderHideOnLogin: a provider takes hideOnLogin (24 keeps config.hideOnLoginPage)', async () => {
    const alias = randomName('hide');
    const config = {
      authorizationUrl: 'https://idp.example/a',
      tokenUrl: 'https://idp.example/t',
      clientId: 'x',
    };
    const refused = await failsWith(
      realm.admin.createIdp({ alias, providerId: 'oidc', hideOnLogin: true, config }),
    );
    expect(refused === undefined).toBe(table('identityProviderHideOnLogin'));
    if (refused) {
      await realm.admin.createIdp({
        alias,
        providerId: 'oidc',
        config: { ...config, hideOnLoginPage: 'true' },
      });
      expect((await realm.admin.getIdp(alias)).config?.hideOnLoginPage).toBe('true');
    } else {
      expect((await realm.admin.getIdp(alias)).hideOnLogin).toBe(true);
    }
  });

  it('feature flowDeleteRemovesConfigs: deleting a flow deletes its authenticator configs', async () => {
    const alias = randomName('cfgflow');
    const id = await realm.admin.createAuthenticationFlow({
      alias,
      providerId: 'basic-flow',
      topLevel: true,
    });
    const execution = await realm.admin.createAuthenticationFlowExecution(
      { provider: 'idp-auto-link' },
      alias,
    );
    const config = await realm.admin.createAuthenticatorConfig(execution, {
      alias: randomName('cfg'),
      config: {},
    });
    await realm.admin.deleteAuthenticationFlow(id);
    const left = await failsWith(realm.admin.getAuthenticatorConfig(config));
    expect(left !== undefined).toBe(table('flowDeleteRemovesConfigs'));
  });

  it('feature userProfileDefaultValue: a user-profile attribute keeps its defaultValue', async () => {
    const profile = await realm.admin.getUserProfile();
    const attribute = {
      name: randomName('attr'),
      defaultValue: 'x',
      permissions: { view: ['admin'], edit: ['admin'] },
    };
    const refused = await failsWith(
      realm.admin.updateUserProfile({ ...profile, attributes: [...(profile.attributes ?? []), attribute] }),
    );
    expect(refused === undefined).toBe(table('userProfileDefaultValue'));
  });

  it('feature groupDescription: a group keeps its description', async () => {
    const refused = await failsWith(realm.admin.createGroup({ name: randomName('g'), description: 'd' }));
    if (refused) expect(refused.responseCode).toBe(400);
    expect(refused === undefined).toBe(table('groupDescription'));
  });

  it('feature userProfileAlwaysOn: a new realm has a user profile', async () => {
    const profile = await failsWith(realm.admin.getUserProfile());
    expect(profile === undefined).toBe(table('userProfileAlwaysOn'));
  });

  it('feature identityProvidersOutsideRealm: the realm representation lists no identity providers', async () => {
    await realm.admin.createIdp({
      alias: randomName('idp'),
      providerId: 'oidc',
      config: {
        authorizationUrl: 'https://idp.example/auth',
        tokenUrl: 'https://idp.example/token',
        clientId: 'x',
        clientSecret: 'y',
      },
    });
    const listed = (await realm.admin.getRealm(realm.name)).identityProviders ?? [];
    expect(listed.length === 0).toBe(table('identityProvidersOutsideRealm'));
  });

  it('feature managementPort: health answers on the main port only without a management port', async () => {
    const response = await fetch(`${serverInfo().url}/health/ready`, { signal: AbortSignal.timeout(5000) });
    // Only knowable for the harness' server, which enables health (an external one may not).
    if (serverInfo().source === 'distribution') expect(response.ok).toBe(!table('managementPort'));
  });

  it('feature realmClientAttribute: master marks the admin client of a realm with realm_client', async () => {
    const master = masterAdmin('master');
    try {
      const client = await master.getClientByClientId(`${realm.name}-realm`);
      expect(client).toBeDefined();
      expect(client?.attributes?.realm_client === 'true').toBe(table('realmClientAttribute'));
    } finally {
      await master.close();
    }
  });

  it('feature defaultAuthorizationObjects: enabling authorization creates a default resource', async () => {
    const id = await realm.admin.createClient({
      clientId: randomName('authz'),
      publicClient: false,
      serviceAccountsEnabled: true,
      authorizationServicesEnabled: true,
    });
    const resources = (await realm.admin.getClientAuthzResources(id)).map((resource) => resource.name);
    const policies = (await realm.admin.getClientAuthzSettings(id)).policies ?? [];
    const permissions = policies.filter((policy) => ['resource', 'scope'].includes(policy.type ?? ''));
    const plain = policies.filter((policy) => !permissions.includes(policy));
    const created = table('defaultAuthorizationObjects');
    // Exactly the names src/kinds/shared/server/built-ins.ts keeps as the server's own.
    expect(resources).toEqual(created ? SERVER_CREATED.authzResource.names : []);
    expect(plain.map((policy) => policy.name)).toEqual(created ? SERVER_CREATED.authzPolicy.names : []);
    expect(permissions.map((policy) => policy.name)).toEqual(
      created ? SERVER_CREATED.authzPermission.names : [],
    );
  });

  it('feature serviceAccountMappers: a service-account client gets its own mappers', async () => {
    const id = await realm.admin.createClient({
      clientId: randomName('svc'),
      publicClient: false,
      serviceAccountsEnabled: true,
    });
    const names = (await realm.admin.getMappersFromClient(id)).map((mapper) => mapper.name).sort();
    expect(names).toEqual(
      table('serviceAccountMappers') ? [...SERVER_CREATED.serviceAccountMappers.names] : [],
    );
  });
});
