/**
 * Authorization policies of a client (`authorizationSettings.policies[]` whose type is not
 * `resource` or `scope`: role, group, user, client, time, aggregate, client-scope, regex …), key
 * [clientKey, name]: description, type, logic, decisionStrategy and `config`. Written as Keycloak
 * exports them: `config` values are strings, lists JSON with names (`"roles":
 * "[{\"id\":\"admin\"}]"`, client roles `clientId/role`, groups by path, users by username,
 * clients by clientId, client scopes by name, `applyPolicies` by policy name); the typed fields
 * (`roles: [...]` beside `config`) are accepted too. Compared parsed: lists as sets, undeclared
 * config keys "don't care", except that a declared time policy is exactly what it declares.
 * Authoritative for each client that declares `authorizationSettings`.
 *
 * References are checked at plan time: Keycloak silently drops a role or group it cannot find
 * (the policy would never converge) and answers a user, client or policy it cannot find with a
 * bare 500. Policies and permissions share one namespace: a name declared as both is an error.
 * Aggregates are created after the policies they name (see shared/authz/authz-policies.ts).
 */
import type { PlanDiagnostic } from '../core/diagnostics.js';
import { address, type DesiredObject, defineKind, type Reference } from './kind.js';
import {
  type AuthzKey,
  authzOrigin,
  authzOwnership,
  declaredAuthz,
  knownUsers,
  readAuthz,
  type UserUse,
  unknownUserDiagnostics,
} from './shared/authz/authz.js';
import { createPolicy, deletePolicy, updatePolicy } from './shared/authz/authz-policies.js';
import { configList, isPermission, type PolicyValue, policyValue } from './shared/authz/authz-values.js';
import { isFreshClientRole, isFreshRealmRole } from './shared/identities/roles.js';
import {
  BUILT_IN_CLIENTS,
  FRESH_REALM_CLIENT_SCOPES,
  SERVER_CREATED,
  serverCreatedTest,
} from './shared/server/built-ins.js';
import { providerIdsOf, readServerInfo, serverName, unknownNameHint } from './shared/server/server-info.js';

interface PolicyFacts {
  /** Users named by declared user policies that exist or will exist. */
  users: string[];
  /** `clientKey\u0000name` of names declared both as a policy and as a permission. */
  clashes: string[];
  /**
   * Policy types the server (`Keycloak 26.0.8`) has (server info, `policy` SPI); absent when it
   * lists none.
   */
  types?: { server: string; ids: string[] };
}

type PolicyObject = DesiredObject<PolicyValue, AuthzKey>;

