/**
 * Ownership modes: what realmform may delete in a declared collection.
 * - `authoritative` (default): live objects the files do not declare are deleted.
 * - `additive`: nothing is ever deleted.
 * - `owned-only`: only objects realmform created itself are deleted (recorded in Keycloak, see
 *   owned-state.ts), so hand-made objects survive the first plan on an existing realm.
 * Users stay additive whatever the mode: realmform never deletes users.
 * Modes are chosen per manifest field (`clients`, `groups` …) in the manifest's `realmform`
 * section or with `--ownership FIELD=MODE`; the kinds of a field come from the realm-field
 * table, so a mode on `clients` covers the client kind and its authorization objects.
 */
import { REALM_FIELDS } from '../model/realm-fields.js';

export const OWNERSHIP_MODES = ['authoritative', 'additive', 'owned-only'] as const;
export type OwnershipMode = (typeof OWNERSHIP_MODES)[number];

/** `*` sets the mode of every field the manifest does not name. */
export type OwnershipSettings = Readonly<Partial<Record<string, OwnershipMode>>>;

export function isOwnershipMode(value: string): value is OwnershipMode {
  return (OWNERSHIP_MODES as readonly string[]).includes(value);
}

/** Fields whose ownership can be chosen: those kinds own, except the realm's own settings. */
export function ownershipFields(): string[] {
  return Object.entries(REALM_FIELDS)
    .filter(([, field]) => 'kinds' in field.owner && !field.owner.kinds.includes('realm'))
    .map(([name]) => name);
}

/**
 * The mode of each kind: the manifest's setting for one of its fields, overridden by the
 * command line; `*` in either applies to every field not named. Kinds left out are authoritative.
 */
export function kindModes(
  manifest: OwnershipSettings,
  overrides: OwnershipSettings,
): Map<string, OwnershipMode> {
  const modes = new Map<string, OwnershipMode>();
  for (const field of ownershipFields()) {
    const mode = overrides[field] ?? manifest[field] ?? overrides['*'] ?? manifest['*'];
    const owner = REALM_FIELDS[field]?.owner;
    if (!mode || !owner || !('kinds' in owner)) continue;
    for (const kind of owner.kinds) modes.set(kind, mode);
  }
  return modes;
}

/** `clients=additive` → `['clients', 'additive']`, or an error naming what is wrong. */
export function parseOwnershipSetting(text: string): [string, OwnershipMode] {
  const [field, mode] = text.split('=').map((part) => part.trim());
  if (!field || !mode) throw new Error(`--ownership takes FIELD=MODE (e.g. groups=additive), not "${text}"`);
  if (!isOwnershipMode(mode))
    throw new Error(`unknown ownership mode "${mode}" for ${field}: use ${OWNERSHIP_MODES.join(', ')}`);
  if (field !== '*' && !ownershipFields().includes(field))
    throw new Error(
      `"${field}" is not a collection whose ownership can be chosen: use one of ${ownershipFields().join(', ')}`,
    );
  return [field, mode];
}

/** The mode of each collection the manifest declares (for the plan), default authoritative. */
export function declaredFieldModes(
  representation: object,
  manifest: OwnershipSettings,
  overrides: OwnershipSettings,
): Record<string, OwnershipMode> {
  const declared = new Set(Object.keys(representation));
  return Object.fromEntries(
    ownershipFields()
      .filter((field) => declared.has(field))
      .map((field) => [
        field,
        field === 'users'
          ? 'additive'
          : (overrides[field] ?? manifest[field] ?? overrides['*'] ?? manifest['*'] ?? 'authoritative'),
      ]),
  );
}
