import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  KeycloakAuthenticationError,
  KeycloakAuthorizationConfigError,
  type KeycloakError,
  KeycloakInvalidTokenError,
  KeycloakPostError,
} from '../../src/client/errors.js';
import { type KeycloakOpenID, Resource, Scope, UMAPermission } from '../../src/client/openid/index.js';
import type { ClientRepresentation, ResourceServerRepresentation } from '../../src/client/types/index.js';
import { describeWithKeycloak, serverAtLeast, useTestRealm } from '../support/keycloak.js';
import { openid, openidRealm, PASSWORDS, PUB, RS, RS_SECRET } from './openid-realm.js';

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const byName = <T extends { rsname: string }>(list: T[]) =>
  [...list].sort((a, b) => a.rsname.localeCompare(b.rsname));

describeWithKeycloak('KeycloakOpenID UMA and authorization', () => {
  const realm = useTestRealm('openid-uma', openidRealm);
  let rs: KeycloakOpenID;
  let pub: KeycloakOpenID;
  let dir: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    rs = openid(realm, RS, RS_SECRET);
    pub = openid(realm, PUB);
    dir = await mkdtemp(join(tmpdir(), 'realmform-openid-'));
    for (const user of ['alice', 'bob', 'carol'] as const) {
      tokens[user] = (await rs.token(user, PASSWORDS[user])).access_token;
    }
  });
  afterAll(async () => {
    await rs?.close();
    await pub?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists granted UMA permissions and refuses users without any', async () => {
    const all = await rs.umaPermissions(tokens.alice ?? '');
    expect(byName(all).map(({ rsname, scopes }) => ({ rsname, scopes }))).toEqual([
      { rsname: 'Doc', scopes: ['read'] },
      { rsname: 'Report', scopes: undefined },
    ]);
    expect(all.every((entry) => typeof entry.rsid === 'string')).toBe(true);

    const asked = await rs.umaPermissions(tokens.carol ?? '', { Doc: ['read', 'write'] });
    expect(asked.map(({ rsname, scopes }) => ({ rsname, scopes: [...(scopes ?? [])].sort() }))).toEqual([
      { rsname: 'Doc', scopes: ['read', 'write'] },
    ]);

    const refused = await caught(rs.umaPermissions(tokens.bob ?? '', 'Doc#read'));
    expect(refused).toBeInstanceOf(KeycloakPostError);
    expect((refused as KeycloakPostError).responseCode).toBe(403);
    expect((refused as KeycloakPostError).serverMessage).toContain('not_authorized');

    // A token of another client works when the resource server is named as audience.
    const { access_token: pubToken } = await pub.token('alice', PASSWORDS.alice);
    const viaPub = await pub.umaPermissions(pubToken, new Resource('Report'), { audience: RS });
    expect(viaPub.map((entry) => entry.rsname)).toEqual(['Report']);
  });

  it('tells which permissions a user lacks', async () => {
    const granted = await rs.hasUmaAccess(tokens.alice ?? '', 'Doc#read');
    expect(granted.toJSON()).toEqual({ isLoggedIn: true, isAuthorized: true, missingPermissions: [] });

    const partial = await rs.hasUmaAccess(tokens.alice ?? '', ['Doc#read', 'Doc#write', 'Report']);
    expect(partial.isLoggedIn).toBe(true);
    expect(partial.isAuthorized).toBe(false);
    expect([...partial.missingPermissions]).toEqual(['Doc#write']);

    const carol = await rs.hasUmaAccess(tokens.carol ?? '', {
      Doc: ['read', 'write'],
      Report: null,
    });
    expect(carol.isAuthorized).toBe(true);

    const resourceOnly = await rs.hasUmaAccess(tokens.alice ?? '', [new Resource('Doc'), new Scope('read')]);
    expect(resourceOnly.isAuthorized).toBe(true);

    const bob = await rs.hasUmaAccess(
      tokens.bob ?? '',
      new UMAPermission({ resource: 'Doc', scope: 'read' }),
    );
    expect(bob.toJSON()).toEqual({ isLoggedIn: true, isAuthorized: false, missingPermissions: ['Doc#read'] });

    const forgedToken = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.';
    if (serverAtLeast('26.7')) {
      const forged = await rs.hasUmaAccess(forgedToken, 'Doc#read');
      expect(forged.isLoggedIn).toBe(false);
      expect(forged.isAuthorized).toBe(false);
      expect([...forged.missingPermissions]).toEqual(['Doc#read']);
    } else {
      // Up to 26.5 an unsigned token gets a bare 500: an error, not a verdict.
      expect(((await caught(rs.hasUmaAccess(forgedToken, 'Doc#read'))) as KeycloakError).responseCode).toBe(
        500,
      );
    }

    const session = await rs.token('alice', PASSWORDS.alice);
    await rs.logout(session.refresh_token ?? '');
    const loggedOut = await rs.hasUmaAccess(session.access_token, 'Doc#read');
    expect(loggedOut.isLoggedIn).toBe(false);
  });

  it('gets entitlements as a requesting party token from the UMA grant', async () => {
    // python-keycloak's entitlement endpoint is gone from the server.
    const legacy = await rs.connection.rawGet(`/realms/${realm.name}/authz/entitlement/${RS}`, {
      headers: { authorization: `Bearer ${tokens.alice}` },
    });
    expect([404, 405]).toContain(legacy.status);

    const rpt = await rs.entitlement(tokens.alice ?? '', RS);
    expect(rpt.upgraded).toBe(false);
    const claims = await rs.decodeToken(rpt.access_token, { audience: RS });
    expect(byName(claims.authorization?.permissions ?? []).map((p) => p.rsname)).toEqual(['Doc', 'Report']);

    const introspected = await rs.introspect(tokens.alice ?? '', {
      rpt: rpt.access_token,
      tokenTypeHint: 'requesting_party_token',
    });
    expect(introspected.active).toBe(true);
    expect(byName(introspected.permissions ?? []).map((p) => [p.rsname, p.scopes ?? []])).toEqual([
      ['Doc', ['read']],
      ['Report', []],
    ]);

    const none = await caught(rs.entitlement(tokens.bob ?? '', RS));
    expect(none).toBeInstanceOf(KeycloakPostError);
    expect((none as KeycloakPostError).responseCode).toBe(403);

    const noBearer = await caught(rs.entitlement('', RS));
    expect(noBearer).toBeInstanceOf(KeycloakAuthenticationError);
    expect((noBearer as KeycloakAuthenticationError).responseCode).toBe(401);
  });

  it('matches token roles against authorization settings exported from the server', async () => {
    const fresh = openid(realm, RS, RS_SECRET);
    try {
      const notLoaded = await caught(fresh.getPolicies(tokens.alice ?? ''));
      expect(notLoaded).toBeInstanceOf(KeycloakAuthorizationConfigError);
      expect(await caught(fresh.getPermissions(tokens.alice ?? ''))).toBeInstanceOf(
        KeycloakAuthorizationConfigError,
      );
      const missingFile = await caught(fresh.loadAuthorizationConfig(join(dir, 'missing.json')));
      expect(missingFile).toBeInstanceOf(KeycloakAuthorizationConfigError);
    } finally {
      await fresh.close();
    }

    const clients = (
      await realm.admin.rawGet(`/admin/realms/${realm.name}/clients`, { query: { clientId: RS } })
    ).json<ClientRepresentation[]>();
    const settings = await realm.admin.rawGet(
      `/admin/realms/${realm.name}/clients/${clients[0]?.id}/authz/resource-server/settings`,
    );
    expect(settings.status).toBe(200);
    const file = join(dir, 'rs-app-authz.json');
    await writeFile(file, settings.text);
    expect(settings.json<ResourceServerRepresentation>().policies?.map((p) => p.name)).toContain('Doc read');

    await rs.loadAuthorizationConfig(file);
    const policies = rs.authorization.policies;
    expect(Object.keys(policies).sort()).toEqual(['Readers', 'Writers']);
    expect(policies.Readers?.roles.map((role) => role.name)).toEqual([`${RS}/reader`]);
    expect(policies.Readers?.permissions.map((p) => p.name).sort()).toEqual(['Doc read', 'Report access']);
    expect(policies.Writers?.permissions.map((p) => [p.name, p.type, p.scopes])).toEqual([
      ['Doc write', 'scope', ['write']],
    ]);

    const alicePolicies = await rs.getPolicies(tokens.alice ?? '');
    expect(alicePolicies?.map((policy) => policy.name)).toEqual(['Readers']);
    const alicePermissions = await rs.getPermissions(tokens.alice ?? '');
    expect(alicePermissions?.map((p) => p.name).sort()).toEqual(['Doc read', 'Report access']);
    expect(alicePermissions?.find((p) => p.name === 'Report access')?.resources).toEqual(['Report']);

    const carolPermissions = await rs.getPermissions(tokens.carol ?? '', { methodTokenInfo: 'decode' });
    expect(carolPermissions?.map((p) => p.name).sort()).toEqual(['Doc read', 'Doc write', 'Report access']);
    expect((await rs.getPolicies(tokens.carol ?? '', { methodTokenInfo: 'decode' }))?.length).toBe(2);

    expect(await rs.getPolicies(tokens.bob ?? '')).toBeUndefined();
    expect(await rs.getPermissions(tokens.bob ?? '', { methodTokenInfo: 'decode' })).toBeUndefined();

    const session = await rs.token('carol', PASSWORDS.carol);
    await rs.logout(session.refresh_token ?? '');
    const inactive = await caught(rs.getPermissions(session.access_token));
    expect(inactive).toBeInstanceOf(KeycloakInvalidTokenError);
    expect((inactive as Error).message).toContain('inactive');
    const forged = await caught(rs.getPolicies('x.y.z', { methodTokenInfo: 'decode' }));
    expect(forged).toBeInstanceOf(KeycloakInvalidTokenError);
  });
});
