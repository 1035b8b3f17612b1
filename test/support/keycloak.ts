/**
 * Helpers for integration tests: an admin client for the run's server, and a fresh random
 * realm per test file that is deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { KeycloakAdmin } from '../../src/client/index.js';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import type { KeycloakInfo } from './keycloak-info.js';

export function keycloakInfo(): KeycloakInfo | null {
  return inject('keycloak');
}

/** `describe` that is skipped (never in CI, where a server is mandatory) when no server runs. */
export const describeWithKeycloak: typeof describe.skip = describe.skipIf(
  !inject('keycloak'),
) as typeof describe.skip;

export function serverInfo(): KeycloakInfo {
  const info = keycloakInfo();
  if (!info) throw new Error('No Keycloak server for this test run');
  return info;
}

/** A master-realm admin client (realm view `realm`). */
export function masterAdmin(realm = 'master'): KeycloakAdmin {
  const info = serverInfo();
  return new KeycloakAdmin({
    serverUrl: info.url,
    username: info.username,
    password: info.password,
    realmName: realm,
    userRealmName: 'master',
  });
}

export function randomName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export interface TestRealm {
  /** The realm's name. */
  readonly name: string;
  /** Admin client (authenticated in master) whose realm view is the test realm. */
  readonly admin: KeycloakAdmin;
}

/**
 * Registers beforeAll/afterAll hooks that create a random realm and delete it afterwards.
 * Access the realm inside tests (after beforeAll ran).
 */
export function useTestRealm(prefix = 'rf', extra: RealmRepresentation = {}): TestRealm {
  const state: { name?: string; admin?: KeycloakAdmin } = {};
  beforeAll(async () => {
    const name = randomName(prefix);
    const admin = masterAdmin(name);
    await admin.createRealm({ realm: name, enabled: true, ...extra });
    state.name = name;
    state.admin = admin;
  });
  afterAll(async () => {
    if (state.admin && state.name) {
      await state.admin.deleteRealm(state.name).catch(() => undefined);
      await state.admin.close();
    }
  });
  return {
    get name() {
      if (!state.name) throw new Error('test realm not created yet');
      return state.name;
    },
    get admin() {
      if (!state.admin) throw new Error('test realm not created yet');
      return state.admin;
    },
  };
}
