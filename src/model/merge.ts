import { isDeepStrictEqual } from 'node:util';
import {
  type Diagnostic,
  type DocumentPath,
  diagnosticAt,
  formatLocation,
  formatPath,
} from './diagnostics.js';
import { locateInDocument, type Origin, type Provenance } from './locate.js';
import { type MergeItem, type MergeRule, REALM_MERGE_RULES } from './realm-fields.js';
import type { RealmManifestDocument } from './schema/realm.js';

type Item = MergeItem;

interface Entry {
  value: unknown;
  origin: Origin;
}

interface MergeContext {
  provenance: Provenance;
  diagnostics: Diagnostic[];
}

const scalar: MergeRule = { kind: 'scalar' };

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The merge rules of a realm document (src/model/realm-fields.ts); keys not listed are scalars. */
const realmRule: MergeRule = { kind: 'map', of: scalar, fields: { ...REALM_MERGE_RULES } };

/** `a.yaml:3 and b.yaml:7`; with columns when both are on one line (flow style `[{…}, {…}]`). */
function places(first: Origin, second: Origin): string {
  const a = locateInDocument(first.source, first.path);
  const b = locateInDocument(second.source, second.path);
  if (a.file === b.file && a.line === b.line)
    return `${formatLocation(a)}:${a.column} and ${formatLocation(b)}:${b.column}`;
  return `${formatLocation(a)} and ${formatLocation(b)}`;
}

function report(ctx: MergeContext, summary: string, origin: Origin): void {
  ctx.diagnostics.push(
    diagnosticAt('error', summary, locateInDocument(origin.source, origin.path), origin.path),
  );
}

/** Checks that needs the item itself: sub-groups and protocol mappers are unique among their siblings. */
function checkItem(path: DocumentPath, item: Item, origin: Origin, ctx: MergeContext): void {
  const top = path[0];
  if (top === 'groups')
    checkSiblings(item, 'subGroups', origin, ctx, (k) => `group \`${k}\``, `/${String(item.name)}`);
  if (top === 'clients' || top === 'clientScopes') {
    const owner =
      top === 'clients'
        ? `client \`${String(item.clientId ?? item.name)}\``
        : `client scope \`${String(item.name)}\``;
    checkSiblings(item, 'protocolMappers', origin, ctx, (k) => `protocol mapper \`${k}\` of ${owner}`);
  }
  if (top === 'users' && text(item.username) === undefined && text(item.email) === undefined) {
    report(ctx, 'user has neither `username` nor `email`', origin);
  }
}

function checkSiblings(
  item: Item,
  field: 'subGroups' | 'protocolMappers',
  origin: Origin,
  ctx: MergeContext,
  noun: (key: string) => string,
  groupPath?: string,
): void {
  const children = item[field];
  if (!Array.isArray(children)) return;
  const seen = new Map<string, Origin>();
  children.forEach((child: Item, index) => {
    const childOrigin: Origin = { source: origin.source, path: [...origin.path, field, index] };
    const name = text(child.name);
    if (name !== undefined) {
      const label = groupPath === undefined ? name : `${groupPath}/${name}`;
      const previous = seen.get(name);
      if (previous)
        report(ctx, `${noun(label)} is declared twice: ${places(previous, childOrigin)}`, childOrigin);
      else seen.set(name, childOrigin);
    }
    if (field === 'subGroups') {
      checkSiblings(child, 'subGroups', childOrigin, ctx, noun, `${groupPath}/${String(child.name)}`);
    }
  });
}

function mergeEntries(rule: MergeRule, entries: Entry[], path: DocumentPath, ctx: MergeContext): unknown {
  const first = entries[0]!;
  if (rule.kind === 'scalar') {
    for (const entry of entries.slice(1)) {
      if (!isDeepStrictEqual(first.value, entry.value)) {
        report(
          ctx,
          `\`${formatPath(path)}\` is declared twice with different values: ${places(first.origin, entry.origin)}`,
          entry.origin,
        );
      }
    }
    return first.value;
  }
  if (rule.kind === 'list') {
    const merged: unknown[] = [];
    ctx.provenance.setContainerOrigin(merged, first.origin);
    const seen = new Map<string, Origin>();
    for (const entry of entries) {
      if (!Array.isArray(entry.value)) continue;
      entry.value.forEach((item: unknown, index) => {
        const origin: Origin = { source: entry.origin.source, path: [...entry.origin.path, index] };
        if (typeof item === 'object' && item !== null) {
          const object = item as Item;
          checkItem(path, object, origin, ctx);
          const key = rule.key(object);
          if (key !== undefined) {
            const previous = seen.get(key);
            if (previous) {
              const summary = `${rule.noun(key, path)} is declared twice: ${places(previous, origin)}`;
              report(ctx, summary, origin);
              return;
            }
            seen.set(key, origin);
          }
        }
        ctx.provenance.setEntryOrigin(merged, merged.length, origin);
        merged.push(item);
      });
    }
    return merged;
  }
  const byKey = new Map<string, Entry[]>();
  for (const entry of entries) {
    if (typeof entry.value !== 'object' || entry.value === null) continue;
    for (const [key, value] of Object.entries(entry.value)) {
      const child: Entry = {
        value,
        origin: { source: entry.origin.source, path: [...entry.origin.path, key] },
      };
      const existing = byKey.get(key);
      if (existing) existing.push(child);
      else byKey.set(key, [child]);
    }
  }
  const merged: Record<string, unknown> = {};
  ctx.provenance.setContainerOrigin(merged, first.origin);
  for (const [key, children] of byKey) {
    const childRule = rule.fields?.[key] ?? rule.of;
    Object.defineProperty(merged, key, {
      value: mergeEntries(childRule, children, [...path, key], ctx),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    ctx.provenance.setEntryOrigin(merged, key, children[0]!.origin);
  }
  return merged;
}

export interface MergeInput {
  data: RealmManifestDocument;
  origin: Origin;
}

/** Merges the validated documents of one realm, in load order. */
export function mergeRealmDocuments(
  documents: readonly MergeInput[],
  provenance: Provenance,
): { representation: RealmManifestDocument; diagnostics: Diagnostic[] } {
  const ctx: MergeContext = { provenance, diagnostics: [] };
  const entries = documents.map((d) => ({ value: d.data, origin: d.origin }));
  const representation = mergeEntries(realmRule, entries, [], ctx) as RealmManifestDocument;
  return { representation, diagnostics: ctx.diagnostics };
}
