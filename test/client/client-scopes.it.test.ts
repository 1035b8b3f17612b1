import { expect, it } from 'vitest';
import {
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakPostError,
  KeycloakPutError,
} from '../../src/client/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak, randomName, serverAtLeast, useTestRealm } from '../support/keycloak.js';

describeWithKeycloak('client scopes', () => {
  const realm = useTestRealm('scopes', { clients: [{ clientId: 'scoped-app' }] });

  it('creates, reads, updates and deletes a client scope', async () => {
    const admin = realm.admin;
    const name = randomName('scope');
    const id = await admin.createClientScope({
      name,
      description: 'first',
      protocol: 'openid-connect',
      attributes: { 'include.in.token.scope': 'true' },
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const fetched = await admin.getClientScope(id);
    expect(fetched.name).toBe(name);
    expect(fetched.description).toBe('first');
    expect(fetched.attributes?.['include.in.token.scope']).toBe('true');
    expect((await admin.getClientScopeByName(name))?.id).toBe(id);
    await expect(admin.getClientScopeByName(randomName('nothing'))).resolves.toBeUndefined();
    const names = (await admin.getClientScopes()).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining([name, 'profile', 'email', 'offline_access']));

    await admin.updateClientScope(id, { ...fetched, description: 'second' });
    const updated = await admin.getClientScope(id);
    expect(updated.description).toBe('second');
    expect(updated.attributes?.['include.in.token.scope']).toBe('true');

    await admin.deleteClientScope(id);
    const gone = await failure(admin.getClientScope(id));
    expect(gone).toBeInstanceOf(KeycloakGetError);
    expect(gone.responseCode).toBe(404);
    expect(gone.serverMessage).toBe('Could not find client scope');
    const deleteAgain = await failure(admin.deleteClientScope(id));
    expect(deleteAgain).toBeInstanceOf(KeycloakDeleteError);
    expect(deleteAgain.responseCode).toBe(404);
    const updateGone = await failure(admin.updateClientScope(id, { name }));
    expect(updateGone).toBeInstanceOf(KeycloakPutError);
    expect(updateGone.responseCode).toBe(404);
    expect((await admin.getClientScopes()).map((s) => s.name)).not.toContain(name);
  });

  it('reports a duplicate name, or resolves it with skipExists; a scope needs a protocol', async () => {
    const admin = realm.admin;
    const name = randomName('dup');
    const id = await admin.createClientScope({ name, protocol: 'openid-connect' });
    const conflict = await failure(admin.createClientScope({ name, protocol: 'openid-connect' }));
    expect(conflict).toBeInstanceOf(KeycloakPostError);
    expect(conflict.responseCode).toBe(409);
    expect(conflict.serverMessage).toBe(`Client Scope ${name} already exists`);
    await expect(
      admin.createClientScope({ name, protocol: 'openid-connect' }, { skipExists: true }),
    ).resolves.toBe(id);

    // 24 creates a scope without a protocol.
    if (serverAtLeast('25.0')) {
      const noProtocol = await failure(admin.createClientScope({ name: randomName('bare') }));
      expect(noProtocol).toBeInstanceOf(KeycloakPostError);
      expect(noProtocol.responseCode).toBe(400);
      expect(noProtocol.serverMessage).toBe('Unexpected protocol');
    } else {
      await expect(admin.createClientScope({ name: randomName('bare') })).resolves.toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('adds, updates and deletes protocol mappers of a client scope', async () => {
    const admin = realm.admin;
    const scopeId = await admin.createClientScope({ name: randomName('mapped'), protocol: 'openid-connect' });
    await expect(admin.getMappersFromClientScope(scopeId)).resolves.toEqual([]);
    const mapper = {
      name: 'department',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-usermodel-attribute-mapper',
      config: { 'user.attribute': 'department', 'claim.name': 'department', 'jsonType.label': 'String' },
    };
    const mapperId = await admin.addMapperToClientScope(scopeId, mapper);
    expect(mapperId).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await admin.getMappersFromClientScope(scopeId);
    expect(listed.map((m) => [m.id, m.name, m.protocolMapper])).toEqual([
      [mapperId, 'department', 'oidc-usermodel-attribute-mapper'],
    ]);
    expect((await admin.getClientScope(scopeId)).protocolMappers?.map((m) => m.id)).toEqual([mapperId]);

    const duplicate = await failure(admin.addMapperToClientScope(scopeId, mapper));
    expect(duplicate).toBeInstanceOf(KeycloakPostError);
    expect(duplicate.responseCode).toBe(409);
    expect(duplicate.serverMessage).toBe('Protocol mapper exists with same name');

    await admin.updateMapperInClientScope(scopeId, mapperId, {
      ...mapper,
      id: mapperId,
      config: { ...mapper.config, 'claim.name': 'dept' },
    });
    expect((await admin.getMappersFromClientScope(scopeId))[0]?.config?.['claim.name']).toBe('dept');

    await admin.deleteMapperFromClientScope(scopeId, mapperId);
    await expect(admin.getMappersFromClientScope(scopeId)).resolves.toEqual([]);
    const deleteAgain = await failure(admin.deleteMapperFromClientScope(scopeId, mapperId));
    expect(deleteAgain).toBeInstanceOf(KeycloakDeleteError);
    expect(deleteAgain.responseCode).toBe(404);
    const updateGone = await failure(
      admin.updateMapperInClientScope(scopeId, mapperId, { ...mapper, id: mapperId }),
    );
    expect(updateGone).toBeInstanceOf(KeycloakPutError);
    expect(updateGone.responseCode).toBe(404);
    const unknownScope = await failure(admin.getMappersFromClientScope(randomName('none')));
    expect(unknownScope).toBeInstanceOf(KeycloakGetError);
    expect(unknownScope.responseCode).toBe(404);
    const addUnknown = await failure(admin.addMapperToClientScope(randomName('none'), mapper));
    expect(addUnknown).toBeInstanceOf(KeycloakPostError);
    expect(addUnknown.responseCode).toBe(404);
  });

  it('manages the realm default and optional client scope lists', async () => {
    const admin = realm.admin;
    const name = randomName('realmwide');
    const scopeId = await admin.createClientScope({ name, protocol: 'openid-connect' });

    const defaults = await admin.getDefaultDefaultClientScopes();
    expect(defaults.map((s) => s.name)).toEqual(expect.arrayContaining(['profile', 'email', 'roles']));
    expect(defaults.find((s) => s.name === 'profile')?.protocol).toBe('openid-connect');
    expect(defaults.map((s) => s.id)).not.toContain(scopeId);
    const optionals = await admin.getDefaultOptionalClientScopes();
    expect(optionals.map((s) => s.name)).toEqual(
      expect.arrayContaining(['offline_access', 'address', 'phone']),
    );

    await admin.addDefaultDefaultClientScope(scopeId);
    expect((await admin.getDefaultDefaultClientScopes()).find((s) => s.id === scopeId)?.name).toBe(name);
    // a scope in one list cannot be added to either list again
    const twice = await failure(admin.addDefaultOptionalClientScope(scopeId));
    expect(twice).toBeInstanceOf(KeycloakPutError);
    expect(twice.responseCode).toBe(409);
    const again = await failure(admin.addDefaultDefaultClientScope(scopeId));
    expect(again).toBeInstanceOf(KeycloakPutError);
    expect(again.responseCode).toBe(409);
    // new clients get it as a default scope
    const created = await admin.rawPost(`/admin/realms/${realm.name}/clients`, {
      clientId: randomName('after'),
    });
    expect(created.status).toBe(201);
    const clientUuid = (created.headers.location ?? '').split('/').pop() ?? '';
    expect((await admin.getClientDefaultClientScopes(clientUuid)).map((s) => s.id)).toContain(scopeId);

    await admin.deleteDefaultDefaultClientScope(scopeId);
    expect((await admin.getDefaultDefaultClientScopes()).map((s) => s.id)).not.toContain(scopeId);

    await admin.addDefaultOptionalClientScope(scopeId);
    expect((await admin.getDefaultOptionalClientScopes()).find((s) => s.id === scopeId)?.name).toBe(name);
    await admin.deleteDefaultOptionalClientScope(scopeId);
    expect((await admin.getDefaultOptionalClientScopes()).map((s) => s.id)).not.toContain(scopeId);

    const unknownDefault = await failure(admin.deleteDefaultDefaultClientScope(randomName('none')));
    expect(unknownDefault).toBeInstanceOf(KeycloakDeleteError);
    expect(unknownDefault.responseCode).toBe(404);
    expect(unknownDefault.serverMessage).toBe('Client scope not found');
    const unknownOptional = await failure(admin.deleteDefaultOptionalClientScope(randomName('none')));
    expect(unknownOptional).toBeInstanceOf(KeycloakDeleteError);
    expect(unknownOptional.responseCode).toBe(404);
    const addUnknown = await failure(admin.addDefaultDefaultClientScope(randomName('none')));
    expect(addUnknown).toBeInstanceOf(KeycloakPutError);
    expect(addUnknown.responseCode).toBe(404);
    const addUnknownOptional = await failure(admin.addDefaultOptionalClientScope(randomName('none')));
    expect(addUnknownOptional).toBeInstanceOf(KeycloakPutError);
    expect(addUnknownOptional.responseCode).toBe(404);
  });

  it('deleting a scope in use detaches it from clients and the realm lists', async () => {
    const admin = realm.admin;
    const scopeId = await admin.createClientScope({ name: randomName('inuse'), protocol: 'openid-connect' });
    const clientUuid = (await admin.getClientId('scoped-app')) ?? '';
    await admin.addClientOptionalClientScope(clientUuid, scopeId);
    await admin.addDefaultDefaultClientScope(scopeId);
    expect((await admin.getClientOptionalClientScopes(clientUuid)).map((s) => s.id)).toContain(scopeId);

    await admin.deleteClientScope(scopeId);
    expect((await admin.getClientOptionalClientScopes(clientUuid)).map((s) => s.id)).not.toContain(scopeId);
    expect((await admin.getDefaultDefaultClientScopes()).map((s) => s.id)).not.toContain(scopeId);
  });

  it('gives a typed error for a missing argument', async () => {
    const noArg = await failure(realm.admin.getClientScope(''));
    expect(noArg).toBeInstanceOf(KeycloakGetError);
    expect(noArg.message).toContain("Missing required argument 'id'");
  });
});
