/**
 * KeycloakOpenID: python-keycloak's OpenID Connect / UMA client for one realm and one client
 * (tokens, refresh, exchange, userinfo, logout, introspection, keys, local token validation,
 * UMA permissions and python-keycloak's client-side policy matching).
 *
 * Failures follow python-keycloak: a 401 from the server is a KeycloakAuthenticationError, any
 * other refusal the error class of the HTTP method (KeycloakPostError for the token endpoint).
 * Token contents never reach an error message (errors.ts redacts JWTs and form secrets).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  type CryptoKey,
  createLocalJWKSet,
  decodeJwt,
  importJWK,
  importSPKI,
  importX509,
  type JSONWebKeySet,
  type JWK,
  type JWTHeaderParameters,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  errors as joseErrors,
  jwtVerify,
  type KeyObject,
} from 'jose';
import { ConnectionManager, type ConnectionOptions } from '../connection.js';
import {
  KeycloakAuthenticationError,
  KeycloakAuthorizationConfigError,
  type KeycloakErrorClass,
  KeycloakGetError,
  KeycloakInvalidTokenError,
  KeycloakPostError,
  KeycloakPutError,
  KeycloakRPTNotFound,
} from '../errors.js';
import type { HttpResponse } from '../http-response.js';
import { expandPath } from '../path-template.js';
import type {
  ClientRepresentation,
  DeviceAuthorizationResponse,
  OpenIDConfiguration,
  OpenIDTokenResponse,
  PublishedRealmRepresentation,
  RealmJsonWebKeySet,
  RegisteredClient,
  ResourceServerRepresentation,
  RptResponse,
  TokenClaims,
  TokenExchangeResponse,
  TokenIntrospection,
  UmaGrantedPermission,
  UserInfo,
} from '../types/index.js';
import { Authorization, type Permission, type Policy } from './authorization.js';
import { AuthStatus, buildPermissionParam, type PermissionsParam } from './uma-permissions.js';

export interface KeycloakOpenIDOptions {
  /** Base URL of the server, e.g. `https://sso.example.com` (no `/auth` on Keycloak 17+). */
  serverUrl: string;
  realmName: string;
  clientId: string;
  /** Secret of a confidential client; sent with every call that authenticates the client. */
  clientSecretKey?: string;
  /** `false` disables TLS verification; a string is a CA bundle path. Default `true`. */
  verify?: boolean | string;
  /** Headers sent with every request. */
  customHeaders?: Record<string, string>;
  proxies?: ConnectionOptions['proxies'];
  /** Seconds. Default 60. */
  timeout?: number;
  ca?: ConnectionOptions['ca'];
  retry?: ConnectionOptions['retry'];
  /** Client certificate for mutual TLS (see ConnectionOptions.cert). */
  cert?: ConnectionOptions['cert'];
  /** python's `max_retries` (see ConnectionOptions.maxRetries). */
  maxRetries?: number;
  /** python's `pool_maxsize`: max sockets to the server. */
  poolMaxsize?: number;
  /**
   * Share an existing connection pool instead of opening one (its base URL wins over
   * `serverUrl`, and `close()` leaves it open).
   */
  connection?: ConnectionManager;
}

export interface AuthUrlOptions {
  /** Space-separated scopes. Default `email`, as in python-keycloak (add `openid` for OIDC). */
  scope?: string;
  /** Returned unchanged to the redirect URI. Default empty (sent as `state=`, as python does). */
  state?: string;
  /** OIDC nonce, echoed in the ID token. Default empty (sent as `nonce=`). */
  nonce?: string;
  /** PKCE challenge (see {@link createPkcePair}). */
  codeChallenge?: string;
  /** Default `S256` when a challenge is given. */
  codeChallengeMethod?: 'S256' | 'plain';
  /** Default `code`. */
  responseType?: string;
  /** Further query parameters (`prompt`, `login_hint`, `kc_idp_hint`, `ui_locales` …). */
  extra?: Readonly<Record<string, string>>;
}

