/**
 * The manifest's `userProfile` (keycloak-config-cli's key: Keycloak's UPConfig document), shared
 * by the user-profile kind and the user kind (which must know which attributes Keycloak keeps).
 */
import type { UserProfileAttribute, UserProfileConfig } from '../../../client/types/index.js';
import type { ManifestView } from '../../kind.js';

/** Attributes every profile has; realmform keeps them when a declared profile leaves them out. */
export const BUILT_IN_PROFILE_ATTRIBUTES: readonly string[] = ['username', 'email', 'firstName', 'lastName'];

/** Where Keycloak's own export keeps the user profile: a component with the document as JSON. */
export const USER_PROFILE_PROVIDER = 'org.keycloak.userprofile.UserProfileProvider';
const PROFILE_CONFIG_KEY = 'kc.user.profile.config';

/**
 * The declared user profile: the manifest's `userProfile` or, when it has none, the document in
 * a Keycloak export's user profile component (`components["…UserProfileProvider"][0].config`).
 */
export function declaredUserProfile(manifest: ManifestView): UserProfileConfig | undefined {
  const declared = (manifest.representation as { userProfile?: UserProfileConfig }).userProfile;
  return declared ?? exportedUserProfile(manifest)?.config;
}

/** The manifest path the declared user profile comes from. */
export function declaredUserProfilePath(manifest: ManifestView): (string | number)[] {
  if ((manifest.representation as { userProfile?: unknown }).userProfile !== undefined)
    return ['userProfile'];
  return exportedUserProfile(manifest)?.path ?? ['userProfile'];
}

/** The user profile of a Keycloak export (undefined when absent or not a JSON object). */
export function exportedUserProfile(
  manifest: ManifestView,
): { config: UserProfileConfig; path: (string | number)[] } | undefined {
  const component = manifest.representation.components?.[USER_PROFILE_PROVIDER]?.[0];
  const text = component?.config?.[PROFILE_CONFIG_KEY]?.[0];
  if (typeof text !== 'string') return undefined;
  try {
    const config: unknown = JSON.parse(text);
    if (typeof config !== 'object' || config === null || Array.isArray(config)) return undefined;
    return {
      config: config as UserProfileConfig,
      path: ['components', USER_PROFILE_PROVIDER, 0, 'config', PROFILE_CONFIG_KEY],
    };
  } catch {
    return undefined;
  }
}

/** What decides whether Keycloak keeps a user attribute. */
export interface ProfileFacts {
  attributes: string[];
  unmanagedAttributePolicy?: string;
}

/**
 * The profile once the manifest's `userProfile` is applied over `base` (the live profile, or
 * Keycloak's default for a new realm): declared attributes plus the built-in ones, and the
 * declared policy (a declared profile without one has none).
 */
export function effectiveProfile(base: ProfileFacts, manifest: ManifestView): ProfileFacts {
  const declared = declaredUserProfile(manifest);
  if (!declared) return base;
  const attributes = declared.attributes
    ? [...new Set([...BUILT_IN_PROFILE_ATTRIBUTES, ...declared.attributes.map(nameOf)])].sort()
    : base.attributes;
  const policy = declared.unmanagedAttributePolicy;
  return { attributes, ...(policy ? { unmanagedAttributePolicy: policy } : {}) };
}

function nameOf(attribute: UserProfileAttribute): string {
  return attribute.name;
}

/**
 * Keycloak's import of a realm exported before 24 (when the user profile could be off) that
 * declares no user profile sets `unmanagedAttributePolicy: ENABLED`, so its users keep their
 * attributes (measured on 26.7); realmform creates realms with the manifest's `keycloakVersion`,
 * which gives the same.
 */
export function exportedBefore24WithoutProfile(manifest: ManifestView): boolean {
  const version = manifest.representation.keycloakVersion;
  const major = version === undefined ? undefined : Number.parseInt(version, 10);
  return (
    major !== undefined && !Number.isNaN(major) && major < 24 && declaredUserProfile(manifest) === undefined
  );
}
