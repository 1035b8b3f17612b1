/**
 * Integration-test helpers for the reconciler: turn a plain realm representation into a
 * manifest, apply it through plan → apply → re-plan, and summarize plans for assertions.
 */

import type { ApplyOptions } from '../../src/applier/applier.js';
import type { KeycloakAdmin } from '../../src/client/index.js';
import type { RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest, type ConvergeResult } from '../../src/engine/converge.js';
import { planRealm } from '../../src/engine/plan-realm.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import type { ManifestView } from '../../src/kinds/kind.js';
import { hasChanges, type Plan } from '../../src/planner/plan.js';

export function manifestOf(representation: RealmRepresentation & { realm: string }): ManifestView {
  return { realm: representation.realm, representation, locate: () => undefined };
}

/**
 * Applies as `realmform apply` does. When its convergence check read again only what it wrote,
 * a plan of the whole realm follows and must agree (else the narrowing missed an effect of the
 * apply): `replan` is that full plan, so every test checks convergence of the whole realm.
 */
export async function apply(
  admin: KeycloakAdmin,
  representation: RealmRepresentation & { realm: string },
  options: ApplyOptions = {},
): Promise<ConvergeResult> {
  const result = await applyManifest(admin, manifestOf(representation), ALL_KINDS, options);
  if (result.checked === undefined) return result;
  const full = await plan(admin, representation);
  if (hasChanges(full) !== hasChanges(result.replan))
    throw new Error(
      `The convergence check of the ${result.checked} written objects found [${actionsOf(result.replan).join(', ')}], a plan of the whole realm [${actionsOf(full).join(', ')}]`,
    );
  return { ...result, replan: full };
}

export async function plan(
  admin: KeycloakAdmin,
  representation: RealmRepresentation & { realm: string },
): Promise<Plan> {
  return (await planRealm(admin, manifestOf(representation), ALL_KINDS, { sources: [] })).work.plan;
}

/** `["create client[\"web\"]", "update ..."]`, no-ops left out: compact and readable in failures. */
export function actionsOf(plan: Plan): string[] {
  return plan.changes
    .filter((change) => change.actions[0] !== 'no-op')
    .map((change) => `${change.actions.join('+')} ${change.address}`);
}
