/**
 * Realm fixture shared by the KeycloakOpenID integration tests: a confidential resource server
 * with authorization services, a public client, an audience client, a client whose access
 * tokens live two seconds, and users with and without permissions.
 */
import { createHmac } from 'node:crypto';
import { KeycloakOpenID } from '../../src/client/openid/index.js';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { serverInfo, type TestRealm } from '../support/keycloak.js';

export const RS = 'rs-app';
export const RS_SECRET = 'rs-app-secret-0123456789';
export const PUB = 'pub-app';
export const BACKEND = 'backend-api';
export const SHORT = 'short-lived';
export const SHORT_SECRET = 'short-lived-secret-0123456789';
export const REDIRECT_URI = 'http://localhost:4555/callback';
/** OTP secret of user `dave` (Keycloak keeps the raw secret; the HMAC key is its UTF-8 bytes). */
export const DAVE_OTP_SECRET = 'Kp3vQ8sLm2Xz7Wn4Rt6Y';

export const PASSWORDS = {
  alice: 'alice-pw-1',
  bob: 'bob-pw-1',
  carol: 'carol-pw-1',
  dave: 'dave-pw-1',
} as const;

const role = (name: string) => ({ name });

/**
 * Since 26.6.2 introspection answers `active: false` unless the introspecting client is in the
 * token's `aud`, and Keycloak never puts the requesting client there by itself.
 */
const audienceOf = (clientId: string) => ({
  name: `${clientId}-audience`,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-audience-mapper',
  config: {
    'included.client.audience': clientId,
    'access.token.claim': 'true',
    'id.token.claim': 'false',
    'introspection.token.claim': 'true',
  },
});

export const openidRealm: RealmRepresentation = {
  accessTokenLifespan: 300,
  roles: {
    client: {
      [RS]: [role('reader'), role('writer')],
      [BACKEND]: [role('api-user')],
    },
  },
  clients: [
    {
      clientId: RS,
      secret: RS_SECRET,
      publicClient: false,
      standardFlowEnabled: true,
      directAccessGrantsEnabled: true,
      serviceAccountsEnabled: true,
      authorizationServicesEnabled: true,
      redirectUris: [`${REDIRECT_URI}*`],
      protocolMappers: [audienceOf(RS)],
      attributes: {
        'standard.token.exchange.enabled': 'true',
        'standard.token.exchange.enableRefreshRequestedTokenType': 'SAME_SESSION',
      },
      authorizationSettings: {
        allowRemoteResourceManagement: true,
        policyEnforcementMode: 'ENFORCING',
        decisionStrategy: 'UNANIMOUS',
        scopes: [{ name: 'read' }, { name: 'write' }],
        resources: [
          { name: 'Doc', type: 'urn:rs-app:doc', scopes: [{ name: 'read' }, { name: 'write' }] },
          { name: 'Report', scopes: [] },
        ],
        policies: [
          {
            name: 'Readers',
            type: 'role',
            logic: 'POSITIVE',
            decisionStrategy: 'UNANIMOUS',
            config: { roles: JSON.stringify([{ id: `${RS}/reader`, required: false }]) },
          },
          {
            name: 'Writers',
            type: 'role',
            logic: 'POSITIVE',
            decisionStrategy: 'UNANIMOUS',
            config: { roles: JSON.stringify([{ id: `${RS}/writer`, required: false }]) },
          },
          {
            name: 'Doc read',
            type: 'scope',
            logic: 'POSITIVE',
            decisionStrategy: 'UNANIMOUS',
            config: {
              resources: JSON.stringify(['Doc']),
              scopes: JSON.stringify(['read']),
              applyPolicies: JSON.stringify(['Readers']),
            },
          },
          {
            name: 'Doc write',
            type: 'scope',
            logic: 'POSITIVE',
            decisionStrategy: 'UNANIMOUS',
            config: {
              resources: JSON.stringify(['Doc']),
              scopes: JSON.stringify(['write']),
              applyPolicies: JSON.stringify(['Writers']),
            },
          },
          {
            name: 'Report access',
            type: 'resource',
            logic: 'POSITIVE',
            decisionStrategy: 'UNANIMOUS',
            config: { resources: JSON.stringify(['Report']), applyPolicies: JSON.stringify(['Readers']) },
          },
        ],
      },
    },
    {
      clientId: PUB,
      publicClient: true,
      standardFlowEnabled: true,
      directAccessGrantsEnabled: true,
      redirectUris: [`${REDIRECT_URI}*`],
      attributes: { 'pkce.code.challenge.method': 'S256' },
    },
    {
      clientId: BACKEND,
      publicClient: false,
      secret: 'backend-secret-0123456789',
      standardFlowEnabled: false,
    },
    {
      clientId: SHORT,
      publicClient: false,
      secret: SHORT_SECRET,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: true,
      protocolMappers: [audienceOf(SHORT)],
      attributes: { 'access.token.lifespan': '2' },
    },
  ],
  users: [
    user('alice', { [RS]: ['reader'], [BACKEND]: ['api-user'] }),
    user('bob', {}),
    user('carol', { [RS]: ['reader', 'writer'] }),
    {
      ...user('dave', { [RS]: ['reader'] }),
      credentials: [
        { type: 'password', value: PASSWORDS.dave, temporary: false },
        {
          type: 'otp',
          userLabel: 'test device',
          secretData: JSON.stringify({ value: DAVE_OTP_SECRET }),
          credentialData: JSON.stringify({
            subType: 'totp',
            digits: 6,
            period: 30,
            algorithm: 'HmacSHA1',
            counter: 0,
          }),
        },
      ],
    },
  ],
};

function user(username: keyof typeof PASSWORDS, clientRoles: Record<string, string[]>) {
  return {
    username,
    enabled: true,
    email: `${username}@example.com`,
    emailVerified: true,
    firstName: username[0]?.toUpperCase() + username.slice(1),
    lastName: 'Tester',
    credentials: [{ type: 'password', value: PASSWORDS[username], temporary: false }],
    clientRoles,
  };
}

/** A KeycloakOpenID for one of the fixture's clients (closed by the caller). */
export function openid(realm: TestRealm, clientId: string, clientSecretKey?: string): KeycloakOpenID {
  return new KeycloakOpenID({
    serverUrl: serverInfo().url,
    realmName: realm.name,
    clientId,
    clientSecretKey,
  });
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) for a raw secret. */
export function totp(secret: string, now = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30)));
  const mac = createHmac('sha1', Buffer.from(secret, 'utf8')).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, '0');
}

/**
 * Plays the browser in the authorization code flow: opens `authUrl`, posts the login form and
 * returns the query of the redirect back to the client.
 */
export async function browserLogin(
  authUrl: string,
  username: string,
  password: string,
): Promise<URLSearchParams> {
  const page = await fetch(authUrl, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`login page answered ${page.status}`);
  const cookies = page.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
  const html = await page.text();
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('no login form on the login page');
  const answer = await fetch(action.replace(/&amp;/g, '&'), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, credentialId: '' }),
  });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`login answered ${answer.status}`);
  return new URL(location).searchParams;
}
