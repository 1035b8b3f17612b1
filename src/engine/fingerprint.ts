import { createHash } from 'node:crypto';
import { canonical } from '../core/compare.js';
import type { DesiredObject, LiveObject } from '../kinds/kind.js';

/** Order-independent hash of objects per kind: equal states give equal fingerprints. */
export function fingerprint(
  objects: Iterable<[string, readonly (LiveObject | DesiredObject)[] | undefined]>,
): string {
  const entries: string[] = [];
  for (const [kind, list] of objects) {
    for (const object of list ?? [])
      entries.push(`${kind}${canonical(object.key)}${canonical(object.value)}`);
  }
  entries.sort();
  const hash = createHash('sha256');
  for (const entry of entries) hash.update(entry).update('\n');
  return `sha256:${hash.digest('hex')}`;
}
