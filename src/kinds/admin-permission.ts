/**
 * Fine-grained admin permissions v2 (Keycloak 26.2+): the scope permissions of the
 * `admin-permissions` client of a realm with `adminPermissionsEnabled`, key [name]. Declared as
 * keycloak-config-cli declares them, in that client's `authorizationSettings.policies`:
 * `type: scope`, `config.defaultResourceType` (or `resourceType`), `config.scopes`,
 * `config.applyPolicies` (policy names) and `config.resources` (targets as `$name` placeholders,
 * see shared/authz/admin-permissions.ts; none means every object of the type). Compared as sets.
 * The deciding policies of that client (role, group, user, client …) are authz-policy objects
 * with client key `admin-permissions`; the client's settings, resource types and scopes are
 * Keycloak's and not managed. Authoritative when the client declares `authorizationSettings`.
 *
 * read(): the shared partial export (it carries that client's settings, whose own endpoint
 * answers 400), plus one `GET /users/{id}` per user a permission names.
 * Writes: the typed `/permission/scope` endpoints with target ids; a dangling target, unknown
 * resource type or scope, or a decisionStrategy other than UNANIMOUS is a plan-time error
 * (Keycloak answers a bare 400 at apply).
 */
import type { AuthzPolicyRepresentation } from '../client/types/authorization.js';
import type { PlanDiagnostic } from '../core/diagnostics.js';
import { address, type DesiredObject, defineKind, type KindContext, type Reference } from './kind.js';
import {
  declaredAdminPermissions,
  exportedTargetNames,
  liveAdminPermissions,
  type PermissionTarget,
  type PermissionValue,
  PLACEHOLDER,
  permissionValue,
  TARGET_TYPES,
  targetId,
  targetOf,
} from './shared/authz/admin-permissions.js';
import { authzClient, authzIds, authzOrigin, deleteIgnoringGone, knownUsers } from './shared/authz/authz.js';
import { configList, isPermission, mergePolicy, type PolicyValue } from './shared/authz/authz-values.js';
import { isFreshClientRole, isFreshRealmRole } from './shared/identities/roles.js';
import { ADMIN_PERMISSIONS, BUILT_IN_CLIENTS } from './shared/server/built-ins.js';
import { readPartialExport } from './shared/server/reads.js';

const KIND = 'admin-permission';

interface AdminPermissionFacts {
  /** The realm will have `adminPermissionsEnabled` (declared over live). */
  enabled: boolean;
  /** Scopes per resource type (live schema; undefined for a realm not created yet). */
  schema?: Record<string, string[]>;
  /** Usernames named by declared permissions that exist or will exist. */
  users: string[];
  origin?: { path: string; file?: string; line?: number };
  /** Declared parts Keycloak owns that differ from the server (ignored: a PUT answers 400). */
  ignored: string[];
}

const SETTINGS = ['policyEnforcementMode', 'decisionStrategy', 'allowRemoteResourceManagement'] as const;

type PermissionKey = readonly [name: string];

