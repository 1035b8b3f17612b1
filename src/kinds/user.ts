/**
 * Users (`users[]`), by username. Only the profile fields below are managed; group membership
 * and role mappings are the user-group and user-role-mapping kinds.
 * - Additive: users missing from the manifest are never deleted.
 * - `credentials` are write-only: set when the user is created, never again, so a
 *   password-history policy is not tripped and a password changed by its owner is kept.
 * - Service-account users (`service-account-<clientId>`) belong to their client: Keycloak creates
 *   and removes them with `serviceAccountsEnabled`. This kind leaves them alone; their role
 *   mappings and groups are still declared on them and handled by the mapping kinds.
 * - Attributes the realm's user profile does not declare are dropped by Keycloak (24+) unless the
 *   profile's `unmanagedAttributePolicy` is ADMIN_EDIT or ENABLED; such a user would never
 *   converge, so each one is a plan error instead. username, email, firstName and lastName are
 *   Keycloak's own and never flagged. A realm created by the same plan has the default profile.
 *   A manifest that declares `userProfile` is checked against that profile (applied first).
 *
 * read(): the live declared users (shared with the mapping kinds); readFacts(): one
 * `GET /users/profile`, only when a declared user has attributes.
 */
import { KeycloakError } from '../client/errors.js';
import type { UserProfileConfig } from '../client/types/index.js';
import type { PlanDiagnostic } from '../core/diagnostics.js';
import { renderPath } from '../core/value-path.js';
import type { UserRepresentation } from '../representations/index.js';
import { address, type DesiredObject, defineKind, type KindContext } from './kind.js';
import {
  declaredUserProfile,
  effectiveProfile,
  exportedBefore24WithoutProfile,
} from './shared/identities/user-profile.js';
import {
  declaredUsers,
  federatedUserWarnings,
  groupPath,
  liveDeclaredUsers,
  registeredUser,
  registeredUsers,
  rememberJoinedOnCreate,
  rememberUserId,
} from './shared/identities/users.js';
import { definedFields, readLiveRealm } from './shared/server/reads.js';

const PROFILE_FIELDS = [
  'username',
  'email',
  'firstName',
  'lastName',
  'enabled',
  'emailVerified',
  'attributes',
  'requiredActions',
  'federationLink',
] as const;

/** Keycloak keeps an empty name or email as absent: compared as null. */
const CLEARABLE_FIELDS = ['email', 'firstName', 'lastName'] as const;

/** The managed fields (and the write-only credentials), normalized as Keycloak stores them. */
type UserValue = Omit<
  Partial<Pick<UserRepresentation, (typeof PROFILE_FIELDS)[number] | 'credentials'>>,
  (typeof CLEARABLE_FIELDS)[number]
> & { [F in (typeof CLEARABLE_FIELDS)[number]]?: string | null };
type UserObject = DesiredObject<UserValue, readonly [username: string]>;

