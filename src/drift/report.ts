/**
 * Drift reports: where Keycloak differs from the manifests, built from plans (pure, no I/O).
 *
 * A drift report is a plan read the other way round. The plan already compares only what the
 * manifest declares and masks secrets, so the report takes its changes and their `diff` entries
 * as they are and words them as drift: an update is a field that "differs", a create is an
 * object "missing in Keycloak", a delete an object "not declared (would be deleted)". Who made
 * each change, when admin events are recorded, is found by src/drift/actors.ts and
 * passed in.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { plural } from '../core/plural.js';
import type { Plan, PlannedChange } from '../planner/plan.js';
import { humanLines, renderDiagnostic } from '../planner/render.js';
import { diffLines } from '../planner/value-lines.js';

export const DRIFT_FORMAT_VERSION = '1';

/** What apply would do about it: `create` (missing in Keycloak), `update`, `replace`, `delete` (not declared). */
export type DriftAction = 'create' | 'update' | 'replace' | 'delete';

export interface DriftField {
  path: string;
  /** The value in Keycloak (`null`: not set); secrets masked as in plans. */
  live: unknown;
  /** The value in the manifest (`null`: not declared); secrets masked as in plans. */
  declared: unknown;
}

/** The newest admin event of a drifted object. */
export interface LastChange {
  /** Username of the admin who made it (their user id when the name cannot be resolved). */
  by: string;
  /** ISO 8601 time of the event. */
  at: string;
  /** Keycloak's operation type: CREATE, UPDATE, DELETE, ACTION. */
  operation: string;
}

export interface DriftChange {
  address: string;
  kind: string;
  action: DriftAction;
  /** The fields that differ (updates and replacements); empty for missing and undeclared objects. */
  fields: DriftField[];
  lastChange?: LastChange;
}

export interface RealmDrift {
  realm: string;
  drifted: boolean;
  /** Whether the realm records admin events (absent: unknown, e.g. the realm does not exist). */
  adminEventsEnabled?: boolean;
  changes: DriftChange[];
}

export interface DriftReport {
  format_version: string;
  realms: RealmDrift[];
}

export interface DriftInput {
  plan: Plan;
  /** Newest admin event per drifted address. */
  lastChanges?: ReadonlyMap<string, LastChange>;
  adminEventsEnabled?: boolean;
}

export function buildDriftReport(inputs: readonly DriftInput[]): DriftReport {
  return {
    format_version: DRIFT_FORMAT_VERSION,
    realms: inputs.map(({ plan, lastChanges, adminEventsEnabled }) => {
      const changes = plan.changes
        .filter((change) => change.actions[0] !== 'no-op')
        .map((change): DriftChange => {
          const lastChange = lastChanges?.get(change.address);
          return {
            address: change.address,
            kind: change.kind,
            action: driftAction(change),
            fields: (change.diff ?? []).map((entry) => ({
              path: entry.path,
              live: entry.before ?? null,
              declared: entry.after ?? null,
            })),
            ...(lastChange ? { lastChange } : {}),
          };
        });
      return {
        realm: plan.realm,
        drifted: changes.length > 0,
        ...(adminEventsEnabled === undefined ? {} : { adminEventsEnabled }),
        changes,
      };
    }),
  };
}

export function isDrifted(report: DriftReport): boolean {
  return report.realms.some((realm) => realm.drifted);
}

function driftAction(change: PlannedChange): DriftAction {
  const [first, second] = change.actions;
  if (first === 'delete' && second === 'create') return 'replace';
  if (first === 'create' || first === 'delete') return first;
  return 'update';
}

export interface DriftRenderOptions {
  color?: boolean;
}

/** The human view, rendered from the report only (`--json` prints the report itself). */
export function renderDrift(report: DriftReport, options: DriftRenderOptions = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  return report.realms.map((realm) => renderRealm(realm, c, Boolean(options.color))).join('\n');
}

function renderRealm(realm: RealmDrift, c: ChalkInstance, color: boolean): string {
  if (!realm.drifted) return `${c.green(`No drift. Realm "${realm.realm}" matches the manifests.`)}\n`;
  const lines = [`Realm "${realm.realm}" has drifted from the manifests:`, ''];
  for (const change of realm.changes) {
    lines.push(...describeChange(change, c, color));
    if (change.lastChange) {
      const { by, at, operation } = change.lastChange;
      lines.push(c.dim(`  last changed by ${by} at ${at} (${operation})`));
    }
  }
  const count = (action: DriftAction) => realm.changes.filter((change) => change.action === action).length;
  const parts = [
    [count('create'), 'missing in Keycloak'],
    [count('update') + count('replace'), 'differing'],
    [count('delete'), 'not declared'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, what]) => `${n} ${what}`);
  lines.push('', c.bold(`Drift: ${plural(realm.changes.length, 'object')} (${parts.join(', ')}).`));
  if (realm.adminEventsEnabled === false) {
    lines.push(
      c.dim(
        `Admin events are off in realm "${realm.realm}": enable adminEventsEnabled to see who changed what.`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One line per missing or undeclared object; a differing one gets its fields as a plan shows an
 * update (the plan's renderer: nothing cut, a change inside a long string marked), live value
 * first, declared value second.
 */
function describeChange(change: DriftChange, c: ChalkInstance, color: boolean): string[] {
  if (change.action === 'create') return [`${c.green(change.address)}: missing in Keycloak`];
  if (change.action === 'delete') return [`${c.red(change.address)}: not declared (would be deleted)`];
  const address = c.yellow(change.address);
  const suffix = change.action === 'replace' ? ', must be replaced' : '';
  if (change.fields.length === 0) return [`${address}: differs${suffix}`];
  const fields = change.fields.map((field) => ({
    path: field.path || '(value)',
    before: field.live,
    after: field.declared,
  }));
  return [`${address}: differs (live -> declared${suffix}):`, ...humanLines(diffLines(fields), c, color)];
}

/** Plan diagnostics of a drift run, one line each (printed on stderr by the CLI). */
export function renderDriftDiagnostics(plans: readonly Plan[]): string[] {
  return plans.flatMap((plan) =>
    plan.diagnostics.map((diagnostic) => `realm "${plan.realm}": ${renderDiagnostic(diagnostic)}`),
  );
}
