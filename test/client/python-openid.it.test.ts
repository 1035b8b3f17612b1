/**
 * Counterparts of python-keycloak's KeycloakOpenID scenarios (tests/test_keycloak_openid.py),
 * each in a fresh realm with python's fixtures: a public client, a confidential client with a
 * user, the same with authorization services, and one with the device grant.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  Authorization,
  ConnectionManager,
  KeycloakAuthenticationError,
  KeycloakAuthorizationConfigError,
  KeycloakInvalidTokenError,
  KeycloakOpenID,
  KeycloakPostError,
  KeycloakRPTNotFound,
  Permission,
  Policy,
  Role,
} from '../../src/client/index.js';
import type { ClientRepresentation } from '../../src/client/types/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak, serverHas, serverInfo } from '../support/keycloak.js';
import {
  type OidUser,
  oidWithCredentials,
  oidWithCredentialsAuthz,
  useScenarioRealm,
} from './support-python/fixtures.js';

/**
 * Since Keycloak 26.6.2 introspection answers `active: false` unless the introspecting client is
 * in the token's `aud`, which python's fixtures do not arrange (its scenarios that introspect fail
 * on 26.7.3): the counterparts add an audience mapper.
 */
const audienceMapper = (clientId: string) => ({
  name: 'own-audience',
  protocol: 'openid-connect',
  protocolMapper: 'oidc-audience-mapper',
  config: {
    'included.client.audience': clientId,
    'access.token.claim': 'true',
    'id.token.claim': 'false',
    'introspection.token.claim': 'true',
  },
});

