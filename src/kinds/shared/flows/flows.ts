/**
 * Authentication flows as trees. The export format lists every flow (sub-flows too) flat in
 * `authenticationFlows`, with executions pointing at sub-flows by `flowAlias` and at configs
 * (`authenticatorConfig[]`) by alias; realmform compares one tree per top-level flow:
 *
 *   { alias, description, providerId, order: [...], executions: [ExecutionNode...] }
 *
 * `executions` is matched by `execution` (the authenticator, or the sub-flow's alias; ` #2`, ` #3`
 * for repeats at one level), so a plan reads `executions["forms"].executions["auth-otp-form"].requirement`;
 * `order` lists those keys in execution order, so a reorder shows as one short list. Built-in
 * flows have no `order`: their structure cannot change, and exports of older versions list
 * fewer executions than the server has.
 */

import type {
  AuthenticationExecutionExportRepresentation,
  AuthenticationFlowRepresentation,
  AuthenticatorConfigRepresentation,
  RealmRepresentation,
} from '../../../client/types/index.js';
import type { FLOW_BINDING_FIELDS } from '../../../model/realm-fields.js';
import { SECRET_MASK } from '../clients/secrets.js';

export { SECRET_MASK };

export interface ExecutionNode extends Record<string, unknown> {
  /**
   * Key within its flow level: the authenticator (` #2`, ` #3` for repeats), or the sub-flow's
   * alias. An execution's authenticator is its key without the suffix (see `authenticatorOf`).
   */
  execution: string;
  /** A `form-flow` sub-flow's form provider. */
  authenticator?: string;
  /** Set for sub-flows: the sub-flow's alias. */
  flowAlias?: string;
  /** Sub-flow type: `basic-flow`, `form-flow`, `client-flow`. */
  providerId?: string;
  /** Sub-flow description. */
  description?: string;
  requirement?: string;
  /** Alias of the execution's authenticator config. */
  authenticatorConfig?: string;
  config?: Record<string, string>;
  order?: string[];
  executions?: ExecutionNode[];
}

export interface FlowValue extends Record<string, unknown> {
  alias: string;
  description?: string;
  providerId?: string;
  order?: string[];
  executions?: ExecutionNode[];
}

/** Top-level flows every Keycloak 26 realm has (their sub-flows are built in too). */
export const BUILT_IN_FLOWS: ReadonlySet<string> = new Set([
  'browser',
  'clients',
  'direct grant',
  'docker auth',
  'first broker login',
  'registration',
  'reset credentials',
  'saml ecp',
]);

export { FLOW_BINDING_FIELDS } from '../../../model/realm-fields.js';

export type FlowBindingField = (typeof FLOW_BINDING_FIELDS)[number];

export const DEFAULT_FLOW_TYPE = 'basic-flow';
/** The only form provider Keycloak ships: the provider of a `form-flow` sub-flow. */
export const DEFAULT_FORM_PROVIDER = 'registration-page-form';

/** Executions nest: keyed matching at every depth a realistic flow reaches. */
export const EXECUTION_PATTERNS: readonly string[] = Array.from({ length: 10 }, (_, depth) =>
  Array.from({ length: depth + 1 }, () => 'executions').join('[].'),
);

/** A problem found while building declared trees, reported by `diagnose`. */
export interface TreeProblem {
  severity: 'error' | 'warning';
  message: string;
  /** Manifest path, e.g. `authenticationFlows[3].authenticationExecutions[1]`. */
  path: string;
}

export interface DeclaredFlow {
  alias: string;
  /** Index in `authenticationFlows`. */
  index: number;
  /** Declared `builtIn` (undefined when not declared). */
  declaredBuiltIn: boolean | undefined;
  /** Treated as built in: declared so, or one of BUILT_IN_FLOWS. */
  builtIn: boolean;
  value: FlowValue;
  /** Problems inside this flow's tree. */
  problems: TreeProblem[];
}

export interface DeclaredFlows {
  flows: DeclaredFlow[];
  /** Problems not tied to one top-level flow (unused or doubly used sub-flows). */
  problems: TreeProblem[];
}

const flowPath = (index: number) => `authenticationFlows[${index}]`;

