/**
 * realmform as a library: the client, the manifest model, the planner, the applier and the
 * engine that ties them to a live Keycloak. The CLI is built from exactly these pieces.
 */

export type { ApplyReport, Executor } from './applier/applier.js';
export { applyPlan, dryRunExecutor, liveExecutor } from './applier/applier.js';
export type { ApplyEvent } from './applier/events.js';
export * from './client/index.js';
export { findLastChanges } from './drift/actors.js';
export type { DriftChange, DriftField, DriftReport, LastChange, RealmDrift } from './drift/report.js';
export { buildDriftReport, DRIFT_FORMAT_VERSION, renderDrift } from './drift/report.js';
export { applyRealm } from './engine/apply-realm.js';
export { applyManifest } from './engine/converge.js';
export { planRealm } from './engine/plan-realm.js';
export type {
  DesiredObject,
  KindContext,
  KindDefinition,
  LiveObject,
  ManifestView,
  Reference,
} from './kinds/index.js';
export { ALL_KINDS, address, defineKind } from './kinds/index.js';
export { provideKeycloak } from './local/provide-keycloak.js';
export type { HeldRealmLocks, LockInfo, RealmLock, RealmLockOptions } from './lock/realm-lock.js';
export {
  acquireRealmLock,
  acquireRealmLocks,
  RealmLockError,
  RealmLockedError,
  withRealmLocks,
} from './lock/realm-lock.js';
export type { Diagnostic, LoadResult, RealmManifest } from './model/index.js';
export {
  formatDiagnostic,
  hasErrors as hasManifestErrors,
  loadManifests,
  manifestJsonSchema,
} from './model/index.js';
export type {
  Action,
  FieldChange,
  Plan,
  PlanDiagnostic,
  PlannedChange,
  PlanSummary,
} from './planner/plan.js';
export { hasChanges, hasErrors as hasPlanErrors, PLAN_FORMAT_VERSION } from './planner/plan.js';
export { computePlan } from './planner/planner.js';
export { renderPlan, renderPlans } from './planner/render.js';
export { renderPlansMarkdown } from './planner/render-markdown.js';
export { VERSION } from './version.js';
