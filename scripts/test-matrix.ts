/**
 * `npm run test:matrix`: the integration suite and the demo on every supported Keycloak release,
 * one after the other (each run starts its own throwaway server of that version), then
 * docs/compatibility.md from the results: the version table (src/server/versions.ts) as measured
 * by test/server/versions.it.test.ts, and pass/fail counts per version.
 *
 *   npm run test:matrix                      every release of TESTED_RELEASES
 *   npm run test:matrix -- 24.0.5 26.7.3     only these
 *   npm run test:matrix -- --docs-only       rewrite the page from the last results (.cache/matrix)
 *
 * Results are kept per version in .cache/matrix/<version>.json, so a partial rerun keeps the others.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  FEATURES,
  type Feature,
  type FeatureSpec,
  hasFeature,
  parseKeycloakVersion,
  TESTED_RELEASES,
} from '../src/server/versions.js';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS = join(ROOT, '.cache', 'matrix');
const PAGE = join(ROOT, 'docs', 'compatibility.md');

interface VersionResult {
  version: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Failed test names, for the page. */
  failures: string[];
  /** Per feature row: did the probe test (test/server/versions.it.test.ts) pass on this version? */
  probes: Partial<Record<Feature, 'passed' | 'failed' | 'skipped'>>;
  demo: { converged: boolean; exitCode: number; seconds: number };
  suiteSeconds: number;
  measuredAt: string;
  /** What was run, to repeat the row: `npm run test:matrix -- 26.4.7`. */
  command?: string;
  /** The commit the row measured (`+changes` when the work tree had uncommitted changes). */
  commit?: string;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; assertionResults: { title: string; fullName: string; status: string }[] }[];
}

async function main(args: string[]): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  if (!args.includes('--docs-only')) {
    const versions = args.filter((arg) => !arg.startsWith('--'));
    for (const version of versions.length > 0 ? versions : [...TESTED_RELEASES]) {
      const result = await runVersion(version);
      writeFileSync(join(RESULTS, `${version}.json`), `${JSON.stringify(result, null, 2)}\n`);
      console.log(
        `[matrix] ${version}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped ` +
          `(${result.suiteSeconds} s); demo ${result.demo.converged ? 'converged' : 'did NOT converge'}`,
      );
    }
  }
  const results = readResults();
  writeFileSync(PAGE, renderPage(results));
  console.log(`[matrix] wrote ${PAGE}`);
  if (results.some((result) => result.failed > 0 || !result.demo.converged)) process.exitCode = 1;
}

async function runVersion(version: string): Promise<VersionResult> {
  // Read before the run: the code measured is the code at its start.
  const commit = currentCommit();
  const env: NodeJS.ProcessEnv = { ...process.env, REALMFORM_KEYCLOAK_VERSION: version, NO_COLOR: '1' };
  // A server of the version under test, never an external one.
  delete env.KEYCLOAK_URL;
  const report = join(RESULTS, `${version}.vitest.json`);
  console.log(`[matrix] ${version}: integration suite …`);
  const suite = await run(
    'npx',
    [
      'vitest',
      'run',
      '--project',
      'integration',
      '--reporter=dot',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    env,
    join(RESULTS, `${version}.suite.log`),
  );
  const parsed = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as VitestReport) : undefined;
  console.log(`[matrix] ${version}: demo …`);
  const demo = await run(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'demo'],
    env,
    join(RESULTS, `${version}.demo.log`),
  );
  const tests = parsed?.testResults.flatMap((file) => file.assertionResults) ?? [];
  return {
    version,
    passed: parsed?.numPassedTests ?? 0,
    failed: parsed ? parsed.numFailedTests : 1,
    skipped: parsed ? parsed.numPendingTests + parsed.numTodoTests : 0,
    failures: tests.filter((test) => test.status === 'failed').map((test) => test.fullName),
    probes: probeResults(tests),
    demo: { converged: demoConverged(demo.output, demo.code), exitCode: demo.code, seconds: demo.seconds },
    suiteSeconds: suite.seconds,
    measuredAt: new Date().toISOString(),
    command: `npm run test:matrix -- ${version}`,
    commit,
  };
}

