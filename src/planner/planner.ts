/**
 * The planner: pure, no I/O. Given the desired and live objects of every kind it decides what
 * to create, update, replace and delete, checks references, and orders the work.
 */

import { address, byCodePoint } from '../core/address.js';
import { changedPathStrings, compareDeclared, type Difference } from '../core/compare.js';
import { isSensitivePath, maskSensitive, SENSITIVE_MARK } from '../core/mask.js';
import { withoutUnsetSecrets } from '../core/unset-secret.js';
import { isUnderAny, renderPath } from '../core/value-path.js';
import { computedWarnings, rulesFor, withoutComputed } from '../kinds/computed.js';
import type { DesiredObject, KindDefinition, LiveObject, Ownership } from '../kinds/kind.js';
import { withoutSensitiveValues } from '../model/sensitive.js';
import type { OwnershipMode } from '../ownership/modes.js';
import { VERSION } from '../version.js';
import { orderKinds } from './order.js';
import type {
  Action,
  FieldChange,
  Plan,
  PlanDiagnostic,
  PlannedChange,
  PlannedStep,
  PlannedWork,
  PlanSummary,
} from './plan.js';
import { PLAN_FORMAT_VERSION } from './plan.js';
import { limitToTargets } from './targets.js';
import { unsetSecretDiagnostics, unsetSecretsWritten } from './unset-secrets.js';

export interface KindState {
  definition: KindDefinition;
  /** `undefined`: the manifest does not declare this kind's collection. */
  desired: DesiredObject[] | undefined;
  /** `undefined`: not read (neither declared nor referenced). */
  live: LiveObject[] | undefined;
  authoritative: Ownership;
  /** What the kind's `readFacts` returned (for its `diagnose`). */
  facts?: unknown;
  /** Ownership mode of the collection (default authoritative). */
  mode?: OwnershipMode;
  /** In `owned-only` mode: addresses of the objects realmform created. */
  owned?: ReadonlySet<string>;
}

/** Whether realmform would delete this live object if the manifest does not declare it. */
function owns(state: KindState, live: LiveObject): boolean {
  if (state.desired === undefined || live.builtIn || state.mode === 'additive') return false;
  const owned = typeof state.authoritative === 'function' ? state.authoritative(live) : state.authoritative;
  if (!owned || state.mode !== 'owned-only') return owned;
  return state.owned?.has(address(state.definition.kind, live.key)) ?? false;
}

export interface PlanInput {
  realm: string;
  server: string;
  sources: readonly string[];
  kinds: readonly KindState[];
  liveFingerprint: string;
  desiredFingerprint: string;
  /** Diagnostics found before planning (e.g. unsupported kinds). */
  diagnostics?: readonly PlanDiagnostic[];
  /** Mode of each declared collection, for people reading the plan. */
  ownership?: Readonly<Record<string, OwnershipMode>>;
  /** `-target` addresses: plan only these and what they need. */
  targets?: readonly string[];
  /**
   * A change that writes a secret whose variable is not set is an error (apply), not a warning
   * (plan, drift): see unset-secrets.ts.
   */
  requireSecrets?: boolean;
}

