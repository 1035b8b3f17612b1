/**
 * KeycloakUMA: the UMA 2.0 protection API of one resource server (python-keycloak's
 * `KeycloakUMA`): resource sets, permission tickets, user-managed policies and permission checks.
 *
 * It works through a KeycloakOpenIDConnection whose client is the resource server (a confidential
 * client with authorization services): that client's own token (the protection API token) is
 * obtained and renewed by the connection. Endpoints come from the realm's UMA discovery document,
 * read once per instance.
 *
 * Failures follow python-keycloak: the error class of the HTTP method, KeycloakAuthenticationError
 * for a 401. Calls answered with an empty body resolve to `undefined` (python returns `{}` or `b""`).
 */
import { errorClassFor, KeycloakPostError } from '../errors.js';
import type { HttpResponse } from '../http-response.js';
import type { UMAPermission } from '../openid/uma-permissions.js';
import type { KeycloakOpenIDConnection } from '../openid-connection.js';
import type { Query } from '../path-template.js';
import type { PermissionTicketResponse, UmaConfiguration, UmaPolicy, UmaResource } from '../types/uma.js';

const UMA_TICKET = 'urn:ietf:params:oauth:grant-type:uma-ticket';

export interface ResourceSetListIdsOptions {
  /** Resources whose name contains this (or equals it, with `exactName`). */
  name?: string;
  exactName?: boolean;
  /** Resources with this URI (or a URI pattern matching it, with `matchingUri`). */
  uri?: string;
  /** Owner's id or name. */
  owner?: string;
  resourceType?: string;
  scope?: string;
  matchingUri?: boolean;
  /** Index of the first result. Default 0. */
  first?: number;
  /** Max results; negative (the default, -1) means no limit. */
  maximum?: number;
}

export interface PolicyQueryOptions {
  /** Id of the resource the policies protect. */
  resource?: string;
  name?: string;
  scope?: string;
  /** Index of the first result. Default 0. */
  first?: number;
  /** Max results; negative (the default, -1) means no limit. */
  maximum?: number;
}

/** The UMA 2.0 protection API of the resource server a KeycloakOpenIDConnection is logged in as. */
export class KeycloakUMA {
  private _connection: KeycloakOpenIDConnection;
  private wellKnown: Promise<UmaConfiguration> | undefined;

  constructor(connection: KeycloakOpenIDConnection) {
    this._connection = connection;
  }

  get connection(): KeycloakOpenIDConnection {
    return this._connection;
  }
  set connection(value: KeycloakOpenIDConnection) {
    this._connection = value;
    this.wellKnown = undefined;
  }

  /**
   * Fills `{name}` placeholders of `url` with form-encoded values (python's `format_url`:
   * `formatUrl('https://h/{r}/{id}', { r: 'a b', id: 'x' })` gives `https://h/a+b/x`).
   */
  static formatUrl(url: string, kwargs: Readonly<Record<string, string>> = {}): string {
    return url.replace(/\{(\w+)\}/g, (whole, key: string) =>
      kwargs[key] === undefined ? whole : encodeURIComponent(kwargs[key]).replace(/%20/g, '+'),
    );
  }

  /** The realm's UMA discovery document, read once per instance (a failed read is retried next time). */
  get umaWellKnown(): Promise<UmaConfiguration> {
    this.wellKnown ??= this.readWellKnown().catch((error: unknown) => {
      this.wellKnown = undefined;
      throw error;
    });
    return this.wellKnown;
  }

  /** Registers a resource (201) and returns it with its `_id`. 409 when the name is taken. */
  async resourceSetCreate(payload: UmaResource): Promise<UmaResource> {
    const url = (await this.umaWellKnown).resource_registration_endpoint;
    const response = await this.request('POST', url, '{resource_registration_endpoint}', { body: payload });
    return response.json<UmaResource>();
  }

