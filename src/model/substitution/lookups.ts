/**
 * Every lookup keycloak-config-cli's substitution knows (Apache Commons Text's default set, as it
 * enables it), and what realmform does with each: supported, or refused with the reason.
 */
import { CODEC_LOOKUPS } from './codecs.js';
import { DATE_LOOKUPS } from './date.js';
import { ENVIRONMENT_LOOKUPS } from './environment.js';
import { FILE_LOOKUPS } from './files.js';
import type { LookupDefinition } from './lookup.js';

const NOT_ENABLED =
  'keycloak-config-cli does not enable it either (Commons Text leaves it out of its defaults since 1.10)';

const REFUSED: readonly LookupDefinition[] = [
  { name: 'const', refused: 'it reads constants of Java classes, and realmform runs on Node.js' },
  { name: 'java', refused: 'it describes the Java runtime, and realmform runs on Node.js' },
  { name: 'resourceBundle', refused: 'it reads Java resource bundles from the class path' },
  { name: 'xml', refused: 'realmform does not evaluate XPath; put the value in a file and use `file:`' },
  { name: 'dns', refused: NOT_ENABLED },
  { name: 'url', refused: NOT_ENABLED },
  { name: 'script', refused: NOT_ENABLED },
];

export const LOOKUPS: readonly LookupDefinition[] = [
  ...ENVIRONMENT_LOOKUPS,
  ...FILE_LOOKUPS,
  ...CODEC_LOOKUPS,
  ...DATE_LOOKUPS,
  ...REFUSED,
];

const BY_NAME = new Map<string, LookupDefinition>(
  LOOKUPS.flatMap((lookup) =>
    [lookup.name, ...(lookup.aliases ?? [])].map((name) => [name.toLowerCase(), lookup] as const),
  ),
);

/** The lookup a `name:` prefix names; case does not matter (`ENV:`, `Base64Decoder:`). */
export function findLookup(name: string): LookupDefinition | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Names of the supported lookups, for messages. */
export const SUPPORTED_LOOKUP_NAMES: readonly string[] = LOOKUPS.filter((lookup) => lookup.resolve).map(
  (lookup) => lookup.name,
);
