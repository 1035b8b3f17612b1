/**
 * UMA permission requests (python-keycloak's `keycloak.uma_permissions`): the `resource#scope`
 * strings the UMA grant takes, a small builder for them, and the result of an access check.
 */
import { KeycloakPermissionFormatError } from '../errors.js';

/** A requested permission: a resource, a scope of it, or both (`resource#scope`). */
export class UMAPermission {
  readonly resource: string;
  readonly scope: string;
  /** The resource's id, when known: KeycloakUMA.permissionTicketCreate then skips the lookup by name. */
  resourceId: string | undefined;

  constructor(options: { permission?: UMAPermission; resource?: string; scope?: string } = {}) {
    this.resource = options.permission?.resource || options.resource || '';
    this.scope = options.permission?.scope || options.scope || '';
    this.resourceId = undefined;
  }

  /**
   * A copy with the resource and/or scope replaced (python's `permission(resource=..., scope=...)`);
   * as in python, a `permission`'s non-empty parts win over `resource` and `scope`.
   */
  with(options: { permission?: UMAPermission; resource?: string; scope?: string } = {}): UMAPermission {
    return new UMAPermission({
      resource: options.permission?.resource || options.resource || this.resource,
      scope: options.permission?.scope || options.scope || this.scope,
    });
  }

  /** The wire form: `resource`, `resource#scope` or `#scope`. */
  toString(): string {
    return this.scope ? `${this.resource}#${this.scope}` : this.resource;
  }

  equals(other: UMAPermission | string): boolean {
    return this.toString() === String(other);
  }
}

/** A permission on a whole resource. */
export class Resource extends UMAPermission {
  constructor(resource: string) {
    super({ resource });
  }
}

/** A permission on a scope, whatever the resource. */
export class Scope extends UMAPermission {
  constructor(scope: string) {
    super({ scope });
  }
}

/**
 * The permission forms `umaPermissions` and `hasUmaAccess` accept: one `resource#scope` string,
 * a UMAPermission, a list of either, or a map from resource name to its scope(s)
 * (`null`/`undefined` or an empty list meaning the whole resource).
 */
export type PermissionsParam =
  | string
  | UMAPermission
  | Iterable<string | UMAPermission>
  | Readonly<Record<string, string | readonly string[] | null | undefined>>;

/** Normalizes any accepted permission form to a set of `resource#scope` strings. */
export function buildPermissionParam(permissions: PermissionsParam | null | undefined): Set<string> {
  const result = new Set<string>();
  if (permissions === null || permissions === undefined || permissions === '') return result;
  if (typeof permissions === 'string') return result.add(permissions);
  if (permissions instanceof UMAPermission) return result.add(permissions.toString());
  if (isIterable(permissions)) {
    for (const permission of permissions) {
      if (typeof permission !== 'string' && !(permission instanceof UMAPermission)) {
        throw new KeycloakPermissionFormatError(`Unsupported permission entry: ${describe(permission)}`);
      }
      result.add(String(permission));
    }
    return result;
  }
  if (typeof permissions !== 'object') {
    throw new KeycloakPermissionFormatError(`Unsupported permissions: ${describe(permissions)}`);
  }
  for (const [resource, scopes] of Object.entries(permissions)) {
    if (scopes === null || scopes === undefined) {
      result.add(resource);
    } else if (typeof scopes === 'string') {
      result.add(`${resource}#${scopes}`);
    } else if (Array.isArray(scopes)) {
      if (scopes.length === 0) result.add(resource);
      for (const scope of scopes) {
        if (typeof scope !== 'string') {
          throw new KeycloakPermissionFormatError(`Scope of ${resource} is not a string: ${describe(scope)}`);
        }
        result.add(`${resource}#${scope}`);
      }
    } else {
      throw new KeycloakPermissionFormatError(`Scopes of ${resource} must be a string or a list of strings`);
    }
  }
  return result;
}

/** Result of `hasUmaAccess`. */
export class AuthStatus {
  constructor(
    /** `false` when the server refused the token itself (expired, revoked, malformed). */
    readonly isLoggedIn: boolean,
    /** `true` when every requested permission was granted. */
    readonly isAuthorized: boolean,
    /** Requested `resource#scope` entries the server did not grant. */
    readonly missingPermissions: Set<string>,
  ) {}

  /** python's `bool(status)`: whether every requested permission was granted. */
  toBoolean(): boolean {
    return this.isAuthorized;
  }

  toJSON(): { isLoggedIn: boolean; isAuthorized: boolean; missingPermissions: string[] } {
    return {
      isLoggedIn: this.isLoggedIn,
      isAuthorized: this.isAuthorized,
      missingPermissions: [...this.missingPermissions],
    };
  }
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.iterator in value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
