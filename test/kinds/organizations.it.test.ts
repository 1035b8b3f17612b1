import { afterAll, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import type { OrganizationRepresentation, RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest, type ConvergeResult } from '../../src/engine/converge.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import {
  describeWithFeature,
  masterAdmin,
  randomName,
  serverHas,
  useTestRealm,
} from '../support/keycloak.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

/** As registered: organizations after identity providers (they link them). */
const KINDS = ALL_KINDS;

/** 26.0–26.2 need a domain per organization (a plan error otherwise, see test/server). */
const domain = (name: string): OrganizationRepresentation =>
  serverHas('organizationWithoutDomain') ? {} : { domains: [{ name, verified: false }] };

/** keycloak-config-cli organizations/02. */
const acme: OrganizationRepresentation = {
  name: 'Acme Corporation',
  alias: 'acme',
  redirectUrl: 'https://acme.example/redirect',
  description: 'Main organization for Acme Corporation',
  enabled: true,
  ...domain('acme.example'),
};
const startup: OrganizationRepresentation = {
  name: 'Tech Startup',
  alias: 'tech-startup',
  redirectUrl: 'https://tech-startup.example/redirect',
  description: 'Innovative tech startup',
  enabled: true,
  ...domain('tech-startup.example'),
};

async function organization(
  admin: KeycloakAdmin,
  alias: string,
): Promise<OrganizationRepresentation | undefined> {
  // One by id: 26.0's listing has no attributes.
  const id = (await admin.getOrganizations()).find((org) => org.alias === alias)?.id;
  return id ? admin.getOrganization(id) : undefined;
}

async function membersOf(admin: KeycloakAdmin, alias: string): Promise<string[]> {
  const org = await organization(admin, alias);
  if (!org?.id) throw new Error(`organization ${alias} not found`);
  return (await admin.getOrganizationMembers(org.id)).map((member) => member.username ?? '').sort();
}

const errorsOf = (result: ConvergeResult) => result.plan.diagnostics.filter((d) => d.severity === 'error');

