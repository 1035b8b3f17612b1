import type { Query } from '../path-template.js';
import type {
  CredentialRepresentation,
  FederatedIdentityRepresentation,
  GroupRepresentation,
  UserRepresentation,
  UserSessionRepresentation,
} from '../types/representations.js';
import type {
  ExecuteActionsEmailOptions,
  GetUserOptions,
  SetUserPasswordOptions,
  UserConsent,
  UserGroupsOptions,
  UserProfileConfig,
  UsersCountQuery,
  UsersQuery,
  VerifyEmailOptions,
} from '../types/users.js';
import { AdminBase } from './admin-base.js';

const USERS = '/admin/realms/{realm}/users';
const USER = '/admin/realms/{realm}/users/{id}';

export class UsersApi extends AdminBase {
  /**
   * Users of the realm matching `query`. Keycloak returns at most 100 users per request: without
   * `first`/`max` every page is fetched; with either, exactly the one page asked for.
   */
  getUsers(query: UsersQuery = {}): Promise<UserRepresentation[]> {
    const { pageSize, ...rest } = query;
    return this.list<UserRepresentation>(USERS, { query: usersQuery(rest), pageSize });
  }

  /** Pages through the users matching `query` (`pageSize` per request, default 100). */
  iterUsers(query: UsersQuery = {}): AsyncGenerator<UserRepresentation, void, undefined> {
    const { pageSize, ...rest } = query;
    return this.paginate<UserRepresentation>(USERS, { query: usersQuery(rest), pageSize });
  }

  /**
   * Creates a user and returns its id. With `existOk`, a user that already has this username is
   * not an error: its id is returned (a clash on the email alone still fails with 409).
   */
  createUser(payload: UserRepresentation, options: { existOk?: boolean } = {}): Promise<string> {
    const key = payload.username ?? payload.email;
    return this.create(USERS, payload, async () => (key ? this.getUserId(key) : undefined), {
      existOk: options.existOk,
    });
  }

  /** Number of users matching `query`. */
  usersCount(query: UsersCountQuery = {}): Promise<number> {
    return this.get<number>(`${USERS}/count`, { query: usersQuery(query) });
  }

  /** The id of the user with exactly this username (case-insensitive), or `undefined`. */
  async getUserId(username: string): Promise<string | undefined> {
    return (await this.getUserByUsername(username))?.id;
  }

  /** The user with exactly this username (case-insensitive), or `undefined`. */
  async getUserByUsername(username: string): Promise<UserRepresentation | undefined> {
    const wanted = username.toLowerCase();
    const users = await this.get<UserRepresentation[]>(USERS, {
      query: { username: wanted, exact: true, briefRepresentation: false },
    });
    return users.find((user) => user.username?.toLowerCase() === wanted);
  }

  getUser(userId: string, options: GetUserOptions = {}): Promise<UserRepresentation> {
    return this.get<UserRepresentation>(USER, {
      params: { id: userId },
      query: { userProfileMetadata: options.userProfileMetadata },
    });
  }

  /** Groups the user is a direct member of (all pages unless `first`/`max` is given). */
  getUserGroups(userId: string, options: UserGroupsOptions = {}): Promise<GroupRepresentation[]> {
    const { pageSize, ...rest } = options;
    return this.list<GroupRepresentation>(`${USER}/groups`, {
      params: { id: userId },
      query: userGroupsQuery(rest),
      pageSize,
    });
  }

  iterUserGroups(
    userId: string,
    options: UserGroupsOptions = {},
  ): AsyncGenerator<GroupRepresentation, void, undefined> {
    const { pageSize, ...rest } = options;
    return this.paginate<GroupRepresentation>(`${USER}/groups`, {
      params: { id: userId },
      query: userGroupsQuery(rest),
      pageSize,
    });
  }

  /**
   * Updates the user. Fields left out of `payload` keep their values (unlike most other PUTs);
   * attributes not declared in the user profile are dropped unless the realm allows them.
   */
  async updateUser(userId: string, payload: UserRepresentation): Promise<void> {
    await this.put(USER, payload, { params: { id: userId } });
  }

  /** Disabled users cannot log in; their sessions stay until they expire or are logged out. */
  disableUser(userId: string): Promise<void> {
    return this.updateUser(userId, { enabled: false });
  }

  enableUser(userId: string): Promise<void> {
    return this.updateUser(userId, { enabled: true });
  }

  /** Disables every user of the realm, service-account users included, one request per user. */
  async disableAllUsers(): Promise<void> {
    await this.setAllUsersEnabled(false);
  }

  /** Enables every user of the realm, one request per user. */
  async enableAllUsers(): Promise<void> {
    await this.setAllUsersEnabled(true);
  }

  async deleteUser(userId: string): Promise<void> {
    await this.delete(USER, { params: { id: userId } });
  }

  /**
   * Sets the user's password. `temporary` defaults to `true`: the user must change it at the next
   * login (and password grants fail until then). The realm's password policy applies (400).
   */
  async setUserPassword(
    userId: string,
    password: string,
    options: SetUserPasswordOptions = {},
  ): Promise<void> {
    await this.put(
      `${USER}/reset-password`,
      { type: 'password', value: password, temporary: options.temporary ?? true },
      { params: { id: userId } },
    );
  }

  /** The user's stored credentials (password, OTP, WebAuthn …) without their secrets. */
  getCredentials(userId: string): Promise<CredentialRepresentation[]> {
    return this.get<CredentialRepresentation[]>(`${USER}/credentials`, { params: { id: userId } });
  }

  async deleteCredential(userId: string, credentialId: string): Promise<void> {
    await this.delete(`${USER}/credentials/{credentialId}`, { params: { id: userId, credentialId } });
  }