export const userKind = defineKind<UserValue, readonly [username: string], unknown, UserFacts | undefined>({
  kind: 'user',
  // Users are independent of each other: applied all at once under the applier's limit.
  parallel: true,
  // Groups first: a new user's POST carries its group paths (see groupsForPost). Default groups
  // first too: Keycloak puts every new user in them, so the realm's declared default groups
  // reach every user this apply creates (per object and in bulk alike), not only the later ones.
  dependsOn: ['realm', 'client', 'group', 'default-group'],
  sets: ['requiredActions', 'attributes.*'],
  writeOnly: ['credentials'],
  sensitive: ['credentials'],
  // Keycloak 26 marks the bootstrap admin it creates; the user profile drops it when written.
  computed: ['attributes.is_temporary_admin'],
  desired(manifest) {
    const users = declaredUsers(manifest);
    if (users === undefined) return undefined;
    return users
      .filter((user) => !user.serviceAccountOf)
      .map((user) => {
        const value = profileOf(user.entry);
        value.username = user.key;
        if (user.entry.credentials !== undefined) value.credentials = user.entry.credentials;
        return { key: [user.key], value, origin: user.origin };
      });
  },
  authoritative: () => false,
  async read(ctx) {
    const live = await liveDeclaredUsers(ctx);
    return registeredUsers(ctx).flatMap((declared) => {
      const user = live.get(declared.key);
      if (!user || declared.serviceAccountOf) return [];
      return [{ key: [declared.key], value: profileOf(user), id: user.id }];
    });
  },
  async readFacts(ctx, situation): Promise<UserFacts | undefined> {
    const federated = federatedUserWarnings(ctx.manifest);
    const profile = await readProfileFacts(ctx, situation);
    return profile || federated.length > 0 ? { ...(profile ? { profile } : {}), federated } : undefined;
  },
  diagnose(desired, _live, facts) {
    const profile = facts?.profile ?? DEFAULT_PROFILE;
    const federated = [...(facts?.federated ?? []), ...desired.flatMap(namelessUser)];
    if (profile.unmanagedAttributePolicy === 'ENABLED' || profile.unmanagedAttributePolicy === 'ADMIN_EDIT')
      return federated;
    return [
      ...federated,
      ...desired.flatMap((object) => droppedAttributes(object, profile, profile.newRealm === true)),
    ];
  },
  async create(ctx, desired) {
    const [key] = desired.key;
    const { credentials, ...profile } = desired.value;
    // An export's credential ids are the exporting realm's (ids are unique in the whole server:
    // a second realm made from the same export would answer 409 "User exists").
    const fresh = credentials?.map(({ id: _id, ...credential }) => credential);
    const body: UserRepresentation = { ...forWrite(profile), ...(fresh ? { credentials: fresh } : {}) };
    const groups = groupsForPost(ctx, key);
    let id: string;
    if (groups.length === 0) id = await ctx.admin.createUser(body);
    else {
      try {
        id = await ctx.admin.createUser({ ...body, groups });
        rememberJoinedOnCreate(ctx, key, groups);
      } catch (error) {
        // Keycloak refuses the whole POST (nothing created) when a group is missing, e.g. one
        // whose create failed: create the user alone; its user-group change then reports that.
        if (!missingGroup(error)) throw error;
        id = await ctx.admin.createUser(body);
      }
    }
    // The id from the 201's Location: the mapping kinds need no lookup by username.
    rememberUserId(ctx, key, id);
  },
  async update(ctx, desired, live) {
    if (!live.id) throw new Error(`user "${desired.key[0]}" has no id`);
    // Read-modify-write: with the user profile, a PUT whose `attributes` leave a key out removes
    // that attribute (first/last name and email included), so send the full current user.
    const current = await ctx.admin.getUser(live.id);
    const { credentials: _ignored, ...profile } = desired.value;
    const next: UserRepresentation = { ...current, ...forWrite(profile) };
    if (profile.attributes) next.attributes = { ...current.attributes, ...profile.attributes };
    await ctx.admin.updateUser(live.id, next);
  },
});

/**
 * The group paths a new user is created with. Keycloak's `POST /users` honours `groups` (paths;
 * measured on 24.0.5 and 26.7.3, unlike `realmRoles` and `clientRoles`, which it ignores), so a
 * new user's planned memberships cost no request of their own: only when the plan creates the
 * user's memberships too (the user-group change then has nothing left to write). The user kind
 * depends on the group kind for this, so the groups exist first.
 */
function groupsForPost(ctx: KindContext, key: string): string[] {
  if (ctx.planned?.(address('user-group', [key]))?.[0] !== 'create') return [];
  return (registeredUser(ctx, key)?.entry.groups ?? []).map(groupPath);
}

/**
 * How Keycloak answers a user POST naming a group that does not exist: 500 with no detail on
 * 24.0.5 and 26.7.3 (measured; the server log says "Unable to find group specified by path"), 404
 * on versions that map the error.
 * A validation error (400) or a clash (409) is the user's own problem and is reported as is.
 */
function missingGroup(error: unknown): boolean {
  return error instanceof KeycloakError && (error.responseCode === 404 || (error.responseCode ?? 0) >= 500);
}

/** Facts for `diagnose`: the profile (when attributes are declared) and federated users. */
interface UserFacts {
  profile?: ProfileFacts;
  federated: PlanDiagnostic[];
}

/** What decides whether Keycloak keeps the declared users' attributes (none to check: undefined). */
async function readProfileFacts(
  ctx: KindContext,
  { realmExists }: { realmExists: boolean },
): Promise<ProfileFacts | undefined> {
  const declaresAttributes = registeredUsers(ctx).some(
    (user) => !user.serviceAccountOf && checkedAttributes(user.entry.attributes).length > 0,
  );
  if (!declaresAttributes) return undefined;
  // Keycloak keeps a user's `locale` whenever the realm has internationalization enabled.
  const declaredI18n = ctx.manifest.representation.internationalizationEnabled;
  // The manifest's userProfile (the user-profile kind) is applied before users.
  const declaresProfile = declaredUserProfile(ctx.manifest) !== undefined;
  if (!realmExists && exportedBefore24WithoutProfile(ctx.manifest))
    return { ...DEFAULT_PROFILE, unmanagedAttributePolicy: 'ENABLED', localeKept: declaredI18n === true };
  if (!realmExists)
    return {
      ...effectiveProfile(DEFAULT_PROFILE, ctx.manifest),
      localeKept: declaredI18n === true,
      newRealm: !declaresProfile,
    };
  const [profile, realm] = await Promise.all([ctx.admin.getUserProfile(), readLiveRealm(ctx)]);
  return {
    ...effectiveProfile(profileFacts(profile), ctx.manifest),
    localeKept: (declaredI18n ?? realm?.internationalizationEnabled) === true,
  };
}

