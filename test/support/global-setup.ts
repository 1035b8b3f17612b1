/**
 * Starts one real Keycloak for the whole integration run (see src/local/provide-keycloak.ts).
 * With CI=true a server is mandatory: failing to start one fails the run.
 */
import type { TestProject } from 'vitest/node';
import { KeycloakAdmin } from '../../src/client/index.js';
import { provideKeycloak } from '../../src/local/provide-keycloak.js';
import type { KeycloakInfo } from './keycloak-info.js';

declare module 'vitest' {
  export interface ProvidedContext {
    keycloak: KeycloakInfo | null;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const started = Date.now();
  try {
    const server = await provideKeycloak({ log: (line) => console.log(`[keycloak] ${line}`) });
    const info: KeycloakInfo = {
      url: server.url,
      username: server.username,
      password: server.password,
      // As the server reports it (also for an external server): tests branch on what it can do.
      version: await reportedVersion(server).catch(() => server.version),
      source: server.source,
    };
    console.log(
      `[keycloak] ready at ${server.url} (${server.source}${server.version ? ` ${server.version}` : ''}${
        server.runtime ? `, ${server.runtime}` : ''
      }) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    project.provide('keycloak', info);
    return async () => {
      await server.stop();
    };
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    console.warn(
      `[keycloak] no server could be started; integration tests are skipped: ${(error as Error).message}`,
    );
    project.provide('keycloak', null);
    return undefined;
  }
}

async function reportedVersion(server: {
  url: string;
  username: string;
  password: string;
}): Promise<string | undefined> {
  const admin = new KeycloakAdmin({
    serverUrl: server.url,
    username: server.username,
    password: server.password,
  });
  try {
    return (await admin.getServerInfo()).systemInfo?.version;
  } finally {
    await admin.close();
  }
}
