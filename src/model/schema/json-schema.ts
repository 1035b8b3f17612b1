import * as z from 'zod';
import { definitions } from './primitives.js';
import { realmDocumentSchema } from './realm.js';

/**
 * JSON Schema (draft 2020-12) of a manifest document, for editors (`# yaml-language-server: $schema=…`).
 * It describes what may be written (the input side): booleans and numbers given as strings, which the
 * loader coerces, are reported by editors even though realmform accepts them.
 */
export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(realmDocumentSchema, { io: 'input', metadata: definitions, cycles: 'ref' });
  return {
    ...schema,
    title: 'realmform realm manifest',
    description: 'A Keycloak RealmRepresentation (realm export format), as realmform reads it.',
  };
}