export const adminPermissionKind = defineKind<PermissionValue, PermissionKey, unknown, AdminPermissionFacts>({
  kind: KIND,
  dependsOn: ['authz-policy'],
  describe: 'permission name',
  sets: ['config.*'],
  // Permissions name targets and policies, never each other.
  parallel: true,
  desired(manifest) {
    const entry = declaredAdminPermissions(manifest);
    if (!entry) return undefined;
    const exportedIds = exportedTargetNames(manifest);
    return (entry.settings.policies ?? []).flatMap((policy, index) =>
      isPermission(policy)
        ? [
            {
              key: [policy.name ?? ''],
              value: permissionValue(policy, true, exportedIds),
              origin: authzOrigin(manifest, entry, 'policies', index),
            },
          ]
        : [],
    );
  },
  needs: () => [{ feature: 'adminPermissionsV2', path: '' }],
  async read(ctx) {
    return (await liveAdminPermissions(ctx)).map(({ name, value }) => ({ key: [name] as const, value }));
  },
  async readFacts(ctx, situation): Promise<AdminPermissionFacts> {
    const entry = declaredAdminPermissions(ctx.manifest);
    const exported = situation.realmExists ? await readPartialExport(ctx) : undefined;
    const enabled =
      (ctx.manifest.representation.adminPermissionsEnabled ?? exported?.adminPermissionsEnabled) === true;
    const declared = (entry?.settings.policies ?? [])
      .filter(isPermission)
      .map((p) => permissionValue(p, true, exportedTargetNames(ctx.manifest)));
    const usernames = declared.flatMap((value) =>
      value.config.defaultResourceType === 'Users'
        ? value.config.resources.flatMap((item) => {
            const target = targetOf('Users', item);
            return target ? [target.key[0]] : [];
          })
        : [],
    );
    const live = exported?.clients?.find((client) => client.clientId === ADMIN_PERMISSIONS);
    const types = live?.authorizationSettings?.authorizationSchema?.resourceTypes;
    return {
      enabled,
      ...(types
        ? {
            schema: Object.fromEntries(
              Object.entries(types).map(([name, type]) => [name, [...(type.scopes ?? [])]]),
            ),
          }
        : {}),
      users: enabled ? await knownUsers(ctx, situation.realmExists, usernames) : [],
      ...(entry ? { origin: authzOrigin(ctx.manifest, entry) } : {}),
      ignored: [
        ...SETTINGS.filter((field) => {
          const declaredValue = entry?.settings[field];
          const liveValue = live?.authorizationSettings?.[field];
          return declaredValue !== undefined && liveValue !== undefined && declaredValue !== liveValue;
        }),
        ...(['resources', 'scopes'] as const).filter((list) => (entry?.settings[list]?.length ?? 0) > 0),
      ],
    };
  },
  diagnose(desired, _live, facts) {
    if (facts && !facts.enabled) {
      return [
        {
          severity: 'error',
          summary: `${address('client', [ADMIN_PERMISSIONS])}: its \`authorizationSettings\` are fine-grained admin permissions v2, which need the realm's \`adminPermissionsEnabled: true\``,
          address: address('client', [ADMIN_PERMISSIONS]),
          ...(facts.origin ?? {}),
        },
      ];
    }
    const ignored = (facts?.ignored ?? []).map(
      (field): PlanDiagnostic => ({
        severity: 'warning',
        summary: `${address('client', [ADMIN_PERMISSIONS])}: \`authorizationSettings.${field}\` is ignored: Keycloak owns the settings, resource types and scopes of admin permissions v2`,
        address: address('client', [ADMIN_PERMISSIONS]),
        ...(facts?.origin ?? {}),
      }),
    );
    return [
      ...ignored,
      ...desired.flatMap((object) =>
        problems(object, facts).map(
          (problem): PlanDiagnostic => ({
            severity: 'error',
            summary: `${address(KIND, object.key)}: ${problem.summary}`,
            address: address(KIND, object.key),
            ...(object.origin.file ? { file: object.origin.file } : {}),
            ...(object.origin.line ? { line: object.origin.line } : {}),
            path: problem.path ? `${object.origin.path}.${problem.path}` : object.origin.path,
          }),
        ),
      ),
    ];
  },
  references(desired) {
    const type = resourceTypeOf(desired.value);
    const refs: Reference[] = [];
    configList(desired.value, 'resources').forEach((item, index) => {
      const target = targetOf(type, String(item));
      // Users are checked by diagnose: the user kind reads only declared users.
      if (!target || target.kind === 'user' || isFresh(target)) return;
      refs.push({ ...target, path: `config.resources[${index}]` });
    });
    configList(desired.value, 'applyPolicies').forEach((item, index) => {
      refs.push({
        kind: 'authz-policy',
        key: [ADMIN_PERMISSIONS, String(item)],
        path: `config.applyPolicies[${index}]`,
      });
    });
    return refs;
  },
  async create(ctx, desired) {
    const { uuid } = await authzClient(ctx, ADMIN_PERMISSIONS);
    const created = await ctx.admin.createClientAuthzScopePermission(
      await payloadOf(ctx, desired.value),
      uuid,
    );
    (await authzIds(ctx, uuid, 'policy')).set(desired.key[0], {
      id: created.id ?? '',
      type: 'scope',
    });
  },
  async update(ctx, desired, live) {
    const { uuid } = await authzClient(ctx, ADMIN_PERMISSIONS);
    const id = await permissionId(ctx, uuid, desired.key[0]);
    const next = mergePolicy(live.value, desired.value);
    await ctx.admin.updateClientAuthzScopePermission({ ...(await payloadOf(ctx, next)), id }, uuid, id);
  },
  async delete(ctx, live) {
    const { uuid } = await authzClient(ctx, ADMIN_PERMISSIONS);
    const held = (await authzIds(ctx, uuid, 'policy')).get(live.key[0]);
    if (!held) return;
    await deleteIgnoringGone(() => ctx.admin.deleteClientAuthzPolicy(uuid, held.id));
  },
});

