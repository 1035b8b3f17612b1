import type { KeycloakAdmin } from '../client/index.js';
import type { KindContext, KindOptions, ManifestView } from '../kinds/kind.js';
import { isStaleAfter, type SharedRead } from '../kinds/shared-read.js';

/** The context of one plan (and the apply of that plan): the run's read snapshot lives here. */
export function createKindContext(
  admin: KeycloakAdmin,
  manifest: ManifestView,
  options?: KindOptions,
): KindContext {
  const realm = manifest.realm;
  const reads = new Map<SharedRead<unknown>, Promise<unknown>>();
  const ids = new Map<string, Promise<unknown>>();
  // Entries are set only by `read` below, under their own read: a read's entry holds its type.
  const cached = <T>(read: SharedRead<T> | undefined) => read && (reads.get(read) as Promise<T> | undefined);
  const context: KindContext = {
    admin: admin.withRealm(realm),
    realm,
    manifest,
    ...(options ? { options } : {}),
    read<T>(read: SharedRead<T>): Promise<T> {
      const { within } = read;
      let entry = cached(read) ?? cached(within);
      if (!entry) {
        // The kinds of a plan start their reads together: waiting for them to be asked lets a
        // part share the whole's request when another kind wants the whole.
        entry = within
          ? afterPendingReads().then(() => cached(within) ?? read.load(context))
          : read.load(context);
        reads.set(read, entry);
        entry.catch(() => reads.delete(read));
      }
      return entry;
    },
    refresh(read: SharedRead<unknown>): void {
      for (const loaded of [...reads.keys()])
        if (loaded === read || loaded.within === read) reads.delete(loaded);
    },
    wrote(kind: string): void {
      for (const read of [...reads.keys()]) if (isStaleAfter(read.staleAfter, kind)) reads.delete(read);
    },
    memo<T>(key: string, load: () => Promise<T>): Promise<T> {
      let entry = ids.get(key) as Promise<T> | undefined;
      if (!entry) {
        entry = load();
        ids.set(key, entry);
        entry.catch(() => ids.delete(key));
      }
      return entry;
    },
    forget(prefix: string): void {
      for (const key of ids.keys()) if (key.startsWith(prefix)) ids.delete(key);
    },
  };
  return context;
}

/** Resolves once the reads started in the same turn of the event loop have been asked for. */
function afterPendingReads(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
