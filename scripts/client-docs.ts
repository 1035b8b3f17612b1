/**
 * Generates docs/client.md from the code (TypeScript compiler API, via python-surface.ts) and the
 * python-keycloak fixtures: `npm run docs:client`. The surface test fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioCoverage, NOT_APPLICABLE, type ScenarioCoverage } from './python-scenarios.js';
import {
  type ClassReport,
  compareSurface,
  loadSurfaceFixture,
  type MemberReport,
  type PythonParam,
  readTypeScriptSurface,
  repoRoot,
  type SurfaceReport,
  type TsMember,
} from './python-surface.js';

/** Where realmform deliberately behaves otherwise than python-keycloak, and why. */
const DIFFERENCES: readonly (readonly [string, string])[] = [
  [
    'Creates return the new id (`createUser`, `createClient`, `createGroup` …) or name (`createRealm`, `createRealmRole`); with `skipExists`/`existOk` the existing object’s id.',
    'python returns the raw body (`b""`) or `None` for an existing group; the id is what the next call needs.',
  ],
  [
    'Calls answered with an empty body resolve to `undefined`.',
    'python returns `{}` (204) or `b""`; neither carries information.',
  ],
  [
    'Non-JSON answers are returned as text: a signed userinfo (`userinfo` returns the JWT string), installation files (`getClientInstallationProvider`), an empty 200.',
    'python returns `bytes` for these.',
  ],
  [
    'The realm is per client or per view: `withRealm(name)` gives a view that shares connection and token; `changeCurrentRealm` moves the client (or only that view).',
    'python has one mutable `connection.realm_name`; views let several realms be worked on at once.',
  ],
  [
    'Tokens are renewed before they expire and once more after a 401, one renewal for all concurrent callers; a refused refresh token (revoked, session ended, invalid) falls back to a new grant with the credentials.',
    'python raises KeycloakPostError `invalid_grant` for an invalid refresh token; a long apply must not fail on it.',
  ],
  [
    'List methods without `first`/`max` fetch every page (`PAGE_SIZE` 100) like python; `iterUsers`, `iterGroups` … page lazily.',
    'Large realms should not be read into memory at once.',
  ],
  [
    '`entitlement(token, resourceServerId)` asks for the entitlements through the UMA grant.',
    'The entitlement endpoint python calls is gone from Keycloak (405); python raises KeycloakDeprecationError.',
  ],
  [
    '`authUrl` percent-encodes the parameter values (same parameters, same order).',
    'python inserts them verbatim, which breaks a redirect URI holding `&` or `#`.',
  ],
  [
    '`authUrl` sends `code_challenge_method=S256` when a challenge is given without a method.',
    'Keycloak otherwise assumes `plain` and the S256 challenge fails.',
  ],
  [
    '`exchangeToken` sends `subject_token_type` (default: access token).',
    'Standard token exchange (26.2+) needs it; python sends none by default.',
  ],
  [
    '`KeycloakUMA.permissionsCheck` asks the server about each permission in turn and answers whether all are granted.',
    'python joins them with commas, which Keycloak reads as one resource name; several `permission` parameters in one request are granted when any one is.',
  ],
  [
    '`hasUmaAccess` counts a resource as granted when the server grants it with scopes, and treats a 400 `invalid_grant` like a 401.',
    'Keycloak answers a dead token with 400; python then raises.',
  ],
  [
    '`getGroupByPath` finds groups at any depth and answers `undefined` for a path that does not exist.',
    'python raises KeycloakGetError "Group path does not exist"; a typed `undefined` is the lookup result callers test for.',
  ],
  [
    '`createAuthenticationFlowSubflow(…, { skipExists: true })` returns the existing sub-flow of the same parent; an alias taken below another parent stays a 409.',
    'python answers "Already exists" for both, hiding that the flow is not where it was asked for.',
  ],
  [
    'Retries follow realmform’s policy (see the README); `maxRetries` sets the number of further attempts.',
    'python defaults to `max_retries=1`; a long apply has to outlast a server restart.',
  ],
  [
    '`getSubgroups` is asynchronous and reads the levels it needs.',
    'Keycloak 26 no longer nests children in group answers.',
  ],
  [
    'Secrets and tokens never appear in error messages; errors carry `method`, `path` (template) and `serverMessage`.',
    'python puts the raw body in the message.',
  ],
  [
    '`updateComponent` fills in `providerId`/`providerType` from the stored component when the payload lacks them (a failed read is reported as the update’s KeycloakPutError).',
    'Keycloak answers such a PUT with 500 although it applied it.',
  ],
];

