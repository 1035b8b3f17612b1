/**
 * Authorization services of a client (python-keycloak's `*_client_authz_*` methods). `clientId`
 * is always the client's internal id (uuid), never its `clientId`. The client must be
 * confidential with `authorizationServicesEnabled`; otherwise every path answers 404.
 *
 * Keycloak's authz creates answer 201 with the created object in the body (no `Location`), so
 * the creates here return that representation, as python-keycloak does.
 */
import { KeycloakConnectionError, KeycloakError } from '../errors.js';
import { makeResponse } from '../http-response.js';
import type {
  AuthzPolicyQuery,
  AuthzPolicyRepresentation,
  AuthzPolicyType,
  AuthzResourceQuery,
  AuthzScopeQuery,
} from '../types/authorization.js';
import type {
  PolicyRepresentation,
  ResourceRepresentation,
  ResourceServerRepresentation,
  ScopeRepresentation,
} from '../types/representations.js';
import { AdminBase, type PageOptions } from './admin-base.js';

const SERVER = '/admin/realms/{realm}/clients/{id}/authz/resource-server';
const SETTINGS = `${SERVER}/settings`;
const IMPORT = `${SERVER}/import`;
const RESOURCES = `${SERVER}/resource`;
const RESOURCE = `${SERVER}/resource/{resourceId}`;
const RESOURCE_SEARCH = `${SERVER}/resource/search`;
const SCOPES = `${SERVER}/scope`;
const SCOPE = `${SERVER}/scope/{scopeId}`;
const SCOPE_SEARCH = `${SERVER}/scope/search`;
const POLICIES = `${SERVER}/policy`;
const POLICY = `${SERVER}/policy/{policyId}`;
const POLICY_SEARCH = `${SERVER}/policy/search`;
const TYPED_POLICIES = `${SERVER}/policy/{type}`;
const TYPED_POLICY = `${SERVER}/policy/{type}/{policyId}`;
const POLICY_SCOPES = `${SERVER}/policy/{policyId}/scopes`;
const POLICY_RESOURCES = `${SERVER}/policy/{policyId}/resources`;
const POLICY_ASSOCIATED = `${SERVER}/policy/{policyId}/associatedPolicies`;
const PERMISSIONS = `${SERVER}/permission`;
const TYPED_PERMISSIONS = `${SERVER}/permission/{type}`;
const TYPED_PERMISSION = `${SERVER}/permission/{type}/{policyId}`;

export interface SkipExistsOptions {
  /** A name that is already taken is not an error: the existing object is returned. */
  skipExists?: boolean;
}

export class AuthorizationApi extends AdminBase {
  // --- resource server -------------------------------------------------------------------

  /**
   * The client's authorization settings in export form: enforcement mode, decision strategy and
   * every resource, scope and policy, all referring to each other by name.
   */
  getClientAuthzSettings(clientId: string): Promise<ResourceServerRepresentation> {
    return this.get<ResourceServerRepresentation>(SETTINGS, { params: { id: clientId } });
  }

  /**
   * Updates the resource server itself (`policyEnforcementMode`, `decisionStrategy`,
   * `allowRemoteResourceManagement`); resources, scopes and policies in the payload are ignored.
   */
  async updateClientAuthzSettings(clientId: string, payload: ResourceServerRepresentation): Promise<void> {
    await this.put(SERVER, payload, { params: { id: clientId } });
  }

  /** Imports settings in export form (as `getClientAuthzSettings` returns them), merging by name. */
  async importClientAuthzConfig(clientId: string, payload: ResourceServerRepresentation): Promise<void> {
    await this.post(IMPORT, payload, { params: { id: clientId } });
  }

  // --- resources -------------------------------------------------------------------------

  /** Creates a resource and returns it (its id is `_id`). With `skipExists`, returns the existing one. */
  createClientAuthzResource(
    clientId: string,
    payload: ResourceRepresentation,
    options: SkipExistsOptions = {},
  ): Promise<ResourceRepresentation> {
    return this.createAuthzObject<ResourceRepresentation>(
      RESOURCES,
      clientId,
      payload,
      () => this.getClientAuthzResourceByName(clientId, payload.name),
      options.skipExists,
    );
  }

