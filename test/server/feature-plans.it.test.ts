/**
 * A manifest that uses a feature the server's version lacks is a plan error naming the version
 * and the feature, and nothing is applied; where the version has it, the plan has no such error.
 * One manifest per feature row that a manifest can use (src/server/versions.ts).
 */
import { expect, it } from 'vitest';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { FEATURES, type Feature } from '../../src/server/versions.js';
import { describeWithKeycloak, serverHas, serverVersion, useTestRealm } from '../support/keycloak.js';
import { manifestOf, plan } from '../support/realmform.js';

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