export function renderClientDoc(report: SurfaceReport, coverage: ScenarioCoverage): string {
  const { fixture } = report;
  const lines: string[] = [
    '# realmform/client for python-keycloak users',
    '',
    '<!-- generated by `npm run docs:client` from src/client and test/fixtures/python-keycloak-*.json; the surface test keeps it true -->',
    '',
    `Every public class, method, property and parameter of python-keycloak ${fixture.version} (the package`,
    'on PyPI, read by scripts/extract-python-surface.py) has a counterpart here, typed. This page is',
    'generated from the TypeScript declarations: signature, options and return type of each member,',
    'with its python name.',
    '',
    '```ts',
    "import { KeycloakAdmin, KeycloakOpenID, KeycloakUMA } from 'realmform/client';",
    "const admin = new KeycloakAdmin({ serverUrl: 'http://localhost:8080', username: 'admin', password: process.env.KC_PASSWORD, realmName: 'demo', userRealmName: 'master' });",
    "const users = await admin.getUsers({ search: 'alice' });",
    'for await (const user of admin.iterUsers()) console.log(user.username);',
    '```',
    '',
    '## Conventions',
    '',
    '- Names are the camelCase of python’s (`get_users` → `getUsers`). python’s `a_get_users` asyncio',
    '  twin is the same method: every call returns a promise (or an async iterator).',
    '- Parameters python takes positionally keep their position, so a positional call means the same.',
    '  Keyword arguments become properties of a trailing options object; python’s `query` dict of URL',
    '  parameters is that options object itself. Constructors take one options object.',
    '- Where realmform had a name of its own, both exist: the python name is marked **alias** and says',
    '  which method it stands for.',
    '- Errors: python’s classes and hierarchy; a failed call raises the class of its HTTP method',
    '  (KeycloakGetError, KeycloakPostError, KeycloakPutError, KeycloakDeleteError) and a 401 that',
    '  survives one token renewal raises KeycloakAuthenticationError. Each error has `responseCode`,',
    '  `responseBody`, `errorMessage`, plus `method`, `path` (the template) and `serverMessage`.',
    '',
    '## Deliberate differences',
    '',
    '| realmform | why |',
    '| --- | --- |',
    ...DIFFERENCES.map(([what, why]) => `| ${what} | ${why} |`),
    '',
    ...renderScenarios(coverage),
    '## Exceptions',
    '',
    '| class | extends |',
    '| --- | --- |',
    ...fixture.classes
      .filter((cls) => cls.module === 'keycloak.exceptions')
      .map((cls) => `| \`${cls.name}\` | \`${cls.bases[0] === 'Exception' ? 'Error' : cls.bases[0]}\` |`),
    '',
  ];
  const classes = report.classes.filter(
    (cls) => cls.kind === 'class' && !(cls.python as { module: string }).module.endsWith('exceptions'),
  );
  for (const cls of classes) lines.push(...renderClass(cls));
  lines.push('## Functions', '');
  for (const fn of report.classes.filter((cls) => cls.kind === 'function')) {
    const member = fn.members[0];
    if (member) lines.push(...renderMember(member, `${fn.python.module}.`));
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function renderScenarios(coverage: ScenarioCoverage): string[] {
  const covered = coverage.scenarios.filter((scenario) => coverage.counterparts.has(scenario.id));
  const without = coverage.scenarios.filter((scenario) => !coverage.counterparts.has(scenario.id));
  const lines = [
    '## python-keycloak’s test scenarios',
    '',
    `python-keycloak ${coverage.version}’s behavioural tests (tests/test_keycloak_admin.py,`,
    'test_keycloak_openid.py, test_keycloak_uma.py, test_authorization.py) are the specification:',
    `${coverage.scenarios.length} scenarios, not counting ${coverage.asyncTwins} \`test_a_*\` asyncio twins of sync scenarios`,
    '(TypeScript has one asynchronous method per call, so a twin has nothing more to check).',
    `${covered.length} have a counterpart in realmform’s tests (title \`<suite>/<scenario>\`), run`,
    `against a real Keycloak; ${without.length} ${without.length === 1 ? 'does' : 'do'} not apply to TypeScript.`,
    '',
  ];
  if (without.length) {
    lines.push('| scenario without counterpart | why |', '| --- | --- |');
    for (const scenario of without) {
      lines.push(`| \`${scenario.id}\` | ${NOT_APPLICABLE[scenario.id] ?? '**missing**'} |`);
    }
    lines.push('');
  }
  lines.push('<details><summary>Counterparts</summary>', '', '| scenario | test file |', '| --- | --- |');
  for (const scenario of covered) {
    const files = coverage.counterparts.get(scenario.id) ?? [];
    lines.push(`| \`${scenario.id}\` | ${files.map((file) => `test/client/${file}`).join(', ')} |`);
  }
  lines.push('', '</details>', '');
  return lines;
}

function renderClass(cls: ClassReport): string[] {
  const name = cls.python.name;
  const lines = [`## ${name}`, ''];
  if (cls.ts?.doc) lines.push(firstParagraph(cls.ts.doc), '');
  for (const member of cls.members) lines.push(...renderMember(member, ''));
  const covered = new Set(cls.members.map((member) => member.ts?.name));
  const extras = [...(cls.ts?.members.values() ?? [])].filter(
    (member) => !covered.has(member.name) && member.name !== 'constructor',
  );
  if (extras.length) {
    lines.push(`### realmform only (${name})`, '');
    for (const member of extras) lines.push(`- ${extraLine(member)}`);
    lines.push('');
  }
  return lines;
}

function renderMember(report: MemberReport, prefix: string): string[] {
  const { member, ts } = report;
  const python = `${prefix}${member.python}${member.kind === 'property' || member.kind === 'attribute' ? '' : `(${pythonParams(member.params)})`}`;
  const tsName = member.kind === 'constructor' ? 'new' : member.typescript;
  const lines = [`### \`${tsName}\` ← python \`${python}\``, ''];
  if (!ts) return [...lines, '**missing**', ''];
  if (ts.aliasOf) lines.push(`**alias** of \`${ts.aliasOf}\` (python’s name).`, '');
  if (ts.doc) lines.push(firstParagraph(ts.doc), '');
  if (ts.kind === 'property') {
    lines.push(
      '```ts',
      `${ts.static ? 'static ' : ''}${ts.writable ? '' : 'readonly '}${ts.name}: ${ts.type}`,
      '```',
      '',
    );
    return lines;
  }
  lines.push('```ts');
  for (const signature of ts.signatures) {
    lines.push(`${ts.static ? 'static ' : ''}${signature.text}: ${signature.returns}`);
  }
  lines.push('```', '');
  const pythonNames = new Set(report.params.map((param) => param.typescript?.replace(/^\.\.\./, '')));
  const options = ts.signatures.flatMap((signature) =>
    signature.params.filter(
      (param) => param.properties && (!pythonNames.has(param.name) || param.name === 'query'),
    ),
  );
  const mapped = report.params.filter(
    (param) => param.typescript && param.typescript !== camel(param.python.name),
  );
  if (mapped.length) {
    lines.push(
      `python → here: ${mapped.map((param) => `\`${param.python.name}\` → \`${param.typescript}\``).join(', ')}`,
      '',
    );
  }
  for (const option of options) {
    const properties = option.properties ?? [];
    if (!properties.length) continue;
    lines.push(`Options \`${option.name}\` (\`${option.type}\`):`, '');
    for (const property of properties) {
      const doc = property.doc ? ` — ${oneLine(property.doc)}` : '';
      lines.push(`- \`${property.name}${property.optional ? '?' : ''}: ${property.type}\`${doc}`);
    }
    lines.push('');
  }
  return lines;
}

