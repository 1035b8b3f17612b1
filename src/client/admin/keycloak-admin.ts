/**
 * KeycloakAdmin: python-keycloak's admin surface in TypeScript. The methods live in one module
 * per API area (users.ts, clients.ts, …) and are mixed into this class, so the public surface
 * stays flat (`admin.getUsers()`) while each area stays a small file.
 *
 * Unlike python-keycloak, the realm is not mutable state: `withRealm(name)` returns a view that
 * shares the connection pool and the token with its parent, so two realms can be worked on
 * concurrently through one client.
 */

import type { ConnectionOptions, RequestOptions } from '../connection.js';
import type { HttpResponse } from '../http-response.js';
import { KeycloakOpenIDConnection } from '../openid-connection.js';
import type { TokenResponse, TokenSet } from '../token-manager.js';
import { AdminBase, type AdminContext } from './admin-base.js';
import { AuthenticationApi } from './authentication.js';
import { AuthorizationApi } from './authorization.js';
import { ClientPoliciesApi } from './client-policies.js';
import { ClientScopesApi } from './client-scopes.js';
import { ClientsApi } from './clients.js';
import { ComponentsApi } from './components.js';
import { GroupsApi } from './groups.js';
import { IdentityProvidersApi } from './identity-providers.js';
import { LocalizationApi } from './localization.js';
import { OrganizationsApi } from './organizations.js';
import { RealmsApi } from './realms.js';
import { RoleMappingsApi } from './role-mappings.js';
import { RolesApi } from './roles.js';
import { ServerApi } from './server.js';
import { UsersApi } from './users.js';

export interface KeycloakAdminOptions {
  /** Base URL of the server, e.g. `https://sso.example.com` (no `/auth` on Keycloak 17+). Required unless `connection` is given. */
  serverUrl?: string;
  /** `password` or `client_credentials`; default from the credentials given. */
  grantType?: string;
  username?: string;
  password?: string;
  totp?: string | number;
  /** Realm the methods work in. Default `master`. */
  realmName?: string;
  /** Client used to obtain the token. Default `admin-cli`. */
  clientId?: string;
  /** With a secret and no username, the client-credentials grant is used. */
  clientSecretKey?: string;
  /** Realm the user or client authenticates in. Default: `realmName`. */
  userRealmName?: string;
  /** A token obtained elsewhere; renewed with its refresh token when it has one (as python does). */
  token?: TokenResponse;
  /** Kept for python-keycloak parity; tokens are always renewed before they expire. */
  autoRefreshToken?: readonly string[];
  verify?: boolean | string;
  customHeaders?: Record<string, string>;
  /** Seconds. Default 60. */
  timeout?: number;
  /** Seconds to establish a connection. Default: `timeout`, at most 30. */
  connectTimeout?: number;
  proxies?: ConnectionOptions['proxies'];
  ca?: ConnectionOptions['ca'];
  retry?: ConnectionOptions['retry'];
  /** Refresh margin before token expiry, ms. */
  refreshMarginMs?: number;
  /** Client certificate for mutual TLS (see ConnectionOptions.cert). */
  cert?: ConnectionOptions['cert'];
  /** python's `max_retries` (see ConnectionOptions.maxRetries). */
  maxRetries?: number;
  /** python's `pool_maxsize`: max sockets to the server. */
  poolMaxsize?: number;
  /**
   * An existing connection (with its credentials and token) instead of the options above; several
   * clients can share one.
   */
  connection?: KeycloakOpenIDConnection;
}

const MIXINS = [
  RealmsApi,
  ServerApi,
  UsersApi,
  GroupsApi,
  RolesApi,
  RoleMappingsApi,
  ClientsApi,
  ClientScopesApi,
  AuthorizationApi,
  IdentityProvidersApi,
  AuthenticationApi,
  ComponentsApi,
  ClientPoliciesApi,
  OrganizationsApi,
  LocalizationApi,
] as const;

/** The admin REST API of one server, working in one realm at a time (see `withRealm`). */
export class KeycloakAdmin extends AdminBase {
  /** python's page size for list methods that fetch every page. */
  static readonly PAGE_SIZE = 100;
  private readonly options: Readonly<KeycloakAdminOptions>;

  constructor(options: KeycloakAdminOptions);
  /** @internal realm views share the parent's context. */
  constructor(options: KeycloakAdminOptions, shared: AdminContext, realmName: string);
  constructor(options: KeycloakAdminOptions, shared?: AdminContext, realmName?: string) {
    super(shared ?? createContext(options), realmName);
    this.options = options;
  }

  /** A view of the same client (connection and token) working in another realm. */
  withRealm(realmName: string): KeycloakAdmin {
    return new KeycloakAdmin(this.options, this.ctx, realmName);
  }

  /**
   * The connection: server URL, realm, credentials and token (a KeycloakOpenIDConnection, as in
   * python). Replacing it replaces it for every realm view of this client.
   */
  get connection(): KeycloakOpenIDConnection {
    return this.ctx.connection;
  }
  set connection(value: KeycloakOpenIDConnection) {
    this.ctx.connection = value;
  }

  /** The realm this client works in (python's `get_current_realm`). */
  getCurrentRealm(): string {
    return this.realmName;
  }

