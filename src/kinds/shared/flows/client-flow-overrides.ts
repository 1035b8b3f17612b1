/**
 * A client's `authenticationFlowBindingOverrides` as the client kind compares them: by flow alias
 * (see flow-overrides.ts for the write and read sides). An id the manifest gives to one of its
 * own flows (`authenticationFlows[].id`, as in an export) is that flow's alias: the flow may be
 * created under another id, and an export of another server has other ids. Any other id stays
 * an id and must name a live flow.
 */
import type { ClientRepresentation, RealmRepresentation } from '../../../client/types/index.js';
import type { PlanDiagnostic } from '../../../core/diagnostics.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type OverrideValues = Record<string, string | null>;

/** Top-level flow id → alias, for the flows the manifest declares with an id. */
export function declaredFlowIds(manifest: RealmRepresentation): ReadonlyMap<string, string> {
  return new Map(
    (manifest.authenticationFlows ?? []).flatMap((flow) =>
      flow.id && flow.alias && flow.topLevel !== false ? [[flow.id, flow.alias] as const] : [],
    ),
  );
}

/**
 * Declared overrides as compared: "" and null both unbind (null compares equal to absent), an
 * id of a declared flow becomes its alias.
 */
export function desiredFlowOverrides(
  client: ClientRepresentation,
  flowIds: ReadonlyMap<string, string>,
): OverrideValues | undefined {
  const overrides = client.authenticationFlowBindingOverrides as Record<string, unknown> | undefined;
  if (!overrides) return undefined;
  return Object.fromEntries(
    Object.entries(overrides).map(([binding, flow]) => [
      binding,
      typeof flow === 'string' && flow !== '' ? (flowIds.get(flow) ?? flow) : null,
    ]),
  );
}

/**
 * An id-looking override that names no flow of the realm (aliases are references, checked by
 * the planner). `flowIds` undefined: the realm does not exist yet, so no id can name a flow.
 */
export function unknownFlowIdDiagnostics(
  addr: string,
  overrides: Readonly<Record<string, unknown>> | undefined,
  flowIds: readonly string[] | undefined,
  at: (inner: string) => Omit<PlanDiagnostic, 'severity' | 'summary'>,
): PlanDiagnostic[] {
  return Object.entries(overrides ?? {}).flatMap(([binding, flow]) => {
    if (typeof flow !== 'string' || !UUID.test(flow) || flowIds?.includes(flow)) return [];
    const reason = flowIds
      ? `no authentication flow of the realm has the id "${flow}"`
      : `the realm does not exist yet, so no flow has the id "${flow}"`;
    return [
      {
        severity: 'error' as const,
        summary: `${addr}: authenticationFlowBindingOverrides.${binding}: ${reason} (name the flow by its alias)`,
        ...at(`authenticationFlowBindingOverrides.${binding}`),
      },
    ];
  });
}
