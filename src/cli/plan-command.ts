import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { planRealms } from '../engine/plan-realms.js';
import { ALL_KINDS } from '../kinds/index.js';
import { hasChanges, hasErrors } from '../planner/plan.js';
import { colorWanted, renderPlanErrors, renderPlans } from '../planner/render.js';
import { renderPlansMarkdown } from '../planner/render-markdown.js';
import { addConnectionOptions, type ConnectionFlags, connectReady } from './connection-options.js';
import { addOwnershipOption, kindOptionsFrom } from './kind-options.js';
import { loadOrFail } from './load.js';
import { toPlanFile } from './plan-file.js';
import { terminalProgress } from './progress.js';
import { targetOption } from './target-option.js';

interface PlanFlags extends ConnectionFlags {
  out?: string;
  json?: boolean;
  format?: 'human' | 'markdown' | 'json';
  detailedExitcode?: boolean;
  realm?: string[];
  color?: boolean;
  rotateSecrets?: boolean;
  ownership?: string[];
  target: string[];
}

export function registerPlanCommand(program: Command): void {
  addConnectionOptions(
    addOwnershipOption(
      program
        .command('plan')
        .description('show what apply would change in Keycloak')
        .argument('[paths...]', 'manifest files or directories (default: IMPORT_FILES_LOCATIONS)')
        .option('--out <file>', 'save the plan as JSON (apply it later with `realmform apply <file>`)')
        .option('--json', 'print the JSON plan instead of the human view (same as --format json)')
        .addOption(
          new Option('--format <format>', 'human, markdown (for pull-request comments) or json')
            .choices(['human', 'markdown', 'json'])
            .default('human'),
        )
        .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when there are none')
        .option('--realm <name...>', 'only these realms')
        .addOption(targetOption())
        .option('--rotate-secrets', 'plan to write declared secrets (identity providers, components) again')
        .option('--no-color', 'no colours'),
    ),
  ).action(async (paths: string[], flags: PlanFlags) => {
    const manifests = await loadOrFail(paths, flags.realm);
    const admin = await connectReady(flags);
    const { progress, line } = terminalProgress(() => admin.connection.requestCount);
    const format = flags.json ? 'json' : (flags.format ?? 'human');
    try {
      const planned = await planRealms(admin, manifests, ALL_KINDS, kindOptionsFrom(flags), {
        ...(flags.target.length ? { targets: flags.target } : {}),
        onEvent: (event) => {
          progress.onEvent(event);
          line.update();
        },
      });
      line.stop();
      const plans = planned.map((p) => p.work.plan);
      const color = colorWanted(process.stdout, flags.color === false);
      if (format === 'json') console.log(JSON.stringify(toPlanFile(plans), null, 2));
      else if (plans.some(hasErrors)) {
        // Only the errors: nothing of this plan can be applied.
        process.stderr.write(
          renderPlanErrors(plans, { color: colorWanted(process.stderr, flags.color === false) }),
        );
        if (format === 'markdown') process.stdout.write(renderPlansMarkdown(plans));
      } else if (format === 'markdown') process.stdout.write(renderPlansMarkdown(plans));
      else process.stdout.write(renderPlans(plans, { color }));

      if (plans.some(hasErrors)) {
        if (flags.out) console.error(`The plan has errors: nothing was saved to ${flags.out}.`);
        process.exitCode = 1;
        return;
      }
      if (flags.out) {
        writeFileSync(flags.out, `${JSON.stringify(toPlanFile(plans), null, 2)}\n`);
        const say = format === 'human' ? console.log : console.error;
        say(
          `\nSaved the plan to ${flags.out}. To apply exactly this plan, run:\n  realmform apply ${quote(flags.out)}`,
        );
      }
      if (flags.detailedExitcode && plans.some(hasChanges)) process.exitCode = 2;
    } finally {
      line.stop();
      await admin.close();
    }
  });
}

/** A path as a shell would need it. */
function quote(path: string): string {
  return /^[\w./@:+-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}
