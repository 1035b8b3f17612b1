/**
 * `realmform export`: reads a live realm (the partial export the kinds read, plus users when
 * asked) and writes it as a minimal manifest. Defaults are learned from the connected server:
 * a scratch realm with a random name is created, given one fresh object of each kind, exported
 * the same way and deleted afterwards (also on failure); every value equal to the scratch
 * realm's is left out. Nothing is cached across runs.
 */
import { randomBytes } from 'node:crypto';
import { type KeycloakAdmin, KeycloakError } from '../client/index.js';
import type { UserProfileConfig, UserRepresentation } from '../client/types/index.js';
import { fetchServerVersion } from '../kinds/shared/server/server-info.js';
import {
  deepEqual,
  type FreshDefaults,
  isPlainObject,
  minimize,
  normalizeExport,
  type Obj,
  renameRealm,
  replaceEverywhere,
  userEntry,
} from './minimize.js';
import { passwordPlaceholder, placeSecrets, type SecretVariable } from './secrets.js';

export interface ExportRealmOptions {
  realm: string;
  /** Write the manifest for a realm of this name (a clone): rewrites name-dependent values. */
  realmName?: string;
  includeUsers?: boolean;
  /** Says what the export is doing (for a progress line). */
  onStep?: (step: string) => void;
}

export interface RealmExport {
  manifest: Obj;
  /** Environment variables a later apply needs (the secrets that were not exported). */
  variables: SecretVariable[];
}

const FRESH = {
  client: 'realmform-fresh-client',
  role: 'realmform-fresh-role',
  scope: 'realmform-fresh-scope',
  group: 'realmform-fresh-group',
  idp: 'realmform-fresh-idp',
  user: 'realmform-fresh-user',
};

export async function exportRealm(admin: KeycloakAdmin, options: ExportRealmOptions): Promise<RealmExport> {
  // Before the scratch realm is created: an unsupported server is refused with nothing written.
  await fetchServerVersion(admin);
  const step = options.onStep ?? (() => {});
  const view = admin.withRealm(options.realm);
  step('reading the realm');
  const exists = await admin.realmExists(options.realm);
  if (!exists) throw new ExportError(`Realm ${options.realm} does not exist`);
  const rawLive = (await view.exportRealm({ exportClients: true, exportGroupsAndRoles: true })) as Obj;
  step('learning the defaults from a scratch realm');
  const {
    scratch,
    fresh,
    userProfile: scratchProfile,
  } = await readScratchRealm(admin, options.realm, options.includeUsers === true);
  const live = normalizeExport(rawLive);
  const manifest = minimize({
    live,
    scratch,
    fresh,
    scratchOnly: {
      clients: [FRESH.client],
      realmRoles: [FRESH.role],
      clientScopes: [FRESH.scope],
      groups: [FRESH.group],
    },
  });

  step('reading admin permissions, the user profile and organizations');
  await adminPermissionsEntry(view, rawLive, manifest);

  // The user profile is exported as `userProfile` (the partial export has it as a component,
  // which minimize() leaves out), only when it differs from a fresh realm's.
  const userProfile = profileEntry(await view.getUserProfile());
  if (!deepEqual(userProfile, profileEntry(scratchProfile))) manifest.userProfile = userProfile;
  const organizations = await readOrganizations(view, options.includeUsers === true);
  if (organizations.length > 0) manifest.organizations = organizations;

  const users: Obj[] = [];
  // Service accounts belong to their clients; their role mappings are configuration.
  for (const user of (live.users as Obj[] | undefined) ?? []) {
    if (typeof user.serviceAccountClientId !== 'string') continue;
    const entry = userEntry(user, undefined, options.realm);
    const { username, ...mappings } = entry;
    const declared = Object.fromEntries(
      Object.entries(mappings).filter(([key]) => ['realmRoles', 'clientRoles', 'groups'].includes(key)),
    );
    if (Object.keys(declared).length > 0) users.push({ username, ...declared });
  }
  const passwordUsers: string[] = [];
  if (options.includeUsers) {
    step('reading users');
    for await (const user of view.iterUsers({ briefRepresentation: false })) {
      // Users of a user-storage provider (LDAP …) come from it, in a clone too: not exported.
      if (user.serviceAccountClientId || !user.id || user.federationLink) continue;
      const read = await readUser(view, user);
      users.push(userEntry(read.user, fresh.user, options.realm));
      if (read.hasPassword) passwordUsers.push(String(user.username));
      step(`reading users (${users.length})`);
    }
  }
  if (users.length > 0)
    manifest.users = users.sort((a, b) => String(a.username).localeCompare(String(b.username)));

  const target = options.realmName ?? options.realm;
  const renamed = renameRealm(manifest, options.realm, target);
  const variables = placeSecrets(renamed, target);
  for (const username of passwordUsers) {
    const entry = ((renamed.users as Obj[] | undefined) ?? []).find((user) => user.username === username);
    if (!entry) continue;
    const { entry: credential, variable } = passwordPlaceholder(target, username);
    entry.credentials = [credential];
    variables.push(variable);
  }
  return { manifest: renamed, variables: variables.sort((a, b) => a.name.localeCompare(b.name)) };
}

