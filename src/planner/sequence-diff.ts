/**
 * Longest-common-subsequence diffs for the plan views: list elements, lines of a multi-line
 * string, and tokens of a long string (to mark the part that changed). Pure and small; inputs
 * beyond a size budget fall back to "everything between the common prefix and suffix changed".
 */

export type DiffOp<T> = { op: 'equal'; item: T } | { op: 'remove'; item: T } | { op: 'add'; item: T };

/** Above this many cells the LCS table is not built (a few MB at most). */
const TABLE_BUDGET = 4_000_000;

/** The element at `index`, which the caller has bounds-checked (the index type cannot say so). */
function at<T>(list: readonly T[], index: number): T {
  if (index < 0 || index >= list.length) throw new RangeError(`index ${index} outside 0..${list.length - 1}`);
  return list[index] as T;
}

export function diffSequences<T>(
  before: readonly T[],
  after: readonly T[],
  same: (a: T, b: T) => boolean = Object.is,
): DiffOp<T>[] {
  let start = 0;
  while (start < before.length && start < after.length && same(at(before, start), at(after, start))) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && same(at(before, endBefore - 1), at(after, endAfter - 1))) {
    endBefore--;
    endAfter--;
  }
  const ops: DiffOp<T>[] = before.slice(0, start).map((item) => ({ op: 'equal', item }));
  const a = before.slice(start, endBefore);
  const b = after.slice(start, endAfter);
  if (a.length * b.length > TABLE_BUDGET) {
    for (const item of a) ops.push({ op: 'remove', item });
    for (const item of b) ops.push({ op: 'add', item });
  } else ops.push(...lcsOps(a, b, same));
  for (const item of before.slice(endBefore)) ops.push({ op: 'equal', item });
  return ops;
}

function lcsOps<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): DiffOp<T>[] {
  const width = b.length + 1;
  // length(i, j): LCS length of a[i..] and b[j..]; a typed array reads 0 outside what was written.
  const lengths = new Uint32Array((a.length + 1) * width);
  const length = (i: number, j: number): number => lengths[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = same(at(a, i), at(b, j))
        ? length(i + 1, j + 1) + 1
        : Math.max(length(i + 1, j), length(i, j + 1));
    }
  }
  const ops: DiffOp<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (same(at(a, i), at(b, j))) {
      ops.push({ op: 'equal', item: at(a, i) });
      i++;
      j++;
    } else if (length(i + 1, j) >= length(i, j + 1)) {
      ops.push({ op: 'remove', item: at(a, i) });
      i++;
    } else {
      ops.push({ op: 'add', item: at(b, j) });
      j++;
    }
  }
  for (; i < a.length; i++) ops.push({ op: 'remove', item: at(a, i) });
  for (; j < b.length; j++) ops.push({ op: 'add', item: at(b, j) });
  return ops;
}

/** A half-open range of character positions. */
export type Range = readonly [start: number, end: number];

/**
 * Where two texts differ, as ranges of each: words and single punctuation characters are the
 * units, so `…/old/*` → `…/new/*` marks `old` and `new`, not scattered letters.
 */
export function changedRanges(before: string, after: string): { removed: Range[]; added: Range[] } {
  const a = tokens(before);
  const b = tokens(after);
  const removed: Range[] = [];
  const added: Range[] = [];
  let positionA = 0;
  let positionB = 0;
  for (const step of diffSequences(a, b)) {
    const length = step.item.length;
    if (step.op === 'equal') {
      positionA += length;
      positionB += length;
    } else if (step.op === 'remove') {
      extend(removed, positionA, positionA + length);
      positionA += length;
    } else {
      extend(added, positionB, positionB + length);
      positionB += length;
    }
  }
  return { removed, added };
}

function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}]/gu) ?? [];
}

/** Appends a range, merging it with the previous one when they touch. */
function extend(ranges: Range[], start: number, end: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last[1] === start) ranges[ranges.length - 1] = [last[0], end];
  else ranges.push([start, end]);
}
