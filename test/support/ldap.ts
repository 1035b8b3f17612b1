/**
 * A throwaway LDAP server per test file (see ldap-server.ts). Keycloak reaches it on 127.0.0.1:
 * the tests and the server run on the same machine.
 */
import { afterAll, beforeAll } from 'vitest';
import { type LdapServer, type LdapServerOptions, startLdapServer } from './ldap-server.js';

export type { LdapServer, LdapServerOptions } from './ldap-server.js';

/** Registers beforeAll/afterAll hooks that start an LDAP server and stop it afterwards. */
export function useLdapServer(options: LdapServerOptions = {}): { readonly server: LdapServer } {
  let server: LdapServer | undefined;
  beforeAll(async () => {
    server = await startLdapServer(options);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('LDAP server not started yet');
      return server;
    },
  };
}

/** The config of a read-only LDAP user-storage provider on this directory (`extra` replaces keys). */
export function ldapProviderConfig(
  server: LdapServer,
  extra: Record<string, string[]> = {},
): Record<string, string[]> {
  return {
    vendor: ['other'],
    connectionUrl: [server.url],
    usersDn: [server.usersDn],
    bindDn: [server.bindDn],
    bindCredential: [server.bindPassword],
    authType: ['simple'],
    editMode: ['READ_ONLY'],
    usernameLDAPAttribute: ['uid'],
    rdnLDAPAttribute: ['uid'],
    uuidLDAPAttribute: ['entryUUID'],
    userObjectClasses: ['inetOrgPerson, organizationalPerson'],
    searchScope: ['1'],
    importEnabled: ['true'],
    syncRegistrations: ['false'],
    enabled: ['true'],
    ...extra,
  };
}
