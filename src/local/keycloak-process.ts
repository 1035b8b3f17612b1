/**
 * Runs the Keycloak distribution as a child process group: `start-dev` with an in-memory
 * database on free loopback ports, a bootstrap admin, readiness from the health endpoint (on the
 * management port from 25, on the main port before), and a stop that takes the whole group down.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { hasFeature, parseKeycloakVersion } from '../server/versions.js';
import { freePort } from './free-port.js';
import type { JavaRuntime } from './java.js';

export interface KeycloakProcessOptions {
  home: string;
  /** The distribution's version: options and variable names differ between releases. */
  version: string;
  java: JavaRuntime;
  username: string;
  password: string;
  logFile: string;
  /** Give up waiting for readiness after this long. Default 5 minutes. */
  readyTimeoutMs?: number;
  /** Keep running after this Node process exits (for `realmform local start`). */
  detached?: boolean;
  heap?: string;
}

export interface RunningKeycloak {
  url: string;
  managementUrl: string;
  pid: number;
  startupMs: number;
  logFile: string;
}

export async function startKeycloakProcess(options: KeycloakProcessOptions): Promise<RunningKeycloak> {
  const version = parseKeycloakVersion(options.version);
  if (!version) throw new Error(`Not a Keycloak version: "${options.version}"`);
  const httpPort = await freePort();
  const managementPort = hasFeature(version, 'managementPort') ? await freePort() : httpPort;
  await mkdir(join(options.logFile, '..'), { recursive: true });
  const log = openSync(options.logFile, 'a');
  const started = Date.now();
  const child = spawn(
    join(options.home, 'bin', 'kc.sh'),
    [
      'start-dev',
      '--db=dev-mem',
      '--http-host=127.0.0.1',
      `--http-port=${httpPort}`,
      ...(managementPort !== httpPort ? [`--http-management-port=${managementPort}`] : []),
      '--health-enabled=true',
    ],
    {
      cwd: options.home,
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        JAVA_HOME: options.java.home,
        ...bootstrapAdminEnvironment(version.text, options.username, options.password),
        JAVA_OPTS_KC_HEAP: options.heap ?? '-Xms256m -Xmx1536m',
      },
    },
  );
  if (options.detached) child.unref();
  const url = `http://127.0.0.1:${httpPort}`;
  const managementUrl = `http://127.0.0.1:${managementPort}`;
  try {
    await waitUntilReady(child, `${managementUrl}/health/ready`, options.readyTimeoutMs ?? 300_000);
  } catch (error) {
    await stopProcessGroup(child.pid);
    throw new Error(
      `${(error as Error).message}\n--- last lines of ${options.logFile} ---\n${tail(options.logFile, 40)}`,
    );
  }
  return {
    url,
    managementUrl,
    pid: child.pid ?? 0,
    startupMs: Date.now() - started,
    logFile: options.logFile,
  };
}

/** The variables that create the first admin of an empty database (renamed in 26.0). */
export function bootstrapAdminEnvironment(
  version: string,
  username: string,
  password: string,
): Record<string, string> {
  const parsed = parseKeycloakVersion(version);
  return parsed && !hasFeature(parsed, 'bootstrapAdminVariables')
    ? { KEYCLOAK_ADMIN: username, KEYCLOAK_ADMIN_PASSWORD: password }
    : { KC_BOOTSTRAP_ADMIN_USERNAME: username, KC_BOOTSTRAP_ADMIN_PASSWORD: password };
}

async function waitUntilReady(child: ChildProcess, healthUrl: string, timeoutMs: number): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `Keycloak exited during startup (code ${code ?? '-'}, signal ${signal ?? '-'})`;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(exited);
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Keycloak was not ready after ${Math.round(timeoutMs / 1000)} s`);
}

/** SIGTERM to the whole group, SIGKILL if it is still alive after the grace period. */
export async function stopProcessGroup(pid: number | undefined, graceMs = 20_000): Promise<void> {
  if (!pid) return;
  if (!signalGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  signalGroup(pid, 'SIGKILL');
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
