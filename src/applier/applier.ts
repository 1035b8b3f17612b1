/**
 * The applier walks the plan's per-object graph and calls the kinds' handlers: an object starts
 * when everything it depends on is done. A failure skips only the objects that require the
 * failed one; independent objects go on. Dry-run is the same walk with an executor that does
 * nothing, not a second code path. The report says what was applied, what failed (with the
 * server's message), what was skipped because of which failure, and what was not attempted.
 */
import { FailedWithWrites } from '../core/undo.js';
import type { KindContext, KindDefinition } from '../kinds/kind.js';
import type { PlannedChange, PlannedStep, PlannedWork } from '../planner/plan.js';
import type { ApplyEvent } from './events.js';
import { buildGraph, type GraphNode, withUserImports } from './graph.js';
import { importRefusal, importUsers, userImports } from './user-import.js';

export interface Executor {
  readonly dryRun: boolean;
  run(step: PlannedStep, work: () => Promise<void>): Promise<void>;
}

export const liveExecutor: Executor = { dryRun: false, run: (_, work) => work() };
export const dryRunExecutor: Executor = { dryRun: true, run: async () => {} };

export interface FailedChange {
  address: string;
  error: string;
  /**
   * Writes the change made before it failed (and the undos of them): a failed replace or flow
   * rebuild is not "nothing happened". Absent when it wrote nothing.
   */
  writes?: readonly string[];
  /** Whether those writes were all undone (the object is as before). */
  undone?: boolean;
}

export interface SkippedChange {
  address: string;
  /** The failed change this one required (directly or through another skipped one). */
  because: string;
}

export interface ApplyReport {
  realm: string;
  dryRun: boolean;
  applied: string[];
  failed: FailedChange[];
  skipped: SkippedChange[];
  /** Changes never started because the run was interrupted. */
  notAttempted: string[];
  /** realmform's own writes besides the plan's changes (e.g. the owned-object record). */
  bookkeeping: string[];
  ok: boolean;
  /** The run was interrupted (Ctrl-C, SIGTERM): changes after the ones in flight were not started. */
  interrupted?: boolean;
  /** A realm this apply created and deleted again after a failure: nothing is left behind. */
  discardedRealm?: string;
  /** Changes written together in one request (a new realm with its objects), see bulk-realm.ts. */
  bulk?: BulkWrite;
  /**
   * The applied changes the convergence check reads again: those written after the last full
   * read of the realm (for a new realm, after the fresh plan that followed its creation, which
   * read back everything its one request wrote). Absent: not known, the check reads everything.
   */
  written?: readonly WrittenChange[];
}

/** An applied change, as the convergence check needs it. */
export type WrittenChange = Pick<PlannedChange, 'kind' | 'key' | 'actions'>;

/**
 * `importUsers`: users new to an existing realm go in partialImport batches (user-import.ts), off
 * by default: fewer requests, but slower wherever a request is cheap (measured on loopback, 1.27×
 * per object at 500 users, 1.63× at 2,500 in a realm of 10,000; docs/performance.md), so worth it
 * only behind a slow link. `usersPerRequest`: users per import request (the new realm's one
 * request, and each batch); `minUsers`: fewer new users are written per object (default 50).
 */
export type BulkOption = boolean | { importUsers?: boolean; usersPerRequest?: number; minUsers?: number };

export interface BulkWrite {
  /** e.g. `POST /admin/realms` (Keycloak's realm import), and the partialImports after it. */
  request: string;
  /** The plan's changes it wrote (also in `applied`). */
  created: string[];
  /** Why the bulk request failed; the changes were then applied per object. */
  fallback?: string;
}

