/**
 * Role mappings of groups, keyed by group path: the `realmRoles` and `clientRoles` a group in the
 * manifest's `groups` tree declares. Each of the two is authoritative when declared (roles not
 * listed are unmapped; a `clientRoles` map that leaves a client out unmaps that client's roles)
 * and untouched when absent, as in keycloak-config-cli.
 *
 * `clientRoles` is held as a list keyed by clientId (`[{ clientId, roles }]`) rather than the
 * manifest's map, so the declared-only comparison sees live clients missing from a declared map
 * (diffs read `clientRoles["web"].roles`). Not authoritative as a collection: a group that is not
 * declared is deleted by the group kind, and its mappings go with it.
 */
import type { GroupRepresentation } from '../representations/index.js';
import { type DesiredObject, defineKind, type Reference, type ValueObject } from './kind.js';
import { applyGroupRoles, type ClientRoleList } from './shared/identities/group-roles.js';
import { declaredGroups, groupIdByPath, liveGroups, originOf } from './shared/identities/groups.js';

export interface GroupRoleMapping extends ValueObject {
  realmRoles?: string[];
  clientRoles?: ClientRoleList;
}

type GroupKey = readonly [path: string];

export const groupRoleMappingKind = defineKind<GroupRoleMapping, GroupKey>({
  kind: 'group-role-mapping',
  dependsOn: ['realm', 'group', 'realm-role', 'client-role'],
  describe: 'group path',
  sets: ['realmRoles', 'clientRoles[].roles'],
  keyedArrays: { clientRoles: 'clientId' },
  authoritative: () => false,
  desired(manifest) {
    const entries = declaredGroups(manifest);
    if (!entries) return undefined;
    return entries
      .filter(({ group }) => group.realmRoles !== undefined || group.clientRoles !== undefined)
      .map((entry) => ({
        key: [entry.path],
        value: mappingOf(entry.group, false),
        origin: originOf(manifest, entry.trail),
      }));
  },
  async read(ctx) {
    // Every group, also those without mappings: a declared empty list must compare equal.
    return (await liveGroups(ctx)).map((entry) => ({
      key: [entry.path],
      value: mappingOf(entry.group, true),
      id: entry.group.id,
    }));
  },
  references(desired) {
    return referencesOf(desired);
  },
  async create(ctx, desired) {
    const groupId = await groupIdByPath(ctx, desired.key[0]);
    await applyGroupRoles(ctx, groupId, desired.value, {});
  },
  async update(ctx, desired, live) {
    const groupId = live.id ?? (await groupIdByPath(ctx, live.key[0]));
    await applyGroupRoles(ctx, groupId, desired.value, live.value);
  },
});

/**
 * Manifest shape → comparison shape. Live values fill absent parts with empties and are sorted;
 * desired ones keep the declared order so reference paths point at the right list element.
 */
function mappingOf(group: GroupRepresentation, live: boolean): GroupRoleMapping {
  const order = <T>(items: T[], compare?: (a: T, b: T) => number): T[] =>
    live ? items.sort(compare) : items;
  const value: GroupRoleMapping = {};
  if (live || group.realmRoles !== undefined) value.realmRoles = order([...(group.realmRoles ?? [])]);
  if (live || group.clientRoles !== undefined) {
    value.clientRoles = order(
      Object.entries(group.clientRoles ?? {})
        // A client with no roles is the same as a client left out.
        .filter(([, roles]) => (roles ?? []).length > 0)
        .map(([clientId, roles]) => ({ clientId, roles: order([...roles]) })),
      (a, b) => a.clientId.localeCompare(b.clientId),
    );
  }
  return value;
}

function referencesOf(desired: DesiredObject<GroupRoleMapping, GroupKey>): Reference[] {
  const refs: Reference[] = [{ kind: 'group', key: desired.key, path: '' }];
  for (const [index, role] of (desired.value.realmRoles ?? []).entries()) {
    refs.push({ kind: 'realm-role', key: [role], path: `realmRoles[${index}]` });
  }
  for (const { clientId, roles } of desired.value.clientRoles ?? []) {
    for (const [index, role] of roles.entries()) {
      refs.push({
        kind: 'client-role',
        key: [clientId, role],
        path: `clientRoles[${JSON.stringify(clientId)}][${index}]`,
      });
    }
  }
  return refs;
}
