/**
 * A new realm in one request: the realm's create body plus the plan's new clients, roles, groups
 * and users, sent as one `POST /admin/realms` (Keycloak's realm import, one transaction). What
 * goes in is taken from the plan's create steps, so the plan (human view and JSON) is the same
 * either way; the steps written this way are reported as applied by that one request. The rest
 * (and whatever import would not do the way the per-object writes do) is left to the per-object
 * apply that follows on a fresh plan, and the convergence check stays as it is.
 *
 * Only what Keycloak's import does exactly like the per-object writes goes in (measured on
 * 24.0.5 and 26.7.3):
 * - clients without protocol mappers, scope lists, flow overrides, service accounts or
 *   authorization (import fills those differently; they are written per object), and never a
 *   built-in client (import would replace Keycloak's own);
 * - realm roles (not the built-in ones) and the roles of bulk clients, without composites;
 * - groups whose parent goes in too, with their role mappings when every role does;
 * - users without attributes (the user profile decides about those), with their groups and role
 *   mappings when every group and role goes in too; beyond USERS_PER_REALM_REQUEST, in partialImport
 *   batches right after the one request. Import gives a user neither
 *   `default-roles-<realm>` nor the default groups, which `POST /users` gives every new user:
 *   both are added to each imported user, so the end state is the same.
 */
import type { KeycloakAdmin } from '../client/index.js';
import type {
  ClientRepresentation,
  GroupRepresentation,
  RealmRepresentation,
  RoleRepresentation,
  UserRepresentation,
} from '../client/types/index.js';
import type { ValueObject } from '../kinds/kind.js';
import { stringMap } from '../kinds/shared/clients/protocol-mappers.js';
import { BUILT_IN_CLIENTS, builtInRealmRoles } from '../kinds/shared/identities/roles.js';
import { defaultRoleName, groupPath } from '../kinds/shared/identities/users.js';
import type { PlannedStep } from '../planner/plan.js';

export interface BulkRealm {
  body: RealmRepresentation;
  /** The plan's changes this one request writes, by address. */
  addresses: string[];
  /**
   * Users beyond the one request's limit, in batches of at most that many for the new realm's
   * `partialImport` (the same import code, one transaction per batch), each with its changes.
   */
  userBatches: { users: UserRepresentation[]; addresses: string[] }[];
}

/** Client fields whose import differs from a client POST (they are written per object). */
const CLIENT_FIELDS_PER_OBJECT = [
  'protocolMappers',
  'defaultClientScopes',
  'optionalClientScopes',
  'authenticationFlowBindingOverrides',
  'authorizationSettings',
  'authorizationServicesEnabled',
  'serviceAccountsEnabled',
] as const;

/**
 * Users in the new realm's one request; further users follow in partialImport batches of this
 * size. An import's time goes mostly to the realm's clients, roles and groups, not to its users:
 * a realm of 1,000 clients, 7,500 roles and 2,500 groups took 164 s on 26.7.3 with 2,000 users
 * and 164 s with all 10,000 (a body of 2 MB), while the other 8,000 users in partialImports of
 * 2,000 into the realm just made took 188 s more (`bench/initial-apply-phases.ts 5`).
 */
export const USERS_PER_REALM_REQUEST = 10_000;

/**
 * Seconds to wait for an import's answer, over the connection's usual timeout: Keycloak imports
 * in one transaction and goes on when the client stops waiting, so only the answer tells what
 * happened (the realm above took 164 s; a client that gave up and tried again would meet the
 * first import still running).
 */
const IMPORT_TIMEOUT = 30 * 60;

/** How long an import request waits for its answer: IMPORT_TIMEOUT, or longer if the connection does. */
export function importTimeout(admin: KeycloakAdmin): number {
  return Math.max(admin.connection.timeout, IMPORT_TIMEOUT);
}

const ROLE_FIELDS_PER_OBJECT = ['composite', 'composites', 'id', 'containerId', 'clientRole'];

