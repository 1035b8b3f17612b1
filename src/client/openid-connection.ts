/**
 * KeycloakOpenIDConnection: python-keycloak's connection that knows who it is. It is a
 * ConnectionManager (one pool, retries, TLS) that also holds the server URL, realm, credentials
 * and the current token, renews the token before it expires and once more when a request meets a
 * 401. `KeycloakAdmin.connection` is one; several admins can share one.
 *
 * The token realm is fixed when the connection is made (`userRealmName`, else `realmName`, else
 * master): changing `realmName` later moves where a KeycloakAdmin works, not where it logs in, as
 * in python (whose token client is created once).
 */
import { ConnectionManager, type ConnectionOptions, type RequestOptions } from './connection.js';
import type { HttpResponse } from './http-response.js';
import { KeycloakOpenID } from './openid/keycloak-openid.js';
import { type AdminGrant, TokenManager, type TokenResponse } from './token-manager.js';

export interface KeycloakOpenIDConnectionOptions {
  /** Base URL of the server, e.g. `https://sso.example.com`. Required (python raises ValueError without it). */
  serverUrl: string;
  /** `password` or `client_credentials`. Default: `password` with username and password, else `client_credentials` with a client secret. */
  grantType?: string;
  username?: string;
  password?: string;
  /** A token obtained elsewhere (the token endpoint's answer). */
  token?: TokenResponse;
  /** One-time password of the user, for the password grant. */
  totp?: string | number;
  /** Realm a KeycloakAdmin on this connection works in. Default `master`. */
  realmName?: string;
  /** Client the token is obtained for. Default `admin-cli`. */
  clientId?: string;
  /** `false` disables TLS verification; a string is a CA bundle path. Default `true`. */
  verify?: boolean | string;
  clientSecretKey?: string;
  /** Headers sent with every request. */
  customHeaders?: Record<string, string>;
  /** Realm the user or client logs in to, when it is not `realmName`. */
  userRealmName?: string;
  /** Seconds. Default 60. */
  timeout?: number;
  /** Seconds to establish a connection. Default: `timeout`, at most 30. */
  connectTimeout?: number;
  cert?: ConnectionOptions['cert'];
  /** Further attempts after a failed request (see ConnectionOptions.maxRetries). */
  maxRetries?: number;
  /** Max sockets to the server. */
  poolMaxsize?: number;
  proxies?: ConnectionOptions['proxies'];
  ca?: ConnectionOptions['ca'];
  retry?: ConnectionOptions['retry'];
  /** Renew this long before the token expires at most (ms). */
  refreshMarginMs?: number;
  /** Clock, for tests that move time. Default `Date.now`. */
  now?: () => number;
}

/**
 * A ConnectionManager with credentials and a token: server URL, realm, client, user, expiry and
 * renewal (python's `KeycloakOpenIDConnection`; `KeycloakAdmin.connection` is one).
 */
export class KeycloakOpenIDConnection extends ConnectionManager {
  private _grantType: string | undefined;
  private _realmName: string | undefined;
  private _clientId: string;
  private _clientSecretKey: string | undefined;
  private _username: string | undefined;
  private _password: string | undefined;
  private _totp: string | number | undefined;
  private _userRealmName: string | undefined;
  private _customHeaders: Record<string, string> | undefined;
  private tokenRealm: string;
  private tokens: TokenManager;
  private _keycloakOpenid: KeycloakOpenID | undefined;
  private readonly tokenOptions: { refreshMarginMs?: number; now?: () => number };

  constructor(options: KeycloakOpenIDConnectionOptions) {
    if (!options?.serverUrl) {
      throw new TypeError('Unable to initialize KeycloakOpenIDConnection without serverUrl');
    }
    super({
      baseUrl: options.serverUrl,
      headers: options.customHeaders,
      timeout: options.timeout,
      connectTimeout: options.connectTimeout,
      verify: options.verify,
      proxies: options.proxies,
      ca: options.ca,
      retry: options.retry,
      cert: options.cert,
      maxRetries: options.maxRetries,
      poolMaxsize: options.poolMaxsize,
    });
    this._username = options.username;
    this._password = options.password;
    this._totp = options.totp;
    this._realmName = 'realmName' in options ? options.realmName : 'master';
    this._clientId = options.clientId ?? 'admin-cli';
    this._clientSecretKey = options.clientSecretKey;
    this._userRealmName = options.userRealmName;
    this._customHeaders = options.customHeaders;
    this._grantType = options.grantType ?? defaultGrantType(options);
    this.tokenRealm = options.userRealmName ?? this._realmName ?? 'master';
    this.tokenOptions = { refreshMarginMs: options.refreshMarginMs, now: options.now };
    this.tokens = this.createTokenManager(options.token);
  }

