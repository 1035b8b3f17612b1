import { describe, expect, it } from 'vitest';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { formatDiagnostic, loadManifests } from '../../src/model/index.js';
import {
  HIDDEN_VALUE,
  hideValues,
  isSensitivePath,
  withoutSensitiveValues,
} from '../../src/model/sensitive.js';
import { computePlan } from '../../src/planner/planner.js';
import { lines, writeTree } from './helpers.js';

describe('sensitive paths in diagnostics', () => {
  it('covers every path a kind declares sensitive or write-only', () => {
    // Write-only because the read never returns them, not because they are secret: a key provider's id and use.
    const notSecret = new Set(['config.kid', 'config.keyUse']);
    const declared = ALL_KINDS.flatMap((kind) => [
      ...(kind.sensitive ?? []),
      ...(kind.writeOnly ?? []),
    ]).filter((path) => !notSecret.has(path));
    expect(declared.length).toBeGreaterThan(5);
    for (const path of declared) expect(isSensitivePath(path), path).toBe(true);
  });

  it('names secrets wherever they sit, and leaves ordinary fields alone', () => {
    for (const path of [
      'clients[0].secret',
      'identityProviders[1].config.clientSecret',
      'users[0].credentials[0].value',
      'smtpServer.password',
      'components["org.keycloak.storage.UserStorageProvider"][0].config.bindCredential',
      ['clients', 0, 'attributes', 'jwt.credential.certificate'],
      'clients[2].registrationAccessToken',
    ] as const)
      expect(isSensitivePath(path), JSON.stringify(path)).toBe(true);
    for (const path of ['clients[0].clientId', 'accessTokenLifespan', 'actionTokenGeneratedByAdminLifespan'])
      expect(isSensitivePath(path), path).toBe(false);
  });

  it('hides quoted strings and numbers, keeps key names and the reason', () => {
    expect(hideValues('expected a string, got the integer 8800555')).toBe(
      `expected a string, got the integer ${HIDDEN_VALUE}`,
    );
    expect(hideValues('expected a string, got the integer 42')).toBe(
      `expected a string, got the integer ${HIDDEN_VALUE}`,
    );
    expect(hideValues('control character U+0000 in "s3cr\\"et" of `secret`')).toBe(
      `control character U+0000 in ${HIDDEN_VALUE} of \`secret\``,
    );
    expect(hideValues("unknown value 'hunter2'")).toBe(`unknown value ${HIDDEN_VALUE}`);
    expect(hideValues('too long: at most 255 characters')).toBe('too long: at most 255 characters');
  });

  it('never prints a value given at a sensitive path while loading', async () => {
    const root = await writeTree({
      'realm.yaml': lines(
        'realm: shop',
        'clients:',
        '  - clientId: web',
        '    secret: 88001234567',
        'users:',
        '  - username: bob',
        '    credentials:',
        '      - type: password',
        '        value: 9876543',
      ),
    });
    const result = await loadManifests([root]);
    const printed = result.diagnostics.map(formatDiagnostic);
    expect(printed.some((line) => line.includes('(at clients[0].secret)'))).toBe(true);
    expect(printed.some((line) => line.includes('(at users[0].credentials[0].value)'))).toBe(true);
    expect(printed.join('\n')).not.toMatch(/8800|9876543/);
    expect(JSON.stringify(result.diagnostics)).not.toMatch(/8800|9876543/);
  });

  it('hides values in plan diagnostics at sensitive paths', () => {
    const diagnostic = {
      severity: 'error' as const,
      summary: 'bad value "abc123"',
      path: 'clients[0].secret',
    };
    expect(withoutSensitiveValues(diagnostic).summary).toBe(`bad value ${HIDDEN_VALUE}`);
    const { plan } = computePlan({
      realm: 'shop',
      server: 'http://kc',
      liveFingerprint: 'x',
      desiredFingerprint: 'y',
      sources: [],
      kinds: [],
      diagnostics: [diagnostic, { severity: 'warning', summary: 'keep "this"', path: 'clients[0].name' }],
    });
    expect(plan.diagnostics.map((d) => d.summary)).toEqual([`bad value ${HIDDEN_VALUE}`, 'keep "this"']);
  });
});
