import { expect, it } from 'vitest';
import {
  collect,
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakPostError,
  KeycloakPutError,
} from '../../src/client/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak, serverAtLeast, serverHas, useTestRealm } from '../support/keycloak.js';

// Nothing is contacted when a provider is created: unroutable loopback endpoints are enough.
const oidcConfig = {
  clientId: 'realmform-test',
  clientSecret: 'very-secret-value',
  clientAuthMethod: 'client_secret_post',
  authorizationUrl: 'http://127.0.0.1:9/auth',
  tokenUrl: 'http://127.0.0.1:9/token',
  defaultScope: 'openid email',
};

const samlConfig = {
  entityId: 'http://127.0.0.1:9/saml/entity',
  singleSignOnServiceUrl: 'http://127.0.0.1:9/saml/sso',
  nameIDPolicyFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  principalType: 'SUBJECT',
};

describeWithKeycloak('identity providers', () => {
  const realm = useTestRealm('idp');

  it('creates OIDC and SAML providers, masks secrets and lists them', async () => {
    const admin = realm.admin;
    expect(
      await admin.createIdp({
        alias: 'oidc-a',
        providerId: 'oidc',
        displayName: 'OIDC A',
        config: oidcConfig,
      }),
    ).toBe('oidc-a');
    expect(await admin.createIdp({ alias: 'saml-a', providerId: 'saml', config: samlConfig })).toBe('saml-a');

    const oidc = await admin.getIdp('oidc-a');
    expect(oidc.providerId).toBe('oidc');
    expect(oidc.displayName).toBe('OIDC A');
    expect(oidc.internalId).toBeTruthy();
    expect(oidc.config?.clientId).toBe('realmform-test');
    expect(oidc.config?.clientSecret).toBe('**********');
    // `types` from 26.5.
    if (serverAtLeast('26.5')) expect(oidc.types).toContain('USER_AUTHENTICATION');
    const saml = await admin.getIdp('saml-a');
    expect(saml.providerId).toBe('saml');
    expect(saml.config?.entityId).toBe(samlConfig.entityId);

    const listed = await admin.getIdps();
    expect(listed.map((idp) => idp.alias).sort()).toEqual(['oidc-a', 'saml-a']);
    expect(listed.find((idp) => idp.alias === 'oidc-a')?.config?.clientSecret).toBe('**********');
    expect(await admin.getIdps({ first: 0, max: 1 })).toHaveLength(1);
    expect((await admin.getIdps({ search: 'saml' })).map((idp) => idp.alias)).toEqual(['saml-a']);
    const brief = await admin.getIdps({ briefRepresentation: true });
    expect(brief.find((idp) => idp.alias === 'oidc-a')?.config).toEqual({});
    const iterated = await collect(admin.iterIdps({ pageSize: 1 }));
    expect(iterated.map((idp) => idp.alias).sort()).toEqual(['oidc-a', 'saml-a']);

    // Since Keycloak 26 the realm representation no longer carries identity providers.
    const inRealm = (await admin.getRealm(realm.name)).identityProviders;
    if (serverHas('identityProvidersOutsideRealm')) expect(inRealm).toBeUndefined();
    else expect(inRealm?.map((idp) => idp.alias).sort()).toEqual(['oidc-a', 'saml-a']);

    const conflict = await failure(
      admin.createIdp({ alias: 'oidc-a', providerId: 'oidc', config: oidcConfig }),
    );
    expect(conflict).toBeInstanceOf(KeycloakPostError);
    expect((conflict as KeycloakPostError).responseCode).toBe(409);
    expect((conflict as KeycloakPostError).serverMessage).toBe('Identity Provider oidc-a already exists');
  });

  it('updates a provider by replacing it, keeping the alias', async () => {
    const admin = realm.admin;
    await admin.createIdp({ alias: 'oidc-upd', providerId: 'oidc', config: oidcConfig });
    const current = await admin.getIdp('oidc-upd');
    const { defaultScope: _dropped, ...config } = current.config ?? {};
    // No alias in the payload: Keycloak alone would store the provider without one.
    const { alias: _alias, ...withoutAlias } = current;
    await admin.updateIdp('oidc-upd', {
      ...withoutAlias,
      displayName: 'Updated',
      trustEmail: true,
      config: { ...config, clientId: 'changed-client' },
    });
    const updated = await admin.getIdp('oidc-upd');
    expect(updated.alias).toBe('oidc-upd');
    expect(updated.internalId).toBe(current.internalId);
    expect(updated.displayName).toBe('Updated');
    expect(updated.trustEmail).toBe(true);
    expect(updated.config?.clientId).toBe('changed-client');
    expect(updated.config?.clientSecret).toBe('**********');
    // A PUT replaces: the config key left out is gone.
    expect(updated.config?.defaultScope).toBeUndefined();

    // Up to 26.5 the provider is renamed instead (measured; not done here, the test goes on with this one).
    if (serverAtLeast('26.7')) {
      const rename = await failure(admin.updateIdp('oidc-upd', { ...updated, alias: 'oidc-renamed' }));
      expect(rename).toBeInstanceOf(KeycloakPutError);
      expect((rename as KeycloakPutError).responseCode).toBe(400);
      expect((rename as KeycloakPutError).serverMessage).toBe('Identity Provider alias cannot be changed');
    }

    const noProvider = await failure(admin.updateIdp('oidc-upd', { displayName: 'x' }));
    expect(noProvider).toBeInstanceOf(KeycloakPutError);
    expect((noProvider as KeycloakPutError).responseCode).toBe(400);
    expect((noProvider as KeycloakPutError).serverMessage).toBe('Invalid identity provider id [null]');

    const unknown = await failure(admin.updateIdp('no-such-idp', { ...updated, alias: 'no-such-idp' }));
    expect(unknown).toBeInstanceOf(KeycloakPutError);
    expect((unknown as KeycloakPutError).responseCode).toBe(404);
  });

  it('adds, reads, updates and deletes mappers', async () => {
    const admin = realm.admin;
    await admin.createIdp({ alias: 'oidc-map', providerId: 'oidc', config: oidcConfig });
    await admin.createIdp({ alias: 'saml-map', providerId: 'saml', config: samlConfig });

    const types = await admin.getIdpMapperTypes('oidc-map');
    expect(types['hardcoded-attribute-idp-mapper']?.name).toBe('Hardcoded Attribute');
    expect(types['oidc-user-attribute-idp-mapper']?.properties?.map((p) => p.name)).toContain('claim');
    expect(Object.keys(await admin.getIdpMapperTypes('saml-map'))).toContain(
      'saml-user-attribute-idp-mapper',
    );

    const mapperId = await admin.addMapperToIdp('oidc-map', {
      name: 'department',
      identityProviderMapper: 'oidc-user-attribute-idp-mapper',
      config: { syncMode: 'INHERIT', claim: 'dept', 'user.attribute': 'department' },
    });
    expect(mapperId).toMatch(/^[0-9a-f-]{36}$/);
    // The body's identityProviderAlias would win over the path; the client pins it to the path.
    const pinnedId = await admin.addMapperToIdp('oidc-map', {
      name: 'fixed-role',
      identityProviderAlias: 'saml-map',
      identityProviderMapper: 'hardcoded-attribute-idp-mapper',
      config: { syncMode: 'INHERIT', attribute: 'source', 'attribute.value': 'oidc' },
    });
    expect(await admin.getIdpMappers('saml-map')).toEqual([]);

    const mappers = await admin.getIdpMappers('oidc-map');
    expect(mappers.map((m) => m.name).sort()).toEqual(['department', 'fixed-role']);
    const mapper = await admin.getIdpMapper('oidc-map', mapperId);
    expect(mapper.identityProviderAlias).toBe('oidc-map');
    expect(mapper.config?.claim).toBe('dept');

    // Neither id nor alias in the payload: Keycloak alone would answer 500.
    await admin.updateMapperInIdp('oidc-map', mapperId, {
      name: 'department',
      identityProviderMapper: 'oidc-user-attribute-idp-mapper',
      config: { syncMode: 'FORCE', claim: 'department', 'user.attribute': 'department' },
    });
    const updated = await admin.getIdpMapper('oidc-map', mapperId);
    expect(updated.config).toEqual({
      syncMode: 'FORCE',
      claim: 'department',
      'user.attribute': 'department',
    });

    await admin.deleteMapperFromIdp('oidc-map', pinnedId);
    expect((await admin.getIdpMappers('oidc-map')).map((m) => m.id)).toEqual([mapperId]);
    const missing = await failure(admin.getIdpMapper('oidc-map', pinnedId));
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect((missing as KeycloakGetError).responseCode).toBe(404);
    expect((missing as KeycloakGetError).serverMessage).toBe('Model not found');
    const gone = await failure(admin.deleteMapperFromIdp('oidc-map', pinnedId));
    expect(gone).toBeInstanceOf(KeycloakDeleteError);
    expect((gone as KeycloakDeleteError).responseCode).toBe(404);
    const badUpdate = await failure(admin.updateMapperInIdp('oidc-map', pinnedId, { name: 'x' }));
    expect(badUpdate).toBeInstanceOf(KeycloakPutError);
    expect((badUpdate as KeycloakPutError).responseCode).toBe(404);

    const noIdp = await failure(
      admin.addMapperToIdp('no-such-idp', {
        name: 'm',
        identityProviderMapper: 'hardcoded-attribute-idp-mapper',
      }),
    );
    expect(noIdp).toBeInstanceOf(KeycloakPostError);
    expect((noIdp as KeycloakPostError).responseCode).toBe(404);
  });

  it('deletes a provider with its mappers and reports unknown aliases', async () => {
    const admin = realm.admin;
    await admin.createIdp({ alias: 'oidc-del', providerId: 'oidc', config: oidcConfig });
    await admin.addMapperToIdp('oidc-del', {
      name: 'm',
      identityProviderMapper: 'hardcoded-attribute-idp-mapper',
      config: { attribute: 'a', 'attribute.value': 'b' },
    });
    await admin.deleteIdp('oidc-del');

    const missing = await failure(admin.getIdp('oidc-del'));
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect((missing as KeycloakGetError).responseCode).toBe(404);
    expect((missing as KeycloakGetError).serverMessage).toBe('HTTP 404 Not Found');
    const mappers = await failure(admin.getIdpMappers('oidc-del'));
    expect(mappers).toBeInstanceOf(KeycloakGetError);
    expect((mappers as KeycloakGetError).responseCode).toBe(404);
    const again = await failure(admin.deleteIdp('oidc-del'));
    expect(again).toBeInstanceOf(KeycloakDeleteError);
    expect((again as KeycloakDeleteError).responseCode).toBe(404);
    expect((await admin.getIdps()).map((idp) => idp.alias)).not.toContain('oidc-del');
  });
});
