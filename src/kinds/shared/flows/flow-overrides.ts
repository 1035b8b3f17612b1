/**
 * Per-client flow overrides (`authenticationFlowBindingOverrides: { browser, direct_grant }`) by
 * flow alias. Keycloak stores and returns flow ids (an alias in a client PUT answers a bare 500),
 * so the client kind resolves aliases at write time (the flow may be created in the same apply)
 * and reads ids back as aliases. A manifest that gives an id (an export of the same server)
 * keeps comparing by id.
 */
import type { AuthenticationFlowRepresentation } from '../../../client/types/index.js';
import type { KindContext, Reference } from '../../kind.js';
import { BUILT_IN_FLOWS } from './flows.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Declared overrides → what Keycloak takes: aliases become ids; "" and null (unbind) stay "". */
export async function resolveFlowOverrides(
  ctx: KindContext,
  overrides: Readonly<Record<string, unknown>>,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let flows: AuthenticationFlowRepresentation[] | undefined;
  for (const [binding, flow] of Object.entries(overrides)) {
    if (typeof flow !== 'string' || flow === '') {
      out[binding] = '';
      continue;
    }
    // Read at write time, not memoized: a flow may have been created or rebuilt in this apply.
    flows ??= await ctx.admin.getAuthenticationFlows();
    let found = flows.find((candidate) => candidate.alias === flow || candidate.id === flow);
    if (!found) {
      // The flow list leaves out `saml ecp`; the export has every flow.
      flows = (await ctx.admin.exportRealm({})).authenticationFlows ?? [];
      found = flows.find(
        (candidate) => candidate.topLevel && (candidate.alias === flow || candidate.id === flow),
      );
    }
    if (!found?.id)
      throw new Error(`no authentication flow "${flow}" in realm ${ctx.realm} (override ${binding})`);
    out[binding] = found.id;
  }
  return out;
}

/**
 * Live overrides (flow ids) as the manifest writes them: the flow's alias, or the id itself when
 * the manifest declares that id for the binding.
 */
export function liveFlowOverrides(
  live: Readonly<Record<string, string>> | undefined,
  declared: Readonly<Record<string, unknown>> | undefined,
  flows: readonly AuthenticationFlowRepresentation[],
): Record<string, string> {
  const aliasById = new Map(flows.map((flow) => [flow.id, flow.alias]));
  return Object.fromEntries(
    Object.entries(live ?? {}).map(([binding, id]) => [
      binding,
      declared?.[binding] === id ? id : (aliasById.get(id) ?? id),
    ]),
  );
}

/**
 * The flows the overrides name, for the planner's dangling-reference check (aliases only: ids
 * are checked by the client kind; built-in flows exist in every realm, also a new one).
 */
export function flowOverrideReferences(
  overrides: Readonly<Record<string, unknown>> | undefined,
  field = 'authenticationFlowBindingOverrides',
): Reference[] {
  return Object.entries(overrides ?? {}).flatMap(([binding, flow]) =>
    typeof flow === 'string' && flow !== '' && !UUID.test(flow) && !BUILT_IN_FLOWS.has(flow)
      ? [{ kind: 'auth-flow', key: [flow], path: `${field}.${binding}` }]
      : [],
  );
}
