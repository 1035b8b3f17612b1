/**
 * KeycloakAdmin: python-keycloak's admin surface in TypeScript. The methods live in one module
 * per API area (users.ts, clients.ts, …) and are mixed into this class, so the public surface
 * stays flat (`admin.getUsers()`) while each area stays a small file.
 *
 * Unlike python-keycloak, the realm is not mutable state: `withRealm(name)` returns a view that
 * shares the connection pool and the token with its parent, so two realms can be worked on
 * concurrently through one client.
 */

import type { RequestOptions } from '../connection.js';
import { ConnectionManager, type ConnectionOptions } from '../connection.js';
import type { HttpResponse } from '../http-response.js';
import { type AdminGrant, TokenManager, type TokenResponse, type TokenSet } from '../token-manager.js';
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
  /** Base URL of the server, e.g. `https://sso.example.com` (no `/auth` on Keycloak 17+). */
  serverUrl: string;
  username?: string;
  password?: string;
  totp?: string;
  /** Realm the methods work in. Default `master`. */
  realmName?: string;
  /** Client used to obtain the token. Default `admin-cli`. */
  clientId?: string;
  /** With a secret and no username, the client-credentials grant is used. */
  clientSecretKey?: string;
  /** Realm the user or client authenticates in. Default: `realmName`. */
  userRealmName?: string;
  /** A token obtained elsewhere (cannot be renewed). */
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

export class KeycloakAdmin extends AdminBase {
  private readonly options: Readonly<KeycloakAdminOptions>;

  constructor(options: KeycloakAdminOptions);
  /** @internal realm views share the parent's context. */
  constructor(options: KeycloakAdminOptions, shared: AdminContext, realmName: string);
  constructor(options: KeycloakAdminOptions, shared?: AdminContext, realmName?: string) {
    const realm = realmName ?? options.realmName ?? 'master';
    super(shared ?? createContext(options, realm), realm);
    this.options = options;
  }

  /** A view of the same client working in another realm. */
  withRealm(realmName: string): KeycloakAdmin {
    return new KeycloakAdmin(this.options, this.ctx, realmName);
  }

  get serverUrl(): string {
    return this.ctx.connection.baseUrl;
  }
  get clientId(): string {
    return this.options.clientId ?? 'admin-cli';
  }
  get clientSecretKey(): string | undefined {
    return this.options.clientSecretKey;
  }
  get verify(): boolean | string {
    return this.ctx.connection.verify;
  }
  get username(): string | undefined {
    return this.options.username;
  }
  get password(): string | undefined {
    return this.options.password;
  }
  get totp(): string | undefined {
    return this.options.totp;
  }
  get userRealmName(): string {
    return this.ctx.tokens.realm;
  }
  get customHeaders(): Record<string, string> | undefined {
    return this.options.customHeaders;
  }
  get autoRefreshToken(): readonly string[] {
    return this.options.autoRefreshToken ?? ['get', 'put', 'post', 'delete'];
  }
  /** The current token set, if one was obtained. */
  get token(): TokenSet | undefined {
    return this.ctx.tokens.token;
  }
  /** Token endpoint calls made by this client (all realm views). */
  get tokenRequestCount(): number {
    return this.ctx.tokens.tokenRequests;
  }

  /** Obtains a new token with the configured credentials. */
  getToken(): Promise<TokenSet> {
    return this.ctx.tokens.fetchNew();
  }

  /** Renews the token (refresh grant when possible). */
  refreshToken(): Promise<TokenSet> {
    return this.ctx.tokens.renew(true);
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
    const token = await this.ctx.tokens.accessToken();
    const response = await this.ctx.connection.send(method, path, {
      ...options,
      headers: { ...options.headers, authorization: `Bearer ${token}` },
    });
    if (response.status !== 401) return response;
    const renewed = await this.ctx.tokens.renewAfterRejection(token);
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

function createContext(options: KeycloakAdminOptions, realm: string): AdminContext {
  const connection = new ConnectionManager({
    baseUrl: options.serverUrl,
    headers: options.customHeaders,
    timeout: options.timeout,
    connectTimeout: options.connectTimeout,
    verify: options.verify,
    proxies: options.proxies,
    ca: options.ca,
    retry: options.retry,
  });
  const tokens = new TokenManager(connection, options.userRealmName ?? realm, grantFrom(options), {
    refreshMarginMs: options.refreshMarginMs,
  });
  return { connection, tokens, lastRealmCreatedAt: 0 };
}

function grantFrom(options: KeycloakAdminOptions): AdminGrant {
  const clientId = options.clientId ?? 'admin-cli';
  if (options.token) return { type: 'static', token: options.token };
  if (options.username !== undefined && options.password !== undefined) {
    return {
      type: 'password',
      username: options.username,
      password: options.password,
      totp: options.totp,
      clientId,
      clientSecret: options.clientSecretKey,
    };
  }
  if (options.clientSecretKey)
    return { type: 'client_credentials', clientId, clientSecret: options.clientSecretKey };
  throw new TypeError('KeycloakAdmin needs username and password, clientSecretKey, or token');
}
