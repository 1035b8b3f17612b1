import { expect, it } from 'vitest';
import { KeycloakGetError, KeycloakPostError } from '../../src/client/index.js';
import { describeWithKeycloak, masterAdmin, randomName, useTestRealm } from '../support/keycloak.js';

describeWithKeycloak('realms', () => {
  const realm = useTestRealm('realms');

  it('creates, reads, updates and lists realms', async () => {
    const admin = realm.admin;
    const fetched = await admin.getRealm(realm.name);
    expect(fetched.realm).toBe(realm.name);
    expect(fetched.enabled).toBe(true);

    await admin.updateRealm(realm.name, { ...fetched, displayName: 'Realms test' });
    expect((await admin.getRealm(realm.name)).displayName).toBe('Realms test');

    expect(await admin.realmExists(realm.name)).toBe(true);
    expect(await admin.realmExists(randomName('absent'))).toBe(false);
    const names = (await admin.getRealms()).map((r) => r.realm);
    expect(names).toContain('master');
    expect(names).toContain(realm.name);
  });

  it('reports a conflict with the server message, or skips it with skipExists', async () => {
    const admin = realm.admin;
    const error = await admin.createRealm({ realm: realm.name }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeycloakPostError);
    expect((error as KeycloakPostError).responseCode).toBe(409);
    expect((error as KeycloakPostError).path).toBe('/admin/realms');
    await expect(admin.createRealm({ realm: realm.name }, { skipExists: true })).resolves.toBe(realm.name);
  });

  it('imports a realm with content and exports it partially', async () => {
    const admin = masterAdmin();
    const name = randomName('import');
    await admin.importRealm({
      realm: name,
      enabled: true,
      roles: { realm: [{ name: 'imported-role' }] },
      clients: [{ clientId: 'imported-client', publicClient: true }],
    });
    try {
      const exported = await admin
        .withRealm(name)
        .exportRealm({ exportClients: true, exportGroupsAndRoles: true });
      expect(exported.realm).toBe(name);
      expect(exported.roles?.realm?.map((r) => r.name)).toContain('imported-role');
      expect(exported.clients?.map((c) => c.clientId)).toContain('imported-client');
      const bare = await admin.withRealm(name).exportRealm();
      expect(bare.clients ?? []).toHaveLength(0);
    } finally {
      await admin.deleteRealm(name);
      await admin.close();
    }
  });

  it('gives a typed error for an unknown realm and for a missing argument', async () => {
    const admin = realm.admin;
    const missing = await admin.getRealm(randomName('missing')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect((missing as KeycloakGetError).responseCode).toBe(404);
    const noArg = await admin.getRealm('').catch((e: unknown) => e);
    expect(noArg).toBeInstanceOf(KeycloakGetError);
    expect((noArg as Error).message).toContain("Missing required argument 'name'");
  });
});
