/**
 * The lookups one by one, against what Java / Commons Text give for the same input (the expected
 * values below were worked out from the JDK and Commons Text documentation, not from this code).
 */
import { describe, expect, it } from 'vitest';
import {
  base64Decode,
  base64Encode,
  urlDecode,
  urlEncode,
  xmlDecode,
  xmlEncode,
} from '../../../src/model/substitution/codecs.js';
import { formatDate } from '../../../src/model/substitution/date.js';
import { relaxedEnvNames } from '../../../src/model/substitution/environment.js';
import { charsetDecoder, parseProperties } from '../../../src/model/substitution/files.js';
import { findLookup, LOOKUPS } from '../../../src/model/substitution/lookups.js';

describe('codecs', () => {
  const cases: { name: string; run: (text: string) => string; input: string; output: string }[] = [
    { name: 'base64Decoder', run: base64Decode, input: 'SGVsbG9Xb3JsZCE=', output: 'HelloWorld!' },
    { name: 'base64Decoder without padding', run: base64Decode, input: 'SGk', output: 'Hi' },
    { name: 'base64Decoder, bytes as ISO-8859-1', run: base64Decode, input: 'w6k=', output: 'Ã©' },
    { name: 'base64Decoder of nothing', run: base64Decode, input: '', output: '' },
    { name: 'base64Encoder', run: base64Encode, input: 'HelloWorld!', output: 'SGVsbG9Xb3JsZCE=' },
    { name: 'base64Encoder, é is one byte', run: base64Encode, input: 'é', output: '6Q==' },
    { name: 'base64Encoder, beyond ISO-8859-1 is ?', run: base64Encode, input: '€', output: 'Pw==' },
    { name: 'urlEncoder', run: urlEncode, input: 'Hello World!', output: 'Hello+World%21' },
    { name: 'urlEncoder keeps .-*_', run: urlEncode, input: 'a.b-c*d_e~f', output: 'a.b-c*d_e%7Ef' },
    { name: 'urlEncoder, UTF-8 bytes', run: urlEncode, input: 'é/€', output: '%C3%A9%2F%E2%82%AC' },
    { name: 'urlDecoder', run: urlDecode, input: 'Hello%20World%21', output: 'Hello World!' },
    { name: 'urlDecoder, + is a space', run: urlDecode, input: 'a+b', output: 'a b' },
    { name: 'urlDecoder, UTF-8 bytes', run: urlDecode, input: '%C3%A9%e2%82%ac', output: 'é€' },
    {
      name: 'xmlEncoder',
      run: xmlEncode,
      input: `<a href="x">'&'</a>`,
      output: '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;',
    },
    {
      name: 'xmlEncoder drops what XML 1.0 forbids',
      run: xmlEncode,
      input: 'a\u0001b\tc\u0080',
      output: 'ab\tc&#128;',
    },
    {
      name: 'xmlDecoder',
      run: xmlDecode,
      input: '&lt;b&gt;&amp;amp;&#65;&#x42;&apos;',
      output: "<b>&amp;AB'",
    },
    { name: 'xmlDecoder leaves unknown entities', run: xmlDecode, input: '&nbsp;', output: '&nbsp;' },
  ];
  it.each(cases)('$name: $input → $output', ({ run, input, output }) => {
    expect(run(input)).toBe(output);
  });

  it.each([
    ['base64Decoder', () => base64Decode('not base64!')],
    ['base64Decoder, bad padding', () => base64Decode('SGk==')],
    ['base64Decoder, impossible length', () => base64Decode('SGVsb')],
    ['urlDecoder, bad escape', () => urlDecode('100%zz')],
    ['urlDecoder, truncated escape', () => urlDecode('100%')],
  ])('%s is an error', (_name, run) => {
    expect(run).toThrow();
  });
});

