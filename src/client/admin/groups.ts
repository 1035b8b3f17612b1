import { KeycloakError, KeycloakPutError } from '../errors.js';
import type {
  GetGroupsOptions,
  GroupMembersOptions,
  GroupsCountOptions,
  GroupsCountRepresentation,
} from '../types/groups.js';
import type {
  GroupRepresentation,
  ManagementPermissionReference,
  UserRepresentation,
} from '../types/representations.js';
import { AdminBase, type ListQuery } from './admin-base.js';

const GROUPS = '/admin/realms/{realm}/groups';
const GROUPS_COUNT = '/admin/realms/{realm}/groups/count';
const GROUP = '/admin/realms/{realm}/groups/{id}';
const GROUP_CHILDREN = '/admin/realms/{realm}/groups/{id}/children';
const GROUP_MEMBERS = '/admin/realms/{realm}/groups/{id}/members';
const GROUP_BY_PATH = '/admin/realms/{realm}/group-by-path/{path+}';
const GROUP_PERMISSIONS = '/admin/realms/{realm}/groups/{id}/management/permissions';
const USER_GROUP = '/admin/realms/{realm}/users/{userId}/groups/{groupId}';

export class GroupsApi extends AdminBase {
  /**
   * Top-level groups of the realm (all pages unless `query` has `first`/`max`). Keycloak 26 sends
   * them without children (`subGroupCount` set); as python does, `subGroups` is filled with the
   * direct children (one request per group that has some), and with `fullHierarchy` with every
   * level below. With `query.search` the server nests the matching descendants itself.
   */
  async getGroups(options: GetGroupsOptions = {}): Promise<GroupRepresentation[]> {
    const groups = await this.list<GroupRepresentation>(GROUPS, {
      query: options.query,
      pageSize: options.pageSize,
    });
    if (!options.query?.search && !options.query?.q) await this.fillSubGroups(groups, options.fullHierarchy);
    return groups;
  }

  /** Pages through the top-level groups (`first`/`max` in `query` bound the walk). */
  async *iterGroups(options: GetGroupsOptions = {}): AsyncGenerator<GroupRepresentation, void, undefined> {
    for await (const group of this.paginate<GroupRepresentation>(GROUPS, {
      query: options.query,
      pageSize: options.pageSize,
    })) {
      await this.fillSubGroups([group], options.fullHierarchy);
      yield group;
    }
  }

  /**
   * One group with attributes and role names; `subGroups` holds its direct children (python's
   * shape; Keycloak ignores `subGroups` when the group is written back), every level with
   * `fullHierarchy`. `query` (`first`, `max`, `search`) selects the children read, and cannot be
   * combined with `fullHierarchy`.
   */
  async getGroup(
    groupId: string,
    options: { fullHierarchy?: boolean; query?: ListQuery } = {},
  ): Promise<GroupRepresentation> {
    const group = await this.get<GroupRepresentation>(GROUP, { params: { id: groupId } });
    await this.fillSubGroups([group], options.fullHierarchy, options.query);
    return group;
  }

  /**
   * Direct children of a group (all pages unless `query` has `first`/`max`; the server's own
   * default page is only 10). `fullHierarchy` loads the levels below as well; it cannot be
   * combined with `query` (TypeError, python's ValueError).
   */
  async getGroupChildren(groupId: string, options: GetGroupsOptions = {}): Promise<GroupRepresentation[]> {
    if (options.fullHierarchy && options.query && Object.keys(options.query).length > 0) {
      throw new TypeError('Cannot use both query and fullHierarchy');
    }
    const children = await this.list<GroupRepresentation>(GROUP_CHILDREN, {
      params: { id: groupId },
      query: options.query,
      pageSize: options.pageSize,
    });
    if (options.fullHierarchy) await loadHierarchy(children, (id) => this.getGroupChildren(id));
    return children;
  }

