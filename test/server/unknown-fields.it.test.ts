/**
 * Realm settings newer than the oldest supported release (from Keycloak's own classes:
 * src/representations/field-versions.ts): on a server whose release has the field, declaring it
 * plans without an unknown-field error and converges; on an older one, the plan names the field
 * and the version, and nothing is written. Run on every supported release by the matrix.
 */
import { expect, it } from 'vitest';
import { applyManifest } from '../../src/engine/converge.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { REALM_FIELDS } from '../../src/model/realm-fields.js';
import { FIELD_SINCE } from '../../src/representations/field-versions.js';
import { compareLine } from '../../src/server/versions.js';
import { describeWithKeycloak, serverVersion, useTestRealm } from '../support/keycloak.js';
import { manifestOf, plan } from '../support/realmform.js';

const NEWER_SETTINGS = Object.entries(FIELD_SINCE.RealmRepresentation ?? {}).filter(
  ([field]) => !REALM_FIELDS[field],
);

describeWithKeycloak('realm settings newer than the server', () => {
  const realm = useTestRealm('kfield');

  it('has newer settings to check (the generated data is not empty)', () => {
    expect(NEWER_SETTINGS.length).toBeGreaterThan(3);
  });

  for (const [field, since] of NEWER_SETTINGS) {
    it(`${field} (Keycloak ${since})`, async () => {
      const version = serverVersion();
      if (!version) throw new Error('the run has no server version');
      const live: Record<string, unknown> = { ...(await realm.admin.getRealm(realm.name)) };
      const unknown = (diagnostics: readonly { severity: string; path?: string; summary: string }[]) =>
        diagnostics.filter((d) => d.severity === 'error' && d.summary.includes('does not know this field'));
      if (compareLine(version, since) >= 0) {
        // The server has it: its own value plans without an unknown-field error.
        const planned = await plan(realm.admin, { realm: realm.name, [field]: live[field] ?? true });
        expect(unknown(planned.diagnostics)).toEqual([]);
        return;
      }
      expect(live[field]).toBeUndefined();
      const result = await applyManifest(
        realm.admin,
        manifestOf({ realm: realm.name, [field]: true }),
        ALL_KINDS,
      );
      // One error at the field: this check's, or the feature row's where a feature covers it
      // (organizations, admin permissions v2), never both.
      const errors = result.plan.diagnostics.filter((d) => d.severity === 'error' && d.path === field);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.summary).toContain(`Keycloak ${version.text}`);
      expect(result.report.applied).toEqual([]);
      expect(await realm.admin.getRealm(realm.name)).toEqual(live);
    });
  }
});
