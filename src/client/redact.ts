/**
 * Keeps secrets out of errors, logs and plans. Anything whose key looks like a credential is
 * replaced; bearer tokens, JWTs, form secrets and credentials in URLs (`user:password@`) inside
 * free text are masked.
 */
export const REDACTED = '<redacted>';

const SENSITIVE_KEY =
  /^(password|passwd|secret|client_secret|clientsecret|secretdata|credentialdata|value|access_token|refresh_token|id_token|token|bindcredential|authorization|assertion|subject_token|code|totp|otp)$/i;

const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
/** `scheme://user:password@host` or `scheme://token@host`: the userinfo part of a URL. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]+@/gi;
const FORM_SECRET =
  /\b(password|client_secret|refresh_token|access_token|subject_token|code|totp)=([^&\s]+)/gi;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key.replace(/[-_]/g, '').toLowerCase()) || SENSITIVE_KEY.test(key);
}

export function redactText(text: string): string {
  return text
    .replace(URL_USERINFO, '$1')
    .replace(JWT, REDACTED)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(FORM_SECRET, `$1=${REDACTED}`);
}

/** Deep copy with sensitive keys masked; strings are scanned for tokens. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 20) return value;
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        isSensitiveKey(key) && inner !== null && inner !== '' ? REDACTED : redactValue(inner, depth + 1);
    }
    return out;
  }
  return value;
}

/** A URL without its userinfo (`https://user:password@sso` → `https://sso`), for messages. */
export function withoutCredentials(url: string): string {
  return url.replace(URL_USERINFO, '$1');
}
