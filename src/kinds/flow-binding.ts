/**
 * The realm's flow bindings: `browserFlow`, `registrationFlow`, `directGrantFlow`,
 * `resetCredentialsFlow`, `clientAuthenticationFlow`, `dockerAuthenticationFlow`,
 * `firstBrokerLoginFlow`, by flow alias. One object per declared binding (key: the field), set
 * after every flow exists (dependsOn auth-flow), so a half-built flow is never bound; a flow
 * the binding replaces is deleted only afterwards (deletes run in reverse order).
 * A binding always exists: it is never deleted, and leaving it out leaves it alone.
 * Read: the partial export (no extra request). These fields are not the realm kind's.
 */
import type { RealmRepresentation } from '../client/types/index.js';
import { type DesiredObject, defineKind, type KindContext } from './kind.js';
import { BUILT_IN_FLOWS, FLOW_BINDING_FIELDS, type FlowBindingField } from './shared/flows/flows.js';
import { partialExportRead, readPartialExport } from './shared/server/reads.js';

export { FLOW_BINDING_FIELDS } from './shared/flows/flows.js';

interface BindingValue extends Record<string, unknown> {
  flow: string;
}

type BindingKey = readonly [field: FlowBindingField];

export const flowBindingKind = defineKind<BindingValue, BindingKey>({
  kind: 'flow-binding',
  dependsOn: ['realm', 'auth-flow'],
  exclusive: 'realm-representation',
  describe: 'realm binding field',
  authoritative: () => false,
  desired(manifest) {
    const rep = manifest.representation;
    const declared = FLOW_BINDING_FIELDS.flatMap((field) => {
      const flow = rep[field];
      if (typeof flow !== 'string' || flow === '') return [];
      return [
        { key: [field] as const, value: { flow }, origin: { path: field, ...manifest.locate([field]) } },
      ];
    });
    return declared.length === 0 ? undefined : declared;
  },
  async read(ctx) {
    const exported = await readPartialExport(ctx);
    return FLOW_BINDING_FIELDS.flatMap((field) => {
      const flow = exported[field];
      return flow ? [{ key: [field] as const, value: { flow } }] : [];
    });
  },
  references(desired) {
    // Built-in flows exist in every realm, also in one this plan creates.
    const flow = desired.value.flow;
    return BUILT_IN_FLOWS.has(flow) ? [] : [{ kind: 'auth-flow', key: [flow], path: '' }];
  },
  create: bind,
  update: bind,
});

/** Read-modify-write of the realm: a realm PUT resets what it leaves out. */
async function bind(ctx: KindContext, desired: DesiredObject<BindingValue, BindingKey>): Promise<void> {
  const [field] = desired.key;
  const realm: RealmRepresentation = await ctx.admin.getRealm(ctx.realm);
  realm[field] = desired.value.flow;
  await ctx.admin.updateRealm(ctx.realm, realm);
  ctx.refresh(partialExportRead);
}
