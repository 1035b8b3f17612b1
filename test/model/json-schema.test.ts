import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { manifestJsonSchema } from '../../src/model/index.js';

describe('manifestJsonSchema', () => {
  const schema = manifestJsonSchema();

  it('is a draft 2020-12 object schema with named definitions', () => {
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['realm'],
      additionalProperties: false,
    });
    expect(Object.keys(schema.$defs as object)).toEqual(
      expect.arrayContaining(['Client', 'Group', 'Role', 'User', 'AuthenticationFlow', 'Component']),
    );
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('validates a sample and rejects a typo (read back with zod)', () => {
    const validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    const sample = {
      realm: 'shop',
      enabled: true,
      clients: [
        {
          clientId: 'web',
          redirectUris: ['https://shop/*'],
          protocolMappers: [{ name: 'm', config: { a: 'b' } }],
        },
      ],
      groups: [{ name: 'ops', subGroups: [{ name: 'oncall', attributes: { level: ['1'] } }] }],
      components: { 'org.keycloak.keys.KeyProvider': [{ name: 'rsa', config: { priority: ['100'] } }] },
    };
    expect(validator.safeParse(sample).success).toBe(true);
    const typo = validator.safeParse({ realm: 'shop', groups: [{ name: 'ops', subGroups: [{ nam: 'x' }] }] });
    expect(typo.success).toBe(false);
  });
});
