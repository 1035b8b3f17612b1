/**
 * The one table of the realm representation's fields that are not plain realm settings: who
 * owns each (which kinds, the server, or nobody yet), how documents for one realm merge it, its
 * natural keys, and how export treats it. Merge rules (src/model/merge.ts), the realm kind's
 * settings, the "not managed" warnings and export's split between settings and collections are
 * all derived from it; nothing else lists these fields. Every field not listed here is a realm
 * setting, owned by the `realm` kind.
 */

export type MergeItem = Record<string, unknown>;
export type MergePath = readonly (string | number)[];

/**
 * How documents for one realm combine:
 * - `scalar`: declared once; the same value again is fine, a different value is an error naming both places.
 * - `list`: concatenated; two items with the same natural key are an error naming both places.
 * - `map`: merged key by key, each key by its own rule (`fields`) or the default (`of`).
 */
export type MergeRule =
  | { kind: 'scalar' }
  | {
      kind: 'list';
      key: (item: MergeItem) => string | undefined;
      noun: (key: string, path: MergePath) => string;
    }
  | { kind: 'map'; of: MergeRule; fields?: Record<string, MergeRule> };

export type FieldOwner =
  /** Managed by these kinds. */
  | { kinds: readonly string[] }
  /** Filled in by Keycloak: never planned, never sent. */
  | { server: true }
  /** Accepted in files (exports carry it) but not managed: every plan says it is ignored. */
  | { ignored: string }
  /** realmform's own settings in a manifest (ownership modes): never sent to Keycloak. */
  | { tool: true };

export interface RealmField {
  owner: FieldOwner;
  /** Default: scalar. */
  merge?: MergeRule;
  /**
   * Export diffs it against a scratch realm like a setting (`setting`), or builds it in a
   * section of its own (`collection`, the default for kind-owned fields).
   */
  export?: 'setting' | 'collection';
}

const scalar: MergeRule = { kind: 'scalar' };

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function list(noun: string, key: (item: MergeItem) => string | undefined): MergeRule {
  return { kind: 'list', key, noun: (k) => `${noun} \`${k}\`` };
}

const byName = (item: MergeItem) => text(item.name);
const byAlias = (item: MergeItem) => text(item.alias);

/**
 * A client's natural key: its clientId; keycloak-config-cli also identifies a client without
 * one by its name. (Some old exports repeat the id as clientId: the name is the key then.)
 */
export function clientNaturalKey(client: {
  clientId?: string;
  name?: string;
  id?: string;
}): string | undefined {
  if (client.clientId && client.clientId !== client.id) return client.clientId;
  return client.name ?? client.clientId;
}

/** Keycloak lower-cases usernames; with email-as-username a user may have only an email. */
export function userNaturalKey(user: { username?: string; email?: string }): string | undefined {
  return (text(user.username) ?? text(user.email))?.toLowerCase();
}

function scopeMappingKey(item: MergeItem): string | undefined {
  if (typeof item.client === 'string') return `client ${item.client}`;
  if (typeof item.clientScope === 'string') return `client scope ${item.clientScope}`;
  return undefined;
}

const scopeMappings: MergeRule = {
  kind: 'list',
  key: scopeMappingKey,
  noun: (k) => `scope mapping for ${k}`,
};

/** The realm's flow bindings (flow aliases in the realm representation). */
export const FLOW_BINDING_FIELDS = [
  'browserFlow',
  'registrationFlow',
  'directGrantFlow',
  'resetCredentialsFlow',
  'clientAuthenticationFlow',
  'dockerAuthenticationFlow',
  'firstBrokerLoginFlow',
] as const;

/** Realm fields written through /events/config, which validates listeners. */
export const EVENTS_CONFIG_FIELDS = [
  'eventsEnabled',
  'eventsExpiration',
  'eventsListeners',
  'enabledEventTypes',
  'adminEventsEnabled',
  'adminEventsDetailsEnabled',
] as const;

const owned = (...kinds: string[]): FieldOwner => ({ kinds });

