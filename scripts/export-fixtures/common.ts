/** What the export fixture script shares between its parts. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cacheDir } from '../../src/local/cache-dir.js';
import { mavenRepository } from '../../src/local/maven-artifact.js';

/** The realm the fixtures export (besides master). */
export const REALM_NAME = 'every-kind';

export interface FixtureVersion {
  text: string;
  major: number;
  minor: number;
}

export function parseVersion(text: string): FixtureVersion {
  const match = /^(\d+)\.(\d+)\.\d+$/.exec(text);
  if (!match) throw new Error(`Not a Keycloak version: ${text} (expected e.g. 26.0.8)`);
  return { text, major: Number(match[1]), minor: Number(match[2]) };
}

/** At least `major.minor`. */
export function atLeast(version: FixtureVersion, major: number, minor = 0): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

/**
 * The distribution archive in the harness's cache (~/.cache/realmform/keycloak), downloaded from
 * Maven Central and checked against its published SHA-1 when missing.
 */
export async function ensureArchive(version: string): Promise<string> {
  const archive = join(cacheDir(), 'keycloak', `keycloak-quarkus-dist-${version}.tar.gz`);
  if (existsSync(archive)) return archive;
  const url = `${mavenRepository()}/org/keycloak/keycloak-quarkus-dist/${version}/keycloak-quarkus-dist-${version}.tar.gz`;
  console.log(`   downloading ${url}`);
  const [body, sha1] = await Promise.all([fetch(url), fetch(`${url}.sha1`)]);
  if (!body.ok || !sha1.ok) throw new Error(`Maven Central does not serve Keycloak ${version} (${url})`);
  const bytes = Buffer.from(await body.arrayBuffer());
  const expected = (await sha1.text()).trim().split(/\s+/)[0];
  if (createHash('sha1').update(bytes).digest('hex') !== expected)
    throw new Error(`Checksum mismatch for Keycloak ${version}`);
  await mkdir(dirname(archive), { recursive: true });
  await writeFile(`${archive}.part`, bytes);
  await rename(`${archive}.part`, archive);
  return archive;
}
