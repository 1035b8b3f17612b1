/**
 * A minimal LDAPv3 simple bind over TCP (a few BER bytes), so the test LDAP server's readiness
 * and credentials can be checked without ldap-utils or an LDAP library.
 */
import { connect } from 'node:net';

/** LDAP result code 0. */
export const LDAP_SUCCESS = 0;
/** LDAP result code 49 (wrong DN or password). */
export const LDAP_INVALID_CREDENTIALS = 49;

/**
 * Binds as `dn` with `password` and returns the server's result code (0 = success, 49 = invalid
 * credentials). Rejects when the server cannot be reached or answers something unexpected.
 */
export function ldapSimpleBind(url: string, dn: string, password: string, timeoutMs = 3000): Promise<number> {
  if (!url.startsWith('ldap://')) throw new Error(`Only ldap:// URLs are supported: ${url}`);
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port || 389) });
    let received = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`LDAP bind to ${url} timed out`)));
    socket.on('error', fail);
    socket.on('connect', () => socket.write(bindRequest(dn, password)));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      let code: number | undefined;
      try {
        code = bindResultCode(received);
      } catch (error) {
        fail(new Error(`Unexpected answer from ${url}: ${(error as Error).message}`));
        return;
      }
      if (code === undefined) return;
      // Unbind (message 2) so the server does not log an aborted connection.
      socket.end(Buffer.from([0x30, 0x05, 0x02, 0x01, 0x02, 0x42, 0x00]));
      resolve(code);
    });
    socket.on('end', () => fail(new Error(`LDAP server at ${url} closed the connection without answering`)));
  });
}

function bindRequest(dn: string, password: string): Buffer {
  const body = Buffer.concat([
    tlv(0x02, Buffer.from([0x03])), // version 3
    tlv(0x04, Buffer.from(dn, 'utf8')),
    tlv(0x80, Buffer.from(password, 'utf8')), // simple authentication
  ]);
  return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([0x01])), tlv(0x60, body)]));
}

function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), berLength(value.length), value]);
}

function berLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x100) return Buffer.from([0x81, length]);
  return Buffer.from([0x82, length >> 8, length & 0xff]);
}

/** The result code of a complete BindResponse in `data`, or undefined while it is incomplete. */
function bindResultCode(data: Buffer): number | undefined {
  const message = readTlv(data, 0);
  if (!message) return undefined;
  if (message.tag !== 0x30) throw new Error('not an LDAP message');
  const id = readTlv(data, message.start);
  const response = id && readTlv(data, id.end);
  if (response?.tag !== 0x61) throw new Error('not an LDAP bind response');
  const code = readTlv(data, response.start);
  if (code?.tag !== 0x0a) throw new Error('LDAP bind response without a result code');
  return data.readUIntBE(code.start, code.end - code.start);
}

/** Tag, value start and end of the TLV at `offset`, or undefined when `data` is too short. */
function readTlv(data: Buffer, offset: number): { tag: number; start: number; end: number } | undefined {
  if (data.length < offset + 2) return undefined;
  const tag = data[offset] as number;
  const first = data[offset + 1] as number;
  let length = first;
  let start = offset + 2;
  if (first & 0x80) {
    const bytes = first & 0x7f;
    if (data.length < start + bytes) return undefined;
    length = data.readUIntBE(start, bytes);
    start += bytes;
  }
  return data.length < start + length ? undefined : { tag, start, end: start + length };
}