  get serverUrl(): string {
    return this.baseUrl;
  }
  set serverUrl(value: string) {
    this.baseUrl = value;
  }
  get grantType(): string | undefined {
    return this._grantType;
  }
  set grantType(value: string | undefined) {
    this._grantType = value;
    this.credentialsChanged();
  }
  /** Realm a KeycloakAdmin on this connection works in (not the token realm, see the module note). */
  get realmName(): string | undefined {
    return this._realmName;
  }
  set realmName(value: string | undefined) {
    this._realmName = value;
  }
  get clientId(): string {
    return this._clientId;
  }
  set clientId(value: string) {
    this._clientId = value;
    this.credentialsChanged();
  }
  get clientSecretKey(): string | undefined {
    return this._clientSecretKey;
  }
  set clientSecretKey(value: string | undefined) {
    this._clientSecretKey = value;
    this.credentialsChanged();
  }
  get username(): string | undefined {
    return this._username;
  }
  set username(value: string | undefined) {
    this._username = value;
    this.credentialsChanged();
  }
  get password(): string | undefined {
    return this._password;
  }
  set password(value: string | undefined) {
    this._password = value;
    this.credentialsChanged();
  }
  get totp(): string | number | undefined {
    return this._totp;
  }
  set totp(value: string | number | undefined) {
    this._totp = value;
    this.credentialsChanged();
  }
  /** The realm the user or client logs in to, when set apart from `realmName`. */
  get userRealmName(): string | undefined {
    return this._userRealmName;
  }
  set userRealmName(value: string | undefined) {
    this._userRealmName = value;
    this.tokenRealm = value ?? this._realmName ?? 'master';
    this.credentialsChanged();
  }
  get customHeaders(): Record<string, string> | undefined {
    return this._customHeaders;
  }
  /** Adds these headers to every request (python merges them into `headers`; earlier ones stay). */
  set customHeaders(value: Record<string, string> | undefined) {
    this._customHeaders = value;
    for (const [key, header] of Object.entries(value ?? {})) this.addParamHeaders(key, header);
  }

  /** The current token as the token endpoint sent it, or `undefined` before the first request. */
  get token(): TokenResponse | undefined {
    return this.tokens.token?.raw;
  }
  /** Replaces the token; `undefined` makes the next request obtain a new one. */
  set token(value: TokenResponse | undefined) {
    this.tokens.adopt(value);
  }
  /** When the current access token expires (it is renewed shortly before). */
  get expiresAt(): Date | undefined {
    const current = this.tokens.token;
    return current ? new Date(current.expiresAt) : undefined;
  }
  /** The single-flight token renewal every request through this connection shares. */
  get tokenManager(): TokenManager {
    return this.tokens;
  }

  /** A KeycloakOpenID for the token realm and client, sharing this connection's pool. */
  get keycloakOpenid(): KeycloakOpenID {
    this._keycloakOpenid ??= new KeycloakOpenID({
      serverUrl: this.serverUrl,
      realmName: this.tokenRealm,
      clientId: this._clientId,
      clientSecretKey: this._clientSecretKey,
      connection: this,
    });
    return this._keycloakOpenid;
  }

  /**
   * Obtains a new token with the credentials (python's `get_token`). Without a grant type (no
   * credentials) the token is cleared and `undefined` returned, as python does.
   */
  async getToken(): Promise<TokenResponse | undefined> {
    if (!this._grantType) {
      this.tokens.adopt(undefined);
      return undefined;
    }
    return (await this.tokens.fetchNew()).raw;
  }

  /**
   * Renews the token: with the refresh token while it is valid, else (or when the server refuses
   * it: session ended, token revoked) with a new grant.
   */
  async refreshToken(): Promise<TokenResponse | undefined> {
    return (await this.tokens.renew(true)).raw;
  }

  /** Authorized GET: the token is renewed first when it is about to expire, and once more on a 401. */
  override rawGet(path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.authorized(options, (authorized) => super.rawGet(path, authorized));
  }
  override rawPost(path: string, data?: unknown, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.authorized(options, (authorized) => super.rawPost(path, data, authorized));
  }
  override rawPut(path: string, data?: unknown, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.authorized(options, (authorized) => super.rawPut(path, data, authorized));
  }
  override rawDelete(path: string, data?: unknown, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.authorized(options, (authorized) => super.rawDelete(path, data, authorized));
  }

  private async authorized(
    options: RequestOptions,
    send: (options: RequestOptions) => Promise<HttpResponse>,
  ): Promise<HttpResponse> {
    const withToken = (token: string) => ({
      ...options,
      headers: { ...options.headers, authorization: `Bearer ${token}` },
    });
    const token = await this.tokens.accessToken();
    const response = await send(withToken(token));
    if (response.status !== 401) return response;
    return send(withToken(await this.tokens.renewAfterRejection(token)));
  }

  /** Credentials changed: later renewals use the new ones; the current token stays until then. */
  private credentialsChanged(): void {
    if (!this.tokens) return;
    const current = this.tokens.token?.raw;
    this.tokens = this.createTokenManager(current);
    this._keycloakOpenid = undefined;
  }

  private createTokenManager(token: TokenResponse | undefined): TokenManager {
    const manager = new TokenManager(this, this.tokenRealm, this.grant(token), this.tokenOptions);
    if (token) manager.adopt(token);
    return manager;
  }

  private grant(token: TokenResponse | undefined): AdminGrant {
    const clientId = this._clientId;
    const clientSecret = this._clientSecretKey;
    if (this._grantType === 'password' && this._username !== undefined && this._password !== undefined) {
      const totp = this._totp === undefined ? undefined : String(this._totp);
      return {
        type: 'password',
        username: this._username,
        password: this._password,
        totp,
        clientId,
        clientSecret,
      };
    }
    if (this._grantType === 'client_credentials' && clientSecret) {
      return { type: 'client_credentials', clientId, clientSecret };
    }
    return { type: 'static', token, clientId, clientSecret };
  }
}

function defaultGrantType(options: KeycloakOpenIDConnectionOptions): string | undefined {
  if (options.username && options.password) return 'password';
  if (options.clientSecretKey) return 'client_credentials';
  return undefined;
}
