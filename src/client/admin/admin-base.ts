/**
 * The request plumbing every KeycloakAdmin method uses. Methods name a path template
 * (`/admin/realms/{realm}/users/{id}`); `{realm}` is filled from this view's realm, so one
 * client can serve many realms at once through immutable views (`admin.withRealm('x')`).
 */
import type { RequestOptions } from '../connection.js';
import { errorClassFor, KeycloakConnectionError, KeycloakError, type KeycloakErrorClass } from '../errors.js';
import { type HttpResponse, makeResponse } from '../http-response.js';
import type { KeycloakOpenIDConnection } from '../openid-connection.js';
import { expandPath, type PathParams, type Query } from '../path-template.js';

/** Shared by all realm views of one client. */
export interface AdminContext {
  /** The connection, its credentials and token (python's `KeycloakAdmin.connection`); replaceable. */
  connection: KeycloakOpenIDConnection;
  /** Epoch ms of the last realm this client created: tokens older than that lack its roles. */
  lastRealmCreatedAt: number;
}

export interface CallOptions {
  params?: PathParams;
  query?: Query;
  /** JSON body. */
  body?: unknown;
  form?: RequestOptions['form'];
  raw?: RequestOptions['raw'];
  headers?: Record<string, string>;
  /** Status codes that count as success. Default: any 2xx. */
  expected?: readonly number[];
  /** Error class for failures. Default: the python-keycloak class for the method. */
  errorClass?: KeycloakErrorClass;
  /** A read-only POST (e.g. partial export): retried like a GET. */
  readOnly?: boolean;
  /** A POST that may be sent twice (adding role mappings): retried like a PUT. */
  idempotent?: boolean;
  /** See RequestOptions.recover: finds the object an ambiguous create may have made. */
  recover?: RequestOptions['recover'];
  /** See RequestOptions.timeout: seconds to wait for this answer. */
  timeout?: number;
}

/** What a create returned: the new object's id comes from the `Location` header. */
export interface Created {
  id: string | undefined;
  location: string | undefined;
  status: number;
  body: unknown;
}

export interface PageOptions {
  /** Page size. Default 100. */
  pageSize?: number;
}

export type ListQuery = Readonly<Record<string, string | number | boolean | undefined>> & {
  first?: number;
  max?: number;
};

export class AdminBase {
  protected readonly ctx: AdminContext;
  /** A view's own realm; `undefined` for the client itself, which works in `connection.realmName`. */
  protected viewRealm: string | undefined;

  constructor(ctx: AdminContext, viewRealm: string | undefined) {
    this.ctx = ctx;
    this.viewRealm = viewRealm;
  }

  /**
   * The realm this client works in (python's `connection.realm_name`): a view's own realm, else
   * the connection's (`master` when it has none).
   */
  get realmName(): string {
    return this.viewRealm ?? this.ctx.connection.realmName ?? 'master';
  }

  /** Sends an authorized request and maps failures to the client's error classes. */
  protected async call(method: string, template: string, options: CallOptions = {}): Promise<HttpResponse> {
    const errorClass = options.errorClass ?? errorClassFor(method, undefined);
    const path = expandPath(template, { realm: this.realmName, ...options.params }, errorClass, method);
    const send = (token: string) =>
      this.ctx.connection.send(method, path, {
        query: options.query,
        json: options.body,
        form: options.form,
        raw: options.raw,
        headers: { ...options.headers, authorization: `Bearer ${token}` },
        pathTemplate: template,
        ...(options.readOnly ? { readOnly: true } : {}),
        ...(options.idempotent ? { idempotent: true } : {}),
        ...(options.recover ? { recover: options.recover } : {}),
        ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      });
    const tokens = this.ctx.connection.tokenManager;
    let token = await tokens.accessToken();
    let response = await send(token);
    if (response.status === 401 || (response.status === 403 && this.tokenPredatesRealmCreation())) {
      token = await tokens.renewAfterRejection(token);
      response = await send(token);
    }
    const ok = options.expected ? options.expected.includes(response.status) : response.ok;
    if (!ok) {
      // As in python: a token still refused after one renewal is an authentication failure.
      const failure =
        response.status === 401 && !options.errorClass ? errorClassFor(method, 401) : errorClass;
      throw new failure(describeFailure(method, response.status), {
        responseCode: response.status,
        responseBody: response.body,
        method,
        path: template,
        ...(template.includes('{realm}') ? { realm: this.realmName } : {}),
      });
    }
    return response;
  }

