import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderClientDoc } from '../../scripts/client-docs.js';
import {
  loadSeed,
  type PythonClass,
  parseExceptions,
  parseSeed,
  repoRoot,
} from '../../scripts/python-surface.js';
import * as client from '../../src/client/index.js';

const seed = loadSeed();
// The reference lives in the steering repo's shared/ folder next to the clone; CI always has it.
const describeSeed = seed || process.env.CI === 'true' ? describe : describe.skip;

function instanceOf(pythonClass: PythonClass): object {
  const token = { access_token: 'x.y.z', expires_in: 60, token_type: 'Bearer' };
  switch (pythonClass) {
    case 'ConnectionManager':
      return new client.ConnectionManager({ baseUrl: 'http://127.0.0.1:9' });
    case 'KeycloakAdmin':
      return new client.KeycloakAdmin({ serverUrl: 'http://127.0.0.1:9', token });
    case 'KeycloakOpenID':
      return new client.KeycloakOpenID({ serverUrl: 'http://127.0.0.1:9', realmName: 'r', clientId: 'c' });
  }
}

describeSeed('python-keycloak surface', () => {
  const text = seed ?? '';
  const members = parseSeed(text);

  it('finds the three classes and their members in the reference', () => {
    expect(members.filter((m) => m.pythonClass === 'KeycloakAdmin').length).toBeGreaterThan(180);
    expect(members.filter((m) => m.pythonClass === 'KeycloakOpenID').length).toBeGreaterThan(15);
    expect(members.filter((m) => m.pythonClass === 'ConnectionManager').length).toBeGreaterThan(8);
  });

  it('has a TypeScript counterpart for every public python-keycloak member', () => {
    const missing = members
      .filter((member) => {
        const instance = instanceOf(member.pythonClass) as Record<string, unknown>;
        if (!(member.typescript in instance)) return true;
        return member.kind === 'method' && typeof instance[member.typescript] !== 'function';
      })
      .map((member) => `${member.pythonClass}.${member.python} → ${member.typescript}`);
    expect(missing).toEqual([]);
  });

  it('exports every exception class with python-keycloak’s hierarchy', () => {
    const names = parseExceptions(text);
    expect(names).toHaveLength(13);
    const exported = client as unknown as Record<string, unknown>;
    for (const name of names) {
      const errorClass = exported[name] as (new (message: string) => Error) | undefined;
      expect(errorClass, name).toBeTypeOf('function');
      const error = new (errorClass as new (message: string) => Error)('x');
      expect(error).toBeInstanceOf(client.KeycloakError);
      expect(error.name).toBe(name);
    }
    expect(new client.KeycloakGetError('x')).toBeInstanceOf(client.KeycloakOperationError);
    expect(new client.KeycloakRPTNotFound('x')).not.toBeInstanceOf(client.KeycloakOperationError);
  });

  it('calls every KeycloakAdmin and KeycloakOpenID method in the real-server tests', () => {
    const dir = join(repoRoot, 'test', 'client');
    const testText = readdirSync(dir)
      .filter((file) => file.endsWith('.it.test.ts') || (file.endsWith('.ts') && !file.endsWith('.test.ts')))
      .map((file) => readFileSync(join(dir, file), 'utf8'))
      .join('\n');
    const uncalled = members
      .filter((member) => member.kind === 'method' && member.pythonClass !== 'ConnectionManager')
      .filter((member) => !new RegExp(`\\.${member.typescript}\\(`).test(testText))
      .map((member) => `${member.pythonClass}.${member.typescript}`);
    expect(uncalled).toEqual([]);
  });

  it('keeps docs/client.md in step with the reference (npm run docs:client)', () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'client.md'), 'utf8');
    expect(doc).toBe(renderClientDoc(text));
  });
});
