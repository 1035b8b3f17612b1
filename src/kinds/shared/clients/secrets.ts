/** What the kinds that handle secrets share: Keycloak's mask and the rotation option. */
import type { KindContext } from '../../kind.js';

/** What Keycloak sends instead of a stored secret. Never compared against a declared value. */
export const SECRET_MASK = '**********';

/** Stands for the live secret in a run that rotates secrets: never equal to a declared value. */
export { ROTATE_MARK } from '../../../core/unset-secret.js';

/** Whether this run writes declared secrets again (`--rotate-secrets`). */
export function rotateSecretsRequested(ctx: KindContext): boolean {
  return ctx.options?.rotateSecrets === true;
}
