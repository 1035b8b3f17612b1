/**
 * The export fixtures (test/fixtures/exports/<version>/<realm>-realm.json, written by
 * scripts/make-export-fixtures.ts): where they are, and the variables their secret placeholders
 * name. A test applying one sets every variable to a fresh value.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const EXPORT_FIXTURES_DIR = join(import.meta.dirname, '../fixtures/exports');

/** Each secret of an export becomes `${env:<variable>}` (one variable per sort of secret). */
export const EXPORT_SECRET_VARIABLES = {
  clientSecret: 'RF_EXPORT_CLIENT_SECRET',
  identityProviderSecret: 'RF_EXPORT_IDP_SECRET',
  smtpPassword: 'RF_EXPORT_SMTP_PASSWORD',
  bindCredential: 'RF_EXPORT_BIND_CREDENTIAL',
  /** Not a secret: the LDAP server of the user federation (the test starts one). */
  ldapUrl: 'RF_EXPORT_LDAP_URL',
} as const;

/** Fresh values for every secret placeholder (the LDAP URL is the test's to set). */
export function exportSecretValues(): Record<string, string> {
  return Object.fromEntries(
    Object.values(EXPORT_SECRET_VARIABLES)
      .filter((name) => name !== EXPORT_SECRET_VARIABLES.ldapUrl)
      .map((name) => [name, randomBytes(12).toString('hex')]),
  );
}

export interface ExportFixture {
  /** Keycloak version that wrote it. */
  version: string;
  /** The realm it holds (`master`, `every-kind`). */
  realm: string;
  file: string;
}

/** Every committed export, oldest version first. */
export function exportFixtures(): ExportFixture[] {
  const versions = readdirSync(EXPORT_FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return versions.flatMap((version) =>
    readdirSync(join(EXPORT_FIXTURES_DIR, version))
      .filter((name) => name.endsWith('-realm.json'))
      .sort()
      .map((name) => ({
        version,
        realm: name.replace(/-realm\.json$/, ''),
        file: join(EXPORT_FIXTURES_DIR, version, name),
      })),
  );
}