export function bulkRealm(
  steps: readonly PlannedStep[],
  realm: string,
  realmBody: RealmRepresentation,
  declaredDefaultGroups: readonly string[] = [],
  usersPerRequest = USERS_PER_REALM_REQUEST,
): BulkRealm {
  const creates = new Map<string, PlannedStep[]>();
  for (const step of steps) {
    if (step.change.actions.join() !== 'create' || !step.desired) continue;
    creates.set(step.change.kind, [...(creates.get(step.change.kind) ?? []), step]);
  }
  const of = (kind: string) => creates.get(kind) ?? [];
  const addresses: string[] = [];
  const take = (step: PlannedStep) => addresses.push(step.change.address);

  const clients: ClientRepresentation[] = [];
  const bulkClients = new Set<string>();
  for (const step of of('client')) {
    const clientId = step.change.key[0] ?? '';
    // Plan steps hold values type-erased (a saved plan is JSON): this one is the client kind's.
    const value = step.desired?.value as ClientRepresentation;
    if (
      BUILT_IN_CLIENTS.has(clientId) ||
      CLIENT_FIELDS_PER_OBJECT.some((field) => value[field] !== undefined)
    )
      continue;
    const attributes = stringMap(value.attributes);
    clients.push({ ...value, clientId, ...(attributes ? { attributes } : {}) });
    bulkClients.add(clientId);
    take(step);
  }

  const builtInRoles = builtInRealmRoles(realm);
  const realmRoles: RoleRepresentation[] = [];
  const rolesThere = new Set<string>(builtInRoles);
  for (const step of of('realm-role')) {
    const name = step.change.key[0] ?? '';
    if (builtInRoles.has(name)) continue;
    realmRoles.push(roleBody(step.desired?.value ?? {}, name));
    rolesThere.add(name);
    take(step);
  }
  const clientRoles: Record<string, RoleRepresentation[]> = {};
  const clientRolesThere = new Set<string>();
  for (const step of of('client-role')) {
    const [clientId = '', name = ''] = step.change.key;
    if (!bulkClients.has(clientId)) continue;
    clientRoles[clientId] = [...(clientRoles[clientId] ?? []), roleBody(step.desired?.value ?? {}, name)];
    clientRolesThere.add(JSON.stringify([clientId, name]));
    take(step);
  }
  const hasRoles = (realmNames: readonly string[] = [], byClient: Record<string, readonly string[]> = {}) =>
    realmNames.every((name) => rolesThere.has(name)) &&
    Object.entries(byClient).every(([clientId, names]) =>
      names.every(
        (name) => BUILT_IN_CLIENTS.has(clientId) || clientRolesThere.has(JSON.stringify([clientId, name])),
      ),
    );

  // Parents come first in the plan's order of paths; a group whose parent stays out stays out.
  const groups: GroupRepresentation[] = [];
  const groupsByPath = new Map<string, GroupRepresentation>();
  const groupMappings = new Map(of('group-role-mapping').map((step) => [step.change.key[0], step]));
  for (const step of [...of('group')].sort((a, b) => pathLength(a) - pathLength(b))) {
    const path = step.change.key[0] ?? '';
    // Type-erased in the plan (see above): the group kind's value.
    const value = step.desired?.value as GroupRepresentation;
    const name = String(value.name ?? '');
    const parentPath = path.slice(0, path.length - name.length - 1);
    const parent = parentPath ? groupsByPath.get(parentPath) : undefined;
    if (parentPath && !parent) continue;
    const attributes = value.attributes;
    const group: GroupRepresentation = {
      ...value,
      name,
      ...(attributes ? { attributes } : {}),
      subGroups: [],
    };
    const mapping = groupMappings.get(path);
    const roles = mapping?.desired?.value as
      | { realmRoles?: string[]; clientRoles?: { clientId: string; roles: string[] }[] }
      | undefined;
    const byClient = Object.fromEntries(
      (roles?.clientRoles ?? []).map((entry) => [entry.clientId, entry.roles]),
    );
    if (mapping && roles && hasRoles(roles.realmRoles, byClient)) {
      if (roles.realmRoles) group.realmRoles = roles.realmRoles;
      if (roles.clientRoles) group.clientRoles = byClient;
      take(mapping);
    }
    if (parent) parent.subGroups?.push(group);
    else groups.push(group);
    groupsByPath.set(path, group);
    take(step);
  }

  // What POST /users gives every new user and import does not (see above).
  const defaultRole = defaultRoleName(realm);
  const defaultGroups = declaredDefaultGroups.map(groupPath).filter((path) => groupsByPath.has(path));
  const memberships = new Map(of('user-group').map((step) => [step.change.key[0], step]));
  const mappings = new Map(of('user-role-mapping').map((step) => [step.change.key[0], step]));
  const userBatches: BulkRealm['userBatches'] = [{ users: [], addresses: [] }];
  for (const step of of('user')) {
    let batch = userBatches.at(-1) ?? { users: [], addresses: [] };
    if (batch.users.length >= usersPerRequest) {
      batch = { users: [], addresses: [] };
      userBatches.push(batch);
    }
    if (!importable(step)) continue;
    const username = step.change.key[0] ?? '';
    const groupStep = memberships.get(username);
    const joined = groupStep && membershipsOf(groupStep).every((path) => groupsByPath.has(path));
    const roleStep = mappings.get(username);
    const roles = roleStep && mappingsOf(roleStep);
    const mapped = roles && hasRoles(roles.realmRoles, roles.clientRoles);
    batch.users.push(
      importedUser(step, joined ? groupStep : undefined, mapped ? roleStep : undefined, {
        defaultRole,
        defaultGroups,
      }),
    );
    if (groupStep && joined) batch.addresses.push(groupStep.change.address);
    if (roleStep && mapped) batch.addresses.push(roleStep.change.address);
    batch.addresses.push(step.change.address);
  }
  const [first, ...later] = userBatches;
  const users = first?.users ?? [];
  addresses.push(...(first?.addresses ?? []));

  const body: RealmRepresentation = { ...realmBody };
  if (clients.length > 0) body.clients = clients;
  if (realmRoles.length > 0 || Object.keys(clientRoles).length > 0)
    body.roles = { realm: realmRoles, client: clientRoles };
  if (groups.length > 0) body.groups = groups;
  if (users.length > 0) body.users = users;
  return { body, addresses, userBatches: later.filter((batch) => batch.users.length > 0) };
}

