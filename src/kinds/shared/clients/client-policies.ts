/**
 * What the client-profile and client-policy kinds share. Both collections are whole documents
 * on the server (`GET`/`PUT /client-policies/profiles|policies`): every write reads the current
 * list, changes one entry and puts the complete list back. Keycloak's global profiles (the FAPI
 * and OAuth 2.1 ones) are built into the server: read as built-in objects, never written.
 */

import type {
  ClientPoliciesRepresentation,
  ClientProfilesRepresentation,
} from '../../../client/types/index.js';
import { compareDeclared } from '../../../core/compare.js';
import type { PlanDiagnostic } from '../../../core/diagnostics.js';
import {
  address,
  type DesiredObject,
  type KindContext,
  type LiveObject,
  type ManifestView,
  type Origin,
  type ValueObject,
} from '../../kind.js';
import { defineRead } from '../../shared-read.js';
import { manifestPath } from '../identities/roles.js';

type ProfileEntry = NonNullable<ClientProfilesRepresentation['profiles']>[number];
type PolicyEntry = NonNullable<ClientPoliciesRepresentation['policies']>[number];
/** The entries as they are, in mapped form (which, unlike an interface, is a value object). */
export type ClientProfile = Pick<ProfileEntry, keyof ProfileEntry>;
export type ClientPolicy = Pick<PolicyEntry, keyof PolicyEntry>;

/**
 * Keycloak 26's global profiles. A plan for a realm that does not exist yet reads nothing, so
 * policies naming these are not checked against the (empty) live list.
 */
export const GLOBAL_CLIENT_PROFILES: ReadonlySet<string> = new Set([
  'fapi-1-baseline',
  'fapi-1-advanced',
  'fapi-ciba',
  'fapi-2-security-profile',
  'fapi-2-message-signing',
  'fapi-2-dpop-security-profile',
  'fapi-2-dpop-message-signing',
  'oauth-2-1-for-confidential-client',
  'oauth-2-1-for-public-client',
  'saml-security-profile',
]);

interface Declared<T> {
  entry: T;
  origin: Origin;
}

function declared<T>(
  manifest: ManifestView,
  document: 'clientProfiles' | 'clientPolicies',
  list: 'profiles' | 'policies',
): Declared<T>[] | undefined {
  const doc = manifest.representation[document] as Record<string, unknown> | undefined;
  const entries = doc?.[list];
  // `clientProfiles: {}` (or only `globalProfiles`, as exports write) declares nothing.
  if (!Array.isArray(entries)) return undefined;
  return entries.map((entry, index) => {
    const path = [document, list, index];
    // The manifest's document, as the schema checked it: entries of the declared list.
    return { entry: entry as T, origin: { path: manifestPath(path), ...manifest.locate(path) } };
  });
}

export function declaredProfiles(manifest: ManifestView): Declared<ClientProfile>[] | undefined {
  return declared<ClientProfile>(manifest, 'clientProfiles', 'profiles');
}

export function declaredPolicies(manifest: ManifestView): Declared<ClientPolicy>[] | undefined {
  return declared<ClientPolicy>(manifest, 'clientPolicies', 'policies');
}

/** The realm's profiles and the server's global ones: one request per plan. */
export function liveProfiles(ctx: KindContext): Promise<ClientProfilesRepresentation> {
  return ctx.read(clientProfilesRead);
}

/** The realm's policies and the server's global ones: one request per plan. */
export function livePolicies(ctx: KindContext): Promise<ClientPoliciesRepresentation> {
  return ctx.read(clientPoliciesRead);
}

/**
 * Read-modify-write of the profiles document. `change` gets the current realm profiles (fresh,
 * not memoized: an earlier step of this apply may have written) and returns the new list, or
 * `undefined` when nothing is to be written.
 */
export async function writeProfiles(
  ctx: KindContext,
  change: (current: ClientProfile[]) => ClientProfile[] | undefined,
): Promise<void> {
  const current: ClientProfile[] = (await ctx.admin.getClientProfiles()).profiles ?? [];
  const next = change(current);
  if (next) await ctx.admin.updateClientProfiles({ profiles: next });
}

export async function writePolicies(
  ctx: KindContext,
  change: (current: ClientPolicy[]) => ClientPolicy[] | undefined,
): Promise<void> {
  const current: ClientPolicy[] = (await ctx.admin.getClientPolicies()).policies ?? [];
  const next = change(current);
  if (next) await ctx.admin.updateClientPolicies({ policies: next });
}

/** Puts `entry` in place of the element with its name (keeping the list's order), or appends it. */
export function upsert<T extends { name?: string }>(list: readonly T[], entry: T): T[] {
  const index = list.findIndex((item) => item.name === entry.name);
  if (index < 0) return [...list, entry];
  return list.map((item, i) => (i === index ? { ...item, ...entry } : item));
}

/** The list without the named element, or `undefined` when it is not there (nothing to write). */
export function without<T extends { name?: string }>(list: readonly T[], name: string): T[] | undefined {
  return list.some((item) => item.name === name) ? list.filter((item) => item.name !== name) : undefined;
}

/**
 * A declared entry named like a global (built-in) one is fine while it equals it (nothing is
 * written); a different one would be written and rejected by Keycloak (400): an error at plan time.
 */
export function globalConflicts<T extends ValueObject>(
  kind: string,
  desired: readonly DesiredObject<T>[],
  live: readonly LiveObject<T>[],
): PlanDiagnostic[] {
  const globals = new Map(live.filter((object) => object.builtIn).map((object) => [object.key[0], object]));
  return desired.flatMap((object) => {
    const global = globals.get(object.key[0]);
    if (!global || compareDeclared(object.value, global.value).length === 0) return [];
    const addr = address(kind, object.key);
    return [
      diagnostic('error', `${addr} is built into Keycloak (global) and cannot be changed`, addr, object),
    ];
  });
}

export function diagnostic(
  severity: PlanDiagnostic['severity'],
  summary: string,
  addr: string,
  object?: DesiredObject,
): PlanDiagnostic {
  return {
    severity,
    summary,
    address: addr,
    ...(object?.origin.file ? { file: object.origin.file } : {}),
    ...(object?.origin.line ? { line: object.origin.line } : {}),
    ...(object ? { path: object.origin.path } : {}),
  };
}

const clientProfilesRead = defineRead({
  name: 'client profiles',
  load: (ctx) => ctx.admin.getClientProfiles({ includeGlobalProfiles: true }),
  staleAfter: ['client-profile'],
});

const clientPoliciesRead = defineRead({
  name: 'client policies',
  load: (ctx) => ctx.admin.getClientPolicies({ includeGlobalPolicies: true }),
  staleAfter: ['client-policy'],
});
