/**
 * A throwaway OpenLDAP server per test file (slapd must be installed; see src/local/ldap-server.ts).
 * Keycloak reaches it on 127.0.0.1: the tests and the server run on the same machine.
 */
import { afterAll, beforeAll } from 'vitest';
import { type LdapServer, type LdapServerOptions, startLdapServer } from '../../src/local/ldap-server.js';

/** Registers beforeAll/afterAll hooks that start an LDAP server and stop it afterwards. */
export function useLdapServer(options: LdapServerOptions = {}): { readonly server: LdapServer } {
  let server: LdapServer | undefined;
  beforeAll(async () => {
    server = await startLdapServer(options);
  }, 60_000);
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
