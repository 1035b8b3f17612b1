/**
 * `realmform local start|stop|status`: a throwaway Keycloak for people, started by the same
 * code the tests use and remembered in a state file so a later command can find it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir } from './cache-dir.js';
import { isAlive, stopProcessGroup } from './keycloak-process.js';
import { provideKeycloak } from './provide-keycloak.js';

export interface LocalServerState {
  url: string;
  username: string;
  password: string;
  pid: number;
  version: string | undefined;
  logFile: string | undefined;
  startedAt: string;
}

function stateFile(): string {
  return join(cacheDir(), 'local', 'state.json');
}

export function readLocalState(): LocalServerState | undefined {
  const file = stateFile();
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as LocalServerState;
}

/** The running local server, or undefined (a stale state file is removed). */
export async function localStatus(): Promise<(LocalServerState & { ready: boolean }) | undefined> {
  const state = readLocalState();
  if (!state) return undefined;
  if (!isAlive(state.pid)) {
    await rm(stateFile(), { force: true });
    return undefined;
  }
  const ready = await fetch(`${state.url}/realms/master`, { signal: AbortSignal.timeout(3000) })
    .then((response) => response.ok)
    .catch(() => false);
  return { ...state, ready };
}

export async function startLocal(log: (line: string) => void): Promise<LocalServerState> {
  const running = await localStatus();
  if (running) return running;
  const server = await provideKeycloak({ log, detached: true, noDocker: true });
  if (!server.pid) throw new Error('the local server did not report a process id');
  const state: LocalServerState = {
    url: server.url,
    username: server.username,
    password: server.password,
    pid: server.pid,
    version: server.version,
    logFile: server.logFile,
    startedAt: new Date().toISOString(),
  };
  await mkdir(join(cacheDir(), 'local'), { recursive: true });
  await writeFile(stateFile(), JSON.stringify(state, null, 2), { mode: 0o600 });
  await chmod(stateFile(), 0o600);
  return state;
}

export async function stopLocal(): Promise<boolean> {
  const state = readLocalState();
  if (!state) return false;
  await stopProcessGroup(state.pid);
  await rm(stateFile(), { force: true });
  return true;
}
