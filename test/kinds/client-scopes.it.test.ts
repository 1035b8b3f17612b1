import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type {
  ClientScopeRepresentation,
  ProtocolMapperRepresentation,
  RealmRepresentation,
} from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { clientKind } from '../../src/kinds/client.js';
import { clientScopeKind } from '../../src/kinds/client-scope.js';
import type { KindDefinition } from '../../src/kinds/kind.js';
import { realmKind } from '../../src/kinds/realm.js';
import {
  realmDefaultClientScopeKind,
  realmOptionalClientScopeKind,
} from '../../src/kinds/realm-client-scope-lists.js';
import { FRESH_REALM_CLIENT_SCOPES } from '../../src/kinds/shared/server/built-ins.js';
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

/**
 * The client scopes this server creates with every realm (read from a fresh realm: the list
 * differs between versions). Each must be in src's built-in list, which is never deleted.
 */
let BUILT_IN_SCOPES: string[] = [];
/** `basic` where this version has it (25+); a plan error before (test/server/feature-plans). */
const BASIC = serverHas('basicClientScope') ? ['basic'] : [];
beforeAll(async () => {
  if (!keycloakInfo()) return;
  BUILT_IN_SCOPES = (await freshRealm()).clientScopes;
  expect(BUILT_IN_SCOPES.filter((name) => !FRESH_REALM_CLIENT_SCOPES.has(name))).toEqual([]);
});

/** Sorted names of the built-in scopes plus `declared` (which may name built-ins too). */
const withBuiltIns = (declared: (string | undefined)[]): string[] =>
  [...new Set([...BUILT_IN_SCOPES, ...declared.map((name) => name ?? '')])].sort();

const KINDS = [
  realmKind,
  clientKind,
  clientScopeKind,
  realmDefaultClientScopeKind,
  realmOptionalClientScopeKind,
] as KindDefinition[];

function runner(realm: TestRealm) {
  return async (representation: RealmRepresentation) => {
    const result = await applyManifest(
      realm.admin,
      manifestOf({ ...representation, realm: realm.name }),
      KINDS,
    );
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    return result;
  };
}

async function scope(realm: TestRealm, name: string): Promise<ClientScopeRepresentation> {
  const found = await realm.admin.getClientScopeByName(name);
  if (!found) throw new Error(`no client scope ${name}`);
  return found;
}

async function scopeNames(realm: TestRealm): Promise<string[]> {
  return (await realm.admin.getClientScopes()).map((s) => s.name ?? '').sort();
}

async function realmLists(realm: TestRealm): Promise<{ defaults: string[]; optionals: string[] }> {
  const names = (list: { name?: string }[]) => list.map((s) => s.name ?? '').sort();
  return {
    defaults: names(await realm.admin.getDefaultDefaultClientScopes()),
    optionals: names(await realm.admin.getDefaultOptionalClientScopes()),
  };
}

const mapper = (name: string, claim: string): ProtocolMapperRepresentation => ({
  name,
  protocolMapper: 'oidc-usermodel-attribute-mapper',
  config: { 'user.attribute': claim, 'claim.name': claim, 'id.token.claim': true as unknown as string },
});

