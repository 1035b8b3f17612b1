/**
 * Scope mappings of clients and client scopes, keyed by target: `["client", clientId]` or
 * `["client-scope", name]`. The value is `{ realm: [role], client: [{ clientId, roles }] }`,
 * compared as sets, from the manifest's `scopeMappings` (realm roles) and `clientScopeMappings`
 * (client roles by owning clientId), as a realm export writes them.
 *
 * Authoritative for the targets the manifest mentions: their mappings in each declared
 * collection become exactly the declared ones (a declared collection that does not mention a
 * mentioned target empties that part). Targets the manifest does not mention are left alone, so
 * nothing is ever deleted as an object: to remove a target's mappings, list it with `roles: []`.
 * A client's `fullScopeAllowed` decides whether the mappings matter in its tokens, not whether
 * they exist; it belongs to the client kind.
 *
 * Reads: the partial export (one request, shared with other kinds) has both lists.
 */
import { defineKind, type Reference } from './kind.js';
import {
  declaredTargets,
  liveTargets,
  type ScopeMappingValue,
  syncScopeMappings,
  type TargetKey,
} from './shared/clients/scope-mappings.js';
import { readPartialExport } from './shared/server/reads.js';

/** The references of each desired value: they carry manifest paths that the value has lost. */
const references = new WeakMap<object, Reference[]>();

export const scopeMappingKind = defineKind<ScopeMappingValue, TargetKey>({
  kind: 'scope-mapping',
  dependsOn: ['realm', 'client', 'client-scope', 'realm-role', 'client-role'],
  describe: '"client", clientId | "client-scope", scope name',
  sets: ['realm', 'client[].roles'],
  keyedArrays: { client: 'clientId' },
  // Targets not mentioned keep their mappings: see the module comment.
  authoritative: () => false,
  // Targets are independent of each other.
  parallel: true,
  desired(manifest) {
    const targets = declaredTargets(manifest);
    if (!targets) return undefined;
    return targets.map((target) => {
      references.set(target.value, target.references);
      return { key: target.key, value: target.value, origin: target.origin };
    });
  },
  async read(ctx) {
    const live = liveTargets(await readPartialExport(ctx));
    return [...live.values()].map(({ key, ...value }) => ({ key, value }));
  },
  references(desired) {
    return references.get(desired.value) ?? [];
  },
  async create(ctx, desired) {
    await syncScopeMappings(ctx, desired.key, desired.value, {});
  },
  async update(ctx, desired, live) {
    await syncScopeMappings(ctx, desired.key, desired.value, live.value);
  },
});