  protected async get<T>(template: string, options: CallOptions = {}): Promise<T> {
    const response = await this.call('GET', template, options);
    return response.json<T>();
  }

  protected async getText(template: string, options: CallOptions = {}): Promise<string> {
    return (await this.call('GET', template, options)).text;
  }

  /** POST; returns the created object's id from `Location` when there is one. */
  protected async post(template: string, body?: unknown, options: CallOptions = {}): Promise<Created> {
    const response = await this.call('POST', template, { ...options, body });
    return toCreated(response);
  }

  /** POST returning the JSON body. */
  protected async postJson<T>(template: string, body?: unknown, options: CallOptions = {}): Promise<T> {
    const response = await this.call('POST', template, { ...options, body });
    return response.json<T>();
  }

  protected async put<T = void>(template: string, body?: unknown, options: CallOptions = {}): Promise<T> {
    const response = await this.call('PUT', template, { ...options, body });
    return (response.text ? response.body : undefined) as T;
  }

  protected async delete<T = void>(template: string, options: CallOptions = {}): Promise<T> {
    const response = await this.call('DELETE', template, options);
    return (response.text ? response.body : undefined) as T;
  }

  /**
   * Creates an object and returns its id. A POST is never sent twice blindly: after a failure
   * that may have been applied (connection lost after sending, 502, 504) `lookup` finds the
   * object by its natural key, and the POST is sent again only when it is not there (the
   * connection does that within its retry budget). A 409 after such a failure is the earlier
   * attempt's object; with `existOk`, any 409 resolves to the existing object's id.
   */
  protected async create(
    template: string,
    body: unknown,
    lookup: () => Promise<string | undefined>,
    options: CallOptions & { existOk?: boolean } = {},
  ): Promise<string> {
    let recovered: string | undefined;
    let ambiguous = false;
    const recover = async (): Promise<HttpResponse | undefined> => {
      ambiguous = true;
      recovered = await lookup().catch(() => undefined);
      return recovered === undefined ? undefined : makeResponse(201, {}, '');
    };
    try {
      const created = await this.post(template, body, { ...options, recover });
      return recovered ?? created.id ?? (await lookup()) ?? '';
    } catch (error) {
      if (error instanceof KeycloakConnectionError) {
        const id = await lookup().catch(() => undefined);
        if (id) return id;
      } else if (
        (options.existOk || ambiguous) &&
        error instanceof KeycloakError &&
        error.responseCode === 409
      ) {
        const id = await lookup();
        if (id) return id;
      }
      throw error;
    }
  }

  /** Pages through a list endpoint with `first`/`max`. */
  protected async *paginate<T>(
    template: string,
    options: CallOptions & PageOptions = {},
  ): AsyncGenerator<T, void, undefined> {
    const pageSize = options.pageSize ?? 100;
    const query = { ...options.query };
    let first = typeof query.first === 'number' ? query.first : 0;
    const limit = typeof query.max === 'number' ? query.max : Number.POSITIVE_INFINITY;
    let yielded = 0;
    while (yielded < limit) {
      const max = Math.min(pageSize, limit - yielded);
      const page = await this.get<T[]>(template, { ...options, query: { ...query, first, max } });
      for (const item of page) yield item;
      yielded += page.length;
      first += page.length;
      if (page.length < max) return;
    }
  }

  /**
   * python-keycloak semantics for list methods: an explicit `first`/`max` fetches one page as
   * asked, otherwise every page is fetched.
   */
  protected async list<T>(template: string, options: CallOptions & PageOptions = {}): Promise<T[]> {
    const query = options.query ?? {};
    if (query.first !== undefined || query.max !== undefined) return this.get<T[]>(template, options);
    return collect(this.paginate<T>(template, options));
  }

  private tokenPredatesRealmCreation(): boolean {
    const token = this.ctx.connection.tokenManager.token;
    return token !== undefined && token.obtainedAt <= this.ctx.lastRealmCreatedAt;
  }
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function toCreated(response: HttpResponse): Created {
  const location = response.headers.location;
  const lastSegment = location
    ? decodeURIComponent(location.replace(/\/+$/, '').split('/').pop() ?? '')
    : undefined;
  return { id: lastSegment || undefined, location, status: response.status, body: response.body };
}

function describeFailure(method: string, status: number): string {
  if (status === 404) return `${method} failed: not found`;
  if (status === 409) return `${method} failed: conflict`;
  if (status === 401 || status === 403) return `${method} failed: not authorized`;
  return `${method} failed`;
}