  /**
   * Resources of the client. Keycloak returns at most 100 per request; without `first`/`max`
   * every page is fetched (python-keycloak stops at the first 100).
   */
  getClientAuthzResources(
    clientId: string,
    options: AuthzResourceQuery & PageOptions = {},
  ): Promise<ResourceRepresentation[]> {
    const { pageSize, ...query } = options;
    return this.list<ResourceRepresentation>(RESOURCES, {
      params: { id: clientId },
      query: { ...query },
      pageSize,
    });
  }

  iterClientAuthzResources(
    clientId: string,
    options: AuthzResourceQuery & PageOptions = {},
  ): AsyncGenerator<ResourceRepresentation, void, undefined> {
    const { pageSize, ...query } = options;
    return this.paginate<ResourceRepresentation>(RESOURCES, {
      params: { id: clientId },
      query: { ...query },
      pageSize,
    });
  }

  getClientAuthzResource(clientId: string, resourceId: string): Promise<ResourceRepresentation> {
    return this.get<ResourceRepresentation>(RESOURCE, { params: { id: clientId, resourceId } });
  }

  /** The resource with exactly this name, or `undefined`. */
  async getClientAuthzResourceByName(
    clientId: string,
    name: string | undefined,
  ): Promise<ResourceRepresentation | undefined> {
    if (!name) return undefined;
    return this.get<ResourceRepresentation | undefined>(RESOURCE_SEARCH, {
      params: { id: clientId },
      query: { name },
    });
  }

  /** Replaces the resource: fields left out (e.g. `scopes`, `uris`) are cleared. */
  async updateClientAuthzResource(
    clientId: string,
    resourceId: string,
    payload: ResourceRepresentation,
  ): Promise<void> {
    await this.put(RESOURCE, payload, { params: { id: clientId, resourceId } });
  }

  async deleteClientAuthzResource(clientId: string, resourceId: string): Promise<void> {
    await this.delete(RESOURCE, { params: { id: clientId, resourceId } });
  }

  // --- scopes ----------------------------------------------------------------------------

  /**
   * Creates a scope and returns it. Keycloak treats this as an upsert by name: posting a name
   * that exists answers 201 with the existing scope's id and overwrites its other fields.
   */
  createClientAuthzScopes(clientId: string, payload: ScopeRepresentation): Promise<ScopeRepresentation> {
    return this.createAuthzObject<ScopeRepresentation>(
      SCOPES,
      clientId,
      payload,
      () => this.getClientAuthzScopeByName(clientId, payload.name),
      false,
    );
  }

  /** Scopes of the client; every page unless `first`/`max` is given (the server caps at 100). */
  getClientAuthzScopes(
    clientId: string,
    options: AuthzScopeQuery & PageOptions = {},
  ): Promise<ScopeRepresentation[]> {
    const { pageSize, ...query } = options;
    return this.list<ScopeRepresentation>(SCOPES, {
      params: { id: clientId },
      query: { ...query },
      pageSize,
    });
  }

  iterClientAuthzScopes(
    clientId: string,
    options: AuthzScopeQuery & PageOptions = {},
  ): AsyncGenerator<ScopeRepresentation, void, undefined> {
    const { pageSize, ...query } = options;
    return this.paginate<ScopeRepresentation>(SCOPES, {
      params: { id: clientId },
      query: { ...query },
      pageSize,
    });
  }

  /** A 404 for an unknown scope has an empty body (no server message). */
  getClientAuthzScope(clientId: string, scopeId: string): Promise<ScopeRepresentation> {
    return this.get<ScopeRepresentation>(SCOPE, { params: { id: clientId, scopeId } });
  }

  /** The scope with exactly this name, or `undefined`. */
  async getClientAuthzScopeByName(
    clientId: string,
    name: string | undefined,
  ): Promise<ScopeRepresentation | undefined> {
    if (!name) return undefined;
    return this.get<ScopeRepresentation | undefined>(SCOPE_SEARCH, {
      params: { id: clientId },
      query: { name },
    });
  }

  async updateClientAuthzScope(
    clientId: string,
    scopeId: string,
    payload: ScopeRepresentation,
  ): Promise<void> {
    await this.put(SCOPE, payload, { params: { id: clientId, scopeId } });
  }