export interface ApplyOptions {
  executor?: Executor;
  onEvent?: (event: ApplyEvent) => void;
  /** Once aborted, no new change starts; changes in flight finish and are reported. */
  signal?: AbortSignal;
  /** Changes written at once (default: the HTTP pool's default size). */
  maxInFlight?: number;
  /**
   * A new realm is created with its new objects in one request where Keycloak's import does
   * what the per-object writes do; with `importUsers`, users new to an existing realm are
   * imported in batches (user-import.ts). Default true; false: every change per object.
   */
  bulk?: BulkOption;
}

/** The connection's default pool size (src/client/connection.ts): more would only queue there. */
const DEFAULT_MAX_IN_FLIGHT = 16;

export function emptyReport(realm: string, dryRun: boolean): ApplyReport {
  return { realm, dryRun, applied: [], failed: [], skipped: [], notAttempted: [], bookkeeping: [], ok: true };
}

type Outcome = 'done' | 'failed' | 'skipped';

export async function applyPlan(
  work: PlannedWork,
  kinds: readonly KindDefinition[],
  planCtx: KindContext,
  options: ApplyOptions = {},
): Promise<ApplyReport> {
  const executor = options.executor ?? liveExecutor;
  const emit = options.onEvent ?? (() => {});
  const realm = work.plan.realm;
  const steps = work.steps.filter((step) => step.change.actions[0] !== 'no-op');
  // The handlers may ask what else this plan changes (e.g. a new user's memberships, written in
  // the user's own POST when they are planned too).
  const plannedActions = new Map(steps.map((step) => [step.change.address, step.change.actions]));
  const ctx: KindContext = { ...planCtx, planned: (address) => plannedActions.get(address) };
  // Batches of new users are written by the live executor only: another executor (a dry run, a
  // test's) sees every change by itself.
  const imports =
    executor === liveExecutor && typeof options.bulk === 'object' && options.bulk.importUsers
      ? userImports(steps, options.bulk)
      : [];
  const graph = withUserImports(buildGraph(steps, new Map(kinds.map((kind) => [kind.kind, kind]))), imports);
  const report = emptyReport(realm, executor.dryRun);
  const imported: string[] = [];
  const importFallbacks: string[] = [];
  emit({ type: 'apply-start', realm, total: steps.length, dryRun: executor.dryRun });

  const outcome = new Map<GraphNode, Outcome>();
  const rootCause = new Map<GraphNode, string>();
  const running = new Set<GraphNode>();
  const pending = new PendingCounts(graph.nodes);
  /** Kinds written one at a time and shared documents, each held by the change writing it. */
  const busy = new Set<string>();
  const waitingFor = new Map<string, Set<GraphNode>>();
  const waitingForSlot = new Set<GraphNode>();
  const maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  let candidates = new Set<GraphNode>(graph.nodes);
  let started = 0;

  const locksOf = (node: GraphNode): string[] => [
    ...(node.kind.parallel ? [] : [`kind:${node.kind.kind}`]),
    ...(node.kind.exclusive ? [`document:${node.kind.exclusive}`] : []),
  ];
  const barrierOpen = (node: GraphNode): boolean =>
    node.isDelete
      ? pending.forwardTotal === 0 &&
        (graph.dependentKinds.get(node.kind.kind) ?? []).every((kind) => pending.deletes(kind) === 0)
      : node.kind.dependsOn.every((kind) => pending.forward(kind) === 0);

  const settle = (node: GraphNode, result: Outcome): void => {
    outcome.set(node, result);
    for (const dependent of node.requiredBy) candidates.add(dependent);
    const kindName = node.kind.kind;
    if (pending.settle(node) === 0) {
      const released = node.isDelete
        ? graph.nodes.filter((other) => other.isDelete && node.kind.dependsOn.includes(other.kind.kind))
        : graph.nodes.filter(
            (other) =>
              (other.isDelete && pending.forwardTotal === 0) ||
              (!other.isDelete && other.kind.dependsOn.includes(kindName)),
          );
      for (const other of released) candidates.add(other);
    }
  };

  /** Skips a change whose requirement failed, naming the failure at the root of it. */
  const skip = (node: GraphNode, failed: GraphNode): void => {
    const because = rootCause.get(failed) ?? failed.step.change.address;
    rootCause.set(node, because);
    report.skipped.push({ address: node.step.change.address, because });
    emit({ type: 'change-skipped', realm, address: node.step.change.address, because });
    settle(node, 'skipped');
  };

  await new Promise<void>((finish) => {
    const pump = (): void => {
      while (candidates.size > 0 && !options.signal?.aborted) {
        const batch = [...candidates].sort((a, b) => a.order - b.order);
        candidates = new Set();
        for (const node of batch) {
          if (outcome.has(node) || running.has(node) || node.inBatch) continue;
          if (!barrierOpen(node) || node.requires.some((other) => !outcome.has(other))) continue;
          // A batch runs anyway: it skips only the members that need what failed (runImport).
          const failed = node.batch
            ? undefined
            : node.requires.find((other) => outcome.get(other) !== 'done');
          if (failed) {
            skip(node, failed);
            continue;
          }
          // No more changes in flight than the HTTP pool has connections: an interrupt then stops
          // the run within one round of requests, and progress counts what really runs.
          if (running.size >= maxInFlight) {
            waitingForSlot.add(node);
            continue;
          }
          const locks = locksOf(node);
          const held = locks.find((lock) => busy.has(lock));
          if (held) {
            waitingFor.set(held, (waitingFor.get(held) ?? new Set()).add(node));
            continue;
          }
          for (const lock of locks) busy.add(lock);
          running.add(node);
          void run(node).then((result) => {
            running.delete(node);
            for (const waiter of waitingForSlot) candidates.add(waiter);
            waitingForSlot.clear();
            for (const lock of locks) {
              busy.delete(lock);
              for (const waiter of waitingFor.get(lock) ?? []) candidates.add(waiter);
              waitingFor.delete(lock);
            }
            settle(node, result);
            pump();
          });
        }
      }
      if (running.size > 0) return;
      report.notAttempted.push(
        ...graph.nodes
          .filter((node) => !outcome.has(node) && !node.batch)
          .map((node) => node.step.change.address),
      );
      finish();
    };
    pump();
  });

  if (imports.length > 0)
    report.bulk = {
      request: `${imports.length} partialImport(s) of new users`,
      created: imported,
      ...(importFallbacks.length > 0 ? { fallback: [...new Set(importFallbacks)].join('; ') } : {}),
    };
  if (options.signal?.aborted && report.notAttempted.length > 0) report.interrupted = true;
  report.ok = report.failed.length === 0 && report.skipped.length === 0 && report.notAttempted.length === 0;
  emit({
    type: 'apply-done',
    realm,
    applied: report.applied.length,
    failed: report.failed.length,
    skipped: report.skipped.length,
    notAttempted: report.notAttempted.length,
    dryRun: executor.dryRun,
  });
  return report;

  /**
   * One partialImport for a batch of new users (user-import.ts), its members settled with it. Per
   * object instead when the realm cannot import them, when something a member needs failed (then
   * only the members that need it are skipped), or when Keycloak refused the batch (it wrote
   * nothing: one transaction).
   */
  async function runImport(node: GraphNode, batch: NonNullable<GraphNode['batch']>): Promise<Outcome> {
    const { members, users } = batch;
    const blocked = members.some((member) =>
      member.requires.some((other) => other.inBatch !== node && outcome.get(other) !== 'done'),
    );
    let reason = blocked
      ? undefined
      : await importRefusal(ctx).catch(
          (error: unknown) =>
            `the realm's user federation could not be read: ${String(error instanceof Error ? error.message : error)}`,
        );
    if (!blocked && reason === undefined) {
      const began = performance.now();
      try {
        await importUsers(ctx, users);
        const durationMs = Math.round(performance.now() - began);
        for (const member of members) {
          const { address, actions } = member.step.change;
          started++;
          emit({ type: 'change-start', realm, address, actions, index: started, total: steps.length });
          report.applied.push(address);
          imported.push(address);
          emit({ type: 'change-done', realm, address, actions, durationMs });
          settle(member, 'done');
        }
        return 'done';
      } catch (error) {
        reason = `partialImport failed: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        for (const kind of new Set(members.map((member) => member.kind.kind))) ctx.wrote(kind);
      }
    }
    if (reason !== undefined) importFallbacks.push(reason);
    // Users first, then their memberships and role mappings (which require them).
    const newUsers = members.filter((member) => member.kind.kind === 'user');
    const rest = members.filter((member) => member.kind.kind !== 'user');
    for (const group of [newUsers, rest])
      await Promise.all(
        group.map(async (member) => {
          if (options.signal?.aborted) return;
          const failed = member.requires.find((other) => outcome.get(other) !== 'done');
          if (failed) skip(member, failed);
          else settle(member, await run(member));
        }),
      );
    return members.every((member) => outcome.get(member) === 'done') ? 'done' : 'failed';
  }

  async function run(node: GraphNode): Promise<Outcome> {
    if (node.batch) return runImport(node, node.batch);
    const { address, actions } = node.step.change;
    started++;
    emit({ type: 'change-start', realm, address, actions, index: started, total: steps.length });
    const began = performance.now();
    try {
      await executor.run(node.step, async () => {
        try {
          await execute(node.kind, ctx, node.step);
        } finally {
          // Shared reads this write made stale are dropped, whether it succeeded or not.
          ctx.wrote(node.kind.kind);
        }
      });
      report.applied.push(address);
      emit({
        type: 'change-done',
        realm,
        address,
        actions,
        durationMs: Math.round(performance.now() - began),
      });
      return 'done';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      rootCause.set(node, address);
      report.failed.push({
        address,
        error: message,
        ...(error instanceof FailedWithWrites ? { writes: error.writes, undone: error.undone } : {}),
      });
      emit({ type: 'change-failed', realm, address, actions, error: message });
      return 'failed';
    }
  }
}

/** Unsettled changes per kind (forward and deletes counted apart), for the kind barriers. */
class PendingCounts {
  private readonly forwardByKind = new Map<string, number>();
  private readonly deletesByKind = new Map<string, number>();
  forwardTotal = 0;

  constructor(nodes: readonly GraphNode[]) {
    for (const node of nodes) this.add(node, 1);
  }

  forward(kind: string): number {
    return this.forwardByKind.get(kind) ?? 0;
  }

  deletes(kind: string): number {
    return this.deletesByKind.get(kind) ?? 0;
  }

  /** Counts the node as settled; returns what is left of its kind (same direction). */
  settle(node: GraphNode): number {
    return this.add(node, -1);
  }

  private add(node: GraphNode, delta: number): number {
    const counts = node.isDelete ? this.deletesByKind : this.forwardByKind;
    const left = (counts.get(node.kind.kind) ?? 0) + delta;
    counts.set(node.kind.kind, left);
    if (!node.isDelete) this.forwardTotal += delta;
    return left;
  }
}

async function execute(kind: KindDefinition, ctx: KindContext, step: PlannedStep): Promise<void> {
  const [first, second] = step.change.actions;
  if (first === 'delete' && second === 'create' && kind.replace && step.desired && step.live) {
    await kind.replace(ctx, step.desired, step.live);
    return;
  }
  if (first === 'delete') {
    if (!kind.delete || !step.live) throw new Error(`${step.change.address} cannot be deleted`);
    await kind.delete(ctx, step.live);
    if (second !== 'create') return;
    if (!step.desired) throw new Error(`${step.change.address} has nothing to create`);
    try {
      await kind.create(ctx, step.desired);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new FailedWithWrites(
        `${reason}. NOT undone: ${step.change.address} was deleted before the create failed`,
        [`deleted ${step.change.address}`],
        false,
        { cause: error },
      );
    }
    return;
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
