/**
 * The body of a planned change as lines, independent of the output format: the human view
 * indents then signs each line, the markdown view puts the sign first (for ```diff blocks).
 * Nothing is cut: maps and lists open nested blocks (as Terraform shows them), multi-line
 * strings become heredocs, and a change inside a long string is marked.
 */
import { canonical, isPlainObject } from '../core/compare.js';
import { SENSITIVE_MARK } from '../core/mask.js';
import type { FieldChange } from './plan.js';
import { changedRanges, diffSequences, type Range } from './sequence-diff.js';

/** `+` added, `-` removed, `~` changed, ` ` context (closing brackets, heredoc text, unchanged). */
export type Sign = '+' | '-' | '~' | ' ';

export interface Line {
  sign: Sign;
  /** Nesting level inside the change's block. */
  depth: number;
  text: string;
  /** Parts of `text` that changed (a long string's edit): highlighted, or marked with `^` below. */
  marks?: readonly Range[];
  /** A note such as "(3 unchanged attributes hidden)". */
  dim?: boolean;
}

/** A pair `a -> b` longer than this is shown as two lines with the change marked. */
const INLINE_LIMIT = 100;

/** Every attribute of an object being created or destroyed, nested values as blocks. */
export function objectLines(value: unknown, sign: '+' | '-'): Line[] {
  if (!isPlainObject(value)) return value === null || value === undefined ? [] : elementLines(value, sign, 0);
  return entriesLines(value, sign, 0);
}

/** The field-level changes of an update or replace, paths as the plan names them. */
export function diffLines(diff: readonly FieldChange[]): Line[] {
  const width = keyWidth(diff.map((entry) => entry.path));
  return diff.flatMap((entry) => fieldChangeLines(entry.path.padEnd(width), entry.before, entry.after, 0));
}

function fieldChangeLines(label: string, before: unknown, after: unknown, depth: number): Line[] {
  if (before === undefined || before === null) return assignLines(label, after, '+', depth);
  if (after === undefined || after === null)
    return withSuffix(assignLines(label, before, '-', depth), ' -> null');
  // The secret mark is no text: it reads bare, as everywhere else.
  if (typeof before === 'string' && typeof after === 'string' && !isMark(before) && !isMark(after))
    return stringChangeLines(label, before, after, depth);
  if (Array.isArray(before) && Array.isArray(after))
    return [
      { sign: '~', depth, text: `${label} = [` },
      ...listChangeLines(before, after, depth + 1),
      { sign: ' ', depth, text: ']' },
    ];
  if (isPlainObject(before) && isPlainObject(after))
    return [
      { sign: '~', depth, text: `${label} = {` },
      ...mapChangeLines(before, after, depth + 1),
      { sign: ' ', depth, text: '}' },
    ];
  if (isScalar(before) && isScalar(after))
    return [{ sign: '~', depth, text: `${label} = ${scalar(before)} -> ${scalar(after)}` }];
  // The type changed (a list became a map …): the old value out, the new one in.
  return [
    ...withSuffix(assignLines(label, before, '-', depth), ' -> null'),
    ...assignLines(label, after, '+', depth),
  ];
}

/** `label = value` where the value may open a block. */
function assignLines(label: string, value: unknown, sign: '+' | '-', depth: number): Line[] {
  if (typeof value === 'string' && value.includes('\n'))
    return heredocLines(`${label} = `, value, sign, depth);
  if (Array.isArray(value) && value.length > 0)
    return [
      { sign, depth, text: `${label} = [` },
      ...value.flatMap((item) => withSuffix(elementLines(item, sign, depth + 1), ',')),
      { sign: ' ', depth, text: ']' },
    ];
  if (isPlainObject(value) && Object.keys(value).length > 0)
    return [
      { sign, depth, text: `${label} = {` },
      ...entriesLines(value, sign, depth + 1),
      { sign: ' ', depth, text: '}' },
    ];
  return [{ sign, depth, text: `${label} = ${scalar(value)}` }];
}

function entriesLines(value: Record<string, unknown>, sign: '+' | '-', depth: number): Line[] {
  const entries = sortedEntries(value);
  const width = keyWidth(entries.map(([key]) => formatKey(key)));
  return entries.flatMap(([key, inner]) => assignLines(formatKey(key).padEnd(width), inner, sign, depth));
}

