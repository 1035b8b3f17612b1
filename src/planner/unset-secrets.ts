/**
 * Secrets whose variables are not set (src/core/unset-secret.ts), as the planner sees them: a
 * change that would write one needs its variable. A plan says so as a warning (validate, plan
 * and drift work without the secret); an apply makes it an error, so nothing is written.
 */
import type { Difference } from '../core/compare.js';
import type { PlanDiagnostic } from '../core/diagnostics.js';
import { isSensitivePath } from '../core/mask.js';
import { findUnsetSecrets, type UnsetSecret } from '../core/unset-secret.js';
import type { PathSegment } from '../core/value-path.js';
import type { DesiredObject, KindDefinition } from '../kinds/kind.js';
import type { Action } from './plan.js';

/**
 * The unset secrets a change writes: all of a created object's; for an update, those at a path
 * that changed (the server has none there, or the run rotates it), and those the kind keeps
 * aside (no path) when any sensitive path changed.
 */
export function unsetSecretsWritten(
  definition: KindDefinition,
  actions: readonly Action[],
  desired: DesiredObject | undefined,
  differences: readonly Difference[] = [],
): UnsetSecret[] {
  if (!desired) return [];
  const found = findUnsetSecrets(desired.value);
  if (found.length === 0) return [];
  let written = found;
  if (!actions.includes('create')) {
    if (actions[0] !== 'update') return [];
    const secretChanged = differences.some((difference) => isSensitivePath(difference.path, definition));
    written = found.filter(({ path }) =>
      path === undefined ? secretChanged : differences.some((difference) => overlaps(difference.path, path)),
    );
  }
  const unique = new Map(written.map(({ secret }) => [JSON.stringify(secret), secret]));
  return [...unique.values()];
}

/** One diagnostic per unset secret a change writes: a warning in a plan, an error in an apply. */
export function unsetSecretDiagnostics(
  addr: string,
  actions: readonly Action[],
  secrets: readonly UnsetSecret[],
  required: boolean,
): PlanDiagnostic[] {
  const doing = actions.includes('create')
    ? actions[0] === 'delete'
      ? 'will be replaced and needs its secret'
      : 'will be created with a secret'
    : 'will be updated and writes its secret';
  return secrets.map((secret) => {
    const names = secret.variables.map((name) => `\`${name}\``).join(', ');
    const which =
      secret.variables.length === 1 ? `variable ${names}, which is` : `variables ${names}, which are`;
    const state = secret.empty ? 'empty' : 'not set';
    return {
      severity: required ? 'error' : 'warning',
      summary: `${addr} ${doing} from ${which} ${state}: ${
        required ? 'set it to apply (or give a default with `:-`)' : 'apply will need it'
      }`,
      address: addr,
      ...(secret.file ? { file: secret.file } : {}),
      ...(secret.line ? { line: secret.line } : {}),
      path: secret.path,
    };
  });
}

function overlaps(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}
