import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { type ApplyReport, dryRunExecutor, liveExecutor } from '../applier/applier.js';
import type { ApplyEvent } from '../applier/events.js';
import { applyRealm } from '../engine/apply-realm.js';
import { planRealm } from '../engine/plan-realm.js';
import { planRealms } from '../engine/plan-realms.js';
import { acquireRealmLocks, type HeldRealmLocks, RealmLockError } from '../engine/realm-lock.js';
import { ALL_KINDS } from '../kinds/index.js';
import { hasChanges, hasErrors, type Plan } from '../planner/plan.js';
import { colorWanted, renderPlan, renderPlans } from '../planner/render.js';
import { addConnectionOptions, type ConnectionFlags, connect } from './connection-options.js';
import { parseDuration } from './duration.js';
import { kindOptionsFrom } from './kind-options.js';
import { loadOrFail } from './load.js';
import { isPlanFilePath, readPlanFile } from './plan-file.js';
import { UserError } from './user-error.js';

interface ApplyFlags extends ConnectionFlags {
  autoApprove?: boolean;
  dryRun?: boolean;
  json?: boolean;
  realm?: string[];
  color?: boolean;
  allowFederationDelete?: boolean;
  rotateSecrets?: boolean;
  lock?: boolean;
  lockTimeout?: string;
}

export function registerApplyCommand(program: Command): void {
  addConnectionOptions(
    program
      .command('apply')
      .description('make Keycloak match the manifests (or apply a saved plan)')
      .argument('<paths...>', 'manifest files or directories, or one plan.json saved by `plan --out`')
      .option('--auto-approve', 'do not ask for confirmation')
      .option('--dry-run', 'walk the plan without changing anything')
      .option('--json', 'print progress events as NDJSON')
      .option('--realm <name...>', 'only these realms')
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
      .option('--no-color', 'no colours'),
  ).action(async (paths: string[], flags: ApplyFlags) => {
    const saved = isPlanFilePath(paths) ? readPlanFile(paths[0] as string) : undefined;
    const manifestPaths = saved ? [...new Set(saved.plans.flatMap((plan) => plan.sources))] : paths;
    const manifests = await loadOrFail(
      manifestPaths,
      saved ? saved.plans.map((plan) => plan.realm) : flags.realm,
    );
    const lockTimeout = parseDuration(flags.lockTimeout ?? '0s', '--lock-timeout');
    const admin = connect(flags);
    const color = colorWanted(process.stdout, flags.color === false);
    const emit = flags.json ? (event: ApplyEvent) => console.log(JSON.stringify(event)) : progressPrinter();
    let locks: HeldRealmLocks | undefined;
    try {
      // Held from the first plan to the convergence check: two applies never interleave.
      if (!flags.dryRun && flags.lock !== false) locks = await lockRealms(admin, manifests, lockTimeout);
      const kindOptions = kindOptionsFrom(flags);
      const planned = await planRealms(admin, manifests, ALL_KINDS, 4, kindOptions);
      if (saved)
        assertNotStale(
          saved.plans,
          planned.map((p) => p.work.plan),
        );
      const plans = planned.map((p) => p.work.plan);
      if (!flags.json) process.stdout.write(renderPlans(plans, { color }));
      if (plans.some(hasErrors)) throw new UserError('The plan has errors; nothing was applied');
      if (!plans.some(hasChanges)) return;
      if (!flags.dryRun && !flags.autoApprove && !saved) await confirm();

      const reports: ApplyReport[] = [];
      for (const [index, planning] of planned.entries()) {
        const executor = flags.dryRun ? dryRunExecutor : liveExecutor;
        const manifest = manifests[index] as (typeof manifests)[number];
        reports.push(
          await applyRealm(admin, manifest, planning, ALL_KINDS, {
            executor,
            onEvent: emit,
            sources: manifest.sources,
          }),
        );
      }
      if (!flags.json) for (const report of reports) printReport(report);
      if (reports.some((report) => !report.ok)) {
        process.exitCode = 1;
        return;
      }
      if (flags.dryRun) return;
      // Convergence is checked, not hoped: plan again and report any remaining difference.
      for (const manifest of manifests) {
        // Without --rotate-secrets: a rotation request always plans a write, by design.
        const again = await planRealm(admin, manifest, ALL_KINDS, {
          sources: manifest.sources,
          kindOptions: { ...kindOptions, rotateSecrets: false },
        });
        if (hasChanges(again.work.plan)) {
          process.stdout.write(renderPlan(again.work.plan, { color }));
          console.error(`Realm ${manifest.realm} did not converge: the changes above remain after apply.`);
          process.exitCode = 1;
        } else if (!flags.json) {
          console.log(`Realm ${manifest.realm} converged: a new plan has no changes.`);
        }
      }
    } finally {
      for (const warning of (await locks?.release()) ?? []) console.error(`Warning: ${warning}`);
      await admin.close();
    }
  });
}

async function lockRealms(
  admin: ReturnType<typeof connect>,
  manifests: readonly { realm: string }[],
  timeoutMs: number,
): Promise<HeldRealmLocks> {
  try {
    return await acquireRealmLocks(
      admin,
      manifests.map((manifest) => manifest.realm),
      {
        timeoutMs,
        operation: 'apply',
        onWait: (realm, holder) =>
          console.error(
            `Waiting for the lock of realm "${realm}"${
              holder
                ? `, held by ${holder.owner}@${holder.host} (pid ${holder.pid}) since ${holder.acquiredAt}`
                : ''
            } …`,
          ),
      },
    );
  } catch (error) {
    if (error instanceof RealmLockError) throw new UserError(error.message);
    throw error;
  }
}

function assertNotStale(saved: readonly Plan[], fresh: readonly Plan[]): void {
  for (const plan of saved) {
    const now = fresh.find((candidate) => candidate.realm === plan.realm);
    if (
      !now ||
      now.live_fingerprint !== plan.live_fingerprint ||
      now.desired_fingerprint !== plan.desired_fingerprint
    ) {
      throw new UserError(
        `The plan for realm ${plan.realm} is stale: ${
          now && now.desired_fingerprint !== plan.desired_fingerprint ? 'the manifests' : 'the live realm'
        } changed since it was made. Run plan again.`,
      );
    }
  }
}

async function confirm(): Promise<void> {
  if (!process.stdin.isTTY) {
    throw new UserError('Refusing to apply without confirmation: no terminal to ask. Pass --auto-approve.');
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question('Apply these changes? Only "yes" is accepted: ');
  rl.close();
  if (answer.trim() !== 'yes') throw new UserError('Apply cancelled.');
}

function progressPrinter(): (event: ApplyEvent) => void {
  return (event) => {
    if (event.type === 'change-start')
      console.error(`[${event.index}/${event.total}] ${event.actions.join('+')} ${event.address} …`);
    if (event.type === 'change-failed') console.error(`  failed: ${event.error}`);
  };
}

function printReport(report: ApplyReport): void {
  const verb = report.dryRun ? 'would apply (dry run)' : 'applied';
  console.log(`Realm ${report.realm}: ${report.applied.length} change(s) ${verb}.`);
  for (const failure of report.failed) console.log(`  FAILED ${failure.address}: ${failure.error}`);
  if (report.discardedRealm) {
    console.log(
      `  Realm ${report.discardedRealm} was created by this apply and has been deleted again: nothing is left behind. Fix the failure and apply again.`,
    );
    return;
  }
  if (report.notAttempted.length) {
    console.log(`  Not attempted (${report.notAttempted.length}): ${report.notAttempted.join(', ')}`);
    console.log('  Fix the failure and run apply again: it continues from where the realm is now.');
  }
}
