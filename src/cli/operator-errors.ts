/**
 * Operator mistakes in one line with the fix: bad credentials, an unreachable server, a TLS
 * failure, a base URL with (or without) `/auth`, a missing admin role. Anything not recognised
 * here is an internal error, printed with its stack by main.
 */
import { request } from 'undici';
import { KeycloakAuthenticationError, KeycloakConnectionError, KeycloakError } from '../client/index.js';
import { RealmLockError } from '../lock/realm-lock.js';
import type { ConnectionTarget } from './connection-options.js';
import { UserError } from './user-error.js';

/** How to trust a CA: named in every TLS message. */
export const CA_HINT =
  'trust its CA with --ca-file <pem> (or NODE_EXTRA_CA_CERTS=<pem>); --insecure skips the check (never in production)';

const TLS_REASONS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in an untrusted (self-signed) CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is signed by an unknown CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate is signed by an unknown CA',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate is signed by an unknown CA',
  CERT_UNTRUSTED: 'the certificate is not trusted',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
};

/**
 * The one-line message for an error the operator can fix, or undefined for an internal error.
 * May probe the server once (a token endpoint answering 404: is `/auth` the problem?).
 */
export async function describeOperatorError(
  error: unknown,
  target: ConnectionTarget | undefined,
): Promise<string | undefined> {
  if (error instanceof UserError) return error.message;
  if (error instanceof KeycloakAuthenticationError) return describeLogin(error, target);
  if (error instanceof KeycloakConnectionError) return describeUnreachable(error, target);
  if (error instanceof RealmLockError) {
    const cause = keycloakCause(error);
    // The lock is the first request of an apply: a failed login or an unreachable server shows there.
    if (cause instanceof KeycloakAuthenticationError || cause instanceof KeycloakConnectionError)
      return describeOperatorError(cause, target);
    const role = cause?.responseCode === 403 ? `: ${missingRole(cause, target)}` : '';
    return `${error.message}${role}`;
  }
  if (error instanceof KeycloakError) {
    if (error.responseCode === 403) return `${error.message}: ${missingRole(error, target)}`;
    if (error.responseCode === 429 || error.responseCode === 503)
      return `${error.message}: Keycloak stayed unavailable for the whole retry budget; pass --retry-budget 5m to wait longer`;
    // Keycloak refused a request: its message says why; the stack would not help the operator.
    return `${error.message} (run again with --debug for details)`;
  }
  return undefined;
}

async function describeLogin(
  error: KeycloakAuthenticationError,
  target: ConnectionTarget | undefined,
): Promise<string> {
  const realm = target?.authRealm ?? error.realm ?? 'master';
  const who = target ? `${target.who} in realm "${realm}"` : `the admin in realm "${realm}"`;
  const server = error.serverMessage ? `: ${error.serverMessage}` : '';
  const status = error.responseCode;
  if (status === 404 && error.serverMessage === 'Realm does not exist')
    return `Cannot log in: realm "${realm}" does not exist on ${target?.url ?? 'the server'}. Pass --auth-realm (or KEYCLOAK_AUTH_REALM) naming the realm the admin belongs to, usually master.`;
  if (status === 404 && target) return describeMissingTokenEndpoint(target);
  if (status === 401 && error.serverMessage?.startsWith('invalid_client'))
    return `Keycloak refused ${who}${server}. Check --client-id / KEYCLOAK_CLIENT_ID (and KEYCLOAK_CLIENT_SECRET for a confidential client).`;
  if (status === 400 || status === 401)
    return `Keycloak refused the credentials of ${who}${server}. ${capitalize(target?.credentialsHint ?? 'check the credentials')}, and --auth-realm.`;
  return `Cannot log in as ${who} [${status ?? '?'}]${server}.`;
}

/** A 404 from the token endpoint: the path is wrong. Probes the other form of the URL to say which. */
async function describeMissingTokenEndpoint(target: ConnectionTarget): Promise<string> {
  const { url, authRealm } = target;
  const hasAuth = /\/auth$/.test(url);
  const other = hasAuth ? url.replace(/\/auth$/, '') : `${url}/auth`;
  const found = await answersAsKeycloak(`${other}/realms/${encodeURIComponent(authRealm)}`);
  if (hasAuth)
    return found
      ? `${url} has no Keycloak behind it but ${other} has: Keycloak 17 and later serve no /auth prefix. Use --url ${other}.`
      : `No Keycloak token endpoint under ${url}: Keycloak 17 and later serve no /auth prefix; check --url (try ${other}).`;
  return found
    ? `${url} has no Keycloak behind it but ${other} has (a server with the /auth prefix: Keycloak 16 or older, or --http-relative-path=/auth). Use --url ${other}.`
    : `No Keycloak token endpoint under ${url} (404): check --url; a server started with --http-relative-path needs that path in the URL.`;
}

