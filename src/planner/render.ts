/**
 * Human view of a plan, rendered from the JSON plan only (so a saved plan renders the same).
 * `+` create, `~` update, `-` delete, `-/+` replace. Creates and deletes list every attribute,
 * nested values as indented blocks; updates list the changed paths. A plan with errors renders
 * only its errors: nothing of it would be applied.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { isPlainObject } from '../core/compare.js';
import { hasErrors, type Plan, type PlanDiagnostic, type PlannedChange } from './plan.js';
import type { Range } from './sequence-diff.js';
import { diffLines, type Line, objectLines } from './value-lines.js';

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
  if (hasErrors(plan)) return renderPlanErrors([plan], options);
  const lines: string[] = [];
  for (const diagnostic of plan.diagnostics) lines.push(renderDiagnostic(diagnostic, c));
  if (plan.diagnostics.length) lines.push('');

  const visible = visibleChanges(plan);
  if (visible.length === 0) {
    lines.push(c.green(`No changes. Realm "${plan.realm}" matches the manifests.`));
    return `${lines.join('\n')}\n`;
  }
  lines.push(`realmform will perform the following actions on realm "${plan.realm}":`, '');
  const modes = Object.entries(plan.ownership ?? {});
  if (modes.length > 0)
    lines.push(`Ownership: ${modes.map(([field, mode]) => `${field} ${mode}`).join(', ')}`, '');
  for (const change of visible) lines.push(...renderChange(change, c, Boolean(options.color)), '');
  const { add, change, destroy } = plan.summary;
  lines.push(c.bold(`Plan: ${add} to add, ${change} to change, ${destroy} to destroy.`));
  if (destroy > 0) lines.push(c.red(`Warning: ${destroy} object(s) will be destroyed.`));
  return `${lines.join('\n')}\n`;
}

/**
 * Renders several realms' plans, with a total line when there is more than one realm. When any
 * plan has errors, only the errors are rendered: apply refuses every realm then.
 */
export function renderPlans(plans: readonly Plan[], options: RenderOptions = {}): string {
  if (plans.some(hasErrors)) return renderPlanErrors(plans, options);
  const parts = plans.map((plan) => renderPlan(plan, options));
  if (plans.length > 1) {
    const total = totalSummary(plans);
    const changed = plans.filter((plan) => visibleChanges(plan).length > 0).length;
    parts.push(
      `Total for ${plans.length} realms (${changed} with changes): ${total.add} to add, ${total.change} to change, ${total.destroy} to destroy.\n`,
    );
  }
  return parts.join('\n');
}

