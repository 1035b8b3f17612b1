/**
 * Groups, keyed by path (`/ops/oncall`), from the manifest's nested `groups[]` tree: name,
 * description and attributes. Role mappings are the `group-role-mapping` kind; membership
 * belongs to users.
 *
 * Ownership: a declared `groups` collection is authoritative for the whole tree, at every level:
 * a group (top-level or nested) that the manifest does not declare is deleted, so a declared
 * group without `subGroups` ends up without children. (keycloak-config-cli leaves the children
 * of a group without `subGroups` alone; here the plan shows every deletion explicitly instead.)
 * A renamed or moved group is a new path: delete + create.
 *
 * Order: the planner sorts a kind's steps by address and `group["/a"]` sorts before
 * `group["/a/b"]` (`"` collates before `/`), so parents are created first. Deletes run in the
 * same order, parents first: a child of a deleted parent is already gone (404), which counts as
 * done, so every undeclared group in the plan is shown deleted and apply agrees.
 */
import { KeycloakError } from '../client/index.js';
import type { GroupRepresentation } from '../representations/index.js';
import { defineKind } from './kind.js';
import {
  declaredGroups,
  forgetGroupIds,
  groupIdByPath,
  liveGroups,
  originOf,
  rememberGroupId,
} from './shared/identities/groups.js';
import { withoutKeys } from './shared/server/reads.js';

/** Owned by other kinds (subGroups are flattened into objects of their own) or by the server. */
const NOT_GROUP_FIELDS = [
  'id',
  'path',
  'parentId',
  'subGroupCount',
  'subGroups',
  'realmRoles',
  'clientRoles',
  'access',
] as const;

/** What realmform compares of a group: name, description, attributes. */
type GroupValue = Omit<GroupRepresentation, (typeof NOT_GROUP_FIELDS)[number]>;

export const groupKind = defineKind<GroupValue, readonly [path: string]>({
  kind: 'group',
  dependsOn: ['realm'],
  describe: 'group path',
  sets: ['attributes.*'],
  desired(manifest) {
    return declaredGroups(manifest)?.map((entry) => ({
      key: [entry.path],
      value: withoutKeys(entry.group, NOT_GROUP_FIELDS),
      origin: originOf(manifest, entry.trail),
    }));
  },
  references(desired) {
    const parent = parentPathOf(desired.key[0], desired.value.name ?? '');
    return parent ? [{ kind: 'group', key: [parent], path: '' }] : [];
  },
  needs: (desired) =>
    desired.value.description !== undefined ? [{ feature: 'groupDescription', path: 'description' }] : [],
  async read(ctx) {
    return (await liveGroups(ctx)).map((entry) => ({
      key: [entry.path],
      value: withoutKeys(entry.group, NOT_GROUP_FIELDS),
      id: entry.group.id,
    }));
  },
  async create(ctx, desired) {
    const [path] = desired.key;
    const payload = desired.value;
    const name = payload.name ?? '';
    const parentPath = parentPathOf(path, name);
    const parent = parentPath ? await groupIdByPath(ctx, parentPath) : undefined;
    const id = await ctx.admin.createGroup({ ...payload, name }, parent ? { parent } : {});
    rememberGroupId(ctx, path, id);
  },
  async update(ctx, desired, live) {
    // Read-modify-write: the PUT replaces the attribute map; undeclared attributes are kept.
    const id = live.id ?? (await groupIdByPath(ctx, live.key[0]));
    const current = await ctx.admin.getGroup(id);
    const wanted = desired.value;
    const next: GroupRepresentation = {
      ...withoutKeys(current, ['subGroups', 'subGroupCount', 'access']),
      ...wanted,
      attributes: { ...current.attributes, ...wanted.attributes },
    };
    await ctx.admin.updateGroup(id, next);
  },
  async delete(ctx, live) {
    const [path] = live.key;
    try {
      if (live.id) await ctx.admin.deleteGroup(live.id);
    } catch (error) {
      // Already deleted together with its parent earlier in this apply.
      if (!(error instanceof KeycloakError && error.responseCode === 404)) throw error;
    } finally {
      forgetGroupIds(ctx, path);
    }
  },
});

/** The parent's path comes from the name, not from splitting at the last `/`: names may hold `/`. */
function parentPathOf(path: string, name: string): string {
  return path.slice(0, path.length - name.length - 1);
}
