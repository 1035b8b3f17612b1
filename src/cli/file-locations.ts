/**
 * keycloak-config-cli's `import.files.locations`: comma-separated paths or Ant-style patterns
 * (`?` one character, `*` any characters in a name, `**` any directories, `{name:regex}`), with
 * `import.files.excludes` and hidden files left out unless `include-hidden-files`. Local files only.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { compareManifestPaths } from '../model/index.js';
import { UserError } from './user-error.js';

export interface LocationOptions {
  excludes: readonly string[];
  includeHiddenFiles: boolean;
  cwd: string;
}

const WILDCARD = /[*?{]/;

/** An Ant-style pattern over `/`-separated paths as a regular expression. */
export function antPattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (pattern.startsWith('**/', i)) {
      source += '(?:[^/]*/)*';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) throw new UserError(`IMPORT_FILES_LOCATIONS: unclosed \`{\` in ${pattern}`);
      const variable = pattern.slice(i + 1, end);
      const colon = variable.indexOf(':');
      source += colon < 0 ? '[^/]*' : `(?:${variable.slice(colon + 1)})`;
      i = end;
    } else source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function toSlashes(path: string): string {
  return path.split(sep).join('/');
}

function walk(dir: string, out: string[], visited: Set<string>): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return;
  }
  // Symlinked directories (Kubernetes mounts) are followed once each, so a cycle cannot loop.
  if (visited.has(real)) return;
  visited.add(real);
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const info = statSync(path, { throwIfNoEntry: false });
    if (info?.isDirectory()) walk(path, out, visited);
    else if (info?.isFile()) out.push(path);
  }
}

/** Hidden: the file or a directory above it starts with `.` (from the working directory when inside it). */
function isHidden(file: string, cwd: string): boolean {
  const inside = relative(cwd, file);
  const shown = inside.startsWith('..') || isAbsolute(inside) ? file : inside;
  return toSlashes(shown)
    .split('/')
    .some((segment) => segment.startsWith('.') && segment !== '.' && segment !== '..');
}

/** An exclude pattern without a leading `/` matches at any depth. */
function excludeMatcher(patterns: readonly string[]): (file: string) => boolean {
  const regexps = patterns.map((pattern) => antPattern(pattern.startsWith('/') ? pattern : `**/${pattern}`));
  return (file) => regexps.some((regexp) => regexp.test(toSlashes(file)));
}

function refuseRemote(location: string): void {
  if (/^(https?|ftp|classpath|jar|zip):/i.test(location))
    throw new UserError(
      `IMPORT_FILES_LOCATIONS: realmform reads local files, not \`${location}\`; fetch the files first (curl, git) and point at them`,
    );
}

/**
 * Expands locations into manifest paths: a plain path as given (a directory contributes its
 * manifests), a pattern into the files it matches, in realmform's numeric-aware order.
 */
export function expandLocations(locations: readonly string[], options: LocationOptions): string[] {
  const excluded = excludeMatcher(options.excludes);
  const paths: string[] = [];
  for (const raw of locations) {
    refuseRemote(raw);
    const location = raw.replace(/^file:(\/\/(?=\/))?/, '');
    if (!WILDCARD.test(location)) {
      paths.push(location);
      continue;
    }
    const absolute = toSlashes(resolve(options.cwd, location));
    const firstWildcard = absolute.search(WILDCARD);
    const base = absolute.slice(0, absolute.lastIndexOf('/', firstWildcard) + 1) || '/';
    const matcher = antPattern(absolute);
    const found: string[] = [];
    walk(base, found, new Set());
    const matched = found
      .filter((file) => matcher.test(toSlashes(file)))
      .filter((file) => options.includeHiddenFiles || !isHidden(file, options.cwd))
      .filter((file) => !excluded(file))
      .sort((a, b) => compareManifestPaths(relative(base, a), relative(base, b)));
    if (matched.length === 0) throw new UserError(`IMPORT_FILES_LOCATIONS: no files match ${raw}`);
    paths.push(...matched);
  }
  return paths;
}
