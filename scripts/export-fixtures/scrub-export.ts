/**
 * Secrets out of a Keycloak export, before it is committed as a fixture: each secret becomes a
 * `${env:…}` placeholder (test/support/export-fixtures.ts names them), password hashes a fixed
 * fake hash, and generated key material is dropped (Keycloak generates new keys for a generated
 * key provider created without them; `kid`, `keyUse` and the other settings stay).
 */
import type { ComponentExportRepresentation, RealmRepresentation } from '../../src/client/types/index.js';
import { EXPORT_SECRET_VARIABLES } from '../../test/support/export-fixtures.js';

const KEY_PROVIDER = 'org.keycloak.keys.KeyProvider';
const USER_STORAGE = 'org.keycloak.storage.UserStorageProvider';
const KEY_MATERIAL = ['privateKey', 'certificate', 'secret'];
/** A password hash that is no one's password (base64 of "scrubbed"). */
const FAKE_HASH = JSON.stringify({ value: 'c2NydWJiZWQ=', salt: 'c2NydWJiZWQ=', additionalParameters: {} });

const placeholder = (name: string) => `\${env:${name}}`;

export function scrubExport(exported: RealmRepresentation): RealmRepresentation {
  const realm = structuredClone(exported);
  for (const client of realm.clients ?? []) {
    if (typeof client.secret === 'string' && !client.secret.startsWith('${vault.'))
      client.secret = placeholder(EXPORT_SECRET_VARIABLES.clientSecret);
    delete client.registrationAccessToken;
  }
  for (const provider of realm.identityProviders ?? []) {
    if (provider.config?.clientSecret)
      provider.config.clientSecret = placeholder(EXPORT_SECRET_VARIABLES.identityProviderSecret);
  }
  if (realm.smtpServer?.password)
    realm.smtpServer.password = placeholder(EXPORT_SECRET_VARIABLES.smtpPassword);
  for (const provider of realm.components?.[USER_STORAGE] ?? []) {
    if (provider.config?.bindCredential)
      provider.config.bindCredential = [placeholder(EXPORT_SECRET_VARIABLES.bindCredential)];
    // Not a secret, but the fixture's LDAP server is gone: the test starts its own.
    if (provider.config?.connectionUrl)
      provider.config.connectionUrl = [placeholder(EXPORT_SECRET_VARIABLES.ldapUrl)];
  }
  for (const provider of realm.components?.[KEY_PROVIDER] ?? []) dropKeyMaterial(provider);
  for (const user of realm.users ?? []) {
    for (const credential of user.credentials ?? [])
      if (credential.secretData) credential.secretData = FAKE_HASH;
  }
  return realm;
}

function dropKeyMaterial(provider: ComponentExportRepresentation): void {
  const config = provider.config;
  if (!config) return;
  const held = KEY_MATERIAL.filter((key) => key in config);
  if (held.length === 0) return;
  // Only generated keys can be left out: an imported key (rsa, java-keystore) would be lost.
  if (!provider.providerId?.endsWith('-generated'))
    throw new Error(
      `key provider ${provider.name} (${provider.providerId}) holds imported keys: not scrubbed`,
    );
  for (const key of held) delete config[key];
}
