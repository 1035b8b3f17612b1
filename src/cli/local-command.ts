import type { Command } from 'commander';
import { localStatus, startLocal, stopLocal } from '../local/local-server.js';

export function registerLocalCommand(program: Command): void {
  const local = program
    .command('local')
    .description(
      'a throwaway Keycloak on this machine (downloaded from Maven Central, run with a local JDK)',
    );

  local
    .command('start')
    .description('start a local Keycloak (or show the one already running) and print how to reach it')
    .action(async () => {
      const state = await startLocal((line) => console.error(line));
      console.log(`Keycloak ${state.version ?? ''} is running at ${state.url}`);
      console.log(`  admin user:     ${state.username}`);
      console.log(`  admin password: ${state.password}`);
      console.log(`  log:            ${state.logFile ?? '-'}`);
      console.log('Use it with:');
      console.log(
        `  export KEYCLOAK_URL=${state.url} KEYCLOAK_USER=${state.username} KEYCLOAK_PASSWORD=${state.password}`,
      );
    });

  local
    .command('stop')
    .description('stop the local Keycloak')
    .action(async () => {
      console.log((await stopLocal()) ? 'Local Keycloak stopped.' : 'No local Keycloak is running.');
    });

  local
    .command('status')
    .description('show whether the local Keycloak runs (exit 0) or not (exit 3)')
    .action(async () => {
      const state = await localStatus();
      if (!state) {
        console.log('No local Keycloak is running.');
        process.exitCode = 3;
        return;
      }
      console.log(
        `Keycloak ${state.version ?? ''} at ${state.url} (pid ${state.pid}) is ${state.ready ? 'ready' : 'starting'}.`,
      );
    });
}