/** Builds one tree per declared top-level flow (`undefined` when `authenticationFlows` is absent). */
export function declaredFlows(rep: RealmRepresentation): DeclaredFlows | undefined {
  const list = rep.authenticationFlows;
  if (!list) return undefined;
  const byAlias = new Map<string, { flow: AuthenticationFlowRepresentation; index: number }>();
  list.forEach((flow, index) => {
    if (flow.alias !== undefined) byAlias.set(flow.alias, { flow, index });
  });
  const configs = new Map((rep.authenticatorConfig ?? []).map((config) => [config.alias ?? '', config]));
  const referenced = new Set<string>();
  for (const flow of list)
    for (const execution of flow.authenticationExecutions ?? [])
      if (execution.flowAlias) referenced.add(execution.flowAlias);

  const usedBy = new Map<string, string>();
  const configUsers = new Map<string, string>();
  const problems: TreeProblem[] = [];
  const flows: DeclaredFlow[] = [];
  list.forEach((flow, index) => {
    const alias = flow.alias ?? '';
    const topLevel = flow.topLevel ?? !referenced.has(alias);
    if (!alias) {
      problems.push({ severity: 'error', message: 'a flow needs an alias', path: flowPath(index) });
      return;
    }
    if (!topLevel) {
      if (!referenced.has(alias))
        problems.push({
          severity: 'warning',
          message: `sub-flow "${alias}" is not used by any execution and is ignored`,
          path: flowPath(index),
        });
      return;
    }
    const builtIn = flow.builtIn === true || BUILT_IN_FLOWS.has(alias);
    const builder: TreeBuilder = {
      byAlias,
      configs,
      builtIn,
      problems: [],
      usedBy,
      configUsers,
      root: alias,
    };
    const value: FlowValue = {
      alias,
      providerId: flow.providerId ?? DEFAULT_FLOW_TYPE,
      ...levelOf(builder, flow, index, [alias]),
    };
    const description = checkedDescription(builder.problems, flow.description, flowPath(index));
    if (description !== undefined) value.description = description;
    flows.push({ alias, index, declaredBuiltIn: flow.builtIn, builtIn, value, problems: builder.problems });
  });
  return { flows, problems };
}

interface TreeBuilder {
  byAlias: Map<string, { flow: AuthenticationFlowRepresentation; index: number }>;
  configs: Map<string, AuthenticatorConfigRepresentation>;
  builtIn: boolean;
  problems: TreeProblem[];
  /** Sub-flow alias → the top-level flow that uses it (a sub-flow has one parent). */
  usedBy: Map<string, string>;
  /** Config alias → the execution path that uses it (Keycloak gives each execution its own). */
  configUsers: Map<string, string>;
  root: string;
}

function levelOf(
  builder: TreeBuilder,
  flow: AuthenticationFlowRepresentation,
  index: number,
  ancestors: readonly string[],
): Pick<FlowValue, 'order' | 'executions'> {
  const executions = sortedExecutions(flow.authenticationExecutions ?? []);
  const counts = new Map<string, number>();
  const nodes: ExecutionNode[] = [];
  for (const { execution, position } of executions) {
    const path = `${flowPath(index)}.authenticationExecutions[${position}]`;
    const node = nodeOf(builder, execution, path, ancestors);
    if (!node) continue;
    const seen = (counts.get(node.execution) ?? 0) + 1;
    counts.set(node.execution, seen);
    if (seen > 1) node.execution = `${node.execution} #${seen}`;
    nodes.push(node);
  }
  return {
    ...(builder.builtIn ? {} : { order: nodes.map((node) => node.execution) }),
    executions: nodes,
  };
}

function nodeOf(
  builder: TreeBuilder,
  execution: AuthenticationExecutionExportRepresentation,
  path: string,
  ancestors: readonly string[],
): ExecutionNode | undefined {
  const problem = (message: string, severity: TreeProblem['severity'] = 'error') =>
    builder.problems.push({ severity, message, path });
  const subFlow = execution.flowAlias;
  if (!subFlow && !execution.authenticator) {
    problem('an execution needs an `authenticator` or, for a sub-flow, a `flowAlias`');
    return undefined;
  }
  const node: ExecutionNode = { execution: subFlow ?? (execution.authenticator as string) };
  if (execution.requirement !== undefined) node.requirement = execution.requirement;
  if (!subFlow) {
    addConfig(builder, node, execution.authenticatorConfig, path);
    return node;
  }
  node.flowAlias = subFlow;
  if (execution.authenticator !== undefined) node.authenticator = execution.authenticator;
  if (ancestors.includes(subFlow)) {
    problem(`sub-flow "${subFlow}" contains itself`);
    return node;
  }
  const owner = builder.usedBy.get(subFlow);
  if (owner !== undefined) {
    problem(`sub-flow "${subFlow}" is already used by flow "${owner}" (a sub-flow has one parent)`);
    return node;
  }
  builder.usedBy.set(subFlow, builder.root);
  const declared = builder.byAlias.get(subFlow);
  if (!declared) {
    // A built-in flow may name its sub-flows without declaring them: they are left as they are.
    if (!builder.builtIn) problem(`sub-flow "${subFlow}" is not declared in authenticationFlows`);
    return node;
  }
  if (declared.flow.topLevel === true) {
    problem(`flow "${subFlow}" is declared top-level; it cannot also be a sub-flow`);
    return node;
  }
  const type = declared.flow.providerId ?? DEFAULT_FLOW_TYPE;
  node.providerId = type;
  if (type === 'form-flow') node.authenticator ??= DEFAULT_FORM_PROVIDER;
  else if (node.authenticator !== undefined)
    problem(
      `sub-flow "${subFlow}" is a ${type}: only a form-flow sub-flow has an authenticator (its form provider)`,
    );
  const description = checkedDescription(
    builder.problems,
    declared.flow.description,
    flowPath(declared.index),
  );
  if (description !== undefined) node.description = description;
  Object.assign(node, levelOf(builder, declared.flow, declared.index, [...ancestors, subFlow]));
  return node;
}

