/**
 * Authentication flows (`authenticationFlows[]` with `topLevel`, key: alias), each with its whole
 * tree: sub-flows (further entries of `authenticationFlows`, named by `flowAlias`), executions
 * in order with their requirements, and authenticator configs (`authenticatorConfig[]`, named by
 * alias). See shared/flows/flows.ts for the compared value.
 *
 * - Requirement, description and config changes are made in place.
 * - Any structural change rebuilds the custom flow and swaps it in without downtime
 *   (shared/flows/flow-writes.ts): it is never unbound nor bound half-built.
 * - Built-in flows are never deleted; a change Keycloak refuses for them (anything but
 *   requirements, descriptions and configs) is a plan-time error, as is deleting a flow that
 *   stays in use (realm binding, client override, identity provider).
 * - A built-in flow may be declared in part: its executions the manifest leaves out are not
 *   compared (an older export lists fewer than Keycloak 26 has); their order is not managed.
 * - `userSetupAllowed` is not compared: Keycloak does not store it (an import with `true` exports
 *   `false`). Config values Keycloak masks are compared with the declared value (write-only).
 *
 * Read: the partial export (shared with other kinds; it has every flow, `saml ecp` included,
 * and every config). Facts: the partial export and, when the manifest does not declare identity
 * providers, one `GET /identity-provider/instances`.
 */
import { compareDeclared } from '../core/compare.js';
import { type CompareRules, type DesiredObject, defineKind, liveId, type UnmanagedPath } from './kind.js';
import {
  type AuthenticatorFacts,
  FLOW_NOTES,
  type FlowFacts,
  type FlowKey,
  type FlowNotes,
  flowDiagnostics,
  LIST_NOTES,
  type NotedFlow,
  readAuthenticatorFacts,
  readFlowFacts,
  unknownAuthenticators,
} from './shared/flows/flow-checks.js';
import { deleteFlow, isInPlacePath, rebuildFlow, updateInPlace } from './shared/flows/flow-writes.js';
import {
  declaredFlows,
  EXECUTION_PATTERNS,
  type FlowValue,
  type LiveFlow,
  liveFlows,
  pruneToDeclared,
  unmaskConfigs,
} from './shared/flows/flows.js';
import { isKeycloakExport } from './shared/server/exports.js';
import { readPartialExport } from './shared/server/reads.js';

/** The live realm's flow facts (absent for a realm not created yet) and the server's authenticators. */
export interface AuthFlowFacts {
  live?: FlowFacts;
  authenticators?: AuthenticatorFacts;
}

const RULES = {
  keyedArrays: Object.fromEntries(EXECUTION_PATTERNS.map((pattern) => [pattern, 'execution'])),
} satisfies CompareRules;

/**
 * A Keycloak export declares a built-in flow as the version that wrote it built it: where this
 * server's built-in has another structure (executions added, renamed or moved between versions),
 * only the parts that match are managed; the rest cannot change (Keycloak refuses to restructure
 * a built-in) and is a plan warning. In a hand-written manifest it stays an error.
 */
function builtInDifferences(declared: FlowValue, live: FlowValue): UnmanagedPath[] {
  return compareDeclared(declared, live, RULES)
    .filter((difference) => !isInPlacePath(difference.path))
    .map((difference) => ({
      path: difference.path,
      reason:
        "this server's built-in flow has another structure (the manifest comes from another Keycloak version?), and built-in flows cannot be restructured: only the executions both have are managed",
    }));
}

export const authFlowKind = defineKind<NotedFlow, FlowKey, LiveFlow, AuthFlowFacts>({
  kind: 'auth-flow',
  dependsOn: ['realm'],
  exclusive: 'realm-representation',
  describe: 'flow alias',
  ...RULES,
  desired(manifest) {
    const declared = declaredFlows(manifest.representation);
    if (!declared) return undefined;
    const objects: DesiredObject<NotedFlow, FlowKey>[] = declared.flows.map((flow) => {
      const notes: FlowNotes = {
        declaredBuiltIn: flow.declaredBuiltIn,
        builtIn: flow.builtIn,
        problems: flow.problems,
      };
      Object.defineProperty(flow.value, FLOW_NOTES, { value: notes, enumerable: false });
      return {
        key: [flow.alias],
        value: flow.value,
        origin: {
          path: `authenticationFlows[${flow.index}]`,
          ...manifest.locate(['authenticationFlows', flow.index]),
        },
      };
    });
    Object.defineProperty(objects, LIST_NOTES, { value: declared.problems, enumerable: false });
    return objects;
  },
  async read(ctx) {
    const exported = await readPartialExport(ctx);
    const declared = declaredFlows(ctx.manifest.representation);
    const fromExport = isKeycloakExport(ctx.manifest);
    return liveFlows(exported).map((flow) => {
      const wanted = declared?.flows.find((candidate) => candidate.alias === flow.alias)?.value;
      unmaskConfigs(flow.value, wanted);
      if (flow.builtIn && wanted) pruneToDeclared(flow.value, wanted);
      return {
        key: [flow.alias],
        value: flow.value,
        id: flow.id,
        builtIn: flow.builtIn,
        state: flow,
        ...(flow.builtIn && wanted && fromExport
          ? { unmanaged: builtInDifferences(wanted, flow.value) }
          : {}),
      };
    });
  },
  async readFacts(ctx, situation): Promise<AuthFlowFacts> {
    const [live, authenticators] = await Promise.all([
      readFlowFacts(ctx, situation),
      readAuthenticatorFacts(ctx),
    ]);
    return { ...(live ? { live } : {}), authenticators };
  },
  diagnose(desired, live, facts) {
    return [
      ...flowDiagnostics(desired, live, facts?.live, RULES),
      ...unknownAuthenticators(desired, live, facts?.authenticators),
    ];
  },
  async create(ctx, desired) {
    // A built-in flow of a realm created in this apply exists already: it is updated.
    const fresh = await ctx.admin.exportRealm({ exportClients: true });
    const existing = liveFlows(fresh).find((flow) => flow.alias === desired.key[0]);
    if (existing?.builtIn) await updateInPlace(ctx, desired.value, existing);
    else await rebuildFlow(ctx, desired.value, fresh);
  },
  async update(ctx, desired, live) {
    const current = live.state;
    // Every live flow carries its read (see `read`).
    if (current === undefined) throw new Error(`${live.key[0]}: the live flow was not read`);
    const differences = compareDeclared(desired.value, live.value, RULES);
    if (current.builtIn || differences.every((difference) => isInPlacePath(difference.path)))
      await updateInPlace(ctx, desired.value, current);
    else await rebuildFlow(ctx, desired.value);
  },
  async delete(ctx, live) {
    await deleteFlow(ctx, liveId('auth-flow', live));
  },
});
