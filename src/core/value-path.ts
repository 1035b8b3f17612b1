/**
 * Paths into manifest values. A path is a list of segments: object keys, or `[key]` / `[index]`
 * for array elements. Rendered as `redirectUris`, `config["claim.name"]`, `protocolMappers["email"].config`.
 */
export type PathSegment = string;

export function elementSegment(key: string | number): PathSegment {
  return `[${typeof key === 'number' ? key : JSON.stringify(key)}]`;
}

export function isElementSegment(segment: PathSegment): boolean {
  return segment.startsWith('[') && segment.endsWith(']');
}

export function renderPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (isElementSegment(segment)) out += segment;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Rule patterns are dot-separated: `attributes.*` (`*` = any one key), `protocolMappers[].config`
 * (`[]` = any array element).
 */
export function matchesPattern(path: readonly PathSegment[], pattern: string): boolean {
  const parts = pattern
    .split('.')
    .flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), '[]'] : [part]));
  if (parts.length !== path.length) return false;
  return parts.every((part, index) => {
    const segment = path[index] as string;
    if (part === '[]') return isElementSegment(segment);
    if (part === '*') return !isElementSegment(segment);
    return part === segment;
  });
}

export function matchesAny(path: readonly PathSegment[], patterns: readonly string[] | undefined): boolean {
  return patterns?.some((pattern) => matchesPattern(path, pattern)) ?? false;
}

/** True when `path` is `prefix` or lies below it. */
export function isUnderAny(path: readonly PathSegment[], patterns: readonly string[] | undefined): boolean {
  return (
    patterns?.some((pattern) => path.some((_, i) => matchesPattern(path.slice(0, i + 1), pattern))) ?? false
  );
}

/** A manifest path as diagnostics show it: `components["…UserProfileProvider"][0].config["kc.user.profile.config"]`. */
export function renderManifestPath(path: readonly (string | number)[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : index === 0
          ? segment
          : /^[A-Za-z_$][\w$]*$/.test(segment)
            ? `.${segment}`
            : `[${JSON.stringify(segment)}]`,
    )
    .join('');
}
