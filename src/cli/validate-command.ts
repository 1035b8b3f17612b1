import type { Command } from 'commander';
import { manifestJsonSchema } from '../model/index.js';
import { loadOrFail } from './load.js';

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check manifests (syntax, schema, variables) without contacting Keycloak')
    .argument('[paths...]', 'manifest files or directories (default: IMPORT_FILES_LOCATIONS)')
    .action(async (paths: string[]) => {
      const realms = await loadOrFail(paths);
      console.log(
        `${realms.length} realm manifest(s) valid: ${realms.map((realm) => realm.realm).join(', ')}`,
      );
    });

  program
    .command('schema')
    .description('print the JSON Schema of realm manifests (for editor validation and completion)')
    .action(() => {
      console.log(JSON.stringify(manifestJsonSchema(), null, 2));
    });
}
