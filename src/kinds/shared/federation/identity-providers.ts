/**
 * What the identity-provider kinds share: the live providers and mappers, config normalization,
 * the secret rules and the flows every realm has.
 *
 * Reads (Keycloak 26 measured): the realm representation no longer carries identity providers.
 * Providers come from `GET /identity-provider/instances` (one request per 100), which is the only
 * listing that says which providers belong to an organization (the partial export carries the
 * providers but strips `organizationId`). Mappers come from the partial export, which carries
 * ALL of them and is shared with other kinds (memoized), instead of one request per provider.
 */

import type {
  IdentityProviderMapperRepresentation,
  IdentityProviderRepresentation,
} from '../../../client/types/index.js';
import type { DesiredObject, KindContext, ManifestView, Origin } from '../../kind.js';
import { defineRead } from '../../shared-read.js';
import { readExportWithoutGroupsAndRoles } from '../server/reads.js';

export { ROTATE_MARK, rotateSecretsRequested, SECRET_MASK } from '../clients/secrets.js';

/** How Keycloak shows a stored secret. */

/**
 * Secrets of a provider. Keycloak never shows them (only the mask), so they compare as "set or
 * not": written on create, when missing on the server, and on update only when the run asks for
 * rotation (`rotateSecretsRequested`). A vault reference (`${vault.key}`) is shown as it is and
 * compares for real.
 */
export const IDP_SECRET_PATHS = ['config.clientSecret'] as const;

export function isVaultReference(value: unknown): boolean {
  return typeof value === 'string' && /^\$\{vault\.[^}]+\}$/.test(value);
}

/** Every provider of the realm, full representation, memoized per plan. */
export function readLiveProviders(ctx: KindContext): Promise<IdentityProviderRepresentation[]> {
  return ctx.read(identityProvidersRead);
}

/** Every provider mapper of the realm (from the shared partial export). */
export async function readLiveMappers(ctx: KindContext): Promise<IdentityProviderMapperRepresentation[]> {
  return (await readExportWithoutGroupsAndRoles(ctx)).identityProviderMappers ?? [];
}

const PAGE_SIZE = 100;

export type Config = Record<string, string | null>;

/**
 * A declared config as Keycloak keeps it: string values (YAML gives booleans and numbers), and
 * `null` for keys declared empty, because Keycloak drops a key whose value is "" (so "" would
 * never compare equal; `null` equals absent and removes the key on write).
 */
export function declaredConfig(config: Record<string, unknown> | undefined): Config | undefined {
  if (!config) return undefined;
  const out: Config = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    out[key] =
      value === null || value === ''
        ? null
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  }
  return out;
}

/** The current config with the declared keys laid over it; keys declared empty are removed. */
export function mergeConfig(
  current: Record<string, string> | undefined,
  declared: Config | undefined,
): Record<string, string> {
  const merged: Record<string, string | null> = { ...current, ...declared };
  return Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** Drops `null` fields (declared empty): Keycloak reads an absent field as "unset". */
export function withoutNulls<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  // The entries left are the ones that are not null: what the mapped type says.
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}

/** Aliases of the providers the manifest declares (empty when it declares none). */
export function declaredIdpAliases(manifest: ManifestView): Set<string> {
  return new Set((manifest.representation.identityProviders ?? []).map((idp) => idp.alias ?? ''));
}

export function originOf(manifest: ManifestView, collection: string, index: number): Origin {
  return { path: `${collection}[${index}]`, ...manifest.locate([collection, index]) };
}

/** Where a diagnostic about a declared object points. */
export function locationOf(
  object: DesiredObject,
  inner?: string,
): { file?: string; line?: number; path: string } {
  return {
    ...(object.origin.file ? { file: object.origin.file } : {}),
    ...(object.origin.line ? { line: object.origin.line } : {}),
    path: inner ? `${object.origin.path}.${inner}` : object.origin.path,
  };
}

const identityProvidersRead = defineRead({
  name: 'identity providers',
  load: (ctx) => ctx.admin.getIdps({ briefRepresentation: false, pageSize: PAGE_SIZE }),
  staleAfter: ['identity-provider', 'organization'],
});
