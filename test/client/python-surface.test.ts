import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderClientDoc } from '../../scripts/client-docs.js';
import { loadScenarioCoverage, NOT_APPLICABLE } from '../../scripts/python-scenarios.js';
import {
  compareSurface,
  loadSurfaceFixture,
  pythonMembers,
  repoRoot,
  type SurfaceReport,
} from '../../scripts/python-surface.js';
import * as client from '../../src/client/index.js';

const fixture = loadSurfaceFixture();
let report: SurfaceReport;

describe('python-keycloak surface (test/fixtures/python-keycloak-surface.json)', () => {
  beforeAll(async () => {
    // Reading the declarations compiles src/client: seconds, and more on a busy machine.
    const { readTypeScriptSurface } = await import('../../scripts/python-surface.js');
    report = compareSurface(fixture, readTypeScriptSurface());
  }, 180_000);

  it('reads python-keycloak 7.x from the fixture', () => {
    expect(fixture.version).toMatch(/^7\./);
    const members = pythonMembers(fixture);
    const count = (name: string) => members.filter((m) => m.pythonClass === name).length;
    // 7.1.1: 236 admin methods plus the constructor, `connection` and PAGE_SIZE.
    expect(count('KeycloakAdmin')).toBeGreaterThan(230);
    expect(count('KeycloakUMA')).toBeGreaterThan(10);
    expect(count('KeycloakOpenIDConnection')).toBeGreaterThan(15);
    expect(fixture.exports).toContain('KeycloakUMA');
  });

  it('has a counterpart for every public class, method, property and parameter', () => {
    expect(report.problems).toEqual([]);
    expect(report.counts.membersMissing).toBe(0);
    expect(report.counts.paramsMissing).toBe(0);
  });

  it('exports the exception classes with python-keycloak’s hierarchy', () => {
    const exported = client as unknown as Record<string, unknown>;
    const exceptions = fixture.classes.filter((cls) => cls.module === 'keycloak.exceptions');
    expect(exceptions.length).toBeGreaterThanOrEqual(15);
    for (const cls of exceptions) {
      const errorClass = exported[cls.name] as (new (message: string) => Error) | undefined;
      expect(errorClass, cls.name).toBeTypeOf('function');
      const parent = cls.bases[0] === 'Exception' ? Error : (exported[cls.bases[0] ?? ''] as typeof Error);
      expect(Object.getPrototypeOf(errorClass), `${cls.name} extends ${cls.bases[0]}`).toBe(parent);
      const error = new (errorClass as new (message: string) => Error)('x');
      expect(error.name).toBe(cls.name);
      expect(error instanceof client.KeycloakError).toBe(cls.name !== 'PermissionDefinitionError');
    }
    expect(new client.KeycloakRPTNotFound('x')).toBeInstanceOf(client.KeycloakOperationError);
    expect(new client.KeycloakPermissionFormatError('x')).toBeInstanceOf(client.KeycloakOperationError);
  });

  it('openid/test_counter_part, admin/test_counter_part, uma/test_counter_part: every call is awaitable', () => {
    // python pairs each method with an `a_` twin of the same signature; here every method that
    // talks to the server is the promise-returning one (or an async iterator).
    const notAwaitable: string[] = [];
    for (const cls of report.classes) {
      for (const member of cls.members) {
        if (!member.member.hasAsyncTwin || member.member.kind === 'property' || !member.ts) continue;
        // No I/O in python either: string formatting and the current-realm setting stay synchronous.
        if (['format_url', 'get_current_realm', 'change_current_realm'].includes(member.member.python))
          continue;
        const returns = member.ts.signatures.map((signature) => signature.returns);
        if (!returns.every((type) => /^(Promise|AsyncGenerator)</.test(type))) {
          notAwaitable.push(`${member.member.pythonClass}.${member.member.python}: ${returns.join(' | ')}`);
        }
      }
    }
    expect(notAwaitable).toEqual([]);
  });

  it('calls every method of the four clients in the real-server tests', () => {
    const dir = join(repoRoot, 'test', 'client');
    const testText = readdirSync(dir)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('python-surface.test.ts'))
      .map((file) => readFileSync(join(dir, file), 'utf8'))
      .join('\n');
    const uncalled = pythonMembers(fixture)
      .filter((member) =>
        ['KeycloakAdmin', 'KeycloakOpenID', 'KeycloakUMA', 'KeycloakOpenIDConnection'].includes(
          member.pythonClass,
        ),
      )
      .filter((member) => member.kind === 'method' || member.kind === 'staticmethod')
      .filter((member) => !new RegExp(`\\.${member.typescript}\\(`).test(testText))
      .map((member) => `${member.pythonClass}.${member.typescript}`);
    expect(uncalled).toEqual([]);
  });

  it('keeps docs/client.md in step with the code (npm run docs:client)', () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'client.md'), 'utf8');
    expect(doc).toBe(renderClientDoc(report, loadScenarioCoverage()));
  });
});

describe('python-keycloak test scenarios (test/fixtures/python-keycloak-scenarios.json)', () => {
  const coverage = loadScenarioCoverage();

  it('gives every scenario a counterpart or a reason why it has none', () => {
    const uncovered = coverage.scenarios
      .filter((scenario) => !coverage.counterparts.has(scenario.id) && !NOT_APPLICABLE[scenario.id])
      .map((scenario) => scenario.id);
    expect(uncovered).toEqual([]);
  });

  it('lists as not applicable only scenarios that exist and have no counterpart', () => {
    const ids = new Set(coverage.scenarios.map((scenario) => scenario.id));
    for (const id of Object.keys(NOT_APPLICABLE)) {
      expect(ids.has(id), id).toBe(true);
      expect(coverage.counterparts.has(id), id).toBe(false);
    }
  });

  it('names only scenarios that exist in test titles', () => {
    const ids = new Set(coverage.scenarios.map((scenario) => scenario.id));
    expect([...coverage.counterparts.keys()].filter((id) => !ids.has(id))).toEqual([]);
  });
});
