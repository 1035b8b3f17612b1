// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${env:…}` here is manifest syntax, not a template.
/**
 * The bad-input corpus: broken manifests derived from the example realm (examples/realms/shop.yaml),
 * over every category a user can get wrong. Each case is one or more files; none may change the
 * server. `stage` says where the mistake can be seen: `validate` (the files alone, no server) or
 * `plan` (only against the server's own lists and objects; `validate` may pass).
 *
 * Generated, not stored: `badInputCases(realm)` builds them for a realm name (the test's own).
 * `npx tsx test/bad-input/cases.ts` lists them (category, stage, name).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';

export type Category =
  | 'syntax'
  | 'encoding'
  | 'empty-binary-huge'
  | 'yaml-bomb'
  | 'type'
  | 'unknown-key'
  | 'missing-key'
  | 'enum'
  | 'range'
  | 'control-character'
  | 'dangling-reference'
  | 'unknown-provider'
  | 'duplicate'
  | 'variable';

export interface BadInputCase {
  name: string;
  category: Category;
  /**
   * Where it must fail at the latest: `validate` (the file alone), `plan` (the server's state), or
   * `apply` (a secret variable that only the write needs: validate and plan go on, with a warning).
   */
  stage: 'validate' | 'plan' | 'apply';
  /** File name → content (bytes for encodings and binary files). */
  files: Record<string, string | Uint8Array>;
  /** The mistake is in the YAML itself (a tag), before any value has a path: file and line suffice. */
  pathless?: boolean;
}

type Doc = Record<string, unknown> & {
  clients: Record<string, unknown>[];
  roles: { realm: Record<string, unknown>[]; client: Record<string, Record<string, unknown>[]> };
  groups: Record<string, unknown>[];
  users: Record<string, unknown>[];
  identityProviders: Record<string, unknown>[];
  identityProviderMappers: Record<string, unknown>[];
  authenticationFlows: Record<string, unknown>[];
  clientScopes: Record<string, unknown>[];
};

const EXAMPLE = resolve(import.meta.dirname, '../../examples/realms/shop.yaml');

/** The example realm, renamed, as a plain object (variables left as written). */
export function baseDocument(realm: string): Doc {
  const doc = parse(readFileSync(EXAMPLE, 'utf8')) as Doc;
  doc.realm = realm;
  return doc;
}

export function baseText(realm: string): string {
  return stringify(baseDocument(realm), { lineWidth: 0 });
}

