/** A large synthetic realm for benchmarks: clients, roles, groups and users with mappings. */
import type { RealmRepresentation, UserRepresentation } from '../src/client/types/index.js';

export interface RealmSize {
  clients: number;
  realmRoles: number;
  clientRoles: number;
  groups: number;
  users: number;
}

export const FULL_SIZE: RealmSize = {
  clients: 200,
  realmRoles: 500,
  clientRoles: 500,
  groups: 500,
  users: 2000,
};

export function scaled(size: RealmSize, factor: number): RealmSize {
  const scale = (n: number) => Math.max(1, Math.round(n * factor));
  return {
    clients: scale(size.clients),
    realmRoles: scale(size.realmRoles),
    clientRoles: scale(size.clientRoles),
    groups: scale(size.groups),
    users: scale(size.users),
  };
}

const pad = (n: number) => String(n).padStart(4, '0');

export function generateRealm(realm: string, size: RealmSize): RealmRepresentation & { realm: string } {
  const clientIds = Array.from({ length: size.clients }, (_, i) => `app-${pad(i)}`);
  const realmRoles = Array.from({ length: size.realmRoles }, (_, i) => `role-${pad(i)}`);
  const roleClients = clientIds.slice(0, Math.max(1, Math.ceil(size.clientRoles / 5)));
  const clientRoles: Record<string, { name: string }[]> = {};
  let made = 0;
  for (const clientId of roleClients) {
    const roles = [];
    for (let r = 0; r < 5 && made < size.clientRoles; r++, made++) roles.push({ name: `perm-${r}` });
    clientRoles[clientId] = roles;
  }
  const topLevel = Math.max(1, Math.ceil(size.groups / 10));
  const groups = Array.from({ length: topLevel }, (_, t) => ({
    name: `team-${pad(t)}`,
    realmRoles: [realmRoles[t % realmRoles.length] as string],
    subGroups: Array.from(
      { length: Math.min(9, Math.max(0, size.groups - topLevel * 1 - t * 9)) },
      (_, s) => ({
        name: `squad-${s}`,
        realmRoles: [realmRoles[(t * 9 + s) % realmRoles.length] as string],
      }),
    ),
  }));
  const groupPaths = groups.flatMap((group) => [
    `/${group.name}`,
    ...group.subGroups.map((sub) => `/${group.name}/${sub.name}`),
  ]);
  const users = Array.from({ length: size.users }, (_, i) => ({
    username: `user-${pad(i)}`,
    email: `user-${pad(i)}@bench.example`,
    firstName: 'Bench',
    lastName: `User ${i}`,
    enabled: true,
    groups: [groupPaths[i % groupPaths.length] as string],
    realmRoles: [realmRoles[i % realmRoles.length] as string],
  }));
  return {
    realm,
    enabled: true,
    roles: { realm: realmRoles.map((name) => ({ name, description: `Role ${name}` })), client: clientRoles },
    clients: clientIds.map((clientId) => ({
      clientId,
      publicClient: false,
      redirectUris: [`https://${clientId}.bench.example/*`],
      standardFlowEnabled: true,
    })),
    groups,
    users,
  };
}

/**
 * `count` users new to a realm generated with `size` (same groups and roles), named apart by
 * `batch` so each call adds a new set.
 */
export function addedUsers(
  realm: string,
  size: RealmSize,
  count: number,
  batch: number,
): UserRepresentation[] {
  return (generateRealm(realm, { ...size, users: count }).users ?? []).map((entry) => ({
    ...entry,
    username: `${entry.username}-added-${batch}`,
    email: `added-${batch}-${entry.email}`,
  }));
}
