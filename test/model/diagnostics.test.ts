import { describe, expect, it } from 'vitest';
import { closestKey } from '../../src/model/hint.js';
import { formatDiagnostic, formatPath, hasErrors } from '../../src/model/index.js';

describe('formatPath', () => {
  it.each([
    [[], ''],
    [['realm'], 'realm'],
    [['clients', 2, 'redirectUris'], 'clients[2].redirectUris'],
    [['roles', 'client', 'my-app', 0], 'roles.client.my-app[0]'],
    [['components', 'org.keycloak.keys.KeyProvider', 0], 'components["org.keycloak.keys.KeyProvider"][0]'],
    [['attributes', 'with space'], 'attributes["with space"]'],
  ] as const)('%j → %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe('formatDiagnostic', () => {
  it.each([
    [{ severity: 'error', summary: 's', file: 'a.yaml', line: 3, path: 'x' }, 'a.yaml:3: error: s (at x)'],
    [{ severity: 'warning', summary: 's', file: 'a.yaml' }, 'a.yaml: warning: s'],
    [{ severity: 'error', summary: 's' }, 'error: s'],
  ] as const)('%j', (diagnostic, text) => {
    expect(formatDiagnostic(diagnostic)).toBe(text);
  });

  it('hasErrors ignores warnings', () => {
    expect(hasErrors([{ severity: 'warning', summary: 'w' }])).toBe(false);
    expect(
      hasErrors([
        { severity: 'warning', summary: 'w' },
        { severity: 'error', summary: 'e' },
      ]),
    ).toBe(true);
  });
});

describe('closestKey', () => {
  const known = ['enabled', 'clientId', 'redirectUris', 'webOrigins', 'name'];
  it.each([
    ['enabeld', 'enabled'],
    ['clientid', 'clientId'],
    ['redirectUri', 'redirectUris'],
    ['nam', 'name'],
    ['flavour', undefined],
    ['x', undefined],
  ])('%s → %s', (key, hint) => {
    expect(closestKey(key, known)).toBe(hint);
  });
});
