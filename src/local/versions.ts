/**
 * The Keycloak release the harness runs by default, and the archives it accepts. 26.7.3 is the
 * newest 26.x on Maven Central at the time of pinning. REALMFORM_KEYCLOAK_VERSION picks another
 * release; every supported line has a pinned archive (the list is src/server/versions.ts'
 * TESTED_RELEASES).
 */
import { TESTED_RELEASES } from '../server/versions.js';

export const DEFAULT_KEYCLOAK_VERSION: string = TESTED_RELEASES[TESTED_RELEASES.length - 1] ?? '26.7.3';

/**
 * SHA-256 of the pinned archives, checked in addition to Maven Central's published SHA-1. Each
 * was computed from an archive whose SHA-1 matched Maven Central's `.sha1` file.
 */
export const PINNED_SHA256: Readonly<Record<string, string>> = {
  '24.0.5': '5a0332a57d7bef07cf79dbde621589bd8e58a323c314649c2b7c495b60385c6c',
  '25.0.6': 'df21890b149be8e81b8bca802468dc52f70b8bbc8a06079906316a9ef1c373f0',
  '26.0.8': '8cf143b894afcf7d3be4549dc5af4790bda63bd471a5ac8e384094fb729e4b15',
  '26.2.5': 'e99e5f8783ea8f1cc04140b7033ea7291ff9898a088f37399b88651d81238f88',
  '26.4.7': 'aca60ab72ae4d67adc6b8fe7fca5e08d16a6bb5e4a4f2ebb54050e3f5503fd2b',
  '26.5.6': 'fa3dd5df90b9ac006712c2f0991be4e8a6cb30ac538e0439ce2f45fc40f4c692',
  '26.7.3': '77657f30b7e90d70f727712ce1c967f430fd6a5e9f458d32d8c6df0635345f47',
};

export function keycloakVersion(): string {
  return process.env.REALMFORM_KEYCLOAK_VERSION?.trim() || DEFAULT_KEYCLOAK_VERSION;
}
