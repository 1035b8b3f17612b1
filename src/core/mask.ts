/** Replaces secrets in plan values: paths a kind declares sensitive or write-only, and well-known secret keys. */

import { isPlainObject } from './compare.js';
import type { CompareRules } from './rules.js';
import { hasUnsetSecret } from './unset-secret.js';
import { elementSegment, isUnderAny, type PathSegment, renderPath } from './value-path.js';

export const SENSITIVE_MARK = '(sensitive value)';
const SECRET_KEYS = new Set([
  'secret',
  'clientsecret',
  'password',
  'bindcredential',
  'credentials',
  'secretdata',
]);

export interface Masked {
  value: unknown;
  sensitivePaths: string[];
}

/** Whether a single path is secret by the kind's rules or by its name. */
export function isSensitivePath(path: readonly PathSegment[], rules: CompareRules): boolean {
  return (
    path.some((segment) => SECRET_KEYS.has(segment.toLowerCase())) ||
    isUnderAny(path, rules.sensitive) ||
    isUnderAny(path, rules.writeOnly)
  );
}

export function maskSensitive(value: unknown, rules: CompareRules): Masked {
  const sensitivePaths: string[] = [];
  const visit = (node: unknown, path: PathSegment[]): unknown => {
    if (node === undefined) return undefined;
    const last = path[path.length - 1];
    const secretKey = last !== undefined && SECRET_KEYS.has(last.toLowerCase());
    // A secret whose variable is not set is masked wherever it is: it is no value to show.
    if (
      (path.length > 0 &&
        (secretKey || isUnderAny(path, rules.sensitive) || isUnderAny(path, rules.writeOnly))) ||
      (typeof node === 'string' && hasUnsetSecret(node))
    ) {
      sensitivePaths.push(renderPath(path));
      return SENSITIVE_MARK;
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, elementSegment(index)]));
    if (isPlainObject(node)) {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(node)) out[key] = visit(inner, [...path, key]);
      return out;
    }
    return node;
  };
  return { value: visit(value, []), sensitivePaths };
}