/**
 * Whether import writes this new user like `POST /users` does: not with attributes (the user
 * profile decides about those on a POST) nor a federation link.
 */
export function importable(userStep: PlannedStep): boolean {
  // Type-erased in the plan (see above): the user kind's value.
  const value = (userStep.desired?.value ?? {}) as UserRepresentation;
  return value.attributes === undefined && !value.federationLink;
}

/** The group paths of a user-group change (type-erased in the plan: that kind's value). */
export function membershipsOf(groupStep: PlannedStep): readonly string[] {
  return (groupStep.desired?.value as { groups?: string[] } | undefined)?.groups ?? [];
}

/** The roles of a user-role-mapping change (type-erased in the plan: that kind's value). */
export function mappingsOf(roleStep: PlannedStep): {
  realmRoles?: string[];
  clientRoles?: Record<string, string[]>;
} {
  return (roleStep.desired?.value ?? {}) as { realmRoles?: string[]; clientRoles?: Record<string, string[]> };
}

/**
 * A new user as import writes it, with the memberships and role mappings of its own changes (when
 * given) and what `POST /users` gives every new user: `default-roles-<realm>` and the default groups.
 */
export function importedUser(
  userStep: PlannedStep,
  groupStep: PlannedStep | undefined,
  roleStep: PlannedStep | undefined,
  every: { defaultRole: string; defaultGroups: readonly string[] },
): UserRepresentation {
  const {
    credentials,
    attributes: _none,
    ...profile
  } = (userStep.desired?.value ?? {}) as UserRepresentation;
  const user: UserRepresentation = { ...withoutNulls(profile), username: userStep.change.key[0] ?? '' };
  // An export's credential ids are the exporting realm's (see the user kind).
  if (credentials) user.credentials = credentials.map(({ id: _id, ...credential }) => credential);
  user.groups = [...new Set([...(groupStep ? membershipsOf(groupStep) : []), ...every.defaultGroups])];
  const roles = roleStep ? mappingsOf(roleStep) : {};
  user.realmRoles = [...new Set([...(roles.realmRoles ?? []), every.defaultRole])];
  if (roles.clientRoles) user.clientRoles = roles.clientRoles;
  return user;
}

/** A parent's path is shorter than its children's. */
function pathLength(step: PlannedStep): number {
  return (step.change.key[0] ?? '').length;
}

function roleBody(value: ValueObject, name: string): RoleRepresentation {
  const role: Record<string, unknown> = { ...value, name };
  for (const field of ROLE_FIELDS_PER_OBJECT) delete role[field];
  return role as RoleRepresentation;
}

/** Keycloak keeps an absent name or email as absent: null is left out. */
function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== null)) as T;
}
