/**
 * The realm's user profile (one object, key [realm]) from the manifest's top-level `userProfile`
 * (keycloak-config-cli's key; Keycloak's UPConfig: attributes, groups, unmanagedAttributePolicy).
 * It is a document, managed as one, as Keycloak's `PUT /users/profile` and keycloak-config-cli
 * treat it:
 * - `attributes` (when declared) is the attribute list, matched by name; each declared attribute
 *   is compared in full (a validation or permission left out is removed). Attributes not
 *   declared are removed, except username, email, firstName and lastName, which are kept as
 *   they are (Keycloak refuses to remove the first two; realmform keeps all four).
 * - `groups` (when declared) is the group list, matched by name, each compared in full.
 * - `unmanagedAttributePolicy` is managed whenever `userProfile` is declared: left out, the
 *   realm has none (Keycloak then drops attributes the profile does not declare).
 * keycloak-config-cli applies `userProfile` only when the realm attribute `userProfileEnabled`
 * is set; realmform applies it whenever it is declared (the profile is always on since 24).
 *
 * Users depend on it: their attributes are kept only if the profile declares them, so the user
 * kind runs after this one. read(): one `GET /users/profile`.
 */

import type { UserProfileAttribute, UserProfileConfig } from '../client/types/index.js';
import type { PlanDiagnostic } from '../core/diagnostics.js';
import { renderManifestPath } from '../core/value-path.js';
import { address, type DesiredObject, defineKind, type KindContext } from './kind.js';
import {
  BUILT_IN_PROFILE_ATTRIBUTES,
  declaredUserProfile,
  declaredUserProfilePath,
} from './shared/identities/user-profile.js';

/** The group every new realm's profile has. */
const DEFAULT_GROUPS = ['user-metadata'];

/**
 * An attribute as compared: a validator without options and `required: {}` (always required)
 * are `true` here, `{}` again on write (see normalizeAttribute).
 */
type AttributeValue = Omit<UserProfileAttribute, 'required'> & {
  required?: UserProfileAttribute['required'] | true;
};
/** The profile as compared: only the UPConfig fields. */
type ProfileValue = Omit<UserProfileConfig, 'attributes'> & { attributes?: AttributeValue[] };
type ProfileObject = DesiredObject<ProfileValue, readonly [realm: string]>;

/** The live state kept: the names of the profile's groups. */
export const userProfileKind = defineKind<ProfileValue, readonly [realm: string], string[]>({
  kind: 'user-profile',
  dependsOn: ['realm'],
  describe: 'realm',
  fullyManaged: true,
  keyedArrays: { attributes: 'name', groups: 'name' },
  sets: [
    'attributes[].required.roles',
    'attributes[].required.scopes',
    'attributes[].permissions.view',
    'attributes[].permissions.edit',
    'attributes[].selector.scopes',
  ],
  desired(manifest) {
    const declared = declaredUserProfile(manifest);
    if (!declared) return undefined;
    const path = declaredUserProfilePath(manifest);
    const origin = { path: renderManifestPath(path), ...manifest.locate(path) };
    return [{ key: [manifest.realm], value: normalize(declared), origin }];
  },
  authoritative: () => false,
  needs(desired) {
    const attributes = desired.value.attributes ?? [];
    return attributes.flatMap((attribute, index) =>
      attribute.defaultValue !== undefined
        ? [{ feature: 'userProfileDefaultValue' as const, path: `attributes[${index}].defaultValue` }]
        : [],
    );
  },
  async read(ctx) {
    const live = await ctx.admin.getUserProfile();
    const groups = (live.groups ?? []).map((group) => group.name);
    return [
      { key: [ctx.realm], value: inScope(normalize(live), declaredUserProfile(ctx.manifest)), state: groups },
    ];
  },
  diagnose(desired, live) {
    const liveGroups = live[0]?.state ?? DEFAULT_GROUPS;
    return desired.flatMap((object) => unknownGroups(object, liveGroups));
  },
  // The profile exists with the realm: "create" is the first write of a new realm.
  async create(ctx, desired) {
    await write(ctx, desired);
  },
  async update(ctx, desired) {
    await write(ctx, desired);
  },
});

/** Only the UPConfig fields; `multivalued: false` is Keycloak's default, added on write. */
function normalize(config: UserProfileConfig): ProfileValue {
  const value: ProfileValue = {};
  if (config.attributes) value.attributes = config.attributes.map(normalizeAttribute);
  if (config.groups) value.groups = config.groups.map((group) => ({ ...group }));
  if (config.unmanagedAttributePolicy) value.unmanagedAttributePolicy = config.unmanagedAttributePolicy;
  return value;
}

