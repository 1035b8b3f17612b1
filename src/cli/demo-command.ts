import type { Command } from 'commander';
import { KeycloakAdmin } from '../client/index.js';
import { provideKeycloak } from '../local/provide-keycloak.js';

/**
 * `realmform demo`: the README's first command. Starts a throwaway Keycloak, shows the client
 * at work on a scratch realm, and stops the server again.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('start a throwaway local Keycloak and run the realmform demo against it')
    .action(async () => {
      const server = await provideKeycloak({ log: (line) => console.log(`[keycloak] ${line}`) });
      try {
        await runClientDemo(server.url, server.username, server.password);
      } finally {
        await server.stop();
      }
    });
}

async function runClientDemo(url: string, username: string, password: string): Promise<void> {
  const admin = new KeycloakAdmin({ serverUrl: url, username, password, realmName: 'master' });
  const realm = 'demo';
  try {
    await admin.createRealm({ realm, enabled: true, displayName: 'realmform demo' }, { skipExists: true });
    const demo = admin.withRealm(realm);
    const realms = await admin.getRealms();
    console.log(`Realms on ${url}: ${realms.map((r) => r.realm).join(', ')}`);
    const fetched = await demo.getRealm(realm);
    console.log(
      `Realm '${fetched.realm}' (${fetched.displayName}) access tokens live ${fetched.accessTokenLifespan} s`,
    );
    console.log(
      `Token requests made: ${admin.tokenRequestCount}; HTTP requests: ${admin.connection.requestCount}`,
    );
  } finally {
    await admin.close();
  }
}
