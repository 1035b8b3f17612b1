/**
 * The realmform command line. Thin by design: parse arguments, call the library, pick a view,
 * map outcomes to exit codes (0 ok, 1 error, 2 changes present where asked).
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { registerApplyCommand } from './apply-command.js';
import { normalizeArgv } from './argv.js';
import { registerDemoCommand } from './demo-command.js';
import { registerDriftCommand } from './drift-command.js';
import { registerExportCommand } from './export-command.js';
import { registerLocalCommand } from './local-command.js';
import { registerPlanCommand } from './plan-command.js';
import { registerShowCommand } from './show-command.js';
import { UserError } from './user-error.js';
import { registerValidateCommand } from './validate-command.js';

export function buildProgram(): Command {
  const program = new Command()
    .name('realmform')
    .description('Keycloak realms as code: plan and apply realm manifests against a live Keycloak.')
    .version(VERSION)
    // A "did you mean" and where to read more; never the whole help under an error.
    .showHelpAfterError('(see `realmform help` or `realmform <command> --help`)')
    .exitOverride();
  registerValidateCommand(program);
  registerPlanCommand(program);
  registerApplyCommand(program);
  registerShowCommand(program);
  registerDriftCommand(program);
  registerExportCommand(program);
  registerLocalCommand(program);
  registerDemoCommand(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(normalizeArgv(argv), { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    if (error instanceof UserError) {
      console.error(`Error: ${error.message}`);
      return 1;
    }
    console.error(error);
    console.error('This looks like a bug in realmform; please report it with the output above.');
    return 1;
  }
}
