/**
 * plan → apply → plan again for one realm manifest, without a lock: the library's and the
 * tests' entry point to the orchestrator (src/engine/run.ts).
 */
import type { ApplyOptions, ApplyReport } from '../applier/applier.js';
import { emptyReport } from '../applier/applier.js';
import type { KeycloakAdmin } from '../client/index.js';
import type { KindDefinition, ManifestView } from '../kinds/kind.js';
import type { Plan } from '../planner/plan.js';
import type { ConvergenceCheck } from './convergence-scope.js';
import { runApply } from './run.js';

export interface ConvergeResult {
  plan: Plan;
  report: ApplyReport;
  /** The plan computed after applying; empty when the apply converged. */
  replan: Plan;
  /** How many written objects the replan checked; undefined when it planned the whole realm. */
  checked?: number;
}

export async function applyManifest(
  admin: KeycloakAdmin,
  manifest: ManifestView,
  kinds: readonly KindDefinition[],
  options: ApplyOptions & { sources?: readonly string[]; check?: ConvergenceCheck } = {},
): Promise<ConvergeResult> {
  const dryRun = options.executor?.dryRun ?? false;
  const result = await runApply(admin, [{ ...manifest, sources: options.sources ?? [] }], {
    kinds,
    lock: false,
    dryRun,
    ...(options.executor ? { executor: options.executor } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.bulk !== undefined ? { bulk: options.bulk } : {}),
    ...(options.check ? { check: options.check } : {}),
  });
  const plan = result.plans[0] as Plan;
  const report = result.reports[0] ?? {
    ...emptyReport(manifest.realm, dryRun),
    ok: result.status !== 'plan-errors',
  };
  const checked = result.checked[0];
  return { plan, report, replan: result.replans[0] ?? plan, ...(checked !== undefined ? { checked } : {}) };
}
