/**
 * The plan: the contract between planning and applying, and the JSON users save, review and
 * feed to CI. Values in it are masked; the unmasked desired values live only in memory
 * (PlannedWork) and are re-derived from the manifests when a saved plan is applied.
 */
import type { PlanDiagnostic } from '../core/diagnostics.js';
import type { UnsetSecret } from '../core/unset-secret.js';
import type { DesiredObject, LiveObject, Origin } from '../kinds/kind.js';
import type { OwnershipMode } from '../ownership/modes.js';

export type { PlanDiagnostic } from '../core/diagnostics.js';

export const PLAN_FORMAT_VERSION = '1';

export type Action = 'create' | 'update' | 'delete' | 'no-op';

export interface PlannedChange {
  address: string;
  kind: string;
  key: readonly string[];
  /** `["create"]`, `["update"]`, `["delete"]`, `["delete","create"]` (replace) or `["no-op"]`. */
  actions: readonly Action[];
  before: unknown;
  after: unknown;
  changedPaths: readonly string[];
  /** For updates: each changed path with its old and new value (secrets masked). */
  diff?: readonly FieldChange[];
  sensitivePaths: readonly string[];
  /** For people; apply never branches on it. */
  reason?: string;
  origin?: Origin;
}

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  replace: number;
}

export interface Plan {
  format_version: string;
  tool: { name: 'realmform'; version: string };
  realm: string;
  server: string;
  /** Hash of the live objects the plan was computed from: a saved plan applies only if it still matches. */
  live_fingerprint: string;
  /** Hash of the desired state (manifests after substitution; secrets included only as hashes). */
  desired_fingerprint: string;
  sources: readonly string[];
  summary: PlanSummary;
  /** How each declared collection is owned (absent: nothing declared that can be deleted). */
  ownership?: Readonly<Record<string, OwnershipMode>>;
  /** Sorted by address. */
  changes: readonly PlannedChange[];
  diagnostics: readonly PlanDiagnostic[];
  /** Present when the plan is partial (`-target`): the addresses asked for. */
  targets?: readonly string[];
}

/** What the applier needs beyond the JSON: unmasked values and live handles, in execution order. */
export interface PlannedStep {
  change: PlannedChange;
  desired?: DesiredObject;
  live?: LiveObject;
  /** Paths that differ, for update handlers. */
  changedPaths: readonly string[];
  /** Secrets this change writes whose variables are not set (the plan's diagnostics name them). */
  unsetSecrets?: readonly UnsetSecret[];
}

export interface PlannedWork {
  plan: Plan;
  /** Execution order: creates/updates by kind dependency, deletes in reverse. */
  steps: readonly PlannedStep[];
}

export function hasChanges(plan: Plan): boolean {
  return plan.changes.some((change) => change.actions[0] !== 'no-op');
}

export function hasErrors(plan: Plan): boolean {
  return plan.diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}
