/**
 * Shared by the component kinds (component.ts, sub-component.ts): the manifest's
 * `components: { <providerType>: [ { name, providerId, subType, config, subComponents } ] }`
 * flattened into top-level components and their children, the one read of all live components,
 * the compare rules, and the components Keycloak creates with every realm.
 */

import type {
  ComponentExportRepresentation,
  ComponentRepresentation,
} from '../../../client/types/representations.js';
import type { PlanDiagnostic } from '../../../core/diagnostics.js';
import { renderManifestPath } from '../../../core/value-path.js';
import { address, type CompareRules, type KindContext, type ManifestView, type Origin } from '../../kind.js';
import { defineRead } from '../../shared-read.js';
import { ROTATE_MARK, rotateSecretsRequested, SECRET_MASK } from '../clients/secrets.js';
import { exportedUserProfile } from '../identities/user-profile.js';

export const USER_STORAGE = 'org.keycloak.storage.UserStorageProvider';
/** The user profile is stored as a component; it belongs to the user profile, not to this kind. */
export const USER_PROFILE = 'org.keycloak.userprofile.UserProfileProvider';

/** Config keys that hold secrets: Keycloak masks them (`**********`) or leaves them out of reads. */
const SECRET_CONFIG = [
  'bindCredential',
  'privateKey',
  'certificate',
  'secret',
  'keystorePassword',
  'keyPassword',
];
/**
 * Key provider settings a component read never returns, whatever was written (exports carry
 * them): sent on create, never compared.
 */
const WRITE_ONLY_CONFIG = ['kid', 'keyUse'];

/**
 * Secrets are write-only: a declared secret compares as the mask, and so does the live one
 * (Keycloak masks it or, for generated key material, leaves it out), so they are never compared
 * and never printed. The declared value travels in a symbol and is written on create, and on
 * update only in a run that rotates secrets (`options.rotateSecrets`): then the live side is
 * `ROTATE_MARK`, which makes every component that declares a secret an update.
 */
export const COMPONENT_RULES = {
  // Config values are string lists; multi-valued ones (allowed mapper types …) are unordered.
  sets: ['config.*'],
  sensitive: SECRET_CONFIG.map((key) => `config.${key}`),
  writeOnly: WRITE_ONLY_CONFIG.map((key) => `config.${key}`),
} satisfies CompareRules;

const SECRETS = Symbol('declared component secrets');

/** What realmform compares and writes: everything else (ids, parent, type) is in the key. */
export interface ComponentValue extends Record<string, unknown> {
  name: string;
  providerId?: string;
  subType?: string;
  config?: Record<string, string[]>;
  /** Declared secret config values (a symbol: invisible to compare, plans and fingerprints). */
  [SECRETS]?: Record<string, string[]>;
}

/**
 * Components Keycloak 26 creates with every realm (`hmac-generated` also with older ones), by
 * provider type → `subType/name/providerId`. Never deleted: a realm without its generated keys
 * or with its anonymous client-registration policies removed is rarely what a manifest meant.
 * They can be declared and updated.
 */
const BUILT_IN: Readonly<Record<string, ReadonlySet<string>>> = {
  'org.keycloak.keys.KeyProvider': new Set([
    '/rsa-generated/rsa-generated',
    '/rsa-enc-generated/rsa-enc-generated',
    '/hmac-generated-hs512/hmac-generated',
    '/hmac-generated/hmac-generated',
    '/aes-generated/aes-generated',
  ]),
  'org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy': new Set([
    'anonymous/Trusted Hosts/trusted-hosts',
    'anonymous/Consent Required/consent-required',
    'anonymous/Full Scope Disabled/scope',
    'anonymous/Max Clients Limit/max-clients',
    'anonymous/Allowed Protocol Mapper Types/allowed-protocol-mappers',
    'anonymous/Allowed Client Scopes/allowed-client-templates',
    'anonymous/Allowed Registration Web Origins/registration-web-origins',
    'authenticated/Allowed Protocol Mapper Types/allowed-protocol-mappers',
    'authenticated/Allowed Client Scopes/allowed-client-templates',
    'authenticated/Allowed Registration Web Origins/registration-web-origins',
  ]),
};

