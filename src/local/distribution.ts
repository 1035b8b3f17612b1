/**
 * Fetches the Keycloak server distribution from Maven Central once, verifies it, and unpacks it
 * once into the cache. Later runs reuse the unpacked copy.
 */

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from './cache-dir.js';
import { artifactFileName, ensureArtifact, type MavenArtifact } from './maven-artifact.js';
import { PINNED_SHA256 } from './versions.js';

const run = promisify(execFile);
const COMPLETE_MARKER = '.realmform-unpacked';

function distributionArtifact(version: string): MavenArtifact {
  return {
    groupId: 'org.keycloak',
    artifactId: 'keycloak-quarkus-dist',
    version,
    extension: 'tar.gz',
    sha256: PINNED_SHA256[version],
    label: `Keycloak ${version}`,
  };
}

/** Returns the unpacked distribution's home directory, downloading and unpacking if needed. */
export async function ensureDistribution(
  version: string,
  log: (line: string) => void = () => {},
): Promise<string> {
  const root = join(cacheDir(), 'keycloak');
  const home = join(root, `keycloak-${version}`);
  if (existsSync(join(home, COMPLETE_MARKER))) return home;
  await mkdir(root, { recursive: true });

  const artifact = distributionArtifact(version);
  const archive = await ensureArtifact(artifact, join(root, artifactFileName(artifact)), log);

  log(`Unpacking ${archive}`);
  const staging = join(root, `.unpack-${version}-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await run('tar', ['-xzf', archive, '-C', staging]);
  await rm(home, { recursive: true, force: true });
  await rename(join(staging, `keycloak-${version}`), home);
  await rm(staging, { recursive: true, force: true });
  await writeFile(join(home, COMPLETE_MARKER), new Date().toISOString());
  return home;
}