async function answersAsKeycloak(realmUrl: string): Promise<boolean> {
  try {
    const response = await request(realmUrl, { headersTimeout: 5_000, bodyTimeout: 5_000 });
    const text = await response.body.text();
    return response.statusCode === 200 && text.includes('"realm"');
  } catch {
    return false;
  }
}

function describeUnreachable(error: KeycloakConnectionError, target: ConnectionTarget | undefined): string {
  const url = target?.url ?? 'the server';
  const code = error.code;
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || (code === 'EPROTO' && url.startsWith('https:')))
    return `${url} does not speak TLS on this port (${code}): check --url (http:// instead of https://, or the port).`;
  if (code && (TLS_REASONS[code] || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))) {
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
      return `TLS check of ${url} failed: the certificate is not issued for this host name (${code}). Use the host name the certificate names in --url, or ${CA_HINT}.`;
    return `TLS check of ${url} failed: ${TLS_REASONS[code] ?? 'the TLS handshake failed'} (${code}). To connect, ${CA_HINT}.`;
  }
  const urlHint = 'check --url / KEYCLOAK_URL';
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot reach Keycloak at ${url}: connection refused (ECONNREFUSED). Is it running? ${capitalize(urlHint)} (host and port).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot reach Keycloak at ${url}: host name ${hostOf(url)} not found (${code}). ${capitalize(urlHint)}.`;
    case 'EHOSTUNREACH':
      return `Cannot reach Keycloak at ${url}: no route to host (${code}). ${capitalize(urlHint)}, and the network or VPN.`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Cannot reach Keycloak at ${url}: the connection timed out (${code}). ${capitalize(urlHint)}, and any firewall or proxy on the way.`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `Keycloak at ${url} did not answer in time (${code}) on ${error.method ?? ''} ${error.path ?? ''}. It may be overloaded; try again later.`;
    default: {
      const what = `Keycloak at ${url} closed the connection without answering (${code ?? 'network error'})`;
      if (!error.answeredBefore)
        return `${what}. Is this the right URL and protocol (http:// or https://)? ${capitalize(urlHint)}.`;
      const budget = target ? ` for ${Math.round(target.retryBudgetMs / 1000)} s` : '';
      return `${what}, also after retrying${budget}. Try again when it is back, or pass --retry-budget 5m to wait longer.`;
    }
  }
}

/**
 * The admin role a refused call needs. Keycloak's admin roles are per area; `realm-admin` (a
 * client role of realm-management, or of `<realm>-realm` in master) and master's `admin` role
 * hold them all.
 */
export function requiredRole(method: string | undefined, path: string | undefined): string {
  const write = method !== undefined && method !== 'GET' && method !== 'HEAD';
  const template = path ?? '';
  if (method === 'POST' && /^\/admin\/realms\/?$/.test(template)) return 'create-realm';
  const level = (area: string) => `${write ? 'manage' : 'view'}-${area}`;
  if (template.includes('/partial-export')) return 'view-realm';
  if (template.includes('/authz/')) return level('authorization');
  if (/\/(users|groups)\b/.test(template)) return level('users');
  if (/\/(clients|client-scopes)\b/.test(template)) return level('clients');
  if (/\/identity-provider\b/.test(template)) return level('identity-providers');
  if (/\/(events|admin-events)\b/.test(template)) return level('events');
  return level('realm');
}

function missingRole(error: KeycloakError, target: ConnectionTarget | undefined): string {
  const role = requiredRole(error.method, error.path);
  const who = target ? `${target.who} in realm "${target.authRealm}"` : 'the admin account';
  if (role === 'create-realm')
    return `${who} may not create realms: grant it the realm role create-realm (or admin) in master.`;
  const realm = error.realm;
  let where: string;
  if (!target || target.authRealm === 'master')
    where = `the role ${role} of the client "${realm ?? '<realm>'}-realm" in master (or master's realm role admin)`;
  else if (!realm || realm === target.authRealm)
    where = `the role ${role} of the client "realm-management" in realm "${target.authRealm}" (or realm-admin)`;
  else
    return `${who} cannot administer realm "${realm}": an account of realm "${target.authRealm}" administers only that realm. Log in to master (--auth-realm master) with an account holding ${role} for "${realm}".`;
  return `${who} lacks the admin role for this call: grant it ${where}.`;
}

function keycloakCause(error: unknown): KeycloakError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof KeycloakError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function hostOf(url: string): string {
  try {
    return `"${new URL(url).hostname}"`;
  } catch {
    return '';
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
