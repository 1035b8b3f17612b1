/**
 * Role ids for composite writes: Keycloak resolves the roles of a composite request by `id`
 * (a role given only by name is answered with 404). One list request per container (the realm,
 * or a client), memoized; role creates forget the list so roles made in this run are found.
 */
import type { RoleRepresentation } from '../../../client/types/index.js';
import type { KindContext } from '../../kind.js';
import { clientUuid } from '../server/reads.js';

const REALM_IDS = 'write:role-ids:realm';
const clientIdsKey = (clientId: string) => `write:role-ids:client:${clientId}`;

/** Called by role creates and deletes: the next lookup reloads the list. */
export function forgetRealmRoleIds(ctx: KindContext): void {
  ctx.forget(REALM_IDS);
}

export function forgetClientRoleIds(ctx: KindContext, clientId: string): void {
  ctx.forget(clientIdsKey(clientId));
}

async function lookup(
  ctx: KindContext,
  memoKey: string,
  load: () => Promise<RoleRepresentation[]>,
  name: string,
  describe: string,
): Promise<RoleRepresentation> {
  const index = () =>
    ctx.memo(memoKey, async () => new Map((await load()).map((role) => [role.name ?? '', role])));
  let found = (await index()).get(name);
  if (!found) {
    // The list may predate a create made outside the role kinds: reload once.
    ctx.forget(memoKey);
    found = (await index()).get(name);
  }
  if (!found?.id) throw new Error(`${describe} does not exist in realm ${ctx.realm}`);
  return { id: found.id, name };
}

export function realmRoleRef(ctx: KindContext, name: string): Promise<RoleRepresentation> {
  return lookup(ctx, REALM_IDS, () => ctx.admin.getRealmRoles(), name, `realm role "${name}"`);
}

export async function clientRoleRef(
  ctx: KindContext,
  clientId: string,
  name: string,
): Promise<RoleRepresentation> {
  const uuid = await clientUuid(ctx, clientId);
  return lookup(
    ctx,
    clientIdsKey(clientId),
    () => ctx.admin.getClientRoles(uuid),
    name,
    `role "${name}" of client "${clientId}"`,
  );
}
