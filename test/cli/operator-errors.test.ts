/**
 * Operator errors become one line with the fix (src/cli/operator-errors.ts). The messages of
 * real failures are checked against a real Keycloak in operator-errors.it.test.ts; here the
 * mapping itself: which role a refused call needs, and which errors count as internal.
 */
import { describe, expect, it } from 'vitest';
import type { ConnectionTarget } from '../../src/cli/connection-options.js';
import { describeOperatorError, requiredRole } from '../../src/cli/operator-errors.js';
import { UserError } from '../../src/cli/user-error.js';
import {
  KeycloakAuthenticationError,
  KeycloakConnectionError,
  KeycloakGetError,
  KeycloakPostError,
} from '../../src/client/index.js';

const target: ConnectionTarget = {
  url: 'https://sso.example.com',
  authRealm: 'master',
  who: 'user "ops" (client "admin-cli")',
  credentialsHint: 'check --user / KEYCLOAK_USER and KEYCLOAK_PASSWORD',
  retryBudgetMs: 60_000,
};

describe('requiredRole', () => {
  it.each([
    ['POST', '/admin/realms', 'create-realm'],
    ['GET', '/admin/realms/{realm}/users', 'view-users'],
    ['PUT', '/admin/realms/{realm}/groups/{id}', 'manage-users'],
    ['POST', '/admin/realms/{realm}/clients', 'manage-clients'],
    ['GET', '/admin/realms/{realm}/client-scopes', 'view-clients'],
    ['POST', '/admin/realms/{realm}/clients/{id}/authz/resource-server/policy', 'manage-authorization'],
    ['DELETE', '/admin/realms/{realm}/identity-provider/instances/{alias}', 'manage-identity-providers'],
    ['PUT', '/admin/realms/{realm}/events/config', 'manage-events'],
    ['POST', '/admin/realms/{realm}/roles', 'manage-realm'],
    ['POST', '/admin/realms/{realm}/partial-export', 'view-realm'],
    ['GET', '/admin/realms/{realm}', 'view-realm'],
  ])('%s %s needs %s', (method, path, role) => {
    expect(requiredRole(method, path)).toBe(role);
  });
});

describe('describeOperatorError', () => {
  it('names the role a refused call needs, and where to grant it', async () => {
    const refused = new KeycloakPostError('POST failed: not authorized', {
      responseCode: 403,
      method: 'POST',
      path: '/admin/realms/{realm}/clients',
      realm: 'shop',
    });
    expect(await describeOperatorError(refused, target)).toContain(
      'grant it the role manage-clients of the client "shop-realm" in master',
    );
    const inRealm = await describeOperatorError(refused, { ...target, authRealm: 'shop' });
    expect(inRealm).toContain('the role manage-clients of the client "realm-management" in realm "shop"');
    const elsewhere = await describeOperatorError(refused, { ...target, authRealm: 'other' });
    expect(elsewhere).toContain('administers only that realm');
  });

  it('names who was refused and what to check', async () => {
    const login = new KeycloakAuthenticationError('Authentication failed', {
      responseCode: 400,
      responseBody: { error: 'invalid_grant', error_description: 'Invalid user credentials' },
    });
    const message = await describeOperatorError(login, target);
    expect(message).toContain(
      'Keycloak refused the credentials of user "ops" (client "admin-cli") in realm "master"',
    );
    expect(message).toContain('KEYCLOAK_PASSWORD');
  });

  it('tells unreachable servers and TLS failures apart, with the fix', async () => {
    const refused = new KeycloakConnectionError('x', { code: 'ECONNREFUSED' });
    expect(await describeOperatorError(refused, target)).toMatch(
      /connection refused \(ECONNREFUSED\).*--url/,
    );
    const tls = new KeycloakConnectionError('x', { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(await describeOperatorError(tls, target)).toMatch(/--ca-file.*NODE_EXTRA_CA_CERTS/);
    const lost = new KeycloakConnectionError('x', { code: 'ECONNRESET', answeredBefore: true });
    expect(await describeOperatorError(lost, target)).toContain('--retry-budget');
  });

  it('keeps other Keycloak refusals short and leaves internal errors to the stack trace', async () => {
    const bad = new KeycloakGetError('GET failed', { responseCode: 400, method: 'GET', path: '/x' });
    expect(await describeOperatorError(bad, target)).toContain('--debug');
    expect(await describeOperatorError(new UserError('fix it'), target)).toBe('fix it');
    expect(await describeOperatorError(new TypeError('undefined is not a function'), target)).toBeUndefined();
  });
});
