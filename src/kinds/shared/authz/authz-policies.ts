/**
 * Writes shared by the authz-policy and authz-permission kinds. Policies and permissions are one
 * list in Keycloak (one namespace of names).
 *
 * - Policies are written in the generic form, names in `config` (as Keycloak exports them).
 * - Permissions are written in the typed form, with ids: by name, Keycloak finds only resources
 *   the client itself owns (a permission naming a user's resource answers a bare 500), although
 *   its export names them all.
 *
 * - Aggregate policies name other policies, which must exist first: creating or updating one
 *   first creates the declared policies it names that do not exist yet (the planner orders a
 *   kind's steps by address, not by dependency). Their own step then finds them done.
 * - A name taken by the other kind (a policy that became a permission) is freed first: the
 *   object holding it is not declared there, so the plan deletes it anyway, only later.
 * - Deleting a policy makes Keycloak delete the permissions and aggregates that have no other
 *   policy: the policy is first taken out of those that remain (declared without that list).
 * - Keycloak cannot change a policy's type in place (a PUT keeps the type and drops the
 *   settings): a type change creates the new policy under a temporary name, moves the
 *   dependants to it, deletes the old one and renames the new one.
 */
import type { AuthzPolicyRepresentation } from '../../../client/types/authorization.js';
import { changedPathStrings, compareDeclared } from '../../../core/compare.js';
import type { DesiredObject, KindContext, LiveObject } from '../../kind.js';
import { SERVER_CREATED, serverCreatedTest } from '../server/built-ins.js';
import { type AuthzKey, authzClient, authzIds, declaredAuthz, deleteIgnoringGone } from './authz.js';
import {
  configList,
  isPermission,
  mergePolicy,
  type PolicyValue,
  policyPayload,
  policyValue,
} from './authz-values.js';

/** A declared policy or permission (both kinds share the handlers below). */
type PolicyObject = DesiredObject<PolicyValue, AuthzKey>;

export async function createPolicy(ctx: KindContext, desired: PolicyObject): Promise<void> {
  const [clientKey, name] = desired.key;
  const { uuid } = await authzClient(ctx, clientKey);
  if (await adoptServerCreated(ctx, uuid, desired)) return;
  await ensurePolicy(ctx, uuid, clientKey, name, desired.value, new Set());
}

/**
 * A declared policy or permission named like the one Keycloak made with a client created in this
 * apply (up to 26.4) is that one: left as it is when it matches (an export of an older realm
 * declares it as Keycloak made it; its JavaScript policy could not be created through the admin
 * API), updated otherwise. True when it was adopted.
 */
async function adoptServerCreated(ctx: KindContext, uuid: string, desired: PolicyObject): Promise<boolean> {
  const [, name] = desired.key;
  const permission = isPermission({ type: desired.value.type });
  const made = await serverCreatedTest(
    ctx,
    permission ? SERVER_CREATED.authzPermission : SERVER_CREATED.authzPolicy,
  );
  if (!made(name)) return false;
  const held = (await authzIds(ctx, uuid, 'policy')).get(name);
  if (!held || isPermission({ type: held.type }) !== permission) return false;
  const current = (await ctx.admin.getClientAuthzSettings(uuid)).policies?.find((p) => p.name === name);
  if (!current) return false;
  const live = { key: desired.key, value: policyValue(current) };
  const changed = changedPathStrings(compareDeclared(desired.value, live.value, { sets: ['config.*'] }));
  if (changed.length > 0) await updatePolicy(ctx, desired, live, changed);
  return true;
}

export async function updatePolicy(
  ctx: KindContext,
  desired: PolicyObject,
  live: LiveObject<PolicyValue, AuthzKey>,
  changedPaths: readonly string[],
): Promise<void> {
  const [clientKey, name] = desired.key;
  const { uuid } = await authzClient(ctx, clientKey);
  const ids = await authzIds(ctx, uuid, 'policy');
  await createNamedPolicies(ctx, uuid, clientKey, desired.value, new Set([name]));
  const id = ids.get(name)?.id;
  if (!id) throw new Error(`policy "${name}" of client "${clientKey}" no longer exists`);
  const next = mergePolicy(live.value, desired.value);
  if (changedPaths.includes('type')) {
    await retype(ctx, uuid, name, id, next);
    return;
  }
  await ctx.admin.updateClientAuthzPolicy(uuid, id, { ...(await payloadOf(ctx, uuid, next)), id });
}

export async function deletePolicy(ctx: KindContext, live: LiveObject<PolicyValue, AuthzKey>): Promise<void> {
  const [clientKey, name] = live.key;
  const { uuid } = await authzClient(ctx, clientKey);
  const ids = await authzIds(ctx, uuid, 'policy');
  const held = ids.get(name);
  // Gone already when Keycloak deleted it with the last policy, resource or scope it had; or
  // the name now belongs to the other kind (a policy became a permission in this apply).
  if (!held || isPermission({ type: held.type }) !== isPermission({ type: live.value.type })) return;
  if (!isPermission({ type: held.type }))
    await repointDependants(ctx, uuid, 'applyPolicies', name, undefined);
  await deleteIgnoringGone(() => ctx.admin.deleteClientAuthzPolicy(uuid, held.id));
  ids.delete(name);
}

