/**
 * Lookups that read files: `file:ENCODING:path` (a file's content) and `properties:path::key`
 * (one key of a Java .properties file). Relative paths start at the working directory for
 * keycloak-config-cli's spelling (as it does) and at the manifest's directory for realmform's.
 */
import { isAbsolute, resolve } from 'node:path';
import { type LookupDefinition, type LookupEnvironment, LookupError } from './lookup.js';

type Decoder = (bytes: Buffer) => string;

function utf16(bytes: Buffer): string {
  // Java's UTF-16: a byte-order mark decides, big-endian without one.
  const littleEndian = bytes[0] === 0xff && bytes[1] === 0xfe;
  return new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be').decode(bytes);
}

function ascii(bytes: Buffer): string {
  return Array.from(bytes, (byte) => (byte < 0x80 ? String.fromCharCode(byte) : '\ufffd')).join('');
}

/** Java charset names whose meaning differs from the WHATWG label of the same name, or is missing there. */
const JAVA_CHARSETS: Readonly<Record<string, Decoder>> = {
  utf8: (bytes) => new TextDecoder('utf-8').decode(bytes),
  iso88591: (bytes) => bytes.toString('latin1'),
  latin1: (bytes) => bytes.toString('latin1'),
  '88591': (bytes) => bytes.toString('latin1'),
  usascii: ascii,
  ascii,
  utf16: utf16,
  utf16be: (bytes) => new TextDecoder('utf-16be').decode(bytes),
  unicodebigunmarked: (bytes) => new TextDecoder('utf-16be').decode(bytes),
  utf16le: (bytes) => new TextDecoder('utf-16le').decode(bytes),
  unicodelittleunmarked: (bytes) => new TextDecoder('utf-16le').decode(bytes),
};

/** A decoder for a Java charset name (`UTF-8`, `ISO-8859-1`, `windows-1252` …), or undefined. */
export function charsetDecoder(name: string): Decoder | undefined {
  const known = JAVA_CHARSETS[name.toLowerCase().replace(/[-_]/g, '')];
  if (known) return known;
  try {
    const decoder = new TextDecoder(name);
    return (bytes) => decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function readBytes(path: string, environment: LookupEnvironment): Buffer {
  if (path.trim() === '') throw new LookupError('no file path');
  const absolute = isAbsolute(path) ? path : resolve(environment.baseDir, path);
  try {
    const content = environment.readFile(absolute);
    return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new LookupError(`cannot read ${absolute} (${code})`);
  }
}

/**
 * `file:UTF-8:/run/secrets/db`. keycloak-config-cli requires the encoding; realmform's `${file:path}`
 * may omit it (UTF-8). A byte-order mark and one trailing newline are dropped: secrets written by
 * `echo` or editors end with one, and Keycloak would keep it.
 */
function file(key: string, environment: LookupEnvironment): string {
  const colon = key.indexOf(':');
  const decoder = colon > 0 ? charsetDecoder(key.slice(0, colon)) : undefined;
  let path = key;
  let decode: Decoder = JAVA_CHARSETS.utf8 as Decoder;
  if (decoder) {
    path = key.slice(colon + 1);
    decode = decoder;
  } else if (environment.dialect === 'keycloak-config-cli') {
    throw new LookupError(
      colon > 0
        ? `unknown encoding \`${key.slice(0, colon)}\``
        : 'expected `file:ENCODING:path`, e.g. `file:UTF-8:/run/secrets/client-secret`',
    );
  }
  return decode(readBytes(path, environment))
    .replace(/^\ufeff/, '')
    .replace(/\r?\n$/, '');
}

const WHITESPACE = new Set([' ', '\t', '\f']);

/** Unescapes a key or value of a .properties line (`\t`, `\n`, `\uXXXX`, `\=` …). */
function unescapeProperty(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = text[++i];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = text.slice(i + 1, i + 5);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex))
        throw new LookupError('malformed \\uxxxx escape in the properties file');
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 4;
    } else out += { t: '\t', n: '\n', r: '\r', f: '\f' }[next] ?? next;
  }
  return out;
}

/** Logical lines of a .properties file: comments and blanks dropped, `\` continuations joined. */
function logicalLines(text: string): string[] {
  const natural = text.split(/\r\n|\r|\n/);
  const lines: string[] = [];
  let current: string | undefined;
  for (const raw of natural) {
    let line = raw.replace(/^[ \t\f]+/, '');
    if (current === undefined && (line === '' || line.startsWith('#') || line.startsWith('!'))) continue;
    const trailing = /\\*$/.exec(line)?.[0].length ?? 0;
    const continues = trailing % 2 === 1;
    if (continues) line = line.slice(0, -1);
    current = (current ?? '') + line;
    if (!continues) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current !== undefined) lines.push(current);
  return lines;
}

/** Parses a Java .properties document (as `java.util.Properties.load`); the last of equal keys wins. */
export function parseProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const line of logicalLines(text)) {
    let keyEnd = 0;
    let separated = false;
    while (keyEnd < line.length) {
      const char = line[keyEnd] as string;
      if (char === '\\') keyEnd += 2;
      else if (char === '=' || char === ':') {
        separated = true;
        break;
      } else if (WHITESPACE.has(char)) break;
      else keyEnd++;
    }
    let valueStart = Math.min(keyEnd + (separated ? 1 : 0), line.length);
    while (valueStart < line.length) {
      const char = line[valueStart] as string;
      if (!WHITESPACE.has(char)) {
        if (separated || (char !== '=' && char !== ':')) break;
        separated = true;
      }
      valueStart++;
    }
    properties.set(unescapeProperty(line.slice(0, keyEnd)), unescapeProperty(line.slice(valueStart)));
  }
  return properties;
}

/** `properties:path/to/file.properties::key`; the file is read as ISO-8859-1, as Java does. */
function properties(key: string, environment: LookupEnvironment): string | undefined {
  const separator = key.indexOf('::');
  if (separator <= 0 || separator + 2 >= key.length)
    throw new LookupError('expected `properties:path::key`, e.g. `properties:realm.properties::smtp.host`');
  const bytes = readBytes(key.slice(0, separator), environment);
  return parseProperties(bytes.toString('latin1')).get(key.slice(separator + 2));
}

export const FILE_LOOKUPS: readonly LookupDefinition[] = [
  { name: 'file', resolve: file },
  { name: 'properties', resolve: properties },
];
