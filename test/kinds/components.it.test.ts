import { describe, expect, it } from 'vitest';
import type {
  ComponentExportRepresentation,
  ComponentRepresentation,
  RealmRepresentation,
} from '../../src/client/types/index.js';
import { applyRealm } from '../../src/engine/apply-realm.js';
import { applyManifest, type ConvergeResult } from '../../src/engine/converge.js';
import { planRealm } from '../../src/engine/plan-realm.js';
import { componentKind } from '../../src/kinds/component.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import type { KindContext, KindDefinition, KindOptions } from '../../src/kinds/kind.js';
import { subComponentKind } from '../../src/kinds/sub-component.js';
import type { Plan } from '../../src/planner/plan.js';
import { useFreshRealm } from '../support/fresh-realm.js';
import { describeWithKeycloak, type TestRealm, useTestRealm } from '../support/keycloak.js';
import { ldapProviderConfig, useLdapServer } from '../support/ldap.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

/** Every registered kind, with these two (once the lead registers them, not twice). */
const KINDS = [
  ...ALL_KINDS.filter((kind) => kind.kind !== 'component' && kind.kind !== 'sub-component'),
  componentKind,
  subComponentKind,
] as KindDefinition[];
const KEYS = 'org.keycloak.keys.KeyProvider';
const POLICIES = 'org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy';
const STORAGE = 'org.keycloak.storage.UserStorageProvider';
const MAPPER = 'org.keycloak.storage.ldap.mappers.LDAPStorageMapper';
const BUILT_IN_KEYS = ['aes-generated', 'hmac-generated-hs512', 'rsa-enc-generated', 'rsa-generated'];

type Manifest = Omit<RealmRepresentation, 'realm'>;
type Components = Record<string, ComponentExportRepresentation[]>;

/**
 * Plan → apply → re-plan, with run options (command-line flags) seen by the plan's reads and by
 * the apply; the re-plan is an ordinary one.
 */
async function converge(realm: TestRealm, rep: Manifest, options?: KindOptions): Promise<ConvergeResult> {
  const manifest = manifestOf({ ...rep, realm: realm.name });
  if (!options) return applyManifest(realm.admin, manifest, KINDS);
  const withOptions = KINDS.map((kind) => ({
    ...kind,
    read: (ctx: KindContext) => kind.read({ ...ctx, options: { ...ctx.options, ...options } }),
  }));
  const planning = await planRealm(realm.admin, manifest, withOptions, { sources: [] });
  planning.ctx.options = { ...planning.ctx.options, ...options };
  const report = await applyRealm(realm.admin, manifest, planning, KINDS);
  const replan = (await planRealm(realm.admin, manifest, KINDS, { sources: [] })).work.plan;
  return { plan: planning.work.plan, report, replan };
}

async function applyOk(realm: TestRealm, rep: Manifest, options?: KindOptions): Promise<ConvergeResult> {
  const result = await converge(realm, rep, options);
  expect(ownDiagnostics(result.plan)).toEqual([]);
  expect(result.report.failed).toEqual([]);
  expect(result.report.ok).toBe(true);
  expect(actionsOf(result.replan)).toEqual([]);
  return result;
}

/** Until the lead registers these kinds, every plan also warns that `components` is not managed. */
function ownDiagnostics(plan: Plan): Plan['diagnostics'] {
  return plan.diagnostics.filter((diagnostic) => !diagnostic.summary.startsWith('`components`'));
}

async function planOf(realm: TestRealm, rep: Manifest): Promise<Plan> {
  return (await planRealm(realm.admin, manifestOf({ ...rep, realm: realm.name }), KINDS, { sources: [] }))
    .work.plan;
}

async function live(realm: TestRealm, type: string, parent?: string): Promise<ComponentRepresentation[]> {
  const parentId = parent ?? (await realm.admin.getRealm(realm.name)).id;
  return realm.admin.getComponents({ type, parent: parentId });
}

async function liveOne(realm: TestRealm, type: string, name: string): Promise<ComponentRepresentation> {
  const found = (await live(realm, type)).filter((component) => component.name === name);
  expect(found).toHaveLength(1);
  return found[0] as ComponentRepresentation;
}

