/**
 * Plan-time checks of authentication flows: what Keycloak would refuse halfway through an apply
 * (a change to a built-in flow's structure, an alias a built-in holds, deleting a flow in use) is
 * reported before anything is changed.
 */
import type { RealmRepresentation } from '../../../client/types/index.js';
import { compareDeclared } from '../../../core/compare.js';
import type { PlanDiagnostic } from '../../../core/diagnostics.js';
import { renderPath } from '../../../core/value-path.js';
import { rulesFor } from '../../computed.js';
import {
  address,
  type CompareRules,
  type DesiredObject,
  type KindContext,
  type LiveObject,
} from '../../kind.js';
import { readExportWithoutGroupsAndRoles } from '../server/reads.js';
import { providerIdsOf, readServerInfo, serverName, unknownNameHint } from '../server/server-info.js';
import { finalAliasOf, isInPlacePath } from './flow-writes.js';
import {
  aliasesOf,
  authenticatorOf,
  FLOW_BINDING_FIELDS,
  type FlowValue,
  type TreeProblem,
} from './flows.js';

/** What `desired` knows about a declared flow besides its value (a symbol: invisible to compare). */
export const FLOW_NOTES = Symbol('flow notes');
/** Problems of the declaration as a whole, on the desired array. */
export const LIST_NOTES = Symbol('flow list notes');

export interface FlowNotes {
  declaredBuiltIn: boolean | undefined;
  builtIn: boolean;
  problems: TreeProblem[];
}

/** A flow's key: its alias. */
export type FlowKey = readonly [alias: string];
/** A declared flow's value, with its notes (set by the auth-flow kind's `desired`). */
export type NotedFlow = FlowValue & { [FLOW_NOTES]?: FlowNotes };

export interface FlowFacts {
  /** Flow alias → where it is still used after this plan (realm bindings, overrides, IdPs). */
  uses: Record<string, string[]>;
  /** Aliases a custom sub-flow cannot take: built-in flows (any level) and top-level flows. */
  reserved: Record<string, string>;
  /** Config aliases that belong to built-in flows. */
  builtInConfigs: string[];
}

/**
 * What executions may name, per the kind of flow level they sit in (Keycloak looks the provider
 * up in the SPI of its parent: authenticators, form actions in a form, client authenticators in a
 * client flow). Server info is not realm-specific: read also for a realm not created yet.
 */
export interface AuthenticatorFacts {
  authenticator?: string[];
  'form-flow'?: string[];
  'client-flow'?: string[];
  /** The forms a `form-flow` sub-flow may use. */
  forms?: string[];
  /** `Keycloak 24.0.5`: errors name it (a newer export may use authenticators an older server lacks). */
  server: string;
}

export async function readAuthenticatorFacts(ctx: KindContext): Promise<AuthenticatorFacts> {
  const info = await readServerInfo(ctx);
  const lists: AuthenticatorFacts = { server: serverName(info) };
  const authenticator = providerIdsOf(info, ['authenticator']);
  const forms = providerIdsOf(info, ['form-action']);
  const clients = providerIdsOf(info, ['client-authenticator']);
  const formAuthenticators = providerIdsOf(info, ['form-authenticator']);
  if (authenticator) lists.authenticator = authenticator;
  if (forms) lists['form-flow'] = forms;
  if (clients) lists['client-flow'] = clients;
  if (formAuthenticators) lists.forms = formAuthenticators;
  return lists;
}