describeWithKeycloak('client-scope kind', () => {
  const realm = useTestRealm('kscopes');
  const run = runner(realm);
  let builtInScopes: string[] = [];

  const declared = (): ClientScopeRepresentation[] => [
    ...builtInScopes.map((name) => ({ name })),
    {
      name: 'team',
      description: 'Team claims',
      protocol: 'openid-connect',
      attributes: {
        'include.in.token.scope': true as unknown as string,
        'display.on.consent.screen': 'false',
      },
      protocolMappers: [mapper('team', 'team'), mapper('site', 'site')],
    },
    // No protocol: created as openid-connect (Keycloak refuses a scope without one).
    { name: 'bare' },
  ];

  it('creates scopes with attributes and mappers, and converges', async () => {
    builtInScopes = await scopeNames(realm);
    expect(builtInScopes).toEqual(withBuiltIns([]));
    const result = await run({ clientScopes: declared() });
    expect(actionsOf(result.plan)).toEqual(['create client-scope["bare"]', 'create client-scope["team"]']);
    const team = await scope(realm, 'team');
    expect(team).toMatchObject({
      description: 'Team claims',
      protocol: 'openid-connect',
      attributes: { 'include.in.token.scope': 'true', 'display.on.consent.screen': 'false' },
    });
    expect(
      team.protocolMappers?.map((m) => [m.name, m.protocol, m.config?.['id.token.claim']]).sort(),
    ).toEqual([
      ['site', 'openid-connect', 'true'],
      ['team', 'openid-connect', 'true'],
    ]);
    expect((await scope(realm, 'bare')).protocol).toBe('openid-connect');
  });

  it('updates declared fields only and replaces mappers by name', async () => {
    const team = await scope(realm, 'team');
    await realm.admin.updateClientScope(team.id as string, {
      ...team,
      attributes: { ...team.attributes, 'set.by.hand': 'kept' },
    });
    const scopes = declared().map((s) =>
      s.name === 'team'
        ? {
            name: 'team',
            attributes: { 'display.on.consent.screen': 'true' },
            protocolMappers: [mapper('team', 'teams'), mapper('region', 'region')],
          }
        : s,
    );
    const result = await run({ clientScopes: scopes });
    expect(actionsOf(result.plan)).toEqual(['update client-scope["team"]']);
    expect(result.plan.changes.find((c) => c.address === 'client-scope["team"]')?.changedPaths).toEqual([
      'attributes["display.on.consent.screen"]',
      'protocolMappers["team"].config["claim.name"]',
      'protocolMappers["team"].config["user.attribute"]',
      'protocolMappers["region"]',
      'protocolMappers["site"]',
    ]);
    const updated = await scope(realm, 'team');
    expect(updated.description).toBe('Team claims');
    expect(updated.attributes).toMatchObject({
      'display.on.consent.screen': 'true',
      'include.in.token.scope': 'true',
      'set.by.hand': 'kept',
    });
    expect(updated.protocolMappers?.map((m) => m.name).sort()).toEqual(['region', 'team']);
    expect(updated.protocolMappers?.find((m) => m.name === 'team')?.config?.['claim.name']).toBe('teams');
  });

  it('makes a declared mapper list of a built-in scope authoritative, leaves undeclared lists alone', async () => {
    const before = (await scope(realm, 'email')).protocolMappers?.length ?? 0;
    const scopes = declared().map((s) =>
      s.name === 'profile' ? { name: 'profile', protocolMappers: [mapper('nickname-only', 'nickname')] } : s,
    );
    const result = await run({ clientScopes: scopes });
    expect(actionsOf(result.plan)).toEqual(['update client-scope["profile"]', 'update client-scope["team"]']);
    expect((await scope(realm, 'profile')).protocolMappers?.map((m) => m.name)).toEqual(['nickname-only']);
    expect((await scope(realm, 'email')).protocolMappers?.length).toBe(before);
  });

  it('deletes undeclared scopes, also when a client and the realm list use them, never built-ins', async () => {
    const bare = await scope(realm, 'bare');
    const phone = await scope(realm, 'phone');
    const clientUuid = await realm.admin.createClient({ clientId: 'uses-bare' });
    await realm.admin.addClientOptionalClientScope(clientUuid, bare.id as string);
    await realm.admin.addDefaultOptionalClientScope(bare.id as string);
    const clientOptionals = async () =>
      (await realm.admin.getClientOptionalClientScopes(clientUuid)).map((s) => s.name ?? '').sort();
    const clientOptionalsBefore = await clientOptionals();
    expect(clientOptionalsBefore).toEqual(expect.arrayContaining(['bare', 'phone']));
    // Only the custom `team` is declared: every built-in (profile, phone …) is left out.
    const result = await run({ clientScopes: declared().filter((s) => s.name === 'team') });
    expect(actionsOf(result.plan)).toEqual(['delete client-scope["bare"]']);
    expect(await scopeNames(realm)).toEqual(withBuiltIns(['team']));
    // The built-ins left out are untouched: same scope, bindings kept, declared mappers kept.
    expect((await scope(realm, 'phone')).id).toBe(phone.id);
    expect((await scope(realm, 'profile')).protocolMappers?.map((m) => m.name)).toEqual(['nickname-only']);
    expect(await clientOptionals()).toEqual(clientOptionalsBefore.filter((name) => name !== 'bare'));
    const optionals = (await realmLists(realm)).optionals;
    expect(optionals).not.toContain('bare');
    expect(optionals).toContain('phone');
  });

  it('refuses at plan time a mapper type the server does not provide (client-scopes/06), changing nothing', async () => {
    const result = await applyManifest(
      realm.admin,
      manifestOf({
        realm: realm.name,
        clientScopes: [
          { name: 'team', description: 'must not change' },
          {
            name: 'broken',
            protocolMappers: [{ name: 'm', protocol: 'openid-connect', protocolMapper: 'oidc-non-exists' }],
          },
        ],
      }),
      KINDS,
    );
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      {
        severity: 'error',
        summary: `client-scope["broken"]: protocol mapper "m" has type "oidc-non-exists", which Keycloak ${serverInfo().version} does not provide for openid-connect (it would answer 404 "ProtocolMapper provider not found")`,
        address: 'client-scope["broken"]',
        path: 'clientScopes[1].protocolMappers[0].protocolMapper',
      },
    ]);
    expect(result.report.applied).toEqual([]);
    expect(await scopeNames(realm)).not.toContain('broken');
    expect((await scope(realm, 'team')).description).not.toBe('must not change');
  });
});

