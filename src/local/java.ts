/**
 * Finds a JDK that can run Keycloak. Keycloak 26.x supports Java 21 and, from 26.6, Java 25;
 * Java 17 still works but is deprecated, so it is the last choice.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PREFERENCE = [21, 25, 17];

export interface JavaRuntime {
  home: string;
  major: number;
}

export async function findJava(): Promise<JavaRuntime> {
  const explicit = process.env.REALMFORM_JAVA_HOME;
  if (explicit) {
    const major = await javaMajor(explicit);
    if (!major) throw new Error(`REALMFORM_JAVA_HOME=${explicit} is not a usable JDK`);
    return { home: explicit, major };
  }
  const found: JavaRuntime[] = [];
  for (const home of candidateHomes()) {
    const major = await javaMajor(home);
    if (major && !found.some((runtime) => runtime.home === home)) found.push({ home, major });
  }
  const rank = (major: number) => {
    const index = PREFERENCE.indexOf(major);
    return index === -1 ? (major > 25 ? PREFERENCE.length : PREFERENCE.length + 1) : index;
  };
  found.sort((a, b) => rank(a.major) - rank(b.major));
  const best = found[0];
  if (!best || best.major < 17) {
    throw new Error(
      'No Java 17+ runtime found for Keycloak: install a JDK (21 recommended) or set REALMFORM_JAVA_HOME',
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