/** Executions naming an authenticator (or form) this server does not have: Keycloak refuses them halfway through a rebuild. */
export function unknownAuthenticators(
  desired: readonly DesiredObject<NotedFlow, FlowKey>[],
  live: readonly LiveObject<FlowValue, FlowKey>[],
  facts: AuthenticatorFacts | undefined,
): PlanDiagnostic[] {
  if (!facts) return [];
  const builtIn = new Set(live.filter((object) => object.builtIn).map((object) => object.key[0]));
  const out: PlanDiagnostic[] = [];
  for (const object of desired) {
    // A built-in flow's executions are the server's own; so are those of a flow the declaration
    // marks built in (a new realm from an export of another version: its built-ins differ).
    const notes = object.value[FLOW_NOTES];
    if (builtIn.has(object.key[0]) || notes?.builtIn) continue;
    const addr = address('auth-flow', object.key);
    const check = (name: string, known: readonly string[] | undefined, what: string, where: string) => {
      if (!known || known.includes(name)) return;
      out.push({
        severity: 'error',
        summary: `${addr}: ${where} names ${what} "${name}", which ${facts.server} does not have (it has: ${unknownNameHint(known)})`,
        address: addr,
        ...(object.origin.file ? { file: object.origin.file } : {}),
        ...(object.origin.line ? { line: object.origin.line } : {}),
        path: `${object.origin.path}.authenticationExecutions`,
      });
    };
    const visitLevel = (nodes: FlowValue['executions'], levelType: string, keys: readonly string[]) => {
      for (const node of nodes ?? []) {
        const where = `execution ${[...keys, node.execution].join(' / ')}`;
        if (node.flowAlias) {
          const type = node.providerId ?? 'basic-flow';
          if (type === 'form-flow' && node.authenticator)
            check(node.authenticator, facts.forms, 'the form', where);
          visitLevel(node.executions, type, [...keys, node.execution]);
          continue;
        }
        const known =
          levelType === 'form-flow' || levelType === 'client-flow' ? facts[levelType] : facts.authenticator;
        check(authenticatorOf(node), known, 'the authenticator', where);
      }
    };
    visitLevel(object.value.executions, object.value.providerId ?? 'basic-flow', []);
  }
  return out;
}

/** Nothing for a realm that does not exist yet (diagnose then checks only the declaration). */
export async function readFlowFacts(
  ctx: KindContext,
  situation: { realmExists: boolean },
): Promise<FlowFacts | undefined> {
  if (!situation.realmExists) return undefined;
  const exported = await readExportWithoutGroupsAndRoles(ctx);
  const manifest = ctx.manifest.representation;
  const flows = exported.authenticationFlows ?? [];
  const aliasById = new Map(flows.map((flow) => [flow.id ?? '', flow.alias ?? '']));
  const uses: Record<string, string[]> = {};
  const use = (alias: string | undefined, where: string) => {
    if (alias) uses[alias] = [...(uses[alias] ?? []), where];
  };
  for (const field of FLOW_BINDING_FIELDS) use(manifest[field] || exported[field], `the realm's ${field}`);
  for (const [clientId, overrides] of overridesAfterPlan(exported, manifest))
    for (const [binding, flow] of Object.entries(overrides))
      use(aliasById.get(flow) ?? flow, `the ${binding} override of client "${clientId}"`);
  const idps = manifest.identityProviders ?? (await ctx.admin.getIdps());
  for (const idp of idps) {
    use(idp.firstBrokerLoginFlowAlias, `the first broker login flow of identity provider "${idp.alias}"`);
    use(idp.postBrokerLoginFlowAlias, `the post broker login flow of identity provider "${idp.alias}"`);
  }
  const reserved: Record<string, string> = {};
  for (const flow of flows) {
    if (flow.builtIn) reserved[flow.alias ?? ''] = 'a built-in flow';
    else if (flow.topLevel) reserved[flow.alias ?? ''] = 'a top-level flow';
  }
  const builtInConfigs = flows
    .filter((flow) => flow.builtIn)
    .flatMap((flow) => (flow.authenticationExecutions ?? []).flatMap((e) => e.authenticatorConfig ?? []));
  return { uses, reserved, builtInConfigs };
}

/** Client overrides as they will be: declared ones merged over live ones ("" unbinds). */
function overridesAfterPlan(
  exported: RealmRepresentation,
  manifest: RealmRepresentation,
): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const client of exported.clients ?? [])
    out.set(client.clientId ?? '', { ...client.authenticationFlowBindingOverrides });
  for (const client of manifest.clients ?? []) {
    const declared = client.authenticationFlowBindingOverrides as Record<string, unknown> | undefined;
    if (!declared) continue;
    const merged = { ...out.get(client.clientId ?? '') };
    for (const [binding, flow] of Object.entries(declared)) {
      if (typeof flow === 'string' && flow !== '') merged[binding] = flow;
      else delete merged[binding];
    }
    out.set(client.clientId ?? '', merged);
  }
  return out;
}