export function computePlan(input: PlanInput): PlannedWork {
  const states = orderKinds(
    input.kinds.map((state) => ({
      ...state,
      // What Keycloak computes or ignores is neither checked, compared nor written (computed.ts).
      desired: state.desired && withoutComputed(state.desired, state.definition),
      declared: state.desired,
      kind: state.definition.kind,
      dependsOn: state.definition.dependsOn,
    })),
  );
  const byKind = new Map(states.map((state) => [state.kind, state]));
  const diagnostics: PlanDiagnostic[] = [...(input.diagnostics ?? [])];
  const forward: PlannedStep[] = [];
  const deletions: PlannedStep[][] = [];

  const desiredIndex = new Map<string, Map<string, DesiredObject>>();
  const liveIndex = new Map<string, Map<string, LiveObject>>();
  for (const state of states) {
    const desired = new Map<string, DesiredObject>();
    for (const object of state.desired ?? []) {
      const addr = address(state.kind, object.key);
      const earlier = desired.get(addr);
      if (earlier) {
        diagnostics.push({
          severity: 'error',
          summary: `${addr} is declared twice (also at ${where(earlier)})`,
          address: addr,
          ...locationOf(object),
        });
      }
      desired.set(addr, object);
    }
    desiredIndex.set(state.kind, desired);
    liveIndex.set(
      state.kind,
      new Map((state.live ?? []).map((object) => [address(state.kind, object.key), object])),
    );
  }

  const willExist = (kind: string, key: readonly string[]): boolean | undefined => {
    const state = byKind.get(kind);
    if (!state) return undefined;
    const addr = address(kind, key);
    if (desiredIndex.get(kind)?.has(addr)) return true;
    if (state.live === undefined) return undefined;
    const live = liveIndex.get(kind)?.get(addr);
    if (!live) return false;
    return !owns(state, live);
  };

  for (const state of states) {
    const definition = state.definition;
    const desired = desiredIndex.get(state.kind) ?? new Map();
    const live = liveIndex.get(state.kind) ?? new Map();
    if (state.desired !== undefined)
      diagnostics.push(...(definition.diagnose?.(state.desired, state.live ?? [], state.facts) ?? []));

    const declared = new Map(
      (state.declared ?? []).map((object) => [address(state.kind, object.key), object]),
    );
    for (const [addr, object] of [...desired].sort(([a], [b]) => byCodePoint(a, b))) {
      for (const reference of definition.references?.(object) ?? []) {
        if (willExist(reference.kind, reference.key) === false) {
          diagnostics.push({
            severity: 'error',
            summary: `${addr} refers to ${address(reference.kind, reference.key)}, which is neither declared nor present in Keycloak`,
            address: addr,
            ...locationOf(object),
            path: joinPath(object.origin.path, reference.path),
          });
        }
      }
      const current = live.get(addr);
      if (!current) {
        forward.push(step(definition, addr, ['create'], object, undefined, []));
        continue;
      }
      diagnostics.push(...computedWarnings(addr, declared.get(addr) ?? object, current, definition));
      const differences = compareDeclared(object.value, current.value, rulesFor(definition, current));
      const changed = changedPathStrings(differences);
      if (changed.length === 0) {
        forward.push(step(definition, addr, ['no-op'], object, current, []));
      } else if (differences.some((difference) => isUnderAny(difference.path, definition.replaceOn))) {
        forward.push(
          step(
            definition,
            addr,
            ['delete', 'create'],
            object,
            current,
            changed,
            'a field that cannot be changed in place changed',
            differences,
          ),
        );
      } else {
        forward.push(step(definition, addr, ['update'], object, current, changed, undefined, differences));
      }
    }

    const kindDeletions: PlannedStep[] = [];
    if (state.desired !== undefined) {
      for (const [addr, current] of [...live].sort(([a], [b]) => byCodePoint(a, b))) {
        if (desired.has(addr) || !owns(state, current)) continue;
        if (!definition.delete) {
          diagnostics.push({
            severity: 'warning',
            summary: `${addr} is not declared but ${state.kind} objects cannot be deleted`,
            address: addr,
          });
          continue;
        }
        const reason = definition.deleteReason?.(current) ?? 'not declared in the manifest';
        kindDeletions.push(step(definition, addr, ['delete'], undefined, current, [], reason));
      }
    }
    deletions.push(kindDeletions);
  }

  let steps = [...forward, ...deletions.reverse().flat()];
  if (input.targets?.length) {
    const targeted = limitToTargets(
      steps,
      input.targets,
      new Map(states.map((state) => [state.kind, state.definition])),
      input.realm,
    );
    steps = targeted.steps;
    diagnostics.push(...targeted.diagnostics);
  }
  const secretNeeds = steps.flatMap((planned) =>
    unsetSecretDiagnostics(
      planned.change.address,
      planned.change.actions,
      planned.unsetSecrets ?? [],
      input.requireSecrets === true,
    ),
  );
  const changes = steps.map((s) => s.change).sort((a, b) => byCodePoint(a.address, b.address));
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    tool: { name: 'realmform', version: VERSION },
    realm: input.realm,
    server: input.server,
    live_fingerprint: input.liveFingerprint,
    desired_fingerprint: input.desiredFingerprint,
    sources: input.sources,
    summary: summarize(changes),
    ...(input.ownership && Object.keys(input.ownership).length > 0 ? { ownership: input.ownership } : {}),
    changes,
    // A diagnostic about a secret never quotes it (in the human view and the JSON plan alike).
    // (Those about unset secrets quote no value; only their variables.)
    diagnostics: [...diagnostics.map(withoutSensitiveValues), ...secretNeeds],
    ...(input.targets?.length ? { targets: [...input.targets] } : {}),
  };
  return { plan, steps };
}

