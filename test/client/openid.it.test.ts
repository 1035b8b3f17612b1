import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  KeycloakAuthenticationError,
  KeycloakGetError,
  KeycloakInvalidTokenError,
  KeycloakPostError,
  KeycloakRPTNotFound,
} from '../../src/client/errors.js';
import { createPkcePair, type KeycloakOpenID } from '../../src/client/openid/index.js';
import {
  byVersion,
  describeWithKeycloak,
  randomName,
  serverAtLeast,
  serverHas,
  serverInfo,
  useTestRealm,
} from '../support/keycloak.js';
import {
  BACKEND,
  browserLogin,
  DAVE_OTP_SECRET,
  openid,
  openidRealm,
  PASSWORDS,
  PUB,
  REDIRECT_URI,
  RS,
  RS_SECRET,
  SHORT,
  SHORT_SECRET,
  totp,
} from './openid-realm.js';

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

function payloadOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describeWithKeycloak('KeycloakOpenID', () => {
  const realm = useTestRealm('openid', openidRealm);
  let rs: KeycloakOpenID;
  let pub: KeycloakOpenID;

  beforeAll(() => {
    rs = openid(realm, RS, RS_SECRET);
    pub = openid(realm, PUB);
  });
  afterAll(async () => {
    await rs?.close();
    await pub?.close();
  });

  it('exposes its settings and reads the discovery document', async () => {
    expect(rs.clientId).toBe(RS);
    expect(rs.clientSecretKey).toBe(RS_SECRET);
    expect(rs.realmName).toBe(realm.name);
    expect(rs.connection.baseUrl).toBe(serverInfo().url.replace(/\/+$/, ''));
    expect(Object.keys(rs.authorization.policies)).toEqual([]);

    const config = await rs.wellKnown();
    expect(config.issuer).toBe(rs.issuer);
    expect(config.token_endpoint).toBe(`${rs.issuer}/protocol/openid-connect/token`);
    // Listed from 26.2 (older releases serve the grant without listing it).
    if (serverAtLeast('26.2'))
      expect(config.grant_types_supported).toContain('urn:ietf:params:oauth:grant-type:uma-ticket');
  });

  it('runs the authorization code flow with PKCE and a nonce', async () => {
    const pkce = createPkcePair();
    const url = await pub.authUrl(REDIRECT_URI, {
      scope: 'openid email',
      state: 'state-1',
      nonce: 'nonce-1',
      codeChallenge: pkce.codeChallenge,
    });
    const parsed = new URL(url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe((await pub.wellKnown()).authorization_endpoint);
    expect(Object.fromEntries(parsed.searchParams)).toMatchObject({
      client_id: PUB,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid email',
      state: 'state-1',
      nonce: 'nonce-1',
      code_challenge: pkce.codeChallenge,
      code_challenge_method: 'S256',
    });

    const back = await browserLogin(url, 'alice', PASSWORDS.alice);
    expect(back.get('state')).toBe('state-1');
    const code = back.get('code') ?? '';

    // A wrong verifier is refused (400 invalid_grant); the server then burns the code.
    const wrong = await caught(
      pub.token('', '', {
        grantType: 'authorization_code',
        code,
        redirectUri: REDIRECT_URI,
        codeVerifier: createPkcePair().codeVerifier,
      }),
    );
    expect(wrong).toBeInstanceOf(KeycloakPostError);
    expect((wrong as KeycloakPostError).responseCode).toBe(400);
    expect((wrong as KeycloakPostError).serverMessage).toMatch(/PKCE/i);

    const second = createPkcePair();
    const again = await browserLogin(
      await pub.authUrl(REDIRECT_URI, {
        scope: 'openid',
        nonce: 'nonce-2',
        codeChallenge: second.codeChallenge,
      }),
      'alice',
      PASSWORDS.alice,
    );
    const tokens = await pub.token('', '', {
      grantType: 'authorization_code',
      code: again.get('code') ?? '',
      redirectUri: REDIRECT_URI,
      codeVerifier: second.codeVerifier,
    });
    expect(tokens.id_token).toBeTypeOf('string');
    const idClaims = await pub.decodeToken(tokens.id_token ?? '', { audience: PUB });
    expect(idClaims.nonce).toBe('nonce-2');
    expect(idClaims.preferred_username).toBe('alice');
  });

  it('gets, refreshes, inspects and ends a password-grant session', async () => {
    const tokens = await rs.token('alice', PASSWORDS.alice);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.scope?.split(' ')).toContain('openid');
    expect(tokens.refresh_token).toBeTypeOf('string');

    const claims = await rs.decodeToken(tokens.access_token);
    expect(claims.preferred_username).toBe('alice');
    expect(claims.azp).toBe(RS);
    expect(claims.resource_access?.[RS]?.roles).toEqual(['reader']);

    const refreshed = await rs.refreshToken(tokens.refresh_token ?? '');
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(payloadOf(refreshed.access_token).sid).toBe(claims.sid);

    const info = await rs.userinfo(refreshed.access_token);
    expect(info).toMatchObject({ sub: claims.sub, preferred_username: 'alice', email: 'alice@example.com' });

    const active = await rs.introspect(refreshed.access_token);
    expect(active.active).toBe(true);
    expect(active.username).toBe('alice');
    expect(active.client_id).toBe(RS);
    const hinted = await rs.introspect(refreshed.refresh_token ?? '', { tokenTypeHint: 'refresh_token' });
    expect(hinted.active).toBe(true);
    expect(hinted.typ).toBe('Refresh');

    await rs.logout(refreshed.refresh_token ?? '');

    expect(await rs.introspect(refreshed.access_token)).toEqual({ active: false });
    const userinfo = await caught(rs.userinfo(refreshed.access_token));
    expect(userinfo).toBeInstanceOf(KeycloakAuthenticationError);
    expect((userinfo as KeycloakAuthenticationError).responseCode).toBe(401);
    expect((userinfo as KeycloakAuthenticationError).path).toBe(
      '/realms/{realm}/protocol/openid-connect/userinfo',
    );

    const refresh = await caught(rs.refreshToken(refreshed.refresh_token ?? ''));
    expect(refresh).toBeInstanceOf(KeycloakPostError);
    expect((refresh as KeycloakPostError).responseCode).toBe(400);
    expect((refresh as KeycloakPostError).serverMessage).toContain('Session not active');
    expect((refresh as Error).message).not.toContain(refreshed.refresh_token ?? '');
  });

  it('maps refused credentials to typed errors without leaking secrets', async () => {
    const badPassword = await caught(rs.token('alice', 'wrong-password-123'));
    // A refused password: 401 (KeycloakAuthenticationError) up to 26.5, 400 on 26.7.
    expect(badPassword).toBeInstanceOf(
      byVersion({ '24.0': KeycloakAuthenticationError, '26.7': KeycloakPostError }),
    );
    expect((badPassword as KeycloakPostError).responseCode).toBe(byVersion({ '24.0': 401, '26.7': 400 }));
    expect((badPassword as KeycloakPostError).serverMessage).toContain('Invalid user credentials');
    expect((badPassword as Error).message).not.toContain('wrong-password-123');

    const badSecret = openid(realm, RS, 'not-the-secret-xyz');
    try {
      const error = await caught(badSecret.token('alice', PASSWORDS.alice));
      expect(error).toBeInstanceOf(KeycloakAuthenticationError);
      expect((error as KeycloakAuthenticationError).responseCode).toBe(401);
      expect((error as Error).message).not.toContain('not-the-secret-xyz');
      expect(JSON.stringify((error as KeycloakAuthenticationError).responseBody)).not.toContain(
        'not-the-secret',
      );
    } finally {
      await badSecret.close();
    }

    const publicCc = await caught(pub.token('', '', { grantType: 'client_credentials' }));
    expect(publicCc).toBeInstanceOf(KeycloakAuthenticationError);
    expect((publicCc as KeycloakAuthenticationError).serverMessage).toMatch(/Public client/);
  });

  it('uses the client credentials grant and checks azp on decode', async () => {
    const tokens = await rs.token('', '', { grantType: 'client_credentials' });
    expect(tokens.refresh_token).toBeUndefined();
    const claims = await rs.decodeToken(tokens.access_token, { authorizedParty: RS });
    expect(claims.preferred_username).toBe(`service-account-${RS}`);
    const error = await caught(rs.decodeToken(tokens.access_token, { authorizedParty: PUB }));
    expect(error).toBeInstanceOf(KeycloakInvalidTokenError);
    expect((error as Error).message).toContain('"azp" claim');
  });

  it('sends a one-time password for users with OTP', async () => {
    const missing = await caught(rs.token('dave', PASSWORDS.dave));
    expect(missing).toBeInstanceOf(
      byVersion({ '24.0': KeycloakAuthenticationError, '26.7': KeycloakPostError }),
    );
    expect((missing as KeycloakPostError).responseCode).toBe(byVersion({ '24.0': 401, '26.7': 400 }));

    const wrongCode = totp(DAVE_OTP_SECRET) === '000000' ? '111111' : '000000';
    const wrong = await caught(rs.token('dave', PASSWORDS.dave, { totp: wrongCode }));
    expect(wrong).toBeInstanceOf(
      byVersion({ '24.0': KeycloakAuthenticationError, '26.7': KeycloakPostError }),
    );
    expect((wrong as Error).message).not.toMatch(/totp=\d/);

    const tokens = await rs.token('dave', PASSWORDS.dave, { totp: totp(DAVE_OTP_SECRET) });
    expect(payloadOf(tokens.access_token).preferred_username).toBe('dave');
  });

  it('reads the realm keys and verifies tokens against every key form', async () => {
    const certs = await rs.certs();
    const signing = certs.keys.find((key) => key.use === 'sig' && key.alg === 'RS256');
    expect(signing?.kty).toBe('RSA');
    expect(signing?.kid).toBeTypeOf('string');

    const publicKey = await rs.publicKey();
    expect(publicKey).toMatch(/^MII[A-Za-z0-9+/=]+$/);

    const { access_token: token } = await rs.token('carol', PASSWORDS.carol);
    const pem = `-----BEGIN PUBLIC KEY-----\n${publicKey}\n-----END PUBLIC KEY-----`;
    const certificate = `-----BEGIN CERTIFICATE-----\n${signing?.x5c?.[0]}\n-----END CERTIFICATE-----`;
    for (const key of [publicKey, pem, certificate, signing ?? {}, JSON.stringify(signing), certs]) {
      const claims = await rs.decodeToken(token, { key: key as never });
      expect(claims.preferred_username).toBe('carol');
    }
    expect((await rs.decodeToken(token, { algorithms: ['RS256'] })).preferred_username).toBe('carol');
    const alg = await caught(rs.decodeToken(token, { algorithms: ['ES256'] }));
    expect(alg).toBeInstanceOf(KeycloakInvalidTokenError);
    expect((alg as Error).message).toMatch(/algorithm/);
  });

  it('rejects tokens with the wrong key, issuer or audience, and expired ones', async () => {
    const { access_token: token } = await rs.token('alice', PASSWORDS.alice);

    const other = await generateKeyPair('RS256', { extractable: true });
    const wrongKey = await caught(rs.decodeToken(token, { key: await exportSPKI(other.publicKey) }));
    expect(wrongKey).toBeInstanceOf(KeycloakInvalidTokenError);
    expect((wrongKey as Error).message).toContain('signature');
    expect((wrongKey as Error).message).not.toContain(token);

    // Signed by a key the realm does not have: no key in the (re-read) JWKS matches.
    const forged = await new SignJWT({ preferred_username: 'alice' })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged-key' })
      .setIssuer(rs.issuer)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(other.privateKey);
    const unknownKid = await caught(rs.decodeToken(forged));
    expect(unknownKid).toBeInstanceOf(KeycloakInvalidTokenError);
    expect((unknownKid as Error).message).toContain('no key');
    // With the forger's own key the same token verifies: the check above was about the key.
    const forgedJwk = await exportJWK(other.publicKey);
    expect((await rs.decodeToken(forged, { key: { ...forgedJwk, alg: 'RS256' } })).preferred_username).toBe(
      'alice',
    );

    const wrongIssuer = await caught(rs.decodeToken(token, { issuer: `${serverInfo().url}/realms/other` }));
    expect(wrongIssuer).toBeInstanceOf(KeycloakInvalidTokenError);
    expect((wrongIssuer as Error).message).toContain('"iss"');
    expect((await rs.decodeToken(token, { issuer: false })).azp).toBe(RS);

    // A token for another audience, through standard token exchange (26.2+).
    if (serverHas('standardTokenExchange')) {
      const exchanged = await rs.exchangeToken(token, BACKEND, undefined, {
        requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      });
      expect((await rs.decodeToken(exchanged.access_token, { audience: BACKEND })).aud).toBe(BACKEND);
      const wrongAudience = await caught(
        rs.decodeToken(exchanged.access_token, { audience: 'someone-else' }),
      );
      expect(wrongAudience).toBeInstanceOf(KeycloakInvalidTokenError);
      expect((wrongAudience as Error).message).toContain('"aud"');
    }

    const short = openid(realm, SHORT, SHORT_SECRET);
    try {
      const shortLived = await short.token('alice', PASSWORDS.alice);
      expect(shortLived.expires_in).toBe(2);
      expect((await short.decodeToken(shortLived.access_token)).azp).toBe(SHORT);
      expect((await short.introspect(shortLived.access_token)).active).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 3500));
      const expired = await caught(short.decodeToken(shortLived.access_token));
      expect(expired).toBeInstanceOf(KeycloakInvalidTokenError);
      expect((expired as Error).message).toContain('expired');
      expect((await short.decodeToken(shortLived.access_token, { leeway: 60 })).azp).toBe(SHORT);
      expect((await short.decodeToken(shortLived.access_token, { validate: false })).azp).toBe(SHORT);
      expect((await short.introspect(shortLived.access_token)).active).toBe(false);
    } finally {
      await short.close();
    }

    const garbage = await caught(rs.decodeToken('not-a-jwt'));
    expect(garbage).toBeInstanceOf(KeycloakInvalidTokenError);
    expect(await caught(rs.decodeToken('not-a-jwt', { validate: false }))).toBeInstanceOf(
      KeycloakInvalidTokenError,
    );
  });

  it.runIf(serverHas('standardTokenExchange'))(
    'exchanges tokens with standard token exchange (v2)',
    async () => {
      const { access_token: token } = await pub.token('alice', PASSWORDS.alice);

      // python-keycloak's default asks for a refresh token; rs-app allows it (SAME_SESSION).
      const withRefresh = await rs.exchangeToken(token);
      expect(withRefresh.issued_token_type).toBe('urn:ietf:params:oauth:token-type:refresh_token');
      expect(withRefresh.refresh_token).toBeTypeOf('string');
      expect(payloadOf(withRefresh.access_token).azp).toBe(RS);

      const forBackend = await rs.exchangeToken(token, BACKEND, undefined, {
        requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      });
      expect(forBackend.issued_token_type).toBe('urn:ietf:params:oauth:token-type:access_token');
      const claims = await rs.decodeToken(forBackend.access_token, {
        audience: BACKEND,
        authorizedParty: RS,
      });
      expect(claims.resource_access?.[BACKEND]?.roles).toEqual(['api-user']);

      const unavailable = await caught(rs.exchangeToken(token, PUB));
      expect(unavailable).toBeInstanceOf(KeycloakPostError);
      expect((unavailable as KeycloakPostError).serverMessage).toMatch(/audience not available/);

      const impersonation = await caught(rs.exchangeToken(token, undefined, 'bob'));
      expect(impersonation).toBeInstanceOf(KeycloakPostError);
      expect((impersonation as KeycloakPostError).serverMessage).toMatch(/requested_subject/);

      // A client without standard.token.exchange.enabled may not exchange.
      const short = openid(realm, SHORT, SHORT_SECRET);
      try {
        const refused = await caught(short.exchangeToken(token));
        expect(refused).toBeInstanceOf(KeycloakPostError);
        expect((refused as KeycloakPostError).responseCode).toBe(400);
        expect((refused as KeycloakPostError).serverMessage).toMatch(
          /Standard token exchange is not enabled/,
        );
      } finally {
        await short.close();
      }
    },
  );

  it('refuses introspection to public clients and needs an RPT for the RPT hint', async () => {
    const { access_token: token } = await pub.token('bob', PASSWORDS.bob);
    const refused = await caught(pub.introspect(token));
    expect(refused).toBeInstanceOf(KeycloakPostError);
    expect((refused as KeycloakPostError).responseCode).toBe(403);
    expect((refused as KeycloakPostError).path).toBe(
      '/realms/{realm}/protocol/openid-connect/token/introspect',
    );

    const before = rs.connection.requestCount;
    const noRpt = await caught(rs.introspect(token, { tokenTypeHint: 'requesting_party_token' }));
    expect(noRpt).toBeInstanceOf(KeycloakRPTNotFound);
    expect(rs.connection.requestCount).toBe(before);
  });

  it('reports an unknown realm with the server message', async () => {
    const ghost = openid({ name: randomName('missing'), admin: realm.admin }, RS, RS_SECRET);
    try {
      for (const call of [() => ghost.certs(), () => ghost.wellKnown(), () => ghost.publicKey()]) {
        const error = await caught(call());
        expect(error).toBeInstanceOf(KeycloakGetError);
        expect((error as KeycloakGetError).responseCode).toBe(404);
        expect((error as KeycloakGetError).serverMessage).toContain('Realm does not exist');
      }
      const token = await caught(ghost.token('alice', PASSWORDS.alice));
      expect(token).toBeInstanceOf(KeycloakPostError);
      expect((token as KeycloakPostError).responseCode).toBe(404);
    } finally {
      await ghost.close();
    }
  });
  // Last: it changes the realm's active signing key.
  it('re-reads the realm keys after a key rotation', async () => {
    const client = openid(realm, RS, RS_SECRET);
    try {
      const before = await client.token('alice', PASSWORDS.alice);
      await client.decodeToken(before.access_token);
      const loadedAt = Date.now();
      const realmId = (await realm.admin.rawGet(`/admin/realms/${realm.name}`)).json<{ id: string }>().id;
      const created = await realm.admin.rawPost(`/admin/realms/${realm.name}/components`, {
        name: 'rotated-rsa',
        providerId: 'rsa-generated',
        providerType: 'org.keycloak.keys.KeyProvider',
        parentId: realmId,
        config: { priority: ['500'], enabled: ['true'], active: ['true'], algorithm: ['RS256'] },
      });
      expect(created.status).toBe(201);

      const after = await client.token('alice', PASSWORDS.alice);
      const kid = JSON.parse(Buffer.from(after.access_token.split('.')[0] ?? '', 'base64url').toString()).kid;
      expect((await client.certs()).keys.map((key) => key.kid)).toContain(kid);
      const requests = client.connection.requestCount;
      // Within the cool-down the cached keys are used as they are.
      const early = await caught(client.decodeToken(after.access_token));
      expect(early).toBeInstanceOf(KeycloakInvalidTokenError);
      expect(client.connection.requestCount).toBe(requests);

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, loadedAt + 10_500 - Date.now())));
      expect((await client.decodeToken(after.access_token)).preferred_username).toBe('alice');
      expect(client.connection.requestCount).toBe(requests + 1);
      // Tokens signed with the older key still verify (it stays published).
      expect((await client.decodeToken(before.access_token)).preferred_username).toBe('alice');
    } finally {
      await client.close();
    }
  });
});