describeWithFeature('organizations')('organization and organization-member kinds', () => {
  // Created with organizations off: the first test turns them on through the manifest.
  const realm = useTestRealm('korg');
  const run = (representation: RealmRepresentation) =>
    applyManifest(realm.admin, manifestOf({ ...representation, realm: realm.name }), KINDS);

  it('refuses to plan organizations while the realm has them disabled, naming the setting', async () => {
    const result = await run({ organizations: [acme] });
    expect(result.report.applied).toEqual([]);
    expect(errorsOf(result)).toEqual([
      expect.objectContaining({
        summary: expect.stringContaining('organizationsEnabled: true'),
        path: 'organizations',
      }),
    ]);
    expect((await realm.admin.getRealm(realm.name)).organizationsEnabled).toBe(false);
  });

  it('enables the feature and creates organizations in one run, and converges', async () => {
    const result = await run({ organizationsEnabled: true, organizations: [acme, startup] });
    expect(errorsOf(result)).toEqual([]);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      'create organization["acme"]',
      'create organization["tech-startup"]',
      `update realm[${JSON.stringify(realm.name)}]`,
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await organization(realm.admin, 'acme')).toMatchObject(acme);
    expect(await organization(realm.admin, 'tech-startup')).toMatchObject(startup);
  });

  it('adds members by username: users declared in the same manifest or already present', async () => {
    await realm.admin.createUser({ username: 'present', enabled: true, email: 'present@acme.example' });
    // organizations/03: entries that give only the alias and members.
    const result = await run({
      organizationsEnabled: true,
      users: [
        { username: 'ceo@tech-startup.example', email: 'ceo@tech-startup.example', enabled: true },
        { username: 'myuser', email: 'myuser@acme.example', enabled: true },
      ],
      organizations: [
        { alias: 'acme', members: [{ username: 'myuser' }, { username: 'present' }] },
        { alias: 'tech-startup', members: [{ username: 'ceo@tech-startup.example' }] },
      ],
    });
    expect(errorsOf(result)).toEqual([]);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan).filter((a) => a.includes('organization'))).toEqual([
      'create organization-member["acme"]["myuser"]',
      'create organization-member["acme"]["present"]',
      'create organization-member["tech-startup"]["ceo@tech-startup.example"]',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await membersOf(realm.admin, 'acme')).toEqual(['myuser', 'present']);
    expect(await membersOf(realm.admin, 'tech-startup')).toEqual(['ceo@tech-startup.example']);
    // The partial entries left the other fields alone.
    expect(await organization(realm.admin, 'acme')).toMatchObject(acme);
  });

  it('updates attributes and domains, leaving undeclared fields and members alone', async () => {
    // organizations/05.
    const result = await run({
      organizations: [
        {
          alias: 'acme',
          domains: [
            { name: 'acme.example', verified: false },
            { name: 'acme.example.org', verified: true },
          ],
          attributes: { industry: ['Technology'], location: ['San Francisco'] },
        },
        {
          alias: 'tech-startup',
          domains: [{ name: 'tech-startup.example' }],
          attributes: { stage: ['Series A'] },
        },
      ],
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      'update organization["acme"]',
      'update organization["tech-startup"]',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    const read = await organization(realm.admin, 'acme');
    const { domains: _declared, ...acmeFields } = acme;
    expect(read).toMatchObject({
      ...acmeFields,
      attributes: { industry: ['Technology'], location: ['San Francisco'] },
    });
    expect(read?.domains?.map((d) => [d.name, d.verified]).sort()).toEqual([
      ['acme.example', false],
      ['acme.example.org', true],
    ]);
    expect(await membersOf(realm.admin, 'acme')).toEqual(['myuser', 'present']);

    // A domain left out is removed; an undeclared attribute stays; verified is kept when undeclared.
    const fewer = await run({
      organizations: [
        { alias: 'acme', domains: [{ name: 'acme.example.org' }], attributes: { location: ['Berlin'] } },
        { alias: 'tech-startup' },
      ],
    });
    expect(fewer.report.failed).toEqual([]);
    expect(actionsOf(fewer.plan)).toEqual(['update organization["acme"]']);
    const changed = fewer.plan.changes.find((c) => c.address === 'organization["acme"]')?.changedPaths ?? [];
    expect([...changed].sort()).toEqual(['attributes.location', 'domains["acme.example"]']);
    expect(actionsOf(fewer.replan)).toEqual([]);
    const after = await organization(realm.admin, 'acme');
    expect(after?.domains).toEqual([{ name: 'acme.example.org', verified: true }]);
    expect(after?.attributes).toEqual({ industry: ['Technology'], location: ['Berlin'] });
  });

  it('removes undeclared members of organizations that declare members, and keeps the users', async () => {
    const result = await run({
      organizations: [{ alias: 'acme', members: [{ username: 'present' }] }, { alias: 'tech-startup' }],
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(['delete organization-member["acme"]["myuser"]']);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await membersOf(realm.admin, 'acme')).toEqual(['present']);
    // tech-startup declares no members: its member stays.
    expect(await membersOf(realm.admin, 'tech-startup')).toEqual(['ceo@tech-startup.example']);
    expect(await realm.admin.getUserByUsername('myuser')).toBeDefined();
  });

  it('reports unknown members and identity providers, a name held under another alias, a shared provider', async () => {
    const result = await run({
      identityProviders: [{ alias: 'gitlab', providerId: 'gitlab', config: { clientId: 'x' } }],
      organizations: [
        { alias: 'acme', members: [{ username: 'present' }, { username: 'nobody' }] },
        { alias: 'tech-startup', identityProviders: [{ alias: 'gitlab' }, { alias: 'nope' }] },
        { name: 'Acme Corporation', identityProviders: [{ alias: 'gitlab' }], ...domain('acme-2.example') },
      ],
    });
    expect(result.report.applied).toEqual([]);
    expect(errorsOf(result).map((d) => [d.address, d.path])).toEqual(
      expect.arrayContaining([
        ['organization-member["acme"]["nobody"]', 'organizations[0].members[1]'],
        ['organization["tech-startup"]', 'organizations[1].identityProviders[1]'],
        ['organization["Acme Corporation"]', 'organizations[2]'],
      ]),
    );
    expect(errorsOf(result).map((d) => d.summary)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('identity provider "gitlab" is also declared by organization "tech-startup"'),
      ]),
    );
    expect(errorsOf(result)).toHaveLength(4);
    expect(await membersOf(realm.admin, 'acme')).toEqual(['present']);
    expect(await realm.admin.getIdps()).toEqual([]);
  });

  it('links identity providers (created in the same apply), moves and unlinks them, and converges', async () => {
    // organizations/04: providers declared next to the organizations that link them.
    const github = { alias: 'github', providerId: 'github', config: { clientId: 'gh', clientSecret: 's' } };
    const google = { alias: 'google', providerId: 'google', config: { clientId: 'go', clientSecret: 's' } };
    const linked = async (alias: string) => {
      const id = (await organization(realm.admin, alias))?.id;
      return (await realm.admin.getIdps())
        .filter((idp) => idp.organizationId === id)
        .map((idp) => idp.alias)
        .sort();
    };
    const first = await run({
      identityProviders: [github, google],
      organizations: [
        { alias: 'acme', identityProviders: [{ alias: 'github' }] },
        { alias: 'tech-startup', identityProviders: [{ alias: 'google' }] },
      ],
    });
    expect(errorsOf(first)).toEqual([]);
    expect(first.report.failed).toEqual([]);
    expect(actionsOf(first.replan)).toEqual([]);
    expect(await linked('acme')).toEqual(['github']);
    expect(await linked('tech-startup')).toEqual(['google']);

    // github moves to tech-startup (whatever order the two updates run in); acme keeps none.
    const moved = await run({
      organizations: [
        { alias: 'acme', identityProviders: [] },
        { alias: 'tech-startup', identityProviders: [{ alias: 'github' }, { alias: 'google' }] },
      ],
    });
    expect(actionsOf(moved.plan)).toEqual([
      'update organization["acme"]',
      'update organization["tech-startup"]',
    ]);
    expect(moved.report.failed).toEqual([]);
    expect(actionsOf(moved.replan)).toEqual([]);
    expect(await linked('tech-startup')).toEqual(['github', 'google']);
    expect(await linked('acme')).toEqual([]);

    const unlinked = await run({
      organizations: [{ alias: 'acme' }, { alias: 'tech-startup', identityProviders: [{ alias: 'google' }] }],
    });
    expect(unlinked.report.failed).toEqual([]);
    expect(actionsOf(unlinked.replan)).toEqual([]);
    expect(await linked('tech-startup')).toEqual(['google']);
    // Unlinked providers stay providers of the realm.
    expect((await realm.admin.getIdps()).map((idp) => idp.alias).sort()).toEqual(['github', 'google']);
  });

  it('deletes organizations the declared list leaves out, and their memberships with them', async () => {
    const result = await run({ organizations: [{ alias: 'tech-startup' }] });
    expect(result.report.failed).toEqual([]);
    // acme's members are not listed: acme does not declare members in this manifest.
    expect(actionsOf(result.plan)).toEqual(['delete organization["acme"]']);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await organization(realm.admin, 'acme')).toBeUndefined();
    expect(await realm.admin.getUserByUsername('present')).toBeDefined();
    const none = await run({ organizations: [] });
    expect(actionsOf(none.plan)).toEqual(['delete organization["tech-startup"]']);
    expect(actionsOf(none.replan)).toEqual([]);
    expect(await realm.admin.getOrganizations()).toEqual([]);
  });
});

