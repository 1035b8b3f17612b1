/**
 * Users new to an existing realm, written in batches through `partialImport` (Keycloak's import
 * code, one transaction a batch) instead of a `POST /users` and its role-mapping POSTs each.
 * The plan is the same; the applier runs one batch as one node of its graph, after everything the
 * batch's users need (see applier.ts), and reports every change of it.
 *
 * Import writes a user as the per-object writes do when it has no attributes (src/applier/bulk-realm.ts:
 * `importable`), given what `POST /users` adds to every new user: `default-roles-<realm>` and the
 * realm's default groups, read when the first batch goes out (after the apply changed them).
 * Not imported, and said so in the report: users of a realm with user federation (a `POST /users`
 * there may also write the user to LDAP; import never does). A batch Keycloak refuses wrote
 * nothing (one transaction): its changes are then applied per object.
 */
import { makeResponse } from '../client/http-response.js';
import type { GroupRepresentation } from '../client/types/index.js';
import type { KindContext } from '../kinds/kind.js';
import { USER_STORAGE } from '../kinds/shared/federation/components.js';
import { defaultRoleName } from '../kinds/shared/identities/users.js';
import type { PlannedStep } from '../planner/plan.js';
import { importable, importedUser, importTimeout } from './bulk-realm.js';

/** Fewer new users than this are written per object: import would save little. */
export const MIN_IMPORTED_USERS = 50;

/**
 * Users per partialImport into an existing realm: there a user costs far more than in a new
 * realm's one request (8,000 users took 188 s into a realm of 2,500 groups, against 164 s for
 * that realm's whole import; see bulk-realm.ts), so batches keep each transaction short and the
 * progress visible.
 */
export const USERS_PER_IMPORT = 2000;

export interface UserImport {
  /** The changes one partialImport writes: new users, each with its memberships and role mappings. */
  steps: PlannedStep[];
  users: number;
}

export interface UserImportOptions {
  usersPerRequest?: number;
  minUsers?: number;
}

/** The plan's new users that import writes like per object, in batches; none below `minUsers`. */
export function userImports(steps: readonly PlannedStep[], options: UserImportOptions = {}): UserImport[] {
  const creates = (kind: string) =>
    steps.filter(
      (step) => step.change.kind === kind && step.change.actions.join() === 'create' && step.desired,
    );
  const users = creates('user').filter(importable);
  if (users.length === 0 || users.length < (options.minUsers ?? MIN_IMPORTED_USERS)) return [];
  const byUser = (kind: string) => new Map(creates(kind).map((step) => [step.change.key[0], step]));
  const memberships = byUser('user-group');
  const mappings = byUser('user-role-mapping');
  const perRequest = Math.max(1, options.usersPerRequest ?? USERS_PER_IMPORT);
  const batches: UserImport[] = [];
  for (let start = 0; start < users.length; start += perRequest) {
    const batch = users.slice(start, start + perRequest);
    batches.push({
      users: batch.length,
      steps: batch.flatMap((user) => {
        const username = user.change.key[0];
        return [user, memberships.get(username), mappings.get(username)].filter(
          (step): step is PlannedStep => step !== undefined,
        );
      }),
    });
  }
  return batches;
}

/** Why this realm's new users are written per object, or undefined when they can be imported. */
export async function importRefusal(ctx: KindContext): Promise<string | undefined> {
  return ctx.memo('user-import:refusal', async () => {
    const storage = await ctx.admin.getComponents({ type: USER_STORAGE });
    return storage.length > 0
      ? 'the realm has user federation, where POST /users may also write the user to the directory'
      : undefined;
  });
}

/** Sends one batch (`ifResourceExists: FAIL`: a user that exists stops the batch, nothing is overwritten). */
export async function importUsers(ctx: KindContext, batch: UserImport): Promise<void> {
  const defaultGroups = await ctx.memo('user-import:default-groups', () => liveDefaultGroups(ctx));
  const every = { defaultRole: defaultRoleName(ctx.realm), defaultGroups };
  const ofKind = (kind: string) =>
    new Map(
      batch.steps.filter((step) => step.change.kind === kind).map((step) => [step.change.key[0], step]),
    );
  const memberships = ofKind('user-group');
  const mappings = ofKind('user-role-mapping');
  const users = [...ofKind('user')].map(([username, step]) =>
    importedUser(step, memberships.get(username), mappings.get(username), every),
  );
  const first = users[0]?.username ?? '';
  await ctx.admin.partialImportRealm(
    ctx.realm,
    { users, ifResourceExists: 'FAIL' },
    {
      timeout: importTimeout(ctx.admin),
      // One transaction: when its first user is there after a lost answer, the whole batch is.
      recover: async () =>
        (await ctx.admin.getUserByUsername(first))
          ? makeResponse(200, { 'content-type': 'application/json' }, JSON.stringify({ added: users.length }))
          : undefined,
    },
  );
}

async function liveDefaultGroups(ctx: KindContext): Promise<string[]> {
  const response = await ctx.admin.rawGet(`/admin/realms/${encodeURIComponent(ctx.realm)}/default-groups`);
  if (!response.ok) throw new Error(`reading the realm's default groups failed: ${response.status}`);
  return (response.json<GroupRepresentation[]>() ?? []).flatMap((group) => (group.path ? [group.path] : []));
}
