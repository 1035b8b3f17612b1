/**
 * Organizations (Keycloak 26+), keyed by alias (the name when no alias is declared: Keycloak
 * makes that the alias). The value is the manifest entry without `members` (organization-member
 * kind) and `identityProviders` (linking identity providers is not managed yet: the plan warns
 * and ignores them). Domains compare as a set keyed by name; attributes' values as sets.
 * Authoritative when declared.
 *
 * The realm must have `organizationsEnabled`: when neither the server nor the manifest turns it
 * on, the plan fails with an error naming that setting (the realm kind applies the setting
 * before any organization is written).
 * Reads: one paged listing with attributes and domains (`GET /organizations?briefRepresentation=false`).
 */
import type { OrganizationRepresentation } from '../client/types/index.js';
import type { PlanDiagnostic } from '../planner/plan.js';
import { address, type DesiredObject, defineKind, type LiveObject, type ValueObject } from './kind.js';
import {
  declaredOrganizations,
  forgetOrganizationIds,
  liveOrganizations,
  organizationId,
  organizationKey,
} from './shared/organizations.js';
import { withoutKeys } from './shared/reads.js';

type Organization = OrganizationRepresentation & ValueObject;

const KIND = 'organization';
/** Fields owned by other kinds (members), not managed (identityProviders) or server ids. */
const NOT_ORGANIZATION_FIELDS = ['id', 'members', 'identityProviders'];

/** What `diagnose` needs from the manifest besides the desired objects, by desired list. */
interface ManifestFacts {
  enabledInManifest: boolean | undefined;
  /** Declared objects that also link identity providers (ignored). */
  linking: DesiredObject<Organization>[];
  /** Keys of entries that declare no alias (the key is their name). */
  nameKeyed: Set<string>;
}
const manifestFacts = new WeakMap<object, ManifestFacts>();

interface ServerFacts {
  enabled: boolean;
}

export const organizationKind = defineKind<Organization>({
  kind: KIND,
  dependsOn: ['realm'],
  describe: 'alias',
  sets: ['attributes.*'],
  keyedArrays: { domains: 'name' },
  desired(manifest) {
    const declared = declaredOrganizations(manifest);
    if (!declared) return undefined;
    const facts: ManifestFacts = {
      enabledInManifest: manifest.representation.organizationsEnabled,
      linking: [],
      nameKeyed: new Set(),
    };
    const out = declared.map(({ key, entry, origin }) => {
      const object = {
        key: [key],
        value: withoutKeys(entry, NOT_ORGANIZATION_FIELDS) as Organization,
        origin,
      };
      if ((entry.identityProviders ?? []).length > 0) facts.linking.push(object);
      if (entry.alias === undefined) facts.nameKeyed.add(key);
      return object;
    });
    manifestFacts.set(out, facts);
    return out;
  },
  async read(ctx) {
    const { organizations } = await liveOrganizations(ctx);
    return organizations.map((org) => ({
      key: [organizationKey(org)],
      value: withoutKeys(org, NOT_ORGANIZATION_FIELDS) as Organization,
      id: org.id,
    }));
  },
  async readFacts(ctx, { realmExists }): Promise<ServerFacts> {
    // A new realm starts with organizations off.
    return { enabled: realmExists && (await liveOrganizations(ctx)).enabled };
  },
  diagnose(desired, live, facts) {
    const known = manifestFacts.get(desired);
    const out: PlanDiagnostic[] = [];
    // The manifest's setting wins: the realm kind applies it before any organization is written.
    const enabled = known?.enabledInManifest ?? (facts as ServerFacts | undefined)?.enabled ?? false;
    if (!enabled && (desired.length > 0 || live.length > 0)) {
      out.push({
        severity: 'error',
        summary:
          'organizations are disabled in this realm: set `organizationsEnabled: true` in the manifest (a realm setting) to manage them',
        path: 'organizations',
      });
    }
    for (const object of known?.linking ?? []) {
      out.push(
        at(
          object,
          'warning',
          'its `identityProviders` are not managed by this realmform version and are ignored',
        ),
      );
    }
    out.push(...renamedAliases(desired, live, known?.nameKeyed ?? new Set()));
    return out;
  },
  async create(ctx, desired) {
    const value = desired.value;
    // Keycloak needs a name; files that only add members may give just the alias.
    await ctx.admin.createOrganization({ ...value, name: value.name ?? value.alias });
    forgetOrganizationIds(ctx);
  },
  async update(ctx, desired, live) {
    const id = live.id ?? (await organizationId(ctx, live.key[0] ?? ''));
    // Read-modify-write: a PUT removes the description, redirect URL and domains it leaves out.
    const current = await ctx.admin.getOrganization(id);
    await ctx.admin.updateOrganization(id, merge(current, desired.value));
  },
  async delete(ctx, live) {
    await ctx.admin.deleteOrganization(live.id ?? (await organizationId(ctx, live.key[0] ?? '')));
    forgetOrganizationIds(ctx);
  },
});

/** The current organization with the declared fields over it; attributes by key, domains by name. */
function merge(current: OrganizationRepresentation, wanted: Organization): OrganizationRepresentation {
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
  desired: readonly DesiredObject<Organization>[],
  live: readonly LiveObject<Organization>[],
  nameKeyed: ReadonlySet<string>,
): PlanDiagnostic[] {
  const liveKeys = new Set(live.map((object) => object.key[0]));
  return desired.flatMap((object) => {
    const name = object.key[0] ?? '';
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
