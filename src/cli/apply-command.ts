import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { ApplyReport } from '../applier/applier.js';
import type { ApplyEvent } from '../applier/events.js';
import { redactText } from '../client/index.js';
import { plural } from '../core/plural.js';
import { runApply, StalePlanError } from '../engine/run.js';
import { describeHolder, RealmLockError } from '../lock/realm-lock.js';
import { hasChanges, hasErrors } from '../planner/plan.js';
import { colorWanted, renderPlan, renderPlanErrors, renderPlans } from '../planner/render.js';
import { addConnectionOptions, type ConnectionFlags, connectReady } from './connection-options.js';
import { parseDuration } from './duration.js';
import { trapInterrupts } from './interrupt.js';
import { addOwnershipOption, kindOptionsFrom } from './kind-options.js';
import { loadOrFail } from './load.js';
import { isPlanFilePath, readPlanFile } from './plan-file.js';
import { terminalProgress } from './progress.js';
import { targetOption } from './target-option.js';
import { UserError } from './user-error.js';

interface ApplyFlags extends ConnectionFlags {
  autoApprove?: boolean;
  dryRun?: boolean;
  json?: boolean;
  realm?: string[];
  color?: boolean;
  allowFederationDelete?: boolean;
  rotateSecrets?: boolean;
  ownership?: string[];
  lock?: boolean;
  lockTimeout?: string;
  target: string[];
  checkAll?: boolean;
  perObject?: boolean;
  importUsers?: boolean;
}

export function registerApplyCommand(program: Command): void {
  addConnectionOptions(
    addOwnershipOption(
      program
        .command('apply')
        .description('make Keycloak match the manifests (or apply a saved plan)')
        .argument(
          '[paths...]',
          'manifest files or directories, or one plan.json saved by `plan --out` (default: IMPORT_FILES_LOCATIONS)',
        )
        .option('--auto-approve', 'do not ask for confirmation')
        .option('--dry-run', 'walk the plan without changing anything')
        .option('--json', 'print progress events as NDJSON')
        .option('--realm <name...>', 'only these realms')
        .addOption(targetOption())
        .option('--rotate-secrets', 'write declared secrets (identity providers, components) again')
        .option(
          '--allow-federation-delete',
          'allow deleting user federation (LDAP, Kerberos) providers: Keycloak deletes the users they imported',
        )
        .option(
          '--lock-timeout <duration>',
          'wait this long (30s, 5m) for another apply of the same realm to finish (default: fail at once)',
        )
        .option('--no-lock', 'do not take the realm lock (only when you know no other apply runs)')
        .option(
          '--per-object',
          "write every change by itself, never through Keycloak's import (a new realm in one request; with --import-users, new users in batches): Keycloak then records an admin event per object",
        )
        .option(
          '--import-users',
          'send 50 or more users new to an existing realm in partialImport batches: fewer requests, but faster only where each request crosses a slow link',
        )
        .option(
          '--check-all',
          'check convergence by planning the whole realm again (default: read again what the apply wrote; the whole realm after a delete or replace)',
        )
        .option('--no-color', 'no colours'),
    ),
  ).action(async (paths: string[], flags: ApplyFlags) => {
    const saved = isPlanFilePath(paths) ? readPlanFile(paths[0] as string) : undefined;
    const manifestPaths = saved ? [...new Set(saved.plans.flatMap((plan) => plan.sources))] : paths;
    const manifests = await loadOrFail(
      manifestPaths,
      saved ? saved.plans.map((plan) => plan.realm) : flags.realm,
    );
    // A saved plan is applied with the targets it was made with.
    const targets = saved ? (saved.plans[0]?.targets ?? []) : flags.target;
    if (saved && flags.target.length)
      throw new UserError(
        '-target cannot be combined with a saved plan: the plan already says what it covers',
      );
    const lockTimeoutMs = parseDuration(flags.lockTimeout ?? '0s', '--lock-timeout');
    const admin = await connectReady(flags, process.env, { ndjson: flags.json === true });
    const color = colorWanted(process.stdout, flags.color === false);
    const { progress, line } = terminalProgress(() => admin.connection.requestCount);
    // Events quote server messages: no token or URL credential may pass.
    const onEvent = flags.json
      ? (event: ApplyEvent) => console.log(redactText(JSON.stringify(event)))
      : (event: ApplyEvent) => {
          progress.onEvent(event);
          if (line.enabled) {
            if (event.type === 'change-failed')
              line.log(`  failed ${event.address}: ${redactText(event.error)}`);
            if (event.type === 'change-skipped')
              line.log(`  skipped ${event.address}: requires ${event.because}`);
          }
          line.update();
        };
    const realmNames = manifests.map((manifest) => manifest.realm).join(' ');
    const interruption = trapInterrupts(
      (signal) => {
        line.clear();
        if (flags.json) console.log(JSON.stringify({ type: 'interrupted', signal }));
        console.error(
          `\nInterrupted (${signal}): no new change starts; the changes in flight finish, then the report ` +
            'is printed and the lock released. Interrupt again to stop at once (the lock then stays).',
        );
      },
      (signal) =>
        line.log(
          `Stopped at once (${signal}). The lock stays until it expires; to remove it now: realmform force-unlock ${realmNames}`,
        ),
    );
    try {
      const result = await runApply(admin, manifests, {
        kindOptions: kindOptionsFrom(flags),
        dryRun: flags.dryRun ?? false,
        lock: flags.lock !== false,
        lockTimeoutMs,
        ...(flags.checkAll ? { check: 'all' as const } : {}),
        ...(flags.perObject ? { bulk: false } : flags.importUsers ? { bulk: { importUsers: true } } : {}),
        signal: interruption.signal,
        onLockWait: (realm, holder) =>
          console.error(
            `Waiting for the lock of realm "${realm}"${
              holder
                ? `, held by ${holder.owner}@${holder.host} (pid ${holder.pid}) since ${holder.acquiredAt}`
                : ''
            } …`,
          ),
        onLockBreak: (realm, holder) =>
          console.error(
            `Notice: removing the lock of realm "${realm}" held by ${describeHolder(holder)}: ` +
              'that process no longer exists on this host.',
          ),
        ...(saved ? { savedPlans: saved.plans } : {}),
        ...(targets.length ? { targets } : {}),
        onPlans: (plans) => {
          progress.setPlans(plans);
          progress.idle();
          line.clear();
          if (plans.some(hasErrors))
            process.stderr.write(
              renderPlanErrors(plans, { color: colorWanted(process.stderr, flags.color === false) }),
            );
          else if (!flags.json) process.stdout.write(renderPlans(plans, { color }));
        },
        ...(flags.autoApprove || saved ? {} : { confirm }),
        onEvent,
      }).catch((error: unknown) => {
        if (error instanceof RealmLockError || error instanceof StalePlanError)
          throw new UserError(error.message);
        throw error;
      });
      line.stop();
      for (const warning of result.lockWarnings) console.error(`Warning: ${warning}`);
      if (!flags.json) for (const report of result.reports) printReport(report);
      switch (result.status) {
        case 'plan-errors':
          // The errors were printed instead of the plan.
          process.exitCode = 1;
          return;
        case 'apply-failed':
          process.exitCode = 1;
          return;
        case 'not-converged':
          for (const plan of result.replans.filter(hasChanges)) {
            process.stdout.write(renderPlan(plan, { color }));
            console.error(`Realm ${plan.realm} did not converge: the changes above remain after apply.`);
          }
          process.exitCode = 1;
          return;
        case 'applied':
          if (!flags.json && !flags.dryRun)
            for (const [index, plan] of result.replans.entries()) {
              const objects = result.checked[index];
              console.log(
                objects === undefined
                  ? `Realm ${plan.realm} converged: a new plan has no changes.`
                  : `Realm ${plan.realm} converged: the ${plural(objects, 'written object')} read back as planned.`,
              );
            }
          return;
        case 'in-sync':
          return;
      }
    } finally {
      line.stop();
      await admin.close();
      interruption.dispose();
      if (interruption.exitCode !== undefined) {
        console.error('Stopped by an interrupt; the lock is released. Run apply again to continue.');
        process.exitCode = interruption.exitCode;
      }
    }
  });
}

