/**
 * The CI examples and the GitHub Action are what users copy: every `realmform …` line in them
 * must be a command and options realmform knows (after Terraform spellings are normalized), and
 * the GitLab apply job must apply the plan its pipeline saved, not plan again.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { normalizeArgv } from '../../src/cli/argv.js';
import { buildProgram } from '../../src/cli/program.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FILES = [
  '.github/actions/realmform/action.yml',
  'examples/ci/github/realmform-plan-apply.yml',
  'examples/ci/github/realmform-drift.yml',
  'examples/ci/gitlab/.gitlab-ci.yml',
];

/** Every string in a YAML document (run:, script:, …), split into lines. */
function scriptLines(value: unknown): string[] {
  if (typeof value === 'string') return value.split('\n');
  if (Array.isArray(value)) return value.flatMap(scriptLines);
  if (value && typeof value === 'object') return Object.values(value).flatMap(scriptLines);
  return [];
}

/** `realmform plan $MANIFESTS --out x > y || …` → ['plan', '--out', 'x'] (shell words up to an operator). */
function realmformInvocations(lines: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const line of lines) {
    for (const match of line.matchAll(/(?:^\s*|[;&|(]\s*|\bthen\s+|\belse\s+)realmform\s+([^;&|<>)]*)/g)) {
      const words = (match[1] ?? '').trim().split(/\s+/).filter(Boolean);
      if (words.length) out.push(words);
    }
  }
  return out;
}

function knownOptions(command: Command): Set<string> {
  const names = new Set<string>(['--help', '-h']);
  for (const option of command.options) {
    if (option.long) names.add(option.long);
    if (option.short) names.add(option.short);
  }
  return names;
}

describe('CI examples and the GitHub Action', () => {
  const program = buildProgram();
  for (const file of FILES) {
    it(`${file} runs only commands and options realmform knows`, () => {
      const document = parse(readFileSync(join(ROOT, file), 'utf8')) as unknown;
      const invocations = realmformInvocations(scriptLines(document));
      // The GitHub examples leave the commands to the action.
      if (!file.startsWith('examples/ci/github/')) expect(invocations.length).toBeGreaterThan(3);
      for (const words of invocations) {
        const [name, ...rest] = normalizeArgv(words);
        if (name === '--version') continue;
        const command = program.commands.find((candidate) => candidate.name() === name);
        expect(command, `${file}: realmform ${words.join(' ')}`).toBeDefined();
        const options = knownOptions(command as Command);
        for (const word of rest.filter((w) => w.startsWith('-')))
          expect(
            options.has(word.split('=')[0] as string),
            `${file}: ${word} in realmform ${words.join(' ')}`,
          ).toBe(true);
      }
    });
  }

  it('GitLab applies the plan saved in the same pipeline', () => {
    const pipeline = parse(readFileSync(join(ROOT, 'examples/ci/gitlab/.gitlab-ci.yml'), 'utf8')) as Record<
      string,
      { script?: string | string[]; needs?: string[]; artifacts?: { paths?: string[] } }
    >;
    const apply = [pipeline.apply?.script ?? []].flat().join('\n');
    expect(apply).toMatch(/realmform apply plan\.json/);
    expect(apply).not.toMatch(/realmform apply realms/);
    expect(pipeline.apply?.needs).toEqual(['plan']);
    expect(pipeline.plan?.artifacts?.paths).toContain('plan.json');
  });

  it('the GitHub examples use the action, which posts the markdown plan', () => {
    const action = readFileSync(join(ROOT, '.github/actions/realmform/action.yml'), 'utf8');
    expect(action).toContain('--format markdown');
    expect(action).toMatch(/gh api --method (POST|PATCH)/);
    for (const file of FILES.filter((name) => name.startsWith('examples/ci/github/')))
      expect(readFileSync(join(ROOT, file), 'utf8')).toContain('/.github/actions/realmform@');
  });

  it('the drift jobs pass no secret of the manifests (drift writes none, so needs none)', () => {
    const github = parse(readFileSync(join(ROOT, 'examples/ci/github/realmform-drift.yml'), 'utf8')) as {
      env?: Record<string, string>;
      jobs: Record<string, { env?: Record<string, string>; steps: { env?: Record<string, string> }[] }>;
    };
    const gitlab = parse(readFileSync(join(ROOT, 'examples/ci/gitlab/.gitlab-ci.yml'), 'utf8')) as Record<
      string,
      { variables?: Record<string, string> }
    >;
    const names = [
      ...Object.keys(github.env ?? {}),
      ...Object.values(github.jobs).flatMap((job) => [
        ...Object.keys(job.env ?? {}),
        ...job.steps.flatMap((step) => Object.keys(step.env ?? {})),
      ]),
      ...Object.keys(gitlab.drift?.variables ?? {}),
    ];
    // Only the connection: what the manifests reference with ${env:...} is not passed.
    for (const name of names) expect(name).toMatch(/^KEYCLOAK_/);
  });
});