export function isBuiltInComponent(component: ComponentRepresentation): boolean {
  const names = BUILT_IN[component.providerType ?? ''];
  return (
    names?.has(`${component.subType ?? ''}/${component.name ?? ''}/${component.providerId ?? ''}`) ?? false
  );
}

/** A top-level component's key: provider type, then sub type (if any) and name. */
export type ComponentKey = readonly [providerType: string, ...rest: string[]];
/** A sub-component's key: provider type, parent name, then sub type (if any) and name. */
export type SubComponentKey = readonly [providerType: string, parentName: string, ...rest: string[]];

/** `[providerType, subType?, name]`: `component["org.keycloak.keys.KeyProvider"]["rsa-generated"]`. */
export function componentKey(providerType: string, component: ComponentRepresentation): ComponentKey {
  return [providerType, ...(component.subType ? [component.subType] : []), component.name ?? ''];
}

/** `[providerType, parentName, subType?, name]`: `sub-component["…LDAPStorageMapper"]["ldap"]["email"]`. */
export function subComponentKey(
  providerType: string,
  parentName: string,
  component: ComponentRepresentation,
): SubComponentKey {
  return [providerType, parentName, ...(component.subType ? [component.subType] : []), component.name ?? ''];
}

/** The compared part of a live component; config values are string lists. */
export function componentValue(component: ComponentRepresentation): ComponentValue {
  const value: ComponentValue = { name: component.name ?? '' };
  if (component.providerId !== undefined) value.providerId = component.providerId;
  if (component.subType !== undefined) value.subType = component.subType;
  if (component.config !== undefined) value.config = configLists(component.config);
  return value;
}

function configLists(config: Record<string, unknown>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.map(String) : value === undefined || value === null ? [] : [String(value)],
    ]),
  );
}

/**
 * A declared component (`100` → `["100"]`), its secrets replaced by the mask and kept aside.
 * A secret declared as the mask (copied from an export) says nothing and is not written.
 */
export function declaredValue(component: ComponentExportRepresentation): ComponentValue {
  const value = componentValue(component);
  const secrets: Record<string, string[]> = {};
  for (const key of SECRET_CONFIG) {
    const declared = value.config?.[key];
    if (!value.config || !declared || declared.length === 0) continue;
    if (!declared.every((item) => item === SECRET_MASK)) secrets[key] = declared;
    value.config[key] = [SECRET_MASK];
  }
  if (Object.keys(secrets).length > 0) value[SECRETS] = secrets;
  return value;
}

/** A live component as compared with a declared one: its declared secrets as the mask. */
export function liveValue(
  component: ComponentRepresentation,
  declared: ComponentExportRepresentation | undefined,
  rotate: boolean,
): ComponentValue {
  const value = componentValue(component);
  if (!declared) return value;
  const wanted = declaredValue(declared);
  for (const key of SECRET_CONFIG) {
    if (wanted.config?.[key]?.[0] !== SECRET_MASK) continue;
    // Rotating writes a declared secret again; a declared mask has nothing to write.
    const mark = rotate && wanted[SECRETS]?.[key] ? ROTATE_MARK : SECRET_MASK;
    value.config = { ...value.config, [key]: [mark] };
  }
  return value;
}

/** What to send: the compared value with the declared secrets (or without any secret). */
export function writableValue(value: ComponentValue, withSecrets: boolean): ComponentRepresentation {
  const out: ComponentRepresentation = { name: value.name };
  if (value.providerId !== undefined) out.providerId = value.providerId;
  if (value.subType !== undefined) out.subType = value.subType;
  if (!value.config) return out;
  const config = { ...value.config };
  for (const key of SECRET_CONFIG) if (config[key]?.[0] === SECRET_MASK) delete config[key];
  if (withSecrets) Object.assign(config, value[SECRETS]);
  return { ...out, config };
}

