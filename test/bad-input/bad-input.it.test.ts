/**
 * The bad-input corpus (cases.ts) through `validate`, `plan` and `apply --auto-approve`, as users
 * run them, against one converged realm (the example realm). Every case must end with a non-zero
 * exit, a line naming file and line (and the path, where the mistake has one), no stack trace,
 * and the realm byte-identical (partial export + users) to before. The table (tried / clear error
 * / server changed) is printed and written to .cache/bad-input/table.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import { runCli } from '../cli/run-cli.js';
import { describeWithKeycloak, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { type BadInputCase, badInputCases, baseText, type Category } from './cases.js';
import { type CapturedRun, runInProcess } from './in-process-cli.js';

/** Categories whose mistake sits in no value (the file as a whole): file and line suffice. */
const NO_PATH: ReadonlySet<Category> = new Set(['syntax', 'encoding', 'empty-binary-huge', 'yaml-bomb']);

const FILE_LINE = /^\S[^\n]*\.(ya?ml|json):\d+: [Ee]rror: \S/m;
const STACK = /\n\s+at \S.*:\d+:\d+\)?|This looks like a bug|UNCAUGHT/;

interface Row {
  testCase: BadInputCase;
  clear: boolean;
  changed: boolean;
  problems: string[];
  /** The first lines a user saw, for a case that was not clear. */
  seen?: string;
}

/**
 * Secrets planted through the example's variables (and one the corpus writes as a number): none
 * may appear in any output of any case, whatever went wrong.
 */
const PLANTED = {
  CORPORATE_IDP_SECRET: 'planted-idp-secret-4e8c1d',
  ORDERS_API_SECRET: 'planted-client-secret-9b27f0',
  SHOP_DEMO_PASSWORD: 'Planted-password-3a61c5',
} as const;
const PLANTED_VALUES = [...Object.values(PLANTED), '8800555353'];

/** Outputs searched for the planted secrets, and the ones that held one. */
const secretsSearch = { outputs: 0, leaks: [] as string[] };

function searchSecrets(run: CapturedRun, where: string): void {
  secretsSearch.outputs++;
  const text = output(run);
  for (const secret of [...PLANTED_VALUES, serverInfo().password])
    if (text.includes(secret)) secretsSearch.leaks.push(`${where}: ${secret.slice(0, 6)}…`);
}

/** What the realm looks like to a user: its partial export and its users, ids included. */
async function snapshot(admin: KeycloakAdmin): Promise<string> {
  const exported = await admin.exportRealm({ exportClients: true, exportGroupsAndRoles: true });
  const users = await admin.getUsers({ max: 1000 });
  return JSON.stringify({ exported, users });
}