export const REALM_FIELDS: Readonly<Record<string, RealmField>> = {
  id: { owner: { server: true }, export: 'setting' },
  realmform: {
    owner: { tool: true },
    merge: { kind: 'map', of: { kind: 'map', of: scalar } },
    export: 'setting',
  },
  keycloakVersion: { owner: { server: true }, export: 'setting' },
  roles: {
    owner: owned('realm-role', 'client-role', 'role-composite'),
    merge: {
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
  },
  defaultRole: { owner: owned('role-composite') },
  groups: { owner: owned('group', 'group-role-mapping'), merge: list('group', byName) },
  defaultGroups: { owner: owned('default-group') },
  users: { owner: owned('user', 'user-group', 'user-role-mapping'), merge: list('user', userNaturalKey) },
  federatedUsers: {
    owner: { ignored: 'federated users' },
    merge: list('federated user', (u) => text(u.username)?.toLowerCase()),
    export: 'setting',
  },
  clients: {
    owner: owned(
      'client',
      'authz-settings',
      'authz-scope',
      'authz-resource',
      'authz-policy',
      'authz-permission',
    ),
    merge: list('client', (c) => clientNaturalKey(c)),
  },
  clientScopes: { owner: owned('client-scope'), merge: list('client scope', byName) },
  defaultDefaultClientScopes: { owner: owned('realm-default-client-scope') },
  defaultOptionalClientScopes: { owner: owned('realm-optional-client-scope') },
  scopeMappings: { owner: owned('scope-mapping'), merge: scopeMappings },
  clientScopeMappings: { owner: owned('scope-mapping'), merge: { kind: 'map', of: scopeMappings } },
  identityProviders: { owner: owned('identity-provider'), merge: list('identity provider', byAlias) },
  identityProviderMappers: {
    owner: owned('identity-provider-mapper'),
    merge: list('identity provider mapper', (m) =>
      m.name === undefined ? undefined : `${String(m.identityProviderAlias)}/${String(m.name)}`,
    ),
  },
  components: {
    owner: owned('component', 'sub-component'),
    // Keycloak repeats names across sub-types (client registration policies: anonymous/authenticated).
    merge: {
      kind: 'map',
      of: {
        kind: 'list',
        key: (c) => (typeof c.name === 'string' ? `${text(c.subType) ?? ''}\u0000${c.name}` : undefined),
        noun: (k, path) => `component \`${k.split('\u0000')[1]}\` of type \`${String(path[1])}\``,
      },
    },
  },
  authenticationFlows: { owner: owned('auth-flow'), merge: list('authentication flow', byAlias) },
  authenticatorConfig: { owner: owned('auth-flow'), merge: list('authenticator config', byAlias) },
  requiredActions: { owner: owned('required-action'), merge: list('required action', byAlias) },
  organizations: {
    owner: owned('organization', 'organization-member'),
    merge: list('organization', (o) => text(o.alias) ?? text(o.name)),
    export: 'setting',
  },
  clientPolicies: {
    owner: owned('client-policy'),
    merge: {
      kind: 'map',
      of: scalar,
      fields: {
        policies: list('client policy', byName),
        globalPolicies: list('global client policy', byName),
      },
    },
    export: 'setting',
  },
  clientProfiles: {
    owner: owned('client-profile'),
    merge: {
      kind: 'map',
      of: scalar,
      fields: {
        profiles: list('client profile', byName),
        globalProfiles: list('global client profile', byName),
      },
    },
    export: 'setting',
  },
  userProfile: {
    owner: owned('user-profile'),
    merge: {
      kind: 'map',
      of: scalar,
      fields: {
        attributes: list('user profile attribute', byName),
        groups: list('user profile group', byName),
      },
    },
    export: 'setting',
  },
  localizationTexts: {
    owner: owned('localization-text'),
    merge: { kind: 'map', of: { kind: 'map', of: scalar } },
    export: 'setting',
  },
  // keycloak-config-cli's name for localization texts.
  messageBundles: {
    owner: owned('localization-text'),
    merge: { kind: 'map', of: { kind: 'map', of: scalar } },
    export: 'setting',
  },
  userFederationProviders: {
    owner: { ignored: 'user federation providers' },
    merge: list('user federation provider', (p) => text(p.displayName)),
    export: 'setting',
  },
  userFederationMappers: {
    owner: { ignored: 'user federation mappers' },
    merge: list('user federation mapper', (m) =>
      m.name === undefined ? undefined : `${String(m.federationProviderDisplayName)}/${String(m.name)}`,
    ),
    export: 'setting',
  },
  // Not managed yet, and never sent with the realm: Keycloak 26.7 refuses a realm
  // representation that has `workflows`, even `[]` (400).
  workflows: { owner: { ignored: 'workflows' }, merge: list('workflow', byName), export: 'setting' },
  // Pre-Keycloak-4 names, still in the representation; Keycloak ignores them.
  protocolMappers: {
    owner: { ignored: 'realm-level protocol mappers (deprecated)' },
    merge: list('protocol mapper', byName),
    export: 'setting',
  },
  applications: { owner: { ignored: 'applications (deprecated: use clients)' }, export: 'setting' },
  oauthClients: { owner: { ignored: 'OAuth clients (deprecated: use clients)' }, export: 'setting' },
  clientTemplates: {
    owner: { ignored: 'client templates (deprecated: use client scopes)' },
    export: 'setting',
  },
  ...Object.fromEntries(
    EVENTS_CONFIG_FIELDS.map((field) => [
      field,
      { owner: owned('events-config'), export: 'setting' } as RealmField,
    ]),
  ),
  ...Object.fromEntries(
    FLOW_BINDING_FIELDS.map((field) => [
      field,
      { owner: owned('flow-binding'), export: 'setting' } as RealmField,
    ]),
  ),
  // Plain maps of settings: merged key by key.
  attributes: { owner: owned('realm'), merge: { kind: 'map', of: scalar }, export: 'setting' },
  smtpServer: { owner: owned('realm'), merge: { kind: 'map', of: scalar }, export: 'setting' },
  browserSecurityHeaders: { owner: owned('realm'), merge: { kind: 'map', of: scalar }, export: 'setting' },
};

function ownerKinds(field: RealmField): readonly string[] {
  return 'kinds' in field.owner ? field.owner.kinds : [];
}

/** The realm fields a kind owns. */
export function fieldsOwnedBy(kind: string): string[] {
  return Object.entries(REALM_FIELDS)
    .filter(([, field]) => ownerKinds(field).includes(kind))
    .map(([name]) => name);
}

/** Fields that are not realm settings: owned by other kinds, by the server, or ignored. */
export const NOT_REALM_SETTINGS: readonly string[] = Object.entries(REALM_FIELDS)
  .filter(([, field]) => !ownerKinds(field).includes('realm'))
  .map(([name]) => name);

/** Fields export builds in sections of their own (everything else is diffed like a setting). */
export const EXPORT_COLLECTIONS: ReadonlySet<string> = new Set(
  Object.entries(REALM_FIELDS)
    .filter(
      ([, field]) => (field.export ?? ('kinds' in field.owner ? 'collection' : 'setting')) === 'collection',
    )
    .map(([name]) => name),
);

/** The merge rule of each realm field that is not a plain scalar. */
export const REALM_MERGE_RULES: Readonly<Record<string, MergeRule>> = Object.fromEntries(
  Object.entries(REALM_FIELDS).flatMap(([name, field]) => (field.merge ? [[name, field.merge]] : [])),
);

/** One warning per ignored field a manifest declares (non-empty), never a silent skip. */
export function ignoredFieldWarnings(representation: Record<string, unknown>): string[] {
  return Object.entries(REALM_FIELDS).flatMap(([name, field]) => {
    if (!('ignored' in field.owner)) return [];
    const value = representation[name];
    const declared = Array.isArray(value)
      ? value.length > 0
      : value !== undefined && value !== null && (typeof value !== 'object' || Object.keys(value).length > 0);
    return declared
      ? [`\`${name}\` (${field.owner.ignored}) is not managed by this realmform version and is ignored`]
      : [];
  });
}
