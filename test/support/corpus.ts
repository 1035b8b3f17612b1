/**
 * The keycloak-config-cli corpus: realm files from that project's own test suite, kept outside the
 * repository (../shared/corpus beside the clone). Optional on a developer's machine, where the
 * tests that read it are skipped and say so; mandatory in CI (CI=true), where its absence fails.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, inject } from 'vitest';

export const CORPUS_DIR = resolve(import.meta.dirname, '../../../shared/corpus/keycloak-config-cli');

export const corpusPresent = existsSync(CORPUS_DIR);
if (!corpusPresent && process.env.CI === 'true') throw new Error(`corpus missing at ${CORPUS_DIR}`);

/** Why corpus tests are skipped here, for their titles. */
export const CORPUS_MISSING = `no keycloak-config-cli corpus at ${CORPUS_DIR} (optional outside CI)`;

/** A file of the corpus, e.g. `corpusPath('clients', '00_create_realm_with_client.json')`. */
export function corpusPath(...parts: string[]): string {
  return join(CORPUS_DIR, ...parts);
}

/** `describe` for integration tests that apply corpus files: skipped without a server or the corpus. */
export const describeWithKeycloakAndCorpus: typeof describe.skip = describe.skipIf(
  !inject('keycloak') || !corpusPresent,
) as typeof describe.skip;
