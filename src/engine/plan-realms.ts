/** Plans several realms with bounded parallelism (realms are independent). */
import type { KeycloakAdmin } from '../client/index.js';
import { ALL_KINDS } from '../kinds/index.js';
import type { KindDefinition, KindOptions, ManifestView } from '../kinds/kind.js';
import { planRealm, type RealmPlanning } from './plan-realm.js';

export interface SourcedManifest extends ManifestView {
  sources: readonly string[];
}

export async function planRealms(
  admin: KeycloakAdmin,
  manifests: readonly SourcedManifest[],
  kinds: readonly KindDefinition[] = ALL_KINDS,
  concurrency = 4,
  kindOptions?: KindOptions,
): Promise<RealmPlanning[]> {
  const results: RealmPlanning[] = new Array(manifests.length);
  let next = 0;
  const worker = async () => {
    while (next < manifests.length) {
      const index = next++;
      const manifest = manifests[index] as SourcedManifest;
      results[index] = await planRealm(admin, manifest, kinds, {
        sources: manifest.sources,
        ...(kindOptions ? { kindOptions } : {}),
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, manifests.length) }, worker));
  return results;
}
