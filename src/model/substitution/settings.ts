/**
 * How variables are spelled and what happens to them: keycloak-config-cli's
 * `import.var-substitution.*` settings, plus realmform's own `${…}` spelling.
 */

export interface SubstitutionSettings {
  /** Substitute at all (`IMPORT_VARSUBSTITUTION_ENABLED`). realmform's default is on. */
  enabled: boolean;
  /** keycloak-config-cli's variable prefix (`IMPORT_VARSUBSTITUTION_PREFIX`, default `$(`). */
  prefix: string;
  /** keycloak-config-cli's variable suffix (`IMPORT_VARSUBSTITUTION_SUFFIX`, default `)`). */
  suffix: string;
  /** Variables inside variable names, `$(file:UTF-8:$(env:F))` (`IMPORT_VARSUBSTITUTION_NESTED`). */
  nested: boolean;
  /** An unset variable is an error; off, it is kept as written with a warning (`…_UNDEFINEDISERROR`). */
  undefinedIsError: boolean;
}

export const DEFAULT_SUBSTITUTION: Readonly<SubstitutionSettings> = {
  enabled: true,
  prefix: '$(',
  suffix: ')',
  nested: true,
  undefinedIsError: true,
};

/**
 * One spelling of variables. keycloak-config-cli's (`$(…)` by default) follows its rules exactly:
 * names without a lookup are Spring properties, values are substituted again, file paths are
 * relative to the working directory. realmform's (`${…}`) touches only `${lookup:…}`, so that
 * Keycloak's own `${role_x}` message keys pass through, and reads files relative to the manifest.
 */
export interface Syntax {
  dialect: 'keycloak-config-cli' | 'realmform';
  prefix: string;
  suffix: string;
  nested: boolean;
}

export const REALMFORM_SYNTAX: Readonly<Syntax> = {
  dialect: 'realmform',
  prefix: '${',
  suffix: '}',
  nested: true,
};

/** The spellings in force; with keycloak-config-cli's prefix set to `${`, its rules take `${…}` over. */
export function syntaxesOf(settings: SubstitutionSettings): Syntax[] {
  const kcc: Syntax = {
    dialect: 'keycloak-config-cli',
    prefix: settings.prefix,
    suffix: settings.suffix,
    nested: settings.nested,
  };
  if (settings.prefix === REALMFORM_SYNTAX.prefix) return [kcc];
  // Longest prefix first, so that a prefix that starts with another one wins where both match.
  return [kcc, { ...REALMFORM_SYNTAX }].sort((a, b) => b.prefix.length - a.prefix.length);
}

/** How a written expression is quoted in messages (the written text, never a resolved value). */
export function spell(syntax: Syntax, inner: string): string {
  return `${syntax.prefix}${inner}${syntax.suffix}`;
}