export type FormExtra = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface TokenOptions {
  /** Default `password`. Also `authorization_code`, `client_credentials`, … */
  grantType?: string;
  /** Authorization code (with `grantType: 'authorization_code'`). */
  code?: string;
  redirectUri?: string;
  /** PKCE verifier matching the challenge of the authorization request. */
  codeVerifier?: string;
  /** One-time password, for users with OTP configured. */
  totp?: string | number;
  /** Default `openid`; an empty string sends no scope. */
  scope?: string;
  /** Further form parameters (python's `**extra`). */
  extra?: FormExtra;
}

export interface RefreshTokenOptions {
  /** Default `refresh_token`. */
  grantType?: string;
}

export interface ExchangeTokenOptions {
  /** The requesting client. Default: this instance's `clientId`, as in python-keycloak. */
  clientId?: string;
  /** Default `urn:ietf:params:oauth:token-type:refresh_token`, as in python-keycloak. */
  requestedTokenType?: string;
  /** Default `urn:ietf:params:oauth:token-type:access_token` (required by standard token exchange). */
  subjectTokenType?: string;
  /** Default `openid`; an empty string sends no scope. */
  scope?: string;
  /** Legacy (v1) exchange only: the issuer of an external subject token. */
  subjectIssuer?: string;
  /** Legacy (v1) exchange only: the identity provider to exchange to. */
  requestedIssuer?: string;
  extra?: FormExtra;
}

export interface IntrospectOptions {
  /** The requesting party token to introspect (with `tokenTypeHint: 'requesting_party_token'`). */
  rpt?: string;
  /** `requesting_party_token`, or an RFC 7662 hint (`access_token`, `refresh_token`). */
  tokenTypeHint?: string;
}

/** A key `decodeToken` verifies against. */
export type TokenVerificationKey = string | JWK | JSONWebKeySet | RealmJsonWebKeySet | KeyObject | CryptoKey;

export interface DecodeTokenOptions {
  /** Verify signature and claims. Default `true`; `false` only decodes the payload. */
  validate?: boolean;
  /**
   * Key to verify with: a PEM public key or certificate, the bare base64 key `publicKey()`
   * returns, a JWK, a JWK set, or a key object. Default: the realm's keys from `certs()`,
   * cached and re-read (at most every 10 s) when a token names an unknown key id (key rotation).
   */
  key?: TokenVerificationKey;
  /** Accepted signature algorithms. Default: every asymmetric JWS algorithm. */
  algorithms?: string[];
  /** Expected `iss`. Default `${serverUrl}/realms/${realmName}`; `false` skips the check. */
  issuer?: string | string[] | false;
  /** When given, `aud` must contain (one of) these. */
  audience?: string | string[];
  /** When given, `azp` must equal it. */
  authorizedParty?: string;
  /** Clock skew tolerated for `exp`/`nbf`/`iat`, in seconds. Default 0. */
  leeway?: number;
}

export interface TokenInfoOptions extends DecodeTokenOptions {
  /** How the token's claims are read: `introspect` (server, default) or `decode` (local). */
  methodTokenInfo?: 'introspect' | 'decode';
}

export interface UmaPermissionsOptions {
  /** Resource server the permissions are asked of. Default: this client. */
  audience?: string;
}

export interface PkcePair {
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

const PATHS = {
  realm: '/realms/{realm}',
  wellKnown: '/realms/{realm}/.well-known/openid-configuration',
  token: '/realms/{realm}/protocol/openid-connect/token',
  introspect: '/realms/{realm}/protocol/openid-connect/token/introspect',
  userinfo: '/realms/{realm}/protocol/openid-connect/userinfo',
  logout: '/realms/{realm}/protocol/openid-connect/logout',
  certs: '/realms/{realm}/protocol/openid-connect/certs',
  device: '/realms/{realm}/protocol/openid-connect/auth/device',
  clientRegistration: '/realms/{realm}/clients-registrations/default',
} as const;

const UMA_TICKET = 'urn:ietf:params:oauth:grant-type:uma-ticket';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const RPT_HINT = 'requesting_party_token';
/** Minimum time between two reads of the realm keys caused by an unknown key id. */
const JWKS_RELOAD_COOLDOWN_MS = 10_000;
const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

type GetKey = JWTVerifyGetKey;

interface SendOptions {
  form?: FormExtra;
  json?: unknown;
  params?: Readonly<Record<string, string>>;
  bearer?: string;
  errorClass: KeycloakErrorClass;
  /** What failed, for the error message. */
  action: string;
  expected?: readonly number[];
}

/** A PKCE verifier and its S256 challenge, for `authUrl` + `token({ codeVerifier })`. */
export function createPkcePair(): PkcePair {
  const codeVerifier = randomBytes(32).toString('base64url');
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  return { codeVerifier, codeChallenge, codeChallengeMethod: 'S256' };
}

/** OpenID Connect and UMA for one client of one realm: tokens, userinfo, keys, validation. */
export class KeycloakOpenID {
  private _clientId: string;
  private _clientSecretKey: string | undefined;
  private _realmName: string;
  private _connection: ConnectionManager;
  private _authorization = new Authorization();
  private ownsConnection: boolean;
  private jwks: Promise<GetKey> | undefined;
  private jwksLoadedAt = 0;

