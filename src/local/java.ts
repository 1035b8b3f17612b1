/**
 * Finds a JDK that can run a Keycloak release. Every supported release runs on Java 17 (deprecated
 * in 26) and 21; Java 25 only from 26.6 (older releases fail at startup on it). Preference: 21,
 * then 25 where the release supports it, then 17.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hasFeature, parseKeycloakVersion } from '../server/versions.js';

const run = promisify(execFile);
const PREFERENCE = [21, 25, 17];

export interface JavaRuntime {
  home: string;
  major: number;
}

/** Java majors that run `keycloakVersion` (an unknown version: all of them). */
export function javaMajorsFor(keycloakVersion: string | undefined): number[] {
  const version = parseKeycloakVersion(keycloakVersion);
  return !version || hasFeature(version, 'java25') ? PREFERENCE : PREFERENCE.filter((major) => major !== 25);
}

export async function findJava(keycloakVersion?: string): Promise<JavaRuntime> {
  const explicit = process.env.REALMFORM_JAVA_HOME;
  if (explicit) {
    const major = await javaMajor(explicit);
    if (!major) throw new Error(`REALMFORM_JAVA_HOME=${explicit} is not a usable JDK`);
    return { home: explicit, major };
  }
  const usable = javaMajorsFor(keycloakVersion);
  const found: JavaRuntime[] = [];
  for (const home of candidateHomes()) {
    const major = await javaMajor(home);
    if (major && usable.includes(major) && !found.some((runtime) => runtime.home === home))
      found.push({ home, major });
  }
  found.sort((a, b) => usable.indexOf(a.major) - usable.indexOf(b.major));
  const best = found[0];
  if (!best) {
    throw new Error(
      `No Java ${usable.join(', ')} runtime found for Keycloak${keycloakVersion ? ` ${keycloakVersion}` : ''}: install a JDK (21 recommended) or set REALMFORM_JAVA_HOME`,
    );
  }
  return best;
}

function candidateHomes(): string[] {
  const homes: string[] = [];
  if (process.env.JAVA_HOME) homes.push(process.env.JAVA_HOME);
  for (const root of ['/usr/lib/jvm', '/opt/java', '/usr/local/java', '/Library/Java/JavaVirtualMachines']) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root)) {
      const home = join(root, entry);
      homes.push(existsSync(join(home, 'Contents', 'Home')) ? join(home, 'Contents', 'Home') : home);
    }
  }
  return homes;
}

async function javaMajor(home: string): Promise<number | undefined> {
  const binary = join(home, 'bin', 'java');
  if (!existsSync(binary)) return undefined;
  try {
    const { stderr, stdout } = await run(binary, ['-version'], { timeout: 20_000 });
    const match = /version "(\d+)(?:\.(\d+))?/.exec(stderr + stdout);
    if (!match) return undefined;
    const first = Number(match[1]);
    return first === 1 ? Number(match[2]) : first;
  } catch {
    return undefined;
  }
}
