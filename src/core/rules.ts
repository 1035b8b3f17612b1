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
}