/** The errors of plans that have some, and nothing else: no plan is shown under them. */
export function renderPlanErrors(plans: readonly Plan[], options: RenderOptions = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const failing = plans.filter(hasErrors);
  const lines: string[] = [];
  for (const plan of failing) {
    for (const diagnostic of plan.diagnostics.filter((d) => d.severity === 'error'))
      lines.push(
        `${failing.length > 1 || plans.length > 1 ? `realm "${plan.realm}": ` : ''}${renderDiagnostic(diagnostic, c)}`,
      );
  }
  const count = failing.reduce(
    (sum, plan) => sum + plan.diagnostics.filter((d) => d.severity === 'error').length,
    0,
  );
  lines.push(
    '',
    c.red.bold(
      `${count} error(s) in the plan of ${failing.map((plan) => `realm "${plan.realm}"`).join(', ')}: nothing can be applied until they are fixed.`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

export function totalSummary(plans: readonly Plan[]): { add: number; change: number; destroy: number } {
  return plans.reduce(
    (sum, plan) => ({
      add: sum.add + plan.summary.add,
      change: sum.change + plan.summary.change,
      destroy: sum.destroy + plan.summary.destroy,
    }),
    { add: 0, change: 0, destroy: 0 },
  );
}

export function visibleChanges(plan: Plan): PlannedChange[] {
  return plan.changes.filter((change) => change.actions[0] !== 'no-op');
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

export type ChangeAction = 'create' | 'update' | 'delete' | 'replace';

export function changeAction(change: PlannedChange): ChangeAction {
  const [first, second] = change.actions;
  if (first === 'delete') return second === 'create' ? 'replace' : 'delete';
  return first === 'create' ? 'create' : 'update';
}

const VERBS: Readonly<Record<ChangeAction, string>> = {
  create: 'will be created',
  update: 'will be updated in place',
  delete: 'will be destroyed',
  replace: 'must be replaced',
};

/** "will be created (reason)": what happens to the object, and why when the plan says. */
export function changeVerbPhrase(change: PlannedChange): string {
  return `${VERBS[changeAction(change)]}${change.reason ? ` (${change.reason})` : ''}`;
}

export function changeHeadline(change: PlannedChange): string {
  return `${change.address} ${changeVerbPhrase(change)}`;
}

/** The lines inside a change's braces, format-neutral. */
export function changeBody(change: PlannedChange): Line[] {
  const action = changeAction(change);
  if (action === 'create') return objectLines(change.after, '+');
  if (action === 'delete') return objectLines(change.before, '-');
  const diff = change.diff ?? [];
  const lines = diffLines(diff);
  const declared = isPlainObject(change.after)
    ? Object.values(change.after).filter((value) => value !== undefined).length
    : 0;
  const hidden = Math.max(0, declared - topLevelChanged(diff.map((entry) => entry.path)));
  if (hidden > 0)
    lines.push({
      sign: ' ',
      depth: 0,
      text: `(${hidden} unchanged attribute${hidden === 1 ? '' : 's'} hidden)`,
      dim: true,
    });
  return lines;
}

function renderChange(change: PlannedChange, c: ChalkInstance, color: boolean): string[] {
  const action = changeAction(change);
  const header =
    action === 'replace'
      ? `${c.red(`-/+ ${change.address}`)} (must be replaced)`
      : action === 'create'
        ? c.green(`  + ${change.address}`)
        : action === 'delete'
          ? c.red(`  - ${change.address}`)
          : c.yellow(`  ~ ${change.address}`);
  return [
    c.dim(`  # ${changeHeadline(change)}`),
    `${header} {`,
    ...humanLines(changeBody(change), c, color),
    '    }',
  ];
}

/** Body lines as the human view prints them (the drift report prints its changes the same way). */
export function humanLines(lines: readonly Line[], c: ChalkInstance, color: boolean): string[] {
  return lines.flatMap((line) => humanLine(line, c, color));
}

const SIGN_COLOURS = { '+': 'green', '-': 'red', '~': 'yellow' } as const;

/** A body line indented under its change; marked edits highlighted in colour, underlined with `^` without. */
function humanLine(line: Line, c: ChalkInstance, color: boolean): string[] {
  const indent = ' '.repeat(6 + 4 * line.depth);
  const sign = line.sign === ' ' ? ' ' : c[SIGN_COLOURS[line.sign]](line.sign);
  if (line.dim) return [`${indent}  ${c.dim(line.text)}`];
  if (!line.marks?.length) return [`${indent}${sign} ${line.text}`];
  if (color) return [`${indent}${sign} ${highlight(line.text, line.marks, c)}`];
  return [`${indent}${sign} ${line.text}`, `${indent}  ${caretLine(line.marks)}`];
}

function highlight(text: string, marks: readonly Range[], c: ChalkInstance): string {
  let out = '';
  let at = 0;
  for (const [start, end] of marks) {
    out += text.slice(at, start) + c.inverse(text.slice(start, end));
    at = end;
  }
  return out + text.slice(at);
}

/** `^` under each marked range. */
export function caretLine(marks: readonly Range[]): string {
  let out = '';
  for (const [start, end] of marks) out += `${' '.repeat(start - out.length)}${'^'.repeat(end - start)}`;
  return out;
}

function topLevelChanged(paths: readonly string[]): number {
  return new Set(paths.map((path) => path.split(/[.[]/)[0])).size;
}
