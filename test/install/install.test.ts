/**
 * realmform installs the ways the README says: `npm pack` → `npm install --global` into a
 * temporary prefix, and the single executable of `npm run build:binary`. Each is run outside the
 * clone (`--version`, `validate` on the examples). Both take a minute or more (a TypeScript
 * build, dependencies from the registry, a 100 MB binary), so they run in CI (CI=true) and
 * locally on request (REALMFORM_TEST_INSTALL=1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBinary } from '../../scripts/build-binary.js';
import { VERSION } from '../../src/version.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLES = join(ROOT, 'examples/realms');
const wanted = process.env.CI === 'true' || process.env.REALMFORM_TEST_INSTALL === '1';

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.runIf(wanted)('installing realmform', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-install-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }), 120_000);

  it('npm pack yields a package that installs globally and works outside the clone', () => {
    const packed = run('npm', ['pack', '--pack-destination', dir, '--json'], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info?.files.map((file) => file.path) ?? [];
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('examples/realms/shop.yaml');
    expect(files.filter((file) => file.startsWith('test/') || file.startsWith('src/'))).toEqual([]);

    const prefix = join(dir, 'prefix');
    const tarball = join(dir, info?.filename ?? '');
    // Optional dependencies (testcontainers, for a Docker-run Keycloak) are not needed to run.
    const installed = run(
      'npm',
      ['install', '--global', '--prefix', prefix, '--omit=optional', '--no-audit', '--no-fund', tarball],
      dir,
    );
    expect(installed.code, installed.stderr).toBe(0);

    const bin = join(prefix, 'bin', 'realmform');
    const version = run(bin, ['--version'], dir);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);
    const validated = run(bin, ['validate', EXAMPLES], dir);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stdout).toContain('realm manifest(s) valid: shop');
    const typo = run(bin, ['plan', '-ot', 'x', EXAMPLES], dir);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('(Did you mean --out?)');
  }, 600_000);

  it('npm run build:binary yields one executable that runs by itself', async () => {
    const binary = await buildBinary();
    expect(statSync(binary).mode & 0o111).not.toBe(0);
    // No node on the PATH: the binary carries its own runtime.
    const bare = (args: string[]) =>
      spawnSync(binary, args, { cwd: dir, encoding: 'utf8', env: { PATH: '/nonexistent', NO_COLOR: '1' } });
    const version = bare(['--version']);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);
    const validated = bare(['validate', EXAMPLES]);
    expect(validated.status, validated.stderr).toBe(0);
    expect(validated.stdout).toContain('realm manifest(s) valid: shop');
    expect(validated.stderr).not.toContain('ExperimentalWarning');
    const bad = bare(['validate', join(ROOT, 'test/cli/fixtures/does-not-exist.yaml')]);
    expect(bad.status).toBe(1);
    expect(readdirSync(join(ROOT, 'build'))).toContain(`realmform-${process.platform}-${process.arch}`);
  }, 300_000);
});