/** One declared top-level component and what it says about its children. */
export interface DeclaredComponent {
  providerType: string;
  key: ComponentKey;
  component: ComponentExportRepresentation;
  origin: Origin;
  /** Child provider types this component declares (authoritative for those only). */
  childTypes: string[];
  children: DeclaredChild[];
}

export interface DeclaredChild {
  providerType: string;
  key: SubComponentKey;
  parentType: string;
  parentKey: ComponentKey;
  parent: ComponentExportRepresentation;
  component: ComponentExportRepresentation;
  origin: Origin;
}

/** The manifest's components, flattened; undefined when it declares no `components`. */
export function declaredComponents(manifest: ManifestView): DeclaredComponent[] | undefined {
  const byType = manifest.representation.components;
  if (!byType) return undefined;
  const out: DeclaredComponent[] = [];
  for (const [providerType, list] of Object.entries(byType)) {
    if (providerType === USER_PROFILE) continue;
    list.forEach((component, index) => {
      const path: (string | number)[] = ['components', providerType, index];
      const key = componentKey(providerType, component);
      const children = Object.entries(component.subComponents ?? {}).flatMap(([childType, childList]) =>
        childList.map((child, childIndex) => ({
          providerType: childType,
          key: subComponentKey(childType, component.name ?? '', child),
          parentType: providerType,
          parentKey: key,
          parent: component,
          component: child,
          origin: originAt(manifest, [...path, 'subComponents', childType, childIndex]),
        })),
      );
      out.push({
        providerType,
        key,
        component,
        origin: originAt(manifest, path),
        childTypes: Object.keys(component.subComponents ?? {}),
        children,
      });
    });
  }
  return out;
}

function originAt(manifest: ManifestView, path: (string | number)[]): Origin {
  return { path: renderManifestPath(path), ...manifest.locate(path) };
}

/** All live components (one request), split into top-level ones and their direct children. */
export interface LiveComponents {
  topLevel: ComponentRepresentation[];
  /** Children of a top-level component, with that parent. */
  children: { component: ComponentRepresentation; parent: ComponentRepresentation }[];
}

export function readComponents(ctx: KindContext): Promise<LiveComponents> {
  return ctx.read(componentsRead);
}

/** The realm's id: the parent of top-level components (one request per apply). */
export function realmId(ctx: KindContext): Promise<string> {
  return ctx.memo('write:realm-id', async () => {
    const id = (await ctx.admin.getRealm(ctx.realm)).id;
    if (!id) throw new Error(`Realm ${ctx.realm} has no id`);
    return id;
  });
}

/** A live component found now (not from the plan's read: it may have been created since). */
export async function findComponent(
  ctx: KindContext,
  parentId: string,
  providerType: string,
  wanted: { name?: string; subType?: string },
): Promise<ComponentRepresentation | undefined> {
  const found = await ctx.admin.getComponents({ parent: parentId, type: providerType, name: wanted.name });
  return found.find((component) => (component.subType ?? '') === (wanted.subType ?? ''));
}

/**
 * Read-modify-write: the stored component with the declared fields and config keys overlaid.
 * Secrets are sent only when rotating; otherwise the stored ones stay (Keycloak keeps a secret
 * that is sent back masked or left out).
 */
export async function updateComponent(
  ctx: KindContext,
  id: string,
  providerType: string,
  value: ComponentValue,
  withSecrets = rotateSecretsRequested(ctx),
): Promise<void> {
  const current = await ctx.admin.getComponent(id);
  const next = writableValue(value, withSecrets);
  await ctx.admin.updateComponent(id, {
    ...current,
    ...next,
    id,
    providerType,
    config: { ...current.config, ...next.config },
  });
}

