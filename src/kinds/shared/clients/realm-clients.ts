/**
 * Clients Keycloak makes for administering realms, marked with the attribute `realm_client`:
 * `broker` and `realm-management` in every realm, and in the master realm one `<realm>-realm`
 * client per realm (`master-realm` included). All of them are built-in: never deleted (a DELETE
 * answers 403). The admin clients among them (`realm-management`, `<realm>-realm`) are read-only
 * as well: Keycloak 26 answers 403 to any change of their settings, mappers, scope bindings,
 * roles or role composites (measured on 26.7; `broker` can be changed). A manifest may declare
 * them (an export does), but only with the values they have: a difference is a plan-time error
 * instead of a 403 halfway through apply.
 */
import type { ClientRepresentation } from '../../../client/types/index.js';
import { compareDeclared } from '../../../core/compare.js';
import type { PlanDiagnostic } from '../../../core/diagnostics.js';
import { renderPath } from '../../../core/value-path.js';
import { rulesFor } from '../../computed.js';
import {
  address,
  type CompareRules,
  type DesiredObject,
  type KindContext,
  type LiveObject,
} from '../../kind.js';
import { readExportWithoutGroupsAndRoles } from '../server/reads.js';
import { serverHas } from '../server/server-info.js';

/** The admin client every realm other than master has. */
export const REALM_MANAGEMENT = 'realm-management';

/**
 * Keycloak marks these clients with `realm_client` from 26 on; 24 and 25 mark none, so there the names
 * tell (`byName`): `broker`, `realm-management`, and a bearer-only `<realm>-realm` (master's
 * admin client of a realm).
 */
export function isRealmClient(client: ClientRepresentation, byName = false): boolean {
  if (!byName) return client.attributes?.realm_client === 'true';
  const clientId = client.clientId ?? '';
  return (
    clientId === 'broker' ||
    clientId === REALM_MANAGEMENT ||
    (clientId.endsWith('-realm') && client.bearerOnly === true)
  );
}

/** Whether this server's clients must be recognized by name (no `realm_client` attribute). */
export async function realmClientsByName(ctx: KindContext): Promise<boolean> {
  return !(await serverHas(ctx, 'realmClientAttribute'));
}

/** `realm-management`, or a `<realm>-realm` client of the master realm: read-only. */
export function isAdminClient(client: ClientRepresentation, byName = false): boolean {
  const clientId = client.clientId ?? '';
  return isRealmClient(client, byName) && (clientId === REALM_MANAGEMENT || clientId.endsWith('-realm'));
}

/** clientIds of the realm's read-only admin clients (from the partial export: no extra request). */
export async function readAdminClientIds(
  ctx: KindContext,
  situation: { realmExists: boolean },
): Promise<string[] | undefined> {
  if (!situation.realmExists) return undefined;
  const exported = await readExportWithoutGroupsAndRoles(ctx);
  const byName = await realmClientsByName(ctx);
  return (exported.clients ?? [])
    .filter((client) => isAdminClient(client, byName))
    .map((client) => client.clientId ?? '');
}

/** Facts → a predicate; without facts (a realm not created yet) only `realm-management` is known. */
export function adminClientTest(facts: readonly string[] | undefined): (clientId: string) => boolean {
  const known = new Set(facts ?? []);
  return (clientId) => clientId === REALM_MANAGEMENT || known.has(clientId);
}

export const READ_ONLY =
  'is managed by Keycloak: the admin API refuses any change to it (403), so it can only be declared as it is';

/**
 * Errors for declared objects of read-only admin clients that the plan would create or change.
 * `owner(desired)` names the admin client the object belongs to, or undefined if it belongs to
 * an ordinary client.
 */
export function readOnlyDiagnostics<D extends DesiredObject>(
  kind: string,
  rules: CompareRules & { fullyManaged?: boolean },
  desired: readonly D[],
  live: readonly LiveObject[],
  owner: (object: D) => string | undefined,
): PlanDiagnostic[] {
  const liveByAddress = new Map(live.map((object) => [address(kind, object.key), object]));
  const out: PlanDiagnostic[] = [];
  for (const object of desired) {
    const client = owner(object);
    if (client === undefined) continue;
    const addr = address(kind, object.key);
    const current = liveByAddress.get(addr);
    // Not read yet (the realm is new): nothing to compare with; the next plan checks again.
    if (live.length === 0) continue;
    const what =
      current === undefined
        ? 'would be created'
        : compareDeclared(object.value, current.value, rulesFor(rules, current))
            .map((difference) => renderPath(difference.path))
            .join(', ');
    if (!what) continue;
    out.push({
      severity: 'error',
      summary: `${addr} cannot be changed: client "${client}" ${READ_ONLY} (${current ? `differs in ${what}` : what})`,
      address: addr,
      ...(object.origin.file ? { file: object.origin.file } : {}),
      ...(object.origin.line ? { line: object.origin.line } : {}),
      path: object.origin.path,
    });
  }
  return out;
}
