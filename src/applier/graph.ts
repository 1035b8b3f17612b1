/**
 * The per-object dependency graph of one apply. Two sorts of dependencies:
 * - `requires` (per object): the object cannot be written without the other: it references it,
 *   or its key extends the other's key (a client role and its client). A failure there skips it.
 * - kind barriers (ordering only): an object waits until every change of the kinds it
 *   `dependsOn` has settled, whatever the outcome; deletes wait for every create and update, and
 *   for the deletes of the kinds that depend on theirs (reverse order). Barriers are counted per
 *   kind, not stored as edges, so a realm of 10,000 users does not build millions of them.
 */
import { address } from '../core/address.js';
import type { KindDefinition } from '../kinds/kind.js';
import type { PlannedStep } from '../planner/plan.js';
import type { UserImport } from './user-import.js';

export interface GraphNode {
  step: PlannedStep;
  kind: KindDefinition;
  /** Position in the plan's execution order: ready changes start in this order. */
  order: number;
  isDelete: boolean;
  requires: GraphNode[];
  requiredBy: GraphNode[];
  /** A batch of new users one partialImport writes (user-import.ts); its members settle with it. */
  batch?: { users: UserImport; members: readonly GraphNode[] };
  /** On a batch's members: the batch node that writes them (the applier never starts them itself). */
  inBatch?: GraphNode;
}

/** The kind name of batch nodes: counted apart, so no kind's barrier waits for the node itself. */
const USER_IMPORT_KIND = 'user-import';

export interface ApplyGraph {
  nodes: readonly GraphNode[];
  /** Kind name → the kinds that list it in `dependsOn`. */
  dependentKinds: ReadonlyMap<string, readonly string[]>;
}

export function buildGraph(
  steps: readonly PlannedStep[],
  kinds: ReadonlyMap<string, KindDefinition>,
): ApplyGraph {
  const nodes = steps.map((step, order): GraphNode => {
    const kind = kinds.get(step.change.kind);
    if (!kind) throw new Error(`No handler for kind ${step.change.kind}`);
    const isDelete = step.change.actions.join() === 'delete';
    return { step, kind, order, isDelete, requires: [], requiredBy: [] };
  });
  const forwardByAddress = new Map(
    nodes.filter((node) => !node.isDelete).map((node) => [node.step.change.address, node]),
  );
  const require = (node: GraphNode, target: GraphNode | undefined) => {
    if (!target || target === node || node.requires.includes(target)) return;
    node.requires.push(target);
    target.requiredBy.push(node);
  };
  for (const node of nodes) {
    if (node.isDelete) continue;
    const { step, kind } = node;
    for (const reference of step.desired ? (kind.references?.(step.desired) ?? []) : []) {
      require(node, forwardByAddress.get(address(reference.kind, reference.key)));
    }
    const key = step.change.key;
    for (const dependency of kind.dependsOn) {
      for (let length = 1; length < key.length; length++) {
        require(node, forwardByAddress.get(address(dependency, key.slice(0, length))));
      }
    }
  }
  const dependentKinds = new Map<string, string[]>();
  for (const kind of kinds.values()) {
    for (const dependency of kind.dependsOn) {
      dependentKinds.set(dependency, [...(dependentKinds.get(dependency) ?? []), kind.kind]);
    }
  }
  return { nodes, dependentKinds };
}

/**
 * Adds one node per user import batch. It waits for the kinds and objects its members need (their
 * own kinds' barriers and their requirements outside the batch); its members stay in the graph,
 * with their own dependants and kind counts, and are settled by the batch when it has run.
 */
export function withUserImports(graph: ApplyGraph, imports: readonly UserImport[]): ApplyGraph {
  const byStep = new Map(graph.nodes.map((node) => [node.step, node]));
  const batchNodes = imports.flatMap((users): GraphNode[] => {
    const members = users.steps.flatMap((step) => byStep.get(step) ?? []);
    const first = members[0];
    if (!first) return [];
    const inside = new Set(members);
    const memberKinds = new Set(members.map((member) => member.kind.kind));
    const requires = [...new Set(members.flatMap((member) => member.requires))].filter(
      (node) => !inside.has(node),
    );
    const dependsOn = [...new Set(members.flatMap((member) => member.kind.dependsOn))].filter(
      (kind) => !memberKinds.has(kind),
    );
    const node: GraphNode = {
      step: first.step,
      kind: { ...first.kind, kind: USER_IMPORT_KIND, dependsOn, parallel: true },
      order: members.reduce((lowest, member) => Math.min(lowest, member.order), first.order),
      isDelete: false,
      requires,
      requiredBy: [],
      batch: { users, members },
    };
    for (const required of requires) required.requiredBy.push(node);
    for (const member of members) member.inBatch = node;
    return [node];
  });
  return { nodes: [...graph.nodes, ...batchNodes], dependentKinds: graph.dependentKinds };
}
