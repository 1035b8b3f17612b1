import type { KeycloakAdmin } from '../client/index.js';
import type { KindContext, KindOptions, ManifestView } from '../kinds/kind.js';

export function createKindContext(
  admin: KeycloakAdmin,
  manifest: ManifestView,
  options?: KindOptions,
): KindContext {
  const realm = manifest.realm;
  const cache = new Map<string, Promise<unknown>>();
  return {
    admin: admin.withRealm(realm),
    realm,
    manifest,
    ...(options ? { options } : {}),
    memo<T>(key: string, load: () => Promise<T>): Promise<T> {
      let entry = cache.get(key);
      if (!entry) {
        entry = load();
        cache.set(key, entry);
        entry.catch(() => cache.delete(key));
      }
      return entry as Promise<T>;
    },
    forget(prefix: string): void {
      for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
    },
  };
}
