import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  KeycloakAuthorizationConfigError,
  KeycloakInvalidTokenError,
  KeycloakPermissionFormatError,
  KeycloakRPTNotFound,
} from '../../src/client/errors.js';
import {
  Authorization,
  AuthStatus,
  buildPermissionParam,
  KeycloakOpenID,
  Permission,
  Policy,
  Resource,
  Role,
  Scope,
  UMAPermission,
} from '../../src/client/openid/index.js';
import type { ResourceServerRepresentation } from '../../src/client/types/index.js';

/** Shaped like `GET .../authz/resource-server/settings` on Keycloak 26. */
const exported: ResourceServerRepresentation = {
  allowRemoteResourceManagement: true,
  policyEnforcementMode: 'ENFORCING',
  decisionStrategy: 'UNANIMOUS',
  resources: [{ name: 'Doc', scopes: [{ name: 'read' }, { name: 'write' }] }, { name: 'Report' }],
  scopes: [{ name: 'read' }, { name: 'write' }],
  policies: [
    // A permission listed before the policy it applies.
    {
      name: 'Report access',
      type: 'resource',
      logic: 'POSITIVE',
      decisionStrategy: 'UNANIMOUS',
      config: { resources: '["Report"]', applyPolicies: '["Readers","Admins only"]' },
    },
    {
      name: 'Readers',
      type: 'role',
      logic: 'POSITIVE',
      decisionStrategy: 'UNANIMOUS',
      config: { roles: '[{"id":"app/reader","required":false},{"id":"offline_access","required":true}]' },
    },
    {
      name: 'Writers',
      type: 'role',
      logic: 'NEGATIVE',
      decisionStrategy: 'AFFIRMATIVE',
      config: { roles: '[{"id":"app/writer"}]' },
    },
    { name: 'Admins only', type: 'user', logic: 'POSITIVE', config: { users: '["admin"]' } },
    {
      name: 'Doc read',
      type: 'scope',
      logic: 'POSITIVE',
      decisionStrategy: 'UNANIMOUS',
      config: { resources: '["Doc"]', scopes: '["read"]', applyPolicies: '["Readers"]' },
    },
    {
      name: 'Doc all',
      type: 'scope',
      logic: 'POSITIVE',
      decisionStrategy: 'AFFIRMATIVE',
      config: { scopes: '["read","write"]', applyPolicies: '["Readers","Writers"]' },
    },
    { name: 'Combined', type: 'aggregate', config: { applyPolicies: '["Readers","Writers"]' } },
  ],
};

