import { afterAll, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { scopeMappingKind } from '../../src/kinds/scope-mapping.js';
import { describeWithKeycloak, masterAdmin, randomName, useTestRealm } from '../support/keycloak.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

const KINDS = [...ALL_KINDS, scopeMappingKind];

interface Mappings {
  realm: string[];
  client: Record<string, string[]>;
}

/** What the server holds for one target: realm role names and client role names by clientId. */
async function mappingsOf(
  admin: KeycloakAdmin,
  kind: 'client' | 'client-scope',
  name: string,
): Promise<Mappings> {
  const clients = await admin.getClients();
  const id =
    kind === 'client'
      ? clients.find((client) => client.clientId === name)?.id
      : (await admin.getClientScopes()).find((scope) => scope.name === name)?.id;
  if (!id) throw new Error(`${kind} ${name} not found`);
  const realm =
    kind === 'client'
      ? await admin.getRealmRolesOfClientScope(id)
      : await admin.getClientScopeRealmScopeMappings(id);
  const client: Record<string, string[]> = {};
  for (const owner of clients) {
    const roles =
      kind === 'client'
        ? await admin.getClientRolesOfClientScope(id, owner.id ?? '')
        : await admin.getClientScopeClientScopeMappings(id, owner.id ?? '');
    if (roles.length > 0) client[owner.clientId ?? ''] = roles.map((role) => role.name ?? '').sort();
  }
  return { realm: realm.map((role) => role.name ?? '').sort(), client };
}

/** Realm roles, clients (one owning client roles) and a client scope: the targets and the roles. */
const base: RealmRepresentation = {
  roles: {
    realm: [{ name: 'reader' }, { name: 'writer' }, { name: 'auditor' }],
    client: { api: [{ name: 'read' }, { name: 'write' }], billing: [{ name: 'invoice' }] },
  },
  clients: [
    { clientId: 'web', publicClient: true, fullScopeAllowed: false, redirectUris: ['https://web.example/*'] },
    { clientId: 'api', bearerOnly: true },
    { clientId: 'billing', bearerOnly: true },
  ],
};
const EXTRA_SCOPE = { name: 'extra', protocol: 'openid-connect' };

describeWithKeycloak('scope-mapping kind', () => {
  const realm = useTestRealm('kscope');
  const run = (representation: RealmRepresentation) =>
    applyManifest(realm.admin, manifestOf({ ...representation, realm: realm.name }), KINDS);

  it('creates targets, roles and their scope mappings in one run and converges', async () => {
    const result = await run({
      ...base,
      clientScopes: [EXTRA_SCOPE],
      scopeMappings: [
        { client: 'web', roles: ['reader'] },
        { clientScope: 'extra', roles: ['writer', 'auditor'] },
      ],
      clientScopeMappings: {
        api: [
          { client: 'web', roles: ['read'] },
          { clientScope: 'extra', roles: ['write'] },
        ],
        billing: [{ client: 'web', roles: ['invoice'] }],
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(
      expect.arrayContaining([
        'create scope-mapping["client"]["web"]',
        'create scope-mapping["client-scope"]["extra"]',
      ]),
    );
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await mappingsOf(realm.admin, 'client', 'web')).toEqual({
      realm: ['reader'],
      client: { api: ['read'], billing: ['invoice'] },
    });
    expect(await mappingsOf(realm.admin, 'client-scope', 'extra')).toEqual({
      realm: ['auditor', 'writer'],
      client: { api: ['write'] },
    });
  });

  it('makes the mentioned targets exactly as declared: adds, removes, drops a whole client', async () => {
    const result = await run({
      ...base,
      scopeMappings: [
        { client: 'web', roles: ['writer'] },
        { clientScope: 'extra', roles: ['writer', 'auditor'] },
      ],
      // billing no longer maps anything to web; api's roles change.
      clientScopeMappings: {
        api: [
          { client: 'web', roles: ['write', 'read'] },
          { clientScope: 'extra', roles: [] },
        ],
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      'update scope-mapping["client"]["web"]',
      'update scope-mapping["client-scope"]["extra"]',
    ]);
    const web = result.plan.changes.find((change) => change.address === 'scope-mapping["client"]["web"]');
    expect([...(web?.changedPaths ?? [])].sort()).toEqual([
      'client["api"].roles',
      'client["billing"]',
      'realm',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await mappingsOf(realm.admin, 'client', 'web')).toEqual({
      realm: ['writer'],
      client: { api: ['read', 'write'] },
    });
    expect(await mappingsOf(realm.admin, 'client-scope', 'extra')).toEqual({
      realm: ['auditor', 'writer'],
      client: {},
    });
  });

  it('leaves an undeclared collection alone, and targets the manifest does not mention', async () => {
    // Only scopeMappings: the client-role part of web is "don't care"; extra is not mentioned.
    const result = await run({ ...base, scopeMappings: [{ client: 'web', roles: ['reader', 'writer'] }] });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(['update scope-mapping["client"]["web"]']);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await mappingsOf(realm.admin, 'client', 'web')).toEqual({
      realm: ['reader', 'writer'],
      client: { api: ['read', 'write'] },
    });
    expect((await mappingsOf(realm.admin, 'client-scope', 'extra')).realm).toEqual(['auditor', 'writer']);
    // Neither collection declared: the kind is not even planned.
    const untouched = await run(base);
    expect(untouched.plan.changes.filter((change) => change.kind === 'scope-mapping')).toEqual([]);
  });

  it("removes a target's mappings only when the target is listed with no roles", async () => {
    const omitted = await run({ ...base, scopeMappings: [], clientScopeMappings: {} });
    expect(actionsOf(omitted.plan)).toEqual([]);
    expect((await mappingsOf(realm.admin, 'client', 'web')).realm).toEqual(['reader', 'writer']);

    const emptied = await run({
      ...base,
      scopeMappings: [{ clientScope: 'extra', roles: [] }],
      clientScopeMappings: { api: [{ client: 'web', roles: [] }] },
    });
    expect(emptied.report.failed).toEqual([]);
    expect(actionsOf(emptied.plan)).toEqual([
      'update scope-mapping["client"]["web"]',
      'update scope-mapping["client-scope"]["extra"]',
    ]);
    expect(actionsOf(emptied.replan)).toEqual([]);
    expect(await mappingsOf(realm.admin, 'client', 'web')).toEqual({ realm: [], client: {} });
    expect(await mappingsOf(realm.admin, 'client-scope', 'extra')).toEqual({ realm: [], client: {} });
  });

  it('never touches the built-in mappings it is not told about', async () => {
    // offline_access scope → offline_access role; account-console → account roles.
    expect((await mappingsOf(realm.admin, 'client-scope', 'offline_access')).realm).toEqual([
      'offline_access',
    ]);
    expect((await mappingsOf(realm.admin, 'client', 'account-console')).client).toEqual({
      account: ['manage-account', 'view-groups'],
    });
  });

  it('reports dangling roles and targets at plan time with their address and changes nothing', async () => {
    const result = await run({
      ...base,
      scopeMappings: [
        { client: 'web', roles: ['reader', 'no-such-role'] },
        { client: 'ghost', roles: ['reader'] },
      ],
      clientScopeMappings: { api: [{ clientScope: 'extra', roles: ['no-such-client-role'] }] },
    });
    expect(result.report.applied).toEqual([]);
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.address, d.path, d.summary])).toEqual(
      expect.arrayContaining([
        [
          'scope-mapping["client"]["web"]',
          'scopeMappings[0].roles[1]',
          expect.stringContaining('realm-role["no-such-role"]'),
        ],
        ['scope-mapping["client"]["ghost"]', 'scopeMappings[1]', expect.stringContaining('client["ghost"]')],
        [
          'scope-mapping["client-scope"]["extra"]',
          'clientScopeMappings.api[0].roles[0]',
          expect.stringContaining('client-role["api"]["no-such-client-role"]'),
        ],
      ]),
    );
    expect(errors).toHaveLength(3);
    expect((await mappingsOf(realm.admin, 'client', 'web')).realm).toEqual([]);
  });
});

describeWithKeycloak('scope-mapping kind on a new realm', () => {
  const name = randomName('kscope-new');
  const admin = masterAdmin(name);
  afterAll(async () => {
    await admin.deleteRealm(name).catch(() => undefined);
    await admin.close();
  });

  it('applies an export-style manifest naming built-in targets and roles, and converges', async () => {
    const result = await applyManifest(
      admin,
      manifestOf({
        realm: name,
        enabled: true,
        roles: { realm: [{ name: 'reader' }] },
        clients: [{ clientId: 'web', publicClient: true, fullScopeAllowed: false }],
        scopeMappings: [
          { clientScope: 'offline_access', roles: ['offline_access'] },
          { client: 'web', roles: ['reader', 'uma_authorization'] },
        ],
        clientScopeMappings: {
          account: [
            { client: 'account-console', roles: ['manage-account', 'view-groups'] },
            { client: 'web', roles: ['view-profile'] },
          ],
        },
      }),
      KINDS,
    );
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await mappingsOf(admin, 'client', 'web')).toEqual({
      realm: ['reader', 'uma_authorization'],
      client: { account: ['view-profile'] },
    });
    expect((await mappingsOf(admin, 'client-scope', 'offline_access')).realm).toEqual(['offline_access']);
  });
});
