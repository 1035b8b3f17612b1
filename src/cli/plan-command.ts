import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { planRealms } from '../engine/plan-realms.js';
import { ALL_KINDS } from '../kinds/index.js';
import { hasChanges, hasErrors } from '../planner/plan.js';
import { colorWanted, renderPlans } from '../planner/render.js';
import { addConnectionOptions, type ConnectionFlags, connectReady } from './connection-options.js';
import { addOwnershipOption, kindOptionsFrom } from './kind-options.js';
import { loadOrFail } from './load.js';
import { toPlanFile } from './plan-file.js';

interface PlanFlags extends ConnectionFlags {
  out?: string;
  json?: boolean;
  detailedExitcode?: boolean;
  realm?: string[];
  color?: boolean;
  rotateSecrets?: boolean;
  ownership?: string[];
}

export function registerPlanCommand(program: Command): void {
  addConnectionOptions(
    addOwnershipOption(
      program
        .command('plan')
        .description('show what apply would change in Keycloak')
        .argument('[paths...]', 'manifest files or directories (default: IMPORT_FILES_LOCATIONS)')
        .option('--out <file>', 'save the plan as JSON (apply it later with `realmform apply <file>`)')
        .option('--json', 'print the JSON plan instead of the human view')
        .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when there are none')
        .option('--realm <name...>', 'only these realms')
        .option('--rotate-secrets', 'plan to write declared secrets (identity providers, components) again')
        .option('--no-color', 'no colours'),
    ),
  ).action(async (paths: string[], flags: PlanFlags) => {
    const manifests = await loadOrFail(paths, flags.realm);
    const admin = await connectReady(flags);
    try {
      const planned = await planRealms(admin, manifests, ALL_KINDS, kindOptionsFrom(flags));
      const plans = planned.map((p) => p.work.plan);
      if (flags.out) writeFileSync(flags.out, `${JSON.stringify(toPlanFile(plans), null, 2)}\n`);
      if (flags.json) console.log(JSON.stringify(toPlanFile(plans), null, 2));
      else
        process.stdout.write(
          renderPlans(plans, { color: colorWanted(process.stdout, flags.color === false) }),
        );
      if (plans.some(hasErrors)) process.exitCode = 1;
      else if (flags.detailedExitcode && plans.some(hasChanges)) process.exitCode = 2;
    } finally {
      await admin.close();
    }
  });
}
