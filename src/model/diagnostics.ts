import { withoutSensitiveValues } from './sensitive.js';

/** A problem found while loading manifests. Loading collects them all instead of stopping at the first. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  file?: string;
  line?: number;
  column?: number;
  /** Where inside the document, e.g. `clients[2].redirectUris`. */
  path?: string;
}

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export type DocumentPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `['clients', 2, 'redirectUris']` → `clients[2].redirectUris`; odd keys are quoted: `components["org.keycloak.x"]`. */
export function formatPath(path: DocumentPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * `file:line: error: summary (at path)`, the shape compilers use, so editors and CI can link to
 * it. Values at sensitive paths are hidden (sensitive.ts).
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const d = withoutSensitiveValues(diagnostic);
  const where = d.file === undefined ? '' : d.line === undefined ? `${d.file}: ` : `${d.file}:${d.line}: `;
  const at = d.path ? ` (at ${d.path})` : '';
  return `${where}${d.severity}: ${d.summary}${at}`;
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}`;
}

export function diagnosticAt(
  severity: Diagnostic['severity'],
  summary: string,
  location: SourceLocation | undefined,
  path?: DocumentPath,
): Diagnostic {
  const d: Diagnostic = { severity, summary };
  if (location) {
    d.file = location.file;
    d.line = location.line;
    d.column = location.column;
  }
  if (path && path.length > 0) d.path = formatPath(path);
  return withoutSensitiveValues(d);
}
