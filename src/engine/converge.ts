/**
 * plan → apply → plan again, for one realm manifest. The second plan must be empty
 * (convergence); callers decide what to do when it is not.
 */
import type { KeycloakAdmin } from '../client/index.js';
import { type ApplyReport, applyPlan, dryRunExecutor, type ApplyOptions } from '../applier/applier.js';
import type { KindDefinition, ManifestView } from '../kinds/kind.js';
import type { Plan } from '../planner/plan.js';
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
  const { work, ctx } = await planRealm(admin, manifest, kinds, { sources });
  if (work.plan.diagnostics.some((d) => d.severity === 'error')) {
    return { plan: work.plan, report: { realm: manifest.realm, dryRun: true, applied: [], failed: [], notAttempted: [], ok: false }, replan: work.plan };
  }
  const report = await applyPlan(work, kinds, ctx, options);
  if (options.executor === dryRunExecutor) return { plan: work.plan, report, replan: work.plan };
  const again = await planRealm(admin, manifest, kinds, { sources });
  return { plan: work.plan, report, replan: again.work.plan };
}