  async deleteClientAuthzScope(clientId: string, scopeId: string): Promise<void> {
    await this.delete(SCOPE, { params: { id: clientId, scopeId } });
  }

  // --- policies --------------------------------------------------------------------------

  /**
   * Creates a role policy (`roles: [{ id, required? }]`) and returns it. Policies and
   * permissions share one namespace of names.
   */
  createClientAuthzRoleBasedPolicy(
    clientId: string,
    payload: AuthzPolicyRepresentation,
    options: SkipExistsOptions = {},
  ): Promise<AuthzPolicyRepresentation> {
    return this.createTypedPolicy(TYPED_POLICIES, 'role', clientId, payload, options.skipExists);
  }

  /**
   * Creates a client policy (`clients`: client uuids or clientIds; Keycloak stores uuids).
   * Argument order as in python-keycloak: payload first.
   */
  createClientAuthzClientPolicy(
    payload: AuthzPolicyRepresentation,
    clientId: string,
    options: SkipExistsOptions = {},
  ): Promise<AuthzPolicyRepresentation> {
    return this.createTypedPolicy(TYPED_POLICIES, 'client', clientId, payload, options.skipExists);
  }

  /**
   * Creates a policy of any type and returns it. Keycloak has two shapes: a payload with a
   * `config` map (type-specific settings as strings, python-keycloak's form) goes to the
   * generic `POST /policy`; a payload without `config` is sent in typed form to
   * `POST /policy/{type}` (`roles`, `hour`, `policies` … as fields). Mixing the shapes makes the
   * server answer 500 "Cannot parse the JSON".
   */
  createClientAuthzPolicy(
    clientId: string,
    payload: AuthzPolicyRepresentation,
    options: SkipExistsOptions = {},
  ): Promise<AuthzPolicyRepresentation> {
    if (payload.config === undefined && payload.type) {
      return this.createTypedPolicy(TYPED_POLICIES, payload.type, clientId, payload, options.skipExists);
    }
    return this.createAuthzObject<AuthzPolicyRepresentation>(
      POLICIES,
      clientId,
      payload,
      () => this.getClientAuthzPolicyByName(clientId, payload.name),
      options.skipExists,
    );
  }

  /**
   * Policies and permissions of the client, in generic form (type settings in `config`). Pass
   * `permission: false` for policies only. Every page unless `first`/`max` is given (the server
   * caps at 100 per request).
   */
  getClientAuthzPolicies(
    clientId: string,
    options: AuthzPolicyQuery & PageOptions = {},
  ): Promise<AuthzPolicyRepresentation[]> {
    const { pageSize, ...query } = options;
    return this.list<AuthzPolicyRepresentation>(POLICIES, {
      params: { id: clientId },
      query: { ...query },
      pageSize,
    });
  }

  iterClientAuthzPolicies(
    clientId: string,
    options: AuthzPolicyQuery & PageOptions = {},
  ): AsyncGenerator<AuthzPolicyRepresentation, void, undefined> {
    const { pageSize, ...query } = options;
    return this.paginate<AuthzPolicyRepresentation>(POLICIES, {
      params: { id: clientId },
      query: { ...query },
      pageSize,
    });
  }

  /** Client policies (type `client`) in typed form. */
  getClientAuthzClientPolicies(
    clientId: string,
    options: AuthzPolicyQuery & PageOptions = {},
  ): Promise<AuthzPolicyRepresentation[]> {
    const { pageSize, ...query } = options;
    return this.list<AuthzPolicyRepresentation>(TYPED_POLICIES, {
      params: { id: clientId, type: 'client' },
      query: { ...query },
      pageSize,
    });
  }

  iterClientAuthzClientPolicies(
    clientId: string,
    options: AuthzPolicyQuery & PageOptions = {},
  ): AsyncGenerator<AuthzPolicyRepresentation, void, undefined> {
    const { pageSize, ...query } = options;
    return this.paginate<AuthzPolicyRepresentation>(TYPED_POLICIES, {
      params: { id: clientId, type: 'client' },
      query: { ...query },
      pageSize,
    });
  }