/** The payload for a create or a PUT: generic form for policies, typed form for permissions. */
async function payloadOf(
  ctx: KindContext,
  uuid: string,
  value: PolicyValue,
): Promise<AuthzPolicyRepresentation> {
  if (!isPermission({ type: value.type })) return policyPayload(value);
  const payload = policyPayload(value);
  const { config, ...typed } = payload;
  const idsOf = async (key: string, type: 'resource' | 'scope' | 'policy') => {
    const ids = await authzIds(ctx, uuid, type);
    return configList(value, key).map((entry) => {
      const id = ids.get(String(entry))?.id;
      if (!id)
        throw new Error(
          `${type} "${String(entry)}" named by permission "${String(value.name)}" does not exist`,
        );
      return id;
    });
  };
  // Lists left out are cleared by the typed PUT: `value` is complete (live overlaid with declared).
  return {
    ...typed,
    resources: await idsOf('resources', 'resource'),
    scopes: await idsOf('scopes', 'scope'),
    policies: await idsOf('applyPolicies', 'policy'),
    ...(config?.defaultResourceType ? { resourceType: config.defaultResourceType } : {}),
  };
}

/** Creates the policy unless it exists (created earlier in this apply as a dependency). */
async function ensurePolicy(
  ctx: KindContext,
  uuid: string,
  clientKey: string,
  name: string,
  value: PolicyValue,
  visiting: Set<string>,
): Promise<void> {
  const ids = await authzIds(ctx, uuid, 'policy');
  const existing = ids.get(name);
  if (existing && isPermission({ type: existing.type }) === isPermission({ type: value.type })) return;
  if (existing) {
    // Held by the other kind, which does not declare it: deleted by this plan anyway.
    await deleteIgnoringGone(() => ctx.admin.deleteClientAuthzPolicy(uuid, existing.id));
    ids.delete(name);
  }
  visiting.add(name);
  await createNamedPolicies(ctx, uuid, clientKey, value, visiting);
  const created = await ctx.admin.createClientAuthzPolicy(uuid, await payloadOf(ctx, uuid, value));
  ids.set(name, { id: created.id ?? '', type: created.type ?? value.type });
}

/** Creates the declared policies `applyPolicies` names that do not exist yet. */
async function createNamedPolicies(
  ctx: KindContext,
  uuid: string,
  clientKey: string,
  value: PolicyValue,
  visiting: Set<string>,
): Promise<void> {
  const ids = await authzIds(ctx, uuid, 'policy');
  for (const named of configList(value, 'applyPolicies')) {
    const policy = String(named);
    if (ids.has(policy) || visiting.has(policy)) continue;
    const declared = declaredPolicy(ctx, clientKey, policy);
    if (declared) await ensurePolicy(ctx, uuid, clientKey, policy, declared, visiting);
  }
}

function declaredPolicy(ctx: KindContext, clientKey: string, name: string): PolicyValue | undefined {
  const entry = declaredAuthz(ctx.manifest)?.find((candidate) => candidate.clientKey === clientKey);
  const policy = entry?.settings.policies?.find((candidate) => candidate.name === name);
  return policy && !isPermission(policy) ? policyValue(policy, true) : undefined;
}

async function retype(
  ctx: KindContext,
  uuid: string,
  name: string,
  oldId: string,
  next: PolicyValue,
): Promise<void> {
  const ids = await authzIds(ctx, uuid, 'policy');
  const temporary = temporaryName(name);
  const created = await ctx.admin.createClientAuthzPolicy(
    uuid,
    await payloadOf(ctx, uuid, { ...next, name: temporary }),
  );
  const newId = created.id ?? '';
  ids.set(temporary, { id: newId, type: next.type });
  await repointDependants(ctx, uuid, 'applyPolicies', name, temporary);
  await ctx.admin.deleteClientAuthzPolicy(uuid, oldId);
  await ctx.admin.updateClientAuthzPolicy(uuid, newId, { ...(await payloadOf(ctx, uuid, next)), id: newId });
  ids.delete(temporary);
  ids.set(name, { id: newId, type: next.type });
}

/** The name a replacement carries until the object it replaces is gone. */
export function temporaryName(name: string): string {
  return `${name} (realmform: replacing)`;
}

/**
 * Points every policy or permission that names `from` in `key` (`applyPolicies`, `resources`,
 * `scopes`) at `to` instead, or drops `from` from it when `to` is undefined. Keycloak deletes a
 * permission or aggregate whose last resource, scope or policy is deleted: a dependant that is
 * kept (declared without that list) must not go with it.
 */
export async function repointDependants(
  ctx: KindContext,
  uuid: string,
  key: 'applyPolicies' | 'resources' | 'scopes',
  from: string,
  to: string | undefined,
): Promise<void> {
  const ids = await authzIds(ctx, uuid, 'policy');
  const settings = await ctx.admin.getClientAuthzSettings(uuid);
  for (const dependant of settings.policies ?? []) {
    const value = policyValue(dependant);
    const named = configList(value, key).map(String);
    const id = ids.get(dependant.name ?? '')?.id;
    if (!named.includes(from) || !id) continue;
    const next = to === undefined ? named.filter((entry) => entry !== from) : swap(named, from, to);
    const moved = { ...value, config: { ...value.config, [key]: next } };
    await ctx.admin.updateClientAuthzPolicy(uuid, id, { ...(await payloadOf(ctx, uuid, moved)), id });
  }
}

function swap(list: readonly string[], from: string, to: string): string[] {
  return list.map((entry) => (entry === from ? to : entry));
}
