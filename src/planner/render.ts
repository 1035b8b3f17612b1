/**
 * Human view of a plan, rendered from the JSON plan only (so a saved plan renders the same).
 * `+` create, `~` update, `-` delete, `-/+` replace; only changed attributes of updates are shown.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { isPlainObject } from '../core/compare.js';
import type { Plan, PlanDiagnostic, PlannedChange } from './plan.js';

export interface RenderOptions {
  color?: boolean;
  /** Say "drift" rather than "will be …" (drift reports). */
  mode?: 'plan' | 'drift';
}

/** Colour unless asked not to, NO_COLOR is set, or the stream is not a terminal. */
export function colorWanted(stream: { isTTY?: boolean }, noColorFlag = false): boolean {
  return !noColorFlag && !process.env.NO_COLOR && Boolean(stream.isTTY);
}

export function renderPlan(plan: Plan, options: RenderOptions = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  for (const diagnostic of plan.diagnostics) lines.push(renderDiagnostic(diagnostic, c));
  if (plan.diagnostics.length) lines.push('');

  const visible = plan.changes.filter((change) => change.actions[0] !== 'no-op');
  if (visible.length === 0) {
    lines.push(c.green(`No changes. Realm "${plan.realm}" matches the manifests.`));
    return `${lines.join('\n')}\n`;
  }
  lines.push(`realmform will perform the following actions on realm "${plan.realm}":`, '');
  const modes = Object.entries(plan.ownership ?? {});
  if (modes.length > 0)
    lines.push(`Ownership: ${modes.map(([field, mode]) => `${field} ${mode}`).join(', ')}`, '');
  for (const change of visible) lines.push(...renderChange(change, c), '');
  const { add, change, destroy } = plan.summary;
  lines.push(c.bold(`Plan: ${add} to add, ${change} to change, ${destroy} to destroy.`));
  if (destroy > 0) lines.push(c.red(`Warning: ${destroy} object(s) will be destroyed.`));
  return `${lines.join('\n')}\n`;
}

/** Renders several realms' plans, with a total line when there is more than one realm. */
export function renderPlans(plans: readonly Plan[], options: RenderOptions = {}): string {
  const parts = plans.map((plan) => renderPlan(plan, options));
  if (plans.length > 1) {
    const total = plans.reduce(
      (sum, plan) => ({
        add: sum.add + plan.summary.add,
        change: sum.change + plan.summary.change,
        destroy: sum.destroy + plan.summary.destroy,
      }),
      { add: 0, change: 0, destroy: 0 },
    );
    const changed = plans.filter((plan) =>
      plan.changes.some((change) => change.actions[0] !== 'no-op'),
    ).length;
    parts.push(
      `Total for ${plans.length} realms (${changed} with changes): ${total.add} to add, ${total.change} to change, ${total.destroy} to destroy.\n`,
    );
  }
  return parts.join('\n');
}

export function renderDiagnostic(
  diagnostic: PlanDiagnostic,
  c: ChalkInstance = new Chalk({ level: 0 }),
): string {
  const where = diagnostic.file ? `${diagnostic.file}${diagnostic.line ? `:${diagnostic.line}` : ''}: ` : '';
  const label = diagnostic.severity === 'error' ? c.red.bold('Error') : c.yellow.bold('Warning');
  const at = diagnostic.path ? ` (at ${diagnostic.path})` : '';
  return `${where}${label}: ${diagnostic.summary}${at}`;
}

function renderChange(change: PlannedChange, c: ChalkInstance): string[] {
  const [first, second] = change.actions;
  const replace = first === 'delete' && second === 'create';
  const header = replace
    ? `${c.red(`-/+ ${change.address}`)} (must be replaced)`
    : first === 'create'
      ? c.green(`  + ${change.address}`)
      : first === 'delete'
        ? c.red(`  - ${change.address}`)
        : c.yellow(`  ~ ${change.address}`);
  const verb = replace
    ? 'must be replaced'
    : first === 'create'
      ? 'will be created'
      : first === 'delete'
        ? 'will be destroyed'
        : 'will be updated in place';
  const lines = [
    c.dim(`  # ${change.address} ${verb}${change.reason ? ` (${change.reason})` : ''}`),
    `${header} {`,
  ];

  if (first === 'create' || (first === 'delete' && !replace)) {
    const sign = first === 'create' ? c.green('+') : c.red('-');
    const value = first === 'create' ? change.after : change.before;
    for (const [key, inner] of sortedEntries(value))
      lines.push(`      ${sign} ${key} = ${formatValue(inner)}`);
  } else {
    const diff = change.diff ?? [];
    const width = Math.max(0, ...diff.map((entry) => entry.path.length));
    for (const entry of diff) {
      const sign =
        entry.before === undefined ? c.green('+') : entry.after === undefined ? c.red('-') : c.yellow('~');
      const text =
        entry.before === undefined
          ? formatValue(entry.after)
          : entry.after === undefined
            ? `${formatValue(entry.before)} -> null`
            : `${formatValue(entry.before)} -> ${formatValue(entry.after)}`;
      lines.push(`      ${sign} ${entry.path.padEnd(width)} = ${text}`);
    }
    const declared = sortedEntries(change.after).length;
    const hidden = Math.max(0, declared - topLevelChanged(diff.map((entry) => entry.path)));
    if (hidden > 0)
      lines.push(c.dim(`        (${hidden} unchanged attribute${hidden === 1 ? '' : 's'} hidden)`));
  }
  lines.push('    }');
  return lines;
}

function topLevelChanged(paths: readonly string[]): number {
  return new Set(paths.map((path) => path.split(/[.[]/)[0])).size;
}

function sortedEntries(value: unknown): [string, unknown][] {
  if (!isPlainObject(value)) return [];
  return Object.entries(value)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function formatValue(value: unknown): string {
  if (value === undefined) return 'null';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
