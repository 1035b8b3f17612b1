/** `IMPORT_FILES_LOCATIONS` patterns, excludes and hidden files, on a real directory tree. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { antPattern, expandLocations } from '../../src/cli/file-locations.js';
import { writeTree } from '../model/helpers.js';

describe('Ant-style patterns', () => {
  it.each([
    ['path/*.json', 'path/realm.json', true],
    ['path/*.json', 'path/sub/realm.json', false],
    ['path/realm_?.json', 'path/realm_a.json', true],
    ['path/realm_?.json', 'path/realm_ab.json', false],
    ['path/**/a*.json', 'path/a1.json', true],
    ['path/**/a*.json', 'path/x/y/a2.json', true],
    ['path/**/a*.json', 'path/x/b.json', false],
    ['path/{name:[abc]+}.json', 'path/cab.json', true],
    ['path/{name:[abc]+}.json', 'path/cad.json', false],
    ['a.b/*', 'aXb/c', false],
  ])('%s matches %s: %s', (pattern, path, matches) => {
    expect(antPattern(pattern).test(path)).toBe(matches);
  });
});

describe('expandLocations', () => {
  const tree = {
    'config/10_b.json': '{}',
    'config/9_a.yaml': 'realm: a',
    'config/README.md': '#',
    'config/old.bak.json': '{}',
    'config/.hidden.json': '{}',
    'config/..data/c.json': '{}',
    'config/nested/deep/d.json': '{}',
  };
  const options = (cwd: string, extra: object = {}) => ({
    excludes: [],
    includeHiddenFiles: false,
    cwd,
    ...extra,
  });

  it('expands patterns in numeric order, leaving hidden files out', async () => {
    const cwd = await writeTree(tree);
    expect(expandLocations(['config/*.json', 'config/*.yaml'], options(cwd))).toEqual([
      join(cwd, 'config/10_b.json'),
      join(cwd, 'config/old.bak.json'),
      join(cwd, 'config/9_a.yaml'),
    ]);
    expect(expandLocations(['config/**/*.json'], options(cwd))).toEqual([
      join(cwd, 'config/10_b.json'),
      join(cwd, 'config/nested/deep/d.json'),
      join(cwd, 'config/old.bak.json'),
    ]);
  });

  it('applies excludes and include-hidden-files', async () => {
    const cwd = await writeTree(tree);
    expect(
      expandLocations(
        ['config/**/*.json'],
        options(cwd, { excludes: ['*.bak.json'], includeHiddenFiles: true }),
      ),
    ).toEqual([
      join(cwd, 'config/..data/c.json'),
      join(cwd, 'config/.hidden.json'),
      join(cwd, 'config/10_b.json'),
      join(cwd, 'config/nested/deep/d.json'),
    ]);
  });

  it('keeps plain paths (a file, a directory) as given, without `file:`', async () => {
    const cwd = await writeTree(tree);
    expect(expandLocations(['config', 'file:config/9_a.yaml'], options(cwd))).toEqual([
      'config',
      'config/9_a.yaml',
    ]);
  });

  it('fails for a pattern that matches nothing, and for remote locations', async () => {
    const cwd = await writeTree(tree);
    expect(() => expandLocations(['config/*.yml'], options(cwd))).toThrow(
      'IMPORT_FILES_LOCATIONS: no files match config/*.yml',
    );
    expect(() => expandLocations(['https://example.com/realm.json'], options(cwd))).toThrow(
      /realmform reads local files, not `https:\/\/example.com\/realm.json`/,
    );
  });
});
