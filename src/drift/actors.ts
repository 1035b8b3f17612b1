/**
 * Who changed a drifted object, and when: the newest admin event recorded for it.
 *
 * Keycloak records admin events (when the realm's `adminEventsEnabled` is on) with a resource
 * path below the realm, e.g. `clients/<uuid>` or `roles/<name>`. This module maps a planned
 * change (kind + key, and the live object's id) to the paths its changes are recorded under,
 * asks for the newest event of each (`max=1`, newest first; `*` is Keycloak's wildcard), and
 * resolves the acting admin's user id to a username in the realm they authenticated in.
 *
 * Covered kinds and their paths (measured on Keycloak 26.7):
 *
 * | kind | resource paths |
 * |---|---|
 * | realm | resource type `REALM` (realm settings, `events/config`) |
 * | client | `clients/<uuid>`, its `protocol-mappers/*`, `default-client-scopes/*`, `optional-client-scopes/*` |
 * | client-scope | `client-scopes/<id>`, its `protocol-mappers/*` |
 * | realm-role | `roles/<name>`, `roles-by-id/<id>` |
 * | client-role | `clients/<uuid>/roles/<name>`, `roles-by-id/<id>` |
 * | role-composite | `…/composites*` below the role's two paths above |
 * | group | `groups/<id>` |
 * | group-role-mapping | `groups/<id>/role-mappings/*` |
 * | default-group | `default-groups/<group id>` |
 * | user | `users/<id>` |
 * | user-group | `users/<id>/groups/*` |
 * | user-role-mapping | `users/<id>/role-mappings/*` |
 * | realm-default-client-scope / realm-optional-client-scope | `default-default-client-scopes/<id>` / `default-optional-client-scopes/<id>` (`*` when the scope's id is unknown) |
 * | identity-provider | `identity-provider/instances/<alias>` |
 * | identity-provider-mapper | `identity-provider/instances/<alias>/mappers/*` |
 * | component | `components/<id>` |
 *
 * Paths need the object's id, which only a live object has: an object missing in Keycloak gets a
 * `lastChange` only where the path is built from its name (realm roles, identity providers).
 * Other kinds get none. Failures (no `view-events` right, unknown realm) are tolerated: the
 * report then simply has no `lastChange`.
 */
import type { KeycloakAdmin } from '../client/index.js';
import type { AdminEventRepresentation } from '../client/types/index.js';
import type { PlannedStep } from '../planner/plan.js';
import type { LastChange } from './report.js';

/** One admin-events query: a resource path (with `*` wildcards) or resource types. */
export interface AdminEventFilter {
  resourcePath?: string;
  resourceTypes?: readonly string[];
}

/** The server id of another planned object (e.g. a client's uuid for its roles), if known. */
export type IdLookup = (kind: string, key: readonly string[]) => string | undefined;

export const DRIFT_ACTOR_KINDS: readonly string[] = [
  'realm',
  'client',
  'client-scope',
  'realm-role',
  'client-role',
  'role-composite',
  'group',
  'group-role-mapping',
  'default-group',
  'user',
  'user-group',
  'user-role-mapping',
  'realm-default-client-scope',
  'realm-optional-client-scope',
  'identity-provider',
  'identity-provider-mapper',
  'component',
];

/**
 * The admin-event filters under which changes of one object are recorded; empty when the kind
 * is not covered or the object's id is unknown.
 */
export function adminEventFilters(
  kind: string,
  key: readonly string[],
  live: { id?: string; state?: unknown } | undefined,
  ids: IdLookup,
): AdminEventFilter[] {
  const id = live?.id;
  const paths = (...candidates: (string | false | undefined)[]): AdminEventFilter[] =>
    candidates.filter((path): path is string => Boolean(path)).map((resourcePath) => ({ resourcePath }));
  const [first = '', second = '', third = ''] = key;
  switch (kind) {
    case 'realm':
      return [{ resourceTypes: ['REALM'] }];
    case 'client':
      return id
        ? paths(
            `clients/${id}`,
            `clients/${id}/protocol-mappers/*`,
            `clients/${id}/default-client-scopes/*`,
            `clients/${id}/optional-client-scopes/*`,
          )
        : [];
    case 'client-scope':
      return id ? paths(`client-scopes/${id}`, `client-scopes/${id}/protocol-mappers/*`) : [];
    case 'realm-role':
      return paths(`roles/${first}`, id && `roles-by-id/${id}`);
    case 'client-role': {
      const client = clientUuid(live?.state) ?? ids('client', [first]);
      return paths(client && `clients/${client}/roles/${second}`, id && `roles-by-id/${id}`);
    }
    case 'role-composite': {
      if (first === 'realm') {
        const roleId = ids('realm-role', [second]);
        return paths(`roles/${second}/composites*`, roleId && `roles-by-id/${roleId}/composites*`);
      }
      const client = ids('client', [second]);
      const roleId = ids('client-role', [second, third]);
      return paths(
        client && `clients/${client}/roles/${third}/composites*`,
        roleId && `roles-by-id/${roleId}/composites*`,
      );
    }
    case 'group':
      return id ? paths(`groups/${id}`) : [];
    case 'group-role-mapping': {
      const group = id ?? ids('group', key);
      return group ? paths(`groups/${group}/role-mappings/*`) : [];
    }
    case 'default-group': {
      const group = id ?? ids('group', key);
      return group ? paths(`default-groups/${group}`) : [];
    }
    case 'user':
      return id ? paths(`users/${id}`) : [];
    case 'user-group': {
      const user = id ?? ids('user', key);
      return user ? paths(`users/${user}/groups/*`) : [];
    }
    case 'user-role-mapping': {
      const user = id ?? ids('user', key);
      return user ? paths(`users/${user}/role-mappings/*`) : [];
    }
    case 'realm-default-client-scope':
    case 'realm-optional-client-scope': {
      const list = kind === 'realm-default-client-scope' ? 'default-default' : 'default-optional';
      return paths(`${list}-client-scopes/${ids('client-scope', [first]) ?? '*'}`);
    }
    case 'identity-provider':
      return paths(`identity-provider/instances/${first}`);
    case 'identity-provider-mapper':
      return paths(`identity-provider/instances/${first}/mappers/*`);
    case 'component':
      return id ? paths(`components/${id}`) : [];
    default:
      return [];
  }
}