  /**
   * Moves this client to another realm (python's `change_current_realm`): the client itself
   * changes `connection.realmName`; a `withRealm` view changes only its own realm.
   */
  changeCurrentRealm(realmName: string): void {
    if (this.viewRealm !== undefined) this.viewRealm = realmName;
    else this.ctx.connection.realmName = realmName;
  }

  get serverUrl(): string {
    return this.ctx.connection.baseUrl;
  }
  get clientId(): string {
    return this.ctx.connection.clientId;
  }
  get clientSecretKey(): string | undefined {
    return this.ctx.connection.clientSecretKey;
  }
  get verify(): boolean | string {
    return this.ctx.connection.verify;
  }
  get username(): string | undefined {
    return this.ctx.connection.username;
  }
  get password(): string | undefined {
    return this.ctx.connection.password;
  }
  get totp(): string | number | undefined {
    return this.ctx.connection.totp;
  }
  /** The realm the token is obtained in. */
  get userRealmName(): string {
    return this.ctx.connection.tokenManager.realm;
  }
  get customHeaders(): Record<string, string> | undefined {
    return this.ctx.connection.customHeaders;
  }
  get autoRefreshToken(): readonly string[] {
    return this.options.autoRefreshToken ?? ['get', 'put', 'post', 'delete'];
  }
  /** The current token set, if one was obtained. */
  get token(): TokenSet | undefined {
    return this.ctx.connection.tokenManager.token;
  }
  /** Token endpoint calls made by this client (all realm views). */
  get tokenRequestCount(): number {
    return this.ctx.connection.tokenManager.tokenRequests;
  }

  /** Obtains a new token with the configured credentials. */
  getToken(): Promise<TokenSet> {
    return this.ctx.connection.tokenManager.fetchNew();
  }

  /** Renews the token (refresh grant when possible). */
  refreshToken(): Promise<TokenSet> {
    return this.ctx.connection.tokenManager.renew(true);
  }

  /** Authorized GET on any path below the server URL; the response is returned as is. */
  rawGet(path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.rawSend('GET', path, options);
  }
  rawPost(path: string, data?: unknown, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.rawSend('POST', path, data === undefined ? options : { ...options, json: data });
  }
  rawPut(path: string, data?: unknown, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.rawSend('PUT', path, data === undefined ? options : { ...options, json: data });
  }
  rawDelete(path: string, data?: unknown, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.rawSend('DELETE', path, data === undefined ? options : { ...options, json: data });
  }

  /** Closes the connection pool (all realm views). */
  close(): Promise<void> {
    return this.ctx.connection.close();
  }

  private async rawSend(method: string, path: string, options: RequestOptions): Promise<HttpResponse> {
    const tokens = this.ctx.connection.tokenManager;
    const token = await tokens.accessToken();
    const response = await this.ctx.connection.send(method, path, {
      ...options,
      headers: { ...options.headers, authorization: `Bearer ${token}` },
    });
    if (response.status !== 401) return response;
    const renewed = await tokens.renewAfterRejection(token);
    return this.ctx.connection.send(method, path, {
      ...options,
      headers: { ...options.headers, authorization: `Bearer ${renewed}` },
    });
  }
}

// Declaration merging gives the class the mixins' method types; applyMixins copies the bodies.
export interface KeycloakAdmin
  extends RealmsApi,
    ServerApi,
    UsersApi,
    GroupsApi,
    RolesApi,
    RoleMappingsApi,
    ClientsApi,
    ClientScopesApi,
    AuthorizationApi,
    IdentityProvidersApi,
    AuthenticationApi,
    ComponentsApi,
    ClientPoliciesApi,
    OrganizationsApi,
    LocalizationApi {}

applyMixins(KeycloakAdmin, MIXINS);

function applyMixins(target: { prototype: object }, sources: readonly { prototype: object }[]): void {
  const owners = new Map<string, string>();
  for (const source of sources) {
    for (const name of Object.getOwnPropertyNames(source.prototype)) {
      if (name === 'constructor') continue;
      const owner = owners.get(name);
      if (owner || Object.hasOwn(target.prototype, name)) {
        throw new Error(`KeycloakAdmin method ${name} is defined twice (${owner ?? 'KeycloakAdmin'})`);
      }
      owners.set(name, (source as { name?: string }).name ?? '?');
      const descriptor = Object.getOwnPropertyDescriptor(source.prototype, name);
      if (descriptor) Object.defineProperty(target.prototype, name, descriptor);
    }
  }
}

function createContext(options: KeycloakAdminOptions): AdminContext {
  if (options.connection) return { connection: options.connection, lastRealmCreatedAt: 0 };
  const connection = new KeycloakOpenIDConnection({
    serverUrl: options.serverUrl ?? '',
    grantType: options.grantType,
    username: options.username,
    password: options.password,
    token: options.token,
    totp: options.totp,
    ...('realmName' in options ? { realmName: options.realmName } : {}),
    clientId: options.clientId,
    verify: options.verify,
    clientSecretKey: options.clientSecretKey,
    customHeaders: options.customHeaders,
    userRealmName: options.userRealmName,
    timeout: options.timeout,
    connectTimeout: options.connectTimeout,
    cert: options.cert,
    maxRetries: options.maxRetries,
    poolMaxsize: options.poolMaxsize,
    proxies: options.proxies,
    ca: options.ca,
    retry: options.retry,
    refreshMarginMs: options.refreshMarginMs,
  });
  return { connection, lastRealmCreatedAt: 0 };
}
