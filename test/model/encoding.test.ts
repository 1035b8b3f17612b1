/** Realm files are UTF-8: anything else is refused with file and line, never decoded into U+FFFD. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { formatDiagnostic, loadManifests } from '../../src/model/index.js';

async function loadBytes(bytes: Buffer) {
  const cwd = mkdtempSync(join(tmpdir(), 'realmform-encoding-'));
  writeFileSync(join(cwd, 'realm.yaml'), bytes);
  const result = await loadManifests(['realm.yaml'], { cwd, env: {} });
  return { result, messages: result.diagnostics.map(formatDiagnostic) };
}

it('refuses an invalid UTF-8 sequence, naming the line', async () => {
  const { messages, result } = await loadBytes(
    Buffer.concat([Buffer.from('realm: x\ndisplayName: Sh'), Buffer.from([0xc3, 0x28]), Buffer.from('p\n')]),
  );
  expect(messages).toEqual([
    'realm.yaml:2: error: the file is not valid UTF-8 (byte 0x28 at offset 25): save it as UTF-8',
  ]);
  expect(result.realms).toEqual([]);
});

it('refuses Latin-1 text and an overlong encoding', async () => {
  const latin1 = await loadBytes(Buffer.from('realm: x\ndisplayName: K\u00e4se\n', 'latin1'));
  expect(latin1.messages).toEqual([
    expect.stringMatching(/^realm\.yaml:2: error: the file is not valid UTF-8/),
  ]);
  const overlong = await loadBytes(
    Buffer.concat([Buffer.from('realm: a'), Buffer.from([0xc0, 0xaf]), Buffer.from('b\n')]),
  );
  expect(overlong.messages).toEqual([
    expect.stringMatching(/^realm\.yaml:1: error: the file is not valid UTF-8/),
  ]);
});

it('names UTF-16 and UTF-32 files by their byte order mark, and refuses NUL bytes', async () => {
  const utf16 = await loadBytes(
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('realm: x\n', 'utf16le')]),
  );
  expect(utf16.messages).toEqual(['realm.yaml:1: error: the file is UTF-16, not UTF-8: save it as UTF-8']);
  const utf32 = await loadBytes(Buffer.from([0xff, 0xfe, 0, 0, 0x72, 0, 0, 0]));
  expect(utf32.messages).toEqual(['realm.yaml:1: error: the file is UTF-32, not UTF-8: save it as UTF-8']);
  const nul = await loadBytes(Buffer.from('realm: x\n\u0000\n'));
  expect(nul.messages).toEqual([expect.stringMatching(/^realm\.yaml:2: error: the file holds a NUL byte/)]);
});

it('accepts UTF-8 with and without a byte order mark', async () => {
  for (const text of ['\ufeffrealm: x\ndisplayName: K\u00e4se\n', 'realm: x\ndisplayName: K\u00e4se\n']) {
    const { result } = await loadBytes(Buffer.from(text));
    expect(result.diagnostics).toEqual([]);
    expect(result.realms[0]?.representation).toEqual({ realm: 'x', displayName: 'K\u00e4se' });
  }
});
