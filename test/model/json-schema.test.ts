import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/model/index.js';
import { manifestJsonSchema } from '../../src/model/schema/json-schema.js';

type Node = Record<string, unknown>;

/** Every property of every object in the schema, with where it is (root and `$defs`, nested objects too). */
function properties(schema: Node): { where: string; node: Node }[] {
  const out: { where: string; node: Node }[] = [];
  const visit = (node: unknown, where: string): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) visit(item, `${where}[${i}]`);
      return;
    }
    const record = node as Node;
    for (const [name, property] of Object.entries((record.properties as Node | undefined) ?? {})) {
      out.push({ where: `${where}.${name}`, node: property as Node });
      visit(property, `${where}.${name}`);
    }
    for (const key of ['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf'])
      if (key in record) visit(record[key], `${where}(${key})`);
  };
  visit({ ...schema, $defs: undefined }, '#');
  for (const [name, definition] of Object.entries((schema.$defs as Node | undefined) ?? {}))
    visit(definition, `#/$defs/${name}`);
  return out;
}

describe('the JSON Schema teaches', () => {
  const schema = manifestJsonSchema();
  const all = properties(schema);
  const at = (path: string) => all.find((entry) => entry.where === path)?.node;

  it('has a description for every field, at every depth', () => {
    expect(all.length).toBeGreaterThan(450);
    const missing = all.filter(
      ({ node }) => typeof node.description !== 'string' || node.description.length < 8,
    );
    expect(missing.map(({ where }) => where)).toEqual([]);
  });

  it('lists the values Keycloak accepts where the set is fixed', () => {
    expect(at('#.sslRequired')?.enum).toEqual(['none', 'external', 'all']);
    expect(at('#.otpPolicyType')?.enum).toEqual(['totp', 'hotp']);
    expect(at('#/$defs/AuthenticationExecution.requirement')?.enum).toEqual([
      'REQUIRED',
      'CONDITIONAL',
      'ALTERNATIVE',
      'DISABLED',
    ]);
    expect(at('#/$defs/AuthenticationFlow.providerId')?.enum).toContain('basic-flow');
    expect(at('#.webAuthnPolicyUserVerificationRequirement')?.examples).toContain('required');
  });

  it('marks deprecated keys and keeps them out of completion', () => {
    for (const path of [
      '#.defaultRoles',
      '#/$defs/Client.directGrantsOnly',
      '#/$defs/Client.defaultRoles',
      '#/$defs/Role.scopeParamRequired',
      '#/$defs/AuthenticationExecution.autheticatorFlow',
    ]) {
      const node = at(path);
      expect(node?.deprecated, path).toBe(true);
      expect(node?.doNotSuggest, path).toBe(true);
      expect(String(node?.description), path).toMatch(/^Deprecated: /);
    }
    expect(at('#.defaultRole')?.deprecated).toBeUndefined();
  });

  it('the loader accepts the enums in any case and writes Keycloak’s spelling', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'realmform-schema-')), 'realm.yaml');
    writeFileSync(file, 'realm: x\nsslRequired: EXTERNAL\notpPolicyAlgorithm: hmacsha256\n');
    const { realms, diagnostics } = await loadManifests([file]);
    expect(diagnostics).toEqual([]);
    expect(realms[0]?.representation.sslRequired).toBe('external');
    expect(realms[0]?.representation.otpPolicyAlgorithm).toBe('HmacSHA256');
  });
});
