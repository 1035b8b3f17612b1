/**
 * A user's group memberships (`users[].groups`, group paths), by username. Authoritative for a
 * user that declares `groups`: memberships not listed are removed; users that do not declare
 * `groups` (and undeclared users) are left alone.
 *
 * Default groups: Keycloak adds every new user to the realm's default groups. As with
 * `default-roles-<realm>` for role mappings, a membership in a default group (live
 * `defaultGroups` or the manifest's) is neither removed nor added unless the user lists that
 * group: it is left out of the live value too, so plans stay empty. A listed default group is
 * compared like any other.
 *
 * read(): the cheaper of two directions. Per user: one `GET /users/{id}/groups` per declared
 * user that declares `groups` and exists. Per group: one paged `GET /groups/{id}/members` per
 * group of the realm (the partial export has the whole tree; default groups nobody lists are
 * skipped, their memberships are never compared), chosen when there are fewer such groups than
 * users to read. 8 requests at a time either way; the default groups come from the partial export.
 */

import type { GroupRepresentation } from '../client/types/index.js';
import { mapConcurrently } from '../core/concurrency.js';
import type { KindContext, Reference } from './kind.js';
import { defineKind } from './kind.js';
import { groupIdByPath } from './shared/identities/groups.js';
import {
  chooseDirection,
  type Direction,
  type GroupRef,
  membershipsByUser,
} from './shared/identities/members.js';
import {
  type DeclaredUser,
  declaredUsers,
  existingDeclaredUsers,
  groupPath,
  groupsJoinedOnCreate,
  ownerReferences,
  userIdOf,
  withOwner,
} from './shared/identities/users.js';
import { readPartialExport } from './shared/server/reads.js';

interface UserGroups extends Record<string, unknown> {
  groups: string[];
}

/** `direction` forces the read direction (tests compare both); by default the cheaper one. */
export function makeUserGroupKind(options: { direction?: Direction } = {}) {
  return defineKind<UserGroups, readonly [username: string]>({
    kind: 'user-group',
    // Users are independent of each other: applied all at once under the applier's limit.
    parallel: true,
    dependsOn: ['user', 'group', 'client'],
    sets: ['groups'],
    desired(manifest) {
      const users = declaredUsers(manifest);
      if (users === undefined) return undefined;
      return users.filter(declaresGroups).map((user) => ({
        key: [user.key],
        value: withOwner({ groups: (user.entry.groups ?? []).map(groupPath) }, user),
        origin: user.origin,
      }));
    },
    // Only the declared users' memberships are ever read or changed.
    authoritative: () => false,
    references(desired) {
      const references: Reference[] = desired.value.groups.map((path, index) => ({
        kind: 'group',
        key: [path],
        path: `groups[${index}]`,
      }));
      return [...references, ...ownerReferences(desired.value)];
    },
    async read(ctx) {
      const existing = await existingDeclaredUsers(ctx, declaresGroups);
      if (existing.length === 0) return [];
      const defaults = await defaultGroupPaths(ctx);
      const groupsOf = await membershipReader(ctx, existing, defaults, options.direction);
      return mapConcurrently(existing, async ({ user, id }) => {
        const listed = (user.entry.groups ?? []).map(groupPath);
        const paths = await groupsOf(id);
        const owned = paths.filter((path) => !defaults.has(path) || listed.includes(path));
        return { key: [user.key] as const, id, value: { groups: owned } };
      });
    },
    async create(ctx, desired) {
      const [key] = desired.key;
      // A new user's POST carries its groups (user.ts): only what it did not join is left.
      await setGroups(ctx, key, desired.value.groups, groupsJoinedOnCreate(ctx, key) ?? []);
    },
    async update(ctx, desired, live) {
      await setGroups(ctx, desired.key[0], desired.value.groups, live.value.groups);
    },
  });
}

export const userGroupKind = makeUserGroupKind();

function declaresGroups(user: DeclaredUser): boolean {
  return user.entry.groups !== undefined;
}

/**
 * The live group paths of a user by id: per user, or from the member lists of the groups that
 * matter (all but default groups no declared user lists) when those are fewer than the users.
 */
async function membershipReader(
  ctx: KindContext,
  users: readonly { user: DeclaredUser; id: string }[],
  defaults: ReadonlySet<string>,
  forced: Direction | undefined,
): Promise<(id: string) => Promise<string[]>> {
  const listed = new Set(users.flatMap(({ user }) => (user.entry.groups ?? []).map(groupPath)));
  const groups = flatten((await readPartialExport(ctx)).groups ?? []).filter(
    (group) => !defaults.has(group.path) || listed.has(group.path),
  );
  if (chooseDirection(forced, groups.length, users.length) === 'per-user') {
    return async (id) => {
      const groups = await ctx.admin.getUserGroups(id, { briefRepresentation: true });
      return groups.flatMap((group) => (group.path ? [group.path] : []));
    };
  }
  const byUser = await membershipsByUser(ctx, groups);
  return async (id) => byUser.get(id) ?? [];
}

function flatten(groups: readonly GroupRepresentation[]): GroupRef[] {
  return groups.flatMap((group) => [
    ...(group.id && group.path ? [{ id: group.id, path: group.path }] : []),
    ...flatten(group.subGroups ?? []),
  ]);
}

/** The realm's default groups: the live ones and the ones the manifest declares. */
async function defaultGroupPaths(ctx: KindContext): Promise<Set<string>> {
  const live = (await readPartialExport(ctx)).defaultGroups ?? [];
  return new Set([...live, ...(ctx.manifest.representation.defaultGroups ?? [])].map(groupPath));
}

async function setGroups(
  ctx: KindContext,
  key: string,
  wanted: readonly string[],
  current: readonly string[],
) {
  const add = wanted.filter((path) => !current.includes(path));
  const remove = current.filter((path) => !wanted.includes(path));
  if (add.length === 0 && remove.length === 0) return;
  const userId = await userIdOf(ctx, key);
  // Group ids: remembered from the group's create in this apply, else one lookup per group.
  for (const path of add) await ctx.admin.groupUserAdd(userId, await groupIdByPath(ctx, path));
  for (const path of remove) await ctx.admin.groupUserRemove(userId, await groupIdByPath(ctx, path));
}