export class ExportError extends Error {}

const ADMIN_PERMISSIONS = 'admin-permissions';
const TARGET_TYPES = new Set(['Clients', 'Groups', 'Users', 'Roles']);

/**
 * The `admin-permissions` client (fine-grained admin permissions v2) as a manifest declares it:
 * only its policies and permissions (Keycloak owns the client, its settings, resource types and
 * scopes), permission targets named as `$<clientId>`, `$<group path>`, `$<username>`,
 * `$<role>` or `$<clientId>/<role>` instead of Keycloak's ids, "all of the type" left out.
 * In place; `raw` is the partial export before ids were removed.
 */
async function adminPermissionsEntry(view: KeycloakAdmin, raw: Obj, manifest: Obj): Promise<void> {
  const clients = (manifest.clients as Obj[] | undefined) ?? [];
  const index = clients.findIndex((client) => client.clientId === ADMIN_PERMISSIONS);
  if (index === -1) return;
  const settings = clients[index]?.authorizationSettings;
  const policies =
    isPlainObject(settings) && Array.isArray(settings.policies) ? (settings.policies as Obj[]) : [];
  const names = new Map<string, string>();
  for (const client of (raw.clients as Obj[] | undefined) ?? [])
    if (typeof client.id === 'string') names.set(client.id, String(client.clientId));
  const walkGroups = (groups: unknown, parent: string): void => {
    for (const group of Array.isArray(groups) ? (groups as Obj[]) : []) {
      const path = `${parent}/${String(group.name)}`;
      if (typeof group.id === 'string') names.set(group.id, path);
      walkGroups(group.subGroups, path);
    }
  };
  walkGroups(raw.groups, '');
  const roles = isPlainObject(raw.roles) ? raw.roles : {};
  for (const role of (roles.realm as Obj[] | undefined) ?? [])
    if (typeof role.id === 'string') names.set(role.id, String(role.name));
  for (const [clientId, list] of Object.entries(isPlainObject(roles.client) ? roles.client : {}))
    for (const role of (list as Obj[] | undefined) ?? [])
      if (typeof role.id === 'string') names.set(role.id, `${clientId}/${String(role.name)}`);
  const out: Obj[] = [];
  for (const policy of policies) {
    const config = isPlainObject(policy.config) ? { ...policy.config } : {};
    if (config.defaultResourceType === undefined && typeof policy.resourceType === 'string')
      config.defaultResourceType = policy.resourceType;
    const type = String(config.defaultResourceType ?? '');
    if (TARGET_TYPES.has(type) && typeof config.resources === 'string') {
      const ids = JSON.parse(config.resources) as string[];
      const targets: string[] = [];
      for (const id of ids) {
        if (id === type) continue;
        let name = names.get(id);
        if (name === undefined && type === 'Users')
          name = (await view.getUser(id).catch(() => undefined))?.username;
        targets.push(name === undefined ? id : `$${name}`);
      }
      if (targets.length > 0) config.resources = JSON.stringify(targets.sort());
      else delete config.resources;
    }
    const { resourceType: _, ...rest } = policy;
    out.push({ ...rest, config });
  }
  clients[index] = { clientId: ADMIN_PERMISSIONS, authorizationSettings: { policies: out } };
}

/** The profile as a manifest declares it: `multivalued: false` (Keycloak's default) left out. */
function profileEntry(config: UserProfileConfig): Obj {
  const entry: Obj = {};
  if (config.attributes)
    entry.attributes = config.attributes.map((attribute) => {
      const { multivalued, ...rest } = attribute;
      return multivalued ? attribute : rest;
    });
  if (config.groups) entry.groups = config.groups;
  if (config.unmanagedAttributePolicy) entry.unmanagedAttributePolicy = config.unmanagedAttributePolicy;
  return entry;
}

/**
 * Organizations (none when the realm has them off) with their domains, attributes and linked
 * identity providers; with users, their members too (managed members, who joined through a
 * linked provider, are left out: they come back by logging in). Without users, `members` is
 * left out, so a later apply leaves memberships alone.
 */