describeWithKeycloak('realm default and optional client scope lists', () => {
  const realm = useTestRealm('kscopelists');
  const run = runner(realm);

  it('makes the declared lists exact, creating a scope in the same apply', async () => {
    const result = await run({
      clientScopes: undefined,
      defaultDefaultClientScopes: ['profile', 'email', ...BASIC, 'roles'],
      defaultOptionalClientScopes: ['address', 'phone'],
    });
    expect(actionsOf(result.plan)).toContain('delete realm-default-client-scope["web-origins"]');
    expect(await realmLists(realm)).toEqual({
      defaults: [...BASIC, 'email', 'profile', 'roles'],
      optionals: ['address', 'phone'],
    });
    // Taken out of a list, not deleted.
    expect(await scopeNames(realm)).toEqual(withBuiltIns([]));
    // Built-ins need not be declared to stay: only the new scope is.
    const withNew = await run({
      clientScopes: [{ name: 'extra', protocol: 'openid-connect' }],
      defaultDefaultClientScopes: ['profile', 'email', ...BASIC, 'roles', 'extra'],
      defaultOptionalClientScopes: ['address', 'phone'],
    });
    expect(actionsOf(withNew.plan)).toEqual([
      'create client-scope["extra"]',
      'create realm-default-client-scope["extra"]',
    ]);
    expect(await realmLists(realm)).toEqual({
      defaults: [...BASIC, 'email', 'extra', 'profile', 'roles'],
      optionals: ['address', 'phone'],
    });
    expect(await scopeNames(realm)).toEqual(withBuiltIns(['extra']));
  });

  it('moves scopes between the lists in both directions in one apply', async () => {
    const result = await run({
      defaultDefaultClientScopes: ['profile', ...BASIC, 'roles', 'extra', 'phone'],
      defaultOptionalClientScopes: ['address', 'email'],
    });
    expect(actionsOf(result.plan)).toEqual([
      'delete realm-default-client-scope["email"]',
      'create realm-default-client-scope["phone"]',
      'create realm-optional-client-scope["email"]',
      'delete realm-optional-client-scope["phone"]',
    ]);
    expect(await realmLists(realm)).toEqual({
      defaults: [...BASIC, 'extra', 'phone', 'profile', 'roles'],
      optionals: ['address', 'email'],
    });
  });

  it('leaves the optional list alone when only the default list is declared', async () => {
    const result = await run({
      defaultDefaultClientScopes: ['profile', ...BASIC, 'roles', 'extra', 'phone', 'address'],
    });
    expect(actionsOf(result.plan)).toEqual(['create realm-default-client-scope["address"]']);
    expect(await realmLists(realm)).toEqual({
      defaults: ['address', ...BASIC, 'extra', 'phone', 'profile', 'roles'],
      optionals: ['email'],
    });
  });

  it('reports a dangling scope in a list at plan time, and changes nothing', async () => {
    const before = await realmLists(realm);
    const result = await applyManifest(
      realm.admin,
      manifestOf({ realm: realm.name, defaultOptionalClientScopes: ['email', 'no-such-scope'] }),
      KINDS,
    );
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      address: 'realm-optional-client-scope["no-such-scope"]',
      path: 'defaultOptionalClientScopes[1]',
    });
    expect(result.report.applied).toEqual([]);
    expect(await realmLists(realm)).toEqual(before);
  });
});

