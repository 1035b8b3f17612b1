/**
 * Client policies (`clientPolicies.policies`), keyed by name: conditions that pick clients and
 * the profiles applied to them. Authoritative when declared. Writes are read-modify-write of the
 * realm's whole policies document. Keycloak validates the WHOLE list on every write (each policy's
 * profiles must exist), so a write leaves out the live policies the manifest does not declare:
 * they are planned for deletion anyway, and one of them may name a profile that is gone (see
 * client-profile.ts). Their delete steps then find nothing left to do.
 * Reads: one request (`GET /client-policies/policies?include-global-policies=true`).
 */
import { defineKind, type KindContext, type Reference } from './kind.js';
import {
  type ClientPolicy,
  declaredPolicies,
  GLOBAL_CLIENT_PROFILES,
  globalConflicts,
  livePolicies,
  upsert,
  without,
  writePolicies,
} from './shared/clients/client-policies.js';

const KIND = 'client-policy';

export const clientPolicyKind = defineKind<ClientPolicy, readonly [name: string]>({
  kind: KIND,
  dependsOn: ['realm', 'client-profile'],
  describe: 'policy name',
  desired(manifest) {
    return declaredPolicies(manifest)?.map(({ entry, origin }) => ({
      key: [entry.name ?? ''],
      value: entry,
      origin,
    }));
  },
  async read(ctx) {
    const document = await livePolicies(ctx);
    return [
      ...(document.policies ?? []).map((policy) => ({ key: [policy.name ?? ''] as const, value: policy })),
      ...(document.globalPolicies ?? []).map((policy) => ({
        key: [policy.name ?? ''] as const,
        value: policy,
        builtIn: true,
      })),
    ];
  },
  diagnose(desired, live) {
    return globalConflicts(KIND, desired, live);
  },
  references(desired) {
    const refs: Reference[] = [];
    for (const [index, name] of (desired.value.profiles ?? []).entries()) {
      if (!GLOBAL_CLIENT_PROFILES.has(name))
        refs.push({ kind: 'client-profile', key: [name], path: `profiles[${index}]` });
    }
    return refs;
  },
  async create(ctx, desired) {
    await writePolicies(ctx, (current) => upsert(declaredOnly(ctx, current), desired.value));
  },
  async update(ctx, desired) {
    await writePolicies(ctx, (current) => upsert(declaredOnly(ctx, current), desired.value));
  },
  async delete(ctx, live) {
    await writePolicies(ctx, (current) => without(current, live.key[0]));
  },
});

/** The live policies the manifest declares (the others are being deleted in this apply). */
function declaredOnly(ctx: KindContext, current: ClientPolicy[]): ClientPolicy[] {
  const names = new Set(declaredPolicies(ctx.manifest)?.map(({ entry }) => entry.name));
  return current.filter((policy) => names.has(policy.name));
}