async function readOrganizations(view: KeycloakAdmin, withMembers: boolean): Promise<Obj[]> {
  let organizations: Awaited<ReturnType<KeycloakAdmin['getOrganizations']>>;
  try {
    organizations = await view.getOrganizations({ briefRepresentation: false });
  } catch (error) {
    if (error instanceof KeycloakError && error.responseCode === 404) return [];
    throw error;
  }
  if (organizations.length === 0) return [];
  const links = new Map<string, string[]>();
  for (const idp of await view.getIdps({ briefRepresentation: false }))
    if (idp.organizationId && idp.alias)
      links.set(idp.organizationId, [...(links.get(idp.organizationId) ?? []), idp.alias]);
  const out: Obj[] = [];
  for (const org of organizations) {
    const id = String(org.id ?? '');
    const entry: Obj = { name: org.name };
    if (org.alias && org.alias !== org.name) entry.alias = org.alias;
    if (org.enabled === false) entry.enabled = false;
    if (org.description) entry.description = org.description;
    if (org.redirectUrl) entry.redirectUrl = org.redirectUrl;
    const domains = [...(org.domains ?? [])]
      .map((domain) => (domain.verified ? { name: domain.name, verified: true } : { name: domain.name }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    if (domains.length > 0) entry.domains = domains;
    const attributes = Object.fromEntries(
      Object.entries(org.attributes ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, values]) => [key, [...(values ?? [])].sort()]),
    );
    if (Object.keys(attributes).length > 0) entry.attributes = attributes;
    const linked = (links.get(id) ?? []).sort();
    if (linked.length > 0) entry.identityProviders = linked.map((alias) => ({ alias }));
    if (withMembers) {
      const members = (await view.getOrganizationMembers(id))
        .filter((member) => member.membershipType !== 'MANAGED' && member.username)
        .map((member) => String(member.username))
        .sort();
      if (members.length > 0) entry.members = members.map((username) => ({ username }));
    }
    out.push(entry);
  }
  return out.sort((a, b) => String(a.alias ?? a.name).localeCompare(String(b.alias ?? b.name)));
}

/** A user with group paths, direct role mappings and whether it has a password. */
async function readUser(
  view: KeycloakAdmin,
  user: UserRepresentation,
): Promise<{ user: Obj; hasPassword: boolean }> {
  const id = String(user.id);
  const [groups, mappings, credentials] = await Promise.all([
    view.getUserGroups(id, { briefRepresentation: true }),
    view.getUserRoleMappings(id),
    view.getCredentials(id),
  ]);
  const clientRoles: Obj = {};
  for (const [, client] of Object.entries(mappings.clientMappings ?? {}))
    if (client.client) clientRoles[client.client] = (client.mappings ?? []).map((role) => role.name);
  const { id: _, ...rest } = user as Obj;
  const normalized = normalizeExport({ users: [rest] }).users as Obj[];
  return {
    user: {
      ...(normalized[0] ?? {}),
      groups: groups.map((group) => group.path),
      realmRoles: (mappings.realmMappings ?? []).map((role) => role.name),
      clientRoles,
    },
    hasPassword: credentials.some((credential) => credential.type === 'password'),
  };
}

/**
 * Creates a scratch realm, one fresh object of each kind in it, exports it and deletes it.
 * The export is renamed to `realm` so that name-dependent values compare equal.
 */
async function readScratchRealm(
  admin: KeycloakAdmin,
  realm: string,
  withUser: boolean,
): Promise<{ scratch: Obj; fresh: FreshDefaults; userProfile: UserProfileConfig }> {
  const name = `realmform-export-${randomBytes(6).toString('hex')}`;
  await admin.createRealm({ realm: name, enabled: true });
  const view = admin.withRealm(name);
  try {
    const clientUuid = await view.createClient({ clientId: FRESH.client });
    await view.createClientRole(clientUuid, { name: FRESH.role });
    await view.createRealmRole({ name: FRESH.role });
    await view.createClientScope({ name: FRESH.scope, protocol: 'openid-connect' });
    await view.createGroup({ name: FRESH.group });
    const idpCreated = await view
      .createIdp({ alias: FRESH.idp, providerId: 'oidc', config: {} })
      .then(() => true)
      .catch(() => false);
    let freshUser: Obj | undefined;
    if (withUser) {
      const userId = await view.createUser({ username: FRESH.user });
      const read = await readUser(view, await view.getUser(userId));
      freshUser = read.user;
    }
    const exported = normalizeExport(
      replaceEverywhere(
        (await view.exportRealm({ exportClients: true, exportGroupsAndRoles: true })) as Obj,
        name,
        realm,
      ),
    );
    const find = (items: unknown, field: string, value: string): Obj | undefined =>
      Array.isArray(items)
        ? (items.find((item) => isPlainObject(item) && item[field] === value) as Obj | undefined)
        : undefined;
    const roles = (exported.roles ?? {}) as Obj;
    const clientRoles = ((roles.client ?? {}) as Obj)[FRESH.client];
    const fresh: FreshDefaults = {};
    const set = <K extends keyof FreshDefaults>(key: K, value: Obj | undefined, drop: string): void => {
      if (!value) return;
      const { [drop]: _, ...rest } = value;
      fresh[key] = rest;
    };
    set('client', find(exported.clients, 'clientId', FRESH.client), 'clientId');
    set('realmRole', find(roles.realm, 'name', FRESH.role), 'name');
    set('clientRole', find(clientRoles, 'name', FRESH.role), 'name');
    set('clientScope', find(exported.clientScopes, 'name', FRESH.scope), 'name');
    set('group', find(exported.groups, 'name', FRESH.group), 'name');
    if (idpCreated) set('identityProvider', find(exported.identityProviders, 'alias', FRESH.idp), 'alias');
    if (freshUser) set('user', freshUser, 'username');
    if (roles.client && isPlainObject(roles.client)) delete roles.client[FRESH.client];
    exported.identityProviders = [];
    return { scratch: exported, fresh, userProfile: await view.getUserProfile() };
  } finally {
    await admin.deleteRealm(name).catch(() => undefined);
  }
}
