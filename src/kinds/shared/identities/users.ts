/**
 * What the three user kinds (user, user-group, user-role-mapping) share: the declared users of
 * a manifest with their natural keys, and the live users they name, read once per plan.
 *
 * Membership and role-mapping reads cost one request per user, so `read()` limits them to the
 * users the manifest (`ctx.manifest`) declares.
 */

import type { UserRepresentation } from '../../../client/types/index.js';
import { mapConcurrently } from '../../../core/concurrency.js';
import type { PlanDiagnostic } from '../../../core/diagnostics.js';
import type { KindContext, ManifestView, Origin, Reference } from '../../kind.js';
import { BUILT_IN_CLIENTS } from './roles.js';

export const SERVICE_ACCOUNT_PREFIX = 'service-account-';

export interface DeclaredUser {
  /** Natural key: the username as Keycloak stores it (lowercase). */
  key: string;
  entry: UserRepresentation;
  origin: Origin;
  /** For `service-account-<clientId>` users: the client that owns the user. */
  serviceAccountOf?: string;
}

/**
 * The manifest's users (undefined when `users` is not declared). Users of a user federation
 * provider (`federationLink`, as exports carry them) are left out: Keycloak imports them from
 * the provider, and the link is the exporting realm's component id (see federatedUserWarnings).
 */
export function declaredUsers(manifest: ManifestView): DeclaredUser[] | undefined {
  const users = manifest.representation.users;
  if (users === undefined) return undefined;
  const emailAsUsername = manifest.representation.registrationEmailAsUsername === true;
  return users.flatMap((entry, index) =>
    entry.federationLink ? [] : [declare(entry, index, emailAsUsername, manifest)],
  );
}

/** One warning per declared user that comes from a user federation provider (not managed). */
export function federatedUserWarnings(manifest: ManifestView): PlanDiagnostic[] {
  return (manifest.representation.users ?? []).flatMap((entry, index) =>
    entry.federationLink
      ? [
          {
            severity: 'warning' as const,
            summary: `users[${index}] ("${entry.username ?? entry.email ?? ''}") is a user of a user federation provider (federationLink): Keycloak imports it from there, so realmform leaves it alone`,
            path: `users[${index}]`,
            ...manifest.locate(['users', index]),
          },
        ]
      : [],
  );
}

/** The users the manifest of this plan declares (empty when none), computed once per plan. */
export function registeredUsers(ctx: KindContext): readonly DeclaredUser[] {
  return (memoized.get(ctx) ?? remember(ctx)) as readonly DeclaredUser[];
}

const memoized = new WeakMap<KindContext, readonly DeclaredUser[]>();

/** One declared user by key (undefined when the manifest does not declare it). */
export function registeredUser(ctx: KindContext, key: string): DeclaredUser | undefined {
  let byKey = indexed.get(ctx);
  if (!byKey) {
    byKey = new Map(registeredUsers(ctx).map((user) => [user.key, user]));
    indexed.set(ctx, byKey);
  }
  return byKey.get(key);
}

const indexed = new WeakMap<KindContext, ReadonlyMap<string, DeclaredUser>>();
function remember(ctx: KindContext): readonly DeclaredUser[] {
  const users = declaredUsers(ctx.manifest) ?? [];
  memoized.set(ctx, users);
  return users;
}

function declare(
  entry: UserRepresentation,
  index: number,
  emailAsUsername: boolean,
  manifest: ManifestView,
): DeclaredUser {
  // With "email as username" Keycloak sets the username to the email (keycloak-config-cli files
  // leave the username out there).
  // (Also when the live realm has it and the manifest does not say.) A user with neither has no
  // key: '' (the user kind's plan error).
  const name = userKeyOf(entry, emailAsUsername);
  const path = `users[${index}]`;
  const origin = { path, ...manifest.locate(['users', index]) };
  const declared: DeclaredUser = { key: name, entry, origin };
  if (name.startsWith(SERVICE_ACCOUNT_PREFIX)) {
    declared.serviceAccountOf = entry.serviceAccountClientId ?? name.slice(SERVICE_ACCOUNT_PREFIX.length);
  }
  return declared;
}

function userKeyOf(entry: UserRepresentation, emailAsUsername: boolean): string {
  return (emailAsUsername && entry.email ? entry.email : (entry.username ?? entry.email ?? '')).toLowerCase();
}

/** Kinds whose objects come from `users[]`, keyed by username (the key's first segment). */
export const USER_KINDS: ReadonlySet<string> = new Set(['user', 'user-group', 'user-role-mapping']);

/**
 * The manifest with only these users in `users[]` (by key), for a plan of just them: the user
 * kinds read only the users a manifest declares, so their reads shrink with it. Locations still
 * point at each user's place in the whole file.
 */
export function withOnlyUsers(manifest: ManifestView, keys: ReadonlySet<string>): ManifestView {
  const users = manifest.representation.users;
  if (users === undefined) return manifest;
  const emailAsUsername = manifest.representation.registrationEmailAsUsername === true;
  const kept = [...users.entries()].filter(([, entry]) => keys.has(userKeyOf(entry, emailAsUsername)));
  return {
    ...manifest,
    representation: { ...manifest.representation, users: kept.map(([, entry]) => entry) },
    locate: (path) => {
      const [field, index, ...rest] = path;
      const original = field === 'users' && typeof index === 'number' ? kept[index]?.[0] : undefined;
      return manifest.locate(original === undefined ? path : ['users', original, ...rest]);
    },
  };
}