describeWithFeature('organizations')('organizations on a new realm', () => {
  const name = randomName('korg-new');
  const admin = masterAdmin(name);
  afterAll(async () => {
    await admin.deleteRealm(name).catch(() => undefined);
    await admin.close();
  });

  it('refuses organizations without organizationsEnabled, then creates realm, users, orgs and members', async () => {
    const manifest = {
      realm: name,
      enabled: true,
      users: [{ username: 'alice', enabled: true }],
      organizations: [
        {
          name: 'Globex',
          domains: [{ name: 'globex.example', verified: true }],
          members: [{ username: 'alice' }],
        },
      ],
    };
    const refused = await applyManifest(admin, manifestOf(manifest), KINDS);
    expect(errorsOf(refused)).toEqual([
      expect.objectContaining({ summary: expect.stringContaining('organizationsEnabled') }),
    ]);
    expect((await admin.getRealms()).some((r) => r.realm === name)).toBe(false);

    const result = await applyManifest(admin, manifestOf({ ...manifest, organizationsEnabled: true }), KINDS);
    expect(errorsOf(result)).toEqual([]);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await membersOf(admin, 'Globex')).toEqual(['alice']);
    expect((await organization(admin, 'Globex'))?.domains).toEqual([
      { name: 'globex.example', verified: true },
    ]);
  });
});
