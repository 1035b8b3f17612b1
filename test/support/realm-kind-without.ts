/**
 * The realm kind with more fields left to other kinds: what realm.ts's REALM_COLLECTION_FIELDS
 * will contain once the lead registers the kinds under test (events-config, localization-text,
 * user-profile). Lets their tests run before that.
 */
import { defineKind, type KindDefinition, type ValueObject } from '../../src/kinds/kind.js';
import { realmKind } from '../../src/kinds/realm.js';
import { withoutKeys } from '../../src/kinds/shared/server/reads.js';

export function realmKindWithout(fields: readonly string[]): KindDefinition {
  const strip = <T extends { value: ValueObject }>(object: T): T => ({
    ...object,
    value: withoutKeys(object.value, fields),
  });
  return defineKind<ValueObject>({
    ...realmKind,
    desired: (manifest) => realmKind.desired(manifest)?.map(strip),
    read: async (ctx) => (await realmKind.read(ctx)).map(strip),
  }) as KindDefinition;
}
