/**
 * Counterpart of python-keycloak's tests/test_authorization.py: the client-side model of
 * authorization settings (Permission, Policy, Role).
 */
import { describe, expect, it } from 'vitest';
import { KeycloakAuthorizationConfigError, Permission, Policy, Role } from '../../src/client/index.js';

describe('python-keycloak authorization scenarios', () => {
  it('authorization/test_authorization_objects: permissions, policies and roles', () => {
    const permission = new Permission('test', 'test', 'test', 'test');
    expect([permission.name, permission.type, permission.logic, permission.decisionStrategy]).toEqual([
      'test',
      'test',
      'test',
      'test',
    ]);
    permission.resources = ['test'];
    expect(permission.resources).toEqual(['test']);
    permission.scopes = ['test'];
    expect(permission.scopes).toEqual(['test']);

    const policy = new Policy('test', 'test', 'test', 'test');
    expect([policy.name, policy.type, policy.logic, policy.decisionStrategy]).toEqual([
      'test',
      'test',
      'test',
      'test',
    ]);
    const role = new Role('test');
    policy.roles = [role];
    expect(policy.roles).toEqual([role]);
    const first = new Permission('test', 'resource', 'POSITIVE', 'UNANIMOUS');
    policy.permissions = [first];
    expect(policy.permissions).toEqual([first]);
    const second = new Permission('test2', 'resource', 'POSITIVE', 'UNANIMOUS');
    policy.addPermission(second);
    expect(policy.permissions).toEqual([first, second]);
    // Only role policies hold roles.
    expect(() => policy.addRole(new Role('test2'))).toThrow(KeycloakAuthorizationConfigError);

    expect(role.name).toBe('test');
    expect(role.required).toBe(false);
    expect(role.getName()).toBe('test');
    expect(role.equals(role)).toBe(true);
    expect(role.equals('test')).toBe(true);
    expect(role.equals('other')).toBe(false);
    // python also checks `hash(role)` and that comparing with an int raises NotImplementedError:
    // TypeScript has no hash protocol, and `equals(1)` does not type-check.
    expect(String(role)).toBe('test');
  });
});
