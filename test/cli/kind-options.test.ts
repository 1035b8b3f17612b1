import { describe, expect, it } from 'vitest';
import { ownershipFromKcc } from '../../src/cli/kind-options.js';

describe("keycloak-config-cli's deletion settings as ownership modes", () => {
  it('keeps realmform’s defaults when nothing is set', () => {
    expect(ownershipFromKcc({ managed: {} })).toEqual({});
  });

  it('maps no-delete to additive, and full to owned-only while the remote state is on', () => {
    expect(ownershipFromKcc({ managed: { group: 'no-delete', client: 'full' } })).toEqual({
      groups: 'additive',
      clients: 'owned-only',
    });
  });

  it('with the remote state set, brings its defaults: everything owned-only, client scopes and scope mappings kept', () => {
    expect(ownershipFromKcc({ managed: {}, remoteState: true })).toEqual({
      '*': 'owned-only',
      clientScopes: 'additive',
      scopeMappings: 'additive',
    });
  });

  it('maps full to authoritative when the remote state is off, and skips nested collections', () => {
    expect(
      ownershipFromKcc({
        managed: { role: 'full', 'sub-group': 'no-delete', 'client-scope': 'full' },
        remoteState: false,
      }),
    ).toEqual({
      '*': 'authoritative',
      roles: 'authoritative',
      clientScopes: 'authoritative',
      scopeMappings: 'additive',
    });
  });
});
