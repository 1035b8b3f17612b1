/**
 * What the convergence check after an apply plans again. By default (`written`) only what the
 * apply wrote since it last read the whole realm: the kinds of those changes, the kinds that
 * write the same server document (a read-modify-write of one could undo another's), and of
 * the users only those written (the user kinds read just the users a manifest declares). A
 * small change then costs its own reads, not a second plan of the realm.
 *
 * The whole realm is planned again (`all`) when asked, when what was written is not known, and
 * after any delete or replace: Keycloak deletes dependants with an object (memberships, role
 * mappings, a client's roles), which only a full plan would see.
 */
import type { WrittenChange } from '../applier/applier.js';
import type { KindDefinition, ManifestView } from '../kinds/kind.js';
import { USER_KINDS, withOnlyUsers } from '../kinds/shared/identities/users.js';

export type ConvergenceCheck = 'written' | 'all';

export interface CheckScope {
  /** The manifest to plan (users narrowed to those written). */
  manifest: ManifestView;
  /** The kinds to plan. */
  kinds: readonly KindDefinition[];
  /** How many written objects the check covers; undefined: the whole realm. */
  objects?: number;
}

export function convergenceScope(
  check: ConvergenceCheck,
  manifest: ManifestView,
  kinds: readonly KindDefinition[],
  written: readonly WrittenChange[] | undefined,
): CheckScope {
  const everything: CheckScope = { manifest, kinds };
  if (check === 'all' || written === undefined) return everything;
  if (written.some((change) => change.actions.includes('delete'))) return everything;

  const writtenKinds = new Set(written.map((change) => change.kind));
  const documents = new Set(
    kinds.flatMap((kind) => (writtenKinds.has(kind.kind) && kind.exclusive ? [kind.exclusive] : [])),
  );
  const checked = kinds.filter(
    (kind) => writtenKinds.has(kind.kind) || (kind.exclusive !== undefined && documents.has(kind.exclusive)),
  );
  if (!checked.some((kind) => USER_KINDS.has(kind.kind)))
    return { manifest, kinds: checked, objects: written.length };

  const usernames = new Set(
    written.flatMap((change) => (USER_KINDS.has(change.kind) && change.key[0] ? [change.key[0]] : [])),
  );
  // Users other checked objects name (a user policy …) stay declared: left out, the plan would
  // call them missing.
  for (const kind of checked) {
    if (USER_KINDS.has(kind.kind)) continue;
    for (const object of kind.desired(manifest) ?? [])
      for (const reference of kind.references?.(object) ?? [])
        if (reference.kind === 'user' && reference.key[0]) usernames.add(reference.key[0]);
  }
  return { manifest: withOnlyUsers(manifest, usernames), kinds: checked, objects: written.length };
}