describe('Authorization (python keycloak.authorization)', () => {
  it('models role policies with the resource and scope permissions that apply them', () => {
    const authorization = new Authorization();
    authorization.loadConfig(exported);
    const { Readers, Writers } = authorization.policies;
    expect(Object.keys(authorization.policies)).toEqual(['Readers', 'Writers']);

    expect(Readers).toBeInstanceOf(Policy);
    expect(Readers?.logic).toBe('POSITIVE');
    expect(Readers?.roles.map((role) => [role.name, role.required])).toEqual([
      ['app/reader', false],
      ['offline_access', true],
    ]);
    expect(Readers?.hasRole('app/reader')).toBe(true);
    expect(Readers?.hasRole('app/writer')).toBe(false);
    expect(Readers?.permissions.map((p) => p.name)).toEqual(['Report access', 'Doc read', 'Doc all']);

    const report = Readers?.permissions[0];
    expect(report).toBeInstanceOf(Permission);
    expect([report?.type, report?.resources, report?.scopes]).toEqual(['resource', ['Report'], []]);
    const docRead = Readers?.permissions[1];
    expect([docRead?.type, docRead?.resources, docRead?.scopes]).toEqual(['scope', ['Doc'], ['read']]);

    expect([Writers?.logic, Writers?.decisionStrategy]).toEqual(['NEGATIVE', 'AFFIRMATIVE']);
    expect(Writers?.roles[0]?.required).toBe(false);
    // One object per permission, shared by the policies it applies.
    expect(Writers?.permissions[0]).toBe(Readers?.permissions[2]);
  });

  it('replaces earlier settings and also reads admin-API policy shapes', () => {
    const authorization = new Authorization();
    authorization.loadConfig(exported);
    authorization.loadConfig({
      policies: [
        { name: 'Staff', type: 'role', roles: [{ id: 'staff' }] },
        { name: 'Staff docs', type: 'resource', resources: ['Doc'], policies: ['Staff'] },
      ],
    });
    expect(Object.keys(authorization.policies)).toEqual(['Staff']);
    expect(authorization.policies.Staff?.permissions.map((p) => [p.name, p.resources])).toEqual([
      ['Staff docs', ['Doc']],
    ]);
  });

  it('reports malformed settings as KeycloakAuthorizationConfigError', () => {
    const load = (data: unknown) => () =>
      new Authorization().loadConfig(data as ResourceServerRepresentation);
    expect(load({ policies: [{ name: 'x', type: 'role', config: { roles: '[{id:' } }] })).toThrow(
      KeycloakAuthorizationConfigError,
    );
    expect(load({ policies: [{ name: 'x', type: 'role', config: { roles: '[{"name":"r"}]' } }] })).toThrow(
      /unexpected shape/,
    );
    expect(load({ policies: [{ name: 'p', type: 'scope', config: { scopes: '"read"' } }] })).toThrow(
      /"scopes"/,
    );
    expect(load({ policies: [{ type: 'role', config: { roles: '[]' } }] })).toThrow(/no name/);
    expect(load({ policies: {} })).toThrow(/no "policies" list/);
  });

  it('keeps roles on role policies only', () => {
    const policy = new Policy('Time', 'time', 'POSITIVE', 'UNANIMOUS');
    expect(() => policy.addRole(new Role('x'))).toThrow(KeycloakAuthorizationConfigError);
    const role = new Role('app/reader', true);
    expect(role.getName()).toBe('app/reader');
    expect(role.equals('app/reader')).toBe(true);
    expect(role.equals(new Role('app/reader'))).toBe(true);
    expect(String(new Policy('Readers', 'role', 'POSITIVE', 'UNANIMOUS'))).toBe('Policy: Readers (role)');
  });
});

describe('UMA permission parameters (python keycloak.uma_permissions)', () => {
  it('normalizes every accepted form to resource#scope strings', () => {
    expect([...buildPermissionParam('')]).toEqual([]);
    expect([...buildPermissionParam(undefined)]).toEqual([]);
    expect([...buildPermissionParam('Doc#read')]).toEqual(['Doc#read']);
    expect([...buildPermissionParam(new Resource('Doc'))]).toEqual(['Doc']);
    expect([...buildPermissionParam(new Scope('read'))]).toEqual(['#read']);
    expect([
      ...buildPermissionParam(['Doc#read', new UMAPermission({ resource: 'Doc', scope: 'read' })]),
    ]).toEqual(['Doc#read']);
    expect([...buildPermissionParam(new Set(['a', 'b']))]).toEqual(['a', 'b']);
    expect([
      ...buildPermissionParam({ Doc: ['read', 'write'], Report: null, Other: 'x', Empty: [] }),
    ]).toEqual(['Doc#read', 'Doc#write', 'Report', 'Other#x', 'Empty']);
  });

  it('combines permissions like python’s UMAPermission call', () => {
    const doc = new Resource('Doc');
    expect(doc.with({ scope: 'read' }).toString()).toBe('Doc#read');
    expect(doc.with({ permission: new Scope('write') }).toString()).toBe('Doc#write');
    expect(new Scope('read').with({ resource: 'Report' }).equals('Report#read')).toBe(true);
  });

  it('rejects entries it cannot turn into strings', () => {
    expect(() => buildPermissionParam([1] as never)).toThrow(KeycloakPermissionFormatError);
    expect(() => buildPermissionParam({ Doc: [1] } as never)).toThrow(KeycloakPermissionFormatError);
    expect(() => buildPermissionParam({ Doc: { read: true } } as never)).toThrow(
      KeycloakPermissionFormatError,
    );
    expect(() => buildPermissionParam(42 as never)).toThrow(KeycloakPermissionFormatError);
  });

  it('serializes an AuthStatus', () => {
    const status = new AuthStatus(true, false, new Set(['Doc#write']));
    expect(JSON.parse(JSON.stringify(status))).toEqual({
      isLoggedIn: true,
      isAuthorized: false,
      missingPermissions: ['Doc#write'],
    });
  });
});

