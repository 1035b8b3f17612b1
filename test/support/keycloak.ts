/**
 * Helpers for integration tests: an admin client for the run's server, and a fresh random
 * realm per test file that is deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { KeycloakAdmin } from '../../src/client/index.js';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import {
  compareLine,
  type Feature,
  hasFeature,
  type KeycloakVersion,
  parseKeycloakVersion,
} from '../../src/server/versions.js';
import type { KeycloakInfo } from './keycloak-info.js';

export function keycloakInfo(): KeycloakInfo | null {
  return inject('keycloak');
}

/** `describe` that is skipped (never in CI, where a server is mandatory) when no server runs. */
export const describeWithKeycloak: typeof describe.skip = describe.skipIf(
  !inject('keycloak'),
) as typeof describe.skip;

/** The version the run's server reports (undefined without a server). */
export function serverVersion(): KeycloakVersion | undefined {
  return parseKeycloakVersion(inject('keycloak')?.version);
}

/**
 * Whether the run's server has a feature of src/server/versions.ts (false without a server).
 * Usable while tests are collected: `describe.runIf(serverHas('organizations'))`.
 */
export function serverHas(feature: Feature): boolean {
  const version = serverVersion();
  return version !== undefined && hasFeature(version, feature);
}

/**
 * Whether the run's server is release line `line` (`25.0`) or newer: for behaviour that differs
 * between versions but is no realmform feature (error texts, status codes). False without a server.
 */
export function serverAtLeast(line: string): boolean {
  const version = serverVersion();
  return version !== undefined && compareLine(version, line) >= 0;
}

/**
 * What the run's server does, by release line: the value of the newest line not newer than the
 * server, e.g. `byVersion({ '24.0': 500, '25.0': 404 })` (measured on each line named).
 */
export function byVersion<T>(values: Readonly<Record<string, T>>): T {
  const version = serverVersion();
  const lines = Object.keys(values).sort((a, b) => {
    const [am = 0, an = 0] = a.split('.').map(Number);
    const [bm = 0, bn = 0] = b.split('.').map(Number);
    return am - bm || an - bn;
  });
  const line =
    [...lines].reverse().find((candidate) => version && compareLine(version, candidate) >= 0) ?? lines[0];
  return values[line as string] as T;
}

/** `describeWithKeycloak`, further limited to servers that have a feature. */
export function describeWithFeature(feature: Feature): typeof describe.skip {
  return describe.skipIf(!inject('keycloak') || !serverHas(feature)) as typeof describe.skip;
}

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
