import type { Action } from '../planner/plan.js';

/**
 * Progress events of a run; `--json` prints them as NDJSON, a terminal shows them as one live
 * line. Reading (`read-*`), applying (`apply-start` … `apply-done`) and the convergence check
 * (`converge-*`).
 */
export type ApplyEvent =
  /** The live objects of a realm are being read (for a plan). */
  | { type: 'read-start'; realm: string }
  /** One kind's live objects were read. */
  | { type: 'read-kind'; realm: string; kind: string; objects: number }
  | { type: 'read-done'; realm: string; objects: number; durationMs: number }
  | { type: 'apply-start'; realm: string; total: number; dryRun: boolean }
  | {
      type: 'change-start';
      realm: string;
      address: string;
      actions: readonly Action[];
      index: number;
      total: number;
    }
  | { type: 'change-done'; realm: string; address: string; actions: readonly Action[]; durationMs: number }
  | { type: 'change-failed'; realm: string; address: string; actions: readonly Action[]; error: string }
  /** Not started because a change it requires failed (`because` names that failure). */
  | { type: 'change-skipped'; realm: string; address: string; because: string }
  | {
      type: 'apply-done';
      realm: string;
      applied: number;
      failed: number;
      skipped: number;
      notAttempted: number;
      dryRun: boolean;
    }
  /** After applying, the realm is planned again: it must have no changes left. */
  /** `objects`: the check plans only the objects the apply wrote (absent: the whole realm). */
  | { type: 'converge-start'; realm: string; objects?: number }
  | { type: 'converge-done'; realm: string; converged: boolean; changes: number };

export type ReadEvent = Extract<ApplyEvent, { type: 'read-start' | 'read-kind' | 'read-done' }>;