describe('KeycloakOpenID without a server', () => {
  const serverUrl = 'http://127.0.0.1:9';
  const make = () =>
    new KeycloakOpenID({ serverUrl, realmName: 'demo', clientId: 'app', clientSecretKey: 's' });

  it('checks prerequisites before any request', async () => {
    const client = make();
    await expect(client.getPolicies('x')).rejects.toBeInstanceOf(KeycloakAuthorizationConfigError);
    await expect(client.getPermissions('x')).rejects.toBeInstanceOf(KeycloakAuthorizationConfigError);
    await expect(client.introspect('x', { tokenTypeHint: 'requesting_party_token' })).rejects.toBeInstanceOf(
      KeycloakRPTNotFound,
    );
    expect(client.connection.requestCount).toBe(0);
    await client.close();
  });

  it('verifies tokens against a given key and names the failed check', async () => {
    const client = make();
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const sign = (claims: Record<string, unknown>, exp: string | number = '5m') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(privateKey);

    const good = await sign({ iss: client.issuer, aud: ['app', 'api'], azp: 'app', sub: 'u1' });
    const pem = await exportSPKI(publicKey);
    expect((await client.decodeToken(good, { key: pem, audience: 'api', authorizedParty: 'app' })).sub).toBe(
      'u1',
    );
    expect((await client.decodeToken(good, { key: await exportJWK(publicKey) })).sub).toBe('u1');
    expect((await client.decodeToken(good, { key: publicKey })).sub).toBe('u1');

    const failure = async (token: string, options: Parameters<KeycloakOpenID['decodeToken']>[1]) => {
      const error = await client.decodeToken(token, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeycloakInvalidTokenError);
      expect((error as Error).message).not.toContain(token);
      return (error as Error).message;
    };
    expect(await failure(good, { key: pem, audience: 'other' })).toContain('"aud"');
    expect(await failure(good, { key: pem, authorizedParty: 'other' })).toContain('"azp"');
    expect(await failure(good, { key: pem, algorithms: ['RS256'] })).toContain('algorithm');
    const expired = await sign({ iss: client.issuer }, Math.floor(Date.now() / 1000) - 60);
    expect(await failure(expired, { key: pem })).toContain('expired');
    expect((await client.decodeToken(expired, { key: pem, leeway: 120 })).iss).toBe(client.issuer);
    expect(await failure(await sign({ iss: 'https://elsewhere/realms/demo' }), { key: pem })).toContain(
      '"iss"',
    );
    const noExp = await new SignJWT({ iss: client.issuer })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey);
    expect(await failure(noExp, { key: pem })).toContain('"exp"');
    const other = await generateKeyPair('ES256', { extractable: true });
    expect(await failure(good, { key: await exportSPKI(other.publicKey) })).toContain('signature');
    expect(await failure('abc', { key: pem })).toContain('well-formed');
    expect(await failure(good, { key: '{not json' })).toContain('not valid JSON');

    // Unsigned ("none") tokens never verify, whatever the key.
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ iss: client.issuer, exp: 9999999999 }),
    ).toString('base64url')}.`;
    expect(await failure(unsigned, { key: pem })).toBeTypeOf('string');
    expect((await client.decodeToken(unsigned, { validate: false })).exp).toBe(9999999999);
    await client.close();
  });
});