export function badInputCases(realm: string): BadInputCase[] {
  const cases: BadInputCase[] = [];
  const add = (
    category: Category,
    stage: BadInputCase['stage'],
    name: string,
    files: BadInputCase['files'],
  ) => cases.push({ category, stage, name, files });
  /** A mutated copy of the example, in one YAML file. */
  /** Mistakes the files alone cannot show (a server-side list or check): `plan` must catch them. */
  const serverSees = new Set([
    'a user without username or email',
    'an authorization scope without name',
    'an execution with neither authenticator nor flowAlias',
    'clientAuthenticatorType "client-secrett"',
    'a 300-character sub-flow description',
  ]);
  const mutated = (
    category: Category,
    stage: BadInputCase['stage'],
    name: string,
    change: (doc: Doc) => void,
  ) => {
    const doc = baseDocument(realm);
    change(doc);
    add(category, serverSees.has(name) ? 'plan' : stage, name, {
      'realm.yaml': stringify(doc, { lineWidth: 0 }),
    });
  };
  const text = (category: Category, name: string, content: string, file = 'realm.yaml') =>
    add(category, 'validate', name, { [file]: content });
  const base = baseText(realm);
  const client = (doc: Doc, clientId: string) =>
    doc.clients.find((c) => c.clientId === clientId) as Record<string, unknown>;
  const authz = (doc: Doc) =>
    client(doc, 'orders-api').authorizationSettings as Record<string, Record<string, unknown>[]>;
  const policy = (doc: Doc, index: number) => (authz(doc).policies ?? [])[index] as Record<string, unknown>;
  const resource = (doc: Doc, index: number) =>
    (authz(doc).resources ?? [])[index] as Record<string, unknown>;
  const clientRole = (doc: Doc, index: number) =>
    (doc.roles.client['orders-api'] ?? [])[index] as Record<string, unknown>;
  const flow = (doc: Doc, alias: string) =>
    doc.authenticationFlows.find((f) => f.alias === alias) as {
      authenticationExecutions: Record<string, unknown>[];
    } & Record<string, unknown>;

  // --- syntax -------------------------------------------------------------------------------
  text('syntax', 'unclosed flow sequence', `${base}extra: [a, b\n`);
  text(
    'syntax',
    'bad indentation',
    base.replace('\nclients:\n  - clientId: shop-web\n', '\nclients:\n  - clientId: shop-web\n name: x\n'),
  );
  text('syntax', 'tab indentation', base.replace('\nroles:\n  realm:\n', '\nroles:\n\trealm:\n'));
  text('syntax', 'duplicate mapping key', `${base}enabled: false\n`);
  text('syntax', 'unclosed double quote', base.replace('displayName: Shop\n', 'displayName: "Shop\n'));
  text('syntax', 'unclosed single quote', base.replace('displayName: Shop\n', "displayName: 'Shop\n"));
  text(
    'syntax',
    'mapping value where none is allowed',
    base.replace('displayName: Shop\n', 'displayName: Shop: the best\n'),
  );
  text('syntax', 'undefined alias', `${base}defaultRoles: *nowhere\n`);
  text('syntax', 'truncated JSON', JSON.stringify(baseDocument(realm)).slice(0, 500), 'realm.json');
  text('syntax', 'JSON with comments', `{\n  // the realm\n  "realm": "${realm}"\n}`, 'realm.json');
  text('syntax', 'flow mapping never closed', `${base}attributes2: {a: 1, b: 2\n`);
  text(
    'syntax',
    'block scalar with bad indentation',
    base.replace('displayName: Shop\n', 'displayName: |\nShop\n'),
  );
  text('syntax', 'stray document end', base.replace('enabled: true\n', 'enabled: true\n...\nfoo\n'));

  // --- encodings ----------------------------------------------------------------------------
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(base, 'utf16le')]);
  add('encoding', 'validate', 'UTF-16 LE with BOM', { 'realm.yaml': utf16 });
  add('encoding', 'validate', 'UTF-16 BE with BOM', {
    'realm.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(base, 'utf16le').swap16()]),
  });
  add('encoding', 'validate', 'Latin-1 byte in a description', {
    'realm.yaml': Buffer.from(
      base.replace('Buys things in the shop', 'Kauft im Laden ein: \u00e4'),
      'latin1',
    ),
  });
  add('encoding', 'validate', 'invalid UTF-8 continuation in a name', {
    'realm.yaml': Buffer.concat([
      Buffer.from(base.replace('displayName: Shop\n', 'displayName: Sh')),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('p\n'),
    ]),
  });
  add('encoding', 'validate', 'overlong UTF-8 slash', {
    'realm.yaml': Buffer.concat([
      Buffer.from(base.replace('displayName: Shop\n', 'displayName: a')),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from('b\n'),
    ]),
  });
  add('encoding', 'validate', 'UTF-32 file', {
    'realm.yaml': Buffer.concat([
      Buffer.from([0xff, 0xfe, 0, 0]),
      ...[...`realm: ${realm}\n`].map((ch) => Buffer.from([ch.charCodeAt(0), 0, 0, 0])),
    ]),
  });
  add('encoding', 'validate', 'lone surrogate escaped in JSON', {
    'realm.json': `{"realm": "${realm}", "displayName": "bad \\ud800 surrogate"}`,
  });

  // --- empty, binary and huge files ---------------------------------------------------------
  text('empty-binary-huge', 'empty file', '');
  text('empty-binary-huge', 'whitespace only', '   \n\n\t\n');
  text('empty-binary-huge', 'comments only', '# nothing here\n# at all\n');
  add('empty-binary-huge', 'validate', 'PNG bytes named .yaml', {
    'realm.yaml': Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 0, 255,
    ]),
  });
  add('empty-binary-huge', 'validate', 'random bytes', {
    'realm.yaml': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
  });
  add('empty-binary-huge', 'validate', 'gzip of the manifest named .yaml', {
    'realm.yaml': Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0x4b, 0x4c, 0x4a, 6, 0]),
  });
  text('empty-binary-huge', 'a 20 MB line of junk', `realm: ${realm}\n${'x'.repeat(20 * 1024 * 1024)}\n`);
  mutated('empty-binary-huge', 'validate', 'a 5 MB role description', (doc) => {
    (doc.roles.realm[0] as Record<string, unknown>).description = 'd'.repeat(5 * 1024 * 1024);
  });
  mutated('empty-binary-huge', 'validate', '5,000 unknown keys', (doc) => {
    Object.assign(doc, Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`unknownKey${i}`, i])));
  });
  text(
    'empty-binary-huge',
    'nesting 5,000 levels deep',
    `realm: ${realm}\nclients: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
  );
  text('empty-binary-huge', 'a list where the document should be', `- realm: ${realm}\n`);
  text('empty-binary-huge', 'a bare string document', 'just some text\n');

  // --- YAML bombs ---------------------------------------------------------------------------
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    laughs.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  text(
    'yaml-bomb',
    'billion laughs',
    `realm: ${realm}\nattributes:\n${laughs.map((line) => `  ${line}`).join('\n')}\n`,
  );
  text(
    'yaml-bomb',
    'quadratic blow-up through one alias',
    `realm: ${realm}\nx: &x "${'y'.repeat(100_000)}"\nattributes: {${Array.from({ length: 12_000 }, (_, i) => `k${i}: *x`).join(', ')}}\n`,
  );
  text(
    'yaml-bomb',
    'merge-key bomb',
    `realm: ${realm}\nbase: &b {${Array.from({ length: 50 }, (_, i) => `k${i}: v`).join(', ')}}\nattributes:\n${Array.from({ length: 12_000 }, (_, i) => `  m${i}: {<<: *b}`).join('\n')}\n`,
  );
  text('yaml-bomb', 'self-referencing anchor', `realm: ${realm}\nclients: &c [*c]\n`);

  // --- types --------------------------------------------------------------------------------
  const typeCases: [string, (doc: Doc) => void][] = [
    [
      'realm as a number',
      (doc) => {
        doc.realm = 42;
      },
    ],
    [
      'enabled "maybe"',
      (doc) => {
        doc.enabled = 'maybe';
      },
    ],
    [
      'accessTokenLifespan "300s"',
      (doc) => {
        doc.accessTokenLifespan = '300s';
      },
    ],
    [
      'failureFactor 1.5',
      (doc) => {
        doc.failureFactor = 1.5;
      },
    ],
    [
      'failureFactor true',
      (doc) => {
        doc.failureFactor = true;
      },
    ],
    [
      'clients as a mapping',
      (doc) => {
        doc.clients = { 'shop-web': {} } as unknown as Doc['clients'];
      },
    ],
    [
      'a client as a string',
      (doc) => {
        doc.clients[0] = 'shop-web' as unknown as Record<string, unknown>;
      },
    ],
    [
      'redirectUris as a string',
      (doc) => {
        client(doc, 'shop-web').redirectUris = 'https://shop.example.com/*';
      },
    ],
    [
      'publicClient "yes"',
      (doc) => {
        client(doc, 'shop-web').publicClient = 'yes';
      },
    ],
    [
      'roles.realm as a mapping',
      (doc) => {
        doc.roles.realm = { customer: {} } as unknown as Doc['roles']['realm'];
      },
    ],
    [
      'a group subGroups as a string',
      (doc) => {
        (doc.groups[0] as Record<string, unknown>).subGroups = 'admins';
      },
    ],
    [
      'user credentials as a string',
      (doc) => {
        (doc.users[0] as Record<string, unknown>).credentials = 'secret';
      },
    ],
    [
      'realm attributes as a list',
      (doc) => {
        doc.attributes = ['frontendUrl'];
      },
    ],
    [
      'IdP config as a list',
      (doc) => {
        (doc.identityProviders[0] as Record<string, unknown>).config = ['clientId'];
      },
    ],
    [
      'defaultGroups as a string',
      (doc) => {
        doc.defaultGroups = '/customers';
      },
    ],
    [
      'supportedLocales as a string',
      (doc) => {
        doc.supportedLocales = 'en,de';
      },
    ],
    [
      'execution priority as a word',
      (doc) => {
        flow(doc, 'shop browser').authenticationExecutions[0] = {
          ...flow(doc, 'shop browser').authenticationExecutions[0],
          priority: 'first',
        };
      },
    ],
    [
      'a client secret as a number',
      (doc) => {
        client(doc, 'orders-api').secret = 8800555353;
      },
    ],
    [
      'user enabled as null-ish text',
      (doc) => {
        (doc.users[0] as Record<string, unknown>).enabled = 'null';
      },
    ],
    [
      'authorization policies as a mapping',
      (doc) => {
        authz(doc).policies = { x: 1 } as unknown as Record<string, unknown>[];
      },
    ],
    [
      'protocol mapper config as a list',
      (doc) => {
        (
          (client(doc, 'orders-api').protocolMappers as Record<string, unknown>[])[0] as Record<
            string,
            unknown
          >
        ).config = ['a'];
      },
    ],
  ];
  for (const [name, change] of typeCases) mutated('type', 'validate', name, change);

  // --- unknown keys -------------------------------------------------------------------------
  const unknownKeys: [string, (doc: Doc) => void][] = [
    [
      'top-level `client`',
      (doc) => {
        doc.client = doc.clients;
      },
    ],
    [
      'top-level `displayname`',
      (doc) => {
        doc.displayname = 'x';
      },
    ],
    [
      'client `redirectUri`',
      (doc) => {
        client(doc, 'shop-web').redirectUri = ['x'];
      },
    ],
    [
      'role `descripton`',
      (doc) => {
        (doc.roles.realm[0] as Record<string, unknown>).descripton = 'x';
      },
    ],
    [
      'group `realmRole`',
      (doc) => {
        (doc.groups[1] as Record<string, unknown>).realmRole = ['customer'];
      },
    ],
    [
      'user `emial`',
      (doc) => {
        (doc.users[1] as Record<string, unknown>).emial = 'b@example.com';
      },
    ],
    [
      'IdP `alais`',
      (doc) => {
        (doc.identityProviders[0] as Record<string, unknown>).alais = 'x';
      },
    ],
    [
      'flow `executions`',
      (doc) => {
        flow(doc, 'shop browser').executions = [];
      },
    ],
    [
      'authorization `polices`',
      (doc) => {
        authz(doc).polices = [];
      },
    ],
    [
      'client scope `protocolMapper`',
      (doc) => {
        (doc.clientScopes[0] as Record<string, unknown>).protocolMapper = [];
      },
    ],
    [
      'execution `authentificator`',
      (doc) => {
        const e = flow(doc, 'shop browser').authenticationExecutions;
        e[0] = { ...e[0], authentificator: 'auth-cookie' };
      },
    ],
    [
      'credential `valeu`',
      (doc) => {
        (
          ((doc.users[0] as Record<string, unknown>).credentials as Record<string, unknown>[])[0] as Record<
            string,
            unknown
          >
        ).valeu = 'x';
      },
    ],
  ];
  for (const [name, change] of unknownKeys) mutated('unknown-key', 'validate', name, change);

  // --- missing keys -------------------------------------------------------------------------
  const missing: [string, (doc: Doc) => void][] = [
    [
      'no realm',
      (doc) => {
        delete doc.realm;
      },
    ],
    [
      'a client without clientId or name',
      (doc) => {
        const web = client(doc, 'shop-web');
        delete web.clientId;
        delete web.name;
      },
    ],
    [
      'a realm role without name',
      (doc) => {
        delete (doc.roles.realm[0] as Record<string, unknown>).name;
      },
    ],
    [
      'a client role without name',
      (doc) => {
        delete clientRole(doc, 0).name;
      },
    ],
    [
      'a group without name',
      (doc) => {
        delete (doc.groups[1] as Record<string, unknown>).name;
      },
    ],
    [
      'a user without username or email',
      (doc) => {
        delete (doc.users[1] as Record<string, unknown>).username;
        delete (doc.users[1] as Record<string, unknown>).email;
      },
    ],
    [
      'an IdP without alias',
      (doc) => {
        delete (doc.identityProviders[0] as Record<string, unknown>).alias;
      },
    ],
    [
      'a flow without alias',
      (doc) => {
        delete flow(doc, 'shop browser').alias;
      },
    ],
    [
      'a client scope without name',
      (doc) => {
        delete (doc.clientScopes[0] as Record<string, unknown>).name;
      },
    ],
    [
      'an IdP mapper without identityProviderAlias',
      (doc) => {
        delete (doc.identityProviderMappers[0] as Record<string, unknown>).identityProviderAlias;
      },
    ],
    [
      'an authorization scope without name',
      (doc) => {
        (authz(doc).scopes as Record<string, unknown>[]).push({ displayName: 'x' });
      },
    ],
    [
      'an execution with neither authenticator nor flowAlias',
      (doc) => {
        const e = flow(doc, 'shop browser').authenticationExecutions;
        e[0] = { requirement: 'ALTERNATIVE', priority: 10, authenticatorFlow: false };
      },
    ],
  ];
  for (const [name, change] of missing) mutated('missing-key', 'validate', name, change);

  // --- enums --------------------------------------------------------------------------------
  const enums: [string, (doc: Doc) => void][] = [
    [
      'flow providerId "basic"',
      (doc) => {
        flow(doc, 'shop browser').providerId = 'basic';
      },
    ],
    [
      'requirement "MANDATORY"',
      (doc) => {
        const e = flow(doc, 'shop browser').authenticationExecutions;
        e[0] = { ...e[0], requirement: 'MANDATORY' };
      },
    ],
    [
      'clientAuthenticatorType "client-secrett"',
      (doc) => {
        client(doc, 'orders-api').clientAuthenticatorType = 'client-secrett';
      },
    ],
    [
      'IdP syncMode "SOMETIMES"',
      (doc) => {
        ((doc.identityProviders[0] as Record<string, unknown>).config as Record<string, unknown>).syncMode =
          'SOMETIMES';
      },
    ],
    [
      'client scope protocol "oidc"',
      (doc) => {
        (doc.clientScopes[0] as Record<string, unknown>).protocol = 'oidc';
      },
    ],
    [
      'client protocol "oauth"',
      (doc) => {
        client(doc, 'shop-web').protocol = 'oauth';
      },
    ],
    [
      'policyEnforcementMode "STRICT"',
      (doc) => {
        (authz(doc) as unknown as Record<string, unknown>).policyEnforcementMode = 'STRICT';
      },
    ],
    [
      'decisionStrategy "MAJORITY"',
      (doc) => {
        (authz(doc) as unknown as Record<string, unknown>).decisionStrategy = 'MAJORITY';
      },
    ],
    [
      'policy logic "MAYBE"',
      (doc) => {
        policy(doc, 0).logic = 'MAYBE';
      },
    ],
    [
      'sslRequired "sometimes"',
      (doc) => {
        doc.sslRequired = 'sometimes';
      },
    ],
    [
      'IdP mapper syncMode "ALWAYS"',
      (doc) => {
        (
          (doc.identityProviderMappers[0] as Record<string, unknown>).config as Record<string, unknown>
        ).syncMode = 'ALWAYS';
      },
    ],
    [
      'credential type "pin"',
      (doc) => {
        (
          ((doc.users[0] as Record<string, unknown>).credentials as Record<string, unknown>[])[0] as Record<
            string,
            unknown
          >
        ).type = 'pin';
      },
    ],
    [
      'pkce method "S512"',
      (doc) => {
        (client(doc, 'shop-web').attributes as Record<string, unknown>)['pkce.code.challenge.method'] =
          'S512';
      },
    ],
  ];
  for (const [name, change] of enums) mutated('enum', 'validate', name, change);

  // --- ranges -------------------------------------------------------------------------------
  const ranges: [string, (doc: Doc) => void][] = [
    [
      'negative accessTokenLifespan',
      (doc) => {
        doc.accessTokenLifespan = -300;
      },
    ],
    [
      'negative ssoSessionIdleTimeout',
      (doc) => {
        doc.ssoSessionIdleTimeout = -5;
      },
    ],
    [
      'negative failureFactor',
      (doc) => {
        doc.failureFactor = -1;
      },
    ],
    [
      'accessTokenLifespan beyond 32 bits',
      (doc) => {
        doc.accessTokenLifespan = 1e20;
      },
    ],
    [
      'negative minimumQuickLoginWait',
      (doc) => {
        doc.minimumQuickLoginWait = -1;
      },
    ],
    [
      'negative notBefore',
      (doc) => {
        doc.notBefore = -10;
      },
    ],
    [
      'a 300-character realm role name',
      (doc) => {
        (doc.roles.realm[0] as Record<string, unknown>).name = 'r'.repeat(300);
      },
    ],
    [
      'a 300-character clientId',
      (doc) => {
        client(doc, 'shop-web').clientId = 'c'.repeat(300);
      },
    ],
    [
      'a 300-character sub-flow description',
      (doc) => {
        flow(doc, 'shop browser forms').description = 'd'.repeat(300);
      },
    ],
    [
      'a 300-character realm name',
      (doc) => {
        doc.realm = 'r'.repeat(300);
      },
    ],
  ];
  for (const [name, change] of ranges) mutated('range', 'validate', name, change);

  // --- control characters -------------------------------------------------------------------
  const bad: [string, string][] = [
    ['a newline', 'a\nb'],
    ['U+202E (right-to-left override)', 'a\u202eb'],
    ['a NUL byte', 'a\u0000b'],
    ['an escape character', 'a\u001bb'],
  ];
  const namedPlaces: [string, (doc: Doc, value: string) => void][] = [
    [
      'realm name',
      (doc, value) => {
        doc.realm = realm + value;
      },
    ],
    [
      'clientId',
      (doc, value) => {
        client(doc, 'shop-web').clientId = `shop-web${value}`;
      },
    ],
    [
      'realm role name',
      (doc, value) => {
        (doc.roles.realm[0] as Record<string, unknown>).name = `customer${value}`;
      },
    ],
    [
      'group name',
      (doc, value) => {
        (doc.groups[1] as Record<string, unknown>).name = `customers${value}`;
      },
    ],
    [
      'username',
      (doc, value) => {
        (doc.users[1] as Record<string, unknown>).username = `bob${value}`;
      },
    ],
    [
      'IdP alias',
      (doc, value) => {
        (doc.identityProviders[0] as Record<string, unknown>).alias = `corporate${value}`;
      },
    ],
    [
      'flow alias',
      (doc, value) => {
        flow(doc, 'shop browser').alias = `shop browser${value}`;
      },
    ],
    [
      'client scope name',
      (doc, value) => {
        (doc.clientScopes[0] as Record<string, unknown>).name = `shop-profile${value}`;
      },
    ],
  ];
  for (const [place, change] of namedPlaces)
    for (const [what, value] of bad)
      mutated('control-character', 'validate', `${what} in the ${place}`, (doc) => change(doc, value));
  mutated('control-character', 'validate', 'realm name with %2F', (doc) => {
    doc.realm = `${realm}%2Fother`;
  });
  mutated('control-character', 'validate', 'realm name with a slash', (doc) => {
    doc.realm = `${realm}/other`;
  });

  // --- dangling references ------------------------------------------------------------------
  const dangling: [string, BadInputCase['stage'], (doc: Doc) => void][] = [
    [
      'group realmRoles: unknown role',
      'plan',
      (doc) => {
        (doc.groups[1] as Record<string, unknown>).realmRoles = ['custommer'];
      },
    ],
    [
      'group clientRoles: unknown role',
      'plan',
      (doc) => {
        ((doc.groups[0] as Record<string, unknown>).subGroups as Record<string, unknown>[])[0] = {
          name: 'admins',
          clientRoles: { 'orders-api': ['orders:admni'] },
        };
      },
    ],
    [
      'group clientRoles: unknown client',
      'plan',
      (doc) => {
        (doc.groups[1] as Record<string, unknown>).clientRoles = { 'order-api': ['orders:read'] };
      },
    ],
    [
      'user groups: unknown group',
      'plan',
      (doc) => {
        (doc.users[1] as Record<string, unknown>).groups = ['/staf'];
      },
    ],
    [
      'user realmRoles: unknown role',
      'plan',
      (doc) => {
        (doc.users[1] as Record<string, unknown>).realmRoles = ['suport'];
      },
    ],
    [
      'user clientRoles: unknown role',
      'plan',
      (doc) => {
        (doc.users[2] as Record<string, unknown>).clientRoles = { 'orders-api': ['orders:reed'] };
      },
    ],
    [
      'defaultGroups: unknown group',
      'plan',
      (doc) => {
        doc.defaultGroups = ['/customer'];
      },
    ],
    [
      'client defaultClientScopes: unknown scope',
      'plan',
      (doc) => {
        client(doc, 'shop-web').defaultClientScopes = ['web-origins', 'shop-profil'];
      },
    ],
    [
      'client optionalClientScopes: unknown scope',
      'plan',
      (doc) => {
        client(doc, 'shop-web').optionalClientScopes = ['offline_acess'];
      },
    ],
    [
      'browserFlow: unknown flow',
      'plan',
      (doc) => {
        doc.browserFlow = 'shop browsr';
      },
    ],
    [
      'composite realm role: unknown role',
      'plan',
      (doc) => {
        (doc.roles.realm[2] as Record<string, unknown>).composites = { realm: ['suport'] };
      },
    ],
    [
      'composite client role: unknown role',
      'plan',
      (doc) => {
        clientRole(doc, 2).composites = {
          client: { 'orders-api': ['orders:rad'] },
        };
      },
    ],
    [
      'IdP mapper: unknown IdP alias',
      'plan',
      (doc) => {
        (doc.identityProviderMappers[0] as Record<string, unknown>).identityProviderAlias = 'corporat';
      },
    ],
    [
      'IdP firstBrokerLoginFlowAlias: unknown flow',
      'plan',
      (doc) => {
        (doc.identityProviders[0] as Record<string, unknown>).firstBrokerLoginFlowAlias = 'first brokr login';
      },
    ],
    [
      'IdP mapper role: unknown role',
      'plan',
      (doc) => {
        ((doc.identityProviderMappers[0] as Record<string, unknown>).config as Record<string, unknown>).role =
          'suport';
      },
    ],
    [
      'authorization resource scope: misspelled',
      'plan',
      (doc) => {
        (resource(doc, 0).scopes as Record<string, unknown>[])[1] = {
          name: 'orders:edt',
        };
      },
    ],
    [
      'authorization permission scopes: misspelled',
      'plan',
      (doc) => {
        (policy(doc, 1).config as Record<string, unknown>).scopes = '["orders:veiw"]';
      },
    ],
    [
      'authorization permission resources: unknown',
      'plan',
      (doc) => {
        (policy(doc, 1).config as Record<string, unknown>).resources = '["order"]';
      },
    ],
    [
      'authorization applyPolicies: unknown',
      'plan',
      (doc) => {
        (policy(doc, 1).config as Record<string, unknown>).applyPolicies = '["support staf"]';
      },
    ],
    [
      'role policy: unknown role',
      'plan',
      (doc) => {
        (policy(doc, 0).config as Record<string, unknown>).roles = '[{"id":"suport","required":true}]';
      },
    ],
    [
      'sub-flow flowAlias: no such flow',
      'plan',
      (doc) => {
        const e = flow(doc, 'shop browser').authenticationExecutions;
        e[1] = { ...e[1], flowAlias: 'shop browser formz' };
      },
    ],
    [
      'client flow override: unknown flow',
      'plan',
      (doc) => {
        client(doc, 'shop-web').authenticationFlowBindingOverrides = { browser: 'shop browsr' };
      },
    ],
    [
      'service-account user clientRoles: unknown client',
      'plan',
      (doc) => {
        (doc.users[2] as Record<string, unknown>).clientRoles = { 'orders-ap': ['orders:read'] };
      },
    ],
    [
      'user group of a sub-group: unknown',
      'plan',
      (doc) => {
        (doc.users[0] as Record<string, unknown>).groups = ['/staff/admin'];
      },
    ],
    [
      'group realmRoles in a sub-group: unknown',
      'plan',
      (doc) => {
        ((doc.groups[0] as Record<string, unknown>).subGroups as Record<string, unknown>[])[0] = {
          name: 'admins',
          realmRoles: ['shop-admn'],
        };
      },
    ],
  ];
  for (const [name, stage, change] of dangling) mutated('dangling-reference', stage, name, change);

  // --- unknown providers (only the server knows its lists) ----------------------------------
  const providers: [string, (doc: Doc) => void][] = [
    [
      'execution authenticator',
      (doc) => {
        const e = flow(doc, 'shop browser').authenticationExecutions;
        e[0] = { ...e[0], authenticator: 'auth-cookies' };
      },
    ],
    [
      'execution authenticator in a sub-flow',
      (doc) => {
        const e = flow(doc, 'shop browser conditional otp').authenticationExecutions;
        e[1] = { ...e[1], authenticator: 'auth-otp' };
      },
    ],
    [
      'IdP providerId',
      (doc) => {
        (doc.identityProviders[0] as Record<string, unknown>).providerId = 'oidc2';
      },
    ],
    [
      'client protocol mapper type',
      (doc) => {
        (
          (client(doc, 'orders-api').protocolMappers as Record<string, unknown>[])[0] as Record<
            string,
            unknown
          >
        ).protocolMapper = 'oidc-audience-maper';
      },
    ],
    [
      'client scope protocol mapper type',
      (doc) => {
        (
          (
            (doc.clientScopes[0] as Record<string, unknown>).protocolMappers as Record<string, unknown>[]
          )[0] as Record<string, unknown>
        ).protocolMapper = 'oidc-usermodel-attr-mapper';
      },
    ],
    [
      'IdP mapper type',
      (doc) => {
        (doc.identityProviderMappers[0] as Record<string, unknown>).identityProviderMapper =
          'oidc-rol-idp-mapper';
      },
    ],
    [
      'key provider component',
      (doc) => {
        doc.components = {
          'org.keycloak.keys.KeyProvider': [
            { name: 'extra-rsa', providerId: 'rsa-generatd', config: { priority: ['10'] } },
          ],
        };
      },
    ],
    [
      'required action providerId',
      (doc) => {
        doc.requiredActions = [
          { alias: 'CONFIGURE_TOTP2', providerId: 'CONFIGURE_TOTP2', name: 'x', enabled: true },
        ];
      },
    ],
    [
      'events listener',
      (doc) => {
        doc.eventsListeners = ['jboss-logging', 'jboss-loging'];
      },
    ],
    [
      'client authenticator',
      (doc) => {
        client(doc, 'orders-api').clientAuthenticatorType = 'client-jwt-2';
      },
    ],
    [
      'authorization policy type',
      (doc) => {
        policy(doc, 0).type = 'rol';
      },
    ],
  ];
  for (const [name, change] of providers) mutated('unknown-provider', 'plan', `unknown ${name}`, change);

  // --- duplicates (across files and within one) ---------------------------------------------
  const second = (doc: Record<string, unknown>) => stringify({ realm, ...doc }, { lineWidth: 0 });
  add('duplicate', 'validate', 'one client in two files, different settings', {
    'realm.yaml': base,
    'more.yaml': second({ clients: [{ clientId: 'shop-web', publicClient: false }] }),
  });
  add('duplicate', 'validate', 'one realm role in two files, different descriptions', {
    'realm.yaml': base,
    'more.yaml': second({ roles: { realm: [{ name: 'customer', description: 'Someone else' }] } }),
  });
  add('duplicate', 'validate', 'one realm setting in two files, different values', {
    'realm.yaml': base,
    'more.yaml': second({ accessTokenLifespan: 600 }),
  });
  add('duplicate', 'validate', 'one IdP in two files, different providerIds', {
    'realm.yaml': base,
    'more.yaml': second({ identityProviders: [{ alias: 'corporate', providerId: 'saml' }] }),
  });
  add('duplicate', 'validate', 'one group in two files, different attributes', {
    'realm.yaml': base,
    'more.yaml': second({
      groups: [{ name: 'customers', attributes: { tier: ['gold'] } }],
      defaultGroups: ['/staff'],
    }),
  });
  const within: [string, (doc: Doc) => void][] = [
    [
      'a clientId twice in one file',
      (doc) => {
        doc.clients.push({ clientId: 'shop-web', publicClient: false });
      },
    ],
    [
      'a realm role twice in one file',
      (doc) => {
        doc.roles.realm.push({ name: 'customer', description: 'again' });
      },
    ],
    [
      'a user twice in one file',
      (doc) => {
        doc.users.push({ username: 'bob', email: 'other@example.com' });
      },
    ],
    [
      'a group twice in one file',
      (doc) => {
        doc.groups.push({ name: 'customers', attributes: { x: ['y'] } });
      },
    ],
    [
      'an IdP alias twice in one file',
      (doc) => {
        doc.identityProviders.push({ alias: 'corporate', providerId: 'github' });
      },
    ],
    [
      'a flow alias twice in one file',
      (doc) => {
        doc.authenticationFlows.push({ ...flow(doc, 'shop browser'), description: 'again' });
      },
    ],
    [
      'a client scope twice in one file',
      (doc) => {
        doc.clientScopes.push({ name: 'shop-profile', protocol: 'saml' });
      },
    ],
    [
      'an IdP mapper twice in one file',
      (doc) => {
        doc.identityProviderMappers.push({
          ...doc.identityProviderMappers[0],
          identityProviderMapper: 'oidc-hardcoded-role-idp-mapper',
        });
      },
    ],
  ];
  for (const [name, change] of within) mutated('duplicate', 'validate', name, change);

  // --- variables ----------------------------------------------------------------------------
  const variable = (name: string, replacement: string) =>
    text('variable', name, base.replace('displayName: Shop\n', `displayName: ${replacement}\n`));
  variable('unclosed ${env:X', '"${env:SHOP_NAME"');
  variable('unset variable without default', '${env:REALMFORM_BAD_INPUT_UNSET_VARIABLE}');

  variable('empty variable name', '${env:}');
  variable('nested variable', '"${env:${env:HOME}}"');
  variable('a !!js/function tag', '!!js/function "function () { return 1 }"');
  variable('a !include tag', '!include other.yaml');
  variable('a !!binary tag', '!!binary aGVsbG8=');
  for (const tagged of cases.slice(-3)) tagged.pathless = true;
  variable('unset secret variable in a client secret', 'Shop');
  // An unset secret of an existing client is fine until a write needs it (issue 13): the mistake
  // is a new client whose secret is unset, which apply refuses before writing anything.
  cases[cases.length - 1] = {
    category: 'variable',
    stage: 'apply',
    name: 'unset variable in the secret of a new client',
    files: {
      'realm.yaml': base.replace(
        /^clients:\n/m,
        'clients:\n  - clientId: bad-input-new\n    secret: ${env:REALMFORM_BAD_INPUT_UNSET_SECRET}\n',
      ),
    },
  };
  variable('unknown file variable', '${file:UTF-8:/nonexistent/realmform/secret.txt}');
  return cases;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cases = badInputCases('bad-input');
  for (const c of cases) console.log(`${c.category}\t${c.stage}\t${c.name}`);
  console.log(`${cases.length} cases`);
}
