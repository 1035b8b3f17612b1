/** How the values of one kind compare, mask and change: the paths a kind declares. */
export interface CompareRules {
  /** Paths (`redirectUris`, `attributes.*`) whose arrays compare as sets. `*` matches one segment. */
  sets?: readonly string[];
  /** Arrays of objects matched by a field and compared element by element (declared fields only). */
  keyedArrays?: Readonly<Record<string, string>>;
  /** Paths never printed: shown as "(sensitive value)". */
  sensitive?: readonly string[];
  /** Paths that cannot be read back: applied on create, never compared. */
  writeOnly?: readonly string[];
  /** Paths whose change forces delete + create. */
  replaceOn?: readonly string[];
  /** Paths Keycloak fills in by itself (ids, references it keeps): never written, never compared. */
  computed?: readonly string[];
  /**
   * Paths Keycloak ignores when written (on some versions), each with why: never written, never
   * compared; a declared value that differs from the server's is a plan warning (it would never
   * converge), so an export of another version plans as "No changes" instead of an endless diff.
   */
  ignored?: Readonly<Record<string, string>>;
}