const names = (components: ComponentRepresentation[]): string[] =>
  components.map((component) => component.name ?? '').sort();

describeWithKeycloak('component kinds: key providers and other realm-level components', () => {
  const realm = useTestRealm('kind-component');
  const fresh = useFreshRealm();
  const rsaExtra = (config: Record<string, string[]>): ComponentExportRepresentation => ({
    name: 'rsa-extra',
    providerId: 'rsa-generated',
    config,
  });

  it('creates a key provider, keeps the built-in ones, and converges', async () => {
    const result = await applyOk(realm, {
      components: { [KEYS]: [rsaExtra({ priority: ['50'], keySize: ['2048'] })] },
    });
    expect(actionsOf(result.plan)).toEqual([`create component["${KEYS}"]["rsa-extra"]`]);
    expect((await liveOne(realm, KEYS, 'rsa-extra')).config).toMatchObject({
      priority: ['50'],
      keySize: ['2048'],
    });
    // The realm's generated keys are built-in: not declared, yet never planned for deletion.
    expect(names(await live(realm, KEYS))).toEqual([...BUILT_IN_KEYS, 'rsa-extra'].sort());
  });

  it('updates declared config keys, leaves undeclared ones alone, and updates a built-in', async () => {
    // A lone config value (as YAML may write it) compares with Keycloak's list of one.
    const priority = 60 as unknown as string[];
    const result = await applyOk(realm, {
      components: {
        [KEYS]: [
          rsaExtra({ priority }),
          { name: 'rsa-generated', providerId: 'rsa-generated', config: { priority: ['120'] } },
        ],
      },
    });
    expect(actionsOf(result.plan)).toEqual([
      `update component["${KEYS}"]["rsa-extra"]`,
      `update component["${KEYS}"]["rsa-generated"]`,
    ]);
    const extra = await liveOne(realm, KEYS, 'rsa-extra');
    expect(extra.config?.priority).toEqual(['60']);
    expect(extra.config?.keySize).toEqual(['2048']);
    expect((await liveOne(realm, KEYS, 'rsa-generated')).config?.priority).toEqual(['120']);
  });

  it('sets a key secret on create and never compares or prints it', async () => {
    const secret = 'c2VjcmV0LXZhbHVlLXRoYXQtaXMtbG9uZy1lbm91Z2gtZm9yLWhtYWM';
    const hmac = (value: string): ComponentExportRepresentation => ({
      name: 'hmac-extra',
      providerId: 'hmac-generated',
      config: { priority: ['40'], algorithm: ['HS256'], secret: [value] },
    });
    const result = await applyOk(realm, {
      components: { [KEYS]: [rsaExtra({ priority: ['60'] }), hmac(secret)] },
    });
    expect(actionsOf(result.plan)).toEqual([`create component["${KEYS}"]["hmac-extra"]`]);
    expect(JSON.stringify(result.plan)).not.toContain(secret);
    const change = result.plan.changes.find((c) => c.address.includes('hmac-extra'));
    expect(change?.sensitivePaths).toContain('config.secret');
    // Keycloak does not return it; a different declared value is not a difference either.
    expect((await liveOne(realm, KEYS, 'hmac-extra')).config?.secret).toBeUndefined();
    const again = await planOf(realm, {
      components: { [KEYS]: [rsaExtra({ priority: ['60'] }), hmac('another-one')] },
    });
    expect(actionsOf(again)).toEqual([]);
  });

  it('deletes undeclared components of a declared type, never the built-in ones', async () => {
    const result = await applyOk(realm, { components: { [KEYS]: [] } });
    expect(actionsOf(result.plan)).toEqual([
      `delete component["${KEYS}"]["hmac-extra"]`,
      `delete component["${KEYS}"]["rsa-extra"]`,
    ]);
    expect(result.plan.changes.find((c) => c.actions[0] === 'delete')?.reason).toBe(
      'not declared in the manifest',
    );
    expect(names(await live(realm, KEYS))).toEqual(BUILT_IN_KEYS);
    // Types the manifest does not list are untouched (the default registration policies).
    expect(names(await live(realm, POLICIES))).toEqual(fresh.value.components[POLICIES]);
  });

  it('updates a built-in client-registration policy by sub type and name and keeps the others', async () => {
    const policy: ComponentExportRepresentation = {
      name: 'Max Clients Limit',
      providerId: 'max-clients',
      subType: 'anonymous',
      config: { 'max-clients': ['150'] },
    };
    const before = names(await live(realm, POLICIES));
    const result = await applyOk(realm, { components: { [POLICIES]: [policy] } });
    expect(actionsOf(result.plan)).toEqual([
      `update component["${POLICIES}"]["anonymous"]["Max Clients Limit"]`,
    ]);
    expect((await liveOne(realm, POLICIES, 'Max Clients Limit')).config?.['max-clients']).toEqual(['150']);
    expect(names(await live(realm, POLICIES))).toEqual(before);
  });

  it('reports a name Keycloak cannot store at plan time, before anything changes', async () => {
    const long = 'k'.repeat(256);
    const result = await converge(realm, {
      components: { [KEYS]: [{ name: long, providerId: 'rsa-generated' }, rsaExtra({ priority: ['1'] })] },
    });
    expect(ownDiagnostics(result.plan)).toEqual([
      expect.objectContaining({
        severity: 'error',
        address: `component["${KEYS}"]["${long}"]`,
        path: `components["${KEYS}"][0]`,
        summary: expect.stringContaining('Keycloak stores at most 255'),
      }),
    ]);
    expect(result.report.applied).toEqual([]);
    expect(names(await live(realm, KEYS))).toEqual(BUILT_IN_KEYS);
  });

  it('ignores the user profile component with a warning', async () => {
    const plan = await planOf(realm, {
      components: {
        'org.keycloak.userprofile.UserProfileProvider': [
          { name: 'declarative-user-profile', providerId: 'declarative-user-profile', config: {} },
        ],
      },
    });
    expect(ownDiagnostics(plan)).toEqual([
      expect.objectContaining({ severity: 'warning', summary: expect.stringContaining('`userProfile`') }),
    ]);
    expect(actionsOf(plan)).toEqual([]);
  });

  it('leaves components alone when the manifest has no `components`', async () => {
    const plan = await planOf(realm, { enabled: true });
    expect(plan.changes.filter((change) => change.kind !== 'realm')).toEqual([]);
  });
});

