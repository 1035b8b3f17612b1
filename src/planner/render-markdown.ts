/**
 * The plan as Markdown, for pull-request comments: a summary table per run, a table of the
 * objects per realm, and each object's details in a collapsible ```diff block (GitHub colours
 * `+` and `-` lines, and `!` lines for changes). Rendered from the JSON plan only.
 */
import { hasErrors, type Plan, type PlanDiagnostic } from './plan.js';
import {
  caretLine,
  changeAction,
  changeBody,
  changeVerbPhrase,
  totalSummary,
  visibleChanges,
} from './render.js';
import type { Line } from './value-lines.js';

const ACTION_LABELS = {
  create: '➕ create',
  update: '✏️ update',
  delete: '🗑️ destroy',
  replace: '♻️ replace',
} as const;

export function renderPlansMarkdown(plans: readonly Plan[]): string {
  const out: string[] = ['## realmform plan', ''];
  if (plans.some(hasErrors)) {
    out.push('**The plan has errors: nothing can be applied until they are fixed.**', '');
    for (const plan of plans.filter(hasErrors))
      for (const diagnostic of plan.diagnostics.filter((d) => d.severity === 'error'))
        out.push(`- ❌ realm \`${plan.realm}\`: ${diagnosticText(diagnostic)}`);
    return `${out.join('\n')}\n`;
  }
  out.push(
    '| Realm | To add | To change | To destroy | Of which replaced |',
    '| --- | ---: | ---: | ---: | ---: |',
  );
  for (const plan of plans)
    out.push(
      `| ${code(plan.realm)} | ${plan.summary.add} | ${plan.summary.change} | ${plan.summary.destroy} | ${plan.summary.replace} |`,
    );
  const total = totalSummary(plans);
  out.push('', `**Plan: ${total.add} to add, ${total.change} to change, ${total.destroy} to destroy.**`);
  for (const plan of plans) out.push('', ...realmSection(plan));
  return `${out.join('\n')}\n`;
}

function realmSection(plan: Plan): string[] {
  const out = [`### Realm ${code(plan.realm)}`, ''];
  for (const diagnostic of plan.diagnostics) out.push(`> ⚠️ ${diagnosticText(diagnostic)}`, '>');
  if (plan.diagnostics.length) out.splice(out.length - 1, 1, '');
  const changes = visibleChanges(plan);
  if (changes.length === 0) {
    out.push('No changes: the realm matches the manifests.');
    return out;
  }
  const modes = Object.entries(plan.ownership ?? {});
  if (modes.length > 0)
    out.push(`Ownership: ${modes.map(([field, mode]) => `${code(field)} ${mode}`).join(', ')}`, '');
  // "Why" only when the plan gives a reason for something (a delete, a replace).
  const why = changes.some((change) => change.reason);
  out.push(
    why ? '| Action | Object | Why |' : '| Action | Object |',
    why ? '| --- | --- | --- |' : '| --- | --- |',
  );
  for (const change of changes)
    out.push(
      `| ${ACTION_LABELS[changeAction(change)]} | ${code(change.address)} |${why ? ` ${cell(change.reason ?? '')} |` : ''}`,
    );
  for (const change of changes) {
    const body = changeBody(change).flatMap(diffBlockLine);
    const fence = fenceFor(body);
    out.push(
      '',
      `<details><summary><code>${escapeHtml(change.address)}</code> ${escapeHtml(changeVerbPhrase(change))}</summary>`,
      '',
      `${fence}diff`,
      ...body,
      fence,
      '',
      '</details>',
    );
  }
  return out;
}

/** Sign first (diff syntax), then the indentation; `~` becomes `!`, which GitHub colours too. */
function diffBlockLine(line: Line): string[] {
  const sign = line.sign === '~' ? '!' : line.sign;
  const indent = '    '.repeat(line.depth);
  const text = `${sign} ${indent}${line.text}`;
  if (!line.marks?.length) return [text];
  return [text, `  ${indent}${caretLine(line.marks)}`];
}

/** A code fence longer than any run of backticks inside the block. */
function fenceFor(lines: readonly string[]): string {
  const longest = Math.max(
    0,
    ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))),
  );
  return '`'.repeat(Math.max(3, longest + 1));
}

function diagnosticText(diagnostic: PlanDiagnostic): string {
  const where = diagnostic.file
    ? `${code(`${diagnostic.file}${diagnostic.line ? `:${diagnostic.line}` : ''}`)}: `
    : '';
  const at = diagnostic.path ? ` (at ${code(diagnostic.path)})` : '';
  return `${where}${diagnostic.severity === 'error' ? '**Error**' : '**Warning**'}: ${cell(diagnostic.summary)}${at}`;
}

/** Inline code that survives backticks and table pipes. */
function code(text: string): string {
  const ticks = '`'.repeat(Math.max(1, ...(text.match(/`+/g) ?? []).map((run) => run.length + 1)));
  const padded = ticks.length > 1 ? ` ${text} ` : text;
  return `${ticks}${padded.replaceAll('|', '\\|')}${ticks}`;
}

function cell(text: string): string {
  return escapeHtml(text).replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
