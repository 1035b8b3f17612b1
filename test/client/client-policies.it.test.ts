import { expect, it } from 'vitest';
import { KeycloakPutError } from '../../src/client/index.js';
import { byVersion, describeWithKeycloak, serverAtLeast, useTestRealm } from '../support/keycloak.js';

const profile = {
  name: 'acme-profile',
  description: 'sessions',
  executors: [
    {
      executor: 'secure-session',
      configuration: { clientSessionIdleTimeout: 7200, clientOfflineSessionIdleTimeout: 172800 },
    },
  ],
};

const policy = {
  name: 'acme-policy',
  description: '',
  enabled: true,
  conditions: [
    {
      condition: 'client-access-type',
      configuration: { 'is-negative-logic': false, type: ['confidential'] },
    },
  ],
  profiles: ['acme-profile'],
};

async function failure(promise: Promise<unknown>): Promise<KeycloakPutError> {
  const error = await promise.then(
    () => new Error('expected the call to fail'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KeycloakPutError);
  return error as KeycloakPutError;
}

describeWithKeycloak('client policies and profiles', () => {
  const realm = useTestRealm('cpol');

  it('starts empty and lists the global profiles only on request', async () => {
    const admin = realm.admin;
    expect(await admin.getClientProfiles()).toEqual({ profiles: [] });
    expect(await admin.getClientPolicies()).toEqual({ policies: [] });
    const withGlobal = await admin.getClientProfiles({ includeGlobalProfiles: true });
    expect(withGlobal.globalProfiles?.map((p) => p.name)).toContain('fapi-1-baseline');
    // 24 leaves the (empty) list out.
    expect((await admin.getClientPolicies({ includeGlobalPolicies: true })).globalPolicies).toEqual(
      serverAtLeast('25.0') ? [] : undefined,
    );
  });

  it('replaces the profiles and policies documents and reads them back as written', async () => {
    const admin = realm.admin;
    await admin.updateClientProfiles({ profiles: [profile] });
    expect(await admin.getClientProfiles()).toEqual({ profiles: [profile] });
    await admin.updateClientPolicies({ policies: [policy, { name: 'bare', profiles: ['fapi-1-baseline'] }] });
    const policies = await admin.getClientPolicies();
    expect(policies.policies?.[0]).toEqual(policy);
    // `enabled` and `conditions` left out come back as false and [].
    expect(policies.policies?.[1]).toEqual({
      name: 'bare',
      enabled: false,
      conditions: [],
      profiles: ['fapi-1-baseline'],
    });
  });

  it('rejects unknown profiles, unknown conditions, global names and duplicates', async () => {
    const admin = realm.admin;
    const unknownProfile = await failure(
      admin.updateClientPolicies({ policies: [{ name: 'p', profiles: ['nope'] }] }),
    );
    expect(unknownProfile.responseCode).toBe(400);
    expect(String(unknownProfile.responseBody && JSON.stringify(unknownProfile.responseBody))).toContain(
      byVersion({ '24.0': 'referring not existing client profile', '25.0': 'invalid profile nope' }),
    );
    const unknownCondition = await failure(
      admin.updateClientPolicies({ policies: [{ name: 'p', conditions: [{ condition: 'nope' }] }] }),
    );
    expect(unknownCondition.responseCode).toBe(400);
    const global = await failure(admin.updateClientProfiles({ profiles: [{ name: 'fapi-1-baseline' }] }));
    expect(global.responseCode).toBe(400);
    const duplicate = await failure(admin.updateClientProfiles({ profiles: [profile, profile] }));
    expect(duplicate.responseCode).toBe(400);
    // Nothing was changed by the failed writes.
    expect((await admin.getClientProfiles()).profiles).toEqual([profile]);
  });

  it('accepts removing a profile a policy still names, then rejects every policies write keeping it', async () => {
    const admin = realm.admin;
    await admin.updateClientProfiles({ profiles: [] });
    expect((await admin.getClientPolicies()).policies?.[0]?.profiles).toEqual(['acme-profile']);
    const stale = await failure(admin.updateClientPolicies(await admin.getClientPolicies()));
    expect(stale.responseCode).toBe(400);
    await admin.updateClientPolicies({ policies: [] });
    expect(await admin.getClientPolicies()).toEqual({ policies: [] });
  });
});
