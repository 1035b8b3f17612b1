/**
 * Users (`users[]`), by username. Only the profile fields below are managed; group membership
 * and role mappings are the user-group and user-role-mapping kinds.
 * - Additive: users missing from the manifest are never deleted.
 * - `credentials` are write-only: set when the user is created, never again, so a
 *   password-history policy is not tripped and a password changed by its owner is kept.
 * - Service-account users (`service-account-<clientId>`) belong to their client: Keycloak creates
 *   and removes them with `serviceAccountsEnabled`. This kind leaves them alone; their role
 *   mappings and groups are still declared on them and handled by the mapping kinds.
 */
import type { UserRepresentation } from '../client/types/index.js';
import { defineKind, type ValueObject } from './kind.js';
import { declaredUsers, liveDeclaredUsers, registeredUsers } from './shared/users.js';

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

export const userKind = defineKind<ValueObject>({
  kind: 'user',
  dependsOn: ['realm', 'client'],
  sets: ['requiredActions', 'attributes.*'],
  writeOnly: ['credentials'],
  sensitive: ['credentials'],
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
  async create(ctx, desired) {
    const { credentials, ...profile } = desired.value as UserRepresentation;
    await ctx.admin.createUser({ ...forWrite(profile), ...(credentials ? { credentials } : {}) });
  },
  async update(ctx, desired, live) {
    if (!live.id) throw new Error(`user "${desired.key[0]}" has no id`);
    // Read-modify-write: with the user profile, a PUT whose `attributes` leave a key out removes
    // that attribute (first/last name and email included), so send the full current user.
    const current = await ctx.admin.getUser(live.id);
    const { credentials: _ignored, ...profile } = desired.value as UserRepresentation;
    const next: UserRepresentation = { ...current, ...forWrite(profile) };
    if (profile.attributes) next.attributes = { ...current.attributes, ...profile.attributes };
    await ctx.admin.updateUser(live.id, next);
  },
});

/** The managed fields, normalized as Keycloak stores them. */
function profileOf(user: UserRepresentation): ValueObject {
  const value: ValueObject = {};
  for (const field of PROFILE_FIELDS) if (user[field] !== undefined) value[field] = user[field];
  if (typeof value.email === 'string') value.email = value.email.toLowerCase();
  // Keycloak keeps an empty name or email as absent.
  for (const field of ['email', 'firstName', 'lastName'] as const)
    if (value[field] === '') value[field] = null;
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
function forWrite(profile: UserRepresentation): UserRepresentation {
  const out = { ...profile } as Record<string, unknown>;
  for (const field of ['email', 'firstName', 'lastName']) if (out[field] === null) out[field] = '';
  return out as UserRepresentation;
}
