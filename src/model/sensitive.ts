/**
 * Diagnostics never show a secret: when a diagnostic is about a sensitive path (a client
 * `secret`, a user's `credentials`, an SMTP `password`, an LDAP `bindCredential`, a key
 * provider's `privateKey` …), the values quoted in its summary are replaced. One rule by name
 * covers every kind's declared `sensitive` paths (test/model/sensitive.test.ts checks that), so
 * new messages are safe without each one remembering to hide its value.
 */
import type { DocumentPath } from './diagnostics.js';

export const HIDDEN_VALUE = '(sensitive value)';

// Key material too (public keys included): a diagnostic never needs to quote it.
const SENSITIVE_SEGMENT =
  /secret|passw(?:or)?d|credential|private.?key|public.?key|passphrase|certificate|token$/i;

/** `clients[0].secret`, `['users', 1, 'credentials', 0, 'value']`: whether a segment names a secret. */
export function isSensitivePath(path: string | DocumentPath): boolean {
  const segments = typeof path === 'string' ? path.split(/[.[\]"]+/) : path.map(String);
  return segments.some((segment) => segment !== '' && SENSITIVE_SEGMENT.test(segment));
}

/**
 * The summary without the values it quotes: `"…"` strings, and numbers (`got the integer 8800`).
 * Key names in backticks stay, so the message still says what is wrong.
 */
export function hideValues(summary: string): string {
  return summary
    .replace(/"(?:[^"\\]|\\.)*"…?/g, HIDDEN_VALUE)
    .replace(/'(?:[^'\\]|\\.)*'…?/g, HIDDEN_VALUE)
    .replace(/\b(the integer|the number|integer|number|got|value) -?\d[\d.e+]*…?/gi, `$1 ${HIDDEN_VALUE}`)
    .replace(/(?<![\w.+])-?\d{4,}(?:\.\d+)?…?/g, HIDDEN_VALUE);
}

/** The diagnostic with its values hidden when its path is sensitive (else unchanged). */
export function withoutSensitiveValues<T extends { summary: string; path?: string }>(diagnostic: T): T {
  if (!diagnostic.path || !isSensitivePath(diagnostic.path)) return diagnostic;
  return { ...diagnostic, summary: hideValues(diagnostic.summary) };
}
