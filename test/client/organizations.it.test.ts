import { expect, it } from 'vitest';
import { KeycloakGetError, KeycloakPostError, KeycloakPutError } from '../../src/client/index.js';
import type { OrganizationRepresentation } from '../../src/client/types/index.js';
import { describeWithFeature, serverAtLeast, serverHas, useTestRealm } from '../support/keycloak.js';

async function failure<E>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => new Error('expected the call to fail'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** 26.0–26.2 refuse an organization without a domain (400 "You must provide at least one domain"). */
const domain = (name: string): OrganizationRepresentation =>
  serverHas('organizationWithoutDomain') ? {} : { domains: [{ name }] };

describeWithFeature('organizations')('organizations', () => {
  const realm = useTestRealm('orgs', { organizationsEnabled: true });
  const disabled = useTestRealm('noorgs');

  it('answers 404 when the realm has organizations disabled', async () => {
    const error = await failure(disabled.admin.getOrganizations(), KeycloakGetError);
    expect(error.responseCode).toBe(404);
    expect(JSON.stringify(error.responseBody)).toContain('Organizations not enabled');
  });

  it('creates, reads, lists in pages, updates and deletes organizations', async () => {
    const admin = realm.admin;
    const acme = await admin.createOrganization({
      name: 'Acme Corporation',
      alias: 'acme',
      description: 'main',
      redirectUrl: 'https://acme.example/redirect',
      attributes: { industry: ['Technology'] },
      domains: [{ name: 'acme.example', verified: true }],
    });
    expect(acme).toMatch(/^[0-9a-f-]{36}$/);
    // The alias defaults to the name.
    const plainId = await admin.createOrganization({ name: 'Plain', ...domain('plain.example') });
    expect((await admin.getOrganization(plainId)).alias).toBe('Plain');
    for (const n of [1, 2, 3])
      await admin.createOrganization({ name: `org-${n}`, ...domain(`org-${n}.example`) });

    const read = await admin.getOrganization(acme);
    expect(read).toMatchObject({
      name: 'Acme Corporation',
      alias: 'acme',
      enabled: true,
      description: 'main',
      attributes: { industry: ['Technology'] },
      domains: [{ name: 'acme.example', verified: true }],
    });

    // `/organizations/count` from 26.2 (26.0: 404).
    if (serverAtLeast('26.4')) expect(await admin.getOrganizationsCount()).toBe(5);
    const all = await admin.getOrganizations({ briefRepresentation: false, pageSize: 2 });
    expect(all.map((org) => org.alias).sort()).toEqual(['Plain', 'acme', 'org-1', 'org-2', 'org-3']);
    // (26.0 lists no attributes even then.)
    expect(all.find((org) => org.alias === 'acme')?.attributes).toEqual(
      serverHas('organizationListAttributes') ? { industry: ['Technology'] } : undefined,
    );
    // The default list is brief: no attributes.
    expect((await admin.getOrganizations()).find((org) => org.alias === 'acme')?.attributes).toBeUndefined();
    expect(await admin.getOrganizations({ first: 0, max: 2 })).toHaveLength(2);
    const iterated: string[] = [];
    for await (const org of admin.iterOrganizations({ pageSize: 2 })) iterated.push(org.alias ?? '');
    expect(iterated).toHaveLength(5);
    // An exact search matches the name, not the alias.
    const exact = await admin.getOrganizations({ search: 'Acme Corporation', exact: true });
    expect(exact.map((org) => org.id)).toEqual([acme]);
    expect(await admin.getOrganizations({ search: 'acme', exact: true })).toEqual([]);

    // A PUT replaces: description, redirectUrl and domains left out are removed (26.0–26.2 refuse
    // to remove the last domain: 400).
    const bare = { name: 'Acme Corporation', alias: 'acme', enabled: false };
    if (!serverHas('organizationWithoutDomain')) {
      const refused = await failure(admin.updateOrganization(acme, bare), KeycloakPutError);
      expect(refused.serverMessage).toBe('You must provide at least one domain');
    }
    await admin.updateOrganization(acme, { ...bare, ...domain('acme.example') });
    const replaced = await admin.getOrganization(acme);
    expect(replaced.enabled).toBe(false);
    expect(replaced.description).toBeUndefined();
    expect((replaced.domains ?? []).map((d) => d.name)).toEqual(
      serverHas('organizationWithoutDomain') ? [] : ['acme.example'],
    );
    await admin.updateOrganization(acme, { ...read, description: 'again' });
    expect((await admin.getOrganization(acme)).description).toBe('again');

    const aliasChange = await failure(
      admin.updateOrganization(acme, { ...read, alias: 'other' }),
      KeycloakPutError,
    );
    expect(aliasChange.responseCode).toBe(400);
    const nameTaken = await failure(
      admin.createOrganization({ name: 'Plain', ...domain('plain-2.example') }),
      KeycloakPostError,
    );
    expect(nameTaken.responseCode).toBe(409);
    const domainTaken = await failure(
      admin.createOrganization({ name: 'Other', domains: [{ name: 'acme.example' }] }),
      KeycloakPostError,
    );
    expect(domainTaken.responseCode).toBe(400);

    await admin.deleteOrganization(plainId);
    await failure(admin.getOrganization(plainId), KeycloakGetError);
  });

  it('adds, lists and removes members', async () => {
    const admin = realm.admin;
    const orgId = await admin.createOrganization({ name: 'members-org', ...domain('members.example') });
    const userId = await admin.createUser({ username: 'member-a', enabled: true });
    await admin.addOrganizationMember(orgId, userId);
    const members = await admin.getOrganizationMembers(orgId);
    expect(members.map((m) => [m.username, m.membershipType])).toEqual([['member-a', 'UNMANAGED']]);
    const again = await failure(admin.addOrganizationMember(orgId, userId), KeycloakPostError);
    expect(again.responseCode).toBe(409);
    await admin.removeOrganizationMember(orgId, userId);
    expect(await admin.getOrganizationMembers(orgId, { first: 0, max: 10 })).toEqual([]);
    // The user stays.
    expect((await admin.getUser(userId)).username).toBe('member-a');
  });
});