export const authzPolicyKind = defineKind<PolicyValue, AuthzKey, unknown, PolicyFacts>({
  kind: 'authz-policy',
  dependsOn: ['authz-settings'],
  // Keycloak cascades between a client's authorization objects (deleting a policy deletes the
  // permissions that use it only): their writes never overlap.
  exclusive: 'authorization-services',
  describe: 'clientId, policy name',
  sets: ['config.*'],
  desired(manifest) {
    return declaredAuthz(manifest)?.flatMap((entry) =>
      (entry.settings.policies ?? []).flatMap((policy, index) =>
        isPermission(policy)
          ? []
          : [
              {
                key: [entry.clientKey, policy.name ?? ''] as const,
                value: policyValue(policy, true),
                origin: authzOrigin(manifest, entry, 'policies', index),
              },
            ],
      ),
    );
  },
  authoritative: authzOwnership,
  async read(ctx) {
    const serverCreated = await serverCreatedTest(ctx, SERVER_CREATED.authzPolicy);
    return (await readAuthz(ctx)).flatMap((live) =>
      (live.settings.policies ?? [])
        .filter((policy) => !isPermission(policy))
        .map((policy) => ({
          key: [live.clientKey, policy.name ?? ''] as const,
          value: policyValue(policy),
          ...(serverCreated(policy.name ?? '') ? { builtIn: true } : {}),
        })),
    );
  },
  async readFacts(ctx, situation): Promise<PolicyFacts> {
    const declared = declaredAuthz(ctx.manifest) ?? [];
    const users = declared.flatMap((entry) =>
      (entry.settings.policies ?? [])
        .filter((policy) => policy.type === 'user')
        .flatMap((policy) => configList(policyValue(policy), 'users').map(String)),
    );
    const clashes = declared.flatMap((entry) => {
      const policies = entry.settings.policies ?? [];
      const permissions = new Set(policies.filter(isPermission).map((policy) => policy.name));
      return policies
        .filter((policy) => !isPermission(policy) && permissions.has(policy.name))
        .map((policy) => `${entry.clientKey}\u0000${policy.name}`);
    });
    const info = declared.length > 0 ? await readServerInfo(ctx) : undefined;
    const types = info ? providerIdsOf(info, ['policy']) : undefined;
    return {
      users: await knownUsers(ctx, situation.realmExists, users),
      clashes,
      ...(info && types ? { types: { server: serverName(info), ids: types } } : {}),
    };
  },
  diagnose(desired, _live, facts) {
    const clashes = new Set(facts?.clashes ?? []);
    return [
      ...unknownUserDiagnostics('authz-policy', desired, facts?.users, userUses),
      ...desired.flatMap((object) => shapeProblems(object, clashes)),
      ...desired.flatMap((object) => unknownPolicyType(object, facts?.types)),
    ];
  },
  references(desired) {
    const [clientKey] = desired.key;
    const refs: Reference[] = [];
    const each = (key: string, add: (item: unknown, path: string) => void) => {
      configList(desired.value, key).forEach((item, index) => {
        add(item, `config.${key}[${index}]`);
      });
    };
    each('roles', (item, path) => {
      const role = roleReference((item as { id: string }).id);
      if (role) refs.push({ ...role, path });
    });
    each('groups', (item, path) => {
      refs.push({ kind: 'group', key: [(item as { path: string }).path], path });
    });
    each('clients', (item, path) => {
      if (!BUILT_IN_CLIENTS.has(String(item))) refs.push({ kind: 'client', key: [String(item)], path });
    });
    each('clientScopes', (item, path) => {
      const name = (item as { id: string }).id;
      if (!FRESH_REALM_CLIENT_SCOPES.has(name)) refs.push({ kind: 'client-scope', key: [name], path });
    });
    each('applyPolicies', (item, path) => {
      refs.push({ kind: 'authz-policy', key: [clientKey, String(item)], path });
    });
    return refs;
  },
  create: createPolicy,
  update: updatePolicy,
  delete: deletePolicy,
});

/** `clientId/role` is a client role (Keycloak splits at the first `/`), anything else a realm role. */
function roleReference(id: string): Omit<Reference, 'path'> | undefined {
  const slash = id.indexOf('/');
  if (slash < 0) return isFreshRealmRole(id) ? undefined : { kind: 'realm-role', key: [id] };
  const clientId = id.slice(0, slash);
  const role = id.slice(slash + 1);
  return isFreshClientRole(clientId, role) ? undefined : { kind: 'client-role', key: [clientId, role] };
}

function userUses(object: PolicyObject): UserUse[] {
  if (object.value.type !== 'user') return [];
  return configList(object.value, 'users').map((name, index) => ({
    name: String(name),
    path: `config.users[${index}]`,
  }));
}

function shapeProblems(object: PolicyObject, clashes: ReadonlySet<string>): PlanDiagnostic[] {
  const addr = address('authz-policy', object.key);
  const at = {
    address: addr,
    ...(object.origin.file ? { file: object.origin.file } : {}),
    ...(object.origin.line ? { line: object.origin.line } : {}),
    path: object.origin.path,
  };
  const out: PlanDiagnostic[] = [];
  if (!object.value.type) {
    out.push({ severity: 'error', summary: `${addr} declares no \`type\` (role, group, user …)`, ...at });
  }
  if (clashes.has(`${object.key[0]}\u0000${object.key[1]}`)) {
    out.push({
      severity: 'error',
      summary: `${addr}: "${object.key[1]}" is declared both as a policy and as a permission; Keycloak keeps one namespace for both`,
      ...at,
    });
  }
  return out;
}

/** A policy type the server does not have: Keycloak refuses the create halfway through an apply. */
function unknownPolicyType(object: PolicyObject, types: PolicyFacts['types']): PlanDiagnostic[] {
  const type = object.value.type;
  if (!types || typeof type !== 'string' || types.ids.includes(type)) return [];
  const addr = address('authz-policy', object.key);
  return [
    {
      severity: 'error',
      summary: `${addr}: type "${type}" is not a policy type ${types.server} has (it has: ${unknownNameHint(types.ids)})`,
      address: addr,
      ...(object.origin.file ? { file: object.origin.file } : {}),
      ...(object.origin.line ? { line: object.origin.line } : {}),
      path: `${object.origin.path}.type`,
    },
  ];
}