describeWithKeycloak('component kinds: LDAP user federation against a real LDAP server', () => {
  const realm = useTestRealm('kind-ldap');
  const ldap = useLdapServer();

  const ldapConfig = (extra: Record<string, string[]> = {}) => ldapProviderConfig(ldap.server, extra);
  const attributeMapper = (name: string, ldapAttribute: string, userAttribute: string) => ({
    name,
    providerId: 'user-attribute-ldap-mapper',
    config: {
      'ldap.attribute': [ldapAttribute],
      'user.model.attribute': [userAttribute],
      'read.only': ['true'],
      'always.read.value.from.ldap': ['false'],
      'is.mandatory.in.ldap': ['false'],
    },
  });
  const MAPPERS = [
    attributeMapper('username', 'uid', 'username'),
    attributeMapper('email', 'mail', 'email'),
    attributeMapper('first name', 'givenName', 'firstName'),
    attributeMapper('last name', 'sn', 'lastName'),
  ];
  const emailAlways = attributeMapper('email', 'mail', 'email');
  emailAlways.config['always.read.value.from.ldap'] = ['true'];
  /** The mappers after the update test, and after the delete test. */
  const UPDATED = MAPPERS.map((mapper) => (mapper.name === 'email' ? emailAlways : mapper));
  const REMAINING = UPDATED.filter((mapper) => mapper.name !== 'last name');
  const provider = (
    config: Record<string, string[]> = ldapConfig(),
    mappers: ComponentExportRepresentation[] = MAPPERS,
  ): ComponentExportRepresentation => ({
    name: 'corp-ldap',
    providerId: 'ldap',
    config,
    subComponents: { [MAPPER]: mappers },
  });
  const storageId = async () => (await liveOne(realm, STORAGE, 'corp-ldap')).id as string;

  it('creates an LDAP provider with exactly the declared mappers and converges', async () => {
    const result = await applyOk(realm, { components: { [STORAGE]: [provider()] } });
    expect(actionsOf(result.plan)).toEqual([
      `create component["${STORAGE}"]["corp-ldap"]`,
      `create sub-component["${MAPPER}"]["corp-ldap"]["email"]`,
      `create sub-component["${MAPPER}"]["corp-ldap"]["first name"]`,
      `create sub-component["${MAPPER}"]["corp-ldap"]["last name"]`,
      `create sub-component["${MAPPER}"]["corp-ldap"]["username"]`,
    ]);
    // Keycloak's other default mappers (dates, Kerberos principal) are gone: the type is declared.
    const mappers = await live(realm, MAPPER, await storageId());
    expect(names(mappers)).toEqual(['email', 'first name', 'last name', 'username']);
    expect(mappers.find((m) => m.name === 'first name')?.config?.['ldap.attribute']).toEqual(['givenName']);
    expect(JSON.stringify(result.plan)).not.toContain(ldap.server.bindPassword);
  });

  it('syncs the LDAP users into Keycloak with their email', async () => {
    const sync = await realm.admin.syncUsers(await storageId(), 'triggerFullSync');
    expect(sync.added).toBe(ldap.server.users.length);
    for (const seeded of ldap.server.users) {
      const user = await realm.admin.getUserByUsername(seeded.uid);
      expect(user).toMatchObject({ email: seeded.mail, firstName: seeded.givenName, lastName: seeded.sn });
      expect(user?.federationLink).toBe(await storageId());
    }
  });

  it('updates a config value and a mapper; the bind credential is neither compared nor printed', async () => {
    const mappers = UPDATED;
    const rep = {
      components: {
        [STORAGE]: [
          provider(ldapConfig({ bindCredential: ['a-new-secret'], batchSizeForSync: ['250'] }), mappers),
        ],
      },
    };
    const result = await applyOk(realm, rep);
    expect(actionsOf(result.plan)).toEqual([
      `update component["${STORAGE}"]["corp-ldap"]`,
      `update sub-component["${MAPPER}"]["corp-ldap"]["email"]`,
    ]);
    const change = result.plan.changes.find((c) => c.kind === 'component');
    expect(change?.changedPaths).toEqual(['config.batchSizeForSync']);
    expect(JSON.stringify(result.plan)).not.toContain('a-new-secret');
    const stored = await liveOne(realm, STORAGE, 'corp-ldap');
    expect(stored.config?.batchSizeForSync).toEqual(['250']);
    expect(stored.config?.bindCredential).toEqual(['**********']);
    const mapper = (await live(realm, MAPPER, stored.id)).find((m) => m.name === 'email');
    expect(mapper?.config?.['always.read.value.from.ldap']).toEqual(['true']);
    // A bind credential that differs from the stored one is not a difference.
    const again = await planOf(realm, {
      components: { [STORAGE]: [provider(ldapConfig({ bindCredential: ['other'] }), mappers)] },
    });
    expect(actionsOf(again).filter((action) => action.includes(`["${STORAGE}"]`))).toEqual([]);
  });

  /** Whether Keycloak can bind to LDAP with the provider's stored bind credential. */
  const storedCredentialWorks = async (): Promise<boolean> => {
    const answer = await realm.admin.rawPost(`/admin/realms/${realm.name}/testLDAPConnection`, {
      action: 'testAuthentication',
      connectionUrl: ldap.server.url,
      bindDn: ldap.server.bindDn,
      bindCredential: '**********',
      authType: 'simple',
      componentId: await storageId(),
    });
    return answer.status === 204;
  };

  it('writes a changed bind credential only in a run that rotates secrets', async () => {
    const rep = (bindCredential: string) => ({
      components: {
        [STORAGE]: [
          provider(ldapConfig({ bindCredential: [bindCredential], batchSizeForSync: ['250'] }), UPDATED),
        ],
      },
    });
    // The update test declared another credential without rotating: the stored one was kept.
    expect(await storedCredentialWorks()).toBe(true);
    const rotated = await applyOk(realm, rep('not-the-password'), { rotateSecrets: true });
    expect(actionsOf(rotated.plan)).toEqual([`update component["${STORAGE}"]["corp-ldap"]`]);
    expect(rotated.plan.changes.find((c) => c.kind === 'component')?.changedPaths).toEqual([
      'config.bindCredential',
    ]);
    expect(JSON.stringify(rotated.plan)).not.toContain('not-the-password');
    expect(await storedCredentialWorks()).toBe(false);
    await applyOk(realm, rep(ldap.server.bindPassword), { rotateSecrets: true });
    expect(await storedCredentialWorks()).toBe(true);
  });

  it('deletes an undeclared mapper of a declared type', async () => {
    const result = await applyOk(realm, {
      components: { [STORAGE]: [provider(ldapConfig({ batchSizeForSync: ['250'] }), REMAINING)] },
    });
    expect(actionsOf(result.plan)).toEqual([`delete sub-component["${MAPPER}"]["corp-ldap"]["last name"]`]);
    expect(names(await live(realm, MAPPER, await storageId()))).toEqual(['email', 'first name', 'username']);
  });

  it("keeps Keycloak's default mappers when a provider declares no mappers", async () => {
    const other: ComponentExportRepresentation = {
      name: 'other-ldap',
      providerId: 'ldap',
      config: ldapConfig(),
    };
    const result = await applyOk(realm, {
      components: { [STORAGE]: [provider(ldapConfig(), REMAINING), other] },
    });
    expect(actionsOf(result.plan)).toEqual([`create component["${STORAGE}"]["other-ldap"]`]);
    const otherId = (await liveOne(realm, STORAGE, 'other-ldap')).id;
    expect(names(await live(realm, MAPPER, otherId))).toEqual(
      expect.arrayContaining([
        'username',
        'email',
        'first name',
        'last name',
        'creation date',
        'modify date',
      ]),
    );
    // Declared without mappers again, and with `subComponents: {}`: the defaults stay.
    const empty = { ...other, subComponents: {} };
    expect(
      actionsOf(
        await planOf(realm, { components: { [STORAGE]: [provider(ldapConfig(), REMAINING), empty] } }),
      ),
    ).toEqual([]);
  });

  it('refuses to delete a user-storage provider without the flag, and deletes it and its users with it', async () => {
    const keep = provider(ldapConfig(), REMAINING);
    const refused = await converge(realm, { components: { [STORAGE]: [keep] } });
    const address = `component["${STORAGE}"]["other-ldap"]`;
    expect(actionsOf(refused.plan)).toEqual([`delete ${address}`]);
    expect(refused.plan.changes.find((c) => c.address === address)?.reason).toContain(
      'deletes every user it imported',
    );
    expect(refused.report.ok).toBe(false);
    expect(refused.report.failed).toEqual([
      { address, error: expect.stringContaining('--allow-federation-delete') },
    ]);
    expect(names(await live(realm, STORAGE))).toEqual(['corp-ldap', 'other-ldap']);

    // corp-ldap goes too: the users it imported go with it.
    expect((await realm.admin.getUsers({})).length).toBe(ldap.server.users.length);
    const result = await applyOk(realm, { components: { [STORAGE]: [] } }, { allowFederationDelete: true });
    expect(actionsOf(result.plan)).toEqual([
      `delete component["${STORAGE}"]["corp-ldap"]`,
      `delete ${address}`,
    ]);
    expect(await live(realm, STORAGE)).toEqual([]);
    expect(await realm.admin.getUsers({})).toEqual([]);
  });
});

describe('component kinds without a server', () => {
  it('flattens subComponents into sub-component objects keyed by parent name', () => {
    const components: Components = {
      [STORAGE]: [
        {
          name: 'ldap',
          providerId: 'ldap',
          subComponents: { [MAPPER]: [{ name: 'email', providerId: 'x' }] },
        },
      ],
    };
    const manifest = manifestOf({ realm: 'r', components });
    expect(componentKind.desired(manifest)?.map((object) => object.key)).toEqual([[STORAGE, 'ldap']]);
    const children = subComponentKind.desired(manifest);
    expect(children?.map((object) => [object.key, object.origin.path])).toEqual([
      [[MAPPER, 'ldap', 'email'], `components["${STORAGE}"][0].subComponents["${MAPPER}"][0]`],
    ]);
    expect(
      subComponentKind.desired(manifestOf({ realm: 'r', components: { [STORAGE]: [{ name: 'l' }] } })),
    ).toBe(undefined);
  });
});
