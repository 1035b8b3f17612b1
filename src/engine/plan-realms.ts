/**
 * Plans several realms at once (realms are independent; the HTTP pool paces the requests).
 */
import type { ReadEvent } from '../applier/events.js';
import type { KeycloakAdmin } from '../client/index.js';
import { ALL_KINDS } from '../kinds/index.js';
import type { KindDefinition, KindOptions, ManifestView } from '../kinds/kind.js';
import { planRealm, type RealmPlanning } from './plan-realm.js';

export interface SourcedManifest extends ManifestView {
  sources: readonly string[];
}

export interface PlanRealmsOptions {
  /** `-target` addresses (see planner/targets.ts). */
  targets?: readonly string[];
  onEvent?: (event: ReadEvent) => void;
  /** An apply: a change that writes a secret whose variable is not set is a plan error. */
  requireSecrets?: boolean;
}

export function planRealms(
  admin: KeycloakAdmin,
  manifests: readonly SourcedManifest[],
  kinds: readonly KindDefinition[] = ALL_KINDS,
  kindOptions?: KindOptions,
  options: PlanRealmsOptions = {},
): Promise<RealmPlanning[]> {
  return Promise.all(
    manifests.map((manifest) =>
      planRealm(admin, manifest, kinds, {
        sources: manifest.sources,
        ...(kindOptions ? { kindOptions } : {}),
        ...options,
      }),
    ),
  );
}
