import { readFileSync } from 'node:fs';
import { PLAN_FORMAT_VERSION, type Plan } from '../planner/plan.js';
import { UserError } from './user-error.js';

/** What `plan --out` writes and `apply plan.json` reads: one plan per realm. */
export interface PlanFile {
  format_version: string;
  plans: Plan[];
}

export function toPlanFile(plans: Plan[]): PlanFile {
  return { format_version: PLAN_FORMAT_VERSION, plans };
}

export function isPlanFilePath(paths: readonly string[]): boolean {
  if (paths.length !== 1 || !paths[0]?.endsWith('.json')) return false;
  try {
    const parsed = JSON.parse(readFileSync(paths[0], 'utf8')) as Partial<PlanFile>;
    return Array.isArray(parsed.plans) && typeof parsed.format_version === 'string';
  } catch {
    return false;
  }
}

export function readPlanFile(path: string): PlanFile {
  let parsed: PlanFile;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as PlanFile;
  } catch (error) {
    throw new UserError(`Cannot read the plan ${path}: ${(error as Error).message}`);
  }
  if (parsed.format_version !== PLAN_FORMAT_VERSION) {
    throw new UserError(
      `${path} has plan format ${parsed.format_version}; this realmform reads ${PLAN_FORMAT_VERSION}`,
    );
  }
  return parsed;
}