async function confirm(): Promise<void> {
  if (!process.stdin.isTTY) {
    throw new UserError('Refusing to apply without confirmation: no terminal to ask. Pass --auto-approve.');
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // Ctrl-C at the prompt reaches readline, not the process: treat it as "no".
  const cancel = new AbortController();
  rl.on('SIGINT', () => cancel.abort());
  const answer = await rl
    .question('Apply these changes? Only "yes" is accepted: ', { signal: cancel.signal })
    .catch(() => '');
  rl.close();
  if (answer.trim() !== 'yes') throw new UserError('Apply cancelled.');
}

function printReport(report: ApplyReport): void {
  const verb = report.dryRun ? 'would apply (dry run)' : 'applied';
  const failedWrites = report.failed.reduce((sum, failure) => sum + (failure.writes?.length ?? 0), 0);
  const extra = failedWrites > 0 ? ` Failed changes made ${failedWrites} write(s), listed below.` : '';
  console.log(`Realm ${report.realm}: ${report.applied.length} change(s) ${verb}.${extra}`);
  for (const failure of report.failed)
    console.log(`  FAILED ${failure.address}: ${redactText(failure.error)}`);
  for (const skipped of report.skipped)
    console.log(`  SKIPPED ${skipped.address}: requires ${skipped.because}, which failed`);
  for (const write of report.bookkeeping) console.log(`  Also ${write}.`);
  if (report.bulk) {
    const { request, created, fallback } = report.bulk;
    if (created.length > 0)
      console.log(`  ${created.length} of these were written by Keycloak's import (${request}).`);
    if (fallback) console.log(`  Not imported (${redactText(fallback)}): applied per object instead.`);
  }
  if (report.discardedRealm) {
    console.log(
      `  Realm ${report.discardedRealm} was created by this apply and has been deleted again: nothing is left behind. Fix the failure and apply again.`,
    );
    return;
  }
  if (report.failed.length > 0 && report.notAttempted.length === 0)
    console.log('  Fix the failure and run apply again: it continues from where the realm is now.');
  if (report.notAttempted.length) {
    const why = report.interrupted ? 'Not started (interrupted)' : 'Not attempted';
    console.log(`  ${why} (${report.notAttempted.length}): ${report.notAttempted.join(', ')}`);
    console.log(
      report.interrupted
        ? '  Run apply again: it continues from where the realm is now.'
        : '  Fix the failure and run apply again: it continues from where the realm is now.',
    );
  }
}