/**
 * Several live components with one address (Keycloak does not enforce unique names): realmform
 * cannot tell which one a declaration means, so a declared one is an error.
 */
export function duplicateDiagnostics(
  kind: string,
  declared: readonly { key: readonly string[]; origin: Origin }[],
  live: readonly { key: readonly string[] }[],
): PlanDiagnostic[] {
  const counts = new Map<string, number>();
  for (const object of live) {
    const addr = address(kind, object.key);
    counts.set(addr, (counts.get(addr) ?? 0) + 1);
  }
  return declared.flatMap((object) => {
    const addr = address(kind, object.key);
    const count = counts.get(addr) ?? 0;
    if (count < 2) return [];
    return [
      {
        severity: 'error' as const,
        summary: `${addr}: Keycloak has ${count} components with this provider type, sub type and name; rename or delete the extra ones so that realmform can tell them apart`,
        address: addr,
        ...at(object.origin),
      },
    ];
  });
}

/** Keycloak's COMPONENT.NAME column: a longer name fails with a bare 500. */
const MAX_NAME_LENGTH = 255;

/** Declarations Keycloak would reject or realmform could not find again. */
export function nameDiagnostics(
  kind: string,
  declared: readonly { key: readonly string[]; value: ComponentValue; origin: Origin }[],
): PlanDiagnostic[] {
  return declared.flatMap((object) => {
    const name = object.value.name;
    const problem = !name
      ? 'a component needs a name (it is how realmform finds it again)'
      : name.length > MAX_NAME_LENGTH
        ? `the name is ${name.length} characters long; Keycloak stores at most ${MAX_NAME_LENGTH}`
        : undefined;
    if (!problem) return [];
    const addr = address(kind, object.key);
    return [
      { severity: 'error' as const, summary: `${addr}: ${problem}`, address: addr, ...at(object.origin) },
    ];
  });
}

function at(origin: Origin): { file?: string; line?: number; path: string } {
  return {
    ...(origin.file ? { file: origin.file } : {}),
    ...(origin.line ? { line: origin.line } : {}),
    path: origin.path,
  };
}

/**
 * The user profile as Keycloak exports it (a component) is the user-profile kind's when the
 * manifest has no `userProfile` and the first one holds a readable document; otherwise (and for
 * any further one) it is ignored, with a warning.
 */
export function userProfileDiagnostics(manifest: ManifestView): PlanDiagnostic[] {
  const used =
    (manifest.representation as { userProfile?: unknown }).userProfile === undefined &&
    exportedUserProfile(manifest) !== undefined;
  return (manifest.representation.components?.[USER_PROFILE] ?? []).flatMap((_, index) =>
    used && index === 0
      ? []
      : [
          {
            severity: 'warning' as const,
            summary: `components["${USER_PROFILE}"] (the user profile, as Keycloak exports it) is ignored: ${
              used || (manifest.representation as { userProfile?: unknown }).userProfile !== undefined
                ? 'the user profile is declared elsewhere in this manifest (`userProfile`, or the first such component)'
                : 'its `kc.user.profile.config` holds no JSON document; declare the user profile as `userProfile`'
            }`,
            ...at(originAt(manifest, ['components', USER_PROFILE, index])),
          },
        ],
  );
}

export const componentsRead = defineRead({
  name: 'components',
  load: async (ctx) => {
    const all = await ctx.admin.getComponents();
    const byId = new Map(all.map((component) => [component.id, component]));
    // The realm is the parent of top-level components; it is not a component itself.
    const topLevel = all.filter(
      (component) => !byId.has(component.parentId) && component.providerType !== USER_PROFILE,
    );
    const topIds = new Set(topLevel.map((component) => component.id));
    const children = all.flatMap((component) => {
      const parent = topIds.has(component.parentId) ? byId.get(component.parentId) : undefined;
      return parent ? [{ component, parent }] : [];
    });
    return { topLevel, children };
  },
  staleAfter: ['component', 'sub-component'],
});
