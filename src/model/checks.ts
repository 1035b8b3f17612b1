/**
 * Checks across fields of one realm, run on the merged manifest (the fields may come from
 * different files). They catch what Keycloak would refuse halfway through an apply, or silently
 * turn into something else so that the realm could never converge: all reported before anything
 * is sent.
 */
import type { DocumentPath } from './diagnostics.js';
import type { RealmManifestDocument } from './schema/realm.js';

export interface RealmProblem {
  summary: string;
  path: DocumentPath;
}

export function checkRealm(realm: RealmManifestDocument): RealmProblem[] {
  return [
    ...realmName(realm),
    ...controlCharacters(realm, []),
    ...lineBreaksInNames(realm),
    ...closedAttributeValues(realm),
    ...nonNegativeDurations(realm),
    ...closedValueSets(realm),
    ...emailAsUsername(realm),
    ...unusedAuthenticatorConfigs(realm),
  ];
}

/** Characters that break the realm's URLs (`/realms/{realm}/…`) or hide what the name says. */
const UNSAFE_IN_REALM_NAME = /[/\\%?#\s\p{Cc}\p{Bidi_Control}]/u;

function realmName(realm: RealmManifestDocument): RealmProblem[] {
  const found = UNSAFE_IN_REALM_NAME.exec(realm.realm);
  if (!found) return [];
  return [
    {
      summary: `the realm name has ${describeCharacter(found[0])}: realm names appear in every URL; use letters, digits, '-', '_' and '.'`,
      path: ['realm'],
    },
  ];
}

/**
 * NUL and other control characters (tab, newline and carriage return aside) are never meant in a
 * realm file, and bidirectional overrides make a name read differently than it is. A lone
 * surrogate (`"\ud800"` in JSON) is no character at all: Keycloak would store U+FFFD.
 */
const FORBIDDEN_ANYWHERE = /(?![\t\n\r])[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069]/u;

function controlCharacters(value: unknown, path: DocumentPath): RealmProblem[] {
  if (typeof value === 'string') {
    const found = FORBIDDEN_ANYWHERE.exec(value);
    return found ? [{ summary: `the value has ${describeCharacter(found[0])}`, path }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => controlCharacters(item, [...path, index]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => {
      const found = FORBIDDEN_ANYWHERE.exec(key);
      const own = found
        ? [{ summary: `the key has ${describeCharacter(found[0])}`, path: [...path, key] }]
        : [];
      return [...own, ...controlCharacters(inner, [...path, key])];
    });
  return [];
}

function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const name =
    code === 0
      ? 'a NUL byte'
      : code >= 0xd800 && code <= 0xdfff
        ? 'a lone surrogate (half of a character)'
        : /\s/.test(character) && code > 0x1f
          ? 'white space'
          : 'the character';
  return `${name} U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Names people type and match (clientId, role, group, user, alias …): a line break or tab there is
 * a slip that makes an object nobody can find by name (allowed in descriptions, not here).
 */
const BREAK_IN_NAME = /[\t\n\r]/;

function lineBreaksInNames(realm: RealmManifestDocument): RealmProblem[] {
  const problems: RealmProblem[] = [];
  const check = (value: unknown, path: DocumentPath) => {
    if (typeof value !== 'string') return;
    const found = BREAK_IN_NAME.exec(value);
    if (found)
      problems.push({ summary: `the name has ${describeCharacter(found[0])}: names are one line`, path });
  };
  const each = (items: unknown, field: string, path: DocumentPath) => {
    if (!Array.isArray(items)) return;
    items.forEach((item: unknown, index) => {
      if (item && typeof item === 'object')
        check((item as Record<string, unknown>)[field], [...path, index, field]);
    });
  };
  const rep = realm as Record<string, unknown>;
  each(rep.clients, 'clientId', ['clients']);
  each(rep.clientScopes, 'name', ['clientScopes']);
  each(rep.users, 'username', ['users']);
  each(rep.identityProviders, 'alias', ['identityProviders']);
  each(rep.authenticationFlows, 'alias', ['authenticationFlows']);
  const roles = rep.roles as { realm?: unknown; client?: Record<string, unknown> } | undefined;
  each(roles?.realm, 'name', ['roles', 'realm']);
  for (const [clientId, list] of Object.entries(roles?.client ?? {}))
    each(list, 'name', ['roles', 'client', clientId]);
  const groups = (items: unknown, path: DocumentPath) => {
    each(items, 'name', path);
    if (!Array.isArray(items)) return;
    items.forEach((item: unknown, index) => {
      if (item && typeof item === 'object')
        groups((item as Record<string, unknown>).subGroups, [...path, index, 'subGroups']);
    });
  };
  groups(rep.groups, ['groups']);
  return problems;
}

/**
 * Values Keycloak stores whatever they are but only understands from a fixed list: a client's PKCE
 * method, and the type of a credential given as a plain `value` (only passwords are hashed from
 * one; anything else would be stored as a broken credential or dropped).
 */
function closedAttributeValues(realm: RealmManifestDocument): RealmProblem[] {
  const problems: RealmProblem[] = [];
  const rep = realm as Record<string, unknown>;
  const list = (value: unknown): Record<string, unknown>[] =>
    Array.isArray(value) ? value.filter((item) => item && typeof item === 'object') : [];
  list(rep.clients).forEach((client, index) => {
    const attributes = client.attributes as Record<string, unknown> | undefined;
    const method = attributes?.['pkce.code.challenge.method'];
    if (method !== undefined && method !== null && !['S256', 'plain', ''].includes(String(method)))
      problems.push({
        summary: `pkce.code.challenge.method must be S256, plain or empty (got ${JSON.stringify(method)})`,
        path: ['clients', index, 'attributes', 'pkce.code.challenge.method'],
      });
  });
  (Array.isArray(rep.users) ? rep.users : []).forEach((user: unknown, index) => {
    if (!user || typeof user !== 'object') return;
    list((user as Record<string, unknown>).credentials).forEach((credential, position) => {
      if (credential.value === undefined || credential.type === undefined || credential.type === 'password')
        return;
      problems.push({
        summary: `a credential given as a plain value must be of type password (got ${JSON.stringify(credential.type)})`,
        path: ['users', index, 'credentials', position, 'type'],
      });
    });
  });
  return problems;
}

/** Realm durations and counts: Keycloak stores a negative one and then misbehaves. */
const DURATION_FIELD =
  /(Lifespan|Timeout|Expiration|Interval|MaxReuse|LifespanForImplicitFlow|^failureFactor|^notBefore|Wait(IncrementSeconds)?|FailureResetTimeSeconds|maxDeltaTimeSeconds)$/;

function nonNegativeDurations(realm: RealmManifestDocument): RealmProblem[] {
  return Object.entries(realm).flatMap(([field, value]) =>
    DURATION_FIELD.test(field) && typeof value === 'number' && value < 0
      ? [{ summary: `${field} cannot be negative (got ${value})`, path: [field] }]
      : [],
  );
}

/** The values of `sslRequired` (any case). */
export const SSL_REQUIRED_VALUES = ['none', 'external', 'all'] as const;

/**
 * Fields whose values Keycloak defines once for all servers (provider ids are checked at plan
 * time). The JSON Schema offers the same values to editors.
 */
export const VALUE_SETS: readonly {
  collection: keyof RealmManifestDocument;
  field: string;
  values: readonly string[];
}[] = [
  {
    collection: 'authenticationFlows',
    field: 'providerId',
    values: ['basic-flow', 'client-flow', 'form-flow'],
  },
  { collection: 'identityProviders', field: 'config.syncMode', values: ['IMPORT', 'LEGACY', 'FORCE'] },
  {
    collection: 'identityProviderMappers',
    field: 'config.syncMode',
    values: ['INHERIT', 'IMPORT', 'LEGACY', 'FORCE'],
  },
  { collection: 'clientScopes', field: 'protocol', values: ['openid-connect', 'saml', 'oid4vc'] },
  { collection: 'clients', field: 'protocol', values: ['openid-connect', 'saml', 'docker-v2', 'oid4vc'] },
];

function closedValueSets(realm: RealmManifestDocument): RealmProblem[] {
  const problems: RealmProblem[] = [];
  if (
    realm.sslRequired !== undefined &&
    !(SSL_REQUIRED_VALUES as readonly string[]).includes(realm.sslRequired.toLowerCase())
  )
    problems.push({
      summary: `sslRequired must be none, external or all (got ${JSON.stringify(realm.sslRequired)})`,
      path: ['sslRequired'],
    });
  for (const { collection, field, values } of VALUE_SETS) {
    const items = realm[collection];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, index) => {
      const segments = field.split('.');
      let value: unknown = item;
      for (const segment of segments)
        value = value && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
      if (value === undefined || (typeof value === 'string' && values.includes(value))) return;
      problems.push({
        summary: `${segments.at(-1)} must be one of ${values.join(', ')} (got ${JSON.stringify(value)})`,
        path: [collection, index, ...segments],
      });
    });
  }
  return problems;
}

/**
 * An authenticator config belongs to the one execution that names it (Keycloak creates it
 * against that execution's id): a config no execution names would never be created, and the
 * plan would not show that it is missing.
 */
function unusedAuthenticatorConfigs(realm: RealmManifestDocument): RealmProblem[] {
  const named = new Set(
    (realm.authenticationFlows ?? []).flatMap((flow) =>
      (flow.authenticationExecutions ?? []).flatMap((execution) => execution.authenticatorConfig ?? []),
    ),
  );
  return (realm.authenticatorConfig ?? []).flatMap((config, index) =>
    config.alias !== undefined && named.has(config.alias)
      ? []
      : [
          {
            summary:
              `authenticator config ${JSON.stringify(config.alias ?? '')} is not named by any execution ` +
              '(`authenticatorConfig` of an execution in authenticationFlows), so it would never be created: ' +
              'name it in the execution it configures, or remove it.',
            path: ['authenticatorConfig', index],
          },
        ],
  );
}

/**
 * With `registrationEmailAsUsername`, Keycloak stores a user's email as its username whatever
 * username is sent (measured on 26.7): a user declared with another username would be created
 * under its email and never be found by its declared name.
 */
function emailAsUsername(realm: RealmManifestDocument): RealmProblem[] {
  if (realm.registrationEmailAsUsername !== true) return [];
  return (realm.users ?? []).flatMap((user, index) => {
    const { username, email } = user;
    if (!username || !email || user.serviceAccountClientId) return [];
    if (username.toLowerCase() === email.toLowerCase()) return [];
    return [
      {
        summary:
          `the realm has registrationEmailAsUsername on, so Keycloak makes the username the email ` +
          `(${JSON.stringify(email)}): a user named ${JSON.stringify(username)} would never exist. ` +
          'Write the email as username, or leave username out.',
        path: ['users', index, 'username'],
      },
    ];
  });
}
