import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RealmRepresentation } from '../../src/client/types/representations.js';
import { loadManifests, type RealmManifestDocument } from '../../src/model/index.js';
import { lines, writeTree } from './helpers.js';

describe('RealmManifest.locate', () => {
  it('has a representation usable wherever the client expects a RealmRepresentation', () => {
    expectTypeOf<RealmManifestDocument>().toExtend<RealmRepresentation>();
  });

  it('maps paths of the merged representation back to the file and line that declared them', async () => {
    const cwd = await writeTree({
      'a.yaml': lines(
        'realm: shop', //                                  1
        'displayName: Shop', //                            2
        'clients:', //                                     3
        '  - clientId: web', //                            4
        '    redirectUris:', //                            5
        '      - https://web/*', //                        6
      ),
      'b.json': lines(
        '{', //                                            1
        '  "realm": "shop",', //                           2
        '  "clients": [', //                               3
        '    {', //                                        4
        '      "clientId": "api",', //                     5
        '      "defaultRoles": ["reader", "writer"]', //   6
        '    }', //                                        7
        '  ],', //                                         8
        '  "roles": { "client": { "api": [', //            9
        '    { "name": "reader" }', //                    10
        '  ] } }', //                                     11
        '}', //                                           12
      ),
    });
    const { realms, diagnostics } = await loadManifests(['a.yaml', 'b.json'], { cwd, env: {} });
    expect(diagnostics).toEqual([]);
    const shop = realms[0]!;
    const cases: { path: (string | number)[]; file: string; line: number }[] = [
      { path: [], file: 'a.yaml', line: 1 },
      { path: ['displayName'], file: 'a.yaml', line: 2 },
      { path: ['clients'], file: 'a.yaml', line: 3 },
      { path: ['clients', 0], file: 'a.yaml', line: 4 },
      { path: ['clients', 0, 'redirectUris', 0], file: 'a.yaml', line: 6 },
      { path: ['clients', 1], file: 'b.json', line: 4 },
      { path: ['clients', 1, 'clientId'], file: 'b.json', line: 5 },
      { path: ['clients', 1, 'defaultRoles', 1], file: 'b.json', line: 6 },
      { path: ['roles', 'client', 'api', 0, 'name'], file: 'b.json', line: 10 },
      // A path that is not declared resolves to its nearest declared ancestor.
      { path: ['clients', 1, 'secret'], file: 'b.json', line: 4 },
    ];
    for (const { path, file, line } of cases) {
      expect(shop.locate(path), JSON.stringify(path)).toMatchObject({ file, line });
    }
  });

  it('points into the right document of a multi-document file', async () => {
    const cwd = await writeTree({
      'r.yaml': lines(
        'realm: a',
        '---',
        'realm: b',
        'groups:',
        '  - name: ops',
        '    subGroups:',
        '      - name: oncall',
      ),
    });
    const { realms } = await loadManifests(['r.yaml'], { cwd, env: {} });
    const b = realms.find((r) => r.realm === 'b')!;
    expect(b.locate(['groups', 0, 'subGroups', 0, 'name'])).toEqual({ file: 'r.yaml', line: 7, column: 9 });
  });
});
