/**
 * Longest-common-subsequence diffs for the plan views: list elements, lines of a multi-line
 * string, and tokens of a long string (to mark the part that changed). Pure and small; inputs
 * beyond a size budget fall back to "everything between the common prefix and suffix changed".
 */

export type DiffOp<T> = { op: 'equal'; item: T } | { op: 'remove'; item: T } | { op: 'add'; item: T };

/** Above this many cells the LCS table is not built (a few MB at most). */
const TABLE_BUDGET = 4_000_000;

export function diffSequences<T>(
  before: readonly T[],
  after: readonly T[],
  same: (a: T, b: T) => boolean = Object.is,
): DiffOp<T>[] {
  let start = 0;
  while (start < before.length && start < after.length && same(before[start] as T, after[start] as T))
    start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (
    endBefore > start &&
    endAfter > start &&
    same(before[endBefore - 1] as T, after[endAfter - 1] as T)
  ) {
    endBefore--;
    endAfter--;
  }
  const ops: DiffOp<T>[] = before.slice(0, start).map((item) => ({ op: 'equal', item }));
  const a = before.slice(start, endBefore);
  const b = after.slice(start, endAfter);
  if (a.length * b.length > TABLE_BUDGET) {
    ops.push(...a.map((item) => ({ op: 'remove' as const, item })));
    ops.push(...b.map((item) => ({ op: 'add' as const, item })));
  } else ops.push(...lcsOps(a, b, same));
  ops.push(...before.slice(endBefore).map((item) => ({ op: 'equal' as const, item })));
  return ops;
}

function lcsOps<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): DiffOp<T>[] {
  const width = b.length + 1;
  // lengths[i * width + j]: LCS length of a[i..] and b[j..]
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = same(a[i] as T, b[j] as T)
        ? (lengths[(i + 1) * width + j + 1] as number) + 1
        : Math.max(lengths[(i + 1) * width + j] as number, lengths[i * width + j + 1] as number);
    }
  }
  const ops: DiffOp<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (same(a[i] as T, b[j] as T)) {
      ops.push({ op: 'equal', item: a[i] as T });
      i++;
      j++;
    } else if ((lengths[(i + 1) * width + j] as number) >= (lengths[i * width + j + 1] as number)) {
      ops.push({ op: 'remove', item: a[i] as T });
      i++;
    } else {
      ops.push({ op: 'add', item: b[j] as T });
      j++;
    }
  }
  for (; i < a.length; i++) ops.push({ op: 'remove', item: a[i] as T });
  for (; j < b.length; j++) ops.push({ op: 'add', item: b[j] as T });
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