function output(run: CapturedRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

/** Why a run is not a clear error (none: it is). */
function unclear(run: CapturedRun, testCase: BadInputCase, mustFail: boolean): string[] {
  const text = output(run);
  const problems: string[] = [];
  if (run.code === 0 && mustFail) problems.push('exit 0');
  if (run.code === 0) return problems;
  if (STACK.test(text)) problems.push('stack trace');
  const lines = text.split('\n').filter((line) => FILE_LINE.test(line));
  // A file with nothing in it has no line to name: the file itself is named.
  const fileNamed =
    NO_PATH.has(testCase.category) && /^\S[^\n]*\.(ya?ml|json): (error|warning): \S/m.test(text);
  if (lines.length === 0 && !fileNamed) problems.push('no line naming file and line');
  else if (
    !NO_PATH.has(testCase.category) &&
    !testCase.pathless &&
    !lines.some((line) => / \(at \S/.test(line))
  )
    problems.push('no path');
  return problems;
}

describeWithKeycloak('bad-input corpus', () => {
  const realm = randomName('bad-input');
  const dir = mkdtempSync(join(tmpdir(), 'realmform-bad-input-'));
  const admin = masterAdmin();
  const realmAdmin = masterAdmin(realm);
  const env = () => ({
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
    REALMFORM_BAD_INPUT_UNSET_VARIABLE: undefined,
    REALMFORM_BAD_INPUT_UNSET_SECRET: undefined,
    ...PLANTED,
  });
  const basePath = join(dir, 'base', 'realm.yaml');
  let before = '';

  const converge = async () => {
    const applied = await runInProcess(['apply', basePath, '--auto-approve'], env());
    expect(applied.code, output(applied)).toBe(0);
  };

  beforeAll(async () => {
    mkdirSync(join(dir, 'base'));
    writeFileSync(basePath, baseText(realm));
    await converge();
    const plan = await runInProcess(['plan', basePath, '--detailed-exitcode'], env());
    expect(plan.code, output(plan)).toBe(0);
    before = await snapshot(realmAdmin);
  }, 180_000);

  afterAll(async () => {
    await admin.deleteRealm(realm).catch(() => undefined);
    await admin.close();
    await realmAdmin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases = badInputCases(realm);
  const written = (testCase: BadInputCase, index: number): string[] => {
    const caseDir = join(dir, `case-${String(index).padStart(3, '0')}`);
    mkdirSync(caseDir, { recursive: true });
    return Object.entries(testCase.files)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, content]) => {
        const path = join(caseDir, name);
        writeFileSync(path, content);
        return path;
      });
  };

  it(`has at least 150 cases over every category (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    const categories = new Set(cases.map((testCase) => testCase.category));
    expect(categories.size).toBe(14);
  });

  it('every case fails with one clear line and leaves the realm unchanged', async () => {
    const rows: Row[] = [];
    for (const [index, testCase] of cases.entries()) {
      const files = written(testCase, index);
      const problems: string[] = [];
      const validate = await runInProcess(['validate', ...files], env());
      // A mistake only the server can see may validate; anything validate reports must be clear.
      const validateProblems = unclear(validate, testCase, testCase.stage === 'validate');
      problems.push(...validateProblems.map((problem) => `validate: ${problem}`));
      const plan = await runInProcess(['plan', ...files], env());
      problems.push(
        ...unclear(plan, testCase, testCase.stage !== 'apply').map((problem) => `plan: ${problem}`),
      );
      const apply = await runInProcess(['apply', ...files, '--auto-approve'], env());
      problems.push(...unclear(apply, testCase, true).map((problem) => `apply: ${problem}`));
      for (const [command, run] of [
        ['validate', validate],
        ['plan', plan],
        ['apply', apply],
      ] as const)
        searchSecrets(run, `${testCase.name} (${command})`);
      const after = await snapshot(realmAdmin);
      const changed = after !== before;
      if (changed) {
        problems.push('server changed');
        await converge();
        before = await snapshot(realmAdmin);
      }
      rows.push({
        testCase,
        clear: problems.every((problem) => problem === 'server changed'),
        changed,
        problems,
      });
    }
    const table = `${renderTable(rows)}
| secrets: outputs searched | leaks |
|---|---|
| ${secretsSearch.outputs} | ${secretsSearch.leaks.length} |
${secretsSearch.leaks.map((leak) => `- leak: ${leak}`).join('\n')}
`;
    console.log(table);
    const out = resolve(import.meta.dirname, '../../.cache/bad-input');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'table.md'), table);
    const failing = rows
      .filter((row) => row.problems.length > 0)
      .map((row) => `${row.testCase.category} / ${row.testCase.name}: ${row.problems.join(', ')}`);
    expect(failing).toEqual([]);
    expect(secretsSearch.leaks).toEqual([]);
  }, 900_000);

  it('the CLI in its own process says the same as the in-process runs', async () => {
    const picked = ['unclosed flow sequence', 'unknown IdP providerId', 'group realmRoles: unknown role'];
    for (const name of picked) {
      const testCase = cases.find((candidate) => candidate.name === name);
      if (!testCase) throw new Error(`no case ${name}`);
      const files = written(testCase, 900 + picked.indexOf(name));
      const inProcess = await runInProcess(['plan', ...files], env());
      const child = await runCli(['plan', ...files], env());
      expect(child.code).toBe(inProcess.code);
      const errorLines = (text: string) => text.split('\n').filter((line) => FILE_LINE.test(line));
      expect(errorLines(`${child.stdout}\n${child.stderr}`)).toEqual(errorLines(output(inProcess)));
    }
  }, 180_000);
});

function renderTable(rows: readonly Row[]): string {
  const byCategory = new Map<string, Row[]>();
  for (const row of rows)
    byCategory.set(row.testCase.category, [...(byCategory.get(row.testCase.category) ?? []), row]);
  const line = (name: string, list: readonly Row[]) =>
    `| ${name} | ${list.length} | ${list.filter((row) => row.clear).length} | ${list.filter((row) => row.changed).length} |`;
  const out = ['| category | tried | clear error | server changed |', '|---|---|---|---|'];
  for (const [category, list] of byCategory) out.push(line(category, list));
  out.push(line('**total**', rows));
  const failing = rows.filter((row) => row.problems.length > 0);
  if (failing.length > 0) {
    out.push('', 'Not clear or changed the server:');
    for (const row of failing)
      out.push(`- ${row.testCase.category} / ${row.testCase.name}: ${row.problems.join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
