/**
 * Realm localization texts: per-locale message overrides stored in the realm (the "Realm
 * overrides" of the admin console), which take precedence over the theme's message bundles.
 */
import { AdminBase } from './admin-base.js';

const LOCALIZATION = '/admin/realms/{realm}/localization';
const LOCALE = `${LOCALIZATION}/{locale}`;
const TEXT = `${LOCALE}/{key}`;

export class LocalizationApi extends AdminBase {
  /** Locales that have at least one realm text. */
  getRealmLocalizationLocales(): Promise<string[]> {
    return this.get<string[]>(LOCALIZATION);
  }

  /** The realm texts of one locale, by key (`{}` for a locale without texts). */
  getRealmLocalizationTexts(locale: string): Promise<Record<string, string>> {
    return this.get<Record<string, string>>(LOCALE, { params: { locale } });
  }

  /** One realm text; an unknown key answers 404. */
  getRealmLocalizationText(locale: string, key: string): Promise<string> {
    return this.getText(TEXT, { params: { locale, key } });
  }

  /** Adds or replaces the given texts of a locale in one request; other keys are kept. */
  async updateRealmLocalizationTexts(locale: string, texts: Readonly<Record<string, string>>): Promise<void> {
    // Setting the same texts twice is harmless: retried like a PUT.
    await this.post(LOCALE, texts, { idempotent: true, params: { locale } });
  }

  /** Adds or replaces one text (sent as `text/plain`). */
  async updateRealmLocalizationText(locale: string, key: string, text: string): Promise<void> {
    await this.call('PUT', TEXT, {
      params: { locale, key },
      raw: { body: text, contentType: 'text/plain; charset=utf-8' },
    });
  }

  /** Deletes one text; an unknown key answers 404. */
  async deleteRealmLocalizationText(locale: string, key: string): Promise<void> {
    await this.delete(TEXT, { params: { locale, key } });
  }

  /** Deletes every realm text of a locale. */
  async deleteRealmLocalizationTexts(locale: string): Promise<void> {
    await this.delete(LOCALE, { params: { locale } });
  }
}
