/**
 * What the server provides (`GET /admin/serverinfo`: ~300 kB, not realm-specific, so it can be
 * read also for a realm that does not exist yet), read once per run (per connection: version and
 * providers do not change while a run lasts) and shared by the engine's version check and the
 * kinds that check declared names against it at plan time.
 */

import type { KeycloakAdmin } from '../../../client/index.js';
import type { ServerInfoRepresentation } from '../../../client/types/index.js';
import {
  type Feature,
  hasFeature,
  type KeycloakVersion,
  requireSupported,
} from '../../../server/versions.js';
import type { KindContext } from '../../kind.js';

const perConnection = new WeakMap<object, Promise<ServerInfoRepresentation>>();

export function readServerInfo(ctx: KindContext): Promise<ServerInfoRepresentation> {
  return serverInfoOf(ctx.admin);
}

function serverInfoOf(admin: KeycloakAdmin): Promise<ServerInfoRepresentation> {
  const key = admin.connection;
  let info = perConnection.get(key);
  if (!info) {
    info = withVersion(admin);
    perConnection.set(key, info);
    info.catch(() => perConnection.delete(key));
  }
  return info;
}

/**
 * Server info with `systemInfo.version` filled in. From 26.4 (measured on 26.4.7; 26.2.5 and
 * 26.0.8 still report it) the server leaves `systemInfo` out for an administrator who logs in to
 * a realm other than master; the partial export of that realm names the version
 * (`keycloakVersion`), so a realm administrator is not refused as an unknown version.
 */
async function withVersion(admin: KeycloakAdmin): Promise<ServerInfoRepresentation> {
  const info = await admin.getServerInfo();
  if (info.systemInfo?.version || admin.userRealmName === 'master') return info;
  const exported = await admin
    .withRealm(admin.userRealmName)
    .exportRealm()
    .catch(() => undefined);
  const version = exported?.keycloakVersion;
  return version ? { ...info, systemInfo: { ...info.systemInfo, version } } : info;
}

/** `Keycloak 26.0.8` for messages that say what the server lacks (`the server` if it reports no version). */
export function serverName(info: ServerInfoRepresentation): string {
  const version = info.systemInfo?.version;
  return version ? `Keycloak ${version}` : 'the server';
}

/** Provider ids of one SPI (`eventsListener`, `required-action` …) deployed on the server. */
export function providerIds(info: ServerInfoRepresentation, spi: string): string[] {
  return Object.keys(info.providers?.[spi]?.providers ?? {}).sort();
}

/**
 * Provider ids of several SPIs together (e.g. everything an execution may name); `undefined`
 * when the server lists none of them (then nothing can be checked against it).
 */
export function providerIdsOf(info: ServerInfoRepresentation, spis: readonly string[]): string[] | undefined {
  const present = spis.filter((spi) => info.providers?.[spi]);
  if (present.length === 0) return undefined;
  return [...new Set(present.flatMap((spi) => providerIds(info, spi)))].sort();
}

/** Identity provider types the server has (`oidc`, `saml`, `github` …); `undefined` if it lists none. */
export function identityProviderTypes(info: ServerInfoRepresentation): string[] | undefined {
  const ids = [...(info.identityProviders ?? []), ...(info.socialProviders ?? [])].flatMap(
    (provider) => provider.id ?? [],
  );
  return ids.length > 0 ? [...new Set(ids)].sort() : undefined;
}

/** Component provider ids per provider type (`org.keycloak.keys.KeyProvider` → `rsa-generated` …). */
export function componentProviderIds(info: ServerInfoRepresentation): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(info.componentTypes ?? {}).map(([type, providers]) => [
      type,
      providers.flatMap((provider) => (typeof provider.id === 'string' ? [provider.id] : [])),
    ]),
  );
}

/** The plan error's wording for a name the server does not have, with what it has (short). */
export function unknownNameHint(known: readonly string[]): string {
  const shown = known.slice(0, 12).join(', ');
  return known.length > 12 ? `${shown} … (${known.length} in all)` : shown;
}

/**
 * The server's version, from the same memoized server-info read. A version outside the supported
 * range throws UnsupportedKeycloakError (one line, nothing read or written after it).
 */
export async function readServerVersion(ctx: KindContext): Promise<KeycloakVersion> {
  const info = await readServerInfo(ctx);
  return requireSupported(info.systemInfo?.version);
}

/** The same check for a caller outside a plan (the apply lock, export), before anything is written. */
export async function fetchServerVersion(admin: KeycloakAdmin): Promise<KeycloakVersion> {
  return requireSupported((await serverInfoOf(admin)).systemInfo?.version);
}

/** Whether the server's version has a feature (src/server/versions.ts). */
export async function serverHas(ctx: KindContext, feature: Feature): Promise<boolean> {
  return hasFeature(await readServerVersion(ctx), feature);
}
