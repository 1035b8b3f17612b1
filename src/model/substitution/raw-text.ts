/**
 * The two places where substitution meets raw text: JSON files with variables outside strings
 * (keycloak-config-cli substitutes before parsing), and literal strings that must survive a later
 * substitution (export).
 */
import { DEFAULT_SUBSTITUTION, REALMFORM_SYNTAX, type SubstitutionSettings, syntaxesOf } from './settings.js';

/** End (exclusive) of the variable opened at `start`, on the same line, or -1. */
function variableEnd(text: string, start: number, prefix: string, suffix: string): number {
  let depth = 0;
  let j = start + prefix.length;
  while (j < text.length && text[j] !== '\n') {
    if (text.startsWith(prefix, j)) {
      depth++;
      j += prefix.length;
    } else if (text.startsWith(suffix, j)) {
      if (depth === 0) return j + suffix.length;
      depth--;
      j += suffix.length;
    } else j++;
  }
  return -1;
}

/**
 * keycloak-config-cli substitutes variables in the raw text, so its JSON files may hold a variable
 * outside quotes (`"verifyEmail": $(sys:VERIFY),`), which is not JSON. For JSON-style files (first
 * character `{` or `[`), such bare variables are quoted before parsing; the schema then coerces the
 * value to the field's type. Lines stay where they were.
 */
export function quoteBareVariables(
  text: string,
  settings: SubstitutionSettings = DEFAULT_SUBSTITUTION,
): string {
  if (!settings.enabled || !/^\s*[{[]/.test(text)) return text;
  const syntaxes = syntaxesOf(settings);
  if (!syntaxes.some((syntax) => text.includes(syntax.prefix))) return text;
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const syntax = syntaxes.find((candidate) => text.startsWith(candidate.prefix, i));
    const end = syntax ? variableEnd(text, i, syntax.prefix, syntax.suffix) : -1;
    if (end > 0) {
      out += JSON.stringify(text.slice(i, end));
      i = end - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * A string that substitutes back to `text` (with the default settings): a `$` goes before every
 * keycloak-config-cli prefix, and before every realmform `${` that starts `${name:` or follows a `$`.
 * Keycloak's own `${role_x}` keys stay as they are.
 */
export function escapeLiteral(text: string): string {
  const kcc = DEFAULT_SUBSTITUTION.prefix;
  const realmform = REALMFORM_SYNTAX.prefix;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith(kcc, i)) out += '$';
    else if (text.startsWith(realmform, i)) {
      // Any `${name:…}`, known lookup or not: it loads back without a warning either way.
      if (text[i - 1] === '$' || /^[A-Za-z][\w.-]*:/.test(text.slice(i + realmform.length))) out += '$';
    }
    out += text[i];
  }
  return out;
}
