/**
 * A realm's objects counted by natural key (`client web`, `client web mapper email`, `flow browser
 * execution 2 auth-cookie`, `component org.keycloak.keys.KeyProvider rsa-generated`, `user alice`
 * …), read from the server with a fault-free client: a key counted twice is a duplicate, and two
 * censuses of the same manifest applied to two realms must be equal (nothing lost). Realm names
 * inside keys (`default-roles-<realm>`) are normalized; realm locks are left out.
 */
import type { KeycloakAdmin } from '../../src/client/index.js';
import type {
  ClientRepresentation,
  ComponentExportRepresentation,
  GroupRepresentation,
  RealmRepresentation,
} from '../../src/client/types/index.js';

export type Census = Map<string, number>;

export async function realmCensus(admin: KeycloakAdmin): Promise<Census> {
  const realm = admin.realmName;
  const census: Census = new Map();
  const add = (...parts: (string | number | undefined)[]) => {
    const key = parts
      .map((part) => String(part ?? ''))
      .join(' ')
      .replaceAll(realm, '<realm>');
    census.set(key, (census.get(key) ?? 0) + 1);
  };
  const exported: RealmRepresentation = await admin.exportRealm({
    exportClients: true,
    exportGroupsAndRoles: true,
  });

  for (const role of exported.roles?.realm ?? []) add('realm-role', role.name);
  for (const [clientId, roles] of Object.entries(exported.roles?.client ?? {}))
    for (const role of roles)
      if (!role.name?.startsWith('realmform-lock')) add('client-role', clientId, role.name);
  for (const client of exported.clients ?? []) censusOfClient(client, add);
  for (const scope of exported.clientScopes ?? []) {
    add('client-scope', scope.name);
    for (const mapper of scope.protocolMappers ?? []) add('client-scope', scope.name, 'mapper', mapper.name);
  }
  const groups = (list: readonly GroupRepresentation[], parent: string) => {
    for (const group of list) {
      const path = `${parent}/${group.name}`;
      add('group', path);
      groups(group.subGroups ?? [], path);
    }
  };
  groups(exported.groups ?? [], '');
  for (const flow of exported.authenticationFlows ?? []) {
    add('flow', flow.alias);
    for (const [index, execution] of (flow.authenticationExecutions ?? []).entries())
      add('flow', flow.alias, 'execution', index, execution.authenticator ?? execution.flowAlias);
  }
  for (const config of exported.authenticatorConfig ?? []) add('authenticator-config', config.alias);
  for (const action of exported.requiredActions ?? []) add('required-action', action.alias);
  for (const provider of exported.identityProviders ?? []) add('identity-provider', provider.alias);
  for (const mapper of exported.identityProviderMappers ?? [])
    add('identity-provider', mapper.identityProviderAlias, 'mapper', mapper.name);
  const components = (byType: Record<string, ComponentExportRepresentation[]>, parent: string) => {
    for (const [type, list] of Object.entries(byType))
      for (const component of list) {
        add('component', parent, type, component.subType, component.name);
        components(component.subComponents ?? {}, `${parent}/${component.name}`);
      }
  };
  components((exported.components ?? {}) as Record<string, ComponentExportRepresentation[]>, '');
  for await (const user of admin.iterUsers({ briefRepresentation: true })) add('user', user.username);
  return census;
}

function censusOfClient(
  client: ClientRepresentation,
  add: (...parts: (string | number | undefined)[]) => void,
): void {
  add('client', client.clientId);
  for (const mapper of client.protocolMappers ?? []) add('client', client.clientId, 'mapper', mapper.name);
  const authz = client.authorizationSettings;
  if (!authz) return;
  for (const resource of authz.resources ?? []) add('client', client.clientId, 'resource', resource.name);
  for (const policy of authz.policies ?? []) add('client', client.clientId, 'policy', policy.name);
  for (const scope of authz.scopes ?? []) add('client', client.clientId, 'authz-scope', scope.name);
}

/** Keys counted more than once. */
export function duplicates(census: Census): string[] {
  return [...census].filter(([, count]) => count > 1).map(([key, count]) => `${key} ×${count}`);
}

/** What one census has that the other lacks (or has a different number of), both ways. */
export function censusDifference(expected: Census, actual: Census): { missing: string[]; extra: string[] } {
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [key, count] of expected) {
    const found = actual.get(key) ?? 0;
    if (found < count) missing.push(`${key} (${found} of ${count})`);
  }
  for (const [key, count] of actual) {
    const wanted = expected.get(key) ?? 0;
    if (count > wanted) extra.push(`${key} (${count}, expected ${wanted})`);
  }
  return { missing, extra };
}
