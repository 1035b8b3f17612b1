import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { KeycloakAdmin } from '../client/index.js';
import { applyRealm } from '../engine/apply-realm.js';
import { planRealm } from '../engine/plan-realm.js';
import { ALL_KINDS } from '../kinds/index.js';
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
          console.log(`$ realmform plan ${manifest.sources.join(' ')}`);
          const planning = await planRealm(admin, manifest, ALL_KINDS, { sources: manifest.sources });
          process.stdout.write(renderPlan(planning.work.plan, { color }));
          console.log(`\n$ realmform apply --auto-approve ${manifest.sources.join(' ')}`);
          const report = await applyRealm(admin, manifest, planning, ALL_KINDS, {
            sources: manifest.sources,
            onEvent: (event) => {
              if (event.type === 'change-failed') console.log(`  failed ${event.address}: ${event.error}`);
            },
          });
          console.log(
            `Applied ${report.applied.length} change(s)${report.ok ? '' : `; ${report.failed.length} failed`}.`,
          );
          if (!report.ok) process.exitCode = 1;
          console.log(`\n$ realmform plan ${manifest.sources.join(' ')}`);
          const again = await planRealm(admin, manifest, ALL_KINDS, { sources: manifest.sources });
          process.stdout.write(renderPlan(again.work.plan, { color }));
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
