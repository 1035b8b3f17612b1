import type { Command } from 'commander';
import { findLastChanges } from '../drift/actors.js';
import { buildDriftReport, isDrifted, renderDrift, renderDriftDiagnostics } from '../drift/report.js';
import { planRealms } from '../engine/plan-realms.js';
import { ALL_KINDS } from '../kinds/index.js';
import { hasErrors } from '../planner/plan.js';
import { colorWanted } from '../planner/render.js';
import { addConnectionOptions, type ConnectionFlags, connectReady } from './connection-options.js';
import { addOwnershipOption, kindOptionsFrom } from './kind-options.js';
import { loadOrFail } from './load.js';
import { terminalProgress } from './progress.js';

interface DriftFlags extends ConnectionFlags {
  json?: boolean;
  realm?: string[];
  color?: boolean;
  ownership?: string[];
}

/**
 * `realmform drift`: where Keycloak differs from the manifests (plans every realm and words the
 * changes as drift), and with admin events on, who changed each drifted object and when.
 * Exit 0 in sync, 2 drifted, 1 error.
 */
export function registerDriftCommand(program: Command): void {
  addConnectionOptions(
    addOwnershipOption(
      program
        .command('drift')
        .description(
          'report where Keycloak differs from the manifests, and who changed it (exit 0 in sync, 2 drifted, 1 error)',
        )
        .argument('[paths...]', 'manifest files or directories (default: IMPORT_FILES_LOCATIONS)')
        .option('--json', 'print the drift report as JSON')
        .option('--realm <name...>', 'only these realms')
        .option('--no-color', 'no colours'),
    ),
  ).action(async (paths: string[], flags: DriftFlags) => {
    const manifests = await loadOrFail(paths, flags.realm);
    const admin = await connectReady(flags);
    const { progress, line } = terminalProgress(() => admin.connection.requestCount);
    try {
      const planned = await planRealms(admin, manifests, ALL_KINDS, kindOptionsFrom(flags), {
        onEvent: (event) => {
          progress.onEvent(event);
          line.update();
        },
      });
      const plans = planned.map((planning) => planning.work.plan);
      progress.startTask('Looking up who changed the drifted objects (admin events)');
      line.update();
      const actors = await Promise.all(
        planned.map((planning) => findLastChanges(admin, planning.work.plan.realm, planning.work.steps)),
      );
      line.stop();
      for (const diagnostic of renderDriftDiagnostics(plans)) console.error(diagnostic);
      for (const warning of actors.flatMap((found) => found.warnings)) console.error(`Warning: ${warning}`);
      const report = buildDriftReport(
        plans.map((plan, index) => {
          const found = actors[index];
          return {
            plan,
            ...(found?.lastChanges ? { lastChanges: found.lastChanges } : {}),
            ...(found?.adminEventsEnabled === undefined
              ? {}
              : { adminEventsEnabled: found.adminEventsEnabled }),
          };
        }),
      );
      if (flags.json) console.log(JSON.stringify(report, null, 2));
      else
        process.stdout.write(
          renderDrift(report, { color: colorWanted(process.stdout, flags.color === false) }),
        );
      if (plans.some(hasErrors)) process.exitCode = 1;
      else if (isDrifted(report)) process.exitCode = 2;
    } finally {
      line.stop();
      await admin.close();
    }
  });
}