  constructor(options: KeycloakOpenIDOptions) {
    this._clientId = options.clientId;
    this._clientSecretKey = options.clientSecretKey;
    this._realmName = options.realmName;
    this.ownsConnection = !options.connection;
    this._connection =
      options.connection ??
      new ConnectionManager({
        baseUrl: options.serverUrl,
        headers: options.customHeaders,
        timeout: options.timeout,
        verify: options.verify,
        proxies: options.proxies,
        ca: options.ca,
        retry: options.retry,
        cert: options.cert,
        maxRetries: options.maxRetries,
        poolMaxsize: options.poolMaxsize,
      });
  }

  get clientId(): string {
    return this._clientId;
  }
  set clientId(value: string) {
    this._clientId = value;
  }
  get clientSecretKey(): string | undefined {
    return this._clientSecretKey;
  }
  set clientSecretKey(value: string | undefined) {
    this._clientSecretKey = value;
  }
  get realmName(): string {
    return this._realmName;
  }
  set realmName(value: string) {
    this._realmName = value;
    this.jwks = undefined;
  }
  get connection(): ConnectionManager {
    return this._connection;
  }
  /** Replaces the connection; the caller then owns it (`close()` leaves it open). */
  set connection(value: ConnectionManager) {
    this._connection = value;
    this.ownsConnection = false;
    this.jwks = undefined;
  }
  /** The authorization settings loaded by `loadAuthorizationConfig`. */
  get authorization(): Authorization {
    return this._authorization;
  }
  set authorization(value: Authorization) {
    this._authorization = value;
  }
  get serverUrl(): string {
    return this._connection.baseUrl;
  }
  /** The `iss` of this realm's tokens. */
  get issuer(): string {
    return `${this.serverUrl}/realms/${encodeURIComponent(this._realmName)}`;
  }

  /** Closes the connection pool (unless it was passed in). */
  async close(): Promise<void> {
    if (this.ownsConnection) await this._connection.close();
  }

  /** The realm's OpenID Connect discovery document (endpoints, supported grants, algorithms …). */
  async wellKnown(): Promise<OpenIDConfiguration> {
    const response = await this.send('GET', PATHS.wellKnown, {
      errorClass: KeycloakGetError,
      action: 'Could not read the OpenID configuration',
    });
    return response.json<OpenIDConfiguration>();
  }

  /**
   * The URL to send a browser to for the authorization code flow. The endpoint comes from the
   * discovery document, so a configured frontend URL is honoured. The parameters are python's,
   * in python's order (`client_id`, `response_type`, `redirect_uri`, `scope`, `state`, `nonce`,
   * empty `state`/`nonce` included), but percent-encoded: python inserts them verbatim, which
   * breaks a redirect URI holding `&` or `#`.
   */
  async authUrl(redirectUri: string, options: AuthUrlOptions = {}): Promise<string> {
    const { authorization_endpoint: endpoint } = await this.wellKnown();
    const url = new URL(endpoint);
    const params = url.searchParams;
    params.set('client_id', this._clientId);
    params.set('response_type', options.responseType ?? 'code');
    params.set('redirect_uri', redirectUri);
    params.set('scope', options.scope ?? 'email');
    params.set('state', options.state ?? '');
    params.set('nonce', options.nonce ?? '');
    if (options.codeChallenge) {
      params.set('code_challenge', options.codeChallenge);
      params.set('code_challenge_method', options.codeChallengeMethod ?? 'S256');
    }
    for (const [key, value] of Object.entries(options.extra ?? {})) params.set(key, value);
    return url.toString();
  }

