/**
 * Group tree helpers shared by the group kinds. Groups are keyed by path (`/parent/child`), built
 * from names exactly as Keycloak builds them (names are joined with `/`, unescaped: Keycloak's
 * default `escapeSlashesInGroupPath=false`), so manifest paths, live paths and `defaultGroups`
 * entries all agree.
 */

import type { GroupRepresentation } from '../../../client/types/index.js';
import type { KindContext, ManifestView, Origin } from '../../kind.js';
import { defineRead, USER_SIDE_KINDS } from '../../shared-read.js';
import { readPartialExport } from '../server/reads.js';

export interface GroupEntry {
  path: string;
  group: GroupRepresentation;
  /** Manifest path segments, e.g. `['groups', 0, 'subGroups', 1]`. */
  trail: (string | number)[];
}

export function childPath(parentPath: string, name: string): string {
  return `${parentPath}/${name}`;
}

/** Depth-first flattening, parents before children. */
export function flattenGroups(
  groups: readonly GroupRepresentation[] | undefined,
  parentPath = '',
  trail: (string | number)[] = ['groups'],
): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const [index, group] of (groups ?? []).entries()) {
    const path = childPath(parentPath, String(group.name ?? ''));
    const here = [...trail, index];
    out.push({ path, group, trail: here });
    out.push(...flattenGroups(group.subGroups, path, [...here, 'subGroups']));
  }
  return out;
}

/** Declared groups, or `undefined` when the manifest has no `groups` collection. */
export function declaredGroups(manifest: ManifestView): GroupEntry[] | undefined {
  const groups = manifest.representation.groups;
  return groups === undefined ? undefined : flattenGroups(groups);
}

export function originOf(manifest: ManifestView, trail: readonly (string | number)[]): Origin {
  return { path: renderTrail(trail), ...manifest.locate(trail) };
}

/** `['groups', 0, 'subGroups', 1]` → `groups[0].subGroups[1]` */
export function renderTrail(trail: readonly (string | number)[]): string {
  return trail
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join('');
}

/**
 * Every live group, flattened, from the shared partial export: it carries the whole tree (all
 * levels and all children, not the 10 `/children` pages by default) with descriptions,
 * attributes and role mappings in one request.
 */
export function liveGroups(ctx: KindContext): Promise<GroupEntry[]> {
  return ctx.read(liveGroupsRead);
}

/** Group id by path at write time (the group may have been created earlier in this apply). */
export async function groupIdByPath(ctx: KindContext, path: string): Promise<string> {
  const key = `write:group-id:${path}`;
  const id = await ctx.memo(
    key,
    async () => (await ctx.admin.getGroupByPath(path, { searchInSubgroups: true }))?.id,
  );
  if (!id) {
    ctx.forget(key);
    throw new Error(`group "${path}" does not exist in realm ${ctx.realm}`);
  }
  return id;
}

/** Remembers the id of a group just created, so later steps need no lookup. */
export function rememberGroupId(ctx: KindContext, path: string, id: string): void {
  ctx.forget(`write:group-id:${path}`);
  void ctx.memo(`write:group-id:${path}`, async () => id);
}

export function forgetGroupIds(ctx: KindContext, path: string): void {
  // The prefix also drops descendants' ids: deleting a group deletes its subtree.
  ctx.forget(`write:group-id:${path}`);
}

export function normalizePath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

const liveGroupsRead = defineRead({
  name: 'live groups',
  load: async (ctx) => flattenGroups((await readPartialExport(ctx)).groups),
  staleAfter: { allBut: USER_SIDE_KINDS },
});