function addConfig(builder: TreeBuilder, node: ExecutionNode, alias: string | undefined, path: string): void {
  if (!alias) return;
  node.authenticatorConfig = alias;
  const config = builder.configs.get(alias);
  if (!config) {
    builder.problems.push({
      severity: 'error',
      message: `authenticator config "${alias}" is not declared in authenticatorConfig`,
      path: `${path}.authenticatorConfig`,
    });
    return;
  }
  const user = builder.configUsers.get(alias);
  if (user !== undefined && !builder.builtIn) {
    builder.problems.push({
      severity: 'error',
      message: `authenticator config "${alias}" is also used at ${user}; Keycloak gives every execution its own config (aliases are unique): declare one config per execution`,
      path: `${path}.authenticatorConfig`,
    });
  }
  builder.configUsers.set(alias, path);
  node.config = stringMap(config.config);
}

/** Execution order: by `priority` when every execution has one (stable), else as listed. */
function sortedExecutions(
  executions: readonly AuthenticationExecutionExportRepresentation[],
): { execution: AuthenticationExecutionExportRepresentation; position: number }[] {
  const indexed = executions.map((execution, position) => ({ execution, position }));
  if (!executions.every((execution) => typeof execution.priority === 'number')) return indexed;
  return indexed.sort(
    (a, b) => (a.execution.priority as number) - (b.execution.priority as number) || a.position - b.position,
  );
}

export interface LiveFlow {
  id: string;
  alias: string;
  builtIn: boolean;
  providerId: string;
  description: string | undefined;
  value: FlowValue;
}

/** Every top-level flow of an export (partial export: it has all flows, `saml ecp` included). */
export function liveFlows(exported: RealmRepresentation): LiveFlow[] {
  const all = exported.authenticationFlows ?? [];
  const byAlias = new Map(all.map((flow) => [flow.alias ?? '', flow]));
  const configs = new Map((exported.authenticatorConfig ?? []).map((config) => [config.alias ?? '', config]));
  return all
    .filter((flow) => flow.topLevel)
    .map((flow) => {
      const builtIn = flow.builtIn === true;
      const value: FlowValue = {
        alias: flow.alias ?? '',
        providerId: flow.providerId ?? DEFAULT_FLOW_TYPE,
        ...liveLevel(flow, byAlias, configs, builtIn, new Set()),
      };
      const description = textOrUndefined(flow.description);
      if (description !== undefined) value.description = description;
      return {
        id: flow.id ?? '',
        alias: flow.alias ?? '',
        builtIn,
        providerId: flow.providerId ?? DEFAULT_FLOW_TYPE,
        description: flow.description,
        value,
      };
    });
}

function liveLevel(
  flow: AuthenticationFlowRepresentation,
  byAlias: ReadonlyMap<string, AuthenticationFlowRepresentation>,
  configs: ReadonlyMap<string, AuthenticatorConfigRepresentation>,
  builtIn: boolean,
  seen: ReadonlySet<string>,
): Pick<FlowValue, 'order' | 'executions'> {
  const counts = new Map<string, number>();
  const nodes = sortedExecutions(flow.authenticationExecutions ?? []).map(({ execution }) => {
    const node: ExecutionNode = {
      execution: execution.flowAlias ?? execution.authenticator ?? '',
      requirement: execution.requirement,
    };
    if (execution.flowAlias && execution.authenticator !== undefined)
      node.authenticator = execution.authenticator;
    if (execution.authenticatorConfig) {
      node.authenticatorConfig = execution.authenticatorConfig;
      node.config = stringMap(configs.get(execution.authenticatorConfig)?.config);
    }
    const sub = execution.flowAlias ? byAlias.get(execution.flowAlias) : undefined;
    if (execution.flowAlias) {
      node.flowAlias = execution.flowAlias;
      if (sub && !seen.has(execution.flowAlias)) {
        node.providerId = sub.providerId ?? DEFAULT_FLOW_TYPE;
        const description = textOrUndefined(sub.description);
        if (description !== undefined) node.description = description;
        Object.assign(
          node,
          liveLevel(sub, byAlias, configs, builtIn, new Set([...seen, execution.flowAlias])),
        );
      }
    }
    const count = (counts.get(node.execution) ?? 0) + 1;
    counts.set(node.execution, count);
    if (count > 1) node.execution = `${node.execution} #${count}`;
    return node;
  });
  return { ...(builtIn ? {} : { order: nodes.map((node) => node.execution) }), executions: nodes };
}