/** The checked-out commit, marked when tracked files differ from it (undefined outside git). */
function currentCommit(): string | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    const changed = git('status', '--porcelain', '--untracked-files=no') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${changed ? '+changes' : ''}`;
  } catch {
    return undefined;
  }
}

/** The probe tests are named `feature <row>: …` (several rows: `features a, b, c: …`). */
function probeResults(tests: { title: string; status: string }[]): VersionResult['probes'] {
  const probes: VersionResult['probes'] = {};
  for (const test of tests) {
    const match = /^features? ([\w, ]+):/.exec(test.title);
    if (!match) continue;
    for (const name of (match[1] ?? '').split(',').map((part) => part.trim())) {
      if (!(name in FEATURES)) continue;
      probes[name as Feature] =
        test.status === 'passed' ? 'passed' : test.status === 'failed' ? 'failed' : 'skipped';
    }
  }
  return probes;
}

/** Every realm's second plan says "No changes." and the demo exited 0. */
function demoConverged(output: string, code: number): boolean {
  const plans = output.split('$ realmform apply').length - 1;
  const clean = (output.match(/No changes\./g) ?? []).length;
  return code === 0 && plans > 0 && clean >= plans;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<{ code: number; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Written as it comes, so a long run can be followed (tail -f) while it lasts.
    const log = createWriteStream(logFile);
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk;
      log.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', fail);
    child.on('close', (code) => {
      log.end();
      done({ code: code ?? 1, output, seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}

/** `\`organizationsEnabled\`, \`adminPermissionsEnabled\``: the settings that turn a feature on. */
function realmSwitches(): string {
  const specs: FeatureSpec[] = Object.values(FEATURES);
  return specs.flatMap((spec) => (spec.realmSwitch ? [`\`${spec.realmSwitch}\``] : [])).join(', ');
}

/** `13 min 23 s`. */
function minutes(seconds: number): string {
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function readResults(): VersionResult[] {
  return [...TESTED_RELEASES]
    .map((version) => join(RESULTS, `${version}.json`))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as VersionResult);
}

function renderPage(results: VersionResult[]): string {
  const versions = [...TESTED_RELEASES];
  const byVersion = new Map(results.map((result) => [result.version, result]));
  const lines = [
    '# Keycloak compatibility',
    '',
    '<!-- Generated by `npm run test:matrix` (scripts/test-matrix.ts); do not edit by hand. -->',
    '',
    'realmform supports every Keycloak release line from 24.0 to the newest 26.x it was tested with.',
    'An older server is refused before anything is read or written (one line, exit 1); a manifest',
    "that uses something the server's version lacks is a plan error naming the version and the",
    `feature. A realm switch declared \`false\` (${realmSwitches()})`,
    'asks for nothing: it is accepted on every version (where the version lacks the feature, the',
    'plan is the one without it). The table below is src/server/versions.ts evaluated per release;',
    'a cell is marked "(measured)" when test/server/versions.it.test.ts checked it against that',
    'real server and "(DIFFERS)" when the server disagreed with the table.',
    '',
    '## Features by version',
    '',
    `| feature | ${versions.join(' | ')} |`,
    `|---|${versions.map(() => '---').join('|')}|`,
  ];
  for (const [name, spec] of Object.entries(FEATURES) as [Feature, (typeof FEATURES)[Feature]][]) {
    const cells = versions.map((version) => {
      const parsed = parseKeycloakVersion(version);
      const has = parsed ? hasFeature(parsed, name) : false;
      const probe = byVersion.get(version)?.probes[name];
      const mark = probe === 'passed' ? ' (measured)' : probe === 'failed' ? ' (DIFFERS)' : '';
      return `${has ? 'yes' : 'no'}${mark}`;
    });
    lines.push(`| ${spec.label} (\`${name}\`) | ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    '## Integration suite and demo by version',
    '',
    '`REALMFORM_KEYCLOAK_VERSION=<version> npx vitest run --project integration` and',
    '`REALMFORM_KEYCLOAK_VERSION=<version> node --import tsx src/cli/main.ts demo`, one version at a',
    'time, each against its own throwaway server (wall time on the machine that ran the matrix).',
    'Each row is its own run (its command, kept in .cache/matrix/<version>.json); the page merges the',
    'latest run of every version, so rows may come from different commits (each names its own).',
    '',
    '| Keycloak | passed | failed | skipped | suite wall time | demo converges in one apply | measured (UTC) | commit | command |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const version of versions) {
    const result = byVersion.get(version);
    if (!result) {
      lines.push(`| ${version} | – | – | – | – | not run | – | – | – |`);
      continue;
    }
    lines.push(
      `| ${version} | ${result.passed} | ${result.failed} | ${result.skipped} | ${minutes(result.suiteSeconds)} | ${result.demo.converged ? 'yes' : 'no'} | ${result.measuredAt.slice(0, 16).replace('T', ' ')} | ${result.commit ?? '–'} | \`${result.command ?? `npm run test:matrix -- ${version}`}\` |`,
    );
  }
  const failing = results.filter((result) => result.failures.length > 0);
  if (failing.length > 0) {
    lines.push('', '## Failures', '');
    for (const result of failing) {
      lines.push(`- ${result.version}:`);
      for (const failure of result.failures) lines.push(`  - ${failure}`);
    }
  }
  lines.push(
    '',
    'Skipped tests, on every version: the keycloak-config-cli corpus cases realmform deliberately',
    'does not support or whose requirement the server lacks (test/corpus/corpus-cases.ts, each with',
    'its reason), the long fault tests (`npm run test:faults`), the every-kind export test and the',
    'fine-grained admin permissions v2 tests before 26.2. On older versions also the tests of a',
    'feature the version lacks (organizations before 26.0, …): the same manifests are plan errors',
    'there, tested in test/server/feature-plans.it.test.ts.',
    '',
  );
  return lines.join('\n');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
