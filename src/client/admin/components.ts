/**
 * Components: key providers, user-storage (LDAP, Kerberos) providers and their mappers, and
 * other pluggable parts of a realm. Top-level components have the realm id as `parentId`.
 * Keycloak does not enforce unique names: identity is provider type + sub type + name + parent.
 * Secret settings (`bindCredential`, key material) come back masked as `**********` or not at all.
 */

import { KeycloakError, KeycloakPutError } from '../errors.js';
import type {
  ComponentQuery,
  SynchronizationResultRepresentation,
  UserStorageSyncAction,
} from '../types/components.js';
import type { ComponentRepresentation } from '../types/representations.js';
import { AdminBase } from './admin-base.js';

const COMPONENTS = '/admin/realms/{realm}/components';
const COMPONENT = `${COMPONENTS}/{componentId}`;
const SYNC = '/admin/realms/{realm}/user-storage/{storageId}/sync';

export class ComponentsApi extends AdminBase {
  /** Components filtered by parent, provider type and/or exact name (the endpoint does not page). */
  getComponents(query: ComponentQuery = {}): Promise<ComponentRepresentation[]> {
    return this.get<ComponentRepresentation[]>(COMPONENTS, { query: { ...query } });
  }

  /**
   * Creates a component and returns its id. Creating an LDAP provider also creates its default
   * mappers (children with the new id as `parentId`).
   */
  createComponent(payload: ComponentRepresentation): Promise<string> {
    return this.create(COMPONENTS, payload, async () => {
      if (!payload.name) return undefined;
      const found = await this.getComponents({
        name: payload.name,
        type: payload.providerType,
        parent: payload.parentId,
      });
      return found.find(
        (component) =>
          (payload.providerId === undefined || component.providerId === payload.providerId) &&
          (payload.subType === undefined || component.subType === payload.subType),
      )?.id;
    });
  }

  getComponent(componentId: string): Promise<ComponentRepresentation> {
    return this.get<ComponentRepresentation>(COMPONENT, { params: { componentId } });
  }

  /**
   * Updates a component. Keycloak merges rather than replaces: fields and config keys left out
   * keep their values; a config key set to `[]` is removed; the mask `**********` sent back for a
   * secret is accepted (per Keycloak's code it keeps the stored secret). A body without `providerId` or `providerType` makes Keycloak answer 500
   * although the change was applied, so missing ones are filled from the stored component.
   */
  async updateComponent(componentId: string, payload: ComponentRepresentation): Promise<void> {
    let body = payload;
    if (payload.providerId === undefined || payload.providerType === undefined) {
      // The read is ours, not the caller's: its failure is reported as the update's (as python does).
      const current = await this.getComponent(componentId).catch((error: unknown) => {
        throw asUpdateFailure(error, COMPONENT);
      });
      body = {
        ...payload,
        providerId: payload.providerId ?? current.providerId,
        providerType: payload.providerType ?? current.providerType,
      };
    }
    await this.put(COMPONENT, body, { params: { componentId } });
  }

  /** Deletes a component and its children (deleting an LDAP provider removes its imported users). */
  async deleteComponent(componentId: string): Promise<void> {
    await this.delete(COMPONENT, { params: { componentId } });
  }

  /**
   * Triggers a full or changed-users sync of a user-storage provider and returns the counts.
   * An unknown action is a 400 ("Unknown action: …"), an unknown id a 404.
   */
  syncUsers(storageId: string, action: UserStorageSyncAction): Promise<SynchronizationResultRepresentation> {
    return this.postJson<SynchronizationResultRepresentation>(SYNC, undefined, {
      params: { storageId },
      query: { action },
    });
  }
}

function asUpdateFailure(error: unknown, template: string): unknown {
  if (!(error instanceof KeycloakError) || error.responseCode === undefined || error.responseCode === 401) {
    return error;
  }
  return new KeycloakPutError('PUT failed', {
    responseCode: error.responseCode,
    responseBody: error.responseBody,
    method: 'PUT',
    path: template,
    cause: error,
  });
}
