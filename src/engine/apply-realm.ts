/**
 * Applies one realm's plan. A realm that does not exist yet is applied in two phases: first the
 * realm itself, then a fresh plan of everything else, because Keycloak fills a new realm with
 * built-ins (client scopes, scope lists, roles) that the first plan could not see. Without that,
 * the first apply would not converge. The first phase sends the realm together with the new
 * objects Keycloak's import writes exactly like the per-object writes, in one request (users
 * beyond its limit in partialImport batches right after; src/applier/bulk-realm.ts); the fresh
 * plan then sees them in place. If that request fails, the
 * realm is created alone and everything is applied per object (the report says so). When the second phase fails (its plan has errors, or a
 * change fails), the realm is deleted again and the report says so (`discardedRealm`).
 */
import {
  type ApplyOptions,
  type ApplyReport,
  applyPlan,
  type BulkWrite,
  emptyReport,
  type WrittenChange,
} from '../applier/applier.js';
import { bulkRealm, importTimeout } from '../applier/bulk-realm.js';
import type { ApplyEvent } from '../applier/events.js';
import type { KeycloakAdmin } from '../client/index.js';
import type { KindDefinition, ManifestView } from '../kinds/kind.js';
import { realmCreateBody } from '../kinds/realm.js';
import { hasErrors, type PlannedStep, type PlannedWork } from '../planner/plan.js';
import { planRealm, type RealmPlanning } from './plan-realm.js';

export async function applyRealm(
  admin: KeycloakAdmin,
  manifest: ManifestView,
  planning: RealmPlanning,
  kinds: readonly KindDefinition[],
  options: ApplyOptions & { sources?: readonly string[]; targets?: readonly string[] } = {},
): Promise<ApplyReport> {
  const { work, ctx } = planning;
  const createsRealm = work.steps.some(
    (step) => step.change.kind === 'realm' && step.change.actions[0] === 'create',
  );
  if (!createsRealm || options.executor?.dryRun)
    return withWritten(await applyPlan(work, kinds, ctx, options), work.steps);

  const realmOnly: PlannedWork = {
    plan: work.plan,
    steps: work.steps.filter((step) => step.change.kind === 'realm'),
  };
  const total = work.steps.filter((step) => step.change.actions[0] !== 'no-op').length;
  const emit = options.onEvent;
  const usersPerRequest = typeof options.bulk === 'object' ? options.bulk.usersPerRequest : undefined;
  const bulk =
    options.bulk === false
      ? undefined
      : await createInBulk(admin, manifest, work, { total, emit, usersPerRequest });
  const first =
    bulk && !bulk.bulk?.fallback
      ? bulk
      : withBulk(
          await applyPlan(realmOnly, kinds, ctx, {
            ...options,
            ...(emit ? { onEvent: firstPhaseEvents(emit, total) } : {}),
          }),
          bulk?.bulk,
        );
  if (!first.ok) {
    emit?.(doneEvent(first));
    const notAttempted = work.steps.filter(
      (step) => step.change.kind !== 'realm' && step.change.actions[0] !== 'no-op',
    );
    return {
      ...first,
      notAttempted: [...first.notAttempted, ...notAttempted.map((step) => step.change.address)],
    };
  }
  // From here on a failure deletes the realm again: a new realm's first apply either succeeds
  // or leaves nothing behind (checks that need the realm's built-ins can only run now).
  const again = await planRealm(admin, manifest, kinds, {
    sources: options.sources ?? work.plan.sources,
    ...(ctx.options ? { kindOptions: ctx.options } : {}),
    ...(options.targets?.length ? { targets: options.targets } : {}),
    requireSecrets: true,
  }).catch(async (error: unknown) => {
    await discardRealm(admin, manifest.realm);
    throw error;
  });
  if (hasErrors(again.work.plan)) {
    const errors = again.work.plan.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary);
    const report = await discarded(admin, {
      ...first,
      ok: false,
      failed: [{ address: `realm[${JSON.stringify(manifest.realm)}]`, error: errors.join('; ') }],
    });
    emit?.(doneEvent(report));
    return report;
  }
  const second = await applyPlan(again.work, kinds, again.ctx, {
    ...options,
    ...(emit ? { onEvent: secondPhaseEvents(emit, first) } : {}),
  });
  const report: ApplyReport = {
    realm: second.realm,
    dryRun: false,
    applied: [...first.applied, ...second.applied],
    failed: second.failed,
    skipped: second.skipped,
    notAttempted: second.notAttempted,
    bookkeeping: [...first.bookkeeping, ...second.bookkeeping],
    ...(first.bulk ? { bulk: first.bulk } : {}),
    ok: second.ok,
    ...(second.interrupted ? { interrupted: true } : {}),
  };
  const final = report.ok ? report : await discarded(admin, report);
  emit?.(doneEvent(final));
  // The fresh plan read back all the first phase wrote: only the second phase is left to check.
  return { ...final, written: writtenBy(second, again.work.steps) };
}

function withWritten(report: ApplyReport, steps: readonly PlannedStep[]): ApplyReport {
  return { ...report, written: writtenBy(report, steps) };
}