export function flowDiagnostics(
  desired: readonly DesiredObject<NotedFlow, FlowKey>[],
  live: readonly LiveObject<FlowValue, FlowKey>[],
  facts: FlowFacts | undefined,
  rules: CompareRules,
): PlanDiagnostic[] {
  const out: PlanDiagnostic[] = [];
  const listNotes = (desired as { [LIST_NOTES]?: TreeProblem[] })[LIST_NOTES] ?? [];
  for (const problem of listNotes)
    out.push({ severity: problem.severity, summary: problem.message, path: problem.path });
  const liveByAlias = new Map(live.map((object) => [object.key[0], object]));
  const declaredTopLevel = new Set(desired.map((object) => object.key[0]));
  for (const object of desired) {
    const addr = address('auth-flow', object.key);
    const at = (path: string) => ({
      address: addr,
      ...(object.origin.file ? { file: object.origin.file } : {}),
      ...(object.origin.line ? { line: object.origin.line } : {}),
      path,
    });
    const notes = object.value[FLOW_NOTES];
    for (const problem of notes?.problems ?? [])
      out.push({ severity: problem.severity, summary: `${addr}: ${problem.message}`, ...at(problem.path) });
    if (!facts) continue; // The realm does not exist yet: nothing live to check against.
    const current = liveByAlias.get(object.key[0]);
    const error = (summary: string, path = object.origin.path) =>
      out.push({ severity: 'error', summary: `${addr} ${summary}`, ...at(path) });
    if (notes?.builtIn && !current?.builtIn) {
      error(
        'is declared as a built-in flow, but Keycloak has no built-in flow of that alias (built-in flows cannot be created)',
        `${object.origin.path}.builtIn`,
      );
      continue;
    }
    if (notes?.declaredBuiltIn === false && current?.builtIn) {
      error('is built in: `builtIn: false` cannot change that', `${object.origin.path}.builtIn`);
      continue;
    }
    if (current?.builtIn) {
      for (const difference of compareDeclared(object.value, current.value, rulesFor(rules, current))) {
        if (isInPlacePath(difference.path)) continue;
        error(
          `is built in: only requirements, descriptions and authenticator configs can change, not ${renderPath(difference.path)}`,
          `${object.origin.path}.authenticationExecutions`,
        );
      }
      continue;
    }
    const { subFlows, configs } = aliasesOf(object.value);
    for (const alias of subFlows) {
      const taken = declaredTopLevel.has(alias) ? 'a top-level flow' : facts.reserved[alias];
      if (taken && taken !== 'a top-level flow') error(`uses sub-flow alias "${alias}", which is ${taken}`);
      else if (taken) error(`uses sub-flow alias "${alias}", which is also the alias of a top-level flow`);
    }
    for (const alias of configs)
      if (facts.builtInConfigs.includes(alias))
        error(
          `uses authenticator config alias "${alias}", which a built-in flow's config has (config aliases are unique): choose another alias`,
        );
  }
  if (facts) out.push(...deletionsInUse(desired, live, facts));
  return out;
}

/** A flow that the plan deletes but that stays in use would fail with a bare 500. */
function deletionsInUse(
  desired: readonly DesiredObject<NotedFlow, FlowKey>[],
  live: readonly LiveObject<FlowValue, FlowKey>[],
  facts: FlowFacts,
): PlanDiagnostic[] {
  const declared = new Set(desired.map((object) => object.key[0]));
  const out: PlanDiagnostic[] = [];
  for (const object of live) {
    const [alias] = object.key;
    if (object.builtIn || declared.has(alias)) continue;
    // A leftover of a failed rebuild: the rebuild of its flow moves its users first.
    const final = finalAliasOf(alias);
    if (final !== undefined && declared.has(final)) continue;
    const uses = facts.uses[alias];
    if (!uses?.length) continue;
    out.push({
      severity: 'error',
      summary: `${address('auth-flow', object.key)} is not declared, so it would be deleted, but it is still ${uses.join(', ')}: declare it, or use another flow there`,
      address: address('auth-flow', object.key),
    });
  }
  return out;
}