/**
 * The comparison treats `{}` as absent, but a validator without options (`email: {}`) and
 * `required: {}` (always required) mean something: they become `true` here, `{}` again on write.
 */
function normalizeAttribute(attribute: UserProfileAttribute): AttributeValue {
  const { multivalued, validations, required, ...rest } = attribute;
  const value: AttributeValue = { ...rest };
  if (validations) {
    value.validations = Object.fromEntries(
      Object.entries(validations).map(([name, options]) => [name, isEmptyObject(options) || options]),
    );
  }
  if (required) value.required = isEmptyObject(required) || required;
  if (multivalued) value.multivalued = multivalued;
  return value;
}

function attributeForWrite(attribute: AttributeValue): UserProfileAttribute {
  const { validations, required, ...rest } = attribute;
  const out: UserProfileAttribute = { ...rest };
  if (validations) {
    out.validations = Object.fromEntries(
      Object.entries(validations).map(([name, options]) => [name, options === true ? {} : options]),
    );
  }
  if (required !== undefined) out.required = required === true ? {} : required;
  return out;
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

/**
 * The live profile limited to what the manifest manages: undeclared lists are left alone, and
 * so are built-in attributes the declared list leaves out.
 */
function inScope(live: ProfileValue, declared: UserProfileConfig | undefined): ProfileValue {
  const value = { ...live };
  if (!declared?.groups) delete value.groups;
  if (!declared?.attributes) delete value.attributes;
  else {
    const named = new Set(declared.attributes.map((attribute) => attribute.name));
    value.attributes = live.attributes?.filter(
      (attribute) => named.has(attribute.name) || !BUILT_IN_PROFILE_ATTRIBUTES.includes(attribute.name),
    );
  }
  return value;
}

/** Read-modify-write: the PUT replaces the whole document. */
async function write(ctx: KindContext, desired: ProfileObject): Promise<void> {
  const wanted = desired.value;
  const { unmanagedAttributePolicy: _replaced, ...current } = await ctx.admin.getUserProfile();
  const next: UserProfileConfig = { ...current };
  if (wanted.attributes) {
    const declared = wanted.attributes.map(attributeForWrite);
    next.attributes = withBuiltIns(declared, current.attributes ?? []);
  }
  if (wanted.groups) next.groups = wanted.groups;
  if (wanted.unmanagedAttributePolicy) next.unmanagedAttributePolicy = wanted.unmanagedAttributePolicy;
  await ctx.admin.updateUserProfile(next);
}

/**
 * The declared attributes plus the built-in ones they leave out (as they are now), each placed
 * after the built-in that precedes it in Keycloak's order, so the form keeps its usual layout.
 */
function withBuiltIns(
  declared: readonly UserProfileAttribute[],
  current: readonly UserProfileAttribute[],
): UserProfileAttribute[] {
  const out = [...declared];
  BUILT_IN_PROFILE_ATTRIBUTES.forEach((name, index) => {
    const kept = current.find((attribute) => attribute.name === name);
    if (!kept || out.some((attribute) => attribute.name === name)) return;
    const before = BUILT_IN_PROFILE_ATTRIBUTES.slice(0, index);
    const anchor = out.findLastIndex((attribute) => before.includes(attribute.name));
    out.splice(anchor + 1, 0, kept);
  });
  return out;
}

/** An attribute in a group the profile will not have: Keycloak answers 400 at apply. */
function unknownGroups(object: ProfileObject, liveGroups: readonly string[]): PlanDiagnostic[] {
  const config = object.value;
  const groups = config.groups?.map((group) => group.name) ?? liveGroups;
  return (config.attributes ?? []).flatMap((attribute, index) => {
    if (!attribute.group || groups.includes(attribute.group)) return [];
    return [
      {
        severity: 'error' as const,
        summary:
          `user profile attribute "${attribute.name}" is in group "${attribute.group}", which the ` +
          `profile does not declare (groups: ${groups.map((name) => `"${name}"`).join(', ') || 'none'})`,
        address: address('user-profile', object.key),
        ...(object.origin.file ? { file: object.origin.file } : {}),
        ...(object.origin.line ? { line: object.origin.line } : {}),
        path: `${object.origin.path}.attributes[${index}].group`,
      },
    ];
  });
}
