/**
 * The one orchestrator of a run: lock → plan → stale check → (confirm) → apply → re-plan (of
 * what was written, convergence-scope.ts) → release. apply, demo and the tests go through it;
 * commands only parse, render and map the outcome to an exit code.
 */
import {
  type ApplyReport,
  type BulkOption,
  dryRunExecutor,
  type Executor,
  liveExecutor,
} from '../applier/applier.js';
import type { ApplyEvent } from '../applier/events.js';
import type { KeycloakAdmin } from '../client/index.js';
import { ALL_KINDS } from '../kinds/index.js';
import type { KindDefinition, KindOptions } from '../kinds/kind.js';
import { fetchServerVersion } from '../kinds/shared/server/server-info.js';
import { acquireRealmLocks, type HeldRealmLocks, type LockInfo } from '../lock/realm-lock.js';
import { kindModes } from '../ownership/modes.js';
import { recordOwned } from '../ownership/owned-state.js';
import { hasChanges, hasErrors, type Plan, type PlannedStep } from '../planner/plan.js';
import { applyRealm } from './apply-realm.js';
import { type ConvergenceCheck, convergenceScope } from './convergence-scope.js';
import { planRealm } from './plan-realm.js';
import { planRealms, type SourcedManifest } from './plan-realms.js';

export interface RunOptions {
  kinds?: readonly KindDefinition[];
  kindOptions?: KindOptions;
  dryRun?: boolean;
  /** Runs each change (default: the live executor, or the no-op one for a dry run). */
  executor?: Executor;
  /** Take each realm's lock for the whole run (default true; never for a dry run). */
  lock?: boolean;
  lockTimeoutMs?: number;
  onLockWait?: (realm: string, holder: LockInfo | undefined) => void;
  /** A lock left by a dead process on this host is broken: say so. */
  onLockBreak?: (realm: string, holder: LockInfo) => void;
  /** A saved plan: applied only if the live realm and the manifests still match it. */
  savedPlans?: readonly Plan[];
  /** Called with the fresh plans before anything is written (to render them). */
  onPlans?: (plans: readonly Plan[]) => void;
  /** Called when there are changes and no errors; throw to cancel (e.g. a refused prompt). */
  confirm?: (plans: readonly Plan[]) => Promise<void>;
  onEvent?: (event: ApplyEvent) => void;
  /** Once aborted, no new change starts; the run reports and releases its locks. */
  signal?: AbortSignal;
  /** `-target` addresses: plan and apply only these and what they need. */
  targets?: readonly string[];
  /** false: a new realm is applied per object, not with its objects in one request (default true). */
  bulk?: BulkOption;
  /**
   * What the convergence check plans again: what the apply wrote (default; the whole realm after
   * a delete or replace) or always the whole realm (see convergence-scope.ts).
   */
  check?: ConvergenceCheck;
}

export type RunStatus =
  /** The plan has errors: nothing was written. */
  | 'plan-errors'
  /** Nothing to do. */
  | 'in-sync'
  | 'applied'
  /** Some change failed, was skipped or was not attempted: the reports say which. */
  | 'apply-failed'
  /** Applied, but a new plan still has changes (`replans`). */
  | 'not-converged';

export interface RunResult {
  status: RunStatus;
  plans: readonly Plan[];
  reports: readonly ApplyReport[];
  /** The plans made after applying (empty when dry-run or nothing was applied). */
  replans: readonly Plan[];
  /** Per replan: how many written objects it checked, or undefined when it planned the whole realm. */
  checked: readonly (number | undefined)[];
  /** Lock releases that failed (the lock then expires by itself, or is forced). */
  lockWarnings: readonly string[];
}

export class StalePlanError extends Error {
  override readonly name = 'StalePlanError';
}

