import { describe, expect, it } from 'vitest';
import { KeycloakPostError, REDACTED, redactText, redactValue } from '../../src/client/index.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl';

describe('redaction', () => {
  it('masks JWTs, bearer tokens and form secrets in text', () => {
    const text = redactText(
      `token ${JWT} header Bearer abc.def-123 body password=hunter22&client_secret=s3cr3t&x=1`,
    );
    expect(text).not.toContain(JWT);
    expect(text).not.toContain('abc.def-123');
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain('s3cr3t');
    expect(text).toContain('x=1');
  });

  it('masks sensitive keys deep inside values and keeps the rest', () => {
    const value = redactValue({
      clientId: 'web',
      secret: 'abc',
      config: { bindCredential: 'ldap-pw', host: 'ldap' },
      credentials: [{ type: 'password', value: 'pw' }],
    });
    expect(value).toEqual({
      clientId: 'web',
      secret: REDACTED,
      config: { bindCredential: REDACTED, host: 'ldap' },
      credentials: [{ type: 'password', value: REDACTED }],
    });
  });
});

describe('KeycloakError', () => {
  it('carries status, method, path template and the server message, redacted', () => {
    const error = new KeycloakPostError('POST failed', {
      responseCode: 409,
      responseBody: { errorMessage: 'User exists with same username', secret: 'x' },
      method: 'POST',
      path: '/admin/realms/{realm}/users',
    });
    expect(error.responseCode).toBe(409);
    expect(error.serverMessage).toBe('User exists with same username');
    expect(error.message).toBe(
      'POST failed [409] (POST /admin/realms/{realm}/users): User exists with same username',
    );
    expect(error.responseBody).toEqual({ errorMessage: 'User exists with same username', secret: REDACTED });
    expect(error.name).toBe('KeycloakPostError');
  });
});