describe('date', () => {
  // 2024-03-05T14:07:09.045Z was a Tuesday.
  const moment = new Date('2024-03-05T14:07:09.045Z');
  const cases: { pattern: string; zone: string; output: string }[] = [
    { pattern: 'yyyy-MM-dd', zone: 'UTC', output: '2024-03-05' },
    { pattern: 'yy/M/d', zone: 'UTC', output: '24/3/5' },
    { pattern: 'HH:mm:ss.SSS', zone: 'UTC', output: '14:07:09.045' },
    { pattern: 'h:mm a', zone: 'UTC', output: '2:07 PM' },
    { pattern: 'K k', zone: 'UTC', output: '2 14' },
    { pattern: 'EEE, d MMM yyyy', zone: 'UTC', output: 'Tue, 5 Mar 2024' },
    { pattern: 'EEEE MMMM', zone: 'UTC', output: 'Tuesday March' },
    { pattern: 'D u G', zone: 'UTC', output: '65 2 AD' },
    { pattern: 'w W F', zone: 'UTC', output: '10 2 1' },
    { pattern: "'at' HH 'o''clock'", zone: 'UTC', output: "at 14 o'clock" },
    { pattern: "''", zone: 'UTC', output: "'" },
    { pattern: 'Z ZZ X', zone: 'UTC', output: '+0000 Z Z' },
    { pattern: 'HH Z ZZ X XX XXX', zone: 'Europe/Berlin', output: '15 +0100 +01:00 +01 +0100 +01:00' },
    { pattern: 'yyyy-MM-dd HH:mm', zone: 'America/New_York', output: '2024-03-05 09:07' },
    { pattern: '', zone: 'UTC', output: '' },
  ];
  it.each(cases)('$pattern in $zone → $output', ({ pattern, zone, output }) => {
    expect(formatDate(pattern, moment, zone)).toBe(output);
  });

  it('puts the last days of December in week 1 of the next year, as Java in the US does', () => {
    // 2024-12-30 is a Monday; January 1st 2025 is a Wednesday of the same week.
    expect(formatDate('w Y', new Date('2024-12-30T12:00:00Z'), 'UTC')).toBe('1 2025');
    expect(formatDate('w Y', new Date('2024-12-28T12:00:00Z'), 'UTC')).toBe('52 2024');
  });

  it('refuses letters Java refuses', () => {
    expect(() => formatDate('yyyy-bb', moment, 'UTC')).toThrow(/illegal pattern character `b`/);
  });
});

describe('properties files', () => {
  it('parses separators, comments, continuations and escapes as java.util.Properties', () => {
    const parsed = parseProperties(
      [
        '# comment',
        '! also a comment',
        '',
        'a=1',
        'b : 2',
        'c 3',
        '  d=  4  ',
        'e=one \\',
        '   two',
        'f\\ g=5',
        'h=\\u00e9\\t\\n',
        'i',
        'a=last',
        'j=x\\\\',
        'k=y',
      ].join('\n'),
    );
    expect(Object.fromEntries(parsed)).toEqual({
      a: 'last',
      b: '2',
      c: '3',
      d: '4  ',
      e: 'one two',
      'f g': '5',
      h: 'é\t\n',
      i: '',
      j: 'x\\',
      k: 'y',
    });
  });
});

describe('file encodings', () => {
  const bytes = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "café" in ISO-8859-1
  it.each([
    ['ISO-8859-1', 'café'],
    ['iso8859_1', 'café'],
    ['windows-1252', 'café'],
    ['US-ASCII', 'caf\ufffd'],
    ['UTF-8', 'caf\ufffd'],
  ])('%s', (name, text) => {
    expect(charsetDecoder(name)?.(bytes)).toBe(text);
  });

  it('reads UTF-16 by its byte-order mark, big-endian without one', () => {
    const decode = charsetDecoder('UTF-16');
    expect(decode?.(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toBe('a');
    expect(decode?.(Buffer.from([0x00, 0x61]))).toBe('a');
  });

  it('knows no made-up charset', () => {
    expect(charsetDecoder('NOPE-42')).toBeUndefined();
  });
});

describe('relaxed environment names (Spring)', () => {
  it('tries the name, then with `.` and `-` as `_`, then upper case', () => {
    expect(relaxedEnvNames('kcc.junit.display-name')).toEqual([
      'kcc.junit.display-name',
      'kcc_junit_display-name',
      'kcc.junit.display_name',
      'kcc_junit_display_name',
      'KCC.JUNIT.DISPLAY-NAME',
      'KCC_JUNIT_DISPLAY-NAME',
      'KCC.JUNIT.DISPLAY_NAME',
      'KCC_JUNIT_DISPLAY_NAME',
    ]);
  });
});

describe('the lookup table', () => {
  it('has every default lookup of keycloak-config-cli, each supported or refused with a reason', () => {
    const names = LOOKUPS.map((lookup) => lookup.name).sort();
    expect(names).toEqual(
      [
        'base64Decoder',
        'base64Encoder',
        'const',
        'date',
        'dns',
        'env',
        'file',
        'java',
        'localhost',
        'properties',
        'resourceBundle',
        'script',
        'sys',
        'url',
        'urlDecoder',
        'urlEncoder',
        'xml',
        'xmlDecoder',
        'xmlEncoder',
      ].sort(),
    );
    for (const lookup of LOOKUPS) expect(Boolean(lookup.resolve) !== Boolean(lookup.refused)).toBe(true);
  });

  it('finds lookups in any case, and `base64` as the decoder', () => {
    expect(findLookup('BASE64DECODER')?.name).toBe('base64Decoder');
    expect(findLookup('base64')?.name).toBe('base64Decoder');
    expect(findLookup('Env')?.name).toBe('env');
    expect(findLookup('nope')).toBeUndefined();
  });
});
