/**
 * A client-side model of a resource server's authorization settings (python-keycloak's
 * `keycloak.authorization`): role policies, and the resource and scope permissions that apply
 * them. `KeycloakOpenID.getPolicies/getPermissions` match a token's client roles against it
 * without asking the server.
 *
 * Input is the document `GET /admin/realms/{realm}/clients/{id}/authz/resource-server/settings`
 * returns (the "Export settings" file of the admin console). In that document a policy's
 * `config` values are JSON strings: `roles` is `[{"id":"client/role","required":false}]`
 * (client roles are named `clientId/roleName`, realm roles by their bare name), `resources`,
 * `scopes` and `applyPolicies` are lists of names.
 */
import { KeycloakAuthorizationConfigError } from '../errors.js';
import type { PolicyRepresentation, ResourceServerRepresentation } from '../types/index.js';

/** A role a role policy names. */
export class Role {
  constructor(
    /** `clientId/roleName` for a client role, the bare name for a realm role. */
    readonly name: string,
    readonly required = false,
  ) {}

  getName(): string {
    return this.name;
  }

  /** Same role: compares names, so a role also equals its name as a string. */
  equals(other: Role | string): boolean {
    return typeof other === 'string' ? this.name === other : this.name === other.name;
  }

  toString(): string {
    return this.name;
  }
}

/** A resource or scope permission (python's `Permission`). */
export class Permission {
  /** Resource names the permission covers. */
  resources: string[] = [];
  /** Scope names the permission covers. */
  scopes: string[] = [];

  constructor(
    public name: string,
    /** `resource` or `scope`. */
    public type: string,
    public logic: string,
    public decisionStrategy: string,
  ) {}

  toString(): string {
    return `Permission: ${this.name} (${this.type})`;
  }
}

/** A role policy with the permissions that apply it (python's `Policy`). */
export class Policy {
  roles: Role[] = [];
  permissions: Permission[] = [];

  constructor(
    public name: string,
    public type: string,
    public logic: string,
    public decisionStrategy: string,
  ) {}

  /** Adds a role; only role policies hold roles. */
  addRole(role: Role): void {
    if (this.type !== 'role') {
      throw new KeycloakAuthorizationConfigError(
        `Cannot add a role to policy '${this.name}' of type '${this.type}'`,
      );
    }
    this.roles.push(role);
  }

  addPermission(permission: Permission): void {
    if (!this.permissions.includes(permission)) this.permissions.push(permission);
  }

  /** Whether the policy names this role (`clientId/roleName` or a realm role name). */
  hasRole(name: string): boolean {
    return this.roles.some((role) => role.equals(name));
  }

  toString(): string {
    return `Policy: ${this.name} (${this.type})`;
  }
}

/** The authorization settings of one resource server, reduced to role policies and their permissions. */
export class Authorization {
  /** Role policies by name. */
  policies: Record<string, Policy> = {};

  /**
   * Reads exported authorization settings. Role policies become {@link Policy} objects; resource
   * and scope permissions are attached to the role policies they apply. Other policy types
   * (user, group, client, time, aggregate, JavaScript …) are not modelled, as in python-keycloak.
   * Unlike python-keycloak, permissions may come before the policies they apply.
   */
  loadConfig(data: ResourceServerRepresentation): void {
    const entries = data.policies ?? [];
    if (!Array.isArray(entries)) {
      throw new KeycloakAuthorizationConfigError('Authorization settings have no "policies" list');
    }
    const policies: Record<string, Policy> = {};
    for (const entry of entries) {
      if (entry.type !== 'role') continue;
      const policy = new Policy(
        requireName(entry),
        entry.type,
        entry.logic ?? 'POSITIVE',
        entry.decisionStrategy ?? 'UNANIMOUS',
      );
      for (const role of readRoles(entry)) policy.addRole(role);
      policies[policy.name] = policy;
    }
    for (const entry of entries) {
      if (entry.type !== 'resource' && entry.type !== 'scope') continue;
      const permission = new Permission(
        requireName(entry),
        entry.type,
        entry.logic ?? 'POSITIVE',
        entry.decisionStrategy ?? 'UNANIMOUS',
      );
      permission.resources = readNames(entry, 'resources', entry.resources);
      permission.scopes = readNames(entry, 'scopes', entry.scopes);
      for (const policyName of readNames(entry, 'applyPolicies', entry.policies)) {
        policies[policyName]?.addPermission(permission);
      }
    }
    this.policies = policies;
  }
}

function requireName(entry: PolicyRepresentation): string {
  if (!entry.name)
    throw new KeycloakAuthorizationConfigError('A policy in the authorization settings has no name');
  return entry.name;
}

function readRoles(entry: PolicyRepresentation): Role[] {
  const raw = entry.config?.roles !== undefined ? parseConfig(entry, 'roles') : (entry.roles ?? []);
  if (!Array.isArray(raw)) throw invalid(entry, 'roles');
  return raw.map((item: unknown) => {
    const record = item as { id?: unknown; required?: unknown } | null;
    if (!record || typeof record.id !== 'string') throw invalid(entry, 'roles');
    return new Role(record.id, record.required === true);
  });
}

/** A list of names from `config[key]` (a JSON string), or from the representation's own array. */
function readNames(
  entry: PolicyRepresentation,
  key: string,
  fallback: readonly string[] | undefined,
): string[] {
  const raw = entry.config?.[key] !== undefined ? parseConfig(entry, key) : (fallback ?? []);
  if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'string')) throw invalid(entry, key);
  return raw as string[];
}

function parseConfig(entry: PolicyRepresentation, key: string): unknown {
  const text = entry.config?.[key] ?? '';
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KeycloakAuthorizationConfigError(`Policy '${entry.name}': config "${key}" is not valid JSON`, {
      cause: error,
    });
  }
}

function invalid(entry: PolicyRepresentation, key: string): KeycloakAuthorizationConfigError {
  return new KeycloakAuthorizationConfigError(
    `Policy '${entry.name}': config "${key}" has an unexpected shape`,
  );
}
