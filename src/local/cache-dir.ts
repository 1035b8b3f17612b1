import { homedir } from 'node:os';
import { join } from 'node:path';

/** Downloads and local-server state live here, never inside the repository. */
export function cacheDir(): string {
  if (process.env.REALMFORM_CACHE_DIR) return process.env.REALMFORM_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'realmform');
}
