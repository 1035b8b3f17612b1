/**
 * Organization members, keyed `[organization alias, username]`, from each declared organization's
 * `members` (users by username, or by email where the username is left out). Authoritative per
 * organization that declares `members`: its other members are removed (the users stay); an
 * organization that does not declare `members` keeps its members. Managed members (who joined
 * through an identity provider linked to the organization) are never removed.
 *
 * Members must be users of the realm: declared in the manifest or present on the server (users
 * are additive, so the user kind does not know every live user): the plan checks the others
 * with one exact lookup each. Reads: one paged member listing per organization that declares
 * `members`, plus the organization list shared with the organization kind.
 */
import { mapConcurrently } from '../core/concurrency.js';
import type { PlanDiagnostic } from '../core/diagnostics.js';
import { address, type DesiredObject, defineKind, type KindContext, type ManifestView } from './kind.js';
import {
  declaredOrganizations,
  liveOrganizations,
  organizationId,
  organizationKey,
} from './shared/federation/organizations.js';
import { declaredUsers, userIdOf } from './shared/identities/users.js';

const KIND = 'organization-member';

type MemberKey = readonly [organization: string, username: string];

interface DeclaredMember {
  key: MemberKey;
  origin: DesiredObject['origin'];
}

function declaredMembers(manifest: ManifestView): DeclaredMember[] | undefined {
  const organizations = declaredOrganizations(manifest);
  if (!organizations) return undefined;
  return organizations.flatMap(({ key, entry, index }) =>
    (entry.members ?? []).map((member, position) => {
      const path = ['organizations', index, 'members', position];
      const username = (member.username ?? member.email ?? '').toLowerCase();
      return {
        key: [key, username] as const,
        origin: { path: `organizations[${index}].members[${position}]`, ...manifest.locate(path) },
      };
    }),
  );
}

/** Organizations (by key) whose `members` the manifest declares. */
function organizationsWithMembers(manifest: ManifestView): Set<string> {
  return new Set(
    (declaredOrganizations(manifest) ?? [])
      .filter(({ entry }) => Array.isArray(entry.members))
      .map(({ key }) => key),
  );
}

interface MemberFacts {
  /** Member usernames that are neither declared users nor users on the server. */
  missing: string[];
}

interface MemberState {
  organizationId?: string;
}

export const organizationMemberKind = defineKind<Record<string, never>, MemberKey, MemberState, MemberFacts>({
  kind: KIND,
  dependsOn: ['realm', 'organization', 'user'],
  describe: 'organization alias, username',
  authoritative(manifest) {
    const owned = organizationsWithMembers(manifest);
    return (live) => owned.has(live.key[0]);
  },
  parallel: true,
  desired(manifest) {
    const members = declaredMembers(manifest);
    if (!members) return undefined;
    return members.map(({ key, origin }) => ({ key, value: {}, origin }));
  },
  needs: () => [{ feature: 'organizations', path: '' }],
  async read(ctx) {
    const wanted = organizationsWithMembers(ctx.manifest);
    const { organizations } = await liveOrganizations(ctx);
    const listed = organizations.filter((org) => wanted.has(organizationKey(org)));
    const perOrganization = await mapConcurrently(listed, async (org) => {
      const members = await ctx.admin.getOrganizationMembers(org.id ?? '');
      return members.map((member) => ({
        key: [organizationKey(org), (member.username ?? '').toLowerCase()] as const,
        value: {},
        id: member.id,
        state: { organizationId: org.id },
        // Joined through a linked identity provider: owned by that link, not by the manifest.
        builtIn: member.membershipType === 'MANAGED',
      }));
    });
    return perOrganization.flat();
  },
  async readFacts(ctx, { realmExists }): Promise<MemberFacts> {
    return { missing: await missingUsers(ctx, realmExists) };
  },
  diagnose(desired, _live, facts) {
    const missing = new Set(facts?.missing ?? []);
    return desired
      .filter((object) => missing.has(object.key[1]))
      .map((object): PlanDiagnostic => {
        const addr = address(KIND, object.key);
        return {
          severity: 'error',
          summary: `${addr} refers to user "${object.key[1]}", which is neither declared nor present in Keycloak`,
          address: addr,
          ...(object.origin.file ? { file: object.origin.file } : {}),
          ...(object.origin.line ? { line: object.origin.line } : {}),
          path: object.origin.path,
        };
      });
  },
  references(desired) {
    return [{ kind: 'organization', key: [desired.key[0]], path: '' }];
  },
  async create(ctx, desired) {
    const [alias, username] = desired.key;
    await ctx.admin.addOrganizationMember(await organizationId(ctx, alias), await userIdOf(ctx, username));
  },
  async update() {
    // A membership has nothing to change: the value is always `{}`.
  },
  async delete(ctx, live) {
    const orgId = live.state?.organizationId ?? (await organizationId(ctx, live.key[0]));
    await ctx.admin.removeOrganizationMember(orgId, live.id ?? (await userIdOf(ctx, live.key[1])));
  },
});

/**
 * Member usernames that neither the manifest declares nor the server has: one exact lookup per
 * undeclared username (none for a realm that does not exist yet: it has no users). Found ids
 * are kept for the writes (`userIdOf` in shared/identities/users.ts reads the same memo key).
 */
async function missingUsers(ctx: KindContext, realmExists: boolean): Promise<string[]> {
  const declared = new Set((declaredUsers(ctx.manifest) ?? []).map((user) => user.key));
  const usernames = [...new Set((declaredMembers(ctx.manifest) ?? []).map((member) => member.key[1]))];
  const lookups = usernames.filter((username) => !declared.has(username));
  if (!realmExists) return lookups;
  const found = await mapConcurrently(lookups, async (username) => {
    const id = (await ctx.admin.getUserByUsername(username))?.id;
    if (id) await ctx.memo(`users:id:${username}`, async () => id);
    return id;
  });
  return lookups.filter((_, index) => !found[index]);
}
