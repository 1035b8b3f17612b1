/**
 * Client profiles (`clientProfiles.profiles`), keyed by name: a named list of executors that
 * client policies apply. Authoritative when declared; Keycloak's global profiles are built-in
 * (read so that policies may name them, never written or deleted). Writes are read-modify-write
 * of the realm's whole profiles document, one profile at a time.
 *
 * Keycloak lets a profile be removed while a policy still names it, and then rejects every later
 * write of the policies that keeps that policy: the plan warns when a deletion would do that.
 * Reads: one request (`GET /client-policies/profiles?include-global-profiles=true`); facts: the
 * policies after this apply (the declared ones, or one more request for the live ones).
 */
import { address, defineKind } from './kind.js';
import {
  type ClientProfile,
  declaredPolicies,
  declaredProfiles,
  diagnostic,
  globalConflicts,
  livePolicies,
  liveProfiles,
  upsert,
  without,
  writeProfiles,
} from './shared/clients/client-policies.js';

const KIND = 'client-profile';

/** Policy name → profile names, as they will be after this apply. */
type PolicyProfiles = { name: string; profiles: string[] }[];

export const clientProfileKind = defineKind<ClientProfile, readonly [name: string], unknown, PolicyProfiles>({
  kind: KIND,
  dependsOn: ['realm'],
  describe: 'profile name',
  desired(manifest) {
    return declaredProfiles(manifest)?.map(({ entry, origin }) => ({
      key: [entry.name ?? ''],
      value: entry,
      origin,
    }));
  },
  async read(ctx) {
    const document = await liveProfiles(ctx);
    return [
      ...(document.profiles ?? []).map((profile) => ({ key: [profile.name ?? ''] as const, value: profile })),
      ...(document.globalProfiles ?? []).map((profile) => ({
        key: [profile.name ?? ''] as const,
        value: profile,
        builtIn: true,
      })),
    ];
  },
  async readFacts(ctx, { realmExists }): Promise<PolicyProfiles> {
    const declared = declaredPolicies(ctx.manifest)?.map(({ entry }) => entry);
    const live = async () => (realmExists ? ((await livePolicies(ctx)).policies ?? []) : []);
    const policies = declared ?? (await live());
    return policies.map((policy) => ({ name: policy.name ?? '', profiles: policy.profiles ?? [] }));
  },
  diagnose(desired, live, facts) {
    const out = globalConflicts(KIND, desired, live);
    const kept = new Set(desired.map((object) => object.key[0]));
    for (const object of live) {
      const [name] = object.key;
      if (object.builtIn || kept.has(name)) continue;
      for (const policy of facts ?? []) {
        if (!policy.profiles.includes(name)) continue;
        const addr = address(KIND, object.key);
        out.push(
          diagnostic(
            'warning',
            `${addr} is deleted but client-policy["${policy.name}"] still names it: Keycloak allows this, then rejects every change of the client policies until that policy no longer names it`,
            addr,
          ),
        );
      }
    }
    return out;
  },
  async create(ctx, desired) {
    await writeProfiles(ctx, (current) => upsert(current, desired.value));
  },
  async update(ctx, desired) {
    await writeProfiles(ctx, (current) => upsert(current, desired.value));
  },
  async delete(ctx, live) {
    await writeProfiles(ctx, (current) => without(current, live.key[0]));
  },
});