describeWithKeycloakAndCorpus('client-scope kind with keycloak-config-cli realm files', () => {
  const realm = useTestRealm('kscopescorpus');
  const run = runner(realm);
  const corpus = (file: string): ClientScopeRepresentation[] =>
    JSON.parse(readFileSync(corpusPath('client-scopes', file), 'utf8')).clientScopes;

  it.each([
    '00_create_realm_with_clientScope.json',
    '01_update_realm__add_clientScope.json',
    '02_update_realm__change_clientScope.json',
    '03_update_realm__change_clientScope_add_protocolMapper.json',
    '04_update_realm__change_clientScope_change_protocolMapper.json',
    '05_update_realm__change_clientScope_replace_protocolMapper.json',
    '96_update_realm__change_clientScope_delete_protocolMapper.json',
    '97_update_realm__delete_clientScope.json',
    '09_update_realm__change_default_clientScope_add_protocolMapper.json',
  ])('applies the client scopes of %s and converges', async (file) => {
    const scopes = corpus(file);
    await run({ clientScopes: scopes });
    // Custom scopes are exactly the declared ones; the built-ins stay whether declared or not.
    expect(await scopeNames(realm)).toEqual(withBuiltIns(scopes.map((s) => s.name)));
    for (const declaredScope of scopes) {
      const live = await scope(realm, declaredScope.name as string);
      if (declaredScope.attributes) expect(live.attributes).toMatchObject(declaredScope.attributes);
      if (declaredScope.protocolMappers) {
        expect((live.protocolMappers ?? []).map((m) => m.name).sort()).toEqual(
          declaredScope.protocolMappers.map((m) => m.name).sort(),
        );
      }
    }
  });

  it('applies 99 (clientScopes: []): deletes every custom scope, keeps the built-ins, and converges', async () => {
    expect(corpus('99_update_realm__delete_all.json')).toEqual([]);
    await realm.admin.createClientScope({ name: 'leftover-oidc', protocol: 'openid-connect' });
    await realm.admin.createClientScope({ name: 'leftover-saml', protocol: 'saml' });
    const result = await run({ clientScopes: corpus('99_update_realm__delete_all.json') });
    expect(actionsOf(result.plan)).toEqual([
      'delete client-scope["leftover-oidc"]',
      'delete client-scope["leftover-saml"]',
    ]);
    expect(await scopeNames(realm)).toEqual(withBuiltIns([]));
    // profile keeps the mapper list 09 declared: a scope left out is not changed either.
    expect((await scope(realm, 'profile')).protocolMappers?.map((m) => m.name)).toEqual(['tmp']);
  });
});

describeWithKeycloak('client-scope kind in a realm created by the same apply', () => {
  const name = randomName('kscopesnew');
  const admin = masterAdmin(name);
  afterAll(async () => {
    await admin.deleteRealm(name).catch(() => undefined);
    await admin.close();
  });

  it('keeps the built-ins Keycloak creates, changes a declared one, exact lists, and converges', async () => {
    const result = await applyManifest(
      admin,
      manifestOf({
        realm: name,
        enabled: true,
        clientScopes: [
          { name: 'profile', description: 'declared built-in' },
          { name: 'team', protocol: 'openid-connect', protocolMappers: [mapper('team', 'team')] },
        ],
        defaultDefaultClientScopes: ['profile', ...BASIC, 'team'],
        defaultOptionalClientScopes: ['email'],
      }),
      KINDS,
    );
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    // Applied in two phases: the realm, then a fresh plan that sees Keycloak's built-ins.
    expect(result.report.applied[0]).toBe(`realm["${name}"]`);
    expect(result.report.applied.filter((address) => address.startsWith('client-scope['))).toEqual([
      'client-scope["profile"]',
      'client-scope["team"]',
    ]);
    expect((await admin.getClientScopes()).map((s) => s.name ?? '').sort()).toEqual(withBuiltIns(['team']));
    expect((await admin.getClientScopeByName('profile'))?.description).toBe('declared built-in');
    const names = (list: { name?: string }[]) => list.map((s) => s.name ?? '').sort();
    expect(names(await admin.getDefaultDefaultClientScopes())).toEqual([...BASIC, 'profile', 'team']);
    expect(names(await admin.getDefaultOptionalClientScopes())).toEqual(['email']);
  });
});
