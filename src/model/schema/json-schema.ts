import * as z from 'zod';
import { SSL_REQUIRED_VALUES, VALUE_SETS } from '../checks.js';
import { deprecationOf, describeField, suggestionsOf } from './descriptions.js';
import { definitions } from './primitives.js';
import { realmDocumentSchema } from './realm.js';

type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema (draft 2020-12) of a manifest document, for editors (`# yaml-language-server: $schema=…`).
 * It describes what may be written (the input side): booleans and numbers given as strings, which the
 * loader coerces, are reported by editors even though realmform accepts them. Every field carries a
 * description (descriptions.ts); deprecated fields are marked and not offered; fields with an open
 * set of values suggest the usual ones.
 */
export function manifestJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(realmDocumentSchema, {
    io: 'input',
    metadata: definitions,
    cycles: 'ref',
  }) as JsonSchema;
  annotateObject(schema, 'Realm');
  const defs = (schema.$defs ?? {}) as Record<string, JsonSchema>;
  for (const [name, definition] of Object.entries(defs)) annotateObject(definition, name);
  // Value sets the loader checks itself (checks.ts), with its own messages: editors list them too.
  setEnum(schema, 'sslRequired', SSL_REQUIRED_VALUES);
  for (const { collection, field, values } of VALUE_SETS) {
    const definition = defs[DEFINITION_OF[collection] ?? ''];
    if (definition && !field.includes('.')) setEnum(definition, field, values);
  }
  return {
    ...schema,
    title: 'realmform realm manifest',
    description:
      'A Keycloak realm as realmform manages it: Keycloak’s realm representation (the realm export format), in YAML or JSON.',
  };
}

/** The `$defs` entry of the objects of a realm collection. */
const DEFINITION_OF: Readonly<Record<string, string>> = {
  authenticationFlows: 'AuthenticationFlow',
  clients: 'Client',
  clientScopes: 'ClientScope',
  identityProviders: 'IdentityProvider',
};

function setEnum(object: JsonSchema, field: string, values: readonly string[]): void {
  const property = (object.properties as Record<string, JsonSchema> | undefined)?.[field];
  if (!property) return;
  property.enum = [...values];
  delete property.examples;
}

/** Adds descriptions (and deprecation, suggestions) to the properties of an object schema, recursively. */
function annotateObject(node: JsonSchema, object: string): void {
  const properties = node.properties as Record<string, JsonSchema> | undefined;
  for (const [field, property] of Object.entries(properties ?? {})) {
    const description = describeField(object, field);
    if (description) property.description = description;
    const deprecation = deprecationOf(object, field);
    if (deprecation) {
      property.deprecated = true;
      property.description = `Deprecated: ${deprecation} ${description ?? ''}`.trim();
      // yaml-language-server shows this message and leaves the key out of completion.
      property.deprecationMessage = `Deprecated: ${deprecation}`;
      property.doNotSuggest = true;
    }
    const suggestions = suggestionsOf(object, field);
    if (suggestions) property.examples = [...suggestions];
    annotateValue(property, `${object}.${field}`);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
    for (const branch of (node[key] as JsonSchema[] | undefined) ?? []) annotateValue(branch, object);
}

/** Anonymous objects inside a property (no `$ref`), named by their path: `Realm.roles`, `UserProfile.attributes[]`. */
function annotateValue(node: JsonSchema, object: string): void {
  if (node.$ref) return;
  if (node.type === 'array' && node.items && typeof node.items === 'object') {
    annotateValue(node.items as JsonSchema, `${object}[]`);
    return;
  }
  if (node.properties) annotateObject(node, object);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
    for (const branch of (node[key] as JsonSchema[] | undefined) ?? []) annotateValue(branch, object);
}