/** A list element: a scalar, or a nested block. */
function elementLines(value: unknown, sign: '+' | '-', depth: number): Line[] {
  if (typeof value === 'string' && value.includes('\n')) return heredocLines('', value, sign, depth);
  if (Array.isArray(value) && value.length > 0)
    return [
      { sign, depth, text: '[' },
      ...value.flatMap((item) => withSuffix(elementLines(item, sign, depth + 1), ',')),
      { sign: ' ', depth, text: ']' },
    ];
  if (isPlainObject(value) && Object.keys(value).length > 0)
    return [
      { sign, depth, text: '{' },
      ...entriesLines(value, sign, depth + 1),
      { sign: ' ', depth, text: '}' },
    ];
  return [{ sign, depth, text: scalar(value) }];
}

/** Element by element; unchanged elements are counted, not shown. */
function listChangeLines(before: readonly unknown[], after: readonly unknown[], depth: number): Line[] {
  const keyed = (items: readonly unknown[]) => items.map((value) => ({ value, key: canonical(value) }));
  const lines: Line[] = [];
  let unchanged = 0;
  for (const step of diffSequences(keyed(before), keyed(after), (a, b) => a.key === b.key)) {
    if (step.op === 'equal') unchanged++;
    else lines.push(...withSuffix(elementLines(step.item.value, step.op === 'add' ? '+' : '-', depth), ','));
  }
  if (unchanged > 0) lines.push(hidden(unchanged, 'element', depth));
  return lines;
}

/** Key by key; unchanged keys are counted, not shown. */
function mapChangeLines(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  depth: number,
): Line[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(byCodePoint);
  const changed = keys.filter((key) => canonical(before[key]) !== canonical(after[key]));
  const width = keyWidth(changed.map(formatKey));
  const lines = changed.flatMap((key) =>
    fieldChangeLines(formatKey(key).padEnd(width), before[key], after[key], depth),
  );
  const unchanged = keys.length - changed.length;
  if (unchanged > 0) lines.push(hidden(unchanged, 'attribute', depth));
  return lines;
}

/** A short change on one line; a long one as two lines with the edit marked; multi-line text as a line diff. */
function stringChangeLines(label: string, before: string, after: string, depth: number): Line[] {
  if (before.includes('\n') || after.includes('\n')) {
    const lines: Line[] = [{ sign: '~', depth, text: `${label} = <<-EOT` }];
    for (const step of diffSequences(before.split('\n'), after.split('\n'))) {
      const sign = step.op === 'add' ? '+' : step.op === 'remove' ? '-' : ' ';
      lines.push({ sign, depth: depth + 1, text: step.item });
    }
    lines.push({ sign: ' ', depth, text: 'EOT' });
    return lines;
  }
  const old = JSON.stringify(before);
  const now = JSON.stringify(after);
  if (label.length + old.length + now.length + 7 <= INLINE_LIMIT)
    return [{ sign: '~', depth, text: `${label} = ${old} -> ${now}` }];
  const { removed, added } = changedRanges(old, now);
  return [
    { sign: '~', depth, text: `${label.trimEnd()} =` },
    { sign: '-', depth: depth + 1, text: old, marks: removed },
    { sign: '+', depth: depth + 1, text: now, marks: added },
  ];
}

function heredocLines(prefix: string, text: string, sign: '+' | '-', depth: number): Line[] {
  return [
    { sign, depth, text: `${prefix}<<-EOT` },
    ...text.split('\n').map((line): Line => ({ sign: ' ', depth: depth + 1, text: line })),
    { sign: ' ', depth, text: 'EOT' },
  ];
}

function hidden(count: number, noun: string, depth: number): Line {
  return {
    sign: ' ',
    depth,
    text: `(${count} unchanged ${noun}${count === 1 ? '' : 's'} hidden)`,
    dim: true,
  };
}

function withSuffix(lines: Line[], suffix: string): Line[] {
  const last = lines[lines.length - 1];
  if (last) lines[lines.length - 1] = { ...last, text: `${last.text}${suffix}` };
  return lines;
}

function sortedEntries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => byCodePoint(a, b));
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function keyWidth(keys: readonly string[]): number {
  return Math.max(0, ...keys.map((key) => key.length));
}

/** Map keys as written in HCL: bare when they are identifiers, quoted otherwise. */
export function formatKey(key: string): string {
  return /^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key);
}

function isMark(value: string): boolean {
  return value === SENSITIVE_MARK;
}

function isScalar(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/** A scalar as it reads in a plan: strings quoted, the secret mark bare. */
export function scalar(value: unknown): string {
  if (value === SENSITIVE_MARK) return SENSITIVE_MARK;
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : JSON.stringify(value);
  if (isPlainObject(value)) return Object.keys(value).length === 0 ? '{}' : JSON.stringify(value);
  return JSON.stringify(value);
}