/** The managed fields, normalized as Keycloak stores them. */
function profileOf(user: UserRepresentation): UserValue {
  const value: UserValue = definedFields(user, PROFILE_FIELDS);
  if (typeof value.email === 'string') value.email = value.email.toLowerCase();
  for (const field of CLEARABLE_FIELDS) if (value[field] === '') value[field] = null;
  if (user.attributes) value.attributes = attributesOf(user.attributes);
  return value;
}

/** Attribute values are lists of strings in Keycloak; manifests may write a single value. */
function attributesOf(attributes: Readonly<Record<string, unknown>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries(attributes)) {
    if (raw === undefined || raw === null) continue;
    out[name] = (Array.isArray(raw) ? raw : [raw]).map(String);
  }
  return out;
}

/** A cleared name or email is sent as "" (null means "unchanged" to Keycloak). */
function forWrite(profile: Omit<UserValue, 'credentials'>): UserRepresentation {
  const { email, firstName, lastName, ...rest } = profile;
  const out: UserRepresentation = rest;
  if (email !== undefined) out.email = email ?? '';
  if (firstName !== undefined) out.firstName = firstName ?? '';
  if (lastName !== undefined) out.lastName = lastName ?? '';
  return out;
}

/** What decides whether Keycloak keeps an attribute: the declared names and the policy. */
interface ProfileFacts {
  attributes: string[];
  unmanagedAttributePolicy?: string;
  /** `locale` is stored when the realm has internationalization enabled. */
  localeKept?: boolean;
  /** The realm does not exist yet: it will start with Keycloak's default profile. */
  newRealm?: boolean;
}

/** Attributes Keycloak manages itself (they are fields of the user, not profile choices). */
const BUILT_IN_ATTRIBUTES = new Set(['username', 'email', 'firstName', 'lastName']);

/** Keycloak's profile of a new realm: only the built-in attributes, unmanaged ones dropped. */
const DEFAULT_PROFILE: ProfileFacts = { attributes: [...BUILT_IN_ATTRIBUTES] };

function profileFacts(profile: UserProfileConfig): ProfileFacts {
  const attributes = (profile.attributes ?? []).map((attribute) => attribute.name).sort();
  const policy = profile.unmanagedAttributePolicy;
  return { attributes, ...(policy ? { unmanagedAttributePolicy: policy } : {}) };
}

/** Declared attribute names that depend on the user profile (an empty list clears, so never drops). */
function checkedAttributes(attributes: Readonly<Record<string, unknown>> | undefined): string[] {
  return Object.entries(attributes ?? {})
    .filter(([name, raw]) => !BUILT_IN_ATTRIBUTES.has(name) && raw !== null && raw !== undefined)
    .filter(([, raw]) => !Array.isArray(raw) || raw.length > 0)
    .map(([name]) => name);
}

function droppedAttributes(object: UserObject, profile: ProfileFacts, newRealm: boolean): PlanDiagnostic[] {
  const { attributes } = object.value;
  const addr = address('user', object.key);
  const why =
    profile.unmanagedAttributePolicy === 'ADMIN_VIEW'
      ? 'its unmanagedAttributePolicy ADMIN_VIEW makes such attributes read-only for admins'
      : newRealm
        ? 'a new realm starts with Keycloak’s default user profile, which drops undeclared attributes'
        : 'without an unmanagedAttributePolicy Keycloak drops undeclared attributes';
  return checkedAttributes(attributes)
    .filter((name) => !profile.attributes.includes(name) && !(name === 'locale' && profile.localeKept))
    .map((name) => ({
      severity: 'error' as const,
      summary:
        `${addr} declares attribute "${name}", which the realm's user profile does not declare ` +
        `(${why}), so it would never be stored. Declare "${name}" in the user profile, or set the ` +
        `profile's unmanagedAttributePolicy to ADMIN_EDIT or ENABLED.`,
      address: addr,
      ...(object.origin.file ? { file: object.origin.file } : {}),
      ...(object.origin.line ? { line: object.origin.line } : {}),
      path: `${object.origin.path}.${renderPath(['attributes', name])}`,
    }));
}

/** A user declared without a username (nor an email that stands for one): nothing to find it by. */
function namelessUser(object: UserObject): PlanDiagnostic[] {
  if (object.key[0]) return [];
  return [
    {
      severity: 'error',
      summary: `${object.origin.path}: a user needs a username`,
      ...(object.origin.file ? { file: object.origin.file } : {}),
      ...(object.origin.line ? { line: object.origin.line } : {}),
      path: `${object.origin.path}.username`,
    },
  ];
}