export async function runApply(
  admin: KeycloakAdmin,
  manifests: readonly SourcedManifest[],
  options: RunOptions = {},
): Promise<RunResult> {
  const kinds = options.kinds ?? ALL_KINDS;
  let locks: HeldRealmLocks | undefined;
  const lockWarnings: string[] = [];
  try {
    // Held from the first plan to the convergence check: two applies never interleave. An
    // unsupported server is refused before the lock is written (the plan checks it otherwise).
    if (!options.dryRun && options.lock !== false) {
      await fetchServerVersion(admin);
      locks = await acquireRealmLocks(
        admin,
        manifests.map((manifest) => manifest.realm),
        {
          timeoutMs: options.lockTimeoutMs ?? 0,
          operation: 'apply',
          ...(options.onLockWait ? { onWait: options.onLockWait } : {}),
          ...(options.onLockBreak ? { onBreak: options.onLockBreak } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        },
      );
    }
    const targets = options.targets?.length ? { targets: options.targets } : {};
    const onEvent = options.onEvent;
    // Secrets are needed now, for what this run writes: a missing one stops it before any write.
    const planned = await planRealms(admin, manifests, kinds, options.kindOptions, {
      ...targets,
      ...(onEvent ? { onEvent } : {}),
      requireSecrets: true,
    });
    const plans = planned.map((planning) => planning.work.plan);
    if (options.savedPlans) assertNotStale(options.savedPlans, plans);
    options.onPlans?.(plans);
    const result = (
      status: RunStatus,
      reports: ApplyReport[] = [],
      replans: Plan[] = [],
      checked: (number | undefined)[] = [],
    ): RunResult => ({ status, plans, reports, replans, checked, lockWarnings });
    if (plans.some(hasErrors)) return result('plan-errors');
    if (!plans.some(hasChanges)) return result('in-sync');
    if (options.signal?.aborted) return result('apply-failed');
    if (!options.dryRun) await options.confirm?.(plans);

    const reports: ApplyReport[] = [];
    for (const [index, planning] of planned.entries()) {
      const manifest = manifests[index] as SourcedManifest;
      if (options.signal?.aborted) break;
      reports.push(
        await applyRealm(admin, manifest, planning, kinds, {
          executor: options.executor ?? (options.dryRun ? dryRunExecutor : liveExecutor),
          sources: manifest.sources,
          ...targets,
          ...(onEvent ? { onEvent } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.bulk !== undefined ? { bulk: options.bulk } : {}),
        }),
      );
    }
    // Even after a partial failure: what was created is realmform's to delete later.
    if (!options.dryRun) {
      for (const [index, report] of reports.entries()) {
        const manifest = manifests[index] as SourcedManifest;
        const planning = planned[index];
        if (planning)
          await recordOwnedObjects(admin, manifest, planning.work.steps, report, options.kindOptions);
      }
    }
    if (reports.length < planned.length || reports.some((report) => !report.ok))
      return result('apply-failed', reports);
    if (options.dryRun) return result('applied', reports);

    // Convergence is checked, not hoped. Without --rotate-secrets: a rotation request always
    // plans a write, by design.
    const replans: Plan[] = [];
    const checked: (number | undefined)[] = [];
    for (const [index, manifest] of manifests.entries()) {
      const scope = convergenceScope(options.check ?? 'written', manifest, kinds, reports[index]?.written);
      onEvent?.({
        type: 'converge-start',
        realm: manifest.realm,
        ...(scope.objects !== undefined ? { objects: scope.objects } : {}),
      });
      const again = await planRealm(admin, scope.manifest, scope.kinds, {
        sources: manifest.sources,
        kindOptions: { ...options.kindOptions, rotateSecrets: false },
        ...targets,
        ...(onEvent ? { onEvent } : {}),
      });
      const left = again.work.plan.changes.filter((change) => change.actions[0] !== 'no-op').length;
      onEvent?.({ type: 'converge-done', realm: manifest.realm, converged: left === 0, changes: left });
      replans.push(again.work.plan);
      checked.push(scope.objects);
    }
    return result(replans.some(hasChanges) ? 'not-converged' : 'applied', reports, replans, checked);
  } finally {
    lockWarnings.push(...((await locks?.release()) ?? []));
  }
}

/** Records the objects this apply created (and forgets those it deleted) in owned-only kinds. */
async function recordOwnedObjects(
  admin: KeycloakAdmin,
  manifest: SourcedManifest,
  steps: readonly PlannedStep[],
  report: ApplyReport,
  kindOptions: KindOptions | undefined,
): Promise<void> {
  const modes = kindModes(manifest.ownership ?? {}, kindOptions?.ownership ?? {});
  const ownedOnly = [...modes].filter(([, mode]) => mode === 'owned-only').map(([kind]) => kind);
  // A new realm deleted again after a failed first apply has nothing left to record.
  if (ownedOnly.length === 0 || report.discardedRealm) return;
  const applied = new Set(report.applied);
  const created = new Map<string, (readonly string[])[]>();
  const deleted = new Map<string, (readonly string[])[]>();
  for (const { change } of steps) {
    if (!applied.has(change.address) || !ownedOnly.includes(change.kind)) continue;
    const target = change.actions.includes('create')
      ? created
      : change.actions[0] === 'delete'
        ? deleted
        : undefined;
    target?.set(change.kind, [...(target.get(change.kind) ?? []), change.key]);
  }
  if (created.size === 0 && deleted.size === 0) return;
  if (await recordOwned(admin, manifest.realm, ownedOnly, { created, deleted }))
    report.bookkeeping.push(
      `recorded the objects realmform created in owned-only collections (realm attributes)`,
    );
}

function assertNotStale(saved: readonly Plan[], fresh: readonly Plan[]): void {
  for (const plan of saved) {
    const now = fresh.find((candidate) => candidate.realm === plan.realm);
    if (
      !now ||
      now.live_fingerprint !== plan.live_fingerprint ||
      now.desired_fingerprint !== plan.desired_fingerprint
    ) {
      throw new StalePlanError(
        `The plan for realm ${plan.realm} is stale: ${
          now && now.desired_fingerprint !== plan.desired_fingerprint ? 'the manifests' : 'the live realm'
        } changed since it was made. Run plan again.`,
      );
    }
  }
}
