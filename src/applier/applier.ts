/**
 * The applier walks a plan's steps in order and calls the kinds' handlers. Dry-run is the same
 * walk with an executor that does nothing, not a second code path. It stops at the first
 * failure and reports what was applied, what failed (with the server's message) and what was
 * not attempted; re-running plan/apply then converges.
 */
import type { KindContext, KindDefinition } from '../kinds/kind.js';
import type { PlannedStep, PlannedWork } from '../planner/plan.js';
import type { ApplyEvent } from './events.js';

export interface Executor {
  readonly dryRun: boolean;
  run(step: PlannedStep, work: () => Promise<void>): Promise<void>;
}

export const liveExecutor: Executor = { dryRun: false, run: (_, work) => work() };
export const dryRunExecutor: Executor = { dryRun: true, run: async () => {} };

export interface ApplyReport {
  realm: string;
  dryRun: boolean;
  applied: string[];
  failed: { address: string; error: string }[];
  notAttempted: string[];
  ok: boolean;
  /** A realm this apply created and deleted again after a failure: nothing is left behind. */
  discardedRealm?: string;
}

export interface ApplyOptions {
  executor?: Executor;
  onEvent?: (event: ApplyEvent) => void;
}

export async function applyPlan(
  work: PlannedWork,
  kinds: readonly KindDefinition[],
  ctx: KindContext,
  options: ApplyOptions = {},
): Promise<ApplyReport> {
  const executor = options.executor ?? liveExecutor;
  const emit = options.onEvent ?? (() => {});
  const realm = work.plan.realm;
  const byKind = new Map(kinds.map((kind) => [kind.kind, kind]));
  const steps = work.steps.filter((step) => step.change.actions[0] !== 'no-op');
  const report: ApplyReport = {
    realm,
    dryRun: executor.dryRun,
    applied: [],
    failed: [],
    notAttempted: [],
    ok: true,
  };
  emit({ type: 'apply-start', realm, total: steps.length, dryRun: executor.dryRun });

  const runStep = async (step: PlannedStep, index: number): Promise<void> => {
    const { address, actions } = step.change;
    const kind = byKind.get(step.change.kind);
    if (!kind) throw new Error(`No handler for kind ${step.change.kind}`);
    emit({ type: 'change-start', realm, address, actions, index: index + 1, total: steps.length });
    const started = performance.now();
    try {
      await executor.run(step, () => execute(kind, ctx, step));
      report.applied.push(address);
      emit({
        type: 'change-done',
        realm,
        address,
        actions,
        durationMs: Math.round(performance.now() - started),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report.failed.push({ address, error: message });
      report.ok = false;
      emit({ type: 'change-failed', realm, address, actions, error: message });
    }
  };

  // Consecutive steps of one kind run `kind.concurrency` at a time (independent objects such as
  // users); everything else, and every kind boundary, keeps the plan's order.
  let index = 0;
  while (index < steps.length) {
    if (report.failed.length > 0) {
      report.notAttempted.push(...steps.slice(index).map((step) => step.change.address));
      break;
    }
    const first = steps[index] as PlannedStep;
    const width = Math.max(1, byKind.get(first.change.kind)?.concurrency ?? 1);
    let end = index + 1;
    while (end < steps.length && end - index < width && sameBatch(first, steps[end] as PlannedStep)) end++;
    await Promise.all(steps.slice(index, end).map((step, offset) => runStep(step, index + offset)));
    index = end;
  }
  emit({
    type: 'apply-done',
    realm,
    applied: report.applied.length,
    failed: report.failed.length,
    notAttempted: report.notAttempted.length,
    dryRun: executor.dryRun,
  });
  return report;
}

function sameBatch(a: PlannedStep, b: PlannedStep): boolean {
  return a.change.kind === b.change.kind && a.change.actions.join() === b.change.actions.join();
}

async function execute(kind: KindDefinition, ctx: KindContext, step: PlannedStep): Promise<void> {
  const [first, second] = step.change.actions;
  if (first === 'delete') {
    if (!kind.delete || !step.live) throw new Error(`${step.change.address} cannot be deleted`);
    await kind.delete(ctx, step.live);
    if (second !== 'create') return;
  }
  if (first === 'create' || second === 'create') {
    if (!step.desired) throw new Error(`${step.change.address} has nothing to create`);
    await kind.create(ctx, step.desired);
    return;
  }
  if (first === 'update') {
    if (!step.desired || !step.live) throw new Error(`${step.change.address} has nothing to update`);
    await kind.update(ctx, step.desired, step.live, step.changedPaths);
  }
}
