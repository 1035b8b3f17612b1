/**
 * The realmform command line. Thin by design: parse arguments, call the library, pick a view,
 * map outcomes to exit codes (0 ok, 1 error, 2 changes present where asked).
 */
import { inspect } from 'node:util';
import { Command, CommanderError } from 'commander';
import { redactText } from '../client/index.js';
import { UnsupportedKeycloakError } from '../server/versions.js';
import { VERSION } from '../version.js';
import { registerApplyCommand } from './apply-command.js';
import { normalizeArgv } from './argv.js';
import { connectionTarget } from './connection-options.js';
import { registerDemoCommand } from './demo-command.js';
import { registerDriftCommand } from './drift-command.js';
import { registerExportCommand } from './export-command.js';
import { registerForceUnlockCommand } from './force-unlock-command.js';
import { registerLocalCommand } from './local-command.js';
import { describeOperatorError } from './operator-errors.js';
import { registerPlanCommand } from './plan-command.js';
import { useCommandLineProperties } from './run-settings.js';
import { registerShowCommand } from './show-command.js';
import { takeSpringArguments } from './spring-properties.js';
import { registerValidateCommand } from './validate-command.js';

export function buildProgram(): Command {
  const program = new Command()
    .name('realmform')
    .description('Keycloak realms as code: plan and apply realm manifests against a live Keycloak.')
    .version(VERSION)
    .option('--debug', 'print the stack trace of any error')
    // A "did you mean" and where to read more; never the whole help under an error.
    .showHelpAfterError('(see `realmform help` or `realmform <command> --help`)')
    .exitOverride();
  registerValidateCommand(program);
  registerPlanCommand(program);
  registerApplyCommand(program);
  registerShowCommand(program);
  registerDriftCommand(program);
  registerExportCommand(program);
  registerForceUnlockCommand(program);
  registerLocalCommand(program);
  registerDemoCommand(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    // keycloak-config-cli's `--keycloak.url=…` / `--import.…=` arguments are settings, not commander options.
    const { rest, properties } = takeSpringArguments(argv);
    useCommandLineProperties(properties);
    // Terraform's single-dash spellings (`-out`, `-auto-approve` …) mean the same as two dashes.
    await buildProgram().parseAsync(normalizeArgv(rest), { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    if (error instanceof UnsupportedKeycloakError) {
      console.error(`Error: ${error.message}`);
      return 1;
    }
    const debug = argv.includes('--debug');
    const message = await describeOperatorError(error, connectionTarget()).catch(() => undefined);
    if (message !== undefined) {
      // An operator mistake: one line with the fix; the stack only when asked for.
      console.error(`Error: ${redactText(message)}`);
      if (debug) console.error(redactText(inspect(error)));
      return typeof process.exitCode === 'number' && process.exitCode !== 0 ? process.exitCode : 1;
    }
    console.error(redactText(inspect(error)));
    console.error('This looks like a bug in realmform; please report it with the output above.');
    return 1;
  }
}
