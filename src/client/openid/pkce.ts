/**
 * PKCE helpers with python-keycloak's names (`keycloak.pkce_utils`). `createPkcePair` in
 * keycloak-openid.ts is the one-call form.
 */
import { createHash, randomBytes } from 'node:crypto';

/**
 * A random code verifier of `length` characters from the URL-safe alphabet. RFC 7636 asks for
 * 43 to 128 characters; python's default is the maximum.
 */
export function generateCodeVerifier(length = 128): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

/**
 * The challenge for a verifier and the method to announce with it: `[challenge, 'S256']` (the
 * SHA-256 of the verifier, base64url) or `[verifier, 'plain']`. Other methods throw a TypeError
 * (python raises ValueError).
 */
export function generateCodeChallenge(codeVerifier: string, method = 'S256'): [string, 'S256' | 'plain'] {
  if (method === 'S256') return [createHash('sha256').update(codeVerifier).digest('base64url'), 'S256'];
  if (method === 'plain') return [codeVerifier, 'plain'];
  throw new TypeError(`Unsupported PKCE method: ${method}`);
}
