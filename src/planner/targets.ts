/**
 * `-target ADDRESS`: a partial plan, as in Terraform. The plan keeps the targeted objects and
 * everything they need (what they reference, the parents their keys extend, and the realm when
 * it is being created); everything else is left out, and the plan says so.
 */
import { address } from '../core/address.js';
import type { PlanDiagnostic } from '../core/diagnostics.js';
import type { KindDefinition } from '../kinds/kind.js';
import type { PlannedStep } from './plan.js';

export interface TargetedSteps {
  steps: PlannedStep[];
  diagnostics: PlanDiagnostic[];
}

export function limitToTargets(
  steps: readonly PlannedStep[],
  targets: readonly string[],
  kinds: ReadonlyMap<string, KindDefinition>,
  realm: string,
): TargetedSteps {
  const byAddress = new Map<string, PlannedStep[]>();
  for (const step of steps)
    byAddress.set(step.change.address, [...(byAddress.get(step.change.address) ?? []), step]);
  const kept = new Set<string>();
  const queue: string[] = [];
  const keep = (addr: string) => {
    if (kept.has(addr) || !byAddress.has(addr)) return;
    kept.add(addr);
    queue.push(addr);
  };
  const unmatched = targets.filter((target) => !byAddress.has(target));
  for (const target of targets) keep(target);
  while (queue.length > 0) {
    for (const step of byAddress.get(queue.pop() as string) ?? []) {
      const kind = kinds.get(step.change.kind);
      if (!kind || !step.desired) continue;
      for (const reference of kind.references?.(step.desired) ?? [])
        keep(address(reference.kind, reference.key));
      const key = step.change.key;
      for (const dependency of kind.dependsOn)
        for (let length = 1; length < key.length; length++) keep(address(dependency, key.slice(0, length)));
    }
  }
  // Everything lives in the realm: a realm being created comes along with any target.
  if (kept.size > 0)
    for (const step of steps)
      if (step.change.kind === 'realm' && step.change.actions[0] === 'create') kept.add(step.change.address);

  const selected = steps.filter((step) => kept.has(step.change.address));
  const changing = selected.filter((step) => step.change.actions[0] !== 'no-op').length;
  const diagnostics: PlanDiagnostic[] = [
    {
      severity: 'warning',
      summary: `This plan is partial (-target ${targets.join(', ')}): it covers ${kept.size} object(s) of realm "${realm}", ${changing} with changes, and leaves every other difference out. Use -target for exceptions, not routinely; plan without it to see everything.`,
    },
    ...unmatched.map(
      (target): PlanDiagnostic => ({
        severity: 'warning',
        summary: `-target ${target} matches no object declared in or read from realm "${realm}"`,
      }),
    ),
  ];
  return { steps: selected, diagnostics };
}
