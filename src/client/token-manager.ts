/**
 * Access tokens for the admin API. One TokenManager is shared by every realm view of a
 * KeycloakAdmin, so concurrent callers share one refresh (single flight), tokens are renewed
 * before they expire (the master realm's live only 60 s) and a caller that met a 401 can ask
 * for a fresh token without causing a stampede.
 */
import type { ConnectionManager } from './connection.js';
import { KeycloakAuthenticationError } from './errors.js';

/** Token endpoint answer, as Keycloak sends it. */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_expires_in?: number;
  refresh_token?: string;
  token_type: string;
  id_token?: string;
  'not-before-policy'?: number;
  session_state?: string;
  scope?: string;
}

export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly refreshExpiresAt: number | undefined;
  /** Epoch ms when this client obtained it. */
  readonly obtainedAt: number;
  readonly raw: TokenResponse;
}

export type AdminGrant =
  | {
      type: 'password';
      username: string;
      password: string;
      totp?: string;
      clientId: string;
      clientSecret?: string;
    }
  | { type: 'client_credentials'; clientId: string; clientSecret: string }
  /**
   * A token obtained elsewhere. Without a client id it cannot be renewed; with one, its refresh
   * token (if any) is used as python-keycloak does.
   */
  | { type: 'static'; token?: TokenResponse; clientId?: string; clientSecret?: string };

export interface TokenManagerOptions {
  /** Refresh this long before expiry at most (ms). Default 15 s, capped at 20% of the lifetime. */
  refreshMarginMs?: number;
  now?: () => number;
}

export function tokenEndpoint(realm: string): string {
  return `/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`;
}

export class TokenManager {
  private current: TokenSet | undefined;
  private inflight: Promise<TokenSet> | undefined;
  private readonly marginMs: number;
  private readonly now: () => number;
  /** Token endpoint calls made so far (grants and refreshes). */
  tokenRequests = 0;

  constructor(
    private readonly connection: ConnectionManager,
    readonly realm: string,
    private readonly grant: AdminGrant,
    options: TokenManagerOptions = {},
  ) {
    this.marginMs = options.refreshMarginMs ?? 15_000;
    this.now = options.now ?? Date.now;
    if (grant.type === 'static' && grant.token) this.current = this.toTokenSet(grant.token);
  }

  get token(): TokenSet | undefined {
    return this.current;
  }

  /** Replaces the current token (python's `connection.token = …`); `undefined` forces a new grant. */
  adopt(token: TokenResponse | undefined): void {
    this.current = token ? this.toTokenSet(token) : undefined;
  }

  /** A valid access token, renewing it first when it is about to expire. */
  async accessToken(): Promise<string> {
    const current = this.current;
    if (current && !this.isExpiring(current)) return current.accessToken;
    return (await this.renew()).accessToken;
  }

  /**
   * Called after the server rejected `rejected`: renews unless another caller already did.
   * Returns the token to retry with.
   */
  async renewAfterRejection(rejected: string): Promise<string> {
    if (this.current && this.current.accessToken !== rejected && !this.isExpiring(this.current)) {
      return this.current.accessToken;
    }
    return (await this.renew(true)).accessToken;
  }

  /** A brand-new token from the grant (python-keycloak's `get_token`). */
  async fetchNew(): Promise<TokenSet> {
    return this.singleFlight(() => this.requestGrant());
  }

  /** Renews with the refresh token when it is still valid, else with a new grant. */
  renew(force = false): Promise<TokenSet> {
    return this.singleFlight(async () => {
      const current = this.current;
      if (!force && current && !this.isExpiring(current)) return current;
      if (current?.refreshToken && (current.refreshExpiresAt ?? 0) > this.now() + 1000) {
        try {
          return await this.request({
            grant_type: 'refresh_token',
            refresh_token: current.refreshToken,
            ...this.clientParams(),
          });
        } catch (error) {
          if (!(error instanceof KeycloakAuthenticationError)) throw error;
          // Refresh token revoked or session gone: fall back to a full grant.
        }
      }
      return this.requestGrant();
    });
  }

  private singleFlight(work: () => Promise<TokenSet>): Promise<TokenSet> {
    if (!this.inflight) {
      this.inflight = work().finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  private requestGrant(): Promise<TokenSet> {
    const grant = this.grant;
    switch (grant.type) {
      case 'static':
        if (this.current && this.current.expiresAt > this.now()) return Promise.resolve(this.current);
        return Promise.reject(
          new KeycloakAuthenticationError(
            this.current
              ? 'The static access token has expired and cannot be renewed'
              : 'No credentials to obtain a token: give username and password, a client secret, or a token',
          ),
        );
      case 'client_credentials':
        return this.request({ grant_type: 'client_credentials', ...this.clientParams() });
      case 'password':
        return this.request({
          grant_type: 'password',
          username: grant.username,
          password: grant.password,
          ...(grant.totp ? { totp: grant.totp } : {}),
          ...this.clientParams(),
        });
    }
  }

  private clientParams(): Record<string, string> {
    const grant = this.grant;
    if (grant.type === 'static' && !grant.clientId) return {};
    const secret = grant.clientSecret;
    return { client_id: grant.clientId ?? '', ...(secret ? { client_secret: secret } : {}) };
  }

  private async request(form: Record<string, string>): Promise<TokenSet> {
    this.tokenRequests++;
    const path = tokenEndpoint(this.realm);
    // `send`, not `rawPost`: a KeycloakOpenIDConnection's rawPost itself asks for a token.
    // Retried like a read (429, 5xx, lost connections, and a 500 three times): a second token
    // request is harmless, and 24.0.5 answered a password grant 500 while another realm was being
    // deleted (its role cache lost a role of that realm mid-expansion; docs/keycloak-behaviour.md).
    const response = await this.connection.send('POST', path, {
      form,
      pathTemplate: '/realms/{realm}/protocol/openid-connect/token',
      readOnly: true,
    });
    if (!response.ok) {
      throw new KeycloakAuthenticationError(`Authentication of ${this.describeGrant()} failed`, {
        responseCode: response.status,
        responseBody: response.body,
        method: 'POST',
        path: '/realms/{realm}/protocol/openid-connect/token',
        realm: this.realm,
      });
    }
    this.current = this.toTokenSet(response.json<TokenResponse>());
    return this.current;
  }

  /** `user "admin" (client "admin-cli") in realm "master"`: who tried to log in, never a secret. */
  describeGrant(): string {
    const grant = this.grant;
    const realm = `realm "${this.realm}"`;
    if (grant.type === 'password') return `user "${grant.username}" (client "${grant.clientId}") in ${realm}`;
    if (grant.type === 'client_credentials') return `client "${grant.clientId}" in ${realm}`;
    return `the static token for ${realm}`;
  }

  private toTokenSet(raw: TokenResponse): TokenSet {
    const now = this.now();
    return {
      accessToken: raw.access_token,
      refreshToken: raw.refresh_token,
      expiresAt: now + raw.expires_in * 1000,
      refreshExpiresAt: raw.refresh_expires_in ? now + raw.refresh_expires_in * 1000 : undefined,
      obtainedAt: now,
      raw,
    };
  }

  private isExpiring(token: TokenSet): boolean {
    const lifetime = token.expiresAt - token.obtainedAt;
    const margin = Math.min(this.marginMs, lifetime * 0.2);
    return this.now() >= token.expiresAt - margin;
  }
}
