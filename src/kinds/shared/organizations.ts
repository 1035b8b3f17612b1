/**
 * What the organization and organization-member kinds share: the declared organizations with
 * their natural key (the alias; Keycloak derives it from the name when none is given), the live
 * ones read once per plan, and organization ids looked up at write time.
 *
 * Organizations exist only while the realm's `organizationsEnabled` is on: every endpoint
 * answers 404 "Organizations not enabled for this realm." otherwise. That answer is read as "no
 * organizations, feature off" (a fact the kinds turn into a plan-time error when it matters).
 */
import { KeycloakError } from '../../client/index.js';
import type { OrganizationRepresentation } from '../../client/types/index.js';
import type { KindContext, ManifestView, Origin } from '../kind.js';

export interface DeclaredOrganization {
  key: string;
  entry: OrganizationRepresentation;
  index: number;
  origin: Origin;
}

export interface LiveOrganizations {
  /** false when the server answered that the realm has organizations disabled. */
  enabled: boolean;
  organizations: OrganizationRepresentation[];
}

/** The alias, or the name Keycloak turns into the alias. */
export function organizationKey(org: OrganizationRepresentation): string {
  return org.alias ?? org.name ?? '';
}

export function declaredOrganizations(manifest: ManifestView): DeclaredOrganization[] | undefined {
  const list = manifest.representation.organizations;
  if (!Array.isArray(list)) return undefined;
  return list.map((entry, index) => ({
    key: organizationKey(entry),
    entry,
    index,
    origin: { path: `organizations[${index}]`, ...manifest.locate(['organizations', index]) },
  }));
}

/** Every organization with attributes and domains: one paged listing, memoized per plan. */
export function liveOrganizations(ctx: KindContext): Promise<LiveOrganizations> {
  return ctx.memo('read:organizations', async () => {
    try {
      const organizations = await ctx.admin.getOrganizations({ briefRepresentation: false });
      return { enabled: true, organizations };
    } catch (error) {
      if (isFeatureDisabled(error)) return { enabled: false, organizations: [] };
      throw error;
    }
  });
}

function isFeatureDisabled(error: unknown): boolean {
  return (
    error instanceof KeycloakError &&
    error.responseCode === 404 &&
    JSON.stringify(error.responseBody ?? '').includes('not enabled')
  );
}

const IDS = 'write:organization-ids';

/** Call after creating or deleting an organization. */
export function forgetOrganizationIds(ctx: KindContext): void {
  ctx.forget(IDS);
}

/** The id of an organization by alias, at write time (it may have been created in this apply). */
export async function organizationId(ctx: KindContext, key: string): Promise<string> {
  const ids = () =>
    ctx.memo(IDS, async () => {
      const organizations = await ctx.admin.getOrganizations();
      return new Map(organizations.map((org) => [organizationKey(org), org.id ?? '']));
    });
  let id = (await ids()).get(key);
  if (!id) {
    forgetOrganizationIds(ctx);
    id = (await ids()).get(key);
  }
  if (!id) throw new Error(`organization "${key}" does not exist in realm ${ctx.realm}`);
  return id;
}