  /**
   * Obtains tokens from the token endpoint: by default the password grant for
   * `username`/`password`; `grantType: 'authorization_code'` with `code` and `redirectUri`
   * (and `codeVerifier` for PKCE); `grantType: 'client_credentials'` for the client's service
   * account. Keycloak answers bad user credentials with 400 `invalid_grant` (a
   * KeycloakPostError) and a bad client secret with 401 (a KeycloakAuthenticationError).
   */
  async token(username = '', password = '', options: TokenOptions = {}): Promise<OpenIDTokenResponse> {
    const form = this.withSecret({
      client_id: this._clientId,
      grant_type: options.grantType ?? 'password',
      username: username || undefined,
      password: password || undefined,
      code: options.code || undefined,
      redirect_uri: options.redirectUri || undefined,
      code_verifier: options.codeVerifier || undefined,
      scope: (options.scope ?? 'openid') || undefined,
      ...options.extra,
      ...(options.totp !== undefined && options.totp !== '' ? { totp: String(options.totp) } : {}),
    });
    return this.tokenRequest(form, 'Could not obtain a token');
  }

  /** New tokens for a refresh token. */
  async refreshToken(refreshToken: string, options: RefreshTokenOptions = {}): Promise<OpenIDTokenResponse> {
    const form = this.withSecret({
      client_id: this._clientId,
      grant_type: options.grantType ?? 'refresh_token',
      refresh_token: refreshToken,
    });
    return this.tokenRequest(form, 'Could not refresh the token');
  }

  /**
   * Exchanges a token (RFC 8693). Keycloak 26.2+ "standard token exchange" (v2) needs the
   * client attribute `standard.token.exchange.enabled` = `"true"` on the requesting client and
   * the `subject_token_type` parameter (sent, default access token). `audience` must be a client
   * the subject token's user may reach (the requesting client itself is refused). The default
   * requested type (refresh token, python-keycloak's default) also needs the client attribute
   * `standard.token.exchange.enableRefreshRequestedTokenType` = `"SAME_SESSION"`; ask for
   * `urn:ietf:params:oauth:token-type:access_token` otherwise. `subject` (impersonation) is only
   * accepted by the legacy v1 exchange (preview feature `token-exchange`); v2 rejects it with 400.
   */
  async exchangeToken(
    token: string,
    audience?: string,
    subject?: string,
    options: ExchangeTokenOptions = {},
  ): Promise<TokenExchangeResponse> {
    const form = this.withSecret({
      grant_type: TOKEN_EXCHANGE,
      client_id: options.clientId ?? this._clientId,
      subject_token: token,
      subject_token_type: options.subjectTokenType ?? 'urn:ietf:params:oauth:token-type:access_token',
      requested_token_type: options.requestedTokenType ?? 'urn:ietf:params:oauth:token-type:refresh_token',
      audience: audience || undefined,
      requested_subject: subject || undefined,
      subject_issuer: options.subjectIssuer,
      requested_issuer: options.requestedIssuer,
      scope: (options.scope ?? 'openid') || undefined,
      ...options.extra,
    });
    return (await this.tokenRequest(form, 'Could not exchange the token')) as TokenExchangeResponse;
  }

  /**
   * The user's claims from the userinfo endpoint (the token needs the `openid` scope). When the
   * client asks for signed or encrypted userinfo (`user.info.response.signature.alg`), Keycloak
   * answers a JWT (`application/jwt`): it is returned as that string, as python returns the bytes.
   */
  async userinfo(token: string): Promise<UserInfo | string> {
    const response = await this.send('GET', PATHS.userinfo, {
      bearer: token,
      errorClass: KeycloakGetError,
      action: 'Could not read the user info',
    });
    return isJson(response) ? response.json<UserInfo>() : response.text;
  }

