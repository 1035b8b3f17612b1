/**
 * A manifest that uses a feature the server's version lacks is a plan error naming the version
 * and the feature, and nothing is applied; where the version has it, the plan has no such error.
 * One manifest per feature row that a manifest can use (src/server/versions.ts).
 */
import { expect, it } from 'vitest';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { FEATURES, type Feature, type FeatureSpec } from '../../src/server/versions.js';
import { describeWithKeycloak, serverHas, serverVersion, useTestRealm } from '../support/keycloak.js';
import { actionsOf, apply, manifestOf, plan } from '../support/realmform.js';

const USES: Record<string, { feature: Feature; representation: RealmRepresentation }> = {
  organizations: {
    feature: 'organizations',
    representation: {
      organizationsEnabled: true,
      organizations: [{ name: 'Acme', alias: 'acme', domains: [{ name: 'acme.example' }] }],
    },
  },
  'an organization without a domain': {
    feature: 'organizationWithoutDomain',
    representation: { organizationsEnabled: true, organizations: [{ name: 'Solo', alias: 'solo' }] },
  },
  'standard token exchange': {
    feature: 'standardTokenExchange',
    representation: {
      clients: [{ clientId: 'tx', attributes: { 'standard.token.exchange.enabled': 'true' } }],
    },
  },
  'admin permissions v2': {
    feature: 'adminPermissionsV2',
    representation: { adminPermissionsEnabled: true },
  },
  'a group description': {
    feature: 'groupDescription',
    representation: { groups: [{ name: 'g', description: 'd' }] },
  },
  'the basic client scope': {
    feature: 'basicClientScope',
    representation: { clients: [{ clientId: 'basic-user', defaultClientScopes: ['basic'] }] },
  },
  'the service_account client scope': {
    feature: 'serviceAccountClientScope',
    representation: { defaultOptionalClientScopes: ['service_account'] },
  },
};

describeWithKeycloak('features a version lacks are plan errors', () => {
  const realm = useTestRealm('kfeat');

  for (const [use, { feature, representation }] of Object.entries(USES)) {
    it(`${use} (${feature})`, async () => {
      const message = `Keycloak ${serverVersion()?.text} has no ${FEATURES[feature].label}`;
      const errorsOf = (diagnostics: readonly { severity: string; summary: string }[]) =>
        diagnostics
          .filter((d) => d.severity === 'error' && d.summary.includes(message))
          .map((d) => d.summary);
      if (serverHas(feature)) {
        const planned = await plan(realm.admin, { ...representation, realm: realm.name });
        expect(errorsOf(planned.diagnostics)).toEqual([]);
        return;
      }
      const before = await realm.admin.getRealm(realm.name);
      const result = await applyManifest(
        realm.admin,
        manifestOf({ ...representation, realm: realm.name }),
        ALL_KINDS,
      );
      const [error] = errorsOf(result.plan.diagnostics);
      expect(error).toContain(`(available from Keycloak ${FEATURES[feature].since})`);
      expect(result.report.applied).toEqual([]);
      expect(await realm.admin.getRealm(realm.name)).toEqual(before);
    });
  }
});

/** The realm settings that turn a feature on (src/server/versions.ts `realmSwitch`). */
const SWITCHES = Object.entries(FEATURES).flatMap(([feature, spec]: [string, FeatureSpec]) =>
  spec.realmSwitch ? [{ feature, field: spec.realmSwitch }] : [],
);

describeWithKeycloak('a realm switch declared off asks for nothing, on every version', () => {
  const realm = useTestRealm('koff');

  it('knows the switches', () => {
    expect(SWITCHES.map(({ field }) => field)).toContain('organizationsEnabled');
  });

  for (const { feature, field } of SWITCHES) {
    // 24 has no `organizationsEnabled` field at all (a realm write with it: 400), 25 no organizations.
    it(`${field}: false (${feature}) plans like not declaring it, and applies`, async () => {
      const off = { realm: realm.name, [field]: false };
      const planned = await plan(realm.admin, off);
      expect(planned.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(actionsOf(planned)).toEqual(actionsOf(await plan(realm.admin, { realm: realm.name })));
      const result = await apply(realm.admin, off);
      expect(result.report.failed).toEqual([]);
      expect(actionsOf(result.replan)).toEqual([]);
    });
  }
});

describeWithKeycloak('names a server lacks are plan errors naming its version', () => {
  const realm = useTestRealm('knames');

  it('component provider, client authenticator, policy type and identity provider type', async () => {
    const planned = await plan(realm.admin, {
      realm: realm.name,
      components: { 'org.keycloak.keys.KeyProvider': [{ name: 'keys', providerId: 'no-such-keys' }] },
      clients: [
        {
          clientId: 'authn',
          clientAuthenticatorType: 'no-such-authenticator',
          serviceAccountsEnabled: true,
          authorizationServicesEnabled: true,
          authorizationSettings: { policies: [{ name: 'p', type: 'no-such-policy' }] },
        },
      ],
      identityProviders: [{ alias: 'idp', providerId: 'no-such-idp' }],
    });
    const server = `Keycloak ${serverVersion()?.text}`;
    const errors = planned.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary);
    for (const name of ['no-such-keys', 'no-such-authenticator', 'no-such-policy', 'no-such-idp'])
      expect(errors.find((error) => error.includes(`"${name}"`))).toContain(` ${server} has (it has: `);
  });
});
