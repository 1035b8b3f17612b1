/**
 * One way to get a ready Keycloak, shared by the tests, the demo, the benchmarks and
 * `realmform local`:
 *   1. KEYCLOAK_URL set → that server (credentials from KEYCLOAK_USER / KEYCLOAK_PASSWORD);
 *   2. a Docker engine reachable → the official image through testcontainers;
 *   3. otherwise the distribution from Maven Central, run with a local JDK.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasFeature, parseKeycloakVersion } from '../server/versions.js';
import { cacheDir } from './cache-dir.js';
import { ensureDistribution } from './distribution.js';
import { findJava } from './java.js';
import { bootstrapAdminEnvironment, startKeycloakProcess, stopProcessGroup } from './keycloak-process.js';
import { keycloakVersion } from './versions.js';

export type KeycloakSource = 'external' | 'docker' | 'distribution';

export interface KeycloakServer {
  url: string;
  username: string;
  password: string;
  source: KeycloakSource;
  version: string | undefined;
  /** Wall time to a ready server, ms (0 for an external one). */
  startupMs: number;
  /** e.g. "Temurin/OpenJDK 25" for the distribution. */
  runtime: string | undefined;
  logFile: string | undefined;
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface ProvideOptions {
  version?: string;
  log?: (line: string) => void;
  /** Leave the server running when this process exits. */
  detached?: boolean;
  /** Skip Docker even when it is reachable. */
  noDocker?: boolean;
}

export async function provideKeycloak(options: ProvideOptions = {}): Promise<KeycloakServer> {
  const external = process.env.KEYCLOAK_URL;
  if (external) {
    return {
      url: external.replace(/\/+$/, ''),
      username: process.env.KEYCLOAK_USER || 'admin',
      password: process.env.KEYCLOAK_PASSWORD || 'admin',
      source: 'external',
      version: undefined,
      startupMs: 0,
      runtime: undefined,
      logFile: undefined,
      pid: undefined,
      stop: async () => {},
    };
  }
  const version = options.version ?? keycloakVersion();
  if (!options.noDocker && process.env.REALMFORM_DOCKER !== '0' && dockerSocketPresent()) {
    const viaDocker = await startWithDocker(version, options.log).catch((error: Error) => {
      options.log?.(`Docker unavailable (${error.message}); using the distribution`);
      return undefined;
    });
    if (viaDocker) return viaDocker;
  }
  return startDistribution(version, options);
}

async function startDistribution(version: string, options: ProvideOptions): Promise<KeycloakServer> {
  const log = options.log ?? (() => {});
  const [home, java] = await Promise.all([ensureDistribution(version, log), findJava(version)]);
  const username = 'admin';
  const password = randomBytes(12).toString('hex');
  const logFile = join(cacheDir(), 'logs', `keycloak-${version}-${Date.now()}-${process.pid}.log`);
  log(`Starting Keycloak ${version} on Java ${java.major} (${java.home}); log: ${logFile}`);
  const running = await startKeycloakProcess({
    home,
    version,
    java,
    username,
    password,
    logFile,
    detached: options.detached,
  });
  return {
    url: running.url,
    username,
    password,
    source: 'distribution',
    version,
    startupMs: running.startupMs,
    runtime: `Java ${java.major} (${java.home})`,
    logFile,
    pid: running.pid,
    stop: () => stopProcessGroup(running.pid),
  };
}

function dockerSocketPresent(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

async function startWithDocker(version: string, log?: (line: string) => void): Promise<KeycloakServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const username = 'admin';
  const password = randomBytes(12).toString('hex');
  const started = Date.now();
  const parsed = parseKeycloakVersion(version);
  const healthPort = parsed && !hasFeature(parsed, 'managementPort') ? 8080 : 9000;
  log?.(`Starting quay.io/keycloak/keycloak:${version} through testcontainers`);
  const container = await new GenericContainer(`quay.io/keycloak/keycloak:${version}`)
    .withEnvironment({
      ...bootstrapAdminEnvironment(version, username, password),
      KC_HEALTH_ENABLED: 'true',
    })
    .withCommand(['start-dev', '--db=dev-mem'])
    .withExposedPorts(8080, 9000)
    .withWaitStrategy(Wait.forHttp('/health/ready', healthPort).forStatusCode(200))
    .withStartupTimeout(300_000)
    .start();
  return {
    url: `http://${container.getHost()}:${container.getMappedPort(8080)}`,
    username,
    password,
    source: 'docker',
    version,
    startupMs: Date.now() - started,
    runtime: 'container',
    logFile: undefined,
    pid: undefined,
    stop: async () => {
      await container.stop();
    },
  };
}