const owners = new WeakMap<object, DeclaredUser>();

/** Links a desired value to its user so `references()` (which sees only the value) can name the owner. */
export function withOwner<T extends object>(value: T, user: DeclaredUser): T {
  owners.set(value, user);
  return value;
}

/**
 * What a membership or mapping needs to exist: a regular user (the user kind), or for a
 * service-account user the client that owns it. The client is named only from
 * `serviceAccountClientId`: the username is lowercase and a clientId need not be.
 */
export function ownerReferences(value: object): Reference[] {
  const user = owners.get(value);
  if (!user) return [];
  if (!user.serviceAccountOf) return [{ kind: 'user', key: [user.key], path: 'username' }];
  const clientId = user.entry.serviceAccountClientId;
  return clientId ? [{ kind: 'client', key: [clientId], path: 'serviceAccountClientId' }] : [];
}

/** Clients Keycloak creates with every realm: their role mappings are kept unless declared. */
export function isBuiltInClient(clientId: string, realm: string): boolean {
  return BUILT_IN_CLIENTS.has(clientId) || (realm === 'master' && clientId.endsWith('-realm'));
}

/** `default-roles-<realm>`: Keycloak maps it to every user it creates. */
export function defaultRoleName(realm: string): string {
  return `default-roles-${realm.toLowerCase()}`;
}

/** Group paths as Keycloak reports them: keycloak-config-cli files also write bare names. */
export function groupPath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

/**
 * The live declared users by key, memoized per plan. Regular users come from ONE paged listing
 * (`GET /users?first&max`, 1,000 per page), unless the declared users are fewer than the pages
 * the listing would take (`GET /users/count` tells): then one exact lookup per declared user is
 * cheaper (a manifest with 3 users against a realm with 50 000). Service-account users are not
 * in the listing: one exact lookup each.
 */
export function liveDeclaredUsers(ctx: KindContext): Promise<Map<string, UserRepresentation>> {
  return ctx.memo('users:live-declared', async () => {
    const declared = registeredUsers(ctx);
    const found = new Map<string, UserRepresentation>();
    if (declared.length === 0) return found;
    const regular = declared.filter((user) => !user.serviceAccountOf);
    const lookups = declared.filter((user) => user.serviceAccountOf);
    if (regular.length > 0) {
      const pages = Math.ceil((await ctx.admin.usersCount()) / PAGE_SIZE);
      if (regular.length < pages) lookups.push(...regular);
      else {
        const wanted = new Set(regular.map((user) => user.key));
        for await (const user of ctx.admin.iterUsers({ briefRepresentation: false, pageSize: PAGE_SIZE })) {
          const key = user.username?.toLowerCase();
          if (key && wanted.has(key)) found.set(key, user);
        }
      }
    }
    await mapConcurrently(lookups, async (user) => {
      const live = await ctx.admin.getUserByUsername(user.key);
      if (live) found.set(user.key, live);
    });
    return found;
  });
}

/** Keycloak does not cap the user listing's `max` (measured on 26.7.3): 1,000 a page, 10 requests for 10,000 users. */
const PAGE_SIZE = 1000;
/** Remembers the id of a user just created (from the 201's Location): later steps need no lookup. */
export function rememberUserId(ctx: KindContext, key: string, id: string): void {
  // Not ctx.forget first: it drops by prefix, so user-1's create would drop user-10's id.
  void ctx.memo(`users:id:${key}`, async () => id);
}

/** Group paths a new user was created with (written in its POST), per apply context. */
const joinedOnCreate = new WeakMap<KindContext, Map<string, readonly string[]>>();

/** Records that the user's POST already made it a member of these groups. */
export function rememberJoinedOnCreate(ctx: KindContext, key: string, paths: readonly string[]): void {
  const joined = joinedOnCreate.get(ctx) ?? new Map<string, readonly string[]>();
  joined.set(key, paths);
  joinedOnCreate.set(ctx, joined);
}

/** The groups the user's own POST joined (undefined when it joined none itself). */
export function groupsJoinedOnCreate(ctx: KindContext, key: string): readonly string[] | undefined {
  return joinedOnCreate.get(ctx)?.get(key);
}

/** The id of a user at write time (it may have been created earlier in this apply). */
export async function userIdOf(ctx: KindContext, key: string): Promise<string> {
  const memoKey = `users:id:${key}`;
  const id = await ctx.memo(memoKey, async () => (await ctx.admin.getUserByUsername(key))?.id);
  if (!id) {
    ctx.forget(memoKey);
    const hint = key.startsWith(SERVICE_ACCOUNT_PREFIX)
      ? ' (service-account users are created by Keycloak for clients with serviceAccountsEnabled)'
      : '';
    throw new Error(`user "${key}" does not exist in realm ${ctx.realm}${hint}`);
  }
  return id;
}

/** The declared users that pass `filter` and exist in Keycloak, with their ids. */
export async function existingDeclaredUsers(
  ctx: KindContext,
  filter: (user: DeclaredUser) => boolean,
): Promise<{ user: DeclaredUser; id: string }[]> {
  const declared = registeredUsers(ctx).filter(filter);
  const live = await liveDeclaredUsers(ctx);
  return declared.flatMap((user) => {
    const id = live.get(user.key)?.id;
    return id ? [{ user, id }] : [];
  });
}
