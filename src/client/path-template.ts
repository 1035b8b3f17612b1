import type { KeycloakErrorClass } from './errors.js';

export type PathParams = Readonly<Record<string, string | number | undefined | null>>;

/**
 * Expands `/admin/realms/{realm}/users/{id}`. Every value is URI-encoded; a missing value is a
 * caller bug, reported as a typed error before anything is sent (never `/users/undefined`).
 * `{name+}` takes a `/`-separated path: each segment is encoded, the slashes are kept (Keycloak
 * 24 answers 404 to `group-by-path/%2Fa%2Fb` for an existing group).
 */
export function expandPath(
  template: string,
  params: PathParams,
  errorClass: KeycloakErrorClass,
  method: string,
): string {
  return template.replace(/\{(\w+)(\+?)\}/g, (_, name: string, segments: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') {
      throw new errorClass(`Missing required argument '${name}'`, { method, path: template });
    }
    return segments
      ? String(value).split('/').map(encodeURIComponent).join('/')
      : encodeURIComponent(String(value));
  });
}

export type QueryValue =
  | string
  | number
  | boolean
  | undefined
  | null
  | readonly (string | number | boolean)[];
export type Query = Readonly<Record<string, QueryValue>>;

export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