  /** Ends all of the user's online sessions. Offline sessions (offline tokens) survive. */
  async userLogout(userId: string): Promise<void> {
    await this.post(`${USER}/logout`, undefined, { params: { id: userId } });
  }

  /** Consents the user granted, including clients holding an offline token of the user. */
  userConsents(userId: string): Promise<UserConsent[]> {
    return this.get<UserConsent[]>(`${USER}/consents`, { params: { id: userId } });
  }

  /**
   * Revokes the user's consent for a client (by `clientId`) and the client's offline tokens of
   * the user. 404 when there is neither.
   */
  async revokeUserConsent(userId: string, clientId: string): Promise<void> {
    await this.delete(`${USER}/consents/{clientId}`, { params: { id: userId, clientId } });
  }

  /**
   * Revokes the user's consent and offline tokens for a client (by `clientId`).
   * @alias revokeUserConsent
   */
  revokeConsent(userId: string, clientId: string): Promise<void> {
    return this.revokeUserConsent(userId, clientId);
  }

  /** Identity-provider links of the user (only links to providers that still exist are listed). */
  getUserSocialLogins(userId: string): Promise<FederatedIdentityRepresentation[]> {
    return this.get<FederatedIdentityRepresentation[]>(`${USER}/federated-identity`, {
      params: { id: userId },
    });
  }

  /**
   * Links the user to an account at an identity provider (by alias). Keycloak does not check that
   * the provider exists: a link to an unknown alias is stored but never listed. 409 when the user
   * is already linked to that provider.
   */
  async addUserSocialLogin(
    userId: string,
    providerId: string,
    providerUserid: string,
    providerUsername: string,
  ): Promise<void> {
    await this.post(
      `${USER}/federated-identity/{provider}`,
      { identityProvider: providerId, userId: providerUserid, userName: providerUsername },
      { params: { id: userId, provider: providerId } },
    );
  }

  async deleteUserSocialLogin(userId: string, providerId: string): Promise<void> {
    await this.delete(`${USER}/federated-identity/{provider}`, {
      params: { id: userId, provider: providerId },
    });
  }

  /**
   * Emails the user a link to perform `payload`'s required actions (`UPDATE_PASSWORD`,
   * `VERIFY_EMAIL` …). Needs the realm's SMTP settings and a user with an email; otherwise 400/500.
   */
  async sendUpdateAccount(
    userId: string,
    payload: readonly string[],
    options: ExecuteActionsEmailOptions = {},
  ): Promise<void> {
    await this.put(`${USER}/execute-actions-email`, payload, {
      params: { id: userId },
      query: { client_id: options.clientId, lifespan: options.lifespan, redirect_uri: options.redirectUri },
    });
  }

  /** Emails the user an email-verification link. Needs the realm's SMTP settings. */
  async sendVerifyEmail(userId: string, options: VerifyEmailOptions = {}): Promise<void> {
    await this.put(`${USER}/send-verify-email`, undefined, {
      params: { id: userId },
      query: { client_id: options.clientId, lifespan: options.lifespan, redirect_uri: options.redirectUri },
    });
  }

  /** The user's online sessions (not paged by the server; offline sessions are separate). */
  getSessions(userId: string): Promise<UserSessionRepresentation[]> {
    return this.get<UserSessionRepresentation[]>(`${USER}/sessions`, { params: { id: userId } });
  }

  /** The user's offline sessions with one client (internal client id, not `clientId`). */
  getUserOfflineSessions(userId: string, clientUuid: string): Promise<UserSessionRepresentation[]> {
    return this.get<UserSessionRepresentation[]>(`${USER}/offline-sessions/{client}`, {
      params: { id: userId, client: clientUuid },
    });
  }

  /**
   * The realm's user profile configuration: the attributes users may have and, in
   * `unmanagedAttributePolicy`, what happens to attributes it does not declare (absent: they are
   * dropped on write).
   */
  getUserProfile(): Promise<UserProfileConfig> {
    return this.get<UserProfileConfig>(`${USERS}/profile`);
  }

  /**
   * Replaces the realm's user profile configuration and returns it as stored. The whole
   * document is replaced: an attribute, group or `unmanagedAttributePolicy` left out is removed
   * (`username` and `email` cannot be removed: 400).
   */
  updateUserProfile(config: UserProfileConfig): Promise<UserProfileConfig> {
    return this.put<UserProfileConfig>(`${USERS}/profile`, config);
  }

  /**
   * The realm's user profile configuration.
   * @alias getUserProfile
   */
  getRealmUsersProfile(): Promise<UserProfileConfig> {
    return this.getUserProfile();
  }

  /**
   * Replaces the realm's user profile configuration and returns it as stored.
   * @alias updateUserProfile
   */
  updateRealmUsersProfile(payload: UserProfileConfig): Promise<UserProfileConfig> {
    return this.updateUserProfile(payload);
  }

  private async setAllUsersEnabled(enabled: boolean): Promise<void> {
    // Collect first: updating while paging is safe here, but ids are all that is needed.
    const ids: string[] = [];
    for await (const user of this.iterUsers({ briefRepresentation: true })) if (user.id) ids.push(user.id);
    for (const id of ids) await this.updateUser(id, { enabled });
  }
}

function usersQuery(query: Omit<UsersQuery, 'pageSize'>): Query {
  const { q, ...rest } = query;
  if (q === undefined || typeof q === 'string') return { ...rest, q };
  return {
    ...rest,
    q: Object.entries(q)
      .map(([key, value]) => `${key}:${value}`)
      .join(' '),
  };
}

function userGroupsQuery(options: Omit<UserGroupsOptions, 'pageSize'>): Query {
  return { ...options, briefRepresentation: options.briefRepresentation ?? true };
}
