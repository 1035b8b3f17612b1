/**
 * plan → apply → plan again, for one realm manifest. The second plan must be empty
 * (convergence); callers decide what to do when it is not.
 */

import { type ApplyOptions, type ApplyReport, dryRunExecutor } from '../applier/applier.js';
import type { KeycloakAdmin } from '../client/index.js';
import type { KindDefinition, ManifestView } from '../kinds/kind.js';
import type { Plan } from '../planner/plan.js';
import { applyRealm } from './apply-realm.js';
import { planRealm } from './plan-realm.js';

export interface ConvergeResult {
  plan: Plan;
  report: ApplyReport;
  /** The plan computed after applying; empty when the apply converged. */
  replan: Plan;
}

export async function applyManifest(
  admin: KeycloakAdmin,
  manifest: ManifestView,
  kinds: readonly KindDefinition[],
  options: ApplyOptions & { sources?: readonly string[] } = {},
): Promise<ConvergeResult> {
  const sources = options.sources ?? [];
  const planning = await planRealm(admin, manifest, kinds, { sources });
  const { work } = planning;
  if (work.plan.diagnostics.some((d) => d.severity === 'error')) {
    return {
      plan: work.plan,
      report: { realm: manifest.realm, dryRun: true, applied: [], failed: [], notAttempted: [], ok: false },
      replan: work.plan,
    };
  }
  const report = await applyRealm(admin, manifest, planning, kinds, { ...options, sources });
  if (options.executor === dryRunExecutor) return { plan: work.plan, report, replan: work.plan };
  const again = await planRealm(admin, manifest, kinds, { sources });
  return { plan: work.plan, report, replan: again.work.plan };
}