  /** Replaces a resource (the whole representation; 204). */
  async resourceSetUpdate(resourceId: string, payload: UmaResource): Promise<void> {
    await this.request('PUT', await this.resourceUrl(resourceId), '{resource_registration_endpoint}/{id}', {
      body: payload,
    });
  }

  async resourceSetRead(resourceId: string): Promise<UmaResource> {
    const url = await this.resourceUrl(resourceId);
    const response = await this.request('GET', url, '{resource_registration_endpoint}/{id}');
    return response.json<UmaResource>();
  }

  async resourceSetDelete(resourceId: string): Promise<void> {
    await this.request('DELETE', await this.resourceUrl(resourceId), '{resource_registration_endpoint}/{id}');
  }

  /** Ids of the resources matching the filters (all of them without filters). */
  async resourceSetListIds(options: ResourceSetListIdsOptions = {}): Promise<string[]> {
    const query: Record<string, string | number> = {};
    if (options.name) {
      query.name = options.name;
      if (options.exactName) query.exactName = 'true';
    }
    if (options.uri) query.uri = options.uri;
    if (options.owner) query.owner = options.owner;
    if (options.resourceType) query.type = options.resourceType;
    if (options.scope) query.scope = options.scope;
    if (options.matchingUri) query.matchingUri = 'true';
    if ((options.first ?? 0) > 0) query.first = options.first ?? 0;
    if ((options.maximum ?? -1) >= 0) query.max = options.maximum ?? -1;
    const url = (await this.umaWellKnown).resource_registration_endpoint;
    const response = await this.request('GET', url, '{resource_registration_endpoint}', { query });
    return response.json<string[]>();
  }

  /** Every resource, read one by one (python's generator). */
  async *resourceSetList(): AsyncGenerator<UmaResource, void, undefined> {
    for (const id of await this.resourceSetListIds()) yield await this.resourceSetRead(id);
  }

  /**
   * Asks for a permission ticket for `permissions` (resource, optionally `#scope`), to exchange
   * for an RPT with the UMA grant. A permission names its resource by `resourceId`, or by exact
   * name (looked up first; KeycloakPostError "Invalid resource specified" when there is none).
   */
  async permissionTicketCreate(permissions: Iterable<UMAPermission>): Promise<PermissionTicketResponse> {
    const resources = new Map<string, Set<string>>();
    for (const permission of permissions) {
      let resourceId = permission.resourceId;
      if (!resourceId) {
        const ids = await this.resourceSetListIds({
          name: permission.resource,
          exactName: true,
          first: 0,
          maximum: 1,
        });
        if (!ids[0]) {
          throw new KeycloakPostError('Invalid resource specified', {
            method: 'POST',
            path: '{permission_endpoint}',
          });
        }
        resourceId = ids[0];
      }
      const scopes = resources.get(resourceId) ?? new Set<string>();
      if (permission.scope) scopes.add(permission.scope);
      resources.set(resourceId, scopes);
    }
    const payload = [...resources].map(([resourceId, scopes]) => ({
      resource_id: resourceId,
      resource_scopes: [...scopes],
    }));
    const url = (await this.umaWellKnown).permission_endpoint;
    const response = await this.request('POST', url, '{permission_endpoint}', { body: payload });
    return response.json<PermissionTicketResponse>();
  }

  /**
   * Whether the user of `token` holds every one of `permissions` on this resource server (UMA
   * grant, `response_mode=decision`). No permissions: `true` without asking. Any refusal (unknown
   * resource, denied, dead token) is `false`. Each permission is decided by its own request:
   * Keycloak answers a request naming several with `true` when any one is granted, and python's
   * comma-joined list is read by the server as one resource name.
   */
  async permissionsCheck(
    token: string,
    permissions: Iterable<UMAPermission | string>,
    extraPayload: Readonly<Record<string, string | readonly string[]>> = {},
  ): Promise<boolean> {
    const list = [...new Set([...permissions].map(String))].filter((permission) => permission !== '');
    if (list.length === 0) return true;
    const endpoint = (await this.umaWellKnown).token_endpoint;
    for (const permission of list) {
      const response = await this._connection.send('POST', endpoint, {
        form: {
          grant_type: UMA_TICKET,
          permission,
          response_mode: 'decision',
          audience: this._connection.clientId,
          ...extraPayload,
        },
        headers: { authorization: `Bearer ${token}` },
        pathTemplate: '{token_endpoint}',
      });
      if (!response.ok || response.json<{ result?: boolean }>()?.result !== true) return false;
    }
    return true;
  }

