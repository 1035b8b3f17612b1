/**
 * What the organization and organization-member kinds share: the declared organizations with
 * their natural key (the alias; Keycloak derives it from the name when none is given), the live
 * ones read once per plan, and organization ids looked up at write time.
 *
 * Organizations exist only while the realm's `organizationsEnabled` is on: every endpoint
 * answers 404 "Organizations not enabled for this realm." otherwise. That answer is read as "no
 * organizations, feature off" (a fact the kinds turn into a plan-time error when it matters).
 */

import { KeycloakError } from '../../../client/index.js';
import type { OrganizationRepresentation } from '../../../client/types/index.js';
import type { KindContext, ManifestView, Origin } from '../../kind.js';
import { defineRead } from '../../shared-read.js';
import { serverHas } from '../server/server-info.js';
import { readLiveProviders } from './identity-providers.js';

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
  return ctx.read(organizationsRead);
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

/**
 * Identity provider alias → id of the organization it is linked to. The full provider listing
 * carries `organizationId` (shared with the identity-provider kind: no extra request when both
 * are read); the organization listing has no providers.
 */
export async function liveProviderLinks(ctx: KindContext): Promise<Map<string, string>> {
  const providers = await readLiveProviders(ctx);
  return new Map(
    providers.flatMap((idp) => (idp.alias && idp.organizationId ? [[idp.alias, idp.organizationId]] : [])),
  );
}

const ALREADY_LINKED_ELSEWHERE = 'associated with a different organization';

/**
 * Links an identity provider to an organization (`POST …/identity-providers`, body the alias).
 * A provider belongs to one organization: when another one holds it (the manifest moves it; the
 * plan checked that no two declare it), it is unlinked there first.
 * (The admin client has no method for these endpoints yet: raw requests.)
 */
export async function linkProvider(ctx: KindContext, orgId: string, alias: string): Promise<void> {
  const path = `${realmPath(ctx)}/organizations/${encodeURIComponent(orgId)}/identity-providers`;
  let response = await ctx.admin.rawPost(path, alias);
  if (response.status === 400 && response.text.includes(ALREADY_LINKED_ELSEWHERE)) {
    const holder = await ctx.admin.getIdp(alias);
    if (holder.organizationId && holder.organizationId !== orgId)
      await unlinkProvider(ctx, holder.organizationId, alias);
    response = await ctx.admin.rawPost(path, alias);
  }
  if (!response.ok)
    throw new Error(`linking identity provider "${alias}" failed [${response.status}]: ${response.text}`);
}

/** Unlinks an identity provider from an organization (the provider stays); gone counts as done. */
export async function unlinkProvider(ctx: KindContext, orgId: string, alias: string): Promise<void> {
  const path = `${realmPath(ctx)}/organizations/${encodeURIComponent(orgId)}/identity-providers/${encodeURIComponent(alias)}`;
  const response = await ctx.admin.rawDelete(path);
  if (!response.ok && response.status !== 404)
    throw new Error(`unlinking identity provider "${alias}" failed [${response.status}]: ${response.text}`);
}

function realmPath(ctx: KindContext): string {
  return `/admin/realms/${encodeURIComponent(ctx.realm)}`;
}

const organizationsRead = defineRead({
  name: 'organizations',
  load: async (ctx) => {
    // Before 26.0 there is no endpoint at all (a plan that declares organizations has an error).
    if (!(await serverHas(ctx, 'organizations'))) return { enabled: false, organizations: [] };
    try {
      const listed = await ctx.admin.getOrganizations({ briefRepresentation: false });
      // 26.0 leaves attributes out of even the full listing: one read per organization there.
      const organizations = (await serverHas(ctx, 'organizationListAttributes'))
        ? listed
        : await Promise.all(listed.map((org) => (org.id ? ctx.admin.getOrganization(org.id) : org)));
      return { enabled: true, organizations };
    } catch (error) {
      if (isFeatureDisabled(error)) return { enabled: false, organizations: [] };
      throw error;
    }
  },
  staleAfter: ['organization', 'organization-member', 'identity-provider'],
});