  /**
   * One policy or permission. Without `type` the generic form is returned (settings in
   * `config`); with `type` the typed form (`roles`, `clients`, … as fields).
   */
  getClientAuthzPolicy(
    clientId: string,
    policyId: string,
    options: { type?: AuthzPolicyType } = {},
  ): Promise<AuthzPolicyRepresentation> {
    if (options.type) {
      return this.get<AuthzPolicyRepresentation>(TYPED_POLICY, {
        params: { id: clientId, type: options.type, policyId },
      });
    }
    return this.get<AuthzPolicyRepresentation>(POLICY, { params: { id: clientId, policyId } });
  }

  /** The policy or permission with exactly this name (generic form), or `undefined`. */
  async getClientAuthzPolicyByName(
    clientId: string,
    name: string | undefined,
  ): Promise<AuthzPolicyRepresentation | undefined> {
    if (!name) return undefined;
    return this.get<AuthzPolicyRepresentation | undefined>(POLICY_SEARCH, {
      params: { id: clientId },
      query: { name },
    });
  }

  /**
   * Replaces a policy or permission. As with creation, a payload with `config` is sent in
   * generic form to `PUT /policy/{id}`, one without in typed form to `PUT /policy/{type}/{id}`.
   * Fields left out are reset (e.g. `decisionStrategy` falls back to UNANIMOUS).
   */
  async updateClientAuthzPolicy(
    clientId: string,
    policyId: string,
    payload: AuthzPolicyRepresentation,
  ): Promise<void> {
    if (payload.config === undefined && payload.type) {
      await this.put(TYPED_POLICY, payload, { params: { id: clientId, type: payload.type, policyId } });
      return;
    }
    await this.put(POLICY, payload, { params: { id: clientId, policyId } });
  }

  /** Deletes a policy or a permission. */
  async deleteClientAuthzPolicy(clientId: string, policyId: string): Promise<void> {
    await this.delete(POLICY, { params: { id: clientId, policyId } });
  }

  /** Scopes a policy or permission applies to. */
  getClientAuthzPolicyScopes(clientId: string, policyId: string): Promise<ScopeRepresentation[]> {
    return this.get<ScopeRepresentation[]>(POLICY_SCOPES, { params: { id: clientId, policyId } });
  }

  /** Resources a policy or permission applies to (only `_id` and `name`). */
  getClientAuthzPolicyResources(clientId: string, policyId: string): Promise<ResourceRepresentation[]> {
    return this.get<ResourceRepresentation[]>(POLICY_RESOURCES, { params: { id: clientId, policyId } });
  }

  /** Policies a permission (or aggregate policy) combines. */
  getClientAuthzPermissionAssociatedPolicies(
    clientId: string,
    policyId: string,
  ): Promise<AuthzPolicyRepresentation[]> {
    return this.get<AuthzPolicyRepresentation[]>(POLICY_ASSOCIATED, { params: { id: clientId, policyId } });
  }

  // --- permissions -----------------------------------------------------------------------

  /** Creates a resource-based permission (`resources`, `policies`: ids) and returns it. */
  createClientAuthzResourceBasedPermission(
    clientId: string,
    payload: AuthzPolicyRepresentation,
    options: SkipExistsOptions = {},
  ): Promise<AuthzPolicyRepresentation> {
    return this.createTypedPolicy(TYPED_PERMISSIONS, 'resource', clientId, payload, options.skipExists);
  }

  /**
   * Creates a scope-based permission (`scopes`, optional `resources`, `policies`: ids) and
   * returns it. Argument order as in python-keycloak: payload first.
   */
  createClientAuthzScopePermission(
    payload: AuthzPolicyRepresentation,
    clientId: string,
    options: SkipExistsOptions = {},
  ): Promise<AuthzPolicyRepresentation> {
    return this.createTypedPolicy(TYPED_PERMISSIONS, 'scope', clientId, payload, options.skipExists);
  }

  /** Permissions only (no policies); every page unless `first`/`max` is given. */
  getClientAuthzPermissions(
    clientId: string,
    options: AuthzPolicyQuery & PageOptions = {},
  ): Promise<AuthzPolicyRepresentation[]> {
    const { pageSize, ...query } = options;
    return this.list<AuthzPolicyRepresentation>(PERMISSIONS, {
      params: { id: clientId },
      query: { ...query },
      pageSize,
    });
  }

