/**
 * Secrets never leave Keycloak through an export: every masked value (Keycloak answers
 * `**********` for client secrets, identity provider secrets, LDAP bind credentials, the SMTP
 * password) becomes an `${env:REALMFORM_<REALM>_<OBJECT>_<FIELD>}` placeholder, and the export
 * lists the variables a later apply needs. Literal strings that a later load would substitute
 * are escaped (`$${…}`, `$$(…)`) so they load back as written. Pure.
 */
import { escapeLiteral } from '../model/index.js';
import { isPlainObject, type Obj } from './minimize.js';

export const MASK = '**********';

const NAME_FIELDS = ['clientId', 'alias', 'username', 'name'] as const;

export function variableName(...parts: readonly string[]): string {
  return ['REALMFORM', ...parts]
    .map((part) =>
      part
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '_')
        .replace(/^_+|_+$/g, ''),
    )
    .filter((part) => part.length > 0)
    .join('_');
}

export interface SecretVariable {
  name: string;
  /** Where in the manifest, e.g. `clients[orders-api].secret`. */
  path: string;
}

/** Replaces masked values with placeholders and escapes variable-like literals, in place. */
export function placeSecrets(manifest: Obj, realm: string): SecretVariable[] {
  const variables = new Map<string, SecretVariable>();
  const placeholder = (object: string, field: string, path: string): string => {
    let name = variableName(realm, object, field);
    for (let n = 2; variables.has(name) && variables.get(name)?.path !== path; n++)
      name = variableName(realm, object, field, String(n));
    variables.set(name, { name, path });
    return `\${env:${name}}`;
  };
  const walk = (value: unknown, object: string, field: string, path: string): unknown => {
    if (value === MASK) return placeholder(object, field, path);
    if (typeof value === 'string') return escapeLiteral(value);
    if (Array.isArray(value))
      return value.map((item, index) => walk(item, object, field, `${path}[${index}]`));
    if (!isPlainObject(value)) return value;
    const isMap = field === 'config' || field === 'attributes';
    const named = NAME_FIELDS.map((key) => value[key]).find((key) => typeof key === 'string') as
      | string
      | undefined;
    const owner = isMap ? object : (named ?? object);
    for (const [key, inner] of Object.entries(value)) {
      const innerPath = path ? `${path}.${key}` : key;
      value[key] = walk(inner, path === '' && key === 'smtpServer' ? 'smtp' : owner, key, innerPath);
    }
    return value;
  };
  walk(manifest, '', '', '');
  return [...variables.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** A credential entry for a user whose password cannot be exported. */
export function passwordPlaceholder(
  realm: string,
  username: string,
): { entry: Obj; variable: SecretVariable } {
  const name = variableName(realm, username, 'password');
  return {
    entry: { type: 'password', value: `\${env:${name}}`, temporary: false },
    variable: { name, path: `users[${username}].credentials` },
  };
}
