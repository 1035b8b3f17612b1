/**
 * A minimal SMTP server on 127.0.0.1 that accepts every message and keeps it, so tests can check
 * the mails Keycloak sends (no TLS, no auth).
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface CapturedMail {
  from: string;
  to: string[];
  /** The raw DATA section (headers and body), dot-unstuffed. */
  data: string;
  /** Body text with quoted-printable soft breaks and escapes decoded. */
  decoded: string;
}

export interface SmtpSink {
  readonly port: number;
  readonly mails: CapturedMail[];
  /** Resolves with the first mail (already received or arriving within `timeoutMs`) matching `match`. */
  waitFor(match: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('latin1');
    let buffer = '';
    let inData = false;
    let from = '';
    let to: string[] = [];
    let data: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 sink ESMTP');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let index = buffer.indexOf('\r\n');
      while (index >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            const raw = data.join('\r\n');
            mails.push({ from, to, data: raw, decoded: decodeQuotedPrintable(raw) });
            for (const wake of waiters) wake();
            reply('250 OK queued');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
        } else {
          const command = line.slice(0, 4).toUpperCase();
          if (command === 'EHLO' || command === 'HELO') reply('250 sink');
          else if (command === 'MAIL') {
            from = addressOf(line);
            to = [];
            reply('250 OK');
          } else if (command === 'RCPT') {
            to.push(addressOf(line));
            reply('250 OK');
          } else if (command === 'DATA') {
            inData = true;
            data = [];
            reply('354 End data with <CR><LF>.<CR><LF>');
          } else if (command === 'QUIT') {
            reply('221 Bye');
            socket.end();
          } else reply('250 OK');
        }
        index = buffer.indexOf('\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('SMTP sink has no port');

  return {
    port: address.port,
    mails,
    waitFor(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const mail = mails.find(match);
          if (!mail) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(mail);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${mails.length} received)`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function addressOf(line: string): string {
  const match = /<([^>]*)>/.exec(line);
  return (match?.[1] ?? line.slice(line.indexOf(':') + 1)).trim().toLowerCase();
}

function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
