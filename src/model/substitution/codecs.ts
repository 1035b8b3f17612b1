/**
 * The text-transforming lookups of keycloak-config-cli (Apache Commons Text): base64, URL and XML
 * encoders and decoders, with Java's exact behaviour (base64 works on ISO-8859-1 bytes, URL
 * coding on UTF-8 as `java.net.URLEncoder` does, XML as `StringEscapeUtils.escapeXml10`).
 */
import { type LookupDefinition, LookupError } from './lookup.js';

const BASE64 = /^[A-Za-z0-9+/]*$/;

/** Java's basic decoder: strict alphabet, padding optional but correct when present. */
export function base64Decode(text: string): string {
  const body = text.replace(/={1,2}$/, '');
  const padded = body.length !== text.length;
  if (!BASE64.test(body) || body.length % 4 === 1 || (padded && text.length % 4 !== 0))
    throw new LookupError('not valid base64');
  return Buffer.from(body, 'base64').toString('latin1');
}

/** Characters outside ISO-8859-1 become `?`, as Java's `getBytes(ISO_8859_1)` makes them. */
export function base64Encode(text: string): string {
  const latin1 = Array.from(text, (char) => ((char.codePointAt(0) ?? 0) > 0xff ? '?' : char)).join('');
  return Buffer.from(latin1, 'latin1').toString('base64');
}

const URL_SAFE = /[A-Za-z0-9.\-*_]/;

/** `java.net.URLEncoder.encode(text, UTF-8)`: space is `+`, only `A-Za-z0-9.-*_` stay as they are. */
export function urlEncode(text: string): string {
  let out = '';
  for (const char of text) {
    if (URL_SAFE.test(char)) out += char;
    else if (char === ' ') out += '+';
    else {
      const code = char.codePointAt(0) ?? 0;
      // A lone surrogate cannot be UTF-8: Java writes `?`.
      const bytes = code >= 0xd800 && code <= 0xdfff ? Buffer.from('?') : Buffer.from(char, 'utf8');
      for (const byte of bytes) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/** `java.net.URLDecoder.decode(text, UTF-8)`: `+` is a space; a broken `%` escape is an error. */
export function urlDecode(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '+') {
      out += ' ';
      i++;
    } else if (char === '%') {
      const bytes: number[] = [];
      while (text[i] === '%') {
        const hex = text.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex))
          throw new LookupError(
            hex.length < 2
              ? 'incomplete trailing escape (%) pattern'
              : 'illegal hex characters in escape (%) pattern',
          );
        bytes.push(Number.parseInt(hex, 16));
        i += 3;
      }
      out += Buffer.from(bytes).toString('utf8');
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** `StringEscapeUtils.escapeXml10`: the five entities, characters XML 1.0 forbids removed. */
export function xmlEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const escaped = XML_ESCAPES[char];
    if (escaped) out += escaped;
    else if (
      (code <= 0x1f && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      code === 0xfffe ||
      code === 0xffff ||
      (code >= 0xd800 && code <= 0xdfff)
    )
      continue;
    else if ((code >= 0x7f && code <= 0x84) || (code >= 0x86 && code <= 0x9f)) out += `&#${code};`;
    else out += char;
  }
  return out;
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** `StringEscapeUtils.unescapeXml`: the five entities and numeric references (`&#65;`, `&#x41;`). */
export function xmlDecode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);|&#([xX][0-9A-Fa-f]+|[0-9]+);/g, (match, name, number) => {
    if (name) return XML_ENTITIES[name as string] ?? match;
    const raw = number as string;
    const code = /^[xX]/.test(raw) ? Number.parseInt(raw.slice(1), 16) : Number.parseInt(raw, 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

export const CODEC_LOOKUPS: readonly LookupDefinition[] = [
  // `base64` is Commons Text's older (deprecated) name of the decoder.
  { name: 'base64Decoder', aliases: ['base64'], resolve: base64Decode },
  { name: 'base64Encoder', resolve: base64Encode },
  { name: 'urlDecoder', resolve: urlDecode },
  { name: 'urlEncoder', resolve: urlEncode },
  { name: 'xmlDecoder', resolve: xmlDecode },
  { name: 'xmlEncoder', resolve: xmlEncode },
];
