import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ExportError, exportRealm } from '../export/export-realm.js';
import { orderManifest, splitManifest, toYaml } from '../export/render.js';
import { addConnectionOptions, type ConnectionFlags, connectReady } from './connection-options.js';
import { terminalProgress } from './progress.js';
import { UserError } from './user-error.js';

interface ExportFlags extends ConnectionFlags {
  realm: string;
  out?: string;
  split?: boolean;
  includeUsers?: boolean;
  realmName?: string;
}

const HEADER = (realm: string, source: string) =>
  `# Realm ${realm}, exported by realmform from ${source}: only what differs from a fresh realm.`;

/**
 * `realmform export`: writes a live realm as a minimal manifest (no ids, no server defaults, no
 * untouched built-ins, no secrets), to stdout, `<out>/<realm>.yaml`, or with --split one file
 * per collection in `<out>/<realm>/`. The variables a later apply needs go to stderr.
 */
export function registerExportCommand(program: Command): void {
  addConnectionOptions(
    program
      .command('export')
      .description('write a live realm as a minimal manifest (secrets become env placeholders)')
      .requiredOption('--realm <name>', 'the realm to export')
      .option('--out <dir>', 'write files into this directory (default: print to stdout)')
      .option('--split', 'one file per collection in <out>/<realm>/')
      .option('--include-users', 'export users too (passwords become placeholders)')
      .option('--realm-name <name>', 'write the manifest for a realm of this name (clone)'),
  ).action(async (flags: ExportFlags) => {
    if (flags.split && !flags.out) throw new UserError('--split needs --out <dir>');
    const admin = await connectReady(flags);
    const { progress, line } = terminalProgress(() => admin.connection.requestCount);
    try {
      const result = await exportRealm(admin, {
        realm: flags.realm,
        onStep: (step) => {
          progress.startExport(flags.realm, step);
          line.update();
        },
        ...(flags.realmName ? { realmName: flags.realmName } : {}),
        ...(flags.includeUsers ? { includeUsers: true } : {}),
      }).catch((error: unknown) => {
        if (error instanceof ExportError) throw new UserError(error.message);
        throw error;
      });
      line.stop();
      const realm = String(result.manifest.realm);
      const header = HEADER(realm, admin.serverUrl);
      const written: string[] = [];
      if (!flags.out) process.stdout.write(toYaml(orderManifest(result.manifest), header));
      else if (flags.split) {
        const dir = join(flags.out, realm);
        mkdirSync(dir, { recursive: true });
        for (const [file, document] of splitManifest(result.manifest)) {
          writeFileSync(join(dir, file), toYaml(document, header));
          written.push(join(dir, file));
        }
      } else {
        mkdirSync(flags.out, { recursive: true });
        const file = join(flags.out, `${realm}.yaml`);
        writeFileSync(file, toYaml(orderManifest(result.manifest), header));
        written.push(file);
      }
      for (const file of written) console.error(`Wrote ${file}`);
      if (result.variables.length > 0) {
        console.error(`Secrets were not exported; set these variables before applying:`);
        for (const variable of result.variables) console.error(`  ${variable.name}  (${variable.path})`);
      } else console.error('No secrets to set.');
    } finally {
      line.stop();
      await admin.close();
    }
  });
}
