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

export interface GraphNode {
  step: PlannedStep;
  kind: KindDefinition;
  /** Position in the plan's execution order: ready changes start in this order. */
  order: number;
  isDelete: boolean;
  requires: GraphNode[];
  requiredBy: GraphNode[];
}

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
