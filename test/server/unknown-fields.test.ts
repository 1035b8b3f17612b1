import { describe, expect, it } from 'vitest';
import { unknownFieldDiagnostics } from '../../src/server/unknown-fields.js';
import { parseKeycloakVersion } from '../../src/server/versions.js';

function check(version: string, representation: object, fields: Record<string, string[]>) {
  const parsed = parseKeycloakVersion(version);
  if (!parsed) throw new Error(version);
  return unknownFieldDiagnostics({
    representation,
    version: parsed,
    fields: new Map(Object.entries(fields)),
    locate: (path) => ({ file: 'realm.yaml', line: path.length }),
  });
}

const manifest = {
  realm: 'shop',
  bruteForceStrategy: 'MULTIPLE',
  displayName: 'Shop',
  groups: [{ name: 'staff', description: 'Staff', subGroups: [{ name: 'admins', description: 'Admins' }] }],
  identityProviders: [
    { alias: 'corp', providerId: 'oidc', hideOnLogin: true, types: ['USER_AUTHENTICATION'] },
  ],
  components: {
    'org.keycloak.keys.KeyProvider': [
      { name: 'rsa', providerId: 'rsa-generated', config: { priority: ['100'] } },
    ],
  },
};
const fields = {
  realm: [],
  bruteForceStrategy: [],
  displayName: [],
  groups: [],
  identityProviders: ['types'],
  components: [],
};

describe('declared fields the server release does not know', () => {
  it('names each one with its path, file, line and the release line that has it', () => {
    const diagnostics = check('24.0.5', manifest, fields);
    expect(diagnostics.map((d) => d.path)).toEqual([
      'bruteForceStrategy',
      'groups[0].description',
      'groups[0].subGroups[0].description',
    ]);
    expect(diagnostics[0]).toMatchObject({
      severity: 'error',
      file: 'realm.yaml',
      line: 1,
      summary: expect.stringContaining('Keycloak 24.0.5 does not know this field (Keycloak 26.0 and later'),
    });
  });

  it('leaves out what a kind never sends and what realmform writes the old way', () => {
    // `types` is computed (identityProviders' skip list); hideOnLogin goes to config before 26.0.
    const paths = check('25.0.6', manifest, fields).map((d) => d.path);
    expect(paths).not.toContain('identityProviders[0].types');
    expect(paths).not.toContain('identityProviders[0].hideOnLogin');
    expect(check('25.0.6', manifest, { ...fields, identityProviders: [] }).map((d) => d.path)).toContain(
      'identityProviders[0].types',
    );
  });

  it('finds nothing on a release that has every field', () => {
    expect(check('26.7.3', manifest, fields)).toEqual([]);
    expect(check('26.4.7', manifest, { ...fields, identityProviders: [] }).map((d) => d.path)).toEqual([
      'identityProviders[0].types',
    ]);
  });

  it('looks only at the fields it is given (what reaches Keycloak)', () => {
    expect(check('24.0.5', manifest, { realm: [] })).toEqual([]);
  });
});
