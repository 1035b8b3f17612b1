/**
 * What the run's Keycloak puts into a new realm by itself (built-in clients, client scopes and
 * their realm lists, required actions, components), read once per test file from a scratch realm
 * that is deleted right after. Tests compare against this instead of one version's lists.
 */
import { beforeAll } from 'vitest';
import { masterAdmin, randomName } from './keycloak.js';

export interface FreshRealm {
  clients: string[];
  clientScopes: string[];
  defaultClientScopes: string[];
  optionalClientScopes: string[];
  requiredActions: string[];
  /** Top-level component names by provider type. */
  components: Record<string, string[]>;
  /** Top-level flow aliases. */
  flows: string[];
}

let cached: Promise<FreshRealm> | undefined;

export function freshRealm(): Promise<FreshRealm> {
  cached ??= readFreshRealm();
  return cached;
}

async function readFreshRealm(): Promise<FreshRealm> {
  const name = randomName('fresh');
  const admin = masterAdmin(name);
  try {
    await admin.createRealm({ realm: name, enabled: true });
    const names = (list: { name?: string; clientId?: string }[]) =>
      list.map((item) => item.clientId ?? item.name ?? '').sort();
    const components: Record<string, string[]> = {};
    const realmId = (await admin.getRealm(name)).id;
    for (const component of await admin.getComponents()) {
      if (component.parentId !== realmId || !component.providerType) continue;
      components[component.providerType] = [
        ...(components[component.providerType] ?? []),
        component.name ?? '',
      ];
    }
    for (const list of Object.values(components)) list.sort();
    return {
      clients: names(await admin.getClients()),
      clientScopes: names(await admin.getClientScopes()),
      defaultClientScopes: names(await admin.getDefaultDefaultClientScopes()),
      optionalClientScopes: names(await admin.getDefaultOptionalClientScopes()),
      requiredActions: (await admin.getRequiredActions()).map((action) => action.alias ?? '').sort(),
      components,
      flows: (await admin.getAuthenticationFlows()).map((flow) => flow.alias ?? '').sort(),
    };
  } finally {
    await admin.deleteRealm(name).catch(() => undefined);
    await admin.close();
  }
}

/** Registers a beforeAll (inside a describe) that reads the fresh realm; use `.value` in tests. */
export function useFreshRealm(): { readonly value: FreshRealm } {
  let value: FreshRealm | undefined;
  beforeAll(async () => {
    value = await freshRealm();
  });
  return {
    get value() {
      if (!value) throw new Error('fresh realm not read yet');
      return value;
    },
  };
}
