/**
 * A read shared by several kinds within one run (plan, apply, re-plan), declared once with what
 * makes it stale. The run's snapshot (src/engine/kind-context.ts) loads it at most once and drops
 * it by construction after any write of a kind named in `staleAfter`: the applier reports every
 * write it made, so no handler has to remember which cached reads its write touched.
 */
import type { KindContext } from './kind.js';

export type Staleness =
  /** Writes of these kinds make the read stale. */
  | readonly string[]
  /** Any write but those of these kinds makes it stale. */
  | { readonly allBut: readonly string[] };

export interface SharedRead<T> {
  /** For people debugging a run. */
  readonly name: string;
  load(ctx: KindContext): Promise<T>;
  readonly staleAfter: Staleness;
  /**
   * A read whose answer holds this one's (e.g. the whole partial export holds the part without
   * groups and roles): when the run loads that one anyway, this one is answered from it instead
   * of sending a request of its own.
   */
  readonly within?: SharedRead<T>;
}

export function defineRead<T>(read: SharedRead<T>): SharedRead<T> {
  return read;
}

export function isStaleAfter(staleness: Staleness, kind: string): boolean {
  return 'allBut' in staleness ? !staleness.allBut.includes(kind) : staleness.includes(kind);
}

/** Kinds whose writes leave the realm representation and its partial export as they were. */
export const USER_SIDE_KINDS = ['user', 'user-group', 'user-role-mapping', 'organization-member'] as const;
