import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type {
  IdentityProviderMapperRepresentation,
  IdentityProviderRepresentation,
  RealmRepresentation,
} from '../../src/client/types/index.js';
import { applyManifest, type ConvergeResult } from '../../src/engine/converge.js';
import { createKindContext } from '../../src/engine/kind-context.js';
import { planRealm } from '../../src/engine/plan-realm.js';
import { identityProviderKind } from '../../src/kinds/identity-provider.js';
import { identityProviderMapperKind } from '../../src/kinds/identity-provider-mapper.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { defineKind, type KindDefinition } from '../../src/kinds/kind.js';
import { realmKind } from '../../src/kinds/realm.js';
import { rotateSecretsRequested } from '../../src/kinds/shared/federation/identity-providers.js';
import { readPartialExport, withoutKeys } from '../../src/kinds/shared/server/reads.js';
import type { Plan } from '../../src/planner/plan.js';
import {
  describeWithKeycloak,
  serverHas,
  serverInfo,
  type TestRealm,
  useTestRealm,
} from '../support/keycloak.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

/**
 * Stands in for the auth-flow kind (another area's) so flow references are checked: it reads the
 * live top-level flows and declares nothing.
 */
const authFlowReader = defineKind({
  kind: 'auth-flow',
  dependsOn: ['realm'],
  desired: () => undefined,
  async read(ctx) {
    const flows = (await readPartialExport(ctx)).authenticationFlows ?? [];
    return flows
      .filter((flow) => flow.topLevel)
      .map((flow) => ({ key: [flow.alias ?? ''], value: {}, builtIn: flow.builtIn === true }));
  },
  create: () => Promise.reject(new Error('read-only')),
  update: () => Promise.reject(new Error('read-only')),
});

const MINE = [identityProviderKind, identityProviderMapperKind] as KindDefinition[];
const KINDS = [realmKind, ...MINE, authFlowReader] as KindDefinition[];
const WITH_ALL = [
  ...ALL_KINDS,
  ...MINE,
  ...(ALL_KINDS.some((kind) => kind.kind === 'auth-flow') ? [] : [authFlowReader]),
] as KindDefinition[];

/** What the CLI's rotation option will do: the same kinds, read in a context that asks for it. */
const ROTATING = KINDS.map((kind) =>
  kind === identityProviderKind
    ? ({
        ...kind,
        read: (ctx) => kind.read({ ...ctx, options: { rotateSecrets: true } }),
      } as KindDefinition)
    : kind,
);

type Manifest = Omit<RealmRepresentation, 'realm'>;

/**
 * The identity-provider kind whose first create of `alias` (after the trial copy) is refused, as
 * a server failing between the delete and the create of a replace would.
 */
