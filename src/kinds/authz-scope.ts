/**
 * Authorization scopes of a client (`authorizationSettings.scopes[]`), key [clientKey, name]:
 * displayName and iconUri. Authoritative for each client that declares `authorizationSettings`.
 * When `scopes` is not declared, the scopes declared resources name are declared (name only):
 * Keycloak (its import and the resource POST alike) creates such a scope with the resource, and
 * keycloak-config-cli files rely on that. When `scopes` is declared it is the list: a resource
 * naming another scope is a plan error (a misspelled scope never becomes a new one).
 * Keycloak's scope POST is an upsert by name (an existing name answers 201 and is overwritten),
 * so a create never conflicts. Deleting a scope makes Keycloak delete the scope permissions whose
 * only scope it is: it is first taken out of the permissions that remain (declared without
 * `scopes`).
 */
import type { PlanDiagnostic } from '../core/diagnostics.js';
import { type DesiredObject, defineKind, type KindContext, type ManifestView } from './kind.js';
import {
  type AuthzKey,
  authzClient,
  authzIds,
  authzOrigin,
  authzOwnership,
  type DeclaredAuthz,
  declaredClassicAuthz,
  deleteIgnoringGone,
  readClassicAuthz,
} from './shared/authz/authz.js';
import { repointDependants } from './shared/authz/authz-policies.js';
import { type AuthzScopeValue, resourceValue, scopeValue } from './shared/authz/authz-values.js';

export const authzScopeKind = defineKind<AuthzScopeValue, AuthzKey>({
  kind: 'authz-scope',
  dependsOn: ['authz-settings'],
  exclusive: 'authorization-services',
  describe: 'clientId, scope name',
  // Scopes of one client are independent of each other.
  parallel: true,
  desired(manifest) {
    return declaredClassicAuthz(manifest)?.flatMap((entry) => {
      const declared = (entry.settings.scopes ?? []).map((scope, index) => ({
        key: [entry.clientKey, scope.name ?? ''] as const,
        value: scopeValue(scope),
        origin: authzOrigin(manifest, entry, 'scopes', index),
      }));
      if (entry.settings.scopes !== undefined) return declared;
      return impliedScopes(manifest, entry, new Set());
    });
  },
  authoritative: authzOwnership,
  diagnose(desired) {
    return desired.flatMap((object): PlanDiagnostic[] =>
      object.key[1]
        ? []
        : [
            {
              severity: 'error',
              summary: `${object.origin.path}: an authorization scope needs a name`,
              ...(object.origin.file ? { file: object.origin.file } : {}),
              ...(object.origin.line ? { line: object.origin.line } : {}),
              path: `${object.origin.path}.name`,
            },
          ],
    );
  },
  async read(ctx) {
    return (await readClassicAuthz(ctx)).flatMap((live) =>
      (live.settings.scopes ?? []).map((scope) => ({
        key: [live.clientKey, scope.name ?? ''],
        value: scopeValue(scope),
      })),
    );
  },
  async create(ctx, desired) {
    const [clientKey, name] = desired.key;
    const { uuid } = await authzClient(ctx, clientKey);
    const created = await ctx.admin.createClientAuthzScopes(uuid, desired.value);
    (await authzIds(ctx, uuid, 'scope')).set(name, { id: created.id ?? '' });
  },
  async update(ctx, desired, live) {
    const { uuid, id } = await scopeId(ctx, desired.key);
    // A PUT replaces the scope: send what it has, overlaid with what is declared.
    await ctx.admin.updateClientAuthzScope(uuid, id, { ...live.value, ...desired.value, id });
  },
  async delete(ctx, live) {
    const [clientKey, name] = live.key;
    const { uuid } = await authzClient(ctx, clientKey);
    const ids = await authzIds(ctx, uuid, 'scope');
    const id = ids.get(name)?.id;
    if (!id) return;
    // Kept permissions that name it (declared without `scopes`) must not go with it.
    await repointDependants(ctx, uuid, 'scopes', name, undefined);
    await deleteIgnoringGone(() => ctx.admin.deleteClientAuthzScope(uuid, id));
    ids.delete(name);
  },
});

/** Scopes the client's resources name that its `scopes` list leaves out, first mention each. */
function impliedScopes(
  manifest: ManifestView,
  entry: DeclaredAuthz,
  declared: ReadonlySet<string | undefined>,
): DesiredObject<AuthzScopeValue, AuthzKey>[] {
  const seen = new Set(declared);
  const out: DesiredObject<AuthzScopeValue, AuthzKey>[] = [];
  (entry.settings.resources ?? []).forEach((resource, index) => {
    const names = resourceValue(resource).scopes ?? [];
    names.forEach(({ name }, position) => {
      if (!name || seen.has(name)) return;
      seen.add(name);
      const origin = authzOrigin(manifest, entry, 'resources', index);
      out.push({
        key: [entry.clientKey, name],
        value: { name },
        origin: { ...origin, path: `${origin.path}.scopes[${position}]` },
      });
    });
  });
  return out;
}

async function scopeId(ctx: KindContext, key: AuthzKey): Promise<{ uuid: string; id: string }> {
  const [clientKey, name] = key;
  const { uuid } = await authzClient(ctx, clientKey);
  const id = (await authzIds(ctx, uuid, 'scope')).get(name)?.id;
  if (!id) throw new Error(`authorization scope "${name}" of client "${clientKey}" no longer exists`);
  return { uuid, id };
}
