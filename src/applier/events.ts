import type { Action } from '../planner/plan.js';

/** Progress events; `--json` prints them as NDJSON, the terminal view as a progress line. */
export type ApplyEvent =
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
    };