/**
 * Config values Keycloak masks (secrets, and keys the provider does not declare) cannot be
 * compared: where the manifest declares one, the live tree takes the declared value.
 */
export function unmaskConfigs(live: FlowValue, declared: FlowValue | undefined): void {
  walkNodes(live.executions, (node, keys) => {
    if (!node.config) return;
    const wanted = nodeAt(declared?.executions, keys)?.config ?? {};
    for (const [key, value] of Object.entries(node.config))
      if (value === SECRET_MASK && wanted[key] !== undefined) node.config[key] = wanted[key];
  });
}

/**
 * A built-in flow may be declared in part (exports of older versions list fewer executions):
 * its live executions the manifest leaves out are "don't care", so they are left out of the
 * comparison. (Custom flows are compared whole: their executions are the manifest's.)
 */
export function pruneToDeclared(live: FlowValue, declared: FlowValue): void {
  const prune = (nodes: ExecutionNode[] | undefined, wanted: readonly ExecutionNode[] | undefined) => {
    if (!nodes || !wanted) return nodes;
    return nodes.flatMap((node) => {
      const match = wanted.find((candidate) => candidate.execution === node.execution);
      if (!match) return [];
      node.executions = prune(node.executions, match.executions);
      return [node];
    });
  };
  live.executions = prune(live.executions, declared.executions);
}

/** The authenticator of an execution (not a sub-flow): its key without the repeat suffix. */
export function authenticatorOf(node: ExecutionNode): string {
  return node.execution.replace(/ #\d+$/, '');
}

/** Every node of a tree, depth first, with the keys leading to it. */
export function walkNodes(
  nodes: readonly ExecutionNode[] | undefined,
  visit: (node: ExecutionNode, keys: readonly string[]) => void,
  keys: readonly string[] = [],
): void {
  for (const node of nodes ?? []) {
    visit(node, [...keys, node.execution]);
    walkNodes(node.executions, visit, [...keys, node.execution]);
  }
}

/** The node at a key path. */
export function nodeAt(
  nodes: readonly ExecutionNode[] | undefined,
  keys: readonly string[],
): ExecutionNode | undefined {
  let level = nodes;
  let found: ExecutionNode | undefined;
  for (const key of keys) {
    found = level?.find((node) => node.execution === key);
    if (!found) return undefined;
    level = found.executions;
  }
  return found;
}

/** Sub-flow aliases and config aliases a tree needs (they are unique in the realm). */
export function aliasesOf(value: FlowValue): { subFlows: string[]; configs: string[] } {
  const subFlows: string[] = [];
  const configs: string[] = [];
  walkNodes(value.executions, (node) => {
    if (node.flowAlias) subFlows.push(node.flowAlias);
    if (node.authenticatorConfig) configs.push(node.authenticatorConfig);
  });
  return { subFlows, configs };
}

/** Keycloak stores a flow's description in a 255-character column. */
const MAX_DESCRIPTION = 255;

/**
 * A declared description, checked against the column size: a longer one answers a bare 500,
 * possibly after other flows of the same apply were changed.
 */
function checkedDescription(
  problems: TreeProblem[],
  text: string | undefined,
  path: string,
): string | undefined {
  const description = textOrUndefined(text);
  if (description !== undefined && description.length > MAX_DESCRIPTION)
    problems.push({
      severity: 'error',
      message: `the description has ${description.length} characters; Keycloak stores at most ${MAX_DESCRIPTION} (the size of its database column)`,
      path: `${path}.description`,
    });
  return description;
}

/** Keycloak keeps config values as strings; YAML may give booleans and numbers. */
export function stringMap(map: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([key, value]) => [key, String(value ?? '')]));
}

/** Keycloak stores a missing description as "": both mean "none". */
function textOrUndefined(text: string | undefined): string | undefined {
  return text === undefined || text === null || text === '' ? undefined : text;
}
