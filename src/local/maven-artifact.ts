/**
 * Fetches one file from Maven Central (or the mirror in REALMFORM_MAVEN_REPOSITORY) into the cache,
 * verified against a pinned SHA-256 when there is one and against the repository's published SHA-1.
 * Used for the Keycloak distribution and for the test suite's LDAP server.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';

export interface MavenArtifact {
  groupId: string;
  artifactId: string;
  version: string;
  /** The file's extension: `jar`, `tar.gz` … */
  extension: string;
  /** Checked in addition to the published SHA-1; required when the repository publishes none. */
  sha256?: string;
  /** How errors and logs name it, e.g. "Keycloak 26.7.3". */
  label: string;
}

export function mavenRepository(): string {
  return (process.env.REALMFORM_MAVEN_REPOSITORY || 'https://repo.maven.apache.org/maven2').replace(
    /\/+$/,
    '',
  );
}

export function artifactFileName(artifact: MavenArtifact): string {
  return `${artifact.artifactId}-${artifact.version}.${artifact.extension}`;
}

export function artifactUrl(artifact: MavenArtifact): string {
  const group = artifact.groupId.replaceAll('.', '/');
  return `${mavenRepository()}/${group}/${artifact.artifactId}/${artifact.version}/${artifactFileName(artifact)}`;
}

/**
 * Downloads the artifact to `file` unless it is already there. The download goes to a temporary
 * name and is renamed only once verified, so concurrent callers and interrupted runs never see a
 * partial file.
 */
export async function ensureArtifact(
  artifact: MavenArtifact,
  file: string,
  log: (line: string) => void = () => {},
): Promise<string> {
  if (existsSync(file)) return file;
  await mkdir(dirname(file), { recursive: true });
  const url = artifactUrl(artifact);
  log(`Downloading ${artifact.label} from ${url}`);
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`Cannot download ${artifact.label}: HTTP ${response.status} from ${url}`);
  }
  const sha1 = createHash('sha1');
  const sha256 = createHash('sha256');
  const partial = `${file}.${process.pid}.part`;
  const body = Readable.fromWeb(response.body as ReadableStream);
  body.on('data', (chunk: Buffer) => {
    sha1.update(chunk);
    sha256.update(chunk);
  });
  try {
    await pipeline(body, createWriteStream(partial));
    const actualSha256 = sha256.digest('hex');
    if (artifact.sha256 && artifact.sha256 !== actualSha256) {
      throw new Error(
        `Checksum mismatch for ${artifact.label}: sha256 ${actualSha256}, expected ${artifact.sha256}`,
      );
    }
    const published = await fetchText(`${url}.sha1`);
    const expectedSha1 = published?.trim().split(/\s+/)[0];
    if (!artifact.sha256 && !expectedSha1) {
      throw new Error(`No checksum published for ${artifact.label}; refusing an unverified download`);
    }
    if (expectedSha1 && expectedSha1 !== sha1.digest('hex')) {
      throw new Error(`Checksum mismatch for ${artifact.label} (sha1)`);
    }
    await rename(partial, file);
    return file;
  } finally {
    await rm(partial, { force: true });
  }
}

async function fetchText(url: string): Promise<string | undefined> {
  const response = await fetch(url);
  return response.ok ? response.text() : undefined;
}