  /**
   * Starts the device authorization grant (RFC 8628): the codes and the URI to show the user. The
   * client needs `oauth2.device.authorization.grant.enabled` = `"true"`.
   */
  async device(scope = ''): Promise<DeviceAuthorizationResponse> {
    const response = await this.send('POST', PATHS.device, {
      form: this.withSecret({ client_id: this._clientId, scope }),
      errorClass: KeycloakPostError,
      action: 'Could not start the device authorization',
    });
    return response.json<DeviceAuthorizationResponse>();
  }

  /**
   * Registers a client through OpenID dynamic client registration, authorized by `token` (an
   * initial access token from `KeycloakAdmin.createInitialAccessToken`, or a bearer token allowed
   * to create clients). The answer carries `registrationAccessToken` for later updates.
   */
  async registerClient(token: string, payload: ClientRepresentation): Promise<RegisteredClient> {
    const response = await this.send('POST', PATHS.clientRegistration, {
      json: payload,
      bearer: token,
      errorClass: KeycloakPostError,
      action: 'Could not register the client',
    });
    return response.json<RegisteredClient>();
  }

  /**
   * Updates a dynamically registered client with its registration access token. `payload` is
   * the whole new representation (`clientId` defaults to `clientId`); the answer carries the
   * next registration access token.
   */
  async updateClient(
    token: string,
    clientId: string,
    payload: ClientRepresentation,
  ): Promise<RegisteredClient> {
    const response = await this.send('PUT', `${PATHS.clientRegistration}/{clientId}`, {
      json: { ...payload, clientId: payload.clientId ?? clientId },
      params: { clientId },
      bearer: token,
      errorClass: KeycloakPutError,
      action: 'Could not update the client',
    });
    return response.json<RegisteredClient>();
  }

  /** Ends the session the refresh token belongs to (Keycloak answers 204, also when it already ended). */
  async logout(refreshToken: string): Promise<void> {
    await this.send('POST', PATHS.logout, {
      form: this.withSecret({ client_id: this._clientId, refresh_token: refreshToken }),
      errorClass: KeycloakPostError,
      action: 'Could not log out',
      expected: [200, 204],
    });
  }

  /** The realm's public keys as a JSON Web Key Set (signing keys have `use: "sig"`). */
  async certs(): Promise<RealmJsonWebKeySet> {
    const response = await this.send('GET', PATHS.certs, {
      errorClass: KeycloakGetError,
      action: 'Could not read the realm keys',
    });
    return response.json<RealmJsonWebKeySet>();
  }

  /**
   * The realm's active RS256 public key as published on `/realms/{realm}`: base64 DER without
   * PEM armour (`decodeToken` accepts it as is).
   */
  async publicKey(): Promise<string> {
    const response = await this.send('GET', PATHS.realm, {
      errorClass: KeycloakGetError,
      action: 'Could not read the realm public key',
    });
    return response.json<PublishedRealmRepresentation>().public_key;
  }

  /**
   * All the permissions the user of `token` holds on resource server `resourceServerId` (its
   * clientId), as a requesting party token. The entitlement endpoint python-keycloak called
   * (`/realms/{realm}/authz/entitlement/{id}`) no longer exists (the 26.x server answers 405);
   * this sends the UMA grant with that audience and no permission list instead, which is its
   * documented replacement. A user without any permission gets 403 (KeycloakPostError).
   */
  async entitlement(token: string, resourceServerId: string): Promise<RptResponse> {
    const response = await this.send('POST', PATHS.token, {
      form: { grant_type: UMA_TICKET, audience: resourceServerId },
      bearer: token,
      errorClass: KeycloakPostError,
      action: 'Could not obtain the entitlements',
    });
    return response.json<RptResponse>();
  }

  /**
   * RFC 7662 introspection (confidential clients only; public clients get 403). An expired,
   * revoked or logged-out token comes back as `{ active: false }`, and so, since Keycloak
   * 26.6.2, does a valid access token whose `aud` lacks this client (Keycloak does not put the
   * requesting client in `aud` by itself: add an audience mapper). With
   * `tokenTypeHint: 'requesting_party_token'` the `rpt` is introspected (with its permissions);
   * without an `rpt` that raises KeycloakRPTNotFound.
   */
  async introspect(token: string, options: IntrospectOptions = {}): Promise<TokenIntrospection> {
    const form: Record<string, string | undefined> = { client_id: this._clientId, token };
    let bearer: string | undefined;
    if (options.tokenTypeHint === RPT_HINT) {
      if (!options.rpt)
        throw new KeycloakRPTNotFound('No requesting party token (rpt) was given to introspect');
      form.token = options.rpt;
      form.token_type_hint = RPT_HINT;
      bearer = token;
    } else if (options.tokenTypeHint) {
      form.token_type_hint = options.tokenTypeHint;
    }
    const response = await this.send('POST', PATHS.introspect, {
      form: this.withSecret(form),
      bearer,
      errorClass: KeycloakPostError,
      action: 'Could not introspect the token',
    });
    return response.json<TokenIntrospection>();
  }

