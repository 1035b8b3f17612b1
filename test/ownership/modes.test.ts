import { describe, expect, it } from 'vitest';
import { declaredFieldModes, kindModes, parseOwnershipSetting } from '../../src/ownership/modes.js';
import { ownedStateOf } from '../../src/ownership/owned-state.js';

describe('ownership modes', () => {
  it('gives every kind of a field the field’s mode, the command line winning over the manifest', () => {
    const modes = kindModes({ clients: 'owned-only', '*': 'additive' }, { clients: 'authoritative' });
    expect(modes.get('client')).toBe('authoritative');
    expect(modes.get('authz-policy')).toBe('authoritative');
    expect(modes.get('group')).toBe('additive');
    expect(modes.has('realm')).toBe(false);
  });

  it('parses FIELD=MODE and names what is wrong', () => {
    expect(parseOwnershipSetting('groups=owned-only')).toEqual(['groups', 'owned-only']);
    expect(parseOwnershipSetting('*=additive')).toEqual(['*', 'additive']);
    expect(() => parseOwnershipSetting('groups')).toThrow(/FIELD=MODE/);
    expect(() => parseOwnershipSetting('groups=keep')).toThrow(/unknown ownership mode "keep"/);
    expect(() => parseOwnershipSetting('grups=additive')).toThrow(/"grups" is not a collection/);
  });

  it('reports the mode of each declared collection; users are always additive', () => {
    expect(
      declaredFieldModes(
        { realm: 'r', clients: [], users: [], displayName: 'x' },
        { clients: 'owned-only' },
        {},
      ),
    ).toEqual({
      clients: 'owned-only',
      users: 'additive',
    });
  });

  it('reads the owned-object record, and owns nothing from an unreadable one', () => {
    const state = ownedStateOf({
      attributes: {
        'realmform.owned.group': '[["/a"],["/b"]]',
        'realmform.owned.client': 'not json',
        other: 'x',
      },
    });
    expect([...(state.get('group') ?? [])]).toEqual(['group["/a"]', 'group["/b"]']);
    expect(state.has('client')).toBe(false);
  });
});
