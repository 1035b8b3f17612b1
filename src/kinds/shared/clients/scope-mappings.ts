/**
 * Scope mappings (the roles a client's tokens may carry when `fullScopeAllowed` is off, or that a
 * client scope adds): the manifest's `scopeMappings` (realm roles) and `clientScopeMappings`
 * (client roles, keyed by the clientId that owns them) regrouped per target, the live ones from
 * the partial export, and the writes that bring a target's mappings from live to desired.
 */
import type { RealmRepresentation, ScopeMappingRepresentation } from '../../../client/types/index.js';
import type { KindContext, ManifestView, Origin, Reference } from '../../kind.js';
import { clientRoleRef, realmRoleRef } from '../identities/role-ids.js';
import { isFreshClientRole, isFreshRealmRole, manifestPath, realmRoleName } from '../identities/roles.js';
import { BUILT_IN_CLIENTS, FRESH_REALM_CLIENT_SCOPES } from '../server/built-ins.js';
import { clientUuid } from '../server/reads.js';
import { clientScopeId } from './clients.js';

export type TargetKind = 'client' | 'client-scope';
/** The scope-mapping kind's key: what holds the mappings, and its clientId or scope name. */
export type TargetKey = readonly [kind: TargetKind, name: string];

export interface ScopeMappingValue extends Record<string, unknown> {
  realm?: string[];
  /** A list keyed by clientId (not a map), so the comparison sees live clients the manifest leaves out. */
  client?: { clientId: string; roles: string[] }[];
}

export interface DeclaredTarget {
  key: [TargetKind, string];
  value: ScopeMappingValue;
  origin: Origin;
  references: Reference[];
}

/** `['client', 'web']` for `{ client: 'web' }`, `['client-scope', 'x']` for `{ clientScope: 'x' }`. */
export function targetOf(entry: ScopeMappingRepresentation): [TargetKind, string] | undefined {
  if (entry.client) return ['client', entry.client];
  if (entry.clientScope) return ['client-scope', entry.clientScope];
  return undefined;
}

/**
 * One desired object per target the manifest mentions. A target mentioned in either collection
 * gets the full list of each DECLARED collection (empty when that collection does not mention
 * it); a collection the manifest leaves out stays "don't care". Several entries for one target
 * are merged. References are reported at the entry that names the role (for entries other than
 * the target's first one, at the first one: a desired object has one origin).
 */
export function declaredTargets(manifest: ManifestView): DeclaredTarget[] | undefined {
  const { scopeMappings, clientScopeMappings } = manifest.representation;
  if (scopeMappings === undefined && clientScopeMappings === undefined) return undefined;
  const targets = new Map<string, DeclaredTarget>();
  const targetFor = (entry: ScopeMappingRepresentation, path: (string | number)[]) => {
    const key = targetOf(entry);
    if (!key) return undefined;
    const id = JSON.stringify(key);
    let target = targets.get(id);
    if (!target) {
      const value: ScopeMappingValue = {};
      if (scopeMappings !== undefined) value.realm = [];
      if (clientScopeMappings !== undefined) value.client = [];
      const origin = { path: manifestPath(path), ...manifest.locate(path) };
      const reference = targetReference(key);
      target = { key, value, origin, references: reference ? [reference] : [] };
      targets.set(id, target);
    }
    const relative = (inner: string) => (target?.origin.path === manifestPath(path) ? inner : '');
    return { target, relative };
  };

  for (const [index, entry] of (scopeMappings ?? []).entries()) {
    const found = targetFor(entry, ['scopeMappings', index]);
    if (!found) continue;
    const realm = found.target.value.realm ?? [];
    for (const [roleIndex, raw] of (entry.roles ?? []).entries()) {
      const name = realmRoleName(manifest, raw);
      if (realm.includes(name)) continue;
      realm.push(name);
      if (!isFreshRealmRole(name)) {
        found.target.references.push({
          kind: 'realm-role',
          key: [name],
          path: found.relative(`roles[${roleIndex}]`),
        });
      }
    }
  }
  for (const [owner, entries] of Object.entries(clientScopeMappings ?? {})) {
    for (const [index, entry] of (entries ?? []).entries()) {
      const found = targetFor(entry, ['clientScopeMappings', owner, index]);
      if (!found) continue;
      const list = found.target.value.client ?? [];
      let roles = list.find((item) => item.clientId === owner)?.roles;
      if (!roles) {
        roles = [];
        list.push({ clientId: owner, roles });
      }
      for (const [roleIndex, name] of (entry.roles ?? []).entries()) {
        if (roles.includes(name)) continue;
        roles.push(name);
        if (!isFreshClientRole(owner, name)) {
          found.target.references.push({
            kind: 'client-role',
            key: [owner, name],
            path: found.relative(`roles[${roleIndex}]`),
          });
        }
      }
    }
  }
  // A client named in a declared map with no roles is the same as one left out.
  for (const target of targets.values()) {
    if (target.value.client)
      target.value.client = target.value.client.filter((item) => item.roles.length > 0);
  }
  return [...targets.values()];
}

