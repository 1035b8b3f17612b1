/**
 * A Keycloak of the test's own that can be restarted with its data: a private copy of the
 * distribution (start-dev rebuilds the distribution when build options such as the database
 * change, and the shared copy must stay as the other runs expect it), the `dev-file` H2 database
 * inside that copy, and fixed ports so that clients find it again after a restart. Used by the
 * long fault tests only; `stop()` removes everything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDistribution } from '../../src/local/distribution.js';
import { freePort } from '../../src/local/free-port.js';
import { findJava } from '../../src/local/java.js';
import { isAlive, stopProcessGroup, tail } from '../../src/local/keycloak-process.js';
import { keycloakVersion } from '../../src/local/versions.js';

export interface RestartableKeycloak {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** Stops the server (SIGTERM to its process group) and starts it again on the same ports. */
  restart(): Promise<{ downMs: number }>;
  /** Stops the server for good and removes its copy. */
  stop(): Promise<void>;
}

export async function startRestartableKeycloak(log: (line: string) => void): Promise<RestartableKeycloak> {
  const version = keycloakVersion();
  const [shared, java] = await Promise.all([ensureDistribution(version, log), findJava()]);
  const root = await mkdtemp(join(tmpdir(), 'realmform-kc-file-'));
  const home = join(root, `keycloak-${version}`);
  await cp(shared, home, { recursive: true });
  const [httpPort, managementPort] = [await freePort(), await freePort()];
  const username = 'admin';
  const password = randomBytes(12).toString('hex');
  const url = `http://127.0.0.1:${httpPort}`;
  const logFile = join(root, 'keycloak.log');
  let child: ChildProcess | undefined;

  const start = async () => {
    const output = openSync(logFile, 'a');
    child = spawn(
      join(home, 'bin', 'kc.sh'),
      [
        'start-dev',
        '--db=dev-file',
        '--http-host=127.0.0.1',
        `--http-port=${httpPort}`,
        `--http-management-port=${managementPort}`,
        '--health-enabled=true',
      ],
      {
        cwd: home,
        detached: true,
        stdio: ['ignore', output, output],
        env: {
          ...process.env,
          JAVA_HOME: java.home,
          KC_BOOTSTRAP_ADMIN_USERNAME: username,
          KC_BOOTSTRAP_ADMIN_PASSWORD: password,
          JAVA_OPTS_KC_HEAP: '-Xms256m -Xmx1024m',
        },
      },
    );
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      if (child.pid && !isAlive(child.pid)) break;
      const ready = await fetch(`http://127.0.0.1:${managementPort}/health/ready`, {
        signal: AbortSignal.timeout(3000),
      }).catch(() => undefined);
      if (ready?.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`Keycloak (dev-file) did not become ready:\n${tail(logFile, 40)}`);
  };

  const halt = async () => {
    await stopProcessGroup(child?.pid, 30_000);
    child = undefined;
  };

  log(`Starting a restartable Keycloak ${version} (dev-file database) at ${url}`);
  try {
    await start();
  } catch (error) {
    await halt();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    username,
    password,
    async restart() {
      const started = Date.now();
      await halt();
      await start();
      return { downMs: Date.now() - started };
    },
    async stop() {
      await halt();
      await rm(root, { recursive: true, force: true });
    },
  };
}
