/**
 * A kind's `computed` and `ignored` paths (CompareRules): what Keycloak computes or ignores is
 * taken out of the declared value before it is compared or written, and an ignored value that
 * differs from the server's becomes a warning instead of a change that would never converge.
 */

import { type CompareOptions, compareDeclared, isPlainObject } from '../core/compare.js';
import type { PlanDiagnostic } from '../core/diagnostics.js';
import { elementSegment, isUnderAny, type PathSegment, renderPath } from '../core/value-path.js';
import type { CompareRules, DesiredObject, LiveObject } from './kind.js';

/**
 * The declared objects without their computed and ignored paths: the same array (and objects)
 * when nothing is taken out; a copy keeps the array's symbol properties (kinds keep notes there).
 */
export function withoutComputed(objects: DesiredObject[], rules: CompareRules): DesiredObject[] {
  const patterns = unmanagedPatterns(rules);
  if (patterns.length === 0) return objects;
  const out = objects.map((object) => {
    const value = omit(object.value, [], patterns) as DesiredObject['value'];
    return value === object.value ? object : { ...object, value };
  });
  if (out.every((object, index) => object === objects[index])) return objects;
  return copySymbols(objects, out);
}

/** Computed and ignored paths together. */
export function unmanagedPatterns(rules: CompareRules): string[] {
  return [...(rules.computed ?? []), ...Object.keys(rules.ignored ?? {})];
}

/**
 * The comparison rules for one live object: the kind's, with the object's unmanaged paths
 * skipped (see LiveObject.unmanaged).
 */
export function rulesFor(rules: CompareOptions, live: LiveObject): CompareOptions {
  if (!live.unmanaged?.length) return rules;
  return { ...rules, skip: [...(rules.skip ?? []), ...live.unmanaged.map((entry) => entry.path)] };
}

/**
 * Warnings for ignored paths (the kind's) and unmanaged paths (the live object's) whose declared
 * value differs from the live one.
 */
export function computedWarnings(
  addr: string,
  declared: DesiredObject,
  live: LiveObject,
  rules: CompareRules,
): PlanDiagnostic[] {
  const reasons = Object.entries(rules.ignored ?? {});
  const unmanaged = live.unmanaged ?? [];
  if (reasons.length === 0 && unmanaged.length === 0) return [];
  const { ignored: _ignored, ...compareRules } = rules;
  return compareDeclared(declared.value, live.value, compareRules).flatMap((difference) => {
    const reason =
      reasons.find(([pattern]) => isUnderAny(difference.path, [pattern]))?.[1] ??
      unmanaged.find((entry) => entry.path.every((segment, i) => segment === difference.path[i]))?.reason;
    if (reason === undefined) return [];
    return [
      {
        severity: 'warning' as const,
        summary: `${addr}: ${renderPath(difference.path)} is declared as ${brief(difference.after)} but Keycloak has ${brief(difference.before)}; it is not applied: ${reason}`,
        address: addr,
        ...(declared.origin.file ? { file: declared.origin.file } : {}),
        ...(declared.origin.line ? { line: declared.origin.line } : {}),
        path: declared.origin.path,
      },
    ];
  });
}

/**
 * The value without the paths; untouched parts are the same objects, and a copied object keeps
 * its symbol properties (kinds keep declared secrets and notes there).
 */
function omit(value: unknown, path: PathSegment[], patterns: readonly string[]): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item, index) => omit(item, [...path, elementSegment(index)], patterns));
    return items.every((item, index) => item === value[index]) ? value : items;
  }
  if (!isPlainObject(value)) return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const inside = [...path, key];
    if (isUnderAny(inside, patterns)) {
      changed = true;
      continue;
    }
    const kept = omit(inner, inside, patterns);
    changed ||= kept !== inner;
    out[key] = kept;
  }
  return changed ? copySymbols(value, out) : value;
}

function copySymbols<T extends object>(from: object, to: T): T {
  for (const symbol of Object.getOwnPropertySymbols(from))
    Object.defineProperty(to, symbol, Object.getOwnPropertyDescriptor(from, symbol) as PropertyDescriptor);
  return to;
}

function brief(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