  /**
   * Decodes a token and, unless `validate: false`, verifies it: signature (against the realm's
   * keys or `key`), `exp` (required), `nbf`, `iss` (this realm), and `aud`/`azp` when asked.
   * Any failure is a KeycloakInvalidTokenError whose message says which check failed.
   */
  async decodeToken(token: string, options: DecodeTokenOptions = {}): Promise<TokenClaims> {
    if (options.validate === false) {
      try {
        return decodeJwt(token) as TokenClaims;
      } catch (error) {
        throw invalidToken(error);
      }
    }
    const issuer = options.issuer === false ? undefined : (options.issuer ?? this.issuer);
    const verifyOptions: JWTVerifyOptions = {
      algorithms: options.algorithms ?? ASYMMETRIC_ALGORITHMS,
      requiredClaims: ['exp'],
      ...(issuer !== undefined ? { issuer } : {}),
      ...(options.audience !== undefined ? { audience: options.audience } : {}),
      ...(options.leeway !== undefined ? { clockTolerance: options.leeway } : {}),
    };
    let claims: TokenClaims;
    try {
      if (options.key !== undefined) {
        claims = (await jwtVerify(token, keyResolver(options.key), verifyOptions)).payload as TokenClaims;
      } else {
        claims = await this.verifyWithRealmKeys(token, verifyOptions);
      }
    } catch (error) {
      throw invalidToken(error);
    }
    if (options.authorizedParty !== undefined && claims.azp !== options.authorizedParty) {
      throw new KeycloakInvalidTokenError(
        `Invalid token: the "azp" claim is ${claims.azp === undefined ? 'missing' : `'${claims.azp}'`}, expected '${options.authorizedParty}'`,
      );
    }
    return claims;
  }

  /**
   * Loads a resource server's authorization settings into `authorization`: a path to the JSON
   * file exported from the server (`GET .../clients/{id}/authz/resource-server/settings`), or the
   * parsed document itself.
   */
  async loadAuthorizationConfig(path: string | ResourceServerRepresentation): Promise<void> {
    const source = path;
    let data: ResourceServerRepresentation;
    if (typeof source === 'string') {
      let text: string;
      try {
        text = await readFile(source, 'utf8');
      } catch (error) {
        throw new KeycloakAuthorizationConfigError(`Cannot read authorization settings file ${source}`, {
          cause: error,
        });
      }
      try {
        data = JSON.parse(text) as ResourceServerRepresentation;
      } catch (error) {
        throw new KeycloakAuthorizationConfigError(
          `Authorization settings file ${source} is not valid JSON`,
          {
            cause: error,
          },
        );
      }
    } else {
      data = source;
    }
    this._authorization.loadConfig(data);
  }

  /**
   * The loaded role policies that name one of the token's roles on this client
   * (`resource_access[clientId].roles`); `undefined` when the token has no role on this client.
   * KeycloakAuthorizationConfigError when no settings are loaded; KeycloakInvalidTokenError when
   * introspection says the token is not active.
   */
  async getPolicies(token: string, options: TokenInfoOptions = {}): Promise<Policy[] | undefined> {
    const roles = await this.clientRoleNames(token, options);
    if (!roles) return undefined;
    return Object.values(this._authorization.policies).filter((policy) =>
      roles.some((role) => policy.hasRole(role)),
    );
  }

  /** The permissions applied by the policies `getPolicies` finds, without duplicates. */
  async getPermissions(token: string, options: TokenInfoOptions = {}): Promise<Permission[] | undefined> {
    const policies = await this.getPolicies(token, options);
    if (!policies) return undefined;
    const permissions = new Set<Permission>();
    for (const policy of policies) for (const permission of policy.permissions) permissions.add(permission);
    return [...permissions];
  }

