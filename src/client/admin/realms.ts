import { isNotFound } from '../errors.js';
import type { RealmRepresentation } from '../types/representations.js';
import { AdminBase } from './admin-base.js';

export interface PartialExportOptions {
  exportClients?: boolean;
  exportGroupsAndRoles?: boolean;
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
        exportGroupsAndRoles: options.exportGroupsAndRoles ?? false,
      },
    });
  }

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
   * renews it once.
   */
  async createRealm(payload: RealmRepresentation, options: { skipExists?: boolean } = {}): Promise<string> {
    const name = payload.realm ?? '';
    const id = await this.create(
      '/admin/realms',
      payload,
      async () => {
        const realms = await this.getRealms();
        return realms.find((realm) => realm.realm === name)?.realm;
      },
      { existOk: options.skipExists },
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
