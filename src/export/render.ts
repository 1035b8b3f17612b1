/**
 * Writes an exported manifest as readable YAML in a stable order: the realm's name first, then
 * its settings alphabetically, then the collections in a fixed order; inside objects the natural
 * key comes first. `--split` puts each collection in a file of its own, every file a document
 * with `realm:` so the loader merges them. Pure.
 */
import { stringify } from 'yaml';
import { isPlainObject, type Obj } from './minimize.js';

const FIRST_KEYS = ['realm', 'clientId', 'alias', 'username', 'name', 'providerId', 'enabled'];

/** Collections in the order they are written, and the --split file each goes to. */
const COLLECTION_FILES: readonly (readonly [string, string])[] = [
  ['defaultRole', 'roles'],
  ['roles', 'roles'],
  ['clientScopes', 'client-scopes'],
  ['defaultDefaultClientScopes', 'client-scopes'],
  ['defaultOptionalClientScopes', 'client-scopes'],
  ['clients', 'clients'],
  ['scopeMappings', 'clients'],
  ['clientScopeMappings', 'clients'],
  ['groups', 'groups'],
  ['defaultGroups', 'groups'],
  ['authenticationFlows', 'authentication'],
  ['authenticatorConfig', 'authentication'],
  ['requiredActions', 'authentication'],
  ['identityProviders', 'identity-providers'],
  ['identityProviderMappers', 'identity-providers'],
  ['components', 'components'],
  ['clientProfiles', 'client-policies'],
  ['clientPolicies', 'client-policies'],
  ['localizationTexts', 'localization'],
  ['userProfile', 'user-profile'],
  ['users', 'users'],
  ['organizations', 'organizations'],
];
const COLLECTION_NAMES = new Set(COLLECTION_FILES.map(([name]) => name));

/** Natural keys first, the rest alphabetically, recursively (array order is kept). */
export function orderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value).sort((a, b) => {
    const ia = FIRST_KEYS.indexOf(a);
    const ib = FIRST_KEYS.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
    return a.localeCompare(b);
  });
  return Object.fromEntries(keys.map((key) => [key, orderKeys(value[key])]));
}

/** The manifest with settings first and collections in their fixed order. */
export function orderManifest(manifest: Obj): Obj {
  const settings = orderKeys(
    Object.fromEntries(Object.entries(manifest).filter(([key]) => !COLLECTION_NAMES.has(key))),
  ) as Obj;
  const out: Obj = { ...settings };
  for (const [name] of COLLECTION_FILES)
    if (manifest[name] !== undefined) out[name] = orderKeys(manifest[name]);
  return out;
}

export function toYaml(document: Obj, header?: string): string {
  const body = stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
  return header ? `${header}\n${body}` : body;
}

/** One file per collection (`realm.yaml` holds the settings), each with `realm:`. */
export function splitManifest(manifest: Obj): Map<string, Obj> {
  const ordered = orderManifest(manifest);
  const files = new Map<string, Obj>();
  const realm = ordered.realm;
  const fileOf = new Map(COLLECTION_FILES);
  for (const [key, value] of Object.entries(ordered)) {
    const file = fileOf.get(key) ?? 'realm';
    let document = files.get(file);
    if (!document) {
      document = { realm };
      files.set(file, document);
    }
    document[key] = value;
  }
  if (!files.has('realm')) files.set('realm', { realm });
  return new Map([...files].map(([file, document]) => [`${file}.yaml`, document]));
}
