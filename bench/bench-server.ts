/** The benchmarks' Keycloak (a throwaway local one, or KEYCLOAK_URL) and their admin client. */
import { KeycloakAdmin } from '../src/client/index.js';
import { type KeycloakServer, provideKeycloak } from '../src/local/provide-keycloak.js';

export async function benchServer(): Promise<{ server: KeycloakServer; admin: KeycloakAdmin }> {
  const server = await provideKeycloak({ log: (line) => console.error(`[keycloak] ${line}`) });
  const admin = new KeycloakAdmin({
    serverUrl: server.url,
    username: server.username,
    password: server.password,
    // Keycloak's own one POST of a 10,000-user realm takes longer than the default 60 s answer
    // timeout; realmform's requests carry at most 2,000 users each and do not need it.
    timeout: 900,
  });
  return { server, admin };
}
