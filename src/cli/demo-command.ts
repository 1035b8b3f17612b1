import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { KeycloakAdmin } from '../client/index.js';
import { runApply } from '../engine/run.js';
import { provideKeycloak } from '../local/provide-keycloak.js';
import { colorWanted, renderPlan } from '../planner/render.js';
import { loadOrFail } from './load.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/realms', import.meta.url));

/**
 * `npm run demo`: the README's first command. A throwaway Keycloak, then plan → apply →
 * plan again on examples/realms, ending in "No changes.".
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'start a throwaway Keycloak, plan and apply examples/realms, and show that a second plan is empty',
    )
    .argument('[paths...]', 'manifests to use instead of examples/realms')
    .action(async (paths: string[]) => {
      const manifests = await loadOrFail(paths.length ? paths : [EXAMPLES]);
      const color = colorWanted(process.stdout);
      const server = await provideKeycloak({ log: (line) => console.log(`[keycloak] ${line}`) });
      console.log(`[keycloak] ready at ${server.url} in ${(server.startupMs / 1000).toFixed(1)} s\n`);
      const admin = new KeycloakAdmin({
        serverUrl: server.url,
        username: server.username,
        password: server.password,
      });
      try {
        for (const manifest of manifests) {
          const sources = manifest.sources.join(' ');
          const result = await runApply(admin, [manifest], {
            lock: false,
            onPlans: ([plan]) => {
              console.log(`$ realmform plan ${sources}`);
              if (plan) process.stdout.write(renderPlan(plan, { color }));
              console.log(`\n$ realmform apply --auto-approve ${sources}`);
            },
            onEvent: (event) => {
              if (event.type === 'change-failed') console.log(`  failed ${event.address}: ${event.error}`);
              if (event.type === 'change-skipped')
                console.log(`  skipped ${event.address}: requires ${event.because}`);
            },
          });
          const report = result.reports[0];
          console.log(
            `Applied ${report?.applied.length ?? 0} change(s)${
              report && !report.ok ? `; ${report.failed.length} failed, ${report.skipped.length} skipped` : ''
            }.`,
          );
          if (result.status !== 'applied' && result.status !== 'in-sync') process.exitCode = 1;
          console.log(`\n$ realmform plan ${sources}`);
          const again = result.replans[0] ?? result.plans[0];
          if (again) process.stdout.write(renderPlan(again, { color }));
        }
        console.log(
          `\n${admin.connection.requestCount} HTTP requests, ${admin.tokenRequestCount} token request(s).`,
        );
      } finally {
        await admin.close();
        await server.stop();
      }
    });
}
