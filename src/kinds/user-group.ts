/**
 * A user's group memberships (`users[].groups`, group paths), by username. Authoritative for a
 * user that declares `groups`: memberships not listed are removed; users that do not declare
 * `groups` (and undeclared users) are left alone.
 * read(): one `GET /users/{id}/groups` per declared user that declares `groups` and exists,
 * 8 at a time (there is no realm-wide membership listing that is cheaper for a few users).
 */
import type { KindContext, Reference } from './kind.js';
import { defineKind } from './kind.js';
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
      return id ? [{ key: user.key, id }] : [];
    });
    return mapLimit(existing, CONCURRENCY, async ({ key, id }) => {
      const groups = await ctx.admin.getUserGroups(id, { briefRepresentation: true });
      return {
        key: [key],
        id,
        value: { groups: groups.flatMap((group) => (group.path ? [group.path] : [])) },
      };
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