/** Targets Keycloak creates with every realm are not checked (a new realm has them as soon as it exists). */
function targetReference([kind, name]: [TargetKind, string]): Reference | undefined {
  if (kind === 'client')
    return BUILT_IN_CLIENTS.has(name) ? undefined : { kind: 'client', key: [name], path: '' };
  return FRESH_REALM_CLIENT_SCOPES.has(name) ? undefined : { kind: 'client-scope', key: [name], path: '' };
}

/** Every client and client scope of the realm, with its mappings (empty ones too), sorted. */
export function liveTargets(
  exported: RealmRepresentation,
): Map<string, ScopeMappingValue & { key: [TargetKind, string] }> {
  const out = new Map<string, ScopeMappingValue & { key: [TargetKind, string] }>();
  const add = (key: [TargetKind, string]) => {
    const id = JSON.stringify(key);
    let target = out.get(id);
    if (!target) {
      target = { key, realm: [], client: [] };
      out.set(id, target);
    }
    return target;
  };
  for (const client of exported.clients ?? []) if (client.clientId) add(['client', client.clientId]);
  for (const scope of exported.clientScopes ?? []) if (scope.name) add(['client-scope', scope.name]);
  for (const entry of exported.scopeMappings ?? []) {
    const key = targetOf(entry);
    if (key) add(key).realm?.push(...(entry.roles ?? []));
  }
  for (const [owner, entries] of Object.entries(exported.clientScopeMappings ?? {})) {
    for (const entry of entries ?? []) {
      const key = targetOf(entry);
      if (key && (entry.roles ?? []).length > 0)
        add(key).client?.push({ clientId: owner, roles: [...(entry.roles ?? [])] });
    }
  }
  for (const target of out.values()) {
    target.realm?.sort();
    for (const item of target.client ?? []) item.roles.sort();
    target.client?.sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
  }
  return out;
}

/** Brings one target's mappings from `live` to `desired`; a part `desired` leaves out is not touched. */
export async function syncScopeMappings(
  ctx: KindContext,
  [kind, name]: TargetKey,
  desired: ScopeMappingValue,
  live: ScopeMappingValue,
): Promise<void> {
  const targetId = kind === 'client' ? await clientUuid(ctx, name) : await clientScopeId(ctx, name);
  const api = kind === 'client' ? clientTargetApi(ctx, targetId) : scopeTargetApi(ctx, targetId);
  if (desired.realm !== undefined) {
    const { add, remove } = delta(desired.realm, live.realm ?? []);
    if (remove.length > 0)
      await api.removeRealm(await Promise.all(remove.map((role) => realmRoleRef(ctx, role))));
    if (add.length > 0) await api.addRealm(await Promise.all(add.map((role) => realmRoleRef(ctx, role))));
  }
  if (desired.client !== undefined) {
    const owners = new Set([...desired.client, ...(live.client ?? [])].map((item) => item.clientId));
    for (const owner of [...owners].sort()) {
      const wanted = desired.client.find((item) => item.clientId === owner)?.roles ?? [];
      const current = live.client?.find((item) => item.clientId === owner)?.roles ?? [];
      const { add, remove } = delta(wanted, current);
      if (add.length === 0 && remove.length === 0) continue;
      const ownerId = await clientUuid(ctx, owner);
      const refs = (names: string[]) => Promise.all(names.map((role) => clientRoleRef(ctx, owner, role)));
      if (remove.length > 0) await api.removeClient(ownerId, await refs(remove));
      if (add.length > 0) await api.addClient(ownerId, await refs(add));
    }
  }
}

type Roles = { id?: string; name?: string }[];

interface TargetApi {
  addRealm(roles: Roles): Promise<void>;
  removeRealm(roles: Roles): Promise<void>;
  addClient(ownerId: string, roles: Roles): Promise<void>;
  removeClient(ownerId: string, roles: Roles): Promise<void>;
}

function clientTargetApi(ctx: KindContext, id: string): TargetApi {
  return {
    addRealm: (roles) => ctx.admin.assignRealmRolesToClientScope(id, roles),
    removeRealm: (roles) => ctx.admin.deleteRealmRolesOfClientScope(id, roles),
    addClient: (owner, roles) => ctx.admin.assignClientRolesToClientScope(id, owner, roles),
    removeClient: (owner, roles) => ctx.admin.deleteClientRolesOfClientScope(id, owner, roles),
  };
}

function scopeTargetApi(ctx: KindContext, id: string): TargetApi {
  return {
    addRealm: (roles) => ctx.admin.addClientScopeRealmScopeMappings(id, roles),
    removeRealm: (roles) => ctx.admin.deleteClientScopeRealmScopeMappings(id, roles),
    addClient: (owner, roles) => ctx.admin.addClientScopeClientScopeMappings(id, owner, roles),
    removeClient: (owner, roles) => ctx.admin.deleteClientScopeClientScopeMappings(id, owner, roles),
  };
}

function delta(desired: readonly string[], live: readonly string[]): { add: string[]; remove: string[] } {
  return {
    add: desired.filter((name) => !live.includes(name)),
    remove: live.filter((name) => !desired.includes(name)),
  };
}
