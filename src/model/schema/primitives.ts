import * as z from 'zod';
import { unknownKeyMessage } from '../hint.js';

/** Names the shared definitions in the exported JSON Schema (`$defs`), kept apart from zod's global registry. */
export const definitions = z.registry<{ id: string; description?: string }>();

/**
 * Keycloak reads representations with Jackson, which accepts `"true"`/`"false"` for booleans and
 * numeric strings for numbers. We accept the same, which is also how a whole-scalar variable
 * (`enabled: ${env:ENABLED}`) becomes a boolean where the field wants one.
 */
export const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

export const int = z.preprocess(
  (v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
  z.number().int(),
);

export const str = z.string();

/**
 * One of a fixed set of values Keycloak knows, matched without regard to case (Keycloak parses
 * these case-insensitively) and written in Keycloak's own spelling, so they compare equal to
 * what it returns.
 */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (v) =>
      typeof v === 'string' ? (values.find((value) => value.toLowerCase() === v.toLowerCase()) ?? v) : v,
    z.enum(values),
  );
}
export const strings = z.array(z.string());

/**
 * A value Keycloak stores in a 255-character column (names, descriptions, URLs of clients, roles,
 * groups, client scopes, mappers): a longer one fails with a bare HTTP 500 (measured on 26.7),
 * after the steps before it were applied. Checked here, before anything is sent.
 */
export const column = z.string().max(255);
export const columns = z.array(column);

/** Free-form maps hold strings, but YAML turns `port: 587` into a number; Jackson coerces, so do we. */
const scalarString = z.preprocess(
  (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v),
  z.string(),
);

/** `Map<String, String>`: attributes of realms and clients, `config` of mappers, smtpServer … */
export const stringMap = z.record(z.string(), scalarString);

/** `Map<String, List<String>>` (user/group/role attributes, component config); a lone value means a list of one. */
export const multiMap = z.record(
  z.string(),
  z.preprocess((v) => (v !== null && typeof v !== 'object' ? [v] : v), z.array(scalarString)),
);

/** Free JSON (client policy configuration, authorization schema): Keycloak keeps it as a JSON node. */
export const json = z.record(z.string(), z.unknown());

/**
 * A known Keycloak object: unknown keys are errors, with a "did you mean" hint. The hint lines are
 * joined into the issue message and split again per key by `validate.ts`.
 */
export function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => unknownKeyMessage(key, known)).join('\n')
        : undefined,
  });
}
