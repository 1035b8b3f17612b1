/**
 * Generates src/representations/generated.ts from Keycloak's own representation classes: the
 * distribution of the newest supported Keycloak (Maven Central, the harness's cache) is put on a
 * class path and scripts/representations/DescribeRepresentations.java asks Jackson (Keycloak's JSON
 * mapper) which properties each class reads and writes, with their Java types. Those types become
 * TypeScript interfaces: what the client sends and receives and what the manifest schema must agree
 * with (src/model/schema/representation-agreement.ts) come from this one source.
 *
 *   npm run generate:representations            # rewrite the file
 *   npm run generate:representations -- --check # exit 1 when the file is out of date
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureDistribution } from '../src/local/distribution.js';
import { findJava } from '../src/local/java.js';
import { DEFAULT_KEYCLOAK_VERSION } from '../src/local/versions.js';
import { TESTED_RELEASES } from '../src/server/versions.js';

const OUTPUT = 'src/representations/generated.ts';
const FIELD_VERSIONS = 'src/representations/field-versions.ts';
const DESCRIBER = 'scripts/representations/DescribeRepresentations.java';

/** Roots: every representation the client or the manifest uses; what they reference comes along. */
const ROOTS = [
  'idm.RealmRepresentation',
  'idm.UserSessionRepresentation',
  'idm.EventRepresentation',
  'idm.AdminEventRepresentation',
  'idm.RealmEventsConfigRepresentation',
  'idm.KeysMetadataRepresentation',
  'idm.CertificateRepresentation',
  'idm.ClientInitialAccessPresentation',
  'idm.AuthenticationExecutionInfoRepresentation',
  'idm.AuthenticationExecutionRepresentation',
  'idm.AuthenticatorConfigInfoRepresentation',
  'idm.ComponentRepresentation',
  'idm.ManagementPermissionReference',
  'idm.ClientPoliciesRepresentation',
  'idm.ClientProfilesRepresentation',
  'idm.UserProfileMetadata',
  'idm.authorization.ResourceServerRepresentation',
  'idm.authorization.PolicyProviderRepresentation',
  ...['Role', 'Group', 'Client', 'ClientScope', 'User', 'Aggregate', 'Time', 'JS', 'Regex'].map(
    (type) => `idm.authorization.${type}PolicyRepresentation`,
  ),
  'idm.authorization.ResourcePermissionRepresentation',
  'idm.authorization.ScopePermissionRepresentation',
  'info.ServerInfoRepresentation',
  'userprofile.config.UPConfig',
].map((name) => `org.keycloak.representations.${name}`);

interface JavaProperty {
  name: string;
  type: string;
  deprecated: boolean;
  readable: boolean;
  writable: boolean;
}
type JavaClass = { properties: JavaProperty[] } | { enum: string[] };

