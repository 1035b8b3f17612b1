/**
 * Realm localization texts (the admin console's "realm overrides" of theme messages), one
 * object per locale, key [locale], value the locale's `{ key: text }` map. Declared as
 * `localizationTexts` (Keycloak's export name) or `messageBundles` (keycloak-config-cli's); both
 * are read, a locale declared in both is a duplicate.
 *
 * A declared collection is authoritative for its locales (an undeclared locale loses all its
 * texts) and a declared locale for its keys (compared in full; keys not declared are deleted).
 * A locale declared with no texts is the same as leaving it out.
 *
 * read(): the partial export (shared). Writes: one POST of the declared map (Keycloak merges it
 * into the stored texts), one DELETE per removed key, one DELETE per removed locale.
 */
import type { StringMap } from '../representations/index.js';
import { defineKind } from './kind.js';
import { readExportWithoutGroupsAndRoles } from './shared/server/reads.js';

type Texts = Record<string, StringMap | undefined>;
const SOURCES = ['localizationTexts', 'messageBundles'] as const;

/** One locale's texts: message key → text. */
export const localizationTextKind = defineKind<StringMap, readonly [locale: string]>({
  kind: 'localization-text',
  dependsOn: ['realm'],
  describe: 'locale',
  fullyManaged: true,
  // Locales are independent of each other.
  parallel: true,
  desired(manifest) {
    // `messageBundles` is keycloak-config-cli's name, which no Keycloak representation has.
    const representation = manifest.representation as Partial<Record<(typeof SOURCES)[number], Texts>>;
    if (SOURCES.every((source) => representation[source] === undefined)) return undefined;
    return SOURCES.flatMap((source) =>
      Object.entries(representation[source] ?? {})
        .filter(([, texts]) => texts && Object.keys(texts).length > 0)
        .map(([locale, texts]) => ({
          key: [locale],
          value: { ...texts },
          origin: { path: `${source}.${locale}`, ...manifest.locate([source, locale]) },
        })),
    );
  },
  async read(ctx) {
    const texts = (await readExportWithoutGroupsAndRoles(ctx)).localizationTexts ?? {};
    return Object.entries(texts)
      .filter(([, map]) => map && Object.keys(map).length > 0)
      .map(([locale, map]) => ({ key: [locale], value: { ...map } }));
  },
  async create(ctx, desired) {
    await ctx.admin.updateRealmLocalizationTexts(desired.key[0], desired.value);
  },
  async update(ctx, desired) {
    const [locale] = desired.key;
    const wanted = desired.value;
    const current = await ctx.admin.getRealmLocalizationTexts(locale);
    const changed = Object.fromEntries(Object.entries(wanted).filter(([key, text]) => current[key] !== text));
    if (Object.keys(changed).length > 0) await ctx.admin.updateRealmLocalizationTexts(locale, changed);
    for (const key of Object.keys(current)) {
      if (!Object.hasOwn(wanted, key)) await ctx.admin.deleteRealmLocalizationText(locale, key);
    }
  },
  async delete(ctx, live) {
    await ctx.admin.deleteRealmLocalizationTexts(live.key[0]);
  },
});
