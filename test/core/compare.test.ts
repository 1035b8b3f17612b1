import { describe, expect, it } from 'vitest';
import { type CompareOptions, changedPathStrings, compareDeclared } from '../../src/core/compare.js';

const cases: {
  name: string;
  desired: unknown;
  live: unknown;
  options?: CompareOptions;
  changed: string[];
}[] = [
  { name: 'equal scalars', desired: { a: 1 }, live: { a: 1 }, changed: [] },
  { name: 'undeclared fields are ignored', desired: { a: 1 }, live: { a: 1, b: 2 }, changed: [] },
  { name: 'changed scalar', desired: { a: 1 }, live: { a: 2 }, changed: ['a'] },
  { name: 'declared field missing live', desired: { a: 'x' }, live: {}, changed: ['a'] },
  {
    name: 'boolean vs string compare by text',
    desired: { attributes: { pkce: true } },
    live: { attributes: { pkce: 'true' } },
    changed: [],
  },
  { name: '{} equals absent', desired: { attributes: {} }, live: {}, changed: [] },
  { name: '[] equals absent', desired: { redirectUris: [] }, live: {}, changed: [] },
  {
    name: 'ordered list differs by order',
    desired: { l: ['a', 'b'] },
    live: { l: ['b', 'a'] },
    changed: ['l'],
  },
  {
    name: 'set ignores order',
    desired: { l: ['a', 'b'] },
    live: { l: ['b', 'a'] },
    options: { sets: ['l'] },
    changed: [],
  },
  {
    name: 'set with wildcard path',
    desired: { attributes: { x: ['1', '2'] } },
    live: { attributes: { x: ['2', '1'] } },
    options: { sets: ['attributes.*'] },
    changed: [],
  },
  {
    name: 'set detects a missing member',
    desired: { l: ['a', 'b'] },
    live: { l: ['a'] },
    options: { sets: ['l'] },
    changed: ['l'],
  },
  {
    name: 'nested declared-only',
    desired: { config: { 'claim.name': 'email' } },
    live: { config: { 'claim.name': 'mail', other: '1' } },
    changed: ['config["claim.name"]'],
  },
  {
    name: 'write-only never compared',
    desired: { secret: 'new' },
    live: { secret: '**********' },
    options: { writeOnly: ['secret'] },
    changed: [],
  },
  {
    name: 'keyed array: element changed, declared fields only',
    desired: { mappers: [{ name: 'email', config: { a: '1' } }] },
    live: { mappers: [{ name: 'email', id: 'x', config: { a: '2', b: '3' } }] },
    options: { keyedArrays: { mappers: 'name' } },
    changed: ['mappers["email"].config.a'],
  },
  {
    name: 'keyed array: added and removed elements',
    desired: { mappers: [{ name: 'a' }] },
    live: { mappers: [{ name: 'b' }] },
    options: { keyedArrays: { mappers: 'name' } },
    changed: ['mappers["a"]', 'mappers["b"]'],
  },
  {
    name: 'fully managed reports undeclared live fields',
    desired: { a: 1 },
    live: { a: 1, b: 2 },
    options: { fullyManaged: true },
    changed: ['b'],
  },
  { name: 'type change object vs scalar', desired: { a: { b: 1 } }, live: { a: 'x' }, changed: ['a'] },
];

describe('compareDeclared', () => {
  it.each(cases)('$name', ({ desired, live, options, changed }) => {
    expect(changedPathStrings(compareDeclared(desired, live, options))).toEqual(changed);
  });

  it('reports before and after values', () => {
    expect(compareDeclared({ a: 'new' }, { a: 'old' })).toEqual([
      { path: ['a'], before: 'old', after: 'new' },
    ]);
  });
});