function extraLine(member: TsMember): string {
  if (member.kind === 'property') return `\`${member.name}: ${member.type}\``;
  const signature = member.signatures[0];
  const text = signature ? `${signature.text}: ${signature.returns}` : member.name;
  return `\`${text}\`${member.doc ? ` — ${oneLine(firstParagraph(member.doc))}` : ''}`;
}

function pythonParams(params: readonly PythonParam[]): string {
  return params
    .map((param) => {
      const star = param.kind === 'var_positional' ? '*' : param.kind === 'var_keyword' ? '**' : '';
      return `${star}${param.name}${param.default !== undefined ? `=${param.default}` : ''}`;
    })
    .join(', ');
}

function camel(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function firstParagraph(doc: string): string {
  return doc.split(/\n\s*\n/)[0]?.trim() ?? '';
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

if (process.argv[1]?.endsWith('client-docs.ts')) {
  const report = compareSurface(loadSurfaceFixture(), readTypeScriptSurface());
  writeFileSync(join(repoRoot, 'docs', 'client.md'), renderClientDoc(report, loadScenarioCoverage()));
  console.log(
    `docs/client.md written: ${report.counts.members} python members (${report.counts.membersMissing} missing), ${report.counts.params} parameters (${report.counts.paramsMissing} missing)`,
  );
}
