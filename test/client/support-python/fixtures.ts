/**
 * Counterparts of python-keycloak's pytest fixtures (tests/conftest.py), for the scenario tests
 * named `<suite>/<test name>`: a fresh realm per scenario, an admin client authenticated in
 * master whose current realm is that realm, and OpenID clients with a user to log in as.
 * Written for realmform; only the shape of the setup follows python's.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import {
  KeycloakAdmin,
  KeycloakOpenID,
  KeycloakOpenIDConnection,
  type UserRepresentation,
} from '../../../src/client/index.js';
import type { ClientRepresentation } from '../../../src/client/types/index.js';
import { randomName, serverInfo } from '../../support/keycloak.js';

/** An admin client logged in to master as the server's admin; its current realm is `realm`. */
export function adminFor(realm = 'master'): KeycloakAdmin {
  const info = serverInfo();
  return new KeycloakAdmin({
    serverUrl: info.url,
    username: info.username,
    password: info.password,
    realmName: realm,
    userRealmName: 'master',
  });
}

export interface Scenario {
  /** The scenario's own realm, deleted afterwards. */
  readonly realm: string;
  /** Admin client whose current realm is `realm`. */
  readonly admin: KeycloakAdmin;
}

/** python's `realm` + `admin` fixtures: a new realm for each test of the enclosing describe. */
export function useScenarioRealm(prefix = 'py'): Scenario {
  const state: { realm?: string; admin?: KeycloakAdmin } = {};
  beforeEach(async () => {
    const realm = randomName(prefix);
    const admin = adminFor(realm);
    await admin.createRealm({ realm, enabled: true });
    state.realm = realm;
    state.admin = admin;
  }, 120_000);
  afterEach(async () => {
    const { admin, realm } = state;
    state.admin = undefined;
    state.realm = undefined;
    if (admin && realm) {
      await admin.deleteRealm(realm).catch(() => undefined);
      await admin.close();
    }
  }, 120_000);
  return {
    get realm() {
      if (!state.realm) throw new Error('scenario realm not created yet');
      return state.realm;
    },
    get admin() {
      if (!state.admin) throw new Error('scenario realm not created yet');
      return state.admin;
    },
  };
}

export interface OidUser {
  oid: KeycloakOpenID;
  username: string;
  password: string;
  /** The client's uuid. */
  clientUuid: string;
  userId: string;
}

/** A user with a verified email, names `first last` and a permanent password. */
export async function createLoginUser(
  admin: KeycloakAdmin,
): Promise<{ username: string; password: string; userId: string }> {
  const username = randomUUID();
  const password = randomUUID();
  const user: UserRepresentation = {
    username,
    email: `${username}@test.test`,
    enabled: true,
    emailVerified: true,
    firstName: 'first',
    lastName: 'last',
    requiredActions: [],
    credentials: [{ type: 'password', value: password, temporary: false }],
  };
  const userId = await admin.createUser(user);
  return { username, password, userId };
}

/**
 * python's `oid_with_credentials` (and its `_authz` / `_device` variants through `extra`): a
 * confidential client with a secret and a user, in `admin`'s current realm.
 */
export async function oidWithCredentials(
  admin: KeycloakAdmin,
  extra: ClientRepresentation = {},
): Promise<OidUser> {
  const clientId = randomUUID();
  const secret = randomUUID();
  const clientUuid = await admin.createClient({
    name: clientId,
    clientId,
    enabled: true,
    publicClient: false,
    protocol: 'openid-connect',
    secret,
    clientAuthenticatorType: 'client-secret',
    ...extra,
  });
  const { username, password, userId } = await createLoginUser(admin);
  const oid = new KeycloakOpenID({
    serverUrl: serverInfo().url,
    realmName: admin.realmName,
    clientId,
    clientSecretKey: secret,
  });
  return { oid, username, password, clientUuid, userId };
}

/**
 * python's `oid_with_credentials_authz`: the client has authorization services, a "Default
 * Resource", a role policy on `offline_access` and a resource permission tying them together.
 */
export async function oidWithCredentialsAuthz(admin: KeycloakAdmin): Promise<OidUser> {
  const result = await oidWithCredentials(admin, {
    authorizationServicesEnabled: true,
    serviceAccountsEnabled: true,
  });
  await admin.createClientAuthzResource(
    result.clientUuid,
    { name: 'Default Resource', uris: ['/*'], type: 'urn.resource' },
    { skipExists: true },
  );
  const offlineAccess = await admin.getRealmRole('offline_access');
  await admin.createClientAuthzRoleBasedPolicy(result.clientUuid, {
    name: 'test-authz-rb-policy',
    roles: [{ id: offlineAccess.id ?? '' }],
  });
  await admin.createClientAuthzResourceBasedPermission(result.clientUuid, {
    name: 'default-resource-permission',
    resources: ['Default Resource'],
    policies: ['test-authz-rb-policy'],
    decisionStrategy: 'UNANIMOUS',
  });
  return result;
}

/** python's `oid_connection_with_authz`: a connection logged in as the authz client itself. */
export function connectionOf(oid: KeycloakOpenID): KeycloakOpenIDConnection {
  return new KeycloakOpenIDConnection({
    serverUrl: oid.connection.baseUrl,
    realmName: oid.realmName,
    clientId: oid.clientId,
    clientSecretKey: oid.clientSecretKey,
    timeout: 60,
  });
}
