/**
 * Authorization permissions of a client (`authorizationSettings.policies[]` of type `resource`
 * or `scope`), key [clientKey, name]: description, logic, decisionStrategy and `config`
 * (`resources`, `scopes`, `applyPolicies` by name; `defaultResourceType` for a permission on a
 * resource type), compared as sets. Authoritative for each client that declares
 * `authorizationSettings`. Runs after resources, scopes and policies, all checked at plan time.
 *
 * Keycloak deletes a permission itself when the last resource, scope or policy it names is
 * deleted; a declared permission naming one that the plan deletes is a dangling reference.
 * A permission leaving a list out keeps it (a PUT without `resources` keeps them): an explicit
 * `"[]"` clears it.
 */
import { defineKind, type Reference } from './kind.js';
import {
  type AuthzKey,
  authzOrigin,
  authzOwnership,
  declaredClassicAuthz,
  readClassicAuthz,
} from './shared/authz/authz.js';
import { createPolicy, deletePolicy, updatePolicy } from './shared/authz/authz-policies.js';
import { configList, isPermission, type PolicyValue, policyValue } from './shared/authz/authz-values.js';
import { SERVER_CREATED, serverCreatedTest } from './shared/server/built-ins.js';

const TARGETS: Readonly<Record<string, string>> = {
  resources: 'authz-resource',
  scopes: 'authz-scope',
  applyPolicies: 'authz-policy',
};

export const authzPermissionKind = defineKind<PolicyValue, AuthzKey>({
  kind: 'authz-permission',
  dependsOn: ['authz-policy', 'authz-resource', 'authz-scope'],
  exclusive: 'authorization-services',
  describe: 'clientId, permission name',
  sets: ['config.*'],
  // Permissions name resources, scopes and policies, never each other.
  parallel: true,
  desired(manifest) {
    return declaredClassicAuthz(manifest)?.flatMap((entry) =>
      (entry.settings.policies ?? []).flatMap((policy, index) =>
        isPermission(policy)
          ? [
              {
                key: [entry.clientKey, policy.name ?? ''] as const,
                value: policyValue(policy, true),
                origin: authzOrigin(manifest, entry, 'policies', index),
              },
            ]
          : [],
      ),
    );
  },
  authoritative: authzOwnership,
  async read(ctx) {
    const serverCreated = await serverCreatedTest(ctx, SERVER_CREATED.authzPermission);
    return (await readClassicAuthz(ctx)).flatMap((live) =>
      (live.settings.policies ?? []).filter(isPermission).map((policy) => ({
        key: [live.clientKey, policy.name ?? ''] as const,
        value: policyValue(policy),
        ...(serverCreated(policy.name ?? '') ? { builtIn: true } : {}),
      })),
    );
  },
  references(desired) {
    const [clientKey] = desired.key;
    return Object.entries(TARGETS).flatMap(([key, kind]) =>
      configList(desired.value, key).map(
        (name, index): Reference => ({
          kind,
          key: [clientKey, String(name)],
          path: `config.${key}[${index}]`,
        }),
      ),
    );
  },
  create: createPolicy,
  update: updatePolicy,
  delete: deletePolicy,
});