async function describe(version: string): Promise<Record<string, JavaClass>> {
  const home = await ensureDistribution(version, (line) => process.stderr.write(`${line}\n`));
  const java = await findJava(version);
  const lib = join(home, 'lib', 'lib');
  const { stdout } = await promisify(execFile)(
    join(java.home, 'bin', 'java'),
    ['-cp', `${join(lib, 'main', '*')}:${join(lib, 'boot', '*')}`, DESCRIBER, ...ROOTS],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Record<string, JavaClass>;
}

/** `org.keycloak.representations.idm.RoleRepresentation$Composites` → `RoleRepresentationComposites`. */
function typeName(javaName: string, taken: Map<string, string>): string {
  const existing = taken.get(javaName);
  if (existing) return existing;
  const simple = javaName.slice(javaName.lastIndexOf('.') + 1).replaceAll('$', '');
  const clash = [...taken.values()].includes(simple);
  const name = clash
    ? `${javaName
        .split('.')
        .at(-2)
        ?.replace(/^./, (c) => c.toUpperCase())}${simple}`
    : simple;
  taken.set(javaName, name);
  return name;
}

/** Splits `A<B,C<D>>` into `A` and `[B, C<D>]`. */
function parseGeneric(type: string): { raw: string; args: string[] } {
  const open = type.indexOf('<');
  if (open < 0) return { raw: type, args: [] };
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = start; i < type.length - 1; i++) {
    const char = type[i];
    if (char === '<') depth++;
    else if (char === '>') depth--;
    else if (char === ',' && depth === 0) {
      args.push(type.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(type.slice(start, type.length - 1).trim());
  return { raw: type.slice(0, open), args };
}

const NUMBERS = new Set([
  'int',
  'long',
  'short',
  'double',
  'float',
  'Integer',
  'Long',
  'Short',
  'Double',
  'Float',
]);
const COLLECTIONS = new Set([
  'List',
  'Set',
  'Collection',
  'LinkedList',
  'ArrayList',
  'HashSet',
  'LinkedHashSet',
  'TreeSet',
]);
// Jackson names a MultivaluedHashMap<K, V> by its map type: <K, List<V>>.
const MAPS = new Set([
  'MultivaluedHashMap',
  'MultivaluedMap',
  'Map',
  'HashMap',
  'LinkedHashMap',
  'TreeMap',
  'ConcurrentHashMap',
]);

/** Properties Java types as a JSON tree (JsonNode) whose documents have a representation of their own. */
const JSON_DOCUMENTS: Record<string, string> = {
  'RealmRepresentation.clientProfiles': 'ClientProfilesRepresentation',
  'RealmRepresentation.clientPolicies': 'ClientPoliciesRepresentation',
};

/**
 * Properties Keycloak takes in more shapes than their Java type says: a resource's owner also as
 * a plain id or name (ResourceOwnerRepresentation has a single-string creator).
 */
const WIDENED: Record<string, string> = {
  'ResourceRepresentation.owner': 'ResourceOwnerRepresentation | string',
};

function tsType(javaType: string, classes: Record<string, JavaClass>, names: Map<string, string>): string {
  // JVM array names: `[Ljava.lang.String;`, `[I`.
  const jvmArray = /^\[(?:L(.+);|([IJZBSCDF]))$/.exec(javaType);
  if (jvmArray)
    return `${wrap(tsType(jvmArray[1] ?? (jvmArray[2] === 'Z' ? 'boolean' : 'int'), classes, names))}[]`;
  if (javaType.endsWith('[]')) return `${wrap(tsType(javaType.slice(0, -2), classes, names))}[]`;
  const { raw, args } = parseGeneric(javaType);
  const simple = raw.slice(raw.lastIndexOf('.') + 1);
  if (simple === 'String' || simple === 'char' || simple === 'Character' || simple === 'URI') return 'string';
  if (simple === 'boolean' || simple === 'Boolean') return 'boolean';
  if (NUMBERS.has(simple)) return 'number';
  if (COLLECTIONS.has(simple)) return `${wrap(tsType(args[0] ?? 'Object', classes, names))}[]`;
  if (MAPS.has(simple)) return `Record<string, ${tsType(args[1] ?? 'Object', classes, names)}>`;
  if (classes[raw]) return typeName(raw, names);
  return 'unknown';
}

function wrap(type: string): string {
  return /[|&]/.test(type) ? `(${type})` : type;
}

function render(classes: Record<string, JavaClass>, version: string): string {
  const names = new Map<string, string>();
  for (const javaName of Object.keys(classes).sort()) typeName(javaName, names);
  const blocks: string[] = [];
  for (const [javaName, description] of Object.entries(classes).sort(([a], [b]) => a.localeCompare(b))) {
    if (javaName.endsWith('MultivaluedHashMap')) continue;
    const name = typeName(javaName, names);
    const source = `/** ${javaName.replace('org.keycloak.representations.', '')} */`;
    if ('enum' in description) {
      blocks.push(
        `${source}\nexport type ${name} = ${description.enum.map((value) => `'${value}'`).join(' | ')};`,
      );
      continue;
    }
    const lines = description.properties.map((property) => {
      const document = JSON_DOCUMENTS[`${name}.${property.name}`] ?? WIDENED[`${name}.${property.name}`];
      const notes = [
        property.deprecated ? '@deprecated' : '',
        property.writable ? '' : 'read-only: Keycloak ignores it in a request',
        property.readable ? '' : 'write-only: Keycloak accepts it but never returns it',
      ].filter(Boolean);
      const doc = notes.length > 0 ? `  /** ${notes.join('; ')} */\n` : '';
      const key = /^[A-Za-z_$][\w$]*$/.test(property.name) ? property.name : JSON.stringify(property.name);
      return `${doc}  ${key}?: ${document ?? tsType(property.type, classes, names)};`;
    });
    blocks.push(`${source}\nexport interface ${name} {\n${lines.join('\n')}\n}`);
  }
  return [
    `// Generated by scripts/generate-representations.ts from Keycloak ${version}'s representation classes`,
    '// (the properties Jackson reads and writes). Do not edit: run `npm run generate:representations`.',
    '',
    blocks.join('\n\n'),
    '',
  ].join('\n');
}

/** Formatted as the repository formats code (biome), so the file passes the linter as written. */
async function format(text: string, file = OUTPUT): Promise<string> {
  const biome = spawn(join('node_modules', '.bin', 'biome'), ['format', `--stdin-file-path=${file}`]);
  biome.stdin.end(text);
  const chunks: Buffer[] = [];
  for await (const chunk of biome.stdout) chunks.push(chunk as Buffer);
  const [code] = (await once(biome, 'close')) as [number];
  if (code !== 0) throw new Error(`biome format failed (exit ${code})`);
  return Buffer.concat(chunks).toString('utf8');
}

/** `26.7.3` → `26.7`: the release line FEATURES and the plan messages speak of. */
function line(release: string): string {
  return release.split('.').slice(0, 2).join('.');
}

/**
 * Per representation property, the first supported release line whose classes have it (only for
 * properties the oldest supported release lacks), and per property whose value is a representation
 * (directly, in a list or in a map) that representation's name: what the plan walks to find a
 * declared field the server's release does not know.
 */
function renderFieldVersions(described: Map<string, Record<string, JavaClass>>): string {
  const newest = described.get(DEFAULT_KEYCLOAK_VERSION);
  if (!newest) throw new Error(`Keycloak ${DEFAULT_KEYCLOAK_VERSION} was not described`);
  const names = new Map<string, string>();
  for (const javaName of Object.keys(newest).sort()) typeName(javaName, names);
  const since: Record<string, Record<string, string>> = {};
  const nested: Record<string, Record<string, string>> = {};
  for (const [javaName, description] of Object.entries(newest).sort(([a], [b]) => a.localeCompare(b))) {
    if (!('properties' in description)) continue;
    const name = typeName(javaName, names);
    for (const property of description.properties) {
      const first = TESTED_RELEASES.find((release) => {
        const then = described.get(release)?.[javaName];
        return then && 'properties' in then && then.properties.some((p) => p.name === property.name);
      });
      if (first && first !== TESTED_RELEASES[0]) {
        since[name] = { ...since[name], [property.name]: line(first) };
      }
      const element = /([\w.$]+)>*$/.exec(property.type)?.[1];
      if (element && newest[element] && 'properties' in (newest[element] ?? {})) {
        // A map's values are looked up by key: marked with `{}` after the name.
        const map = MAPS.has(parseGeneric(property.type).raw.split('.').at(-1) ?? '');
        nested[name] = { ...nested[name], [property.name]: `${typeName(element, names)}${map ? '{}' : ''}` };
      }
    }
  }
  return [
    `// Generated by scripts/generate-representations.ts from the representation classes of Keycloak`,
    `// ${TESTED_RELEASES.join(', ')}. Do not edit: run \`npm run generate:representations\`.`,
    '',
    '/** Representation → property → first release line that has it (absent: every supported line). */',
    `export const FIELD_SINCE: Readonly<Record<string, Readonly<Record<string, string>>>> = ${JSON.stringify(since)};`,
    '',
    '/** Representation → property → the representation of its value (itself or a list of them; `{}`: a map of them). */',
    `export const NESTED_REPRESENTATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = ${JSON.stringify(nested)};`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  // --check compares the newest release's types; --all also rereads every supported release.
  const releases =
    process.argv.includes('--all') || !check ? [...TESTED_RELEASES] : [DEFAULT_KEYCLOAK_VERSION];
  const described = new Map<string, Record<string, JavaClass>>();
  for (const release of releases) described.set(release, await describe(release));
  const outputs = new Map<string, string>();
  const newest = described.get(DEFAULT_KEYCLOAK_VERSION);
  if (!newest) throw new Error(`Keycloak ${DEFAULT_KEYCLOAK_VERSION} was not described`);
  outputs.set(OUTPUT, await format(render(newest, DEFAULT_KEYCLOAK_VERSION)));
  if (releases.length === TESTED_RELEASES.length)
    outputs.set(FIELD_VERSIONS, await format(renderFieldVersions(described), FIELD_VERSIONS));
  for (const [file, text] of outputs) {
    if (check) {
      const current = await readFile(file, 'utf8').catch(() => '');
      if (current !== text) {
        console.error(`${file} is out of date: run npm run generate:representations`);
        process.exit(1);
      }
      console.log(`${file} matches Keycloak ${releases.join(', ')}`);
    } else {
      await writeFile(file, text);
      console.log(`Wrote ${file} from Keycloak ${releases.join(', ')}`);
    }
  }
}

await main();
