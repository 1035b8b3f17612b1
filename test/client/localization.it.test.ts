import { expect, it } from 'vitest';
import { KeycloakGetError } from '../../src/client/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak, useTestRealm } from '../support/keycloak.js';

describeWithKeycloak('realm localization texts', () => {
  const realm = useTestRealm('l10n');

  it('starts without texts: no locales, and an empty map for any locale', async () => {
    expect(await realm.admin.getRealmLocalizationLocales()).toEqual([]);
    expect(await realm.admin.getRealmLocalizationTexts('en')).toEqual({});
  });

  it('adds texts in one request and keeps the keys it does not name', async () => {
    const admin = realm.admin;
    await admin.updateRealmLocalizationTexts('de', { hello: 'Hallo', world: 'Welt' });
    await admin.updateRealmLocalizationTexts('de', { world: 'Welt!', greeting: 'Grüße ✓' });
    expect(await admin.getRealmLocalizationTexts('de')).toEqual({
      hello: 'Hallo',
      world: 'Welt!',
      greeting: 'Grüße ✓',
    });
    expect(await admin.getRealmLocalizationLocales()).toEqual(['de']);
  });

  it('sets one text as plain text, keeping line breaks, spaces in keys and empty values', async () => {
    const admin = realm.admin;
    await admin.updateRealmLocalizationText('en', 'multi line', 'first\nsecond');
    await admin.updateRealmLocalizationText('en', 'empty', '');
    expect(await admin.getRealmLocalizationTexts('en')).toEqual({ 'multi line': 'first\nsecond', empty: '' });
    expect(await admin.getRealmLocalizationText('en', 'multi line')).toBe('first\nsecond');
    expect((await admin.getRealmLocalizationLocales()).sort()).toEqual(['de', 'en']);
  });

  it('deletes one text, then a whole locale; an unknown key answers 404', async () => {
    const admin = realm.admin;
    await admin.deleteRealmLocalizationText('de', 'hello');
    expect(await admin.getRealmLocalizationTexts('de')).toEqual({ world: 'Welt!', greeting: 'Grüße ✓' });
    const missing = await failure(admin.deleteRealmLocalizationText('de', 'hello'));
    expect(missing.responseCode).toBe(404);
    const unknownText = await failure(admin.getRealmLocalizationText('de', 'nope'));
    expect(unknownText).toBeInstanceOf(KeycloakGetError);
    expect(unknownText.responseCode).toBe(404);
    await admin.deleteRealmLocalizationTexts('de');
    expect(await admin.getRealmLocalizationLocales()).toEqual(['en']);
    expect(await admin.getRealmLocalizationTexts('de')).toEqual({});
  });
});
