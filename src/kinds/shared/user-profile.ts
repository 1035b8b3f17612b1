/**
 * The manifest's `userProfile` (keycloak-config-cli's key: Keycloak's UPConfig document), shared
 * by the user-profile kind and the user kind (which must know which attributes Keycloak keeps).
 */
import type { UserProfileAttribute, UserProfileConfig } from '../../client/types/index.js';
import type { ManifestView } from '../kind.js';

/** Attributes every profile has; realmform keeps them when a declared profile leaves them out. */
export const BUILT_IN_PROFILE_ATTRIBUTES: readonly string[] = ['username', 'email', 'firstName', 'lastName'];

export function declaredUserProfile(manifest: ManifestView): UserProfileConfig | undefined {
  return (manifest.representation as { userProfile?: UserProfileConfig }).userProfile;
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
