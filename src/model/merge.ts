import { isDeepStrictEqual } from 'node:util';
import {
  type Diagnostic,
  type DocumentPath,
  diagnosticAt,
  formatLocation,
  formatPath,
} from './diagnostics.js';
import { locateInDocument, type Origin, type Provenance } from './locate.js';
import type { RealmManifestDocument } from './schema/realm.js';

/**
 * How documents for one realm combine:
 * - `scalar`: declared once; the same value again is fine, a different value is an error naming both places.
 * - `list`: concatenated; two items with the same natural key are an error naming both places.
 * - `map`: merged key by key, each key by its own rule (`fields`) or the default (`of`).
 */
type MergeRule =
  | { kind: 'scalar' }
  | {
      kind: 'list';
      key: (item: Item) => string | undefined;
      noun: (key: string, path: DocumentPath) => string;
    }
  | { kind: 'map'; of: MergeRule; fields?: Record<string, MergeRule> };

type Item = Record<string, unknown>;

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

function list(noun: string, key: (item: Item) => string | undefined): MergeRule {
  return { kind: 'list', key, noun: (k) => `${noun} \`${k}\`` };
}

const byName = (item: Item) => text(item.name);
const byAlias = (item: Item) => text(item.alias);

function scopeMappingKey(item: Item): string | undefined {
  if (typeof item.client === 'string') return `client ${item.client}`;
  if (typeof item.clientScope === 'string') return `client scope ${item.clientScope}`;
  return undefined;
}

const scopeMappings: MergeRule = {
  kind: 'list',
  key: scopeMappingKey,
  noun: (k) => `scope mapping for ${k}`,
};

/** The merge rules of a realm document; keys not listed are scalars. */
const realmRule: MergeRule = {
  kind: 'map',
  of: scalar,
  fields: {
    // keycloak-config-cli identifies a client without clientId by its name.
    clients: list(
      'client',
      (c) => text(c.clientId) ?? (typeof c.name === 'string' ? `name:${c.name}` : undefined),
    ),
    // Keycloak lower-cases usernames; with email-as-username a user may have only an email.
    users: list('user', (u) => (text(u.username) ?? text(u.email))?.toLowerCase()),
    federatedUsers: list('federated user', (u) => text(u.username)?.toLowerCase()),
    groups: list('group', byName),
    clientScopes: list('client scope', byName),
    roles: {
      kind: 'map',
      of: scalar,
      fields: {
        realm: list('realm role', byName),
        client: {
          kind: 'map',
          of: {
            kind: 'list',
            key: byName,
            noun: (k, path) => `role \`${k}\` of client \`${String(path[2])}\``,
          },
        },
      },
    },
    identityProviders: list('identity provider', byAlias),
    identityProviderMappers: list('identity provider mapper', (m) =>
      m.name === undefined ? undefined : `${String(m.identityProviderAlias)}/${String(m.name)}`,
    ),
    authenticationFlows: list('authentication flow', byAlias),
    authenticatorConfig: list('authenticator config', byAlias),
    requiredActions: list('required action', byAlias),
    protocolMappers: list('protocol mapper', byName),
    // Keycloak repeats names across sub-types (client registration policies: anonymous/authenticated).
    components: {
      kind: 'map',
      of: {
        kind: 'list',
        key: (c) => (typeof c.name === 'string' ? `${text(c.subType) ?? ''}\u0000${c.name}` : undefined),
        noun: (k, path) => `component \`${k.split('\u0000')[1]}\` of type \`${String(path[1])}\``,
      },
    },
    organizations: list('organization', (o) => text(o.alias) ?? text(o.name)),
    userFederationProviders: list('user federation provider', (p) => text(p.displayName)),
    userFederationMappers: list('user federation mapper', (m) =>
      m.name === undefined ? undefined : `${String(m.federationProviderDisplayName)}/${String(m.name)}`,
    ),
    scopeMappings,
    clientScopeMappings: { kind: 'map', of: scopeMappings },
    workflows: list('workflow', byName),
    clientPolicies: {
      kind: 'map',
      of: scalar,
      fields: {
        policies: list('client policy', byName),
        globalPolicies: list('global client policy', byName),
      },
    },
    clientProfiles: {
      kind: 'map',
      of: scalar,
      fields: {
        profiles: list('client profile', byName),
        globalProfiles: list('global client profile', byName),
      },
    },
    userProfile: {
      kind: 'map',
      of: scalar,
      fields: {
        attributes: list('user profile attribute', byName),
        groups: list('user profile group', byName),
      },
    },
    attributes: { kind: 'map', of: scalar },
    smtpServer: { kind: 'map', of: scalar },
    browserSecurityHeaders: { kind: 'map', of: scalar },
    localizationTexts: { kind: 'map', of: { kind: 'map', of: scalar } },
    messageBundles: { kind: 'map', of: { kind: 'map', of: scalar } },
  },
};

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
