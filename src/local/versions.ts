/**
 * The Keycloak release realmform is developed and tested against. 26.7.3 is the newest 26.x on
 * Maven Central at the time of pinning; it runs on Java 25 (supported from 26.6) and still on
 * Java 17 (deprecated). Override with REALMFORM_KEYCLOAK_VERSION to test another release.
 */
export const DEFAULT_KEYCLOAK_VERSION = '26.7.3';

/** SHA-256 of the pinned archives, checked in addition to Maven Central's published SHA-1. */
export const PINNED_SHA256: Readonly<Record<string, string>> = {
  '26.7.3': '77657f30b7e90d70f727712ce1c967f430fd6a5e9f458d32d8c6df0635345f47',
};

export function keycloakVersion(): string {
  return process.env.REALMFORM_KEYCLOAK_VERSION?.trim() || DEFAULT_KEYCLOAK_VERSION;
}