function resourceTypeOf(value: PolicyValue): string {
  return String(value.config?.defaultResourceType ?? '');
}

function isFresh(target: PermissionTarget): boolean {
  if (target.kind === 'client-role') return isFreshClientRole(...target.key);
  if (target.kind === 'client') return BUILT_IN_CLIENTS.has(target.key[0]);
  if (target.kind === 'realm-role') return isFreshRealmRole(target.key[0]);
  return false;
}

function problems(
  object: DesiredObject<PermissionValue, PermissionKey>,
  facts: AdminPermissionFacts | undefined,
): { summary: string; path?: string }[] {
  const out: { summary: string; path?: string }[] = [];
  if (object.value.type !== 'scope') {
    out.push({ summary: 'admin permissions v2 are scope permissions (`type: scope`)', path: 'type' });
  }
  // Keycloak answers 400 to any other strategy for a v2 permission.
  if (object.value.decisionStrategy !== undefined && object.value.decisionStrategy !== 'UNANIMOUS') {
    out.push({
      summary: 'admin permissions v2 take only `decisionStrategy: UNANIMOUS`',
      path: 'decisionStrategy',
    });
  }
  const type = resourceTypeOf(object.value);
  const schema = facts?.schema;
  if (!type || (schema && !schema[type])) {
    const known = schema ? Object.keys(schema).join(', ') : [...TARGET_TYPES].join(', ');
    out.push({
      summary: `needs a resource type (\`config.defaultResourceType\`: ${known})`,
      path: 'config.defaultResourceType',
    });
    return out;
  }
  configList(object.value, 'scopes').forEach((scope, index) => {
    if (schema?.[type] && !schema[type].includes(String(scope)))
      out.push({
        summary: `resource type ${type} has no scope "${String(scope)}" (it has ${schema[type].join(', ')})`,
        path: `config.scopes[${index}]`,
      });
  });
  const users = new Set(facts?.users ?? []);
  configList(object.value, 'resources').forEach((item, index) => {
    const text = String(item);
    if (text === type) return;
    const path = `config.resources[${index}]`;
    const target = targetOf(type, text);
    if (!target) {
      out.push({
        summary: TARGET_TYPES.has(type)
          ? `names "${text}": name a target as \`${PLACEHOLDER}<name>\` (${placeholderHint(type)}), not by id`
          : `resource type ${type} takes no named targets (leave \`resources\` out for all)`,
        path,
      });
    } else if (target.kind === 'user' && !users.has(target.key[0])) {
      out.push({
        summary: `refers to user "${target.key[0]}", which is neither declared nor present in Keycloak`,
        path,
      });
    }
  });
  return out;
}

function placeholderHint(type: string): string {
  if (type === 'Clients') return 'clientId';
  if (type === 'Groups') return 'group path';
  if (type === 'Users') return 'username';
  return 'realm role, or clientId/role';
}

/** The typed payload: scopes and policies by name, targets by id ([] = all of the type). */
async function payloadOf(ctx: KindContext, value: PolicyValue): Promise<AuthzPolicyRepresentation> {
  const type = resourceTypeOf(value);
  const items = configList(value, 'resources')
    .map(String)
    .filter((item) => item !== type);
  const resources = await Promise.all(items.map((item) => targetId(ctx, type, item)));
  return {
    name: value.name ?? '',
    type: 'scope',
    ...(value.description !== undefined ? { description: value.description } : {}),
    ...(value.logic !== undefined ? { logic: value.logic } : {}),
    ...(value.decisionStrategy !== undefined ? { decisionStrategy: value.decisionStrategy } : {}),
    resourceType: type,
    resources,
    scopes: configList(value, 'scopes').map(String),
    policies: configList(value, 'applyPolicies').map(String),
  };
}

async function permissionId(ctx: KindContext, uuid: string, name: string): Promise<string> {
  const id = (await authzIds(ctx, uuid, 'policy')).get(name)?.id;
  if (!id) throw new Error(`admin permission "${name}" no longer exists`);
  return id;
}
