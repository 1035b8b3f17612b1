/**
 * python-keycloak's own test scenarios (test/fixtures/python-keycloak-scenarios.json, names
 * extracted from its repository at the release tag) and where realmform's counterparts are.
 *
 * A counterpart is a test whose title names the scenario as `<suite>/<test name>`, e.g.
 * `it('admin/test_realms: …')`, where the suite is the python file without `test_keycloak_`
 * (admin, openid, uma, authorization). Scenarios without a counterpart must be listed in
 * NOT_APPLICABLE with the reason; the coverage test fails on any other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './python-surface.js';

export const SCENARIOS_PATH = join(repoRoot, 'test', 'fixtures', 'python-keycloak-scenarios.json');

interface ScenarioFixture {
  package: string;
  version: string;
  files: { file: string; tests: { name: string; asyncTwinOf?: string }[] }[];
}

export interface Scenario {
  /** `admin/test_realms`. */
  id: string;
  file: string;
  name: string;
}

export interface ScenarioCoverage {
  version: string;
  scenarios: Scenario[];
  /** python's `test_a_*` twins of sync scenarios: TypeScript has one (async) method per call. */
  asyncTwins: number;
  /** Scenario id → test files with a counterpart. */
  counterparts: Map<string, string[]>;
}

/** Scenarios that have no TypeScript counterpart, and why. */
export const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  'admin/test_keycloak_version':
    "checks the python package's `__version__` attribute; realmform's version is its package.json",
};

export function suiteOf(file: string): string {
  return file
    .replace(/^tests\//, '')
    .replace(/\.py$/, '')
    .replace(/^test_keycloak_/, '')
    .replace(/^test_/, '');
}

export function loadScenarioCoverage(testDir = join(repoRoot, 'test', 'client')): ScenarioCoverage {
  const fixture = JSON.parse(readFileSync(SCENARIOS_PATH, 'utf8')) as ScenarioFixture;
  const scenarios: Scenario[] = [];
  let asyncTwins = 0;
  for (const file of fixture.files) {
    for (const test of file.tests) {
      if (test.asyncTwinOf) {
        asyncTwins++;
        continue;
      }
      scenarios.push({ id: `${suiteOf(file.file)}/${test.name}`, file: file.file, name: test.name });
    }
  }
  const counterparts = new Map<string, string[]>();
  for (const name of readdirSync(testDir).filter((file) => file.endsWith('.ts'))) {
    const text = readFileSync(join(testDir, name), 'utf8');
    for (const title of testTitles(text)) {
      for (const match of title.matchAll(/\b(\w+)\/(test_\w+)/g)) {
        const id = `${match[1]}/${match[2]}`;
        const files = counterparts.get(id) ?? [];
        if (!files.includes(name)) files.push(name);
        counterparts.set(id, files);
      }
    }
  }
  return { version: fixture.version, scenarios, asyncTwins, counterparts };
}

/** Titles of `it`/`test`/`describe` calls (string literals only). */
function testTitles(source: string): string[] {
  const titles: string[] = [];
  for (const match of source.matchAll(
    /\b(?:it|test|describe)(?:\.\w+(?:\((?:[^()]|\([^()]*\))*\))?)*\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gs,
  )) {
    titles.push(match[2] ?? '');
  }
  return titles;
}
