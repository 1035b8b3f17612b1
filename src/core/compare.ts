/**
 * Declared-only comparison: what the manifest does not mention is "don't care", unordered lists
 * compare as sets, `{}` / `[]` equal absent, and scalars compare by their text (`true` = "true",
 * because Keycloak keeps attributes and config as strings while YAML has booleans and numbers).
 */
import type { CompareRules } from './rules.js';
import { hasUnsetSecret, keepsUnsetSecret } from './unset-secret.js';
import { elementSegment, isUnderAny, matchesAny, type PathSegment, renderPath } from './value-path.js';

export interface Difference {
  path: readonly PathSegment[];
  before: unknown;
  after: unknown;
}

export interface CompareOptions extends CompareRules {
  fullyManaged?: boolean;
  /** Exact paths (and what lies below them) left out of the comparison: see LiveObject.unmanaged. */
  skip?: readonly (readonly PathSegment[])[];
}

export function compareDeclared(desired: unknown, live: unknown, options: CompareOptions = {}): Difference[] {
  const differences: Difference[] = [];
  walk(desired, live, [], options, differences);
  return differences;
}

export function changedPathStrings(differences: readonly Difference[]): string[] {
  return differences.map((difference) => renderPath(difference.path));
}

function walk(
  desired: unknown,
  live: unknown,
  path: PathSegment[],
  options: CompareOptions,
  out: Difference[],
): void {
  if (path.length > 0 && (isUnderAny(path, options.writeOnly) || isComputed(path, options))) return;
  if (isEmpty(desired) && isEmpty(live)) return;
  if (desired === undefined) {
    if (options.fullyManaged && !isEmpty(live)) out.push({ path, before: live, after: undefined });
    return;
  }
  if (Array.isArray(desired)) {
    compareArrays(
      desired,
      Array.isArray(live) ? live : live === undefined || live === null ? [] : [live],
      path,
      options,
      out,
    );
    return;
  }
  if (isPlainObject(desired)) {
    const liveObject = isPlainObject(live) ? live : {};
    if (!isPlainObject(live) && !isEmpty(live)) {
      out.push({ path, before: live, after: desired });
      return;
    }
    const keys = new Set(Object.keys(desired));
    if (options.fullyManaged) for (const key of Object.keys(liveObject)) keys.add(key);
    for (const key of [...keys].sort()) walk(desired[key], liveObject[key], [...path, key], options, out);
    return;
  }
  if (!scalarEqual(desired, live)) out.push({ path, before: live, after: desired });
}

function compareArrays(
  desired: unknown[],
  live: unknown[],
  path: PathSegment[],
  options: CompareOptions,
  out: Difference[],
): void {
  const keyField = keyedField(path, options);
  if (keyField) {
    const liveByKey = new Map(live.filter(isPlainObject).map((item) => [String(item[keyField]), item]));
    const desiredKeys = new Set<string>();
    for (const item of desired) {
      const key = isPlainObject(item) ? String(item[keyField]) : String(item);
      desiredKeys.add(key);
      const match = liveByKey.get(key);
      const at = [...path, elementSegment(key)];
      if (!match) {
        if (!isComputed(at, options)) out.push({ path: at, before: undefined, after: item });
      } else walk(item, match, at, options, out);
    }
    for (const [key, item] of liveByKey) {
      const at = [...path, elementSegment(key)];
      if (!desiredKeys.has(key) && !isComputed(at, options))
        out.push({ path: at, before: item, after: undefined });
    }
    return;
  }
  const equal = matchesAny(path, options.sets)
    ? setEqual(desired, live)
    : desired.length === live.length && desired.every((item, index) => deepLooseEqual(item, live[index]));
  if (!equal) out.push({ path, before: live, after: desired });
}

/** Paths Keycloak computes, ignores or refuses to change (see computed.ts): never compared. */
function isComputed(path: readonly PathSegment[], options: CompareOptions): boolean {
  return (
    isUnderAny(path, options.computed) ||
    (options.ignored !== undefined && isUnderAny(path, Object.keys(options.ignored))) ||
    (options.skip?.some((prefix) => prefix.length <= path.length && prefix.every((s, i) => s === path[i])) ??
      false)
  );
}

function keyedField(path: readonly PathSegment[], options: CompareOptions): string | undefined {
  for (const [pattern, field] of Object.entries(options.keyedArrays ?? {})) {
    if (matchesAny(path, [pattern])) return field;
  }
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.values(value).every(isEmpty);
  return false;
}

function scalarEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // A declared secret whose variable is not set: the stored one counts, unless it must be written.
  if (typeof a === 'string' && hasUnsetSecret(a)) return keepsUnsetSecret(b);
  if (a === undefined || a === null || b === undefined || b === null) return isEmpty(a) && isEmpty(b);
  if (typeof a === 'object' || typeof b === 'object') return false;
  return String(a) === String(b);
}

function deepLooseEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepLooseEqual(item, b[i]));
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return isEmpty(a) && isEmpty(b);
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => deepLooseEqual(a[key], b[key]));
  }
  return scalarEqual(a, b);
}

function setEqual(a: unknown[], b: unknown[]): boolean {
  const left = new Set(a.map(canonical));
  const right = new Set(b.map(canonical));
  return left.size === right.size && [...left].every((item) => right.has(item));
}

/** Stable JSON: object keys sorted; scalars as text so `1` and `"1"` are one set member. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value === undefined || value === null ? null : String(value));
}
