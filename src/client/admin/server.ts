import type { Query } from '../path-template.js';
import type {
  AdminEventRepresentation,
  EventRepresentation,
  KeysMetadataRepresentation,
  RealmEventsConfigRepresentation,
  ServerInfoRepresentation,
} from '../types/representations.js';
import type { AdminEventsQuery, BruteForceStatus, EventDate, EventsQuery } from '../types/server.js';
import { AdminBase } from './admin-base.js';

const EVENTS = '/admin/realms/{realm}/events';
const ADMIN_EVENTS = '/admin/realms/{realm}/admin-events';
const BRUTE_FORCE_USERS = '/admin/realms/{realm}/attack-detection/brute-force/users';

export class ServerApi extends AdminBase {
  /** Version, features, themes and providers of the server (large; not realm-specific). */
  getServerInfo(): Promise<ServerInfoRepresentation> {
    return this.get<ServerInfoRepresentation>('/admin/serverinfo');
  }

  /** The realm's keys: the active key id per algorithm and metadata of every key. */
  getKeys(): Promise<KeysMetadataRepresentation> {
    return this.get<KeysMetadataRepresentation>('/admin/realms/{realm}/keys');
  }

  /**
   * Stored user events (login, logout, errors …), newest first unless `direction: 'asc'`. Only
   * recorded while the realm's `eventsEnabled` is on. The server returns 100 per request by
   * default: without `first`/`max` every page is fetched.
   */
  getEvents(query: EventsQuery = {}): Promise<EventRepresentation[]> {
    const { pageSize, ...rest } = query;
    return this.list<EventRepresentation>(EVENTS, { query: eventsQuery(rest), pageSize });
  }

  iterEvents(query: EventsQuery = {}): AsyncGenerator<EventRepresentation, void, undefined> {
    const { pageSize, ...rest } = query;
    return this.paginate<EventRepresentation>(EVENTS, { query: eventsQuery(rest), pageSize });
  }

  /** Deletes all stored user events of the realm. */
  async deleteEvents(): Promise<void> {
    await this.delete(EVENTS);
  }

  /**
   * Stored admin events (changes made through the admin API), newest first unless
   * `direction: 'asc'`. Only recorded while `adminEventsEnabled` is on; `representation` is
   * filled only with `adminEventsDetailsEnabled`. Without `first`/`max` every page is fetched.
   */
  getAdminEvents(query: AdminEventsQuery = {}): Promise<AdminEventRepresentation[]> {
    const { pageSize, ...rest } = query;
    return this.list<AdminEventRepresentation>(ADMIN_EVENTS, { query: eventsQuery(rest), pageSize });
  }

  iterAdminEvents(query: AdminEventsQuery = {}): AsyncGenerator<AdminEventRepresentation, void, undefined> {
    const { pageSize, ...rest } = query;
    return this.paginate<AdminEventRepresentation>(ADMIN_EVENTS, { query: eventsQuery(rest), pageSize });
  }

  /** Deletes all stored admin events of the realm. */
  async deleteAdminEvents(): Promise<void> {
    await this.delete(ADMIN_EVENTS);
  }

  /** The realm's event settings (listeners, recorded types, expiration, admin events). */
  getEventsConfig(): Promise<RealmEventsConfigRepresentation> {
    return this.get<RealmEventsConfigRepresentation>(`${EVENTS}/config`);
  }

  /**
   * Updates the realm's event settings (`PUT events/config`). A left-out `eventsEnabled` becomes
   * false and a left-out `eventsExpiration` none; the other fields left out keep their values.
   * `enabledEventTypes: []` restores the default list (every type).
   */
  async setEvents(payload: RealmEventsConfigRepresentation): Promise<void> {
    await this.put(`${EVENTS}/config`, payload);
  }

  /**
   * Failed-login bookkeeping of a user. Keycloak does not check the user id: an unknown id gives
   * an all-zero status, not 404.
   */
  getBruteforceDetectionStatus(userId: string): Promise<BruteForceStatus> {
    return this.get<BruteForceStatus>(`${BRUTE_FORCE_USERS}/{id}`, { params: { id: userId } });
  }

  /** Forgets a user's failed logins and lifts a temporary lockout. */
  async clearBruteforceAttemptsForUser(userId: string): Promise<void> {
    await this.delete(`${BRUTE_FORCE_USERS}/{id}`, { params: { id: userId } });
  }

  /** Forgets the failed logins of every user of the realm. */
  async clearAllBruteforceAttempts(): Promise<void> {
    await this.delete(BRUTE_FORCE_USERS);
  }
}

function eventsQuery(query: Omit<EventsQuery, 'pageSize'> | Omit<AdminEventsQuery, 'pageSize'>): Query {
  const { dateFrom, dateTo, ...rest } = query;
  return { ...rest, dateFrom: eventDate(dateFrom), dateTo: eventDate(dateTo) };
}

/** Keycloak accepts `yyyy-MM-dd` or epoch milliseconds. */
function eventDate(value: EventDate | undefined): string | number | undefined {
  return value instanceof Date ? value.getTime() : value;
}
