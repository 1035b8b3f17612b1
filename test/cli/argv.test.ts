import { describe, expect, it } from 'vitest';
import { normalizeArgv } from '../../src/cli/argv.js';

describe('normalizeArgv (Terraform spellings)', () => {
  it('reads a single dash before a long option as two', () => {
    expect(
      normalizeArgv(['plan', 'realms/', '-out', 'plan.json', '-detailed-exitcode', '-no-color']),
    ).toEqual(['plan', 'realms/', '--out', 'plan.json', '--detailed-exitcode', '--no-color']);
    expect(normalizeArgv(['apply', '-auto-approve', '-lock-timeout=5m', '-json', 'plan.json'])).toEqual([
      'apply',
      '--auto-approve',
      '--lock-timeout=5m',
      '--json',
      'plan.json',
    ]);
  });

  it('keeps values attached with = as they are, including dashes and spaces', () => {
    expect(normalizeArgv(['plan', '-target=client["web-app"]', '-out=my plan.json'])).toEqual([
      'plan',
      '--target=client["web-app"]',
      '--out=my plan.json',
    ]);
  });

  it('maps -lock=false to --no-lock and drops -lock=true', () => {
    expect(normalizeArgv(['apply', '-lock=false', 'realms/'])).toEqual(['apply', '--no-lock', 'realms/']);
    expect(normalizeArgv(['apply', '-lock=true', 'realms/'])).toEqual(['apply', 'realms/']);
  });

  it('leaves short options, double-dash options, paths, negative numbers and everything after -- alone', () => {
    const args = ['-V', '-h', '--out', 'x.json', './realms', '-1', '--', '-out'];
    expect(normalizeArgv(args)).toEqual(args);
  });
});
