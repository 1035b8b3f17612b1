import { describe, expect, it } from 'vitest';
import {
  FEATURES,
  hasFeature,
  missingFeatureMessage,
  parseKeycloakVersion,
  requireSupported,
  supportOf,
  switchedOffMissingFeatures,
  TESTED_RELEASES,
  UnsupportedKeycloakError,
} from '../../src/server/versions.js';

const version = (text: string) => {
  const parsed = parseKeycloakVersion(text);
  if (!parsed) throw new Error(`unparsable ${text}`);
  return parsed;
};

describe('Keycloak versions', () => {
  it('parses community, Red Hat build and snapshot versions', () => {
    expect(parseKeycloakVersion('26.2.5')).toEqual({ major: 26, minor: 2, patch: 5, text: '26.2.5' });
    expect(parseKeycloakVersion('24.0.10.redhat-00001')).toMatchObject({ major: 24, minor: 0, patch: 10 });
    expect(parseKeycloakVersion('26.1.0-SNAPSHOT')).toMatchObject({ major: 26, minor: 1, patch: 0 });
    expect(parseKeycloakVersion('26.3')).toMatchObject({ major: 26, minor: 3, patch: 0 });
    expect(parseKeycloakVersion('')).toBeUndefined();
    expect(parseKeycloakVersion(undefined)).toBeUndefined();
    expect(parseKeycloakVersion('unknown')).toBeUndefined();
  });

  it('refuses a version below 24.0 with one line naming the version and the range', () => {
    for (const old of ['23.0.7', '22.0.5', '21.1.2', '18.0.2', '17.0.1', '12.0.4']) {
      const verdict = supportOf(old);
      expect(verdict.supported).toBe(false);
      if (verdict.supported) continue;
      expect(verdict.reason).toContain(`Keycloak ${old} is not supported`);
      expect(verdict.reason).toContain('24.0 to 26.7');
      expect(verdict.reason).not.toContain('\n');
      expect(() => requireSupported(old)).toThrow(UnsupportedKeycloakError);
    }
  });

  it('refuses a server that reports no version it understands', () => {
    expect(() => requireSupported(undefined)).toThrow(/did not report a Keycloak version/);
    expect(() => requireSupported('nightly')).toThrow(/"nightly"/);
  });

  it('accepts every tested release and every patch of a supported line', () => {
    for (const tested of [...TESTED_RELEASES, '24.0.0', '25.0.0', '26.1.4', '26.3.5', '26.6.1']) {
      expect(supportOf(tested)).toEqual({ supported: true, version: version(tested) });
    }
  });

  it('accepts a newer release with a note that it was not tested', () => {
    const verdict = supportOf('27.0.1');
    expect(verdict).toMatchObject({ supported: true, untested: expect.stringContaining('27.0.1') });
    expect(supportOf('26.8.0')).toMatchObject({ supported: true, untested: expect.stringContaining('26.7') });
  });

  it('knows which release line has which feature', () => {
    expect(hasFeature(version('24.0.5'), 'organizations')).toBe(false);
    expect(hasFeature(version('25.0.6'), 'organizations')).toBe(false);
    expect(hasFeature(version('26.0.8'), 'organizations')).toBe(true);
    expect(hasFeature(version('26.2.5'), 'organizationWithoutDomain')).toBe(false);
    expect(hasFeature(version('26.4.7'), 'organizationWithoutDomain')).toBe(true);
    expect(hasFeature(version('26.0.8'), 'standardTokenExchange')).toBe(false);
    expect(hasFeature(version('26.2.5'), 'standardTokenExchange')).toBe(true);
    expect(hasFeature(version('24.0.5'), 'executionPriority')).toBe(false);
    expect(hasFeature(version('25.0.6'), 'executionPriority')).toBe(true);
    expect(hasFeature(version('26.5.6'), 'java25')).toBe(false);
    expect(hasFeature(version('26.7.3'), 'java25')).toBe(true);
  });

  it('treats `until` as the first line without the behaviour', () => {
    const until = (FEATURES.defaultAuthorizationObjects as { until?: string }).until;
    expect(until).toBeDefined();
    const [major, minor] = String(until).split('.').map(Number);
    expect(hasFeature(version(`${major}.${minor}.0`), 'defaultAuthorizationObjects')).toBe(false);
    expect(hasFeature(version(`${major}.${Number(minor) - 1}.9`), 'defaultAuthorizationObjects')).toBe(true);
  });

  it('leaves out a realm switch declared off only where the server lacks its feature', () => {
    const manifest = { organizationsEnabled: false, adminPermissionsEnabled: false };
    expect(switchedOffMissingFeatures(version('24.0.5'), manifest)).toEqual([
      'organizationsEnabled',
      'adminPermissionsEnabled',
    ]);
    expect(switchedOffMissingFeatures(version('26.0.8'), manifest)).toEqual(['adminPermissionsEnabled']);
    expect(switchedOffMissingFeatures(version('26.2.5'), manifest)).toEqual([]);
    // On: the feature is needed (a plan error where it is missing), never left out.
    expect(switchedOffMissingFeatures(version('24.0.5'), { organizationsEnabled: true })).toEqual([]);
  });

  it('names the version, the feature and where it starts in a missing-feature error', () => {
    expect(missingFeatureMessage(version('25.0.6'), 'organizations')).toBe(
      'Keycloak 25.0.6 has no organizations (available from Keycloak 26.0)',
    );
  });
});