function writtenBy(report: ApplyReport, steps: readonly PlannedStep[]): WrittenChange[] {
  const applied = new Set(report.applied);
  return steps
    .filter((step) => applied.has(step.change.address))
    .map(({ change }) => ({ kind: change.kind, key: change.key, actions: change.actions }));
}

/**
 * The new realm with the new objects Keycloak's import writes like the per-object writes, in one
 * `POST /admin/realms` (see src/applier/bulk-realm.ts). Undefined when nothing but the realm would
 * go in. When the request fails, the report says why (`bulk.fallback`) and the caller creates the
 * realm alone and applies everything per object; a realm the failed request left is deleted first.
 */
async function createInBulk(
  admin: KeycloakAdmin,
  manifest: ManifestView,
  work: PlannedWork,
  run: {
    total: number;
    emit: ((event: ApplyEvent) => void) | undefined;
    usersPerRequest: number | undefined;
  },
): Promise<ApplyReport | undefined> {
  const { total, emit } = run;
  const realmStep = work.steps.find((step) => step.change.kind === 'realm');
  if (!realmStep?.desired) return undefined;
  const realm = manifest.realm;
  const { body, addresses, userBatches } = bulkRealm(
    work.steps,
    realm,
    realmCreateBody(manifest, realmStep.desired.value),
    manifest.representation.defaultGroups ?? [],
    run.usersPerRequest,
  );
  if (addresses.length === 0) return undefined;
  const request =
    userBatches.length === 0
      ? 'POST /admin/realms'
      : `POST /admin/realms and ${userBatches.length} partialImport(s) of users`;
  const report = emptyReport(realm, false);
  emit?.({ type: 'apply-start', realm, total, dryRun: false });
  const began = performance.now();
  const timeout = importTimeout(admin);
  try {
    await admin.createRealm(body, { timeout });
    // One transaction each; FAIL: a user that exists already (it cannot in a realm just made)
    // stops the batch instead of being skipped or overwritten unseen.
    for (const batch of userBatches)
      await admin.partialImportRealm(realm, { users: batch.users, ifResourceExists: 'FAIL' }, { timeout });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (
      await admin.getRealm(realm).then(
        () => true,
        () => false,
      )
    )
      await discardRealm(admin, realm);
    return { ...report, bulk: { request, created: [], fallback: reason } };
  }
  const durationMs = Math.round(performance.now() - began);
  const written = [
    realmStep.change.address,
    ...addresses,
    ...userBatches.flatMap((batch) => batch.addresses),
  ];
  const byAddress = new Map(work.steps.map((step) => [step.change.address, step.change.actions]));
  for (const [index, address] of written.entries()) {
    const actions = byAddress.get(address) ?? ['create'];
    emit?.({ type: 'change-start', realm, address, actions, index: index + 1, total });
    emit?.({ type: 'change-done', realm, address, actions, durationMs });
  }
  return { ...report, applied: written, bulk: { request, created: written.slice(1) } };
}

function withBulk(report: ApplyReport, bulk: BulkWrite | undefined): ApplyReport {
  return bulk ? { ...report, bulk } : report;
}

/** The realm's own create, announced with the whole plan's total; its `apply-done` is held back. */
function firstPhaseEvents(emit: (event: ApplyEvent) => void, total: number) {
  return (event: ApplyEvent): void => {
    if (event.type === 'apply-done') return;
    if (event.type === 'apply-start' || event.type === 'change-start') emit({ ...event, total });
    else emit(event);
  };
}

/** Everything else, counted on from the first phase (the fresh plan may differ in size). */
function secondPhaseEvents(emit: (event: ApplyEvent) => void, first: ApplyReport) {
  const offset = first.applied.length;
  return (event: ApplyEvent): void => {
    if (event.type === 'apply-start' || event.type === 'apply-done') return;
    if (event.type === 'change-start')
      emit({ ...event, index: event.index + offset, total: event.total + offset });
    else emit(event);
  };
}

function doneEvent(report: ApplyReport): ApplyEvent {
  return {
    type: 'apply-done',
    realm: report.realm,
    applied: report.applied.length,
    failed: report.failed.length,
    skipped: report.skipped.length,
    notAttempted: report.notAttempted.length,
    dryRun: report.dryRun,
  };
}

/** The report of a failed first apply, after the realm it created was deleted again. */
async function discarded(admin: KeycloakAdmin, report: ApplyReport): Promise<ApplyReport> {
  const problem = await discardRealm(admin, report.realm);
  if (problem === undefined) return { ...report, discardedRealm: report.realm };
  return {
    ...report,
    failed: [
      ...report.failed,
      {
        address: `realm[${JSON.stringify(report.realm)}]`,
        error: `created by this apply, but deleting it after the failure failed too: ${problem}`,
      },
    ],
  };
}

/** Deletes a realm this apply created; the reason when that fails too. */
async function discardRealm(admin: KeycloakAdmin, realm: string): Promise<string | undefined> {
  try {
    await admin.deleteRealm(realm);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
