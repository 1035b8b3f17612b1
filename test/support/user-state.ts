/**
 * What a realm holds for some users (profile, groups, direct role mappings), for tests that
 * compare two ways of writing the same users: compare the results with the realm names replaced.
 */
import type { KeycloakAdmin } from '../../src/client/index.js';

export async function usersState(
  view: KeycloakAdmin,
  usernames: readonly string[],
): Promise<Record<string, unknown>> {
  const users: Record<string, unknown> = {};
  for (const username of usernames) {
    const found = await view.getUserByUsername(username);
    const id = found?.id ?? '';
    const mappings = await view.getUserRoleMappings(id);
    users[username] = {
      email: found?.email,
      firstName: found?.firstName,
      realm: (mappings.realmMappings ?? []).map((role) => role.name).sort(),
      client: Object.fromEntries(
        Object.entries(mappings.clientMappings ?? {})
          .map(([clientId, entry]) => [clientId, (entry.mappings ?? []).map((role) => role.name).sort()])
          .sort(),
      ),
      groups: (await view.getUserGroups(id)).map((group) => group.path).sort(),
    };
  }
  return users;
}
