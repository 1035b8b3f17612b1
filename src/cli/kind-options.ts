import type { KindOptions } from '../kinds/kind.js';

/** Run options from the command line that kinds see in their context. */
export function kindOptionsFrom(flags: {
  rotateSecrets?: boolean;
  allowFederationDelete?: boolean;
}): KindOptions {
  return {
    ...(flags.rotateSecrets ? { rotateSecrets: true } : {}),
    ...(flags.allowFederationDelete ? { allowFederationDelete: true } : {}),
  };
}
