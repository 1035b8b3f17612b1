/**
 * Organizations (Keycloak 26+), keyed by alias (the name when no alias is declared: Keycloak
 * makes that the alias). The value is the manifest entry without `members` (organization-member
 * kind); `identityProviders` becomes the set of linked provider aliases (linked after the
 * providers exist; a list left out leaves the links alone; a provider belongs to one
 * organization, so two declaring the same one is a plan-time error). Domains compare as a set
 * keyed by name; attributes' values as sets. Authoritative when declared; deleting an
 * organization unlinks its providers (Keycloak keeps them).
 *
 * The realm must have `organizationsEnabled`: when neither the server nor the manifest turns it
 * on, the plan fails with an error naming that setting (the realm kind applies the setting
 * before any organization is written).
 * Reads: one paged listing with attributes and domains (`GET /organizations?briefRepresentation=false`),
 * and the links from the full identity provider listing (`organizationId`), which the
 * identity-provider kind reads too.
 */

import type { PlanDiagnostic } from '../core/diagnostics.js';
import type { OrganizationRepresentation } from '../representations/index.js';
import {
  address,
  type DesiredObject,
  defineKind,
  type KindContext,
  type LiveObject,
  type Reference,
} from './kind.js';
import {
  declaredOrganizations,
  forgetOrganizationIds,
  linkProvider,
  liveOrganizations,
  liveProviderLinks,
  organizationId,
  organizationKey,
  unlinkProvider,
} from './shared/federation/organizations.js';
import { withoutKeys } from './shared/server/reads.js';

/** `identityProviders` is the set of linked provider aliases (the representation has objects). */
type OrganizationFields = Omit<OrganizationRepresentation, 'identityProviders'>;

const KIND = 'organization';
/** Fields owned by other kinds (members), normalized apart (identityProviders) or server ids. */
const NOT_ORGANIZATION_FIELDS = ['id', 'members', 'identityProviders'] as const;

type Organization = Omit<OrganizationRepresentation, (typeof NOT_ORGANIZATION_FIELDS)[number]> & {
  identityProviders?: string[];
};
type OrganizationKey = readonly [alias: string];

/** What `diagnose` needs from the manifest besides the desired objects, by desired list. */
interface ManifestFacts {
  enabledInManifest: boolean | undefined;
  /** Keys of entries that declare no alias (the key is their name). */
  nameKeyed: Set<string>;
}
const manifestFacts = new WeakMap<object, ManifestFacts>();

interface ServerFacts {
  enabled: boolean;
}

export const organizationKind = defineKind<Organization, OrganizationKey, unknown, ServerFacts>({
  kind: KIND,
  dependsOn: ['realm'],
  describe: 'alias',
  sets: ['attributes.*', 'identityProviders'],
  keyedArrays: { domains: 'name' },
  desired(manifest) {
    const declared = declaredOrganizations(manifest);
    if (!declared) return undefined;
    const facts: ManifestFacts = {
      enabledInManifest: manifest.representation.organizationsEnabled,
      nameKeyed: new Set(),
    };
    const out = declared.map(({ key, entry, origin }): DesiredObject<Organization, OrganizationKey> => {
      const value: Organization = withoutKeys(entry, NOT_ORGANIZATION_FIELDS);
      // Declared order is kept: reference paths index into it (the comparison is a set).
      if (entry.identityProviders)
        value.identityProviders = entry.identityProviders.map((idp) => idp.alias ?? '');
      if (entry.alias === undefined) facts.nameKeyed.add(key);
      return { key: [key], value, origin };
    });
    manifestFacts.set(out, facts);
    return out;
  },
  async read(ctx) {
    const { organizations } = await liveOrganizations(ctx);
    const links = organizations.length > 0 ? await liveProviderLinks(ctx) : new Map<string, string>();
    return organizations.map((org) => {
      const value: Organization = withoutKeys(org, NOT_ORGANIZATION_FIELDS);
      const linked = [...links].filter(([, orgId]) => orgId === org.id).map(([alias]) => alias);
      if (linked.length > 0) value.identityProviders = linked.sort();
      return { key: [organizationKey(org)], value, id: org.id };
    });
  },
  needs(desired, live) {
    // Without a domain: declared empty, or left out on create (an update keeps the live ones).
    const domains = desired.value.domains ?? (live ? undefined : []);
    return [
      { feature: 'organizations', path: '' },
      ...(domains?.length === 0 ? [{ feature: 'organizationWithoutDomain' as const, path: 'domains' }] : []),
    ];
  },
  references(desired) {
    return (desired.value.identityProviders ?? []).map(
      (alias, index): Reference => ({
        kind: 'identity-provider',
        key: [alias],
        path: `identityProviders[${index}]`,
      }),
    );
  },
  async readFacts(ctx, { realmExists }): Promise<ServerFacts> {
    // A new realm starts with organizations off.
    return { enabled: realmExists && (await liveOrganizations(ctx)).enabled };
  },
  diagnose(desired, live, facts) {
    const known = manifestFacts.get(desired);
    const out: PlanDiagnostic[] = [];
    // The manifest's setting wins: the realm kind applies it before any organization is written.
    const enabled = known?.enabledInManifest ?? facts?.enabled ?? false;
    if (!enabled && (desired.length > 0 || live.length > 0)) {
      out.push({
        severity: 'error',
        summary:
          'organizations are disabled in this realm: set `organizationsEnabled: true` in the manifest (a realm setting) to manage them',
        path: 'organizations',
      });
    }
    out.push(...renamedAliases(desired, live, known?.nameKeyed ?? new Set()));
    out.push(...sharedProviders(desired));
    return out;
  },
  async create(ctx, desired) {
    const { identityProviders, ...value } = desired.value;
    // Keycloak needs a name; files that only add members may give just the alias.
    const id = await ctx.admin.createOrganization({ ...value, name: value.name ?? value.alias });
    forgetOrganizationIds(ctx);
    for (const alias of identityProviders ?? []) await linkProvider(ctx, id, alias);
  },
  async update(ctx, desired, live) {
    const id = live.id ?? (await organizationId(ctx, live.key[0]));
    const { identityProviders, ...value } = desired.value;
    // Read-modify-write: a PUT removes the description, redirect URL and domains it leaves out.
    const current = await ctx.admin.getOrganization(id);
    await ctx.admin.updateOrganization(id, merge(current, value));
    await syncProviders(ctx, id, identityProviders, live.value.identityProviders);
  },
  async delete(ctx, live) {
    await ctx.admin.deleteOrganization(live.id ?? (await organizationId(ctx, live.key[0])));
    forgetOrganizationIds(ctx);
  },
});