  /**
   * Asks the server which of `permissions` (`resource#scope` strings, see PermissionsParam) the
   * token's user holds on this client (UMA grant, `response_mode=permissions`). No permissions
   * means all of them. None granted: 403 (KeycloakPostError). A dead token: 400 `invalid_grant`.
   */
  async umaPermissions(
    token: string,
    permissions: PermissionsParam = '',
    options: UmaPermissionsOptions = {},
  ): Promise<UmaGrantedPermission[]> {
    const response = await this.send('POST', PATHS.token, {
      form: {
        grant_type: UMA_TICKET,
        permission: [...buildPermissionParam(permissions)],
        response_mode: 'permissions',
        audience: options.audience ?? this._clientId,
      },
      bearer: token,
      errorClass: KeycloakPostError,
      action: 'Could not obtain UMA permissions',
    });
    return response.json<UmaGrantedPermission[]>();
  }

  /**
   * Whether the token's user holds every one of `permissions`. A refused token gives
   * `isLoggedIn: false` (Keycloak signals it with 401, or 400 `invalid_grant`, where
   * python-keycloak only knows 401). A resource asked for without a scope counts as granted when
   * the server grants the resource (python-keycloak only when the resource has no scopes), and
   * `#scope` when any granted resource has that scope.
   */
  async hasUmaAccess(token: string, permissions: PermissionsParam): Promise<AuthStatus> {
    const needed = buildPermissionParam(permissions);
    let granted: UmaGrantedPermission[];
    try {
      granted = await this.umaPermissions(token, permissions);
    } catch (error) {
      if (error instanceof KeycloakAuthenticationError) return new AuthStatus(false, false, needed);
      if (error instanceof KeycloakPostError) {
        if (error.responseCode === 403) return new AuthStatus(true, false, needed);
        if (error.responseCode === 400 && errorCode(error.responseBody) === 'invalid_grant') {
          return new AuthStatus(false, false, needed);
        }
      }
      throw error;
    }
    for (const entry of granted) {
      needed.delete(entry.rsname);
      for (const scope of entry.scopes ?? []) {
        needed.delete(`${entry.rsname}#${scope}`);
        needed.delete(`#${scope}`);
      }
    }
    return new AuthStatus(true, needed.size === 0, needed);
  }

  // ---------------------------------------------------------------------------------------------

  private withSecret(form: Record<string, string | readonly string[] | undefined>): FormExtra {
    return this._clientSecretKey ? { ...form, client_secret: this._clientSecretKey } : form;
  }

  private async tokenRequest(form: FormExtra, action: string): Promise<OpenIDTokenResponse> {
    const response = await this.send('POST', PATHS.token, { form, errorClass: KeycloakPostError, action });
    return response.json<OpenIDTokenResponse>();
  }

  private async send(
    method: 'GET' | 'POST' | 'PUT',
    template: string,
    options: SendOptions,
  ): Promise<HttpResponse> {
    const params = { realm: this._realmName, ...options.params };
    const path = expandPath(template, params, options.errorClass, method);
    const response = await this._connection.send(method, path, {
      form: options.form,
      json: options.json,
      headers: options.bearer !== undefined ? { authorization: `Bearer ${options.bearer}` } : undefined,
      pathTemplate: template,
    });
    const ok = options.expected ? options.expected.includes(response.status) : response.ok;
    if (ok) return response;
    const errorClass = response.status === 401 ? KeycloakAuthenticationError : options.errorClass;
    throw new errorClass(options.action, {
      responseCode: response.status,
      responseBody: response.body,
      method,
      path: template,
    });
  }

  private async clientRoleNames(token: string, options: TokenInfoOptions): Promise<string[] | undefined> {
    if (Object.keys(this._authorization.policies).length === 0) {
      throw new KeycloakAuthorizationConfigError(
        'No authorization settings loaded: call loadAuthorizationConfig first',
      );
    }
    const { methodTokenInfo = 'introspect', ...decodeOptions } = options;
    let claims: TokenClaims;
    if (methodTokenInfo === 'introspect') {
      const info = await this.introspect(token);
      if (!info.active) throw new KeycloakInvalidTokenError('Token expired or inactive');
      claims = info;
    } else {
      claims = await this.decodeToken(token, decodeOptions);
    }
    const roles = claims.resource_access?.[this._clientId]?.roles;
    if (!roles || roles.length === 0) return undefined;
    return roles.map((role) => `${this._clientId}/${role}`);
  }

