/**
 * Addresses name objects in plans, reports and errors: `client["web"]`,
 * `client-role["web"]["viewer"]`, `group["/ops/oncall"]`.
 */

/** `client["web"]["viewer"]` */
export function address(kind: string, key: readonly string[]): string {
  return `${kind}${key.map((segment) => `[${JSON.stringify(segment)}]`).join('')}`;
}

/**
 * Plain code-point order, never locale order: it is the same on every machine, and a parent's
 * address (`group["/a"]`) always sorts before its children's (`group["/a/b"]`).
 * (localeCompare ignores punctuation and breaks both.)
 */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
