/**
 * `npm run build:binary`: realmform as one executable file for this machine's platform (built
 * and tested on linux-x64), with Node's single executable applications (SEA):
 * 1. esbuild bundles the CLI and its dependencies into one CommonJS file (SEA runs one CJS script);
 * 2. `node --experimental-sea-config` turns it into a preparation blob;
 * 3. postject injects the blob into a copy of the node binary that runs this script.
 * Output: build/realmform-<platform>-<arch>. Needs no Node where it runs.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'build');
const WORK = join(OUT, 'sea');
const BINARY = join(OUT, `realmform-${process.platform}-${process.arch}`);
/** The fuse Node's SEA support looks for (documented in Node's single-executable-applications page). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export async function buildBinary(): Promise<string> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const bundle = join(WORK, 'realmform.cjs');
  await build({
    entryPoints: [join(ROOT, 'src/cli/main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Docker support for the throwaway Keycloak is optional (loaded on demand): not in the binary.
    external: ['testcontainers'],
    // CommonJS has no import.meta: the one use (the demo's examples path) gets the binary's URL.
    define: { 'import.meta.url': '__realmformModuleUrl' },
    banner: { js: 'var __realmformModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    logLevel: 'warning',
  });

  const blob = join(WORK, 'sea-prep.blob');
  const config = join(WORK, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false }),
  );
  run(process.execPath, ['--experimental-sea-config', config]);

  rmSync(BINARY, { force: true });
  copyFileSync(process.execPath, BINARY);
  chmodSync(BINARY, 0o755);
  const postject = createRequire(import.meta.url).resolve('postject/dist/cli.js');
  run(process.execPath, [postject, BINARY, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
  return BINARY;
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`,
    );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const started = Date.now();
  const binary = await buildBinary();
  console.log(`Built ${binary} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