  iterClientAuthzPermissions(
    clientId: string,
    options: AuthzPolicyQuery & PageOptions = {},
  ): AsyncGenerator<AuthzPolicyRepresentation, void, undefined> {
    const { pageSize, ...query } = options;
    return this.paginate<AuthzPolicyRepresentation>(PERMISSIONS, {
      params: { id: clientId },
      query: { ...query },
      pageSize,
    });
  }

  /**
   * One scope-based permission. python-keycloak calls the argument `scope_id`, but it is the
   * permission's id (the server answers for a resource-based permission's id too). The answer
   * carries no `resources`/`scopes`/`policies`: read those with getClientAuthzPolicyResources /
   * …Scopes / getClientAuthzPermissionAssociatedPolicies.
   */
  getClientAuthzScopePermission(clientId: string, scopeId: string): Promise<AuthzPolicyRepresentation> {
    return this.get<AuthzPolicyRepresentation>(TYPED_PERMISSION, {
      params: { id: clientId, type: 'scope', policyId: scopeId },
    });
  }

  /**
   * Replaces a scope-based permission (`scopeId` is the permission's id; payload first as in
   * python-keycloak). Fields left out are reset.
   */
  async updateClientAuthzScopePermission(
    payload: AuthzPolicyRepresentation,
    clientId: string,
    scopeId: string,
  ): Promise<void> {
    await this.put(TYPED_PERMISSION, payload, { params: { id: clientId, type: 'scope', policyId: scopeId } });
  }

  /** Replaces a resource-based permission (`resourceId` is the permission's id). */
  async updateClientAuthzResourcePermission(
    payload: AuthzPolicyRepresentation,
    clientId: string,
    resourceId: string,
  ): Promise<void> {
    await this.put(TYPED_PERMISSION, payload, {
      params: { id: clientId, type: 'resource', policyId: resourceId },
    });
  }

  // --- helpers ---------------------------------------------------------------------------

  /** POSTs a typed policy/permission; a lookup after a 409 returns the typed form too. */
  protected createTypedPolicy(
    template: string,
    type: AuthzPolicyType,
    clientId: string,
    payload: AuthzPolicyRepresentation,
    skipExists: boolean | undefined,
  ): Promise<AuthzPolicyRepresentation> {
    const kind = template === TYPED_PERMISSIONS ? TYPED_PERMISSION : TYPED_POLICY;
    return this.createAuthzObject<AuthzPolicyRepresentation>(
      template,
      clientId,
      payload,
      async () => {
        const found: PolicyRepresentation | undefined = await this.getClientAuthzPolicyByName(
          clientId,
          payload.name,
        );
        if (!found?.id) return undefined;
        if (found.type !== type) return found;
        return this.get<AuthzPolicyRepresentation>(kind, {
          params: { id: clientId, type, policyId: found.id },
        });
      },
      skipExists,
      type,
    );
  }

  /**
   * POST returning the created object. Like `create`, a POST is never retried blindly: after a
   * failure that may have been applied the object is looked up by name before sending again;
   * with `skipExists` (or after such a failure) a 409 resolves to the existing object.
   */
  protected async createAuthzObject<T>(
    template: string,
    clientId: string,
    payload: unknown,
    lookup: () => Promise<T | undefined>,
    skipExists: boolean | undefined,
    type?: string,
  ): Promise<T> {
    let ambiguous = false;
    // After a failure that may have been applied: the object, if the earlier attempt made it.
    const recover = async () => {
      ambiguous = true;
      const found = await lookup().catch(() => undefined);
      return found === undefined ? undefined : makeResponse(201, {}, JSON.stringify(found));
    };
    try {
      return await this.postJson<T>(template, payload, { params: { id: clientId, type }, recover });
    } catch (error) {
      if (error instanceof KeycloakConnectionError) {
        const found = await lookup().catch(() => undefined);
        if (found) return found;
      } else if ((skipExists || ambiguous) && error instanceof KeycloakError && error.responseCode === 409) {
        const found = await lookup();
        if (found) return found;
      }
      throw error;
    }
  }
}