function failingFirstCreateOf(alias: string): KindDefinition {
  let refused = false;
  const kind = identityProviderKind as KindDefinition;
  return {
    ...kind,
    diagnose: undefined,
    replace(ctx, desired, live) {
      const admin = new Proxy(ctx.admin, {
        get(target, property, receiver) {
          if (property === 'createIdp')
            return (rep: IdentityProviderRepresentation) => {
              if (rep.alias !== alias || refused) return target.createIdp(rep);
              refused = true;
              return Promise.reject(new Error('refused for the test'));
            };
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      return (kind.replace as NonNullable<KindDefinition['replace']>)({ ...ctx, admin }, desired, live);
    },
  };
}

function converge(realm: TestRealm, rep: Manifest, kinds = KINDS): Promise<ConvergeResult> {
  return applyManifest(realm.admin, manifestOf({ ...rep, realm: realm.name }), kinds);
}

async function applyOk(realm: TestRealm, rep: Manifest, kinds = KINDS): Promise<ConvergeResult> {
  const result = await converge(realm, rep, kinds);
  expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.report.failed).toEqual([]);
  expect(result.report.ok).toBe(true);
  expect(actionsOf(result.replan)).toEqual([]);
  return result;
}

async function planOf(realm: TestRealm, rep: Manifest, kinds = KINDS): Promise<Plan> {
  return (await planRealm(realm.admin, manifestOf({ ...rep, realm: realm.name }), kinds, { sources: [] }))
    .work.plan;
}

async function mappersOf(
  realm: TestRealm,
  alias: string,
): Promise<Record<string, IdentityProviderMapperRepresentation>> {
  const mappers = await realm.admin.getIdpMappers(alias);
  return Object.fromEntries(mappers.map((mapper) => [mapper.name ?? '', mapper]));
}

/** Mappers without their ids (a restored mapper has a new one). */
function mapperShapes(
  mappers: Record<string, IdentityProviderMapperRepresentation>,
): Record<string, IdentityProviderMapperRepresentation> {
  return Object.fromEntries(
    Object.entries(mappers).map(([name, mapper]) => [name, withoutKeys(mapper, ['id'])]),
  );
}

async function aliases(realm: TestRealm): Promise<string[]> {
  return (await realm.admin.getIdps()).map((idp) => idp.alias ?? '').sort();
}

/**
 * A fake OIDC token endpoint. Keycloak never shows a stored secret (only the mask), so the tests
 * learn which secret a provider holds the way its users would: by making Keycloak redeem a code
 * at the token endpoint and looking at the `client_secret` it sends.
 */
const tokenRequests: { path: string; body: URLSearchParams }[] = [];
let fakeServer: Server;
let fakeBase = '';

beforeAll(async () => {
  fakeServer = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      tokenRequests.push({ path: req.url ?? '', body: new URLSearchParams(body) });
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":"invalid_grant"}');
    });
  });
  await new Promise<void>((resolve) => fakeServer.listen(0, '127.0.0.1', resolve));
  fakeBase = `http://127.0.0.1:${(fakeServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => fakeServer.close(resolve));
});

function oidcEndpoints(alias: string): Record<string, string> {
  return {
    authorizationUrl: `${fakeBase}/${alias}/auth`,
    tokenUrl: `${fakeBase}/${alias}/token`,
    clientAuthMethod: 'client_secret_post',
  };
}

/** The client secret Keycloak sends to the provider's token endpoint (a broker login, cut short). */
async function secretInUse(realm: TestRealm, alias: string): Promise<string | undefined> {
  const base = serverInfo().url.replace(/\/$/, '');
  const cookies = new Map<string, string>();
  const get = async (url: string): Promise<string> => {
    const response = await request(url, {
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    await response.body.text();
    for (const line of [response.headers['set-cookie'] ?? []].flat()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=', 2);
      cookies.set(name, value);
    }
    return String(response.headers.location ?? '');
  };
  const query = new URLSearchParams({
    client_id: 'account-console',
    redirect_uri: `${base}/realms/${realm.name}/account/`,
    response_type: 'code',
    scope: 'openid',
    kc_idp_hint: alias,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  const brokerLogin = await get(`${base}/realms/${realm.name}/protocol/openid-connect/auth?${query}`);
  const atProvider = await get(new URL(brokerLogin, base).toString());
  const state = new URL(atProvider).searchParams.get('state') ?? '';
  const seen = tokenRequests.length;
  await get(
    `${base}/realms/${realm.name}/broker/${alias}/endpoint?code=c&state=${encodeURIComponent(state)}`,
  );
  const sent = tokenRequests.slice(seen).find((entry) => entry.path === `/${alias}/token`);
  return sent?.body.get('client_secret') ?? undefined;
}

const SAML_CONFIG = {
  singleSignOnServiceUrl: 'https://saml.example.test/idp/profile/SAML2/POST/SSO',
  singleLogoutServiceUrl: 'https://saml.example.test/idp/profile/SAML2/POST/SLO',
  idpEntityId: 'https://saml.example.test/idp',
  entityId: 'https://sp.example.test',
  nameIDPolicyFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  principalType: 'SUBJECT',
  postBindingResponse: true,
  postBindingAuthnRequest: true,
  validateSignature: false,
  wantAuthnRequestsSigned: false,
  signatureAlgorithm: 'RSA_SHA256',
};

function providers(): IdentityProviderRepresentation[] {
  return [
    {
      alias: 'corp',
      displayName: 'Corporate login',
      providerId: 'oidc',
      enabled: true,
      trustEmail: true,
      storeToken: false,
      linkOnly: false,
      firstBrokerLoginFlowAlias: 'first broker login',
      config: {
        ...oidcEndpoints('corp'),
        clientId: 'realmform',
        clientSecret: 'first-secret',
        defaultScope: 'openid email',
        syncMode: 'IMPORT',
        guiOrder: 1 as unknown as string,
        defaultAcrValues: '',
      },
    },
    {
      alias: 'saml-idp',
      providerId: 'saml',
      addReadTokenRoleOnCreate: true,
      config: SAML_CONFIG as unknown as Record<string, string>,
    },
    {
      alias: 'github',
      providerId: 'github',
      // Legacy spelling (older exports): Keycloak 26 keeps it as `hideOnLogin`.
      config: { clientId: 'gh-app', clientSecret: 'gh-secret', hideOnLoginPage: 'true' },
    },
  ];
}

function mappers(): IdentityProviderMapperRepresentation[] {
  return [
    {
      identityProviderAlias: 'corp',
      name: 'given name',
      identityProviderMapper: 'oidc-user-attribute-idp-mapper',
      config: { claim: 'given_name', 'user.attribute': 'firstName', syncMode: 'INHERIT' },
    },
    {
      identityProviderAlias: 'corp',
      name: 'source',
      identityProviderMapper: 'hardcoded-attribute-idp-mapper',
      config: { attribute: 'source', 'attribute.value': 'corp', syncMode: 'IMPORT' },
    },
    {
      identityProviderAlias: 'corp',
      name: 'admins',
      identityProviderMapper: 'oidc-advanced-role-idp-mapper',
      // YAML gives a list; Keycloak keeps the JSON text.
      config: {
        claims: [{ key: 'groups', value: 'admins' }] as unknown as string,
        role: 'offline_access',
        syncMode: 'FORCE',
      },
    },
    {
      identityProviderAlias: 'saml-idp',
      name: 'mail',
      identityProviderMapper: 'saml-user-attribute-idp-mapper',
      config: { 'attribute.name': 'mail', 'user.attribute': 'email', syncMode: 'INHERIT' },
    },
    {
      identityProviderAlias: 'github',
      name: 'login',
      identityProviderMapper: 'github-user-attribute-mapper',
      config: { jsonField: 'login', userAttribute: 'githubLogin', syncMode: 'IMPORT' },
    },
  ];
}

describeWithKeycloak('identity-provider kinds', () => {
  const realm = useTestRealm('kind-idp');

  it('creates OIDC, SAML and social providers with their mappers, and converges', async () => {
    const result = await applyOk(realm, {
      identityProviders: providers(),
      identityProviderMappers: mappers(),
    });
    expect(actionsOf(result.plan).sort()).toEqual([
      'create identity-provider-mapper["corp"]["admins"]',
      'create identity-provider-mapper["corp"]["given name"]',
      'create identity-provider-mapper["corp"]["source"]',
      'create identity-provider-mapper["github"]["login"]',
      'create identity-provider-mapper["saml-idp"]["mail"]',
      'create identity-provider["corp"]',
      'create identity-provider["github"]',
      'create identity-provider["saml-idp"]',
    ]);
    // Secrets never show in the plan.
    expect(JSON.stringify(result.plan)).not.toContain('first-secret');
    expect(JSON.stringify(result.plan)).not.toContain('gh-secret');
    expect(await aliases(realm)).toEqual(['corp', 'github', 'saml-idp']);

    const corp = await realm.admin.getIdp('corp');
    expect(corp).toMatchObject({
      displayName: 'Corporate login',
      providerId: 'oidc',
      trustEmail: true,
      firstBrokerLoginFlowAlias: 'first broker login',
    });
    expect(corp.config).toMatchObject({ clientId: 'realmform', guiOrder: '1', clientSecret: '**********' });
    expect(corp.config).not.toHaveProperty('defaultAcrValues');
    expect(await secretInUse(realm, 'corp')).toBe('first-secret');

    const saml = await realm.admin.getIdp('saml-idp');
    expect(saml.addReadTokenRoleOnCreate).toBe(true);
    expect(saml.config).toMatchObject({
      idpEntityId: 'https://saml.example.test/idp',
      postBindingResponse: 'true',
    });
    const github = await realm.admin.getIdp('github');
    if (serverHas('identityProviderHideOnLogin')) {
      expect(github.hideOnLogin).toBe(true);
      expect(github.config).not.toHaveProperty('hideOnLoginPage');
    } else {
      // 24 keeps the setting in the config: realmform writes and reads it there.
      expect(github.config?.hideOnLoginPage).toBe('true');
    }

    const corpMappers = await mappersOf(realm, 'corp');
    expect(Object.keys(corpMappers).sort()).toEqual(['admins', 'given name', 'source']);
    expect(corpMappers.admins?.config?.claims).toBe('[{"key":"groups","value":"admins"}]');
    expect((await mappersOf(realm, 'github')).login?.identityProviderMapper).toBe(
      'github-user-attribute-mapper',
    );
  });

  it('updates declared fields and config keys only; undeclared ones are left alone', async () => {
    const corp = await realm.admin.getIdp('corp');
    await realm.admin.updateIdp('corp', {
      ...corp,
      storeToken: true,
      config: { ...corp.config, manualKey: 'kept' },
    });
    const [first, ...rest] = mappers();
    const source = await mappersOf(realm, 'corp');
    await realm.admin.updateMapperInIdp('corp', source.source?.id ?? '', {
      ...source.source,
      config: { ...source.source?.config, extra: 'kept' },
    });
    const changed = providers();
    const { storeToken: _, ...corpDeclared } = changed[0] as IdentityProviderRepresentation;
    changed[0] = {
      ...corpDeclared,
      displayName: 'Corp SSO',
      trustEmail: false,
      // "" removes a key (not syncMode: 25 puts back its default, LEGACY).
      config: { ...corpDeclared.config, defaultScope: 'openid', guiOrder: '' },
    };
    const renamed = {
      ...first,
      identityProviderMapper: 'hardcoded-attribute-idp-mapper',
      config: { attribute: 'team', 'attribute.value': 'blue' },
    };
    const result = await applyOk(realm, {
      identityProviders: changed,
      identityProviderMappers: [renamed, ...rest],
    });
    expect(actionsOf(result.plan).sort()).toEqual([
      'update identity-provider-mapper["corp"]["given name"]',
      'update identity-provider["corp"]',
    ]);
    const after = await realm.admin.getIdp('corp');
    expect(after).toMatchObject({ displayName: 'Corp SSO', trustEmail: false, storeToken: true });
    expect(after.config).toMatchObject({
      defaultScope: 'openid',
      manualKey: 'kept',
      clientSecret: '**********',
    });
    expect(after.config).not.toHaveProperty('guiOrder');
    // The secret survived the read-modify-write.
    expect(await secretInUse(realm, 'corp')).toBe('first-secret');
    const updated = await mappersOf(realm, 'corp');
    expect(updated['given name']?.identityProviderMapper).toBe('hardcoded-attribute-idp-mapper');
    expect(updated['given name']?.config).toMatchObject({ attribute: 'team', 'attribute.value': 'blue' });
    expect(updated.source?.config?.extra).toBe('kept');
  });

  it('does not write a changed secret unless the run asks for rotation', async () => {
    const rotated = providers();
    (rotated[0]?.config as Record<string, string>).clientSecret = 'second-secret';
    const manifest = { identityProviders: rotated, identityProviderMappers: mappers() };

    const quiet = await planOf(realm, manifest);
    expect(
      actionsOf(quiet).filter((action) => action.includes('corp"]') && !action.includes('mapper')),
    ).toEqual(['update identity-provider["corp"]']);
    // Only the fields reverted from the previous test, never the secret.
    const corpChange = quiet.changes.find((change) => change.address === 'identity-provider["corp"]');
    expect(corpChange?.changedPaths).not.toContain('config.clientSecret');
    await applyOk(realm, manifest);
    expect(await secretInUse(realm, 'corp')).toBe('first-secret');

    const rotation = await converge(realm, manifest, ROTATING);
    expect(actionsOf(rotation.plan).sort()).toEqual([
      'update identity-provider["corp"]',
      'update identity-provider["github"]',
    ]);
    const change = rotation.plan.changes.find((c) => c.address === 'identity-provider["corp"]');
    expect(change?.changedPaths).toEqual(['config.clientSecret']);
    expect(change?.sensitivePaths).toContain('config.clientSecret');
    expect(JSON.stringify(rotation.plan)).not.toContain('second-secret');
    expect(rotation.report.ok).toBe(true);
    expect(await secretInUse(realm, 'corp')).toBe('second-secret');
    // A run that does not rotate is in sync again.
    expect(actionsOf(await planOf(realm, manifest))).toEqual([]);
  });

  it('passes the rotation option through the kind context', () => {
    const manifest = manifestOf({ realm: realm.name });
    expect(rotateSecretsRequested(createKindContext(realm.admin, manifest))).toBe(false);
    expect(rotateSecretsRequested(createKindContext(realm.admin, manifest, { rotateSecrets: true }))).toBe(
      true,
    );
  });

  it('restores a secret that is missing on the server', async () => {
    const corp = await realm.admin.getIdp('corp');
    const { clientSecret: _, ...withoutSecret } = corp.config ?? {};
    await realm.admin.updateIdp('corp', { ...corp, config: withoutSecret });
    const manifest = providers();
    (manifest[0]?.config as Record<string, string>).clientSecret = 'second-secret';
    const result = await applyOk(realm, { identityProviders: manifest });
    expect(actionsOf(result.plan)).toEqual(['update identity-provider["corp"]']);
    expect(await secretInUse(realm, 'corp')).toBe('second-secret');
  });

  it('replaces a provider whose providerId changes, keeping its mappers', async () => {
    const changed = providers();
    changed[0] = { ...changed[0], providerId: 'keycloak-oidc' };
    const result = await applyOk(realm, { identityProviders: changed, identityProviderMappers: mappers() });
    expect(actionsOf(result.plan)).toContain('delete+create identity-provider["corp"]');
    expect(result.plan.diagnostics.map((d) => d.summary).join('\n')).toContain(
      'providerId cannot change in place',
    );
    expect((await realm.admin.getIdp('corp')).providerId).toBe('keycloak-oidc');
    expect(Object.keys(await mappersOf(realm, 'corp')).sort()).toEqual(['admins', 'given name', 'source']);
    expect(await secretInUse(realm, 'corp')).toBe('first-secret');
  });

  it('refuses a providerId Keycloak lacks on a trial copy, before deleting anything', async () => {
    const before = await realm.admin.getIdp('corp');
    const mappersBefore = await mappersOf(realm, 'corp');
    const changed = providers();
    changed[0] = { ...changed[0], providerId: 'no-such-provider' };
    // The plan-time check of providerIds is left out: this is about what apply does if one gets by.
    const result = await converge(realm, { identityProviders: changed, identityProviderMappers: mappers() }, [
      realmKind,
      { ...identityProviderKind, diagnose: undefined } as KindDefinition,
      identityProviderMapperKind as KindDefinition,
      authFlowReader,
    ]);
    expect(result.report.failed.map((failure) => failure.address)).toEqual(['identity-provider["corp"]']);
    expect(result.report.failed[0]?.writes).toBeUndefined();
    expect((await realm.admin.getIdp('corp')).providerId).toBe(before.providerId);
    expect(mapperShapes(await mappersOf(realm, 'corp'))).toEqual(mapperShapes(mappersBefore));
    expect((await aliases(realm)).filter((alias) => alias.includes('realmform'))).toEqual([]);
  });

  it('restores the provider and its mappers when the create fails after the delete, and reports the writes', async () => {
    const before = withoutKeys(await realm.admin.getIdp('corp'), ['internalId']);
    const mappersBefore = await mappersOf(realm, 'corp');
    expect(Object.keys(mappersBefore).length).toBeGreaterThan(0);
    const changed = providers();
    changed[0] = { ...changed[0], providerId: before.providerId === 'oidc' ? 'keycloak-oidc' : 'oidc' };
    const result = await converge(realm, { identityProviders: changed, identityProviderMappers: mappers() }, [
      realmKind,
      failingFirstCreateOf('corp'),
      identityProviderMapperKind as KindDefinition,
      authFlowReader,
    ]);
    const failure = result.report.failed.find((entry) => entry.address === 'identity-provider["corp"]');
    expect(failure?.error).toContain('refused for the test');
    expect(failure?.undone).toBe(true);
    expect(failure?.writes).toEqual([
      expect.stringContaining('deleted identity provider "corp"'),
      expect.stringContaining('restored identity provider "corp"'),
    ]);
    // Everything but the secret, which Keycloak never shows (the report says to set it again).
    expect(failure?.writes?.[1]).toContain('client secret could not be restored');
    const after = withoutKeys(await realm.admin.getIdp('corp'), ['internalId']);
    const withoutSecret = (idp: IdentityProviderRepresentation) => ({
      ...idp,
      config: withoutKeys(idp.config ?? {}, ['clientSecret']),
    });
    expect(withoutSecret(after)).toEqual(withoutSecret(before));
    expect(mapperShapes(await mappersOf(realm, 'corp'))).toEqual(mapperShapes(mappersBefore));
    // The mappers that depend on the provider were skipped, not written.
    expect(result.report.skipped.every((skipped) => skipped.because === 'identity-provider["corp"]')).toBe(
      true,
    );
    // The secret is set again from the manifest, as the report asks (the next tests start from here).
    const again = providers();
    again[0] = { ...again[0], providerId: before.providerId };
    await applyOk(realm, { identityProviders: again, identityProviderMappers: mappers() });
  });

  it('deletes undeclared mappers of the providers the manifest names, and undeclared providers', async () => {
    const kept = providers().filter((idp) => idp.alias !== 'github');
    const declared = mappers().filter(
      (mapper) => mapper.name !== 'source' && mapper.identityProviderAlias !== 'github',
    );
    const result = await applyOk(realm, {
      identityProviders: kept.map((idp) =>
        idp.alias === 'corp' ? { ...idp, providerId: 'keycloak-oidc' } : idp,
      ),
      identityProviderMappers: declared,
    });
    expect(actionsOf(result.plan).sort()).toEqual([
      'delete identity-provider-mapper["corp"]["source"]',
      // github's mapper goes with it (github is not named, so its mappers are not owned).
      'delete identity-provider["github"]',
    ]);
    expect(await aliases(realm)).toEqual(['corp', 'saml-idp']);
    expect(Object.keys(await mappersOf(realm, 'corp')).sort()).toEqual(['admins', 'given name']);
  });

  it('keeps mappers of providers the manifest does not name; [] empties a named provider', async () => {
    // Only mappers declared: `saml-idp` is not named, so its mapper stays.
    const onlyCorp = await applyOk(realm, {
      identityProviderMappers: mappers().filter(
        (m) => m.identityProviderAlias === 'corp' && m.name === 'admins',
      ),
    });
    expect(actionsOf(onlyCorp.plan)).toEqual(['delete identity-provider-mapper["corp"]["given name"]']);
    expect(Object.keys(await mappersOf(realm, 'saml-idp'))).toEqual(['mail']);

    const emptied = await applyOk(realm, {
      identityProviders: [{ alias: 'saml-idp', providerId: 'saml', config: {} }],
      identityProviderMappers: [],
    });
    expect(actionsOf(emptied.plan).sort()).toEqual([
      'delete identity-provider-mapper["saml-idp"]["mail"]',
      'delete identity-provider["corp"]',
    ]);
    expect(await mappersOf(realm, 'saml-idp')).toEqual({});
    // Config keys it did not declare were kept.
    expect((await realm.admin.getIdp('saml-idp')).config?.idpEntityId).toBe('https://saml.example.test/idp');
  });

  it('leaves providers alone when the manifest has no identityProviders collection, deletes all for []', async () => {
    const untouched = await applyOk(realm, {});
    expect(actionsOf(untouched.plan)).toEqual([]);
    expect(await aliases(realm)).toEqual(['saml-idp']);
    await applyOk(realm, { identityProviders: [] });
    expect(await aliases(realm)).toEqual([]);
  });
});

describeWithKeycloak('identity-provider flows, references and checks', () => {
  const realm = useTestRealm('kind-idp-refs');

  it('binds custom flows by alias and clears a binding declared empty', async () => {
    for (const alias of ['idp first login', 'idp post login']) {
      await realm.admin.createAuthenticationFlow({
        alias,
        providerId: 'basic-flow',
        topLevel: true,
        builtIn: false,
      });
    }
    const idp = (post: string): IdentityProviderRepresentation => ({
      alias: 'flows',
      providerId: 'oidc',
      firstBrokerLoginFlowAlias: 'idp first login',
      postBrokerLoginFlowAlias: post,
      config: { clientId: 'c', ...oidcEndpoints('flows') },
    });
    await applyOk(realm, { identityProviders: [idp('idp post login')] });
    expect(await realm.admin.getIdp('flows')).toMatchObject({
      firstBrokerLoginFlowAlias: 'idp first login',
      postBrokerLoginFlowAlias: 'idp post login',
    });
    const cleared = await applyOk(realm, { identityProviders: [idp('')] });
    expect(actionsOf(cleared.plan)).toEqual(['update identity-provider["flows"]']);
    expect((await realm.admin.getIdp('flows')).postBrokerLoginFlowAlias).toBeUndefined();
  });

  it('compares a vault reference as it is (Keycloak shows it), unlike a secret', async () => {
    // Declared so that it is kept (undeclared providers are deleted).
    const FLOWS: IdentityProviderRepresentation = { alias: 'flows', providerId: 'oidc' };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Keycloak vault references, not templates
    const [VAULT_A, VAULT_B] = ['${vault.idp_secret}', '${vault.other}'];
    const idp = (secret: string): IdentityProviderRepresentation => ({
      alias: 'vaulted',
      providerId: 'oidc',
      config: { clientId: 'v', clientSecret: secret },
    });
    await applyOk(realm, { identityProviders: [FLOWS, idp(VAULT_A)] });
    expect((await realm.admin.getIdp('vaulted')).config?.clientSecret).toBe(VAULT_A);
    const changed = await applyOk(realm, { identityProviders: [FLOWS, idp(VAULT_B)] });
    expect(actionsOf(changed.plan)).toEqual(['update identity-provider["vaulted"]']);
    expect((await realm.admin.getIdp('vaulted')).config?.clientSecret).toBe(VAULT_B);
    // From a vault reference to a plain secret: written, then compared as "set".
    await applyOk(realm, { identityProviders: [FLOWS, idp('plain')] });
    expect((await realm.admin.getIdp('vaulted')).config?.clientSecret).toBe('**********');
    await applyOk(realm, { identityProviders: [FLOWS] });
  });

  it('reports a dangling flow alias at plan time, with the address, and changes nothing', async () => {
    const result = await converge(realm, {
      identityProviders: [
        {
          alias: 'dangling',
          providerId: 'oidc',
          postBrokerLoginFlowAlias: 'no such flow',
          config: { clientId: 'c' },
        },
      ],
    });
    expect(result.report.applied).toEqual([]);
    expect(result.plan.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        address: 'identity-provider["dangling"]',
        path: 'identityProviders[0].postBrokerLoginFlowAlias',
      }),
    );
    expect(await aliases(realm)).toEqual(['flows']);
  });

  it('reports a providerId the server does not have at plan time, naming its version, with the path', async () => {
    const plan = await planOf(realm, {
      identityProviders: [
        { alias: 'known', providerId: 'github', config: {} },
        { alias: 'typo', providerId: 'oidcc', config: {} },
      ],
    });
    const errors = plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.address, d.path])).toEqual([
      ['identity-provider["typo"]', 'identityProviders[1].providerId'],
    ]);
    expect(errors[0]?.summary).toMatch(
      new RegExp(
        `providerId "oidcc" is not an identity provider type Keycloak ${serverInfo().version} has .*\\boidc\\b`,
      ),
    );
  });

  it('reports a mapper role that names no realm or client role, and accepts declared and live ones', async () => {
    const roleMapper = (name: string, role: string): IdentityProviderMapperRepresentation => ({
      identityProviderAlias: 'flows',
      name,
      identityProviderMapper: 'oidc-hardcoded-role-idp-mapper',
      config: { role, syncMode: 'INHERIT' },
    });
    const plan = await planOf(realm, {
      identityProviders: [{ alias: 'flows', providerId: 'oidc', config: {} }],
      roles: { realm: [{ name: 'declared-role' }] },
      identityProviderMappers: [
        roleMapper('live realm role', 'offline_access'),
        roleMapper('live client role', 'realm-management.view-users'),
        roleMapper('declared', 'declared-role'),
        roleMapper('typo', 'ofline_access'),
      ],
    });
    const errors = plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.address, d.path])).toEqual([
      ['identity-provider-mapper["flows"]["typo"]', 'identityProviderMappers[3].config.role'],
    ]);
    expect(errors[0]?.summary).toContain('config.role "ofline_access" names no realm role');
  });

  it('reports missing providerId, mappers of unknown providers and unknown mapper types', async () => {
    const plan = await planOf(realm, {
      identityProviders: [
        { alias: 'flows', providerId: 'oidc', config: {} },
        { alias: 'nameless-type', config: {} },
      ],
      identityProviderMappers: [
        {
          identityProviderAlias: 'ghost',
          name: 'm',
          identityProviderMapper: 'hardcoded-attribute-idp-mapper',
        },
        {
          identityProviderAlias: 'flows',
          name: 'wrong',
          identityProviderMapper: 'saml-user-attribute-idp-mapper',
        },
      ],
    });
    const errors = plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.address, d.path])).toEqual(
      expect.arrayContaining([
        ['identity-provider["nameless-type"]', 'identityProviders[1].providerId'],
        ['identity-provider-mapper["ghost"]["m"]', 'identityProviderMappers[0].identityProviderAlias'],
        ['identity-provider-mapper["flows"]["wrong"]', 'identityProviderMappers[1].identityProviderMapper'],
      ]),
    );
    expect(errors).toHaveLength(3);
  });

  it('warns about fields Keycloak 26 drops and still converges', async () => {
    const result = await converge(realm, {
      identityProviders: [
        {
          alias: 'flows',
          providerId: 'oidc',
          updateProfileFirstLoginMode: 'on',
          config: { clientId: 'c' },
        },
      ],
    });
    expect(result.plan.diagnostics.filter((d) => d.address)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: 'identityProviders[0].updateProfileFirstLoginMode',
      }),
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
  });

  it.runIf(serverHas('organizations'))(
    'never deletes a provider that belongs to an organization',
    async () => {
      await realm.admin.updateRealm(realm.name, {
        ...(await realm.admin.getRealm(realm.name)),
        organizationsEnabled: true,
      });
      await realm.admin.createIdp({ alias: 'org-idp', providerId: 'oidc', config: { clientId: 'o' } });
      const org = await realm.admin.createOrganization({ name: 'acme', domains: [{ name: 'acme.test' }] });
      const linked = await realm.admin.rawPost(
        `/admin/realms/${realm.name}/organizations/${org}/identity-providers`,
        'org-idp',
      );
      expect(linked.status).toBeLessThan(300);
      const result = await applyOk(realm, {
        identityProviders: [{ alias: 'flows', providerId: 'oidc', config: {} }],
      });
      expect(actionsOf(result.plan)).toEqual([]);
      expect(await aliases(realm)).toEqual(['flows', 'org-idp']);
    },
  );

  it.runIf(serverHas('organizations'))(
    'deletes a left-out provider once the declared organizations let go of it, in one apply',
    async () => {
      // Organizations declared, and acme declares its providers without org-idp: org-idp is unlinked,
      // so a declared provider list that leaves it out deletes it (and the next plan is empty).
      const rep: Manifest = {
        organizationsEnabled: true,
        identityProviders: [{ alias: 'flows', providerId: 'oidc', config: {} }],
        organizations: [{ name: 'acme', alias: 'acme', identityProviders: [] }],
      };
      const registered = [...ALL_KINDS];
      const kept = await planOf(realm, { ...rep, organizations: [{ alias: 'acme' }] }, registered);
      expect(actionsOf(kept)).toEqual([]);
      const result = await applyOk(realm, rep, registered);
      expect(actionsOf(result.plan)).toEqual([
        'delete identity-provider["org-idp"]',
        'update organization["acme"]',
      ]);
      expect(await aliases(realm)).toEqual(['flows']);
    },
  );

  it('works next to every other kind; group importers refer to groups', async () => {
    const rep: Manifest = {
      groups: [{ name: 'importers' }],
      identityProviders: [{ alias: 'flows', providerId: 'oidc', config: { clientId: 'c' } }],
      identityProviderMappers: [
        {
          identityProviderAlias: 'flows',
          name: 'to group',
          identityProviderMapper: 'oidc-hardcoded-group-idp-mapper',
          config: { group: '/importers', syncMode: 'INHERIT' },
        },
      ],
    };
    const dangling = await planOf(realm, { ...rep, groups: [] }, WITH_ALL);
    expect(dangling.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', path: 'identityProviderMappers[0].config.group' }),
    );
    await applyOk(realm, rep, WITH_ALL);
    expect((await mappersOf(realm, 'flows'))['to group']?.config?.group).toBe('/importers');
  });
});