/**
 * Links the declared providers and unlinks the others (a list left out means "don't care"). An
 * unlink answers 404 when another organization took the provider meanwhile: nothing to do.
 */
async function syncProviders(
  ctx: KindContext,
  id: string,
  wanted: readonly string[] | undefined,
  linked: readonly string[] | undefined,
): Promise<void> {
  if (!wanted) return;
  const current = new Set(linked ?? []);
  for (const alias of wanted) if (!current.has(alias)) await linkProvider(ctx, id, alias);
  for (const alias of current) if (!wanted.includes(alias)) await unlinkProvider(ctx, id, alias);
}

/** A provider belongs to one organization: two declaring it would take it from each other. */
function sharedProviders(desired: readonly DesiredObject<Organization, OrganizationKey>[]): PlanDiagnostic[] {
  const holder = new Map<string, string>();
  const out: PlanDiagnostic[] = [];
  for (const object of desired) {
    for (const alias of object.value.identityProviders ?? []) {
      const other = holder.get(alias);
      if (other === undefined) holder.set(alias, object.key[0]);
      else if (other !== object.key[0])
        out.push(
          at(
            object,
            'error',
            `identity provider "${alias}" is also declared by organization "${other}"; a provider belongs to one organization`,
          ),
        );
    }
  }
  return out;
}

/** The current organization with the declared fields over it; attributes by key, domains by name. */
function merge(current: OrganizationRepresentation, wanted: OrganizationFields): OrganizationRepresentation {
  const next: OrganizationRepresentation = { ...current, ...wanted };
  if (wanted.attributes) next.attributes = { ...current.attributes, ...wanted.attributes };
  if (wanted.domains) {
    const known = new Map((current.domains ?? []).map((domain) => [domain.name, domain]));
    next.domains = wanted.domains.map((domain) => ({ ...known.get(domain.name), ...domain }));
  }
  return next;
}

/**
 * An entry without alias is keyed by its name; if a live organization has that name under
 * another alias, the plan would create a duplicate that Keycloak refuses (409).
 */
function renamedAliases(
  desired: readonly DesiredObject<Organization, OrganizationKey>[],
  live: readonly LiveObject<Organization, OrganizationKey>[],
  nameKeyed: ReadonlySet<string>,
): PlanDiagnostic[] {
  const liveKeys = new Set(live.map((object) => object.key[0]));
  return desired.flatMap((object) => {
    const [name] = object.key;
    if (!nameKeyed.has(name) || liveKeys.has(name)) return [];
    const other = live.find((candidate) => candidate.value.name === name);
    if (!other) return [];
    return [
      at(
        object,
        'error',
        `an organization named "${name}" exists with alias "${other.key[0]}": declare that alias`,
      ),
    ];
  });
}

function at(object: DesiredObject, severity: PlanDiagnostic['severity'], text: string): PlanDiagnostic {
  const addr = address(KIND, object.key);
  return {
    severity,
    summary: `${addr}: ${text}`,
    address: addr,
    ...(object.origin.file ? { file: object.origin.file } : {}),
    ...(object.origin.line ? { line: object.origin.line } : {}),
    path: object.origin.path,
  };
}
