import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/local/keycloak-process.js';
import { LDAP_INVALID_CREDENTIALS, LDAP_SUCCESS, ldapSimpleBind } from '../../src/local/ldap-bind.js';
import { startLdapServer } from '../../src/local/ldap-server.js';

describe('startLdapServer', () => {
  it('starts slapd on loopback, seeds users that can bind, and stops the whole group', async () => {
    const server = await startLdapServer();
    try {
      expect(server.url).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+$/);
      expect(server.baseDn).toBe('dc=realmform,dc=test');
      expect(await ldapSimpleBind(server.url, server.bindDn, server.bindPassword)).toBe(LDAP_SUCCESS);
      expect(await ldapSimpleBind(server.url, server.bindDn, 'wrong')).toBe(LDAP_INVALID_CREDENTIALS);
      const alice = server.users.find((user) => user.uid === 'alice');
      expect(alice?.mail).toBe('alice@realmform.test');
      expect(await ldapSimpleBind(server.url, alice?.dn ?? '', alice?.password ?? '')).toBe(LDAP_SUCCESS);
      expect(server.groups[0]?.members).toEqual(['alice', 'bob']);
      expect(isAlive(server.pid)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(isAlive(server.pid)).toBe(false);
    await expect(ldapSimpleBind(server.url, server.bindDn, server.bindPassword, 500)).rejects.toThrow();
  }, 60_000);

  it('runs two servers side by side on different ports', async () => {
    const [a, b] = await Promise.all([startLdapServer(), startLdapServer({ baseDn: 'dc=other,dc=test' })]);
    try {
      expect(a.url).not.toBe(b.url);
      expect(await ldapSimpleBind(b.url, b.bindDn, b.bindPassword)).toBe(LDAP_SUCCESS);
      expect(b.usersDn).toBe('ou=people,dc=other,dc=test');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    await expect(ldapSimpleBind(a.url, a.bindDn, a.bindPassword, 500)).rejects.toThrow();
  }, 60_000);
});