function clientUuid(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null || !('clientUuid' in state)) return undefined;
  const value = state.clientUuid;
  return typeof value === 'string' && value ? value : undefined;
}

/** Ids of the live objects of a plan, by kind and key. */
export function idIndex(steps: readonly PlannedStep[]): IdLookup {
  const ids = new Map<string, string>();
  for (const step of steps) {
    if (step.live?.id) ids.set(`${step.change.kind}\u0000${step.live.key.join('\u0000')}`, step.live.id);
  }
  return (kind, key) => ids.get(`${kind}\u0000${key.join('\u0000')}`);
}

export interface LastChangesResult {
  /** Whether the realm records admin events; undefined when that could not be read. */
  adminEventsEnabled: boolean | undefined;
  /** Newest admin event per drifted address (only where one was found). */
  lastChanges: Map<string, LastChange>;
  /** Problems worth a warning (e.g. events not readable); never fatal. */
  warnings: string[];
}

/**
 * The newest admin event of every drifted object of one realm's plan. Sends nothing when the
 * plan has no drift or creates the realm, and only the events-config request when admin events
 * are off.
 */
export async function findLastChanges(
  admin: KeycloakAdmin,
  realm: string,
  steps: readonly PlannedStep[],
): Promise<LastChangesResult> {
  const warnings: string[] = [];
  const lastChanges = new Map<string, LastChange>();
  const drifted = steps.filter((step) => step.change.actions[0] !== 'no-op');
  const createsRealm = drifted.some(
    (step) => step.change.kind === 'realm' && step.change.actions[0] === 'create',
  );
  if (createsRealm) return { adminEventsEnabled: undefined, lastChanges, warnings };
  const view = admin.withRealm(realm);
  let adminEventsEnabled: boolean | undefined;
  try {
    adminEventsEnabled = (await view.getEventsConfig()).adminEventsEnabled === true;
  } catch (error) {
    warnings.push(`cannot read the event settings of realm "${realm}": ${(error as Error).message}`);
    return { adminEventsEnabled: undefined, lastChanges, warnings };
  }
  if (!adminEventsEnabled || drifted.length === 0) return { adminEventsEnabled, lastChanges, warnings };

  const ids = idIndex(steps);
  const actors = new ActorNames(admin);
  let failures = 0;
  const jobs = drifted.map((step) => async () => {
    const filters = adminEventFilters(step.change.kind, step.change.key, step.live, ids);
    const newest = await Promise.all(
      filters.map(async (filter) => {
        try {
          const [event] = await view.getAdminEvents({ ...filter, first: 0, max: 1 });
          return event;
        } catch {
          failures++;
          return undefined;
        }
      }),
    );
    const event = newest
      .filter((candidate): candidate is AdminEventRepresentation => candidate !== undefined)
      .sort((a, b) => (b.time ?? 0) - (a.time ?? 0))[0];
    if (!event) return;
    lastChanges.set(step.change.address, {
      by: await actors.nameOf(event),
      at: new Date(event.time ?? 0).toISOString(),
      operation: event.operationType ?? 'UNKNOWN',
    });
  });
  await Promise.all(jobs.map((job) => job()));
  if (failures > 0) warnings.push(`${failures} admin-event quer(ies) of realm "${realm}" failed`);
  return { adminEventsEnabled, lastChanges, warnings };
}

/** Resolves acting admins (user id in the realm they authenticated in) to usernames, cached. */
class ActorNames {
  private realmNames: Promise<Map<string, string>> | undefined;
  private readonly names = new Map<string, Promise<string>>();

  constructor(private readonly admin: KeycloakAdmin) {}

  nameOf(event: AdminEventRepresentation): Promise<string> {
    const { userId, realmId, clientId } = event.authDetails ?? {};
    if (!userId) return Promise.resolve(clientId ? `client ${clientId}` : 'unknown');
    const cacheKey = `${realmId ?? ''}/${userId}`;
    let name = this.names.get(cacheKey);
    if (!name) {
      name = this.resolve(realmId, userId);
      this.names.set(cacheKey, name);
    }
    return name;
  }

  private async resolve(realmId: string | undefined, userId: string): Promise<string> {
    try {
      this.realmNames ??= this.admin
        .getRealms()
        .then((realms) => new Map(realms.map((realm) => [realm.id ?? '', realm.realm ?? ''])))
        .catch(() => new Map<string, string>());
      // Admins usually authenticate in master (or wherever this client did).
      const realm = (realmId && (await this.realmNames).get(realmId)) || this.admin.userRealmName;
      const user = await this.admin.withRealm(realm).getUser(userId);
      return user.username ?? userId;
    } catch {
      return userId;
    }
  }
}
