import type { ClientScopeReference } from '../types/client-scopes.js';
import type { ClientScopeRepresentation, ProtocolMapperRepresentation } from '../types/representations.js';
import { AdminBase } from './admin-base.js';
import { mapperIdByName } from './mapper-lookup.js';

const SCOPES = '/admin/realms/{realm}/client-scopes';
const SCOPE = '/admin/realms/{realm}/client-scopes/{id}';
const SCOPE_MAPPERS = '/admin/realms/{realm}/client-scopes/{id}/protocol-mappers/models';
const DEFAULT_DEFAULT = '/admin/realms/{realm}/default-default-client-scopes';
const DEFAULT_OPTIONAL = '/admin/realms/{realm}/default-optional-client-scopes';

export class ClientScopesApi extends AdminBase {
  /** All client scopes of the realm (the endpoint has no paging). */
  getClientScopes(): Promise<ClientScopeRepresentation[]> {
    return this.get<ClientScopeRepresentation[]>(SCOPES);
  }

  getClientScope(clientScopeId: string): Promise<ClientScopeRepresentation> {
    return this.get<ClientScopeRepresentation>(SCOPE, { params: { id: clientScopeId } });
  }

  /** The scope named exactly `clientScopeName`, or `undefined` (there is no server-side filter). */
  async getClientScopeByName(clientScopeName: string): Promise<ClientScopeRepresentation | undefined> {
    const scopes = await this.getClientScopes();
    return scopes.find((scope) => scope.name === clientScopeName);
  }

  /**
   * Creates a client scope and returns its id. With `skipExists`, a scope of the same name resolves
   * to its id. Keycloak wants a `protocol` (400 "Unexpected protocol" without one).
   */
  createClientScope(
    payload: ClientScopeRepresentation,
    options: { skipExists?: boolean } = {},
  ): Promise<string> {
    const lookup = async () =>
      payload.name ? (await this.getClientScopeByName(payload.name))?.id : undefined;
    return this.create(SCOPES, payload, lookup, { existOk: options.skipExists });
  }

  /** A PUT replaces the scope: send the full representation. */
  async updateClientScope(clientScopeId: string, payload: ClientScopeRepresentation): Promise<void> {
    await this.put(SCOPE, payload, { params: { id: clientScopeId } });
  }

  /** Keycloak 26.7 detaches the scope from clients and from the realm lists itself (204). */
  async deleteClientScope(clientScopeId: string): Promise<void> {
    await this.delete(SCOPE, { params: { id: clientScopeId } });
  }

  getMappersFromClientScope(clientScopeId: string): Promise<ProtocolMapperRepresentation[]> {
    return this.get<ProtocolMapperRepresentation[]>(SCOPE_MAPPERS, { params: { id: clientScopeId } });
  }

  /** Adds a protocol mapper to the scope; returns the new mapper's id. */
  async addMapperToClientScope(
    clientScopeId: string,
    payload: ProtocolMapperRepresentation,
  ): Promise<string> {
    // A mapper's name is unique in its scope: the natural key that finds a lost create.
    return this.create(
      SCOPE_MAPPERS,
      payload,
      async () => mapperIdByName(await this.getMappersFromClientScope(clientScopeId), payload),
      {
        params: { id: clientScopeId },
      },
    );
  }

  async deleteMapperFromClientScope(clientScopeId: string, protocolMapperId: string): Promise<void> {
    await this.delete(`${SCOPE_MAPPERS}/{mapperId}`, {
      params: { id: clientScopeId, mapperId: protocolMapperId },
    });
  }

  /** Put the mapper's `id` in the payload as well: Keycloak answers 500 without it. */
  async updateMapperInClientScope(
    clientScopeId: string,
    protocolMapperId: string,
    payload: ProtocolMapperRepresentation,
  ): Promise<void> {
    await this.put(`${SCOPE_MAPPERS}/{mapperId}`, payload, {
      params: { id: clientScopeId, mapperId: protocolMapperId },
    });
  }

  /** Realm default scopes: attached as default scopes to every client created afterwards. */
  getDefaultDefaultClientScopes(): Promise<ClientScopeReference[]> {
    return this.get<ClientScopeReference[]>(DEFAULT_DEFAULT);
  }

  async deleteDefaultDefaultClientScope(scopeId: string): Promise<void> {
    await this.delete(`${DEFAULT_DEFAULT}/{scopeId}`, { params: { scopeId } });
  }

  /**
   * Adds to the realm default scopes; existing clients are unchanged. A scope already in the
   * default or the optional list gives 409 (it is not moved).
   */
  async addDefaultDefaultClientScope(scopeId: string): Promise<void> {
    await this.put(`${DEFAULT_DEFAULT}/{scopeId}`, undefined, { params: { scopeId } });
  }

  /** Realm optional scopes: attached as optional scopes to every client created afterwards. */
  getDefaultOptionalClientScopes(): Promise<ClientScopeReference[]> {
    return this.get<ClientScopeReference[]>(DEFAULT_OPTIONAL);
  }

  async deleteDefaultOptionalClientScope(scopeId: string): Promise<void> {
    await this.delete(`${DEFAULT_OPTIONAL}/{scopeId}`, { params: { scopeId } });
  }

  /** Adds to the realm optional scopes; 409 when the scope is already a default or optional scope. */
  async addDefaultOptionalClientScope(scopeId: string): Promise<void> {
    await this.put(`${DEFAULT_OPTIONAL}/{scopeId}`, undefined, { params: { scopeId } });
  }
}
