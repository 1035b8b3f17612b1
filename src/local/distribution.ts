/**
 * Fetches the Keycloak server distribution from Maven Central once, verifies it, and unpacks it
 * once into the cache. Later runs reuse the unpacked copy.
 */

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { cacheDir } from './cache-dir.js';
import { PINNED_SHA256 } from './versions.js';

const run = promisify(execFile);
const COMPLETE_MARKER = '.realmform-unpacked';

export function mavenRepository(): string {
  return (process.env.REALMFORM_MAVEN_REPOSITORY || 'https://repo.maven.apache.org/maven2').replace(
    /\/+$/,
    '',
  );
}

function artifactUrl(version: string, suffix = ''): string {
  return `${mavenRepository()}/org/keycloak/keycloak-quarkus-dist/${version}/keycloak-quarkus-dist-${version}.tar.gz${suffix}`;
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

  const archive = join(root, `keycloak-quarkus-dist-${version}.tar.gz`);
  if (!existsSync(archive)) await download(version, archive, log);
  else await verifyPinned(version, archive);

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

async function download(version: string, archive: string, log: (line: string) => void): Promise<void> {
  const url = artifactUrl(version);
  log(`Downloading Keycloak ${version} from ${url}`);
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`Cannot download Keycloak ${version}: HTTP ${response.status} from ${url}`);
  }
  const sha1 = createHash('sha1');
  const sha256 = createHash('sha256');
  const partial = `${archive}.${process.pid}.part`;
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  body.on('data', (chunk: Buffer) => {
    sha1.update(chunk);
    sha256.update(chunk);
  });
  await pipeline(body, createWriteStream(partial));

  const actualSha256 = sha256.digest('hex');
  const pinned = PINNED_SHA256[version];
  if (pinned && pinned !== actualSha256) {
    await rm(partial, { force: true });
    throw new Error(`Checksum mismatch for Keycloak ${version}: sha256 ${actualSha256}, expected ${pinned}`);
  }
  const published = await fetchText(artifactUrl(version, '.sha1'));
  const expectedSha1 = published?.trim().split(/\s+/)[0];
  if (!pinned && !expectedSha1) {
    await rm(partial, { force: true });
    throw new Error(`No checksum published for Keycloak ${version}; refusing an unverified download`);
  }
  if (expectedSha1 && expectedSha1 !== sha1.digest('hex')) {
    await rm(partial, { force: true });
    throw new Error(`Checksum mismatch for Keycloak ${version} (sha1)`);
  }
  await rename(partial, archive);
}

/** An archive found in the cache (put there by hand or by an older run) is checked once before unpacking. */
async function verifyPinned(version: string, archive: string): Promise<void> {
  const pinned = PINNED_SHA256[version];
  if (!pinned) return;
  const sha256 = createHash('sha256');
  await pipeline(createReadStream(archive), sha256);
  const actual = sha256.digest('hex');
  if (actual !== pinned) {
    throw new Error(
      `Checksum mismatch for ${archive}: sha256 ${actual}, expected ${pinned}; delete it to download again`,
    );
  }
}

async function fetchText(url: string): Promise<string | undefined> {
  const response = await fetch(url);
  return response.ok ? response.text() : undefined;
}
