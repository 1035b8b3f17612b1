/** Manifests for the fault tests (test/engine/apply-faults*.it.test.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const EVERY_KIND = join(import.meta.dirname, '../cli/fixtures/every-kind.yaml');
/** The fixture's variables; its LDAP provider points at a closed port unless a test gives it a directory. */
export const EVERY_KIND_ENV = {
  EK_CLIENT_SECRET: 'faults-client-secret-1a2b',
  EK_IDP_SECRET: 'faults-idp-secret-3c4d',
  EK_SMTP_PASSWORD: 'faults-smtp-password-5e6f',
  EK_PASSWORD: 'Faults-password-2026-7a8b',
  EK_LDAP_BIND_PASSWORD: 'faults-ldap-bind-9c0d',
  EK_LDAP_URL: 'ldap://127.0.0.1:1',
  EK_LDAP_USERS_DN: 'ou=people,dc=example,dc=org',
  EK_LDAP_BIND_DN: 'cn=admin,dc=example,dc=org',
};

export function everyKindManifest(dir: string, realm: string): string {
  const file = join(dir, `${realm}.yaml`);
  writeFileSync(file, readFileSync(EVERY_KIND, 'utf8').replace(/^realm: every-kind$/m, `realm: ${realm}`));
  return file;
}

/** A realm that exists already and `count` users to create: one change per user. */
export function usersManifest(dir: string, realm: string, count: number): string {
  const users = Array.from({ length: count }, (_, index) => {
    const name = `user-${String(index).padStart(4, '0')}`;
    return `  - username: ${name}\n    enabled: true\n    email: ${name}@example.com\n    firstName: User\n    lastName: N${index}\n`;
  });
  const file = join(dir, `${realm}-users.yaml`);
  writeFileSync(file, `realm: ${realm}\nusers:\n${users.join('')}`);
  return file;
}