function step(
  definition: KindDefinition,
  addr: string,
  actions: Action[],
  desired: DesiredObject | undefined,
  live: LiveObject | undefined,
  changedPaths: string[],
  reason?: string,
  differences?: readonly Difference[],
): PlannedStep {
  const before = live ? maskSensitive(live.value, definition) : undefined;
  const after = desired ? maskSensitive(desired.value, definition) : undefined;
  const change: PlannedChange = {
    address: addr,
    kind: definition.kind,
    key: desired?.key ?? live?.key ?? [],
    actions,
    before: before?.value ?? null,
    after: after?.value ?? null,
    changedPaths,
    ...(differences ? { diff: differences.map((difference) => fieldChange(difference, definition)) } : {}),
    sensitivePaths: [
      ...new Set([...(before?.sensitivePaths ?? []), ...(after?.sensitivePaths ?? [])]),
    ].sort(),
    ...(reason ? { reason } : {}),
    ...(desired ? { origin: desired.origin } : {}),
  };
  const unsetSecrets = unsetSecretsWritten(definition, actions, desired, differences);
  // An update that does not write a secret whose variable is not set leaves the stored one.
  const written =
    desired && actions[0] === 'update' && unsetSecrets.length === 0
      ? { ...desired, value: withoutUnsetSecrets(desired.value, live?.value) }
      : desired;
  return {
    change,
    desired: written,
    live,
    changedPaths,
    ...(unsetSecrets.length > 0 ? { unsetSecrets } : {}),
  };
}

function fieldChange(difference: Difference, definition: KindDefinition): FieldChange {
  const path = renderPath(difference.path);
  if (isSensitivePath(difference.path, definition))
    return { path, before: SENSITIVE_MARK, after: SENSITIVE_MARK };
  return {
    path,
    before: maskSensitive(difference.before, {}).value,
    after: maskSensitive(difference.after, {}).value,
  };
}

function summarize(changes: readonly PlannedChange[]): PlanSummary {
  const summary: PlanSummary = { add: 0, change: 0, destroy: 0, replace: 0 };
  for (const change of changes) {
    const [first, second] = change.actions;
    if (first === 'create') summary.add++;
    else if (first === 'update') summary.change++;
    else if (first === 'delete' && second === 'create') {
      summary.replace++;
      summary.add++;
      summary.destroy++;
    } else if (first === 'delete') summary.destroy++;
  }
  return summary;
}

function locationOf(object: DesiredObject): { file?: string; line?: number; path: string } {
  return {
    ...(object.origin.file ? { file: object.origin.file } : {}),
    ...(object.origin.line ? { line: object.origin.line } : {}),
    path: object.origin.path,
  };
}

function where(object: DesiredObject): string {
  return object.origin.file
    ? `${object.origin.file}${object.origin.line ? `:${object.origin.line}` : ''}`
    : object.origin.path;
}

function joinPath(base: string, inner: string): string {
  if (!inner) return base;
  return inner.startsWith('[') ? `${base}${inner}` : `${base}.${inner}`;
}
