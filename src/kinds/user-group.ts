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
 * read(): one `GET /users/{id}/groups` per declared user that declares `groups` and exists,
 * 8 at a time (there is no realm-wide membership listing that is cheaper for a few users); the
 * live default groups come from the shared partial export.
 */
import type { KindContext, Reference } from './kind.js';
import { defineKind } from './kind.js';
import { readPartialExport } from './shared/reads.js';
import {
  CONCURRENCY,
  type DeclaredUser,
  declaredUsers,
  groupPath,
  liveDeclaredUsers,
  mapLimit,
  ownerReferences,
  registeredUsers,
  userIdOf,
  withOwner,
} from './shared/users.js';

interface UserGroups extends Record<string, unknown> {
  groups: string[];
}

export const userGroupKind = defineKind<UserGroups>({
  kind: 'user-group',
  // Users are independent of each other: apply up to 8 at once.
  concurrency: 8,
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
    const declared = registeredUsers(ctx).filter(declaresGroups);
    const live = await liveDeclaredUsers(ctx);
    const existing = declared.flatMap((user) => {
      const id = live.get(user.key)?.id;
      return id ? [{ user, id }] : [];
    });
    if (existing.length === 0) return [];
    const defaults = await defaultGroupPaths(ctx);
    return mapLimit(existing, CONCURRENCY, async ({ user, id }) => {
      const listed = (user.entry.groups ?? []).map(groupPath);
      const groups = await ctx.admin.getUserGroups(id, { briefRepresentation: true });
      const owned = groups.flatMap((group) =>
        group.path && (!defaults.has(group.path) || listed.includes(group.path)) ? [group.path] : [],
      );
      return { key: [user.key], id, value: { groups: owned } };
    });
  },
  async create(ctx, desired) {
    await setGroups(ctx, desired.key[0] ?? '', desired.value.groups, []);
  },
  async update(ctx, desired, live) {
    await setGroups(ctx, desired.key[0] ?? '', desired.value.groups, live.value.groups);
  },
});

function declaresGroups(user: DeclaredUser): boolean {
  return user.entry.groups !== undefined;
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
  const userId = await userIdOf(ctx, key);
  const add = wanted.filter((path) => !current.includes(path));
  const remove = current.filter((path) => !wanted.includes(path));
  for (const path of add) await ctx.admin.groupUserAdd(userId, await groupIdOf(ctx, path));
  for (const path of remove) await ctx.admin.groupUserRemove(userId, await groupIdOf(ctx, path));
}

async function groupIdOf(ctx: KindContext, path: string): Promise<string> {
  const memoKey = `users:group-id:${path}`;
  const id = await ctx.memo(
    memoKey,
    async () => (await ctx.admin.getGroupByPath(path, { searchInSubgroups: true }))?.id,
  );
  if (!id) {
    ctx.forget(memoKey);
    throw new Error(`group "${path}" does not exist in realm ${ctx.realm}`);
  }
  return id;
}
