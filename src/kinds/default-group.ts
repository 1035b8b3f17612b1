/**
 * Default groups (joined by every new user), keyed by group path, from the realm's
 * `defaultGroups` list. A declared list is authoritative: live default groups it leaves out are
 * removed (the groups themselves stay). Paths without a leading `/` are read as top-level paths,
 * as Keycloak's import does.
 *
 * Read: the partial export carries `defaultGroups` (paths), so this kind costs no request of its
 * own; ids come from the export's group tree. Writes: PUT/DELETE `/default-groups/{groupId}`
 * (no client method exists for them; raw calls, small helper below).
 */
import { KeycloakError } from '../client/index.js';
import { defineKind, type KindContext } from './kind.js';
import { groupIdByPath, liveGroups, normalizePath } from './shared/identities/groups.js';
import { readPartialExport } from './shared/server/reads.js';

/** The value is the key: a default group is there or not. */
export const defaultGroupKind = defineKind<{ path: string }, readonly [path: string]>({
  kind: 'default-group',
  // After clients: Keycloak (24.0.5 to 26.7.3, measured) puts the service-account user of a
  // client created after a default group in it, so the order of the two decided where a clone's
  // service accounts ended up (a CI failure, 26.5.6). Now they get only the groups declared.
  dependsOn: ['realm', 'group', 'client'],
  describe: 'group path',
  desired(manifest) {
    return manifest.representation.defaultGroups?.map((path, index) => ({
      key: [normalizePath(path)],
      value: { path: normalizePath(path) },
      origin: { path: `defaultGroups[${index}]`, ...manifest.locate(['defaultGroups', index]) },
    }));
  },
  async read(ctx) {
    const [realm, groups] = await Promise.all([readPartialExport(ctx), liveGroups(ctx)]);
    const ids = new Map(groups.map((entry) => [entry.path, entry.group.id]));
    return (realm.defaultGroups ?? []).map((path) => ({
      key: [path],
      value: { path },
      id: ids.get(path),
    }));
  },
  references(desired) {
    return [{ kind: 'group', key: desired.key, path: '' }];
  },
  async create(ctx, desired) {
    await defaultGroupCall(ctx, 'PUT', await groupIdByPath(ctx, desired.key[0]));
  },
  async update() {
    // The value is the key: nothing can change in place.
  },
  async delete(ctx, live) {
    await defaultGroupCall(ctx, 'DELETE', live.id ?? (await groupIdByPath(ctx, live.key[0])));
  },
});

async function defaultGroupCall(ctx: KindContext, method: 'PUT' | 'DELETE', groupId: string): Promise<void> {
  const path = `/admin/realms/${encodeURIComponent(ctx.realm)}/default-groups/${encodeURIComponent(groupId)}`;
  const response = method === 'PUT' ? await ctx.admin.rawPut(path) : await ctx.admin.rawDelete(path);
  if (!response.ok) {
    throw new KeycloakError('default group change failed', {
      responseCode: response.status,
      responseBody: response.body,
      method,
      path: '/admin/realms/{realm}/default-groups/{groupId}',
    });
  }
}
