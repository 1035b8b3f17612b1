import { type Command, Option } from 'commander';
import { colorWanted, renderPlans } from '../planner/render.js';
import { renderPlansMarkdown } from '../planner/render-markdown.js';
import { readPlanFile } from './plan-file.js';

/** `realmform show plan.json`: a saved plan rendered again (as Terraform's `show`), e.g. as markdown for a comment. */
export function registerShowCommand(program: Command): void {
  program
    .command('show')
    .description('render a plan saved by `plan -out` (human, markdown or json), without contacting Keycloak')
    .argument('<plan-file>', 'a plan.json saved by `realmform plan -out`')
    .addOption(
      new Option('--format <format>', 'human, markdown or json')
        .choices(['human', 'markdown', 'json'])
        .default('human'),
    )
    .option('--no-color', 'no colours')
    .action((file: string, flags: { format: 'human' | 'markdown' | 'json'; color?: boolean }) => {
      const saved = readPlanFile(file);
      if (flags.format === 'json') console.log(JSON.stringify(saved, null, 2));
      else if (flags.format === 'markdown') process.stdout.write(renderPlansMarkdown(saved.plans));
      else
        process.stdout.write(
          renderPlans(saved.plans, { color: colorWanted(process.stdout, flags.color === false) }),
        );
    });
}
