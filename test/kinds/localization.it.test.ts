import { expect, it } from 'vitest';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import type { KindDefinition } from '../../src/kinds/kind.js';
import { localizationTextKind } from '../../src/kinds/localization-text.js';
import { describeWithKeycloak, useTestRealm } from '../support/keycloak.js';
import { realmKindWithout } from '../support/realm-kind-without.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

// The realm kind must leave keycloak-config-cli's `messageBundles` to localization-text.
const KINDS = [realmKindWithout(['messageBundles']), localizationTextKind] as KindDefinition[];

type Manifest = RealmRepresentation & { messageBundles?: Record<string, Record<string, string>> };

describeWithKeycloak('localization-text kind', () => {
  const realm = useTestRealm('kl10n');
  const run = (representation: Manifest) =>
    applyManifest(realm.admin, manifestOf({ ...representation, realm: realm.name }), KINDS);
  const texts = (locale: string) => realm.admin.getRealmLocalizationTexts(locale);
  const locales = async () => (await realm.admin.getRealmLocalizationLocales()).sort();

  it('is untouched while the manifest declares no texts', async () => {
    await realm.admin.updateRealmLocalizationTexts('fr', { hello: 'Bonjour' });
    const result = await run({ displayName: 'L10n' });
    expect(result.plan.changes.map((c) => c.kind)).not.toContain('localization-text');
    expect(await texts('fr')).toEqual({ hello: 'Bonjour' });
  });

  it('creates the declared locales, deletes undeclared ones, and converges', async () => {
    const result = await run({
      internationalizationEnabled: true,
      supportedLocales: ['en', 'de'],
      localizationTexts: {
        de: { hello: 'Hallo', world: 'Welt!' },
        en: { hello: 'Hello', world: 'World!', multi: 'line one\nline two' },
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      'create localization-text["de"]',
      'create localization-text["en"]',
      'delete localization-text["fr"]',
      `update realm["${realm.name}"]`,
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await locales()).toEqual(['de', 'en']);
    expect(await texts('de')).toEqual({ hello: 'Hallo', world: 'Welt!' });
    expect(await texts('en')).toEqual({ hello: 'Hello', world: 'World!', multi: 'line one\nline two' });
  });

  it('a declared locale is authoritative for its keys: changes, adds and removes texts', async () => {
    const result = await run({
      localizationTexts: {
        de: { hello: 'Hallo', world: 'Welt!' },
        en: { hello: 'Hello', world: 'World', anotherNew: 'another new text' },
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual(['update localization-text["en"]']);
    expect(result.plan.changes.find((c) => c.address === 'localization-text["en"]')?.changedPaths).toEqual([
      'anotherNew',
      'multi',
      'world',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await texts('en')).toEqual({ hello: 'Hello', world: 'World', anotherNew: 'another new text' });
    expect(await texts('de')).toEqual({ hello: 'Hallo', world: 'Welt!' });
  });

  it("reads keycloak-config-cli's messageBundles the same way", async () => {
    const result = await run({
      messageBundles: {
        de: { hello: 'Hallo' },
        es: { hello: 'Hola', world: 'Mundo!' },
      },
    });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      'update localization-text["de"]',
      'delete localization-text["en"]',
      'create localization-text["es"]',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await locales()).toEqual(['de', 'es']);
    expect(await texts('de')).toEqual({ hello: 'Hallo' });
  });

  it('a locale declared twice (both spellings) is a plan error, and nothing changes', async () => {
    const result = await run({
      localizationTexts: { de: { hello: 'Servus' } },
      messageBundles: { de: { hello: 'Moin' } },
    });
    expect(result.report.applied).toEqual([]);
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({ address: 'localization-text["de"]', path: 'messageBundles.de' }),
    ]);
    expect(await texts('de')).toEqual({ hello: 'Hallo' });
  });

  it('an empty declaration removes every locale', async () => {
    const result = await run({ localizationTexts: { es: {} } });
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.plan)).toEqual([
      'delete localization-text["de"]',
      'delete localization-text["es"]',
    ]);
    expect(actionsOf(result.replan)).toEqual([]);
    expect(await locales()).toEqual([]);
  });
});
