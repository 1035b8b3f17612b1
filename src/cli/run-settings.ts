/**
 * The settings of this run: keycloak-config-cli's names from the `--keycloak.*=` arguments that
 * main() took off the command line, the environment and config trees. Notes about settings without
 * effect are printed once per run.
 */
import { relaxedEnvNames } from '../model/index.js';
import { type KccSettings, type RealmformFlags, resolveKccSettings } from './kcc-settings.js';
import { type CommandLineProperty, canonicalName, readConfigTrees } from './spring-properties.js';

let commandLine: ReadonlyMap<string, CommandLineProperty> = new Map();
const printed = new Set<string>();
const trees = new Map<string, Map<string, string>>();

/** main() hands over the `--keycloak.url=…`-style arguments it took off the command line. */
export function useCommandLineProperties(properties: ReadonlyMap<string, CommandLineProperty>): void {
  commandLine = properties;
}

function configTree(env: NodeJS.ProcessEnv): Map<string, string> {
  const spec = commandLine.get('spring.config.import')?.value ?? env.SPRING_CONFIG_IMPORT ?? '';
  let tree = trees.get(spec);
  if (!tree) {
    tree = readConfigTrees(spec);
    trees.set(spec, tree);
  }
  return tree;
}

/** The settings under `scope` (all without), with realmform's flags taking part. */
export function runSettings(
  scope?: 'keycloak' | 'import',
  flags?: RealmformFlags,
  env: NodeJS.ProcessEnv = process.env,
): KccSettings {
  const settings = resolveKccSettings({
    ...(scope ? { scope } : {}),
    ...(flags ? { flags } : {}),
    env,
    args: commandLine,
    configTree: configTree(env),
  });
  for (const note of settings.notes) {
    if (printed.has(note)) continue;
    printed.add(note);
    console.error(`Note: ${note}`);
  }
  return settings;
}

/**
 * Spring properties for `$(name)` in files, in Spring's order: command-line arguments, the
 * environment (relaxed names), config trees.
 */
export function springProperties(env: NodeJS.ProcessEnv = process.env): (name: string) => string | undefined {
  const tree = configTree(env);
  return (name) => {
    const key = canonicalName(name);
    const argument = commandLine.get(key)?.value;
    if (argument !== undefined) return argument;
    for (const candidate of relaxedEnvNames(name)) if (env[candidate] !== undefined) return env[candidate];
    return tree.get(key);
  };
}
