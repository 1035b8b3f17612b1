import type { RequestOptions } from '../connection.js';
import { isNotFound } from '../errors.js';
import type { RealmRepresentation } from '../types/representations.js';
import { AdminBase } from './admin-base.js';

export interface PartialExportOptions {
  exportClients?: boolean;
  exportGroupsAndRoles?: boolean;
  /** python-keycloak's spelling of `exportGroupsAndRoles`. */
  exportGroupsAndRole?: boolean;
}

/** What to do with objects of a partial import that already exist. */
export type IfResourceExists = 'FAIL' | 'SKIP' | 'OVERWRITE';

/** A partial import: a realm representation's collections plus the policy for existing objects. */
export interface PartialImportRepresentation extends RealmRepresentation {
  ifResourceExists?: IfResourceExists;
  policy?: IfResourceExists;
}

export interface PartialImportResult {
  overwritten: number;
  added: number;
  skipped: number;
  results?: {
    action: 'ADDED' | 'SKIPPED' | 'OVERWRITTEN';
    resourceType: string;
    resourceName: string;
    id: string;
  }[];
}

export class RealmsApi extends AdminBase {
  /** Creates a realm from a full representation (python: `import_realm`). Returns the realm name. */
  async importRealm(payload: RealmRepresentation): Promise<string> {
    return this.createRealm(payload);
  }

  /**
   * Partial export of this view's realm: clients, roles, groups, scopes and flows in one request,
   * secrets masked. Users are never included.
   */
  exportRealm(options: PartialExportOptions = {}): Promise<RealmRepresentation> {
    return this.postJson<RealmRepresentation>('/admin/realms/{realm}/partial-export', undefined, {
      readOnly: true,
      query: {
        exportClients: options.exportClients ?? false,
        exportGroupsAndRoles: options.exportGroupsAndRoles ?? options.exportGroupsAndRole ?? false,
      },
    });
  }

  /**
   * Adds users, clients, groups, roles, identity providers … to an existing realm in one
   * transaction; `ifResourceExists` (`FAIL`, default, `SKIP`, `OVERWRITE`) decides about objects
   * that exist. Returns the counts and one result per object. Large batches can outlast the
   * server's transaction timeout: split them. `recover` tells, after a lost answer or a 500,
   * whether the import happened anyway (one transaction: one of its objects is there) and answers
   * in its place; without it such a request is not sent again. `timeout`: seconds to wait for the
   * answer instead of the connection's (the import goes on when the client stops waiting).
   */
  partialImportRealm(
    realmName: string,
    payload: PartialImportRepresentation,
    options: { recover?: RequestOptions['recover']; timeout?: number } = {},
  ): Promise<PartialImportResult> {
    return this.postJson<PartialImportResult>('/admin/realms/{name}/partialImport', payload, {
      params: { name: realmName },
      ...(options.recover ? { recover: options.recover } : {}),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    });
  }

  /** Drops the realm's cached keys (read again from the key providers on next use). */
  async clearKeysCache(): Promise<void> {
    await this.post('/admin/realms/{realm}/clear-keys-cache');
  }

  /** Drops the server's cached realm, clients, roles and groups. */
  async clearRealmCache(): Promise<void> {
    await this.post('/admin/realms/{realm}/clear-realm-cache');
  }

  /** Drops the server's cached users (federated users are read again from their provider). */
  async clearUserCache(): Promise<void> {
    await this.post('/admin/realms/{realm}/clear-user-cache');
  }

  /**
   * Every realm. While another realm is being created, imported or deleted, Keycloak can break
   * this list while writing it (400 "Cannot parse the JSON", a cut-off 200, or 500): the
   * connection reads again (see `brokenReadAnswer` in retry-policy.ts).
   */
  getRealms(): Promise<RealmRepresentation[]> {
    return this.get<RealmRepresentation[]>('/admin/realms');
  }

  /**
   * Whether a realm exists: one GET of that realm, not a listing of all realms (which is slower
   * and answers 500 while another realm is being created or deleted).
   */
  async realmExists(realmName: string): Promise<boolean> {
    try {
      await this.getRealm(realmName);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  getRealm(realmName: string): Promise<RealmRepresentation> {
    return this.get<RealmRepresentation>('/admin/realms/{name}', { params: { name: realmName } });
  }

  /**
   * Creates a realm and returns its name. With `skipExists`, an existing realm is not an error.
   * The admin token does not yet carry the new realm's roles; the next request that meets a 403
   * renews it once. `timeout`: seconds to wait for the answer instead of the connection's (a realm
   * sent with thousands of objects is imported for minutes, and on when the client stops waiting).
   */
  async createRealm(
    payload: RealmRepresentation,
    options: { skipExists?: boolean; timeout?: number } = {},
  ): Promise<string> {
    const name = payload.realm ?? '';
    const id = await this.create(
      '/admin/realms',
      payload,
      async () => {
        const realms = await this.getRealms();
        return realms.find((realm) => realm.realm === name)?.realm;
      },
      {
        existOk: options.skipExists,
        ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      },
    );
    this.ctx.lastRealmCreatedAt = Date.now();
    return id || name;
  }

  /** Read-modify-write is the caller's choice: Keycloak resets some fields a PUT leaves out. */
  async updateRealm(realmName: string, payload: RealmRepresentation): Promise<void> {
    await this.put('/admin/realms/{name}', payload, { params: { name: realmName } });
  }

  async deleteRealm(realmName: string): Promise<void> {
    await this.delete('/admin/realms/{name}', { params: { name: realmName } });
  }
}