  private async verifyWithRealmKeys(token: string, verifyOptions: JWTVerifyOptions): Promise<TokenClaims> {
    for (let attempt = 0; ; attempt++) {
      const getKey = await this.realmKeys(attempt > 0);
      try {
        return (await jwtVerify(token, getKey, verifyOptions)).payload as TokenClaims;
      } catch (error) {
        // A token signed by a key created after the keys were cached: read them once more, but
        // not more often than every few seconds (unknown key ids must not flood the server).
        const stale = Date.now() - this.jwksLoadedAt >= JWKS_RELOAD_COOLDOWN_MS;
        if (attempt === 0 && stale && error instanceof joseErrors.JWKSNoMatchingKey) continue;
        throw error;
      }
    }
  }

  private realmKeys(reload: boolean): Promise<GetKey> {
    if (reload || !this.jwks) {
      this.jwksLoadedAt = Date.now();
      const loading = this.certs().then((set): GetKey => createLocalJWKSet(set as JSONWebKeySet));
      this.jwks = loading;
      loading.catch(() => {
        if (this.jwks === loading) this.jwks = undefined;
      });
    }
    return this.jwks;
  }
}

function keyResolver(key: TokenVerificationKey): GetKey {
  if (typeof key === 'string') {
    const text = key.trim();
    if (text.startsWith('{')) return keyResolver(JSON.parse(text) as JWK | JSONWebKeySet);
    if (text.includes('-----BEGIN CERTIFICATE-----'))
      return (header: JWTHeaderParameters) => importX509(text, header.alg);
    const pem = text.includes('-----BEGIN')
      ? text
      : `-----BEGIN PUBLIC KEY-----\n${text.replace(/\s+/g, '')}\n-----END PUBLIC KEY-----`;
    return (header: JWTHeaderParameters) => importSPKI(pem, header.alg);
  }
  if (isJwkSet(key)) return createLocalJWKSet(key);
  if (isJwk(key)) return (header: JWTHeaderParameters) => importJWK(key, key.alg ?? header.alg);
  return async () => key as CryptoKey | KeyObject;
}

function isJwkSet(key: TokenVerificationKey): key is JSONWebKeySet {
  return typeof key === 'object' && key !== null && Array.isArray((key as { keys?: unknown }).keys);
}

function isJwk(key: TokenVerificationKey): key is JWK {
  return typeof key === 'object' && key !== null && typeof (key as { kty?: unknown }).kty === 'string';
}

function errorCode(body: unknown): string | undefined {
  const code = (body as { error?: unknown } | null | undefined)?.error;
  return typeof code === 'string' ? code : undefined;
}

/** A KeycloakInvalidTokenError that says which check failed (never the token itself). */
function invalidToken(error: unknown): KeycloakInvalidTokenError {
  return new KeycloakInvalidTokenError(`Invalid token: ${describeTokenFailure(error)}`, { cause: error });
}

function describeTokenFailure(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired ("exp" is in the past)';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return `the "${error.claim}" claim check failed (${error.message})`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return 'the signature does not match the verification key';
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) return "no key of the realm's key set matches the token";
  if (error instanceof joseErrors.JWKSMultipleMatchingKeys) return 'several keys match the token';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return `its algorithm is not allowed (${error.message})`;
  if (error instanceof joseErrors.JWTInvalid || error instanceof joseErrors.JWSInvalid) {
    return `it is not a well-formed signed JWT (${error.message})`;
  }
  if (error instanceof SyntaxError) return 'the key is not valid JSON';
  return error instanceof Error ? error.message : String(error);
}

/** Whether a response body is JSON (by its content type, or by its first character when it has none). */
function isJson(response: HttpResponse): boolean {
  const type = response.headers['content-type'];
  if (type) return /[/+]json\b/i.test(type);
  return /^\s*[[{]/.test(response.text);
}
