import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakPostError,
  KeycloakPutError,
} from '../../src/client/index.js';
import type { ServerInfoRepresentation } from '../../src/client/types/index.js';
import { failure } from '../support/failure.js';
import {
  byVersion,
  describeWithKeycloak,
  randomName,
  serverAtLeast,
  serverInfo,
  useTestRealm,
} from '../support/keycloak.js';

const USER = 'alice';
const USER_PASSWORD = `Pw-${randomBytes(12).toString('hex')}`;
const SESSION_CLIENT = 'session-app';

/** Logs `USER` in to `SESSION_CLIENT` with the password grant; returns the token answer. */
async function passwordGrant(realmName: string, scope = 'openid'): Promise<Record<string, unknown>> {
  const response = await fetch(
    `${serverInfo().url}/realms/${encodeURIComponent(realmName)}/protocol/openid-connect/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: SESSION_CLIENT,
        username: USER,
        password: USER_PASSWORD,
        scope,
      }),
    },
  );
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) {
    throw new Error(
      `password grant failed: ${response.status} ${String(body.error)} ${String(body.error_description)}`,
    );
  }
  return body;
}

function pem(base64: string): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

describeWithKeycloak('clients', () => {
  const realm = useTestRealm('clients', {
    users: [
      {
        username: USER,
        enabled: true,
        email: 'alice@example.org',
        emailVerified: true,
        firstName: 'Alice',
        lastName: 'Tester',
        // imported users do not get the realm's default roles; offline tokens need this one
        realmRoles: ['offline_access'],
        credentials: [{ type: 'password', value: USER_PASSWORD, temporary: false }],
      },
    ],
    clients: [
      {
        clientId: SESSION_CLIENT,
        publicClient: true,
        directAccessGrantsEnabled: true,
        standardFlowEnabled: false,
      },
    ],
  });

  it('creates, reads, lists, updates and deletes a client', async () => {
    const admin = realm.admin;
    const clientId = randomName('app');
    const id = await admin.createClient({
      clientId,
      name: 'First',
      redirectUris: ['https://app.example.org/*'],
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const fetched = await admin.getClient(id);
    expect(fetched.id).toBe(id);
    expect(fetched.clientId).toBe(clientId);
    expect(fetched.redirectUris).toEqual(['https://app.example.org/*']);
    await expect(admin.getClientId(clientId)).resolves.toBe(id);
    expect((await admin.getClientByClientId(clientId))?.id).toBe(id);
    // exact match only: a prefix finds nothing
    await expect(admin.getClientByClientId(clientId.slice(0, -2))).resolves.toBeUndefined();
    await expect(admin.getClientId(randomName('nobody'))).resolves.toBeUndefined();

    await admin.updateClient(id, { ...fetched, name: 'Second', description: 'updated' });
    const updated = await admin.getClient(id);
    expect(updated.name).toBe('Second');
    expect(updated.description).toBe('updated');
    expect(updated.redirectUris).toEqual(['https://app.example.org/*']);

    const all = await admin.getClients();
    expect(all.map((c) => c.clientId)).toEqual(expect.arrayContaining([clientId, SESSION_CLIENT, 'account']));
    const page = await admin.getClients({ first: 1, max: 2 });
    expect(page.map((c) => c.id)).toEqual(all.slice(1, 3).map((c) => c.id));
    const iterated: string[] = [];
    for await (const client of admin.iterClients({}, { pageSize: 2 })) iterated.push(client.id ?? '');
    expect(iterated).toEqual(all.map((c) => c.id));
    const searched = await admin.getClients({ clientId: clientId.slice(0, -2), search: true });
    expect(searched.map((c) => c.id)).toEqual([id]);

    await admin.deleteClient(id);
    const gone = await failure(admin.getClient(id));
    expect(gone).toBeInstanceOf(KeycloakGetError);
    expect(gone.responseCode).toBe(404);
    expect(gone.serverMessage).toBe('Could not find client');
    const deleteAgain = await failure(admin.deleteClient(id));
    expect(deleteAgain).toBeInstanceOf(KeycloakDeleteError);
    expect(deleteAgain.responseCode).toBe(404);
    const updateGone = await failure(admin.updateClient(id, { clientId }));
    expect(updateGone).toBeInstanceOf(KeycloakPutError);
    expect(updateGone.responseCode).toBe(404);
  });

  it('reports a duplicate clientId, or resolves it with skipExists', async () => {
    const admin = realm.admin;
    const clientId = randomName('dup');
    const id = await admin.createClient({ clientId });
    const conflict = await failure(admin.createClient({ clientId }));
    expect(conflict).toBeInstanceOf(KeycloakPostError);
    expect(conflict.responseCode).toBe(409);
    expect(conflict.serverMessage).toBe(`Client ${clientId} already exists`);
    await expect(admin.createClient({ clientId }, { skipExists: true })).resolves.toBe(id);
    expect((await admin.getClients({ clientId })).length).toBe(1);
  });

  it('reads and regenerates the client secret', async () => {
    const admin = realm.admin;
    const secret = randomBytes(16).toString('hex');
    const id = await admin.createClient({ clientId: randomName('conf'), publicClient: false, secret });

    const current = await admin.getClientSecrets(id);
    expect(current.type).toBe('secret');
    expect(current.value === secret).toBe(true);
    // 26.7: a full admin reads the secret in the client representation too, unmasked
    expect((await admin.getClient(id)).secret === secret).toBe(true);

    const generated = await admin.generateClientSecrets(id);
    expect(generated.type).toBe('secret');
    expect(typeof generated.value).toBe('string');
    expect(generated.value === secret).toBe(false);
    expect((await admin.getClientSecrets(id)).value === generated.value).toBe(true);

    const publicId = await admin.createClient({ clientId: randomName('pub'), publicClient: true });
    const publicSecret = await admin.getClientSecrets(publicId);
    expect(publicSecret.type).toBe('secret');
    expect(publicSecret.value).toBeUndefined();

    const missing = await failure(admin.getClientSecrets(randomName('none')));
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect(missing.responseCode).toBe(404);
    const missingPost = await failure(admin.generateClientSecrets(randomName('none')));
    expect(missingPost).toBeInstanceOf(KeycloakPostError);
    expect(missingPost.responseCode).toBe(404);
  });

  it('returns the service account user of a client with service accounts', async () => {
    const admin = realm.admin;
    const clientId = randomName('svc');
    const id = await admin.createClient({ clientId, publicClient: false, serviceAccountsEnabled: true });
    const user = await admin.getClientServiceAccountUser(id);
    expect(user.username).toBe(`service-account-${clientId}`);
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);

    const plainId = await admin.createClient({ clientId: randomName('plain'), publicClient: false });
    const refused = await failure(admin.getClientServiceAccountUser(plainId));
    expect(refused).toBeInstanceOf(KeycloakGetError);
    expect(refused.responseCode).toBe(400);
    expect(refused.serverMessage).toContain(
      byVersion({ '24.0': 'unknown_error', '25.0': 'Service account not enabled' }),
    );
  });

  it('renders installation providers as JSON or text', async () => {
    const admin = realm.admin;
    const clientId = randomName('inst');
    const id = await admin.createClient({ clientId, publicClient: true });
    const json = (await admin.getClientInstallationProvider(id, 'keycloak-oidc-keycloak-json')) as Record<
      string,
      unknown
    >;
    expect(json.realm).toBe(realm.name);
    expect(json.resource).toBe(clientId);
    expect(json['public-client']).toBe(true);

    const xml = await admin.getClientInstallationProvider(id, 'keycloak-oidc-jboss-subsystem');
    expect(typeof xml).toBe('string');
    expect(xml).toContain(`<resource>${clientId}</resource>`);

    const unknown = await failure(admin.getClientInstallationProvider(id, 'no-such-provider'));
    expect(unknown).toBeInstanceOf(KeycloakGetError);
    expect(unknown.responseCode).toBe(404);
    expect(unknown.serverMessage).toBe('Unknown Provider');
  });

  it('adds, updates and removes client protocol mappers', async () => {
    const admin = realm.admin;
    const id = await admin.createClient({ clientId: randomName('mappers') });
    const mapper = {
      name: 'tenant',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-hardcoded-claim-mapper',
      config: { 'claim.name': 'tenant', 'claim.value': 'a', 'access.token.claim': 'true' },
    };
    const mapperId = await admin.addMapperToClient(id, mapper);
    expect(mapperId).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await admin.getMappersFromClient(id);
    expect(listed.map((m) => [m.id, m.name])).toEqual([[mapperId, 'tenant']]);

    const duplicate = await failure(admin.addMapperToClient(id, mapper));
    expect(duplicate).toBeInstanceOf(KeycloakPostError);
    expect(duplicate.responseCode).toBe(409);
    expect(duplicate.serverMessage).toBe('Protocol mapper exists with same name');

    await admin.updateClientMapper(id, mapperId, {
      ...mapper,
      id: mapperId,
      config: { ...mapper.config, 'claim.value': 'b' },
    });
    expect((await admin.getMappersFromClient(id))[0]?.config?.['claim.value']).toBe('b');

    await admin.removeClientMapper(id, mapperId);
    expect(await admin.getMappersFromClient(id)).toEqual([]);
    const removeAgain = await failure(admin.removeClientMapper(id, mapperId));
    expect(removeAgain).toBeInstanceOf(KeycloakDeleteError);
    expect(removeAgain.responseCode).toBe(404);
    const updateGone = await failure(admin.updateClientMapper(id, mapperId, { ...mapper, id: mapperId }));
    expect(updateGone).toBeInstanceOf(KeycloakPutError);
    expect(updateGone.responseCode).toBe(404);
  });

  it('lists the user and offline sessions of a client and the realm session stats', async () => {
    const admin = realm.admin;
    const id = (await admin.getClientId(SESSION_CLIENT)) ?? '';
    expect(id).not.toBe('');
    await expect(admin.getClientAllSessions(id)).resolves.toEqual([]);
    expect((await admin.getClientSessionsStats()).find((s) => s.id === id)).toBeUndefined();

    await passwordGrant(realm.name);
    await passwordGrant(realm.name);
    await passwordGrant(realm.name, 'openid offline_access');

    const sessions = await admin.getClientAllSessions(id);
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    for (const session of sessions) {
      expect(session.username).toBe(USER);
      expect(Object.values(session.clients ?? {})).toContain(SESSION_CLIENT);
    }
    const firstPage = await admin.getClientAllSessions(id, { first: 0, max: 1 });
    expect(firstPage).toHaveLength(1);
    const iterated: string[] = [];
    for await (const session of admin.iterClientAllSessions(id, {}, { pageSize: 1 }))
      iterated.push(session.id ?? '');
    expect(iterated.sort()).toEqual(sessions.map((s) => s.id).sort());

    const offline = await admin.getClientOfflineSessions(id);
    expect(offline).toHaveLength(1);
    expect(offline[0]?.username).toBe(USER);
    const offlineIterated: string[] = [];
    for await (const session of admin.iterClientOfflineSessions(id)) offlineIterated.push(session.id ?? '');
    expect(offlineIterated).toEqual([offline[0]?.id]);

    const stats = (await admin.getClientSessionsStats()).find((s) => s.id === id);
    expect(stats?.clientId).toBe(SESSION_CLIENT);
    expect(Number(stats?.active)).toBe(sessions.length);
    expect(stats?.offline).toBe('1');

    const unknown = await failure(admin.getClientAllSessions(randomName('none')));
    expect(unknown).toBeInstanceOf(KeycloakGetError);
    expect(unknown.responseCode).toBe(404);
    const unknownOffline = await failure(admin.getClientOfflineSessions(randomName('none')));
    expect(unknownOffline).toBeInstanceOf(KeycloakGetError);
    expect(unknownOffline.responseCode).toBe(404);
  });

  it('management permissions follow the server: v1 endpoints answer 501 unless v1 is enabled', async () => {
    const admin = realm.admin;
    const id = await admin.createClient({ clientId: randomName('perm') });
    const info = (await admin.rawGet('/admin/serverinfo')).json<ServerInfoRepresentation>();
    const v1 = info.features?.find((f) => f.name === 'ADMIN_FINE_GRAINED_AUTHZ')?.enabled === true;

    if (v1) {
      const enabled = await admin.updateClientManagementPermissions({ enabled: true }, id);
      expect(enabled.enabled).toBe(true);
      const read = await admin.getClientManagementPermissions(id);
      expect(read.enabled).toBe(true);
      expect(Object.keys(read.scopePermissions ?? {})).toEqual(expect.arrayContaining(['view', 'manage']));
      await admin.updateClientManagementPermissions({ enabled: false }, id);
      expect((await admin.getClientManagementPermissions(id)).enabled).toBe(false);
    } else if (!serverAtLeast('26.2')) {
      // 24–26.0: the read answers "not enabled", the write fails with a bare 500.
      expect(await admin.getClientManagementPermissions(id)).toEqual({ enabled: false });
      const write = await failure(admin.updateClientManagementPermissions({ enabled: true }, id));
      expect(write).toBeInstanceOf(KeycloakPutError);
      expect(write.responseCode).toBe(500);
    } else {
      const read = await failure(admin.getClientManagementPermissions(id));
      expect(read).toBeInstanceOf(KeycloakGetError);
      expect(read.responseCode).toBe(501);
      expect((read.responseBody as { error?: string }).error).toBe('Feature not enabled');
      const write = await failure(admin.updateClientManagementPermissions({ enabled: true }, id));
      expect(write).toBeInstanceOf(KeycloakPutError);
      expect(write.responseCode).toBe(501);
      expect((write.responseBody as { error?: string }).error).toBe('Feature not enabled');
    }
  });

  it('generates, reads and uploads client certificates', async () => {
    const admin = realm.admin;
    const sourceId = await admin.createClient({ clientId: randomName('cert-src') });
    const generated = await admin.generateClientCertificate(sourceId);
    expect(generated.certificate).toMatch(/^MII/);
    expect(generated.privateKey).toBeTruthy();
    const stored = await admin.getClientCertificate(sourceId);
    expect(stored.certificate).toBe(generated.certificate);
    expect((await admin.getClient(sourceId)).attributes?.['jwt.credential.certificate']).toBe(
      generated.certificate,
    );

    const targetId = await admin.createClient({ clientId: randomName('cert-dst') });
    expect((await admin.getClient(targetId)).attributes?.['jwt.credential.certificate']).toBeUndefined();
    const uploaded = await admin.uploadCertificate(targetId, pem(generated.certificate ?? ''));
    expect(uploaded.certificate).toBe(generated.certificate);
    expect((await admin.getClient(targetId)).attributes?.['jwt.credential.certificate']).toBe(
      generated.certificate,
    );
    // upload-certificate stores the certificate only, never a private key
    expect((await admin.getClientCertificate(targetId)).privateKey).toBeUndefined();

    // another attribute prefix
    const samlCert = await admin.generateClientCertificate(sourceId, 'saml.signing');
    await admin.uploadCertificate(targetId, pem(samlCert.certificate ?? ''), { attr: 'saml.signing' });
    expect((await admin.getClientCertificate(targetId, 'saml.signing')).certificate).toBe(
      samlCert.certificate,
    );

    const unknown = await failure(
      admin.uploadCertificate(randomName('none'), pem(generated.certificate ?? '')),
    );
    expect(unknown).toBeInstanceOf(KeycloakPostError);
    expect(unknown.responseCode).toBe(404);
    expect(unknown.serverMessage).toBe('Could not find client');
    const unknownGenerate = await failure(admin.generateClientCertificate(randomName('none')));
    expect(unknownGenerate).toBeInstanceOf(KeycloakPostError);
    expect(unknownGenerate.responseCode).toBe(404);
  });

  it('regenerates the registration access token', async () => {
    const admin = realm.admin;
    const id = await admin.createClient({ clientId: randomName('reg') });
    const first = await admin.regenerateRegistrationAccessToken(id);
    expect(first.id).toBe(id);
    expect(typeof first.registrationAccessToken).toBe('string');
    const second = await admin.regenerateRegistrationAccessToken(id);
    expect(second.registrationAccessToken).toBeTruthy();
    expect(second.registrationAccessToken === first.registrationAccessToken).toBe(false);
    const unknown = await failure(admin.regenerateRegistrationAccessToken(randomName('none')));
    expect(unknown).toBeInstanceOf(KeycloakPostError);
    expect(unknown.responseCode).toBe(404);
  });

  it('attaches and detaches default and optional client scopes on one client', async () => {
    const admin = realm.admin;
    const id = await admin.createClient({ clientId: randomName('scoped') });
    const scopeName = randomName('scope');
    const created = await admin.rawPost(`/admin/realms/${realm.name}/client-scopes`, {
      name: scopeName,
      protocol: 'openid-connect',
    });
    expect(created.status).toBe(201);
    const scopeId = (created.headers.location ?? '').split('/').pop() ?? '';

    const defaults = await admin.getClientDefaultClientScopes(id);
    expect(defaults.map((s) => s.name)).toEqual(expect.arrayContaining(['profile', 'email']));
    expect(defaults.map((s) => s.id)).not.toContain(scopeId);
    const optionals = await admin.getClientOptionalClientScopes(id);
    expect(optionals.map((s) => s.name)).toContain('offline_access');

    await admin.addClientDefaultClientScope(id, scopeId);
    expect((await admin.getClientDefaultClientScopes(id)).find((s) => s.id === scopeId)?.name).toBe(
      scopeName,
    );
    expect((await admin.getClient(id)).defaultClientScopes).toContain(scopeName);
    await admin.deleteClientDefaultClientScope(id, scopeId);
    expect((await admin.getClientDefaultClientScopes(id)).map((s) => s.id)).not.toContain(scopeId);

    await admin.addClientOptionalClientScope(id, scopeId);
    expect((await admin.getClientOptionalClientScopes(id)).map((s) => s.id)).toContain(scopeId);
    expect((await admin.getClientDefaultClientScopes(id)).map((s) => s.id)).not.toContain(scopeId);
    // already attached as optional: adding it as default is a silent no-op (204)
    await admin.addClientDefaultClientScope(id, scopeId);
    expect((await admin.getClientDefaultClientScopes(id)).map((s) => s.id)).not.toContain(scopeId);
    await admin.deleteClientOptionalClientScope(id, scopeId);
    expect((await admin.getClientOptionalClientScopes(id)).map((s) => s.id)).not.toContain(scopeId);

    const unknownScope = await failure(admin.addClientDefaultClientScope(id, randomName('none')));
    expect(unknownScope).toBeInstanceOf(KeycloakPutError);
    expect(unknownScope.responseCode).toBe(404);
    expect(unknownScope.serverMessage).toBe('Client scope not found');
    const unknownOptional = await failure(admin.addClientOptionalClientScope(id, randomName('none')));
    expect(unknownOptional).toBeInstanceOf(KeycloakPutError);
    expect(unknownOptional.responseCode).toBe(404);
    const unknownClient = await failure(admin.getClientDefaultClientScopes(randomName('none')));
    expect(unknownClient).toBeInstanceOf(KeycloakGetError);
    expect(unknownClient.responseCode).toBe(404);
    const unknownClientOptional = await failure(admin.getClientOptionalClientScopes(randomName('none')));
    expect(unknownClientOptional).toBeInstanceOf(KeycloakGetError);
    expect(unknownClientOptional.responseCode).toBe(404);
    const deleteUnknown = await failure(admin.deleteClientDefaultClientScope(randomName('none'), scopeId));
    expect(deleteUnknown).toBeInstanceOf(KeycloakDeleteError);
    expect(deleteUnknown.responseCode).toBe(404);
    const deleteUnknownOptional = await failure(
      admin.deleteClientOptionalClientScope(randomName('none'), scopeId),
    );
    expect(deleteUnknownOptional).toBeInstanceOf(KeycloakDeleteError);
    expect(deleteUnknownOptional.responseCode).toBe(404);
  });

  it('gives typed errors for unknown clients and missing arguments', async () => {
    const admin = realm.admin;
    const missing = await failure(admin.getMappersFromClient(randomName('none')));
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect(missing.responseCode).toBe(404);
    expect(missing.serverMessage).toBe('Could not find client');
    const addMissing = await failure(admin.addMapperToClient(randomName('none'), { name: 'x' }));
    expect(addMissing).toBeInstanceOf(KeycloakPostError);
    expect(addMissing.responseCode).toBe(404);
    const noArg = await failure(admin.getClient(''));
    expect(noArg).toBeInstanceOf(KeycloakGetError);
    expect(noArg.message).toContain("Missing required argument 'id'");
    const serviceMissing = await failure(admin.getClientServiceAccountUser(randomName('none')));
    expect(serviceMissing.responseCode).toBe(404);
    const certMissing = await failure(admin.getClientCertificate(randomName('none')));
    expect(certMissing).toBeInstanceOf(KeycloakGetError);
    expect(certMissing.responseCode).toBe(404);
  });
});