describeWithKeycloak('python-keycloak OpenID scenarios', () => {
  const scenario = useScenarioRealm('oid');

  /** python's `oid_with_credentials` with direct grants on and the client in its tokens' `aud`. */
  async function withCredentials(extra: ClientRepresentation = {}): Promise<OidUser> {
    const result = await oidWithCredentials(scenario.admin, { directAccessGrantsEnabled: true, ...extra });
    await scenario.admin.addMapperToClient(result.clientUuid, audienceMapper(result.oid.clientId));
    return result;
  }

  async function withAuthz(): Promise<OidUser> {
    const result = await oidWithCredentialsAuthz(scenario.admin);
    await scenario.admin.updateClient(result.clientUuid, {
      ...(await scenario.admin.getClient(result.clientUuid)),
      directAccessGrantsEnabled: true,
    });
    await scenario.admin.addMapperToClient(result.clientUuid, audienceMapper(result.oid.clientId));
    return result;
  }

  it('openid/test_keycloak_openid_init: client, realm, connection and authorization', async () => {
    const { url } = serverInfo();
    const oid = new KeycloakOpenID({
      serverUrl: url,
      realmName: 'master',
      clientId: 'admin-cli',
      poolMaxsize: 5,
    });
    expect(oid.clientId).toBe('admin-cli');
    expect(oid.clientSecretKey).toBeUndefined();
    expect(oid.realmName).toBe('master');
    expect(oid.connection).toBeInstanceOf(ConnectionManager);
    expect(oid.authorization).toBeInstanceOf(Authorization);
    expect(oid.connection.poolMaxsize).toBe(5);
    const plain = new KeycloakOpenID({ serverUrl: url, realmName: 'master', clientId: 'admin-cli' });
    expect(plain.connection.poolMaxsize).toBeUndefined();
    await oid.close();
    await plain.close();
  });

  it('openid/test_well_known: the discovery document', async () => {
    const oid = new KeycloakOpenID({
      serverUrl: serverInfo().url,
      realmName: scenario.realm,
      clientId: 'account',
    });
    try {
      const document = await oid.wellKnown();
      for (const key of [
        'authorization_endpoint',
        'backchannel_authentication_endpoint',
        'check_session_iframe',
        'claims_supported',
        'code_challenge_methods_supported',
        'device_authorization_endpoint',
        'end_session_endpoint',
        'grant_types_supported',
        'id_token_signing_alg_values_supported',
        'introspection_endpoint',
        'issuer',
        'jwks_uri',
        'mtls_endpoint_aliases',
        'pushed_authorization_request_endpoint',
        'registration_endpoint',
        'response_types_supported',
        'revocation_endpoint',
        'scopes_supported',
        'token_endpoint',
        'userinfo_endpoint',
        'userinfo_signing_alg_values_supported',
      ]) {
        expect(document, key).toHaveProperty(key);
      }
    } finally {
      await oid.close();
    }
  });

  it('openid/test_auth_url: python’s parameters, in python’s order', async () => {
    const clientId = randomUUID();
    await scenario.admin.createClient({
      name: clientId,
      clientId,
      publicClient: true,
      protocol: 'openid-connect',
    });
    const oid = new KeycloakOpenID({ serverUrl: serverInfo().url, realmName: scenario.realm, clientId });
    try {
      const url = new URL(await oid.authUrl('http://test.test/*'));
      expect(`${url.origin}${url.pathname}`).toBe(
        `${serverInfo().url}/realms/${scenario.realm}/protocol/openid-connect/auth`,
      );
      // python builds the same query unencoded: client_id, response_type, redirect_uri, scope, state, nonce.
      expect([...url.searchParams]).toEqual([
        ['client_id', clientId],
        ['response_type', 'code'],
        ['redirect_uri', 'http://test.test/*'],
        ['scope', 'email'],
        ['state', ''],
        ['nonce', ''],
      ]);
    } finally {
      await oid.close();
    }
  });

  it('openid/test_token: password grant, with a TOTP the user does not need, with an extra parameter', async () => {
    const { oid, username, password } = await withCredentials();
    try {
      const keys = [
        'access_token',
        'expires_in',
        'id_token',
        'not-before-policy',
        'refresh_expires_in',
        'refresh_token',
        'scope',
        'session_state',
        'token_type',
      ];
      for (const token of [
        await oid.token(username, password),
        await oid.token(username, password, { totp: 123456 }),
        await oid.token(username, password, { extra: { extra_param: 'foo' } }),
      ]) {
        expect(Object.keys(token).sort()).toEqual([...keys].sort());
        expect(token['not-before-policy']).toBe(0);
        expect(token.token_type).toBe('Bearer');
      }
    } finally {
      await oid.close();
    }
  });

  it('openid/test_client_signed_response: a signed userinfo is returned as the JWT', async () => {
    const { oid, username, password, clientUuid } = await withCredentials();
    try {
      const client = await scenario.admin.getClient(clientUuid);
      await scenario.admin.updateClient(clientUuid, {
        ...client,
        attributes: { ...client.attributes, 'user.info.response.signature.alg': 'ES256' },
      });
      const token = await oid.token(username, password);
      const info = await oid.userinfo(token.access_token);
      expect(info).toBeTypeOf('string');
      expect(String(info).split('.')).toHaveLength(3);
    } finally {
      await oid.close();
    }
  });

  it('openid/test_exchange_token: exchanges a user’s token for a new one of the same user', async () => {
    const { oid, username, password, clientUuid } = await withCredentials({
      attributes: { 'standard.token.exchange.enabled': 'true' },
    });
    try {
      const admin = scenario.admin;
      const userId = (await admin.getUserId(username)) ?? '';
      const realmManagement = (await admin.getClientId('realm-management')) ?? '';
      await admin.assignClientRole(userId, realmManagement, [
        await admin.getClientRole(realmManagement, 'impersonation'),
      ]);
      const token = await oid.token(username, password);
      const claims = {
        email: `${username}@test.test`,
        email_verified: true,
        family_name: 'last',
        given_name: 'first',
        name: 'first last',
        preferred_username: username,
        sub: userId,
      };
      expect(await oid.userinfo(token.access_token)).toEqual(claims);

      // python asks for `subject` (impersonation): only the legacy token exchange (a preview
      // feature) accepts it; standard token exchange, on by default since 26.2, refuses it, so
      // python's scenario fails there. Without `subject` the exchange works.
      const impersonation = await failure(oid.exchangeToken(token.access_token, oid.clientId, username));
      expect(impersonation).toBeInstanceOf(KeycloakPostError);
      expect(impersonation.responseCode).toBe(400);
      const standard = () =>
        oid.exchangeToken(token.access_token, undefined, undefined, {
          requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
        });
      if (!serverHas('standardTokenExchange')) {
        // Before 26.2 only the legacy preview feature (off) exchanges tokens: the grant is unknown.
        const refused = await failure(standard());
        expect(refused).toBeInstanceOf(KeycloakPostError);
        expect(refused.responseCode).toBe(400);
        expect(refused.message).toMatch(/unsupported_grant_type/);
        return;
      }
      const exchanged = await standard();
      expect(await oid.userinfo(exchanged.access_token)).toEqual(claims);
      expect(exchanged.access_token).not.toBe(token.access_token);
      expect(clientUuid).toBeTypeOf('string');
    } finally {
      await oid.close();
    }
  });

  it('openid/test_logout: a logged-out token is refused by userinfo', async () => {
    const { oid, username, password } = await withCredentials();
    try {
      const token = await oid.token(username, password);
      expect(await oid.userinfo(token.access_token)).not.toEqual({});
      expect(await oid.logout(token.refresh_token ?? '')).toBeUndefined();
      expect(await failure(oid.userinfo(token.access_token))).toBeInstanceOf(KeycloakAuthenticationError);
    } finally {
      await oid.close();
    }
  });

  it('openid/test_certs: the realm’s two public keys', async () => {
    const oid = new KeycloakOpenID({
      serverUrl: serverInfo().url,
      realmName: scenario.realm,
      clientId: 'account',
    });
    try {
      expect((await oid.certs()).keys).toHaveLength(2);
    } finally {
      await oid.close();
    }
  });

  it('openid/test_public_key: the realm’s public key', async () => {
    const oid = new KeycloakOpenID({
      serverUrl: serverInfo().url,
      realmName: scenario.realm,
      clientId: 'account',
    });
    try {
      expect(await oid.publicKey()).toMatch(/^[A-Za-z0-9+/=]{100,}$/);
    } finally {
      await oid.close();
    }
  });

  it('openid/test_entitlement: entitlements through the UMA grant (python: KeycloakDeprecationError)', async () => {
    const { oid, username, password, clientUuid } = await withAuthz();
    try {
      const token = await oid.token(username, password);
      const resources = await scenario.admin.getClientAuthzResources(clientUuid);
      expect(resources[0]?._id).toBeTypeOf('string');
      // python calls the removed entitlement endpoint and expects KeycloakDeprecationError; here
      // the same question is asked through the UMA grant and answered.
      const rpt = await oid.entitlement(token.access_token, oid.clientId);
      const permissions = (await oid.decodeToken(rpt.access_token)).authorization?.permissions ?? [];
      expect(permissions.map((permission) => permission.rsname)).toContain('Default Resource');
    } finally {
      await oid.close();
    }
  });

  it('openid/test_introspect: active tokens, an RPT hint, and no RPT', async () => {
    const { oid, username, password } = await withCredentials();
    try {
      const token = await oid.token(username, password);
      expect((await oid.introspect(token.access_token)).active).toBe(true);
      expect(
        await oid.introspect(token.access_token, { rpt: 'some', tokenTypeHint: 'requesting_party_token' }),
      ).toEqual({ active: false });
      expect(
        await failure(oid.introspect(token.access_token, { tokenTypeHint: 'requesting_party_token' })),
      ).toBeInstanceOf(KeycloakRPTNotFound);
    } finally {
      await oid.close();
    }
  });

  it('openid/test_decode_token: verified and unverified decoding agree', async () => {
    const { oid, username, password } = await withCredentials();
    try {
      const token = await oid.token(username, password);
      const verified = await oid.decodeToken(token.access_token);
      expect(await oid.decodeToken(token.access_token, { validate: false })).toEqual(verified);
      expect(verified.preferred_username).toBe(username);
      expect((await oid.decodeToken(token.refresh_token ?? '', { validate: false })).typ).toBe('Refresh');
    } finally {
      await oid.close();
    }
  });

  it('openid/test_decode_token_invalid_token: a tampered token fails verification, still decodes', async () => {
    const { oid, username, password } = await withCredentials();
    try {
      const token = await oid.token(username, password);
      const decoded = await oid.decodeToken(token.access_token);
      const key = `-----BEGIN PUBLIC KEY-----\n${await oid.publicKey()}\n-----END PUBLIC KEY-----`;
      const tampered = `${token.access_token}a`;
      // python raises jwcrypto's JWTMissingKey and InvalidJWSSignature; here both are
      // KeycloakInvalidTokenError.
      expect(await failure(oid.decodeToken(tampered))).toBeInstanceOf(KeycloakInvalidTokenError);
      expect(await failure(oid.decodeToken(tampered, { key }))).toBeInstanceOf(KeycloakInvalidTokenError);
      expect(await oid.decodeToken(tampered, { validate: false })).toEqual(decoded);
      expect(await oid.decodeToken(tampered, { validate: false, key })).toEqual(decoded);
    } finally {
      await oid.close();
    }
  });

  /** The client's exported authorization settings with a second permission, as a file. */
  async function settingsFile(result: OidUser): Promise<{ path: string; cleanup: () => Promise<void> }> {
    const admin = scenario.admin;
    await admin.createClientAuthzResource(result.clientUuid, { name: 'Second Resource' });
    await admin.createClientAuthzResourceBasedPermission(result.clientUuid, {
      name: 'second-resource-permission',
      resources: ['Second Resource'],
      policies: ['test-authz-rb-policy'],
    });
    const settings = await admin.getClientAuthzSettings(result.clientUuid);
    const dir = await mkdtemp(join(tmpdir(), 'rf-authz-'));
    const path = join(dir, 'authz_settings.json');
    await writeFile(path, JSON.stringify(settings));
    return { path, cleanup: () => rm(dir, { recursive: true, force: true }) };
  }

  it('openid/test_load_authorization_config: reads exported settings into policies and permissions', async () => {
    const result = await withAuthz();
    const file = await settingsFile(result);
    try {
      await result.oid.loadAuthorizationConfig(file.path);
      const policy = result.oid.authorization.policies['test-authz-rb-policy'];
      expect(policy).toBeInstanceOf(Policy);
      expect(policy?.roles).toHaveLength(1);
      expect(policy?.roles[0]).toBeInstanceOf(Role);
      expect(policy?.permissions).toHaveLength(2);
      expect(policy?.permissions[0]).toBeInstanceOf(Permission);
    } finally {
      await file.cleanup();
      await result.oid.close();
    }
  });

  it('openid/test_get_policies: policies of the token’s client roles', async () => {
    const result = await withAuthz();
    const { oid, username, password } = result;
    const file = await settingsFile(result);
    try {
      const token = await oid.token(username, password);
      expect(await failure(oid.getPolicies(token.access_token))).toBeInstanceOf(
        KeycloakAuthorizationConfigError,
      );
      await oid.loadAuthorizationConfig(file.path);
      expect(await oid.getPolicies(token.access_token)).toBeUndefined();
      const ownClient = oid.clientId;
      oid.clientId = 'account';
      expect(await oid.getPolicies(token.access_token, { methodTokenInfo: 'decode' })).toEqual([]);
      const policy = new Policy('test', 'role', 'POSITIVE', 'UNANIMOUS');
      policy.addRole(new Role('account/view-profile'));
      oid.authorization.policies.test = policy;
      const found = await oid.getPolicies(token.access_token, { methodTokenInfo: 'decode' });
      expect((found ?? []).map(String)).toEqual(['Policy: test (role)']);
      oid.clientId = ownClient;
      await oid.logout(token.refresh_token ?? '');
      expect(await failure(oid.getPolicies(token.access_token))).toBeInstanceOf(KeycloakInvalidTokenError);
    } finally {
      await file.cleanup();
      await oid.close();
    }
  });

  it('openid/test_get_permissions: permissions of those policies', async () => {
    const result = await withAuthz();
    const { oid, username, password } = result;
    const file = await settingsFile(result);
    try {
      const token = await oid.token(username, password);
      expect(await failure(oid.getPermissions(token.access_token))).toBeInstanceOf(
        KeycloakAuthorizationConfigError,
      );
      await oid.loadAuthorizationConfig(file.path);
      expect(await oid.getPermissions(token.access_token)).toBeUndefined();
      const ownClient = oid.clientId;
      oid.clientId = 'account';
      expect(await oid.getPermissions(token.access_token, { methodTokenInfo: 'decode' })).toEqual([]);
      const policy = new Policy('test', 'role', 'POSITIVE', 'UNANIMOUS');
      policy.addRole(new Role('account/view-profile'));
      policy.addPermission(new Permission('test-perm', 'resource', 'POSITIVE', 'UNANIMOUS'));
      oid.authorization.policies.test = policy;
      const found = await oid.getPermissions(token.access_token, { methodTokenInfo: 'decode' });
      expect((found ?? []).map(String)).toEqual(['Permission: test-perm (resource)']);
      oid.clientId = ownClient;
      await oid.logout(token.refresh_token ?? '');
      expect(await failure(oid.getPermissions(token.access_token))).toBeInstanceOf(KeycloakInvalidTokenError);
    } finally {
      await file.cleanup();
      await oid.close();
    }
  });

  it('openid/test_uma_permissions: the granted resource', async () => {
    const { oid, username, password } = await withAuthz();
    try {
      const token = await oid.token(username, password);
      const granted = await oid.umaPermissions(token.access_token);
      expect(granted).toHaveLength(1);
      expect(granted[0]?.rsname).toBe('Default Resource');
    } finally {
      await oid.close();
    }
  });

  it('openid/test_has_uma_access: authorized, unknown resource, logged out, foreign token', async () => {
    const { oid, username, password } = await withAuthz();
    try {
      const token = await oid.token(username, password);
      const status = (permissions: string, accessToken = token.access_token) =>
        oid.hasUmaAccess(accessToken, permissions).then((result) => result.toJSON());
      expect(await status('')).toEqual({ isAuthorized: true, isLoggedIn: true, missingPermissions: [] });
      expect(await status('Default Resource')).toEqual({
        isAuthorized: true,
        isLoggedIn: true,
        missingPermissions: [],
      });
      expect(await failure(oid.hasUmaAccess(token.access_token, 'Does not exist'))).toBeInstanceOf(
        KeycloakPostError,
      );
      await oid.logout(token.refresh_token ?? '');
      expect(await status('')).toEqual({ isAuthorized: false, isLoggedIn: false, missingPermissions: [] });
      const adminToken = scenario.admin.connection.token?.access_token;
      expect(adminToken).toBeTypeOf('string');
      expect(await status('Default Resource', adminToken)).toEqual({
        isAuthorized: false,
        isLoggedIn: false,
        missingPermissions: ['Default Resource'],
      });
    } finally {
      await oid.close();
    }
  });

  it('openid/test_device: starts the device authorization grant', async () => {
    const { oid } = await withCredentials({
      attributes: { 'oauth2.device.authorization.grant.enabled': 'true' },
    });
    try {
      const answer = await oid.device();
      const base = `${serverInfo().url}/realms/${scenario.realm}/device`;
      expect(answer).toEqual({
        device_code: expect.any(String),
        user_code: expect.any(String),
        verification_uri: base,
        verification_uri_complete: `${base}?user_code=${answer.user_code}`,
        expires_in: 600,
        interval: 5,
      });
    } finally {
      await oid.close();
    }
  });

  it('openid/test_other_signing_methods: tokens signed with RS512 verify', async () => {
    const { oid, username, password, clientUuid } = await withCredentials();
    try {
      const client = await scenario.admin.getClient(clientUuid);
      expect(
        await scenario.admin.updateClient(clientUuid, {
          ...client,
          attributes: {
            ...client.attributes,
            'access.token.signed.response.alg': 'RS512',
            'id.token.signed.response.alg': 'RS512',
            'userinfo.signed.response.alg': 'RS512',
          },
        }),
      ).toBeUndefined();
      const token = await oid.token(username, password);
      const claims = await oid.decodeToken(token.access_token);
      expect(claims.preferred_username).toBe(username);
    } finally {
      await oid.close();
    }
  });
});