  /** Pages through the direct children of a group. */
  async *iterGroupChildren(
    groupId: string,
    options: GetGroupsOptions = {},
  ): AsyncGenerator<GroupRepresentation, void, undefined> {
    for await (const group of this.paginate<GroupRepresentation>(GROUP_CHILDREN, {
      params: { id: groupId },
      query: options.query,
      pageSize: options.pageSize,
    })) {
      if (options.fullHierarchy) await loadHierarchy([group], (id) => this.getGroupChildren(id));
      yield group;
    }
  }

  /**
   * Finds the descendant of `group` whose `path` is `path`, or `undefined`. Walks the loaded
   * `subGroups`; because Keycloak 26 no longer nests children in group answers, levels that are
   * not loaded are read from the server (only along the branch that leads to `path`), so unlike
   * python-keycloak this method is asynchronous.
   */
  async getSubgroups(group: GroupRepresentation, path: string): Promise<GroupRepresentation | undefined> {
    let children = group.subGroups ?? [];
    if (children.length === 0 && group.id && (group.subGroupCount ?? 0) > 0) {
      children = await this.getGroupChildren(group.id);
    }
    for (const child of children) {
      if (child.path === path) return child;
      if (child.path && path.startsWith(`${child.path}/`)) {
        const found = await this.getSubgroups(child, path);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** Members (users) of a group: all pages unless `query` has `first`/`max`. */
  getGroupMembers(groupId: string, options: GroupMembersOptions = {}): Promise<UserRepresentation[]> {
    return this.list<UserRepresentation>(GROUP_MEMBERS, {
      params: { id: groupId },
      query: options.query,
      pageSize: options.pageSize,
    });
  }

  /** Pages through the members of a group. */
  iterGroupMembers(
    groupId: string,
    options: GroupMembersOptions = {},
  ): AsyncGenerator<UserRepresentation, void, undefined> {
    return this.paginate<UserRepresentation>(GROUP_MEMBERS, {
      params: { id: groupId },
      query: options.query,
      pageSize: options.pageSize,
    });
  }

  /**
   * The group at `path` (`/parent/child`; a bare top-level name works too), at any depth as in
   * python-keycloak 7, or `undefined` when there is none (python raises KeycloakGetError).
   * `searchInSubgroups: false` accepts top-level groups only. One request, whatever the depth.
   */
  async getGroupByPath(
    path: string,
    options: { searchInSubgroups?: boolean } = {},
  ): Promise<GroupRepresentation | undefined> {
    // Segments encoded one by one, without the leading slash (every version finds the group so).
    const segments = path.replace(/^\/+/, '');
    if (!segments) return undefined;
    const response = await this.call('GET', GROUP_BY_PATH, {
      params: { path: segments },
      expected: [200, 404],
    });
    if (response.status === 404) return undefined;
    const group = response.json<GroupRepresentation>();
    if (options.searchInSubgroups === false && group.parentId) return undefined;
    return group;
  }

  /**
   * Creates a group, below `parent` (a group id) when given, and returns its id. With
   * `skipExists`, a group of the same name at the same level is not an error: its id is returned.
   * Keycloak quirk: a payload carrying the `id` of an existing group moves that group here.
   */
  createGroup(
    payload: GroupRepresentation,
    options: { parent?: string; skipExists?: boolean } = {},
  ): Promise<string> {
    const { parent } = options;
    const lookup = async (): Promise<string | undefined> => {
      if (!payload.name) return payload.id;
      const query = { search: payload.name, exact: true, briefRepresentation: true };
      const candidates = parent
        ? await this.getGroupChildren(parent, { query })
        : (await this.getGroups({ query })).filter((group) => !group.parentId);
      return candidates.find((group) => group.name === payload.name)?.id;
    };
    if (parent) {
      return this.create(GROUP_CHILDREN, payload, lookup, {
        params: { id: parent },
        existOk: options.skipExists,
      });
    }
    return this.create(GROUPS, payload, lookup, { existOk: options.skipExists });
  }

  /** Replaces a group's name, description and attributes; children and role mappings are not touched. */
  async updateGroup(groupId: string, payload: GroupRepresentation): Promise<void> {
    await this.put(GROUP, payload, { params: { id: groupId } });
  }

  /**
   * Enables or disables fine-grained admin permissions (v1) for a group. Keycloak 26.2+ runs
   * admin permissions v2, where this endpoint answers 501 "Feature not enabled" (also in realms
   * with `adminPermissionsEnabled`): v2 is switched on per realm and its permissions live in the
   * realm's `admin-permissions` client. That answer is raised as python's KeycloakPutError (status
   * 501, server message kept) with a message that says so; servers with the v1 feature still work.
   */
  async groupSetPermissions(
    groupId: string,
    options: { enabled?: boolean } = {},
  ): Promise<ManagementPermissionReference> {
    try {
      const response = await this.call('PUT', GROUP_PERMISSIONS, {
        params: { id: groupId },
        body: { enabled: options.enabled ?? true },
      });
      return response.json<ManagementPermissionReference>();
    } catch (error) {
      if (error instanceof KeycloakError && error.responseCode === 501) {
        throw new KeycloakPutError(
          'Group permissions (fine-grained admin permissions v1) are not enabled on this server; ' +
            "Keycloak 26.2+ uses admin permissions v2 (realm 'adminPermissionsEnabled')",
          { responseCode: 501, responseBody: error.responseBody, method: 'PUT', path: GROUP_PERMISSIONS },
        );
      }
      throw error;
    }
  }

  /** Makes a user a member of a group (idempotent). */
  async groupUserAdd(userId: string, groupId: string): Promise<void> {
    await this.put(USER_GROUP, undefined, { params: { userId, groupId } });
  }

  /** Removes a user from a group (no error when the user was not a member). */
  async groupUserRemove(userId: string, groupId: string): Promise<void> {
    await this.delete(USER_GROUP, { params: { userId, groupId } });
  }

  /** Deletes a group with all its subgroups. */
  async deleteGroup(groupId: string): Promise<void> {
    await this.delete(GROUP, { params: { id: groupId } });
  }

  /** Number of groups in the realm (all levels unless `top`). */
  async getGroupsCount(options: GroupsCountOptions = {}): Promise<number> {
    const answer = await this.get<GroupsCountRepresentation>(GROUPS_COUNT, {
      query: { search: options.search, top: options.top },
    });
    return answer.count ?? 0;
  }

  /**
   * The group count as the server answers it, `{ count }` (python's return value); `query`
   * takes `search` and `top`.
   * @alias getGroupsCount
   */
  groupsCount(query: GroupsCountOptions = {}): Promise<GroupsCountRepresentation> {
    return this.get<GroupsCountRepresentation>(GROUPS_COUNT, {
      query: { search: query.search, top: query.top },
    });
  }

  /** python's shape: `subGroups` with the direct children, every level with `fullHierarchy`. */
  private async fillSubGroups(
    groups: GroupRepresentation[],
    fullHierarchy: boolean | undefined,
    query?: ListQuery,
  ): Promise<void> {
    for (const group of groups) {
      if (!group.id || !group.subGroupCount) {
        group.subGroups ??= [];
        continue;
      }
      group.subGroups = await this.getGroupChildren(group.id, { fullHierarchy, query });
    }
  }
}

/** Fills `subGroups` of each group, level by level, with all descendants. */
async function loadHierarchy(
  groups: GroupRepresentation[],
  children: (groupId: string) => Promise<GroupRepresentation[]>,
): Promise<void> {
  for (const group of groups) {
    if (!group.id || group.subGroupCount === 0) {
      group.subGroups ??= [];
      continue;
    }
    const loaded = await children(group.id);
    await loadHierarchy(loaded, children);
    group.subGroups = loaded;
  }
}