  /** Creates a user-managed policy on a resource (the resource needs `ownerManagedAccess`). */
  async policyResourceCreate(resourceId: string, payload: UmaPolicy): Promise<UmaPolicy> {
    const url = `${(await this.umaWellKnown).policy_endpoint}/${encodeURIComponent(resourceId)}`;
    const response = await this.request('POST', url, '{policy_endpoint}/{resource_id}', { body: payload });
    return response.json<UmaPolicy>();
  }

  /** Replaces a user-managed policy. */
  async policyUpdate(policyId: string, payload: UmaPolicy): Promise<void> {
    const url = `${(await this.umaWellKnown).policy_endpoint}/${encodeURIComponent(policyId)}`;
    await this.request('PUT', url, '{policy_endpoint}/{policy_id}', { body: payload });
  }

  async policyDelete(policyId: string): Promise<void> {
    const url = `${(await this.umaWellKnown).policy_endpoint}/${encodeURIComponent(policyId)}`;
    await this.request('DELETE', url, '{policy_endpoint}/{policy_id}');
  }

  /** User-managed policies matching the filters (all of them without filters). */
  async policyQuery(options: PolicyQueryOptions = {}): Promise<UmaPolicy[]> {
    const query: Record<string, string | number> = {};
    if (options.name) query.name = options.name;
    if (options.resource) query.resource = options.resource;
    if (options.scope) query.scope = options.scope;
    if ((options.first ?? 0) > 0) query.first = options.first ?? 0;
    if ((options.maximum ?? -1) >= 0) query.max = options.maximum ?? -1;
    const url = (await this.umaWellKnown).policy_endpoint;
    const response = await this.request('GET', url, '{policy_endpoint}', { query });
    const body = response.text ? response.json<UmaPolicy[] | Record<string, never>>() : [];
    return Array.isArray(body) ? body : [];
  }

  // ---------------------------------------------------------------------------------------------

  private async readWellKnown(): Promise<UmaConfiguration> {
    const template = '/realms/{realm}/.well-known/uma2-configuration';
    const realm = this._connection.realmName ?? 'master';
    const response = await this._connection.send(
      'GET',
      template.replace('{realm}', encodeURIComponent(realm)),
      {
        pathTemplate: template,
      },
    );
    if (!response.ok) throw failure('GET', template, response);
    return response.json<UmaConfiguration>();
  }

  private async resourceUrl(resourceId: string): Promise<string> {
    const base = (await this.umaWellKnown).resource_registration_endpoint;
    return KeycloakUMA.formatUrl(`${base}/{id}`, { id: resourceId });
  }

  /** An authorized request (the connection's token); a non-2xx answer throws python's error class. */
  private async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    template: string,
    options: { body?: unknown; query?: Query } = {},
  ): Promise<HttpResponse> {
    const request = { query: options.query, pathTemplate: template };
    const connection = this._connection;
    const response =
      method === 'GET'
        ? await connection.rawGet(url, request)
        : method === 'POST'
          ? await connection.rawPost(url, options.body, request)
          : method === 'PUT'
            ? await connection.rawPut(url, options.body, request)
            : await connection.rawDelete(url, options.body, request);
    if (!response.ok) throw failure(method, template, response);
    return response;
  }
}

function failure(method: string, template: string, response: HttpResponse): Error {
  const errorClass = errorClassFor(method, response.status);
  return new errorClass(`UMA ${method} failed`, {
    responseCode: response.status,
    responseBody: response.body,
    method,
    path: template,
  });
}
