import { beforeAll, expect, it } from 'vitest';
import {
  collect,
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakPostError,
  KeycloakPutError,
} from '../../src/client/index.js';
import type {
  GroupRepresentation,
  ServerInfoRepresentation,
  UserRepresentation,
} from '../../src/client/types/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak, serverHas, useTestRealm } from '../support/keycloak.js';

const UNKNOWN_ID = '00000000-0000-0000-0000-000000000000';

describeWithKeycloak('groups', () => {
  const realm = useTestRealm('groups', {
    users: [
      { username: 'member-a', enabled: true },
      { username: 'member-b', enabled: true },
      { username: 'member-c', enabled: true },
    ],
  });
  const userIds: Record<string, string> = {};

  beforeAll(async () => {
    const response = await realm.admin.rawGet(`/admin/realms/${realm.name}/users`, { query: { max: 50 } });
    for (const user of response.json<UserRepresentation[]>()) {
      if (user.username && user.id) userIds[user.username] = user.id;
    }
    expect(Object.keys(userIds)).toHaveLength(3);
  });

  it('creates a hierarchy, reports conflicts and skips existing groups by name', async () => {
    const admin = realm.admin;
    const topId = await admin.createGroup({ name: 'hier-top', attributes: { kind: ['root'] } });
    const kidId = await admin.createGroup({ name: 'hier-kid' }, { parent: topId });
    const grandkidId = await admin.createGroup({ name: 'hier-grandkid' }, { parent: kidId });
    expect(new Set([topId, kidId, grandkidId]).size).toBe(3);

    const top = await admin.getGroup(topId);
    expect(top).toMatchObject({
      id: topId,
      name: 'hier-top',
      path: '/hier-top',
      attributes: { kind: ['root'] },
    });
    const grandkid = await admin.getGroup(grandkidId);
    expect(grandkid).toMatchObject({ path: '/hier-top/hier-kid/hier-grandkid', parentId: kidId });

    const topConflict = await failure(admin.createGroup({ name: 'hier-top' }));
    expect(topConflict).toBeInstanceOf(KeycloakPostError);
    expect((topConflict as KeycloakPostError).responseCode).toBe(409);
    expect((topConflict as KeycloakPostError).serverMessage).toContain(
      "group named 'hier-top' already exists",
    );
    const kidConflict = await failure(admin.createGroup({ name: 'hier-kid' }, { parent: topId }));
    expect((kidConflict as KeycloakPostError).responseCode).toBe(409);
    expect((kidConflict as KeycloakPostError).serverMessage).toContain("'hier-kid' already exists");

    await expect(admin.createGroup({ name: 'hier-top' }, { skipExists: true })).resolves.toBe(topId);
    await expect(admin.createGroup({ name: 'hier-kid' }, { parent: topId, skipExists: true })).resolves.toBe(
      kidId,
    );
    // The same name below another parent is a different group.
    const elsewhere = await admin.createGroup({ name: 'hier-kid' }, { parent: kidId, skipExists: true });
    expect(elsewhere).not.toBe(kidId);
    expect((await admin.getGroup(elsewhere)).path).toBe('/hier-top/hier-kid/hier-kid');

    const missingParent = await failure(admin.createGroup({ name: 'orphan' }, { parent: UNKNOWN_ID }));
    expect(missingParent).toBeInstanceOf(KeycloakPostError);
    expect((missingParent as KeycloakPostError).responseCode).toBe(404);
  });

  it('lists top-level groups with their children and loads the full hierarchy when asked', async () => {
    const admin = realm.admin;
    const rootId = await admin.createGroup({ name: 'tree-root' });
    const branchId = await admin.createGroup({ name: 'tree-branch' }, { parent: rootId });
    const leafId = await admin.createGroup({ name: 'tree-leaf' }, { parent: branchId });

    // Without fullHierarchy the first level is loaded (python's shape), not the levels below.
    const brief = (await admin.getGroups()).find((group) => group.id === rootId);
    expect(brief?.subGroupCount).toBe(1);
    expect(brief?.subGroups?.map((group) => group.id)).toEqual([branchId]);
    expect(brief?.subGroups?.[0]?.subGroups ?? []).toHaveLength(0);
    const all = await admin.getGroups();
    expect(all.every((group) => !group.parentId)).toBe(true);
    expect(all.map((group) => group.id)).not.toContain(branchId);

    const full = (await admin.getGroups({ fullHierarchy: true })).find((group) => group.id === rootId);
    expect(full?.subGroups?.map((group) => group.id)).toEqual([branchId]);
    expect(full?.subGroups?.[0]?.subGroups?.map((group) => group.id)).toEqual([leafId]);
    expect(full?.subGroups?.[0]?.subGroups?.[0]?.subGroups).toEqual([]);

    const single = await admin.getGroup(rootId, { fullHierarchy: true });
    expect(single.subGroups?.[0]?.subGroups?.[0]?.path).toBe('/tree-root/tree-branch/tree-leaf');

    const searched = await admin.getGroups({ query: { search: 'tree-leaf' } });
    expect(searched.map((group) => group.id)).toEqual([rootId]);
    expect(searched[0]?.subGroups?.[0]?.subGroups?.[0]?.id).toBe(leafId);

    const children = await admin.getGroupChildren(rootId, { fullHierarchy: true });
    expect(children.map((group) => group.id)).toEqual([branchId]);
    expect(children[0]?.subGroups?.map((group) => group.id)).toEqual([leafId]);
  });

  it('pages through groups and children beyond the server default page', async () => {
    const admin = realm.admin;
    const parentId = await admin.createGroup({ name: 'many-parent' });
    const names = Array.from({ length: 12 }, (_, i) => `many-${String(i).padStart(2, '0')}`);
    for (const name of names) await admin.createGroup({ name }, { parent: parentId });

    // The children endpoint answers only 10 when no max is given; getGroupChildren reads all.
    const children = await admin.getGroupChildren(parentId);
    expect(children.map((group) => group.name).sort()).toEqual(names);
    const iterated = await collect(admin.iterGroupChildren(parentId, { pageSize: 5 }));
    expect(iterated.map((group) => group.name).sort()).toEqual(names);
    const page = await admin.getGroupChildren(parentId, { query: { first: 10, max: 5 } });
    expect(page).toHaveLength(2);

    const topLevel = await admin.getGroups();
    const iteratedTop = await collect(admin.iterGroups({ pageSize: 2 }));
    expect(iteratedTop.map((group) => group.id)).toEqual(topLevel.map((group) => group.id));
    expect(await admin.getGroups({ query: { first: 0, max: 1 } })).toHaveLength(1);
    const withTree = await collect(
      admin.iterGroups({ fullHierarchy: true, query: { search: 'many-parent' } }),
    );
    expect(withTree.find((group) => group.id === parentId)?.subGroups).toHaveLength(12);

    const count = await admin.getGroupsCount();
    const topCount = await admin.getGroupsCount({ top: true });
    expect(topCount).toBe(topLevel.length);
    expect(count).toBeGreaterThanOrEqual(topCount + 12);
    await expect(admin.getGroupsCount({ search: 'many-', top: false })).resolves.toBeGreaterThanOrEqual(12);
  });

  it('finds groups by path and walks subgroups', async () => {
    const admin = realm.admin;
    const aId = await admin.createGroup({ name: 'path-a' });
    const bId = await admin.createGroup({ name: 'path-b' }, { parent: aId });
    const cId = await admin.createGroup({ name: 'path c' }, { parent: bId });

    expect((await admin.getGroupByPath('/path-a'))?.id).toBe(aId);
    expect((await admin.getGroupByPath('path-a'))?.id).toBe(aId);
    expect(await admin.getGroupByPath('/path-a/path-b', { searchInSubgroups: false })).toBeUndefined();
    expect((await admin.getGroupByPath('/path-a/path-b'))?.id).toBe(bId);
    expect((await admin.getGroupByPath('/path-a/path-b', { searchInSubgroups: true }))?.id).toBe(bId);
    expect((await admin.getGroupByPath('/path-a/path-b/path c', { searchInSubgroups: true }))?.id).toBe(cId);
    expect(await admin.getGroupByPath('/path-a/nothing', { searchInSubgroups: true })).toBeUndefined();

    // getGroups loads the first level (python's shape); a group without loaded children makes
    // getSubgroups read them as needed.
    const top = (await admin.getGroups()).find((group) => group.id === aId) as GroupRepresentation;
    expect(top.subGroups?.map((group) => group.id)).toEqual([bId]);
    const briefTop: GroupRepresentation = { ...top, subGroups: [] };
    expect((await admin.getSubgroups(briefTop, '/path-a/path-b/path c'))?.id).toBe(cId);
    expect((await admin.getSubgroups(briefTop, '/path-a/path-b'))?.id).toBe(bId);
    expect(await admin.getSubgroups(briefTop, '/path-a/missing')).toBeUndefined();
    const loaded = await admin.getGroup(aId, { fullHierarchy: true });
    expect((await admin.getSubgroups(loaded, '/path-a/path-b/path c'))?.name).toBe('path c');
  });

  it('updates a group without touching its children', async () => {
    const admin = realm.admin;
    const id = await admin.createGroup({ name: 'upd-before' });
    const childId = await admin.createGroup({ name: 'upd-child' }, { parent: id });
    const current = await admin.getGroup(id);
    await admin.updateGroup(id, { ...current, name: 'upd-after', attributes: { team: ['blue', 'red'] } });
    const updated = await admin.getGroup(id, { fullHierarchy: true });
    expect(updated).toMatchObject({
      name: 'upd-after',
      path: '/upd-after',
      attributes: { team: ['blue', 'red'] },
    });
    expect(updated.subGroups?.map((group) => group.id)).toEqual([childId]);
    expect((await admin.getGroup(childId)).path).toBe('/upd-after/upd-child');

    const error = await failure(admin.updateGroup(UNKNOWN_ID, { name: 'x' }));
    expect(error).toBeInstanceOf(KeycloakPutError);
    expect((error as KeycloakPutError).responseCode).toBe(404);
  });

  it('adds and removes members', async () => {
    const admin = realm.admin;
    const groupId = await admin.createGroup({ name: 'members' });
    expect(await admin.getGroupMembers(groupId)).toEqual([]);
    for (const name of ['member-a', 'member-b', 'member-c']) {
      await admin.groupUserAdd(userIds[name] as string, groupId);
    }
    await admin.groupUserAdd(userIds['member-a'] as string, groupId); // idempotent

    const members = await admin.getGroupMembers(groupId);
    expect(members.map((user) => user.username).sort()).toEqual(['member-a', 'member-b', 'member-c']);
    const iterated = await collect(admin.iterGroupMembers(groupId, { pageSize: 2 }));
    expect(iterated.map((user) => user.id).sort()).toEqual(members.map((user) => user.id).sort());
    const page = await admin.getGroupMembers(groupId, {
      query: { first: 1, max: 1, briefRepresentation: true },
    });
    expect(page).toHaveLength(1);

    await admin.groupUserRemove(userIds['member-b'] as string, groupId);
    const after = await admin.getGroupMembers(groupId);
    expect(after.map((user) => user.username).sort()).toEqual(['member-a', 'member-c']);

    const unknownGroup = await failure(admin.groupUserAdd(userIds['member-a'] as string, UNKNOWN_ID));
    expect(unknownGroup).toBeInstanceOf(KeycloakPutError);
    expect((unknownGroup as KeycloakPutError).responseCode).toBe(404);
    expect((unknownGroup as KeycloakPutError).serverMessage).toBe('Group not found');
    const unknownMembers = await failure(admin.getGroupMembers(UNKNOWN_ID));
    expect(unknownMembers).toBeInstanceOf(KeycloakGetError);
    expect((unknownMembers as KeycloakGetError).responseCode).toBe(404);
  });

  it('sets group permissions only where fine-grained admin permissions v1 is enabled', async () => {
    const admin = realm.admin;
    const groupId = await admin.createGroup({ name: 'perms' });
    const info = (await admin.rawGet('/admin/serverinfo')).json<ServerInfoRepresentation>();
    const v1 =
      info.features?.find((feature) => feature.name === 'ADMIN_FINE_GRAINED_AUTHZ')?.enabled === true;
    if (v1) {
      const answer = await admin.groupSetPermissions(groupId, { enabled: true });
      expect(answer.enabled).toBe(true);
      const readBack = await admin.rawGet(
        `/admin/realms/${realm.name}/groups/${groupId}/management/permissions`,
      );
      expect(readBack.json<{ enabled?: boolean }>().enabled).toBe(true);
    } else if (!serverHas('adminPermissionsV2')) {
      // Before v2, a v1 feature that is off makes the write fail with a bare 500.
      const error = await failure(admin.groupSetPermissions(groupId));
      expect(error).toBeInstanceOf(KeycloakPutError);
      expect(error.responseCode).toBe(500);
    } else {
      // Keycloak 26.2+ default (admin permissions v2): the v1 endpoint answers 501.
      const error = await failure(admin.groupSetPermissions(groupId));
      expect(error).toBeInstanceOf(KeycloakPutError);
      expect((error as KeycloakPutError).responseCode).toBe(501);
      expect((error as KeycloakPutError).responseBody).toMatchObject({
        error: 'Feature not enabled',
      });
      expect((error as Error).message).toContain('admin permissions v2');
      expect((error as KeycloakPutError).path).toBe(
        '/admin/realms/{realm}/groups/{id}/management/permissions',
      );
    }
    // The group is looked up before the feature check.
    const unknown = await failure(admin.groupSetPermissions(UNKNOWN_ID, { enabled: false }));
    expect(unknown).toBeInstanceOf(KeycloakPutError);
    expect((unknown as KeycloakPutError).responseCode).toBe(404);
  });

  it('deletes a group with its subgroups and reports unknown ids', async () => {
    const admin = realm.admin;
    const id = await admin.createGroup({ name: 'doomed' });
    const childId = await admin.createGroup({ name: 'doomed-child' }, { parent: id });
    await admin.deleteGroup(id);
    for (const gone of [id, childId]) {
      const error = await failure(admin.getGroup(gone));
      expect(error).toBeInstanceOf(KeycloakGetError);
      expect((error as KeycloakGetError).responseCode).toBe(404);
      expect((error as KeycloakGetError).serverMessage).toBe('Could not find group by id');
    }
    const again = await failure(admin.deleteGroup(id));
    expect(again).toBeInstanceOf(KeycloakDeleteError);
    expect((again as KeycloakDeleteError).responseCode).toBe(404);
    const children = await failure(admin.getGroupChildren(UNKNOWN_ID));
    expect(children).toBeInstanceOf(KeycloakGetError);
    expect((children as KeycloakGetError).responseCode).toBe(404);
  });
});
